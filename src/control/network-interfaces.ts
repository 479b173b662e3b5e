/**
 * Network interfaces: the core every family that places something in a subnet uses (instances,
 * NAT gateways, interface endpoints), and the network-interface operations themselves.
 *
 * Core (this part is the contract other families call):
 * - `allocatePrivateIp` / `assertPrivateIpAvailable`: the subnet's lowest free address, never one
 *   of AWS's five reserved ones, never one in use;
 * - `provisionNetworkInterface` / `removeNetworkInterface`: create and delete an interface record,
 *   keeping Elastic IP records consistent;
 * - `allocatePublicIp`: an address of the region's simulated public pool;
 * - `privateDnsName` / `publicDnsName`: AWS's DNS name formats.
 */

import type {
  InterfaceType,
  NetworkInterface,
  PrivateIpAddress,
  PublicIpAssociation,
} from "../model/compute.js";
import type { Resources } from "../model/kinds.js";
import { REGIONS } from "../model/regions.js";
import type { Subnet, Tag } from "../model/resources.js";
import { allocateLowestFree, formatIpv4Address, isReservedAddress, parseIpv4Address } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { WriteContext } from "./context.js";
import {
  AwsError,
  InsufficientFreeAddressesInSubnet,
  InvalidIPAddressInUse,
  InvalidParameterValue,
} from "./errors.js";
import { storedIpv4Cidr } from "./stored-cidrs.js";

// ---- DNS names ------------------------------------------------------------------------------

/**
 * `ip-10-0-1-5.ec2.internal` in us-east-1, `ip-10-0-1-5.<region>.compute.internal` elsewhere
 * (EC2 User Guide, "Amazon EC2 instance hostname types", IP name).
 */
export function privateDnsName(region: string, address: string): string {
  const host = `ip-${address.replaceAll(".", "-")}`;
  return region === "us-east-1" ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

/**
 * `ec2-203-0-113-25.compute-1.amazonaws.com` in us-east-1,
 * `ec2-203-0-113-25.<region>.compute.amazonaws.com` elsewhere. AWS gives one only when the VPC
 * has DNS hostnames enabled (and DNS support).
 */
export function publicDnsName(region: string, publicIp: string): string {
  const host = `ec2-${publicIp.replaceAll(".", "-")}`;
  return region === "us-east-1"
    ? `${host}.compute-1.amazonaws.com`
    : `${host}.${region}.compute.amazonaws.com`;
}

// ---- private addresses ----------------------------------------------------------------------

/** The private IPv4 addresses held by interfaces of the subnet, as numbers. */
export function addressesInUse(tx: ReadTx<Resources>, scope: Scope, subnetId: string): Set<number> {
  const used = new Set<number>();
  for (const eni of tx.listBy("networkInterface", scope, "subnetId", subnetId)) {
    for (const p of eni.privateIpAddresses) {
      const n = parseIpv4Address(p.address);
      if (n !== undefined) used.add(n);
    }
  }
  return used;
}

/**
 * The lowest free address of the subnet. `taken` lets a caller that allocates several addresses
 * in one transaction (RunInstances with MaxCount > 1) pass the set it keeps up to date.
 */
export function allocatePrivateIp(
  tx: ReadTx<Resources>,
  scope: Scope,
  subnet: Subnet,
  taken: Set<number> = addressesInUse(tx, scope, subnet.id),
): string {
  const address = allocateLowestFree(storedIpv4Cidr(subnet.cidrBlock), taken);
  if (address === undefined) throw new InsufficientFreeAddressesInSubnet(subnet.id);
  taken.add(address);
  return formatIpv4Address(address);
}

/** An explicitly requested private address must be in the subnet, not reserved, not in use. */
export function assertPrivateIpAvailable(
  tx: ReadTx<Resources>,
  scope: Scope,
  subnet: Subnet,
  address: string,
  taken: Set<number> = addressesInUse(tx, scope, subnet.id),
): void {
  const n = parseIpv4Address(address);
  if (n === undefined) {
    throw new InvalidParameterValue(
      `Value (${address}) for parameter privateIpAddress is invalid. This is not a valid IP address.`,
    );
  }
  const block = storedIpv4Cidr(subnet.cidrBlock);
  if (!block.contains(n)) {
    throw new InvalidParameterValue(`Address ${address} does not fall within the subnet's address range`);
  }
  if (isReservedAddress(block, n)) {
    throw new InvalidParameterValue(`Address ${address} is in subnet's reserved address range`);
  }
  if (taken.has(n)) throw new InvalidIPAddressInUse(address);
}

// ---- public addresses -----------------------------------------------------------------------

/**
 * The region's simulated pool of public IPv4 addresses: a /16 per region (54.80.0.0/16 for the
 * first region of the catalogue, 54.81.0.0/16 for the second, …), handed out in order and never
 * reused, so an address is never held by two interfaces and a released one never comes back to
 * another account (as AWS's pool practically behaves).
 */
export function allocatePublicIp(ctx: WriteContext): string {
  const key = `public-ip-pool:${ctx.scope.region}`;
  const next = Number(ctx.tx.getMeta(key) ?? "0");
  // 254 addresses per /24 (.1 to .254: .0 and .255 look wrong to people, even where valid),
  // starting at the block's second /24.
  const offset = ((Math.floor(next / 254) + 1) << 8) | ((next % 254) + 1);
  if (offset > 0xffff) {
    throw new AwsError("InsufficientAddressCapacity", "There are no more public IPv4 addresses available in this region.");
  }
  ctx.tx.setMeta(key, String(next + 1));
  const regionIndex = Math.max(0, REGIONS.findIndex((r) => r.name === ctx.scope.region));
  return `54.${80 + (regionIndex % 176)}.${offset >> 8}.${offset & 0xff}`;
}

// ---- interfaces -----------------------------------------------------------------------------

export interface NewInterface {
  readonly subnet: Subnet;
  readonly description?: string;
  readonly interfaceType?: InterfaceType;
  /** Security groups; validated by the caller (existence, same VPC, at most five). */
  readonly groupIds: readonly string[];
  /** Explicit primary address, checked; otherwise the lowest free one. */
  readonly privateIpAddress?: string;
  /** Explicit secondary addresses, checked. */
  readonly secondaryPrivateIpAddresses?: readonly string[];
  /** Number of further secondary addresses to allocate. */
  readonly secondaryPrivateIpAddressCount?: number;
  readonly sourceDestCheck?: boolean;
  readonly requesterManaged?: boolean;
  readonly requesterId?: string;
  readonly tags?: readonly Tag[];
  /** Addresses taken earlier in the same transaction (see `allocatePrivateIp`). */
  readonly taken?: Set<number>;
}

function macAddress(ctx: WriteContext): string {
  // Locally administered unicast, like AWS's (`0e:…`, `12:…`).
  const hex = ctx.ids("mac").slice(4, 14);
  return `0e:${hex.match(/../g)!.join(":")}`;
}

/** Creates an interface record with its private addresses. It is not attached to anything. */
export function provisionNetworkInterface(ctx: WriteContext, input: NewInterface): NetworkInterface {
  const { tx, scope } = ctx;
  const taken = input.taken ?? addressesInUse(tx, scope, input.subnet.id);
  const addresses: PrivateIpAddress[] = [];
  const explicit = [input.privateIpAddress, ...(input.secondaryPrivateIpAddresses ?? [])];
  for (const [i, address] of explicit.entries()) {
    if (address === undefined) continue;
    assertPrivateIpAvailable(tx, scope, input.subnet, address, taken);
    taken.add(parseIpv4Address(address)!);
    addresses.push({ address, primary: i === 0 });
  }
  if (input.privateIpAddress === undefined) {
    addresses.unshift({ address: allocatePrivateIp(tx, scope, input.subnet, taken), primary: true });
  }
  for (let i = 0; i < (input.secondaryPrivateIpAddressCount ?? 0); i++) {
    addresses.push({ address: allocatePrivateIp(tx, scope, input.subnet, taken), primary: false });
  }
  const eni: NetworkInterface = {
    id: ctx.ids("eni"),
    ownerId: scope.account,
    tags: input.tags ?? [],
    subnetId: input.subnet.id,
    vpcId: input.subnet.vpcId,
    availabilityZone: input.subnet.availabilityZone,
    description: input.description ?? "",
    interfaceType: input.interfaceType ?? "interface",
    status: "available",
    macAddress: macAddress(ctx),
    privateIpAddresses: addresses,
    ipv6Addresses: [],
    groupIds: input.groupIds,
    sourceDestCheck: input.sourceDestCheck ?? true,
    requesterManaged: input.requesterManaged ?? false,
    ...(input.requesterId !== undefined ? { requesterId: input.requesterId } : {}),
  };
  tx.put("networkInterface", scope, eni);
  return eni;
}

/** Sets (or, with `undefined`, removes) the public association of one private address. */
export function withPublicAssociation(
  eni: NetworkInterface,
  privateAddress: string,
  association: PublicIpAssociation | undefined,
): NetworkInterface {
  return {
    ...eni,
    privateIpAddresses: eni.privateIpAddresses.map((p) => {
      if (p.address !== privateAddress) return p;
      const { association: _old, ...rest } = p;
      return association ? { ...rest, association } : rest;
    }),
  };
}

/**
 * Deletes an interface record. Elastic IPs associated with its addresses are disassociated (the
 * allocation stays with the account); auto-assigned public addresses go back to the pool.
 */
export function removeNetworkInterface(ctx: WriteContext, eni: NetworkInterface): void {
  const { tx, scope } = ctx;
  for (const p of eni.privateIpAddresses) {
    const allocationId = p.association?.allocationId;
    if (!allocationId) continue;
    const address = tx.get("address", scope, allocationId);
    if (address?.association) {
      const { association: _gone, ...rest } = address;
      tx.put("address", scope, rest);
    }
  }
  tx.delete("networkInterface", scope, eni.id);
}

/** The primary private address of an interface. */
export function primaryAddress(eni: NetworkInterface): PrivateIpAddress {
  return eni.privateIpAddresses.find((p) => p.primary) ?? eni.privateIpAddresses[0]!;
}
