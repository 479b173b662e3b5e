import {
  formatIpv4Address,
  IPV4_BITS,
  type Ipv4Address,
  ipv4Netmask,
  isIpv4Address,
  parseIpv4Address,
} from "./ipv4.js";
import { formatIpv6Address, IPV6_BITS, type Ipv6Address, isIpv6Address, parseIpv6Address } from "./ipv6.js";

export type IpFamily = 4 | 6;
export type IpAddress = Ipv4Address | Ipv6Address;
export type Cidr = Ipv4Cidr | Ipv6Cidr;

/**
 * An IPv4 block. Immutable by contract (instances are not frozen, to keep construction cheap).
 * The constructor zeroes host bits; code that must know whether input had host bits set goes
 * through `parseIpv4Cidr`, which reports it.
 *
 * Methods that take another CIDR or an address accept either family and answer `false` across
 * families, so code holding a `Cidr` union (route destinations, rule sources) needs no dispatch.
 */
export class Ipv4Cidr {
  readonly family = 4 as const;
  readonly network: Ipv4Address;
  readonly prefixLength: number;
  /** The highest address in the block (the broadcast address, in AWS's words). */
  readonly last: Ipv4Address;
  #text: string | undefined;

  constructor(address: Ipv4Address, prefixLength: number) {
    if (!isIpv4Address(address)) throw new RangeError(`not an IPv4 address: ${address}`);
    if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > IPV4_BITS) {
      throw new RangeError(`IPv4 prefix length out of range: ${prefixLength}`);
    }
    const mask = ipv4Netmask(prefixLength);
    this.network = (address & mask) >>> 0;
    this.prefixLength = prefixLength;
    this.last = (this.network | ~mask) >>> 0;
  }

  get first(): Ipv4Address {
    return this.network;
  }

  /** Number of addresses; a number because 2^32 is exact in a double. */
  get size(): number {
    return 2 ** (IPV4_BITS - this.prefixLength);
  }

  contains(address: IpAddress): boolean {
    return typeof address === "number" && address >= this.network && address <= this.last;
  }

  containsCidr(other: Cidr): boolean {
    return other.family === 4 && other.network >= this.network && other.last <= this.last;
  }

  overlaps(other: Cidr): boolean {
    return other.family === 4 && other.network <= this.last && this.network <= other.last;
  }

  equals(other: Cidr): boolean {
    return other.family === 4 && other.network === this.network && other.prefixLength === this.prefixLength;
  }

  /** The blocks of length `newPrefix` that partition this one, in address order. Lazy. */
  *subnets(newPrefix: number): Generator<Ipv4Cidr, void, undefined> {
    if (!Number.isInteger(newPrefix) || newPrefix < this.prefixLength || newPrefix > IPV4_BITS) {
      throw new RangeError(`cannot split /${this.prefixLength} into /${newPrefix}`);
    }
    const step = 2 ** (IPV4_BITS - newPrefix);
    for (let address = this.network; address <= this.last; address += step) {
      yield new Ipv4Cidr(address, newPrefix);
    }
  }

  /** The address at offset `index` from the network address (0 is the network address). */
  nthAddress(index: number): Ipv4Address {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`index ${index} outside ${this.toString()}`);
    }
    return this.network + index;
  }

  toString(): string {
    if (this.#text === undefined) this.#text = `${formatIpv4Address(this.network)}/${this.prefixLength}`;
    return this.#text;
  }

  /** Serialises as its canonical text (a bigint field would make JSON.stringify throw). */
  toJSON(): string {
    return this.toString();
  }
}

/** An IPv6 block; the same contract as `Ipv4Cidr`, with bigint addresses. */
export class Ipv6Cidr {
  readonly family = 6 as const;
  readonly network: Ipv6Address;
  readonly prefixLength: number;
  readonly last: Ipv6Address;
  #text: string | undefined;

  constructor(address: Ipv6Address, prefixLength: number) {
    if (!isIpv6Address(address)) throw new RangeError(`not an IPv6 address: ${address}`);
    if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > IPV6_BITS) {
      throw new RangeError(`IPv6 prefix length out of range: ${prefixLength}`);
    }
    const hostMask = (1n << BigInt(IPV6_BITS - prefixLength)) - 1n;
    this.network = address & ~hostMask;
    this.prefixLength = prefixLength;
    this.last = this.network | hostMask;
  }

  get first(): Ipv6Address {
    return this.network;
  }

  /** Number of addresses; always a bigint (even a /120 is), so callers never branch on the type. */
  get size(): bigint {
    return 1n << BigInt(IPV6_BITS - this.prefixLength);
  }

  contains(address: IpAddress): boolean {
    return typeof address === "bigint" && address >= this.network && address <= this.last;
  }

  containsCidr(other: Cidr): boolean {
    return other.family === 6 && other.network >= this.network && other.last <= this.last;
  }

  overlaps(other: Cidr): boolean {
    return other.family === 6 && other.network <= this.last && this.network <= other.last;
  }

  equals(other: Cidr): boolean {
    return other.family === 6 && other.network === this.network && other.prefixLength === this.prefixLength;
  }

  *subnets(newPrefix: number): Generator<Ipv6Cidr, void, undefined> {
    if (!Number.isInteger(newPrefix) || newPrefix < this.prefixLength || newPrefix > IPV6_BITS) {
      throw new RangeError(`cannot split /${this.prefixLength} into /${newPrefix}`);
    }
    const step = 1n << BigInt(IPV6_BITS - newPrefix);
    for (let address = this.network; address <= this.last; address += step) {
      yield new Ipv6Cidr(address, newPrefix);
    }
  }

  nthAddress(index: bigint | number): Ipv6Address {
    const offset = BigInt(index);
    if (offset < 0n || offset >= this.size) throw new RangeError(`index ${index} outside ${this.toString()}`);
    return this.network + offset;
  }

  toString(): string {
    if (this.#text === undefined) this.#text = `${formatIpv6Address(this.network)}/${this.prefixLength}`;
    return this.#text;
  }

  /** Serialises as its canonical text (a bigint field would make JSON.stringify throw). */
  toJSON(): string {
    return this.toString();
  }
}

/**
 * Why a CIDR did not parse, checked in this order:
 * - `syntax`: not `<address>/<decimal>`: no slash, or a prefix that is empty, signed, has a
 *   leading zero or a non-digit (so "/016", "/-1", "/16 " are syntax errors);
 * - `address`: the part before the slash is not a strict address of the family;
 * - `prefix-out-of-range`: a well-formed decimal prefix above 32 (IPv4) or 128 (IPv6).
 */
export type CidrParseFailureReason = "syntax" | "address" | "prefix-out-of-range";

export type CidrParseResult<C extends Cidr = Cidr> =
  | {
      readonly ok: true;
      /** The canonical block: host bits zeroed. */
      readonly cidr: C;
      /** The input had host bits set ("10.0.0.1/16"); AWS rejects, ignores or keeps them depending on the operation. */
      readonly hostBitsSet: boolean;
      readonly input: string;
    }
  | { readonly ok: false; readonly reason: CidrParseFailureReason; readonly input: string };

/** Splits "a/len"; returns the prefix length or the reason it is malformed, and the slash position. */
function splitPrefix(
  text: string,
  maxPrefix: number,
): { slash: number; prefix: number } | CidrParseFailureReason {
  const slash = text.indexOf("/");
  if (slash === -1) return "syntax";
  const digits = text.length - slash - 1;
  if (digits === 0) return "syntax";
  let prefix = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return "syntax";
    prefix = prefix * 10 + (c - 48);
  }
  if (digits > 1 && text.charCodeAt(slash + 1) === 48) return "syntax";
  // Digits beyond three cannot be in range; the cap also keeps `prefix` from losing precision.
  if (digits > 3 || prefix > maxPrefix) return { slash, prefix: -1 };
  return { slash, prefix };
}

export function parseIpv4Cidr(text: string): CidrParseResult<Ipv4Cidr> {
  const split = splitPrefix(text, IPV4_BITS);
  if (typeof split === "string") return { ok: false, reason: split, input: text };
  const address = parseIpv4Address(text.slice(0, split.slash));
  if (address === undefined) return { ok: false, reason: "address", input: text };
  if (split.prefix < 0) return { ok: false, reason: "prefix-out-of-range", input: text };
  const cidr = new Ipv4Cidr(address, split.prefix);
  return { ok: true, cidr, hostBitsSet: cidr.network !== address, input: text };
}

export function parseIpv6Cidr(text: string): CidrParseResult<Ipv6Cidr> {
  const split = splitPrefix(text, IPV6_BITS);
  if (typeof split === "string") return { ok: false, reason: split, input: text };
  const address = parseIpv6Address(text.slice(0, split.slash));
  if (address === undefined) return { ok: false, reason: "address", input: text };
  if (split.prefix < 0) return { ok: false, reason: "prefix-out-of-range", input: text };
  const cidr = new Ipv6Cidr(address, split.prefix);
  return { ok: true, cidr, hostBitsSet: cidr.network !== address, input: text };
}

/** Either family; a colon anywhere means IPv6 (so a malformed IPv6 CIDR reports `address`, not IPv4 errors). */
export function parseCidr(text: string): CidrParseResult {
  return text.includes(":") ? parseIpv6Cidr(text) : parseIpv4Cidr(text);
}

function orThrow<C extends Cidr>(result: CidrParseResult<C>): C {
  if (!result.ok) throw new SyntaxError(`invalid CIDR (${result.reason}): ${JSON.stringify(result.input)}`);
  // A constant with host bits set is almost always a typo ("10.0.1.0/16"), so it fails loudly.
  if (result.hostBitsSet) throw new SyntaxError(`CIDR has host bits set: ${JSON.stringify(result.input)}`);
  return result.cidr;
}

/** Throwing parse for tests and constants: rejects bad syntax AND host bits set. */
export function cidr(text: string): Cidr {
  return orThrow(parseCidr(text));
}

export function ipv4Cidr(text: string): Ipv4Cidr {
  return orThrow(parseIpv4Cidr(text));
}

export function ipv6Cidr(text: string): Ipv6Cidr {
  return orThrow(parseIpv6Cidr(text));
}

/** Total order: IPv4 before IPv6, then by network address, then shorter prefix first. */
export function compareCidrs(a: Cidr, b: Cidr): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.network !== b.network) return a.network < b.network ? -1 : 1;
  return a.prefixLength - b.prefixLength;
}

/** Parses an address of either family (strict forms only). */
export function parseIpAddress(text: string): IpAddress | undefined {
  return text.includes(":") ? parseIpv6Address(text) : parseIpv4Address(text);
}

export function formatIpAddress(address: IpAddress): string {
  return typeof address === "bigint" ? formatIpv6Address(address) : formatIpv4Address(address);
}

/** The /32 or /128 block of one address. */
export function hostCidr(address: IpAddress): Cidr {
  return typeof address === "bigint" ? new Ipv6Cidr(address, IPV6_BITS) : new Ipv4Cidr(address, IPV4_BITS);
}
