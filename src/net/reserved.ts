import type { Ipv4Cidr } from "./cidr.js";
import type { Ipv4Address } from "./ipv4.js";

/**
 * AWS reserves five IPv4 addresses in every subnet: the network address, +1 (VPC router),
 * +2 (Amazon-provided DNS), +3 (reserved for future use) and the last (broadcast, unsupported
 * in a VPC). A /24 therefore has 251 usable addresses, a /28 has 11.
 */
export const AWS_RESERVED_ADDRESSES_PER_SUBNET = 5;

/** Offsets of the reserved addresses counted from the start of the subnet. */
const RESERVED_HEAD = 4;

/**
 * The reserved addresses, ascending. AWS subnets are /16–/28, where these are always five
 * distinct addresses; for blocks smaller than /29 the function stays total and returns every
 * address of the block once, which makes `usableAddressCount` 0 rather than negative.
 */
export function reservedAddresses(subnet: Ipv4Cidr): readonly Ipv4Address[] {
  const result: Ipv4Address[] = [];
  for (let offset = 0; offset < RESERVED_HEAD && subnet.network + offset < subnet.last; offset++) {
    result.push(subnet.network + offset);
  }
  result.push(subnet.last);
  return result;
}

export function isReservedAddress(subnet: Ipv4Cidr, address: Ipv4Address): boolean {
  return subnet.contains(address) && (address - subnet.network < RESERVED_HEAD || address === subnet.last);
}

export function usableAddressCount(subnet: Ipv4Cidr): number {
  return subnet.size - reservedAddresses(subnet).length;
}

/** The lowest address AWS can assign in a subnet (network + 4); beyond `lastUsableAddress` when none is usable. */
export function firstUsableAddress(subnet: Ipv4Cidr): Ipv4Address {
  return subnet.network + RESERVED_HEAD;
}

/** The highest address AWS can assign in a subnet (the one before the broadcast address). */
export function lastUsableAddress(subnet: Ipv4Cidr): Ipv4Address {
  return subnet.last - 1;
}
