/**
 * AWS's addressing rules as small named checks, shared by every operation that needs them (and
 * by snapshot import), so each rule has one source of truth.
 */
import { type Ipv4Cidr, type Ipv6Cidr, ipv4Cidr, parseIpv4Cidr, parseIpv6Cidr } from "../net/index.js";
import {
  InvalidParameterValue,
  InvalidSubnetRange,
  InvalidVpcRange,
  InvalidVpcRangeRestricted,
  MissingParameter,
} from "./errors.js";

export const MIN_BLOCK_PREFIX = 16;
export const MAX_BLOCK_PREFIX = 28;

/**
 * Parses an IPv4 CIDR parameter. AWS rewrites a block with host bits set to its canonical form
 * ("If you create a VPC or subnet using a command line tool or the Amazon EC2 API, the CIDR block is
 * automatically modified to its canonical form", VPC User Guide), so host bits are not an error here.
 */
export function parseIpv4CidrParam(value: string | undefined, wireName: string): Ipv4Cidr {
  if (value === undefined || value === "") throw new MissingParameter(wireName);
  const parsed = parseIpv4Cidr(value);
  if (!parsed.ok) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. This is not a valid CIDR block.`,
    );
  }
  return parsed.cidr;
}

export function parseIpv6CidrParam(value: string, wireName: string): Ipv6Cidr {
  const parsed = parseIpv6Cidr(value);
  if (!parsed.ok) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. This is not a valid IPv6 CIDR block.`,
    );
  }
  return parsed.cidr;
}

/** VPC blocks (primary and secondary) are /16 to /28. */
export function assertVpcBlockSize(block: Ipv4Cidr): void {
  if (block.prefixLength < MIN_BLOCK_PREFIX || block.prefixLength > MAX_BLOCK_PREFIX) {
    throw new InvalidVpcRange(block.toString());
  }
}

/** Subnet blocks are /16 to /28 as well. */
export function assertSubnetBlockSize(block: Ipv4Cidr): void {
  if (block.prefixLength < MIN_BLOCK_PREFIX || block.prefixLength > MAX_BLOCK_PREFIX) {
    throw new InvalidSubnetRange(block.toString());
  }
}

const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(ipv4Cidr);
const BENCHMARK_198_19 = ipv4Cidr("198.19.0.0/16");
const BLOCK_172_31 = ipv4Cidr("172.31.0.0/16");
const BLOCK_10_0_15 = ipv4Cidr("10.0.0.0/15");
const BLOCK_10_0_16 = ipv4Cidr("10.0.0.0/16");

/** Which RFC 1918 block (index) contains `block`, or -1. */
function rfc1918Range(block: Ipv4Cidr): number {
  return RFC1918.findIndex((range) => range.containsCidr(block));
}

/**
 * The "IPv4 CIDR block association restrictions" table of the VPC User Guide: which secondary
 * blocks a VPC may take, depending on the range its primary block is in. Throws
 * `InvalidVpc.Range` with AWS's "is restricted" message.
 */
export function assertSecondaryBlockAllowed(primary: Ipv4Cidr, candidate: Ipv4Cidr): void {
  const fail = (): never => {
    throw new InvalidVpcRangeRestricted(candidate.toString());
  };
  const primaryRange = rfc1918Range(primary);
  const candidateRange = rfc1918Range(candidate);
  const candidateIn198 = BENCHMARK_198_19.overlaps(candidate);
  if (BENCHMARK_198_19.containsCidr(primary)) {
    if (candidateRange !== -1) fail();
    return;
  }
  if (candidateIn198) fail();
  if (primaryRange === -1) {
    // Publicly routable or 100.64.0.0/10 primary: no RFC 1918 secondary blocks.
    if (candidateRange !== -1 || RFC1918.some((r) => r.overlaps(candidate))) fail();
    return;
  }
  if (candidateRange !== -1 && candidateRange !== primaryRange) fail();
  if (candidateRange === -1 && RFC1918.some((r) => r.overlaps(candidate))) fail();
  if (primaryRange === 0 && BLOCK_10_0_15.containsCidr(primary) && BLOCK_10_0_16.overlaps(candidate)) fail();
  if (primaryRange === 1 && BLOCK_172_31.overlaps(candidate)) fail();
}
