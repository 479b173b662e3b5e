/**
 * IPv4 addresses are plain unsigned 32-bit numbers. Every operation that can produce a negative
 * int32 (bitwise ops) is followed by `>>> 0` so that equal addresses are always `===`.
 */

export type Ipv4Address = number;

export const IPV4_BITS = 32;
export const IPV4_MAX: Ipv4Address = 0xffffffff;

const CHAR_0 = 48;
const CHAR_9 = 57;
const CHAR_DOT = 46;

/**
 * Parses the strict dotted-quad form and nothing else: exactly four decimal octets 0–255 without
 * leading zeros, no whitespace. The short, hex and octal forms that `inet_aton` accepts are
 * rejected because AWS rejects them and because "010" is ambiguous (octal 8 or decimal 10).
 */
export function parseIpv4Address(text: string): Ipv4Address | undefined {
  return parseIpv4Range(text, 0, text.length);
}

/** Parses `text[start, end)`; shared with the IPv6 parser for its dotted-quad tail. */
export function parseIpv4Range(text: string, start: number, end: number): Ipv4Address | undefined {
  // Shortest is "0.0.0.0", longest "255.255.255.255".
  if (end - start < 7 || end - start > 15) return undefined;
  let result = 0;
  let octets = 0;
  let i = start;
  while (true) {
    const octetStart = i;
    let value = 0;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c < CHAR_0 || c > CHAR_9) break;
      value = value * 10 + (c - CHAR_0);
      i++;
    }
    const digits = i - octetStart;
    if (digits === 0 || digits > 3 || value > 255) return undefined;
    if (digits > 1 && text.charCodeAt(octetStart) === CHAR_0) return undefined;
    result = result * 256 + value;
    octets++;
    if (octets === 4) return i === end ? result : undefined;
    if (i >= end || text.charCodeAt(i) !== CHAR_DOT) return undefined;
    i++;
  }
}

export function isIpv4Address(value: unknown): value is Ipv4Address {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= IPV4_MAX;
}

export function formatIpv4Address(address: Ipv4Address): string {
  if (!isIpv4Address(address)) throw new RangeError(`not an IPv4 address: ${address}`);
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

/** Throwing parse for tests and constants; request input must go through `parseIpv4Address`. */
export function ipv4(text: string): Ipv4Address {
  const address = parseIpv4Address(text);
  if (address === undefined) throw new SyntaxError(`invalid IPv4 address: ${JSON.stringify(text)}`);
  return address;
}

/**
 * The netmask of a prefix length as an unsigned number. Needed because JavaScript masks shift
 * counts to 5 bits: `-1 << 32` is `-1`, not `0`.
 */
export function ipv4Netmask(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (-1 << (IPV4_BITS - prefixLength)) >>> 0;
}
