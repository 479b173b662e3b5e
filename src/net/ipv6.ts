import { parseIpv4Range } from "./ipv4.js";

/** IPv6 addresses are bigints in [0, 2^128). */
export type Ipv6Address = bigint;

export const IPV6_BITS = 128;
export const IPV6_MAX: Ipv6Address = (1n << 128n) - 1n;

// "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255"; a cheap bound against huge inputs.
const MAX_TEXT_LENGTH = 45;

/**
 * Parses the RFC 4291 §2.2 text forms: eight hex groups of 1–4 digits, at most one `::` standing
 * for one or more zero groups, and an optional dotted-quad tail for the last 32 bits (itself
 * strict, as in `parseIpv4Address`). Case-insensitive. Zone ids (`%eth0`), brackets, prefixes and
 * whitespace are rejected: AWS takes none of them in an address field.
 */
export function parseIpv6Address(text: string): Ipv6Address | undefined {
  if (text.length < 2 || text.length > MAX_TEXT_LENGTH) return undefined;
  const groups: number[] = [];
  const gap = text.indexOf("::");
  if (gap === -1) {
    if (!parseGroups(text, 0, text.length, true, groups) || groups.length !== 8) return undefined;
  } else {
    // A second "::" (which includes ":::") makes the position of the zeros ambiguous.
    if (text.indexOf("::", gap + 1) !== -1) return undefined;
    if (!parseGroups(text, 0, gap, false, groups)) return undefined;
    const headCount = groups.length;
    if (!parseGroups(text, gap + 2, text.length, true, groups)) return undefined;
    const zeros = 8 - groups.length;
    // "::" stands for at least one group.
    if (zeros < 1) return undefined;
    groups.splice(headCount, 0, ...new Array<number>(zeros).fill(0));
  }
  return ipv6FromGroups(groups);
}

/**
 * Appends the groups of `text[start, end)` ("a:b:c", possibly empty) to `out`. The dotted quad is
 * allowed only as the last piece of the whole address, which the caller signals with `allowIpv4`.
 */
function parseGroups(text: string, start: number, end: number, allowIpv4: boolean, out: number[]): boolean {
  if (start === end) return true;
  let i = start;
  while (true) {
    const groupStart = i;
    let value = 0;
    while (i < end) {
      const digit = hexDigit(text.charCodeAt(i));
      if (digit < 0) break;
      value = value * 16 + digit;
      i++;
    }
    if (i < end && text.charCodeAt(i) === 46 /* . */) {
      if (!allowIpv4 || out.length > 6) return false;
      const v4 = parseIpv4Range(text, groupStart, end);
      if (v4 === undefined) return false;
      out.push(v4 >>> 16, v4 & 0xffff);
      return true;
    }
    const digits = i - groupStart;
    if (digits === 0 || digits > 4 || out.length >= 8) return false;
    out.push(value);
    if (i === end) return true;
    if (text.charCodeAt(i) !== 58 /* : */) return false;
    i++;
    // "1:" at the end of a part: an empty last group, which the loop would otherwise never see.
    if (i === end) return false;
  }
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

function ipv6FromGroups(groups: readonly number[]): Ipv6Address {
  const w = (i: number) => ((groups[i]! << 16) | groups[i + 1]!) >>> 0;
  return ipv6FromWords(w(0), w(2), w(4), w(6));
}

export function ipv6FromWords(w0: number, w1: number, w2: number, w3: number): Ipv6Address {
  return (BigInt(w0) << 96n) | (BigInt(w1) << 64n) | (BigInt(w2) << 32n) | BigInt(w3);
}

/** The address as four unsigned 32-bit words, most significant first; bit ops on numbers are far cheaper than on bigints. */
export function ipv6ToWords(address: Ipv6Address): [number, number, number, number] {
  return [
    Number((address >> 96n) & 0xffffffffn),
    Number((address >> 64n) & 0xffffffffn),
    Number((address >> 32n) & 0xffffffffn),
    Number(address & 0xffffffffn),
  ];
}

export function isIpv6Address(value: unknown): value is Ipv6Address {
  return typeof value === "bigint" && value >= 0n && value <= IPV6_MAX;
}

/**
 * RFC 5952 canonical text: lowercase, no leading zeros, the longest run of two or more zero
 * groups compressed to "::" (the first run on ties). IPv4-mapped addresses are printed in hex
 * too ("::ffff:a00:1"), as Python's ipaddress does, so one form exists per address.
 */
export function formatIpv6Address(address: Ipv6Address): string {
  if (!isIpv6Address(address)) throw new RangeError(`not an IPv6 address: ${address}`);
  const words = ipv6ToWords(address);
  const groups: number[] = [];
  for (const w of words) groups.push(w >>> 16, w & 0xffff);
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    groups
      .slice(from, to)
      .map((g) => g.toString(16))
      .join(":");
  if (bestStart < 0) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLength, 8)}`;
}

/** Throwing parse for tests and constants; request input must go through `parseIpv6Address`. */
export function ipv6(text: string): Ipv6Address {
  const address = parseIpv6Address(text);
  if (address === undefined) throw new SyntaxError(`invalid IPv6 address: ${JSON.stringify(text)}`);
  return address;
}
