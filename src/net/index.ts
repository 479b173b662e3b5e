export { type AddressesInUse, allocateLowestFree } from "./allocator.js";
export {
  type Cidr,
  type CidrParseFailureReason,
  type CidrParseResult,
  cidr,
  compareCidrs,
  formatIpAddress,
  hostCidr,
  type IpAddress,
  type IpFamily,
  Ipv4Cidr,
  Ipv6Cidr,
  ipv4Cidr,
  ipv6Cidr,
  parseCidr,
  parseIpAddress,
  parseIpv4Cidr,
  parseIpv6Cidr,
} from "./cidr.js";
export { type Interval, IntervalSet } from "./interval-set.js";
export {
  formatIpv4Address,
  IPV4_BITS,
  IPV4_MAX,
  type Ipv4Address,
  ipv4,
  ipv4Netmask,
  isIpv4Address,
  parseIpv4Address,
} from "./ipv4.js";
export {
  formatIpv6Address,
  IPV6_BITS,
  IPV6_MAX,
  type Ipv6Address,
  ipv6,
  isIpv6Address,
  parseIpv6Address,
} from "./ipv6.js";
export {
  ALL_PORTS,
  formatPortRange,
  isValidPort,
  isValidPortRange,
  MAX_PORT,
  MIN_PORT,
  type PortRange,
  parsePortRange,
  portRange,
  portRangeContains,
  portRangeCovers,
  portRangesOverlap,
} from "./ports.js";
export {
  AWS_RESERVED_ADDRESSES_PER_SUBNET,
  firstUsableAddress,
  isReservedAddress,
  lastUsableAddress,
  reservedAddresses,
  usableAddressCount,
} from "./reserved.js";
export { IpTrie, Ipv4Trie, Ipv6Trie, type TrieEntry } from "./trie.js";
