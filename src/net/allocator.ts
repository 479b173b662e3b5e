import type { Ipv4Cidr } from "./cidr.js";
import { IntervalSet } from "./interval-set.js";
import type { Ipv4Address } from "./ipv4.js";
import { firstUsableAddress, lastUsableAddress } from "./reserved.js";

/**
 * What is taken in a subnet. An `IntervalSet` answers in O(log n); a Set or predicate is scanned
 * upward from the first usable address and stops at the first free one, so the cost is the
 * number of taken addresses below the answer (at most the number in use), never the subnet size.
 */
export type AddressesInUse = ReadonlySet<Ipv4Address> | IntervalSet | ((address: Ipv4Address) => boolean);

/**
 * The lowest address of `subnet` that AWS does not reserve and that is not in use, or undefined
 * when the subnet is full. Stateless on purpose: the store is the source of truth for what is in use.
 */
export function allocateLowestFree(subnet: Ipv4Cidr, inUse: AddressesInUse): Ipv4Address | undefined {
  const first = firstUsableAddress(subnet);
  const last = lastUsableAddress(subnet);
  if (inUse instanceof IntervalSet) {
    const candidate = inUse.nextAbsent(first);
    return candidate <= last ? candidate : undefined;
  }
  const taken = typeof inUse === "function" ? inUse : (address: Ipv4Address) => inUse.has(address);
  for (let address = first; address <= last; address++) {
    if (!taken(address)) return address;
  }
  return undefined;
}
