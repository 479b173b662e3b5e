/**
 * Parsed forms of the CIDR strings stored in records. Stored blocks are canonical and valid (they
 * passed the rules on the way in), and the same strings are checked again and again (every new
 * subnet is compared with its siblings), so their parses are memoised.
 */
import { type Ipv4Cidr, type Ipv6Cidr, parseIpv4Cidr, parseIpv6Cidr } from "../net/index.js";

const MAX_ENTRIES = 200_000;
const ipv4 = new Map<string, Ipv4Cidr>();
const ipv6 = new Map<string, Ipv6Cidr>();

function remember<C>(cache: Map<string, C>, text: string, value: C): C {
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(text, value);
  return value;
}

/** The block of a stored IPv4 CIDR string; throws on a string that no rule could have stored. */
export function storedIpv4Cidr(text: string): Ipv4Cidr {
  const cached = ipv4.get(text);
  if (cached) return cached;
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(`stored IPv4 CIDR is invalid: ${text}`);
  return remember(ipv4, text, parsed.cidr);
}

export function storedIpv6Cidr(text: string): Ipv6Cidr {
  const cached = ipv6.get(text);
  if (cached) return cached;
  const parsed = parseIpv6Cidr(text);
  if (!parsed.ok) throw new Error(`stored IPv6 CIDR is invalid: ${text}`);
  return remember(ipv6, text, parsed.cidr);
}
