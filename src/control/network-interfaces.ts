/**
 * Network interfaces: the core every family that places something in a subnet uses (instances,
 * NAT gateways, interface endpoints), and the network-interface operations themselves:
 * CreateNetworkInterface, DeleteNetworkInterface, DescribeNetworkInterfaces,
 * AttachNetworkInterface, DetachNetworkInterface, ModifyNetworkInterfaceAttribute,
 * AssignPrivateIpAddresses, UnassignPrivateIpAddresses.
 *
 * Core (this part is the contract other families call):
 * - `allocatePrivateIp` / `assertPrivateIpAvailable`: the subnet's lowest free address, never one
 *   of AWS's five reserved ones, never one in use;
 * - `provisionNetworkInterface` / `removeNetworkInterface`: create and delete an interface record,
 *   keeping Elastic IP records consistent;
 * - `attachInterfaceToInstance` / `detachInterfaceFromInstance`: keep the interface's attachment,
 *   the instance's `networkInterfaceIds` and the Elastic IP records in step;
 * - `associateElasticIp` / `disassociateElasticIp`: the one place where an Elastic IP and the
 *   private address it maps to change together;
 * - `securityGroupsForInterface`: AWS's checks on the groups of an interface;
 * - `allocatePublicIp`: an address of the region's simulated public pool;
 * - `privateDnsName` / `publicDnsName`: AWS's DNS name formats.
 */

import type {
  Instance,
  InterfaceType,
  NetworkInterface,
  NetworkInterfaceAttachment,
  NetworkInterfaceStatus,
  PrivateIpAddress,
  PublicIpAssociation,
} from "../model/compute.js";
import { privateDnsName, publicDnsName } from "../model/dns-names.js";
import type { Resources } from "../model/kinds.js";
import { findZone, REGIONS } from "../model/regions.js";
import type { Subnet, Tag, Vpc } from "../model/resources.js";
import {
  allocateLowestFree,
  firstUsableAddress,
  formatIpv4Address,
  isReservedAddress,
  lastUsableAddress,
  parseIpv4Address,
  usableAddressCount,
} from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  AwsError,
  DeviceIndexInUse,
  InstanceAttachmentLimitExceeded,
  InstanceIdErrors,
  InstancePrivateIpLimitExceeded,
  InstanceStateNotValidForInterfaces,
  InsufficientFreeAddressesInSubnet,
  InterfaceInstanceZoneMismatch,
  InvalidGroupDifferentNetwork,
  InvalidIPAddressInUse,
  InvalidParameterCombination,
  InvalidParameterValue,
  ManagedAttachmentNotAllowed,
  MissingParameter,
  NetworkInterfaceAttachmentIdErrors,
  NetworkInterfaceCurrentlyInUse,
  NetworkInterfaceIdErrors,
  NoPermissionForResource,
  PrimaryInterfaceCannotBeDetached,
  PrimaryPrivateIpCannotBeUnassigned,
  PrivateIpsNotAssigned,
  SecondaryPrivateIpInUse,
  SecurityGroupIdErrors,
  SecurityGroupSubnetDifferentNetworks,
  SecurityGroupsPerInterfaceLimitExceeded,
  SubnetIdErrors,
  UnsupportedOperation,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { findInstanceType } from "./instance-types.js";
import { assertWellFormedId, requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { storedIpv4Cidr } from "./stored-cidrs.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

// ---- DNS names ------------------------------------------------------------------------------

// The formats live in the model, where the data plane's resolver reads them too.
export { privateDnsName, publicDnsName };

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

/**
 * The `count` lowest free addresses of the subnet, found in one pass (a caller asking for many
 * must not pay one scan per address), or `InsufficientFreeAddressesInSubnet` when there are fewer.
 */
export function allocatePrivateIps(subnet: Subnet, count: number, taken: Set<number>): string[] {
  if (count <= 0) return [];
  const block = storedIpv4Cidr(subnet.cidrBlock);
  if (count > usableAddressCount(block) - taken.size) throw new InsufficientFreeAddressesInSubnet(subnet.id);
  const found: string[] = [];
  for (
    let address = firstUsableAddress(block);
    address <= lastUsableAddress(block) && found.length < count;
    address++
  ) {
    if (taken.has(address)) continue;
    taken.add(address);
    found.push(formatIpv4Address(address));
  }
  if (found.length < count) throw new InsufficientFreeAddressesInSubnet(subnet.id);
  return found;
}

/**
 * An explicitly requested private address must be a valid address inside the subnet, not one of
 * the five AWS reserves; returns it as a number.
 */
export function parsePrivateIpInSubnet(subnet: Subnet, address: string): number {
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
  return n;
}

/** An explicitly requested private address must be in the subnet, not reserved, not in use. */
export function assertPrivateIpAvailable(
  tx: ReadTx<Resources>,
  scope: Scope,
  subnet: Subnet,
  address: string,
  taken: Set<number> = addressesInUse(tx, scope, subnet.id),
): void {
  const n = parsePrivateIpInSubnet(subnet, address);
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
    throw new AwsError(
      "InsufficientAddressCapacity",
      "There are no more public IPv4 addresses available in this region.",
    );
  }
  ctx.tx.setMeta(key, String(next + 1));
  const regionIndex = Math.max(
    0,
    REGIONS.findIndex((r) => r.name === ctx.scope.region),
  );
  return `54.${80 + (regionIndex % 176)}.${offset >> 8}.${offset & 0xff}`;
}

/** The account that Describe calls show as the owner of auto-assigned public addresses. */
export const AMAZON_IP_OWNER = "amazon";

// ---- interfaces -----------------------------------------------------------------------------

export interface NewInterface {
  readonly subnet: Subnet;
  readonly description?: string;
  readonly interfaceType?: InterfaceType;
  /** Security groups; validated by the caller (see `securityGroupsForInterface`). */
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
  /** For interfaces a service attaches to itself at once (a NAT gateway's `ela-attach-…`). */
  readonly attachment?: NetworkInterfaceAttachment;
  readonly autoAssignPublicIp?: boolean;
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
  for (const address of allocatePrivateIps(input.subnet, input.secondaryPrivateIpAddressCount ?? 0, taken)) {
    addresses.push({ address, primary: false });
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
    status: input.attachment ? "in-use" : "available",
    macAddress: macAddress(ctx),
    privateIpAddresses: addresses,
    ipv6Addresses: [],
    groupIds: input.groupIds,
    sourceDestCheck: input.sourceDestCheck ?? true,
    requesterManaged: input.requesterManaged ?? false,
    ...(input.requesterId !== undefined ? { requesterId: input.requesterId } : {}),
    ...(input.attachment ? { attachment: input.attachment } : {}),
    ...(input.attachment?.instanceId !== undefined ? { instanceId: input.attachment.instanceId } : {}),
    ...(input.autoAssignPublicIp !== undefined ? { autoAssignPublicIp: input.autoAssignPublicIp } : {}),
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

/** The interfaces attached to an instance, by network card then device index. */
export function interfacesOfInstance(
  tx: ReadTx<Resources>,
  scope: Scope,
  instanceId: string,
): NetworkInterface[] {
  return [...tx.listBy("networkInterface", scope, "instanceId", instanceId)].sort(
    (a, b) =>
      (a.attachment?.networkCardIndex ?? 0) - (b.attachment?.networkCardIndex ?? 0) ||
      (a.attachment?.deviceIndex ?? 0) - (b.attachment?.deviceIndex ?? 0),
  );
}

/** The instance's primary interface (network card 0, device index 0), if it still has one. */
export function primaryInterfaceOf(
  tx: ReadTx<Resources>,
  scope: Scope,
  instanceId: string,
): NetworkInterface | undefined {
  return tx
    .listBy("networkInterface", scope, "instanceId", instanceId)
    .find((e) => e.attachment?.deviceIndex === 0 && (e.attachment.networkCardIndex ?? 0) === 0);
}

// ---- security groups of an interface ----------------------------------------------------------

/**
 * The groups an interface gets: the VPC's default group when none are named; at most the quota
 * (`SecurityGroupsPerInterfaceLimitExceeded`); each must exist and belong to the interface's VPC.
 * `subnetId` names the subnet in AWS's "belong to different networks" message of create calls;
 * without it (ModifyNetworkInterfaceAttribute) AWS answers `InvalidGroup.NotFound`.
 */
export function securityGroupsForInterface(
  ctx: ReadContext,
  vpcId: string,
  groupIds: readonly string[] | undefined,
  subnetId?: string,
): string[] {
  const { tx, scope } = ctx;
  if (!groupIds || groupIds.length === 0) {
    const fallback = tx.listBy("securityGroup", scope, "vpcId", vpcId).find((g) => g.isDefault);
    return fallback ? [fallback.id] : [];
  }
  const unique = [...new Set(groupIds)];
  if (unique.length > ctx.config.quotas.securityGroupsPerNetworkInterface) {
    throw new SecurityGroupsPerInterfaceLimitExceeded();
  }
  for (const id of unique) {
    const group = requireRecord(tx, scope, "securityGroup", id, SecurityGroupIdErrors);
    if (group.vpcId !== vpcId) {
      throw subnetId !== undefined
        ? new SecurityGroupSubnetDifferentNetworks(group.id, subnetId)
        : new InvalidGroupDifferentNetwork();
    }
  }
  return unique;
}

// ---- Elastic IP associations ------------------------------------------------------------------

function updateAddressInstance(
  ctx: WriteContext,
  eni: NetworkInterface,
  instanceId: string | undefined,
): void {
  for (const p of eni.privateIpAddresses) {
    const allocationId = p.association?.allocationId;
    if (!allocationId) continue;
    const address = ctx.tx.get("address", ctx.scope, allocationId);
    if (!address?.association) continue;
    const { instanceId: _old, ...association } = address.association;
    ctx.tx.put("address", ctx.scope, {
      ...address,
      association: instanceId !== undefined ? { ...association, instanceId } : association,
    });
  }
}

/**
 * Gives the primary address of an instance's interface a new Amazon public address after it lost
 * one, when AWS does (EC2 User Guide, "Public IPv4 addresses"): the interface had an
 * auto-assigned address, the instance is pending or running, it has only this interface, and no
 * other address of the interface holds an Elastic IP.
 */
function restoreAutoAssignedPublicIp(ctx: WriteContext, eni: NetworkInterface): NetworkInterface {
  if (!eni.autoAssignPublicIp || eni.instanceId === undefined) return eni;
  const primary = primaryAddress(eni);
  if (primary.association) return eni;
  if (eni.privateIpAddresses.some((p) => p.association?.allocationId !== undefined)) return eni;
  const instance = ctx.tx.get("instance", ctx.scope, eni.instanceId);
  if (!instance || (instance.state !== "pending" && instance.state !== "running")) return eni;
  if (ctx.tx.listBy("networkInterface", ctx.scope, "instanceId", instance.id).length !== 1) return eni;
  return withPublicAssociation(eni, primary.address, {
    publicIp: allocatePublicIp(ctx),
    ipOwnerId: AMAZON_IP_OWNER,
  });
}

/**
 * Removes an Elastic IP's association, from the address record and from the interface address it
 * maps to, in one step. An instance that lost its auto-assigned public address to this Elastic IP
 * gets a new one, as AWS's do.
 */
export function disassociateElasticIp(ctx: WriteContext, allocationId: string): void {
  unmapElasticIp(ctx, allocationId, true);
}

function unmapElasticIp(ctx: WriteContext, allocationId: string, restorePublicIp: boolean): void {
  const { tx, scope } = ctx;
  const address = tx.get("address", scope, allocationId);
  if (!address?.association) return;
  const { association, ...unassociated } = address;
  tx.put("address", scope, unassociated);
  const eni = tx.get("networkInterface", scope, association.networkInterfaceId);
  if (!eni) return;
  const cleared = withPublicAssociation(eni, association.privateIpAddress, undefined);
  tx.put("networkInterface", scope, restorePublicIp ? restoreAutoAssignedPublicIp(ctx, cleared) : cleared);
}

/**
 * Maps an Elastic IP to one private address of an interface, updating the address record and the
 * interface together. The Elastic IP leaves any other address it was mapped to; whatever public
 * address the private address had goes: another Elastic IP is disassociated (it stays allocated),
 * an auto-assigned address returns to Amazon's pool. Returns the new association id.
 */
export function associateElasticIp(
  ctx: WriteContext,
  allocationId: string,
  networkInterfaceId: string,
  privateIp: string,
): string {
  const { tx, scope } = ctx;
  if (tx.get("address", scope, allocationId)?.association) disassociateElasticIp(ctx, allocationId);
  const before = tx.get("networkInterface", scope, networkInterfaceId);
  const current = before?.privateIpAddresses.find((p) => p.address === privateIp)?.association;
  // The private address takes the new Elastic IP at once: no auto-assigned address in between.
  if (current?.allocationId !== undefined) unmapElasticIp(ctx, current.allocationId, false);
  const eni = tx.get("networkInterface", scope, networkInterfaceId);
  const address = tx.get("address", scope, allocationId);
  if (!eni || !address)
    throw new Error(`associateElasticIp: missing ${networkInterfaceId} or ${allocationId}`);
  const replacesAutoAssigned = eni.privateIpAddresses.some(
    (p) => p.address === privateIp && p.association !== undefined && p.association.allocationId === undefined,
  );
  const associationId = ctx.ids("eipassoc");
  const mapped = withPublicAssociation(eni, privateIp, {
    publicIp: address.publicIp,
    ipOwnerId: address.ownerId,
    allocationId,
    associationId,
  });
  tx.put("networkInterface", scope, replacesAutoAssigned ? { ...mapped, autoAssignPublicIp: true } : mapped);
  tx.put("address", scope, {
    ...address,
    association: {
      associationId,
      networkInterfaceId: eni.id,
      networkInterfaceOwnerId: eni.ownerId,
      privateIpAddress: privateIp,
      ...(eni.instanceId !== undefined ? { instanceId: eni.instanceId } : {}),
    },
  });
  return associationId;
}

// ---- attachments ------------------------------------------------------------------------------

function syncInstanceInterfaceIds(ctx: WriteContext, instanceId: string): void {
  const instance = ctx.tx.get("instance", ctx.scope, instanceId);
  if (!instance) return;
  const ids = interfacesOfInstance(ctx.tx, ctx.scope, instanceId).map((e) => e.id);
  ctx.tx.put("instance", ctx.scope, { ...instance, networkInterfaceIds: ids });
}

export interface AttachOptions {
  readonly deviceIndex: number;
  readonly networkCardIndex?: number;
  readonly deleteOnTermination?: boolean;
}

/**
 * Attaches an interface to an instance: the interface's attachment and top-level `instanceId`,
 * the instance's `networkInterfaceIds` (ordered by device index) and the `instanceId` of the
 * Elastic IPs mapped to the interface change together. The instance record may be stored after
 * this call (RunInstances builds both in one transaction); it is then left as it is.
 */
export function attachInterfaceToInstance(
  ctx: WriteContext,
  eni: NetworkInterface,
  instance: Pick<Instance, "id" | "ownerId">,
  options: AttachOptions,
): NetworkInterface {
  const attachment: NetworkInterfaceAttachment = {
    attachmentId: ctx.ids("eni-attach"),
    instanceId: instance.id,
    instanceOwnerId: instance.ownerId,
    deviceIndex: options.deviceIndex,
    networkCardIndex: options.networkCardIndex ?? 0,
    status: "attached",
    attachTime: ctx.clock.now(),
    deleteOnTermination: options.deleteOnTermination ?? false,
  };
  const attached: NetworkInterface = { ...eni, attachment, instanceId: instance.id, status: "in-use" };
  ctx.tx.put("networkInterface", ctx.scope, attached);
  updateAddressInstance(ctx, attached, instance.id);
  syncInstanceInterfaceIds(ctx, instance.id);
  return attached;
}

/**
 * Detaches an interface from its instance. An auto-assigned public address belongs to the
 * instance, not to the interface, and goes back to Amazon's pool; Elastic IPs stay mapped.
 */
export function detachInterfaceFromInstance(ctx: WriteContext, eni: NetworkInterface): NetworkInterface {
  const instanceId = eni.instanceId;
  const { attachment: _a, instanceId: _i, ...rest } = eni;
  let detached: NetworkInterface = { ...rest, status: "available" };
  for (const p of detached.privateIpAddresses) {
    if (p.association && p.association.allocationId === undefined) {
      detached = withPublicAssociation(detached, p.address, undefined);
    }
  }
  ctx.tx.put("networkInterface", ctx.scope, detached);
  updateAddressInstance(ctx, detached, undefined);
  if (instanceId !== undefined) syncInstanceInterfaceIds(ctx, instanceId);
  return detached;
}

// ---- views and filters ------------------------------------------------------------------------

export interface PublicAssociationView extends PublicIpAssociation {
  readonly publicDnsName?: string;
}

export interface PrivateIpAddressView {
  readonly address: string;
  readonly primary: boolean;
  readonly privateDnsName: string;
  readonly association?: PublicAssociationView;
}

/** An interface as Describe shows it: the record plus what derives from its VPC and groups. */
export interface NetworkInterfaceView extends Omit<NetworkInterface, "status"> {
  /** `pending` only in the response of CreateNetworkInterface, as AWS's. */
  readonly status: NetworkInterfaceStatus | "pending";
  readonly groups: readonly { readonly groupId: string; readonly groupName: string }[];
  readonly privateDnsName: string;
  readonly addresses: readonly PrivateIpAddressView[];
  /** The public association of the primary address. */
  readonly association?: PublicAssociationView;
}

export function viewNetworkInterface(
  tx: ReadTx<Resources>,
  scope: Scope,
  eni: NetworkInterface,
  vpc: Vpc | undefined = tx.get("vpc", scope, eni.vpcId),
): NetworkInterfaceView {
  const withDns = vpc?.enableDnsHostnames === true && vpc.enableDnsSupport;
  const addresses = eni.privateIpAddresses.map((p): PrivateIpAddressView => {
    const association: PublicAssociationView | undefined = p.association
      ? {
          ...p.association,
          ...(withDns ? { publicDnsName: publicDnsName(scope.region, p.association.publicIp) } : {}),
        }
      : undefined;
    return {
      address: p.address,
      primary: p.primary,
      privateDnsName: privateDnsName(scope.region, p.address),
      ...(association ? { association } : {}),
    };
  });
  const primary = addresses.find((a) => a.primary) ?? addresses[0]!;
  return {
    ...eni,
    groups: eni.groupIds.map((groupId) => ({
      groupId,
      groupName: tx.get("securityGroup", scope, groupId)?.groupName ?? "",
    })),
    privateDnsName: primary.privateDnsName,
    addresses,
    ...(primary.association ? { association: primary.association } : {}),
  };
}

/** Every filter of the DescribeNetworkInterfaces API reference. */
export const NETWORK_INTERFACE_FILTERS: FilterTable<NetworkInterfaceView> = {
  "addresses.private-ip-address": (e) => e.addresses.map((a) => a.address),
  "addresses.primary": (e) => e.addresses.map((a) => a.primary),
  "addresses.association.public-ip": (e) => e.addresses.map((a) => a.association?.publicIp),
  "addresses.association.owner-id": (e) => e.addresses.map((a) => a.association?.ipOwnerId),
  "association.association-id": (e) => e.association?.associationId,
  "association.allocation-id": (e) => e.association?.allocationId,
  "association.ip-owner-id": (e) => e.association?.ipOwnerId,
  "association.public-ip": (e) => e.association?.publicIp,
  "association.public-dns-name": (e) => e.association?.publicDnsName,
  "attachment.attachment-id": (e) => e.attachment?.attachmentId,
  "attachment.attach-time": (e) => e.attachment?.attachTime.toISOString(),
  // The older spelling, still listed by some versions of the reference.
  "attachment.attach.time": (e) => e.attachment?.attachTime.toISOString(),
  "attachment.delete-on-termination": (e) => e.attachment?.deleteOnTermination,
  "attachment.device-index": (e) => e.attachment?.deviceIndex,
  "attachment.instance-id": (e) => e.attachment?.instanceId,
  "attachment.instance-owner-id": (e) => e.attachment?.instanceOwnerId,
  "attachment.status": (e) => e.attachment?.status,
  "availability-zone": (e) => e.availabilityZone,
  "availability-zone-id": (e) => findZone(e.availabilityZone.slice(0, -1), e.availabilityZone)?.zoneId,
  description: (e) => e.description,
  "group-id": (e) => e.groups.map((g) => g.groupId),
  "group-name": (e) => e.groups.map((g) => g.groupName),
  "ipv6-addresses.ipv6-address": (e) => e.ipv6Addresses,
  "interface-type": (e) => e.interfaceType,
  "mac-address": (e) => e.macAddress,
  "network-interface-id": (e) => e.id,
  // No interface here is managed by a service operator (EC2 managed instances are not simulated).
  "operator.managed": () => false,
  "operator.principal": () => undefined,
  "owner-id": (e) => e.ownerId,
  "private-ip-address": (e) => e.addresses.map((a) => a.address),
  "private-dns-name": (e) => e.privateDnsName,
  "requester-id": (e) => e.requesterId,
  "requester-managed": (e) => e.requesterManaged,
  "source-dest-check": (e) => e.sourceDestCheck,
  status: (e) => e.status,
  "subnet-id": (e) => e.subnetId,
  "vpc-id": (e) => e.vpcId,
};

// ---- operations -------------------------------------------------------------------------------

export interface PrivateIpAddressSpec {
  readonly privateIpAddress?: string;
  readonly primary?: boolean;
}

export interface CreateNetworkInterfaceInput {
  readonly subnetId?: string;
  readonly description?: string;
  readonly groups?: readonly string[];
  readonly privateIpAddress?: string;
  readonly privateIpAddresses?: readonly PrivateIpAddressSpec[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly string[];
  readonly ipv4Prefixes?: readonly unknown[];
  readonly ipv4PrefixCount?: number;
  readonly ipv6Prefixes?: readonly unknown[];
  readonly ipv6PrefixCount?: number;
  readonly interfaceType?: string;
  readonly enablePrimaryIpv6?: boolean;
  readonly connectionTracking?: boolean;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

function assertNoUnsupported(input: CreateNetworkInterfaceInput): void {
  if (input.ipv6AddressCount || input.ipv6Addresses?.length || input.enablePrimaryIpv6) {
    throw new UnsupportedOperation("vpcsim does not assign IPv6 addresses to network interfaces yet.");
  }
  if (
    input.ipv4Prefixes?.length ||
    input.ipv4PrefixCount ||
    input.ipv6Prefixes?.length ||
    input.ipv6PrefixCount
  ) {
    throw new UnsupportedOperation("vpcsim does not simulate prefix delegation.");
  }
  if (input.connectionTracking) {
    throw new UnsupportedOperation("vpcsim does not simulate configurable connection tracking timeouts yet.");
  }
}

function assertCount(value: number | undefined, wireName: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. Expected a non-negative integer.`,
    );
  }
}

/** Splits PrivateIpAddress and PrivateIpAddresses.N into a primary and secondaries, per the API reference. */
function explicitAddresses(input: CreateNetworkInterfaceInput): { primary?: string; secondaries: string[] } {
  const specs = input.privateIpAddresses ?? [];
  const flagged = specs.filter((s) => s.primary === true);
  if (flagged.length > 1) {
    throw new InvalidParameterValue("Only one primary private IP address can be specified.");
  }
  if (
    input.privateIpAddress !== undefined &&
    flagged.some((s) => s.privateIpAddress !== input.privateIpAddress)
  ) {
    throw new InvalidParameterCombination(
      "The primary private IP address specified in privateIpAddress and privateIpAddresses must be the same.",
    );
  }
  const listed = specs.map((s) => {
    if (!s.privateIpAddress) throw new MissingParameter("privateIpAddresses.privateIpAddress");
    return s.privateIpAddress;
  });
  const primary = input.privateIpAddress ?? flagged[0]?.privateIpAddress;
  const secondaries = listed.filter((a) => a !== primary);
  const all = primary !== undefined ? [primary, ...secondaries] : secondaries;
  if (new Set(all).size !== all.length) {
    throw new InvalidParameterValue("The same private IP address is specified more than once.");
  }
  if (primary === undefined && secondaries.length > 0) {
    // Without a primary flag, the first listed address is the primary one.
    return { primary: secondaries[0]!, secondaries: secondaries.slice(1) };
  }
  return { ...(primary !== undefined ? { primary } : {}), secondaries };
}

const CREATABLE_TYPES = ["interface", "efa", "efa-only", "trunk"];

export function createNetworkInterface(
  ctx: WriteContext,
  input: CreateNetworkInterfaceInput,
): { networkInterface: NetworkInterfaceView } {
  if (!input.subnetId) throw new MissingParameter("subnetId");
  const { tx, scope } = ctx;
  const subnet = requireRecord(tx, scope, "subnet", input.subnetId, SubnetIdErrors);
  assertNoUnsupported(input);
  if (input.interfaceType !== undefined) {
    if (!CREATABLE_TYPES.includes(input.interfaceType)) {
      throw new InvalidParameterValue(
        `Value (${input.interfaceType}) for parameter interfaceType is invalid. Valid values: efa, efa-only, trunk.`,
      );
    }
    if (input.interfaceType !== "interface") {
      throw new UnsupportedOperation(`vpcsim does not simulate ${input.interfaceType} interfaces.`);
    }
  }
  assertCount(input.secondaryPrivateIpAddressCount, "secondaryPrivateIpAddressCount");
  const { primary, secondaries } = explicitAddresses(input);
  if (input.secondaryPrivateIpAddressCount && (input.privateIpAddresses?.length ?? 0) > 1) {
    throw new InvalidParameterCombination(
      "You may specify secondaryPrivateIpAddressCount or specific secondary private IP addresses, but not both.",
    );
  }
  const groupIds = securityGroupsForInterface(ctx, subnet.vpcId, input.groups, subnet.id);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "network-interface",
    ctx.config.quotas.tagsPerResource,
  );
  const taken = addressesInUse(tx, scope, subnet.id);
  // AWS answers InvalidIPAddress.InUse for a primary address in use, InvalidParameterValue for a
  // secondary one.
  for (const address of secondaries) {
    if (taken.has(parsePrivateIpInSubnet(subnet, address))) throw new SecondaryPrivateIpInUse(address);
  }
  const eni = provisionNetworkInterface(ctx, {
    subnet,
    groupIds,
    tags,
    taken,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(primary !== undefined ? { privateIpAddress: primary } : {}),
    secondaryPrivateIpAddresses: secondaries,
    secondaryPrivateIpAddressCount: input.secondaryPrivateIpAddressCount ?? 0,
  });
  // AWS's response shows the interface `pending`; it is `available` by the next request.
  return { networkInterface: { ...viewNetworkInterface(tx, scope, eni), status: "pending" } };
}

function requireInterface(ctx: ReadContext, id: string | undefined): NetworkInterface {
  if (!id) throw new MissingParameter("networkInterfaceId");
  return requireRecord(ctx.tx, ctx.scope, "networkInterface", id, NetworkInterfaceIdErrors);
}

/** What a service manages (a NAT gateway's interface), users may look at but not change. */
function assertUserManaged(eni: NetworkInterface): void {
  if (eni.requesterManaged) throw new NoPermissionForResource();
}

export function deleteNetworkInterface(ctx: WriteContext, input: { networkInterfaceId?: string }): void {
  const eni = requireInterface(ctx, input.networkInterfaceId);
  if (eni.attachment) throw new NetworkInterfaceCurrentlyInUse(eni.id);
  assertUserManaged(eni);
  removeNetworkInterface(ctx, eni);
}

export interface DescribeNetworkInterfacesInput extends PageRequest {
  readonly networkInterfaceIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

/** Filters that name records the store indexes; a lone exact one avoids a scan. */
const INDEXED_FILTERS: { readonly [name: string]: string } = {
  "subnet-id": "subnetId",
  "vpc-id": "vpcId",
  "attachment.instance-id": "instanceId",
};

function indexedCandidates(
  ctx: ReadContext,
  filters: readonly Filter[] | undefined,
): NetworkInterface[] | undefined {
  for (const f of filters ?? []) {
    const field = INDEXED_FILTERS[f.name];
    if (field && f.values.every((v) => !/[*?\\]/.test(v))) {
      const seen = new Set<string>();
      const found: NetworkInterface[] = [];
      for (const value of f.values) {
        for (const eni of ctx.tx.listBy("networkInterface", ctx.scope, field, value)) {
          if (!seen.has(eni.id)) {
            seen.add(eni.id);
            found.push(eni);
          }
        }
      }
      return found;
    }
  }
  return undefined;
}

export function describeNetworkInterfaces(
  ctx: ReadContext,
  input: DescribeNetworkInterfacesInput,
): { networkInterfaces: readonly NetworkInterfaceView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  if (input.maxResults !== undefined && input.networkInterfaceIds?.length) {
    throw new InvalidParameterCombination(
      "The parameter networkInterfaceIdSet cannot be used with the parameter maxResults",
    );
  }
  const matches = compileFilters(NETWORK_INTERFACE_FILTERS, input.filters);
  const candidates = input.networkInterfaceIds?.length
    ? selectByIds(tx, scope, "networkInterface", input.networkInterfaceIds, NetworkInterfaceIdErrors)
    : (indexedCandidates(ctx, input.filters) ?? tx.list("networkInterface", scope));
  const vpcs = new Map<string, Vpc | undefined>();
  const views: NetworkInterfaceView[] = [];
  for (const eni of candidates) {
    if (!vpcs.has(eni.vpcId)) vpcs.set(eni.vpcId, tx.get("vpc", scope, eni.vpcId));
    const view = viewNetworkInterface(tx, scope, eni, vpcs.get(eni.vpcId));
    if (matches(view)) views.push(view);
  }
  const page = paginate(views, input, [
    "DescribeNetworkInterfaces",
    input.networkInterfaceIds ?? [],
    input.filters ?? [],
  ]);
  return { networkInterfaces: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export interface AttachNetworkInterfaceInput {
  readonly networkInterfaceId?: string;
  readonly instanceId?: string;
  readonly deviceIndex?: number;
  readonly networkCardIndex?: number;
  readonly enaSrd?: boolean;
}

/** Hot attach (running) and warm attach (stopped); cold attach is RunInstances' business. */
const ATTACHABLE_STATES: readonly Instance["state"][] = ["running", "stopped"];
/** The largest device index any instance type accepts. */
const MAX_DEVICE_INDEX = 127;

export function attachNetworkInterface(
  ctx: WriteContext,
  input: AttachNetworkInterfaceInput,
): { attachmentId: string; networkCardIndex: number } {
  if (!input.networkInterfaceId) throw new MissingParameter("networkInterfaceId");
  if (!input.instanceId) throw new MissingParameter("instanceId");
  if (input.deviceIndex === undefined) throw new MissingParameter("deviceIndex");
  const { tx, scope } = ctx;
  const eni = requireInterface(ctx, input.networkInterfaceId);
  const instance = requireRecord(tx, scope, "instance", input.instanceId, InstanceIdErrors);
  if (input.enaSrd) throw new UnsupportedOperation("vpcsim does not simulate ENA Express.");
  if (!Number.isInteger(input.deviceIndex) || input.deviceIndex < 0 || input.deviceIndex > MAX_DEVICE_INDEX) {
    throw new InvalidParameterValue(`Value (${input.deviceIndex}) for parameter deviceIndex is invalid.`);
  }
  const networkCardIndex = input.networkCardIndex ?? 0;
  if (networkCardIndex !== 0) {
    throw new InvalidParameterValue(
      `Value (${networkCardIndex}) for parameter networkCardIndex is invalid. The instance type has one network card.`,
    );
  }
  assertUserManaged(eni);
  if (eni.attachment) throw new NetworkInterfaceCurrentlyInUse(eni.id);
  if (!ATTACHABLE_STATES.includes(instance.state)) {
    throw new InstanceStateNotValidForInterfaces(instance.id, instance.state);
  }
  if (instance.availabilityZone !== eni.availabilityZone) throw new InterfaceInstanceZoneMismatch();
  const occupied = interfacesOfInstance(tx, scope, instance.id).some(
    (e) =>
      e.attachment !== undefined &&
      e.attachment.deviceIndex === input.deviceIndex &&
      e.attachment.networkCardIndex === networkCardIndex,
  );
  if (occupied) throw new DeviceIndexInUse(instance.id, input.deviceIndex);
  // The instance type caps the interfaces an instance can have (EC2 User Guide, "Maximum IP
  // addresses per network interface"), and the addresses each can hold.
  const type = findInstanceType(instance.instanceType);
  if (type) {
    const count = interfacesOfInstance(tx, scope, instance.id).length + 1;
    if (count > type.maxNetworkInterfaces)
      throw new InstanceAttachmentLimitExceeded(count, type.instanceType);
    if (eni.privateIpAddresses.length > type.ipv4AddressesPerInterface)
      throw new InstancePrivateIpLimitExceeded();
  }
  const attached = attachInterfaceToInstance(ctx, eni, instance, {
    deviceIndex: input.deviceIndex,
    networkCardIndex,
    deleteOnTermination: false,
  });
  return { attachmentId: attached.attachment!.attachmentId, networkCardIndex };
}

function instanceTypeOf(tx: ReadTx<Resources>, scope: Scope, instanceId: string) {
  const instance = tx.get("instance", scope, instanceId);
  return instance ? findInstanceType(instance.instanceType) : undefined;
}

/** The interface holding an attachment id, or AWS's errors for it. */
function interfaceByAttachment(ctx: ReadContext, attachmentId: string): NetworkInterface {
  const kind = /^([a-z]+-attach)-/.exec(attachmentId)?.[1];
  if (kind !== undefined && kind !== "eni-attach") throw new ManagedAttachmentNotAllowed(kind);
  assertWellFormedId(attachmentId, NetworkInterfaceAttachmentIdErrors);
  const eni = ctx.tx
    .list("networkInterface", ctx.scope)
    .find((e) => e.attachment?.attachmentId === attachmentId);
  if (!eni) throw new NetworkInterfaceAttachmentIdErrors.notFound([attachmentId]);
  return eni;
}

export function detachNetworkInterface(
  ctx: WriteContext,
  input: { attachmentId?: string; force?: boolean },
): void {
  if (!input.attachmentId) throw new MissingParameter("attachmentId");
  const eni = interfaceByAttachment(ctx, input.attachmentId);
  if (eni.requesterManaged) throw new ManagedAttachmentNotAllowed("ela-attach");
  if (eni.attachment?.deviceIndex === 0 && (eni.attachment.networkCardIndex ?? 0) === 0) {
    throw new PrimaryInterfaceCannotBeDetached();
  }
  detachInterfaceFromInstance(ctx, eni);
}

export interface ModifyNetworkInterfaceAttributeInput {
  readonly networkInterfaceId?: string;
  readonly description?: string;
  readonly sourceDestCheck?: boolean;
  readonly groups?: readonly string[];
  readonly attachment?: { readonly attachmentId?: string; readonly deleteOnTermination?: boolean };
  readonly associatePublicIpAddress?: boolean;
  readonly enaSrd?: boolean;
  readonly enablePrimaryIpv6?: boolean;
  readonly connectionTracking?: boolean;
}

export function modifyNetworkInterfaceAttribute(
  ctx: WriteContext,
  input: ModifyNetworkInterfaceAttributeInput,
): void {
  const { tx, scope } = ctx;
  const eni = requireInterface(ctx, input.networkInterfaceId);
  if (input.enaSrd) throw new UnsupportedOperation("vpcsim does not simulate ENA Express.");
  if (input.enablePrimaryIpv6)
    throw new UnsupportedOperation("vpcsim does not assign IPv6 addresses to network interfaces yet.");
  if (input.connectionTracking) {
    throw new UnsupportedOperation("vpcsim does not simulate configurable connection tracking timeouts yet.");
  }
  const given = [
    input.description,
    input.sourceDestCheck,
    input.groups,
    input.attachment,
    input.associatePublicIpAddress,
  ].filter((v) => v !== undefined).length;
  if (given === 0) throw new MissingParameter("attribute");
  if (given > 1) throw new InvalidParameterCombination("You can only modify one attribute at a time.");
  assertUserManaged(eni);
  let next: NetworkInterface = eni;
  if (input.description !== undefined) next = { ...eni, description: input.description };
  if (input.sourceDestCheck !== undefined) next = { ...eni, sourceDestCheck: input.sourceDestCheck };
  if (input.groups !== undefined) {
    if (input.groups.length === 0) throw new MissingParameter("groupId");
    next = { ...eni, groupIds: securityGroupsForInterface(ctx, eni.vpcId, input.groups) };
  }
  if (input.attachment !== undefined) {
    const { attachmentId, deleteOnTermination } = input.attachment;
    if (!attachmentId) throw new MissingParameter("attachment.attachmentId");
    if (deleteOnTermination === undefined) throw new MissingParameter("attachment.deleteOnTermination");
    if (!eni.attachment || eni.attachment.attachmentId !== attachmentId) {
      throw new NetworkInterfaceAttachmentIdErrors.notFound([attachmentId]);
    }
    next = { ...eni, attachment: { ...eni.attachment, deleteOnTermination } };
  }
  if (input.associatePublicIpAddress !== undefined) {
    next = setAutoAssignedPublicIp(ctx, eni, input.associatePublicIpAddress);
  }
  tx.put("networkInterface", scope, next);
}

/** ModifyNetworkInterfaceAttribute's AssociatePublicIpAddress: add or release an Amazon public address. */
function setAutoAssignedPublicIp(
  ctx: WriteContext,
  eni: NetworkInterface,
  enabled: boolean,
): NetworkInterface {
  const primary = primaryAddress(eni);
  if (!enabled) {
    const released =
      primary.association && primary.association.allocationId === undefined
        ? withPublicAssociation(eni, primary.address, undefined)
        : eni;
    return { ...released, autoAssignPublicIp: false };
  }
  return restoreAutoAssignedPublicIp(ctx, { ...eni, autoAssignPublicIp: true });
}

export interface AssignPrivateIpAddressesInput {
  readonly networkInterfaceId?: string;
  readonly privateIpAddresses?: readonly string[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly allowReassignment?: boolean;
  readonly ipv4Prefixes?: readonly string[];
  readonly ipv4PrefixCount?: number;
}

/**
 * Adds secondary private addresses, explicit or by count. An address another interface of the
 * subnet holds moves here only with AllowReassignment, and never when it is that interface's
 * primary address; an Elastic IP mapped to a moved address moves with it (API reference).
 */
export function assignPrivateIpAddresses(
  ctx: WriteContext,
  input: AssignPrivateIpAddressesInput,
): { networkInterfaceId: string; assignedPrivateIpAddresses: readonly string[] } {
  const { tx, scope } = ctx;
  const eni = requireInterface(ctx, input.networkInterfaceId);
  if (input.ipv4Prefixes?.length || input.ipv4PrefixCount) {
    throw new UnsupportedOperation("vpcsim does not simulate prefix delegation.");
  }
  const explicit = input.privateIpAddresses ?? [];
  const count = input.secondaryPrivateIpAddressCount;
  assertCount(count, "secondaryPrivateIpAddressCount");
  if (explicit.length > 0 && count !== undefined) {
    throw new InvalidParameterCombination(
      "You may specify secondaryPrivateIpAddressCount or specific secondary private IP addresses, but not both.",
    );
  }
  if (explicit.length === 0 && !count) {
    throw new MissingParameter("privateIpAddress or secondaryPrivateIpAddressCount");
  }
  if (new Set(explicit).size !== explicit.length) {
    throw new InvalidParameterValue("The same private IP address is specified more than once.");
  }
  assertUserManaged(eni);
  const subnet = tx.get("subnet", scope, eni.subnetId)!;
  const taken = addressesInUse(tx, scope, subnet.id);
  const assigned: string[] = [];
  const moves: { address: string; from: NetworkInterface }[] = [];
  for (const address of explicit) {
    const n = parsePrivateIpInSubnet(subnet, address);
    if (eni.privateIpAddresses.some((p) => p.address === address)) {
      throw new InvalidParameterValue(`Address ${address} is already assigned to interface ${eni.id}`);
    }
    if (taken.has(n)) {
      const holder = tx
        .listBy("networkInterface", scope, "subnetId", subnet.id)
        .find((e) => e.privateIpAddresses.some((p) => p.address === address))!;
      const held = holder.privateIpAddresses.find((p) => p.address === address)!;
      if (!input.allowReassignment || held.primary || holder.requesterManaged) {
        throw new SecondaryPrivateIpInUse(address);
      }
      moves.push({ address, from: holder });
    }
    assigned.push(address);
  }
  const type = eni.instanceId !== undefined ? instanceTypeOf(tx, scope, eni.instanceId) : undefined;
  if (
    type &&
    eni.privateIpAddresses.length + assigned.length + (count ?? 0) > type.ipv4AddressesPerInterface
  ) {
    throw new InstancePrivateIpLimitExceeded();
  }
  assigned.push(...allocatePrivateIps(subnet, count ?? 0, taken));

  // Moved addresses leave their holder with their Elastic IP, if any, which is remapped below.
  const movedElasticIps: { allocationId: string; address: string }[] = [];
  for (const { address, from } of moves) {
    const current = tx.get("networkInterface", scope, from.id)!;
    const held = current.privateIpAddresses.find((p) => p.address === address)!;
    if (held.association?.allocationId !== undefined) {
      movedElasticIps.push({ allocationId: held.association.allocationId, address });
      unmapElasticIp(ctx, held.association.allocationId, false);
    }
    const after = tx.get("networkInterface", scope, from.id)!;
    tx.put("networkInterface", scope, {
      ...after,
      privateIpAddresses: after.privateIpAddresses.filter((p) => p.address !== address),
    });
  }
  const fresh = tx.get("networkInterface", scope, eni.id)!;
  tx.put("networkInterface", scope, {
    ...fresh,
    privateIpAddresses: [
      ...fresh.privateIpAddresses,
      ...assigned.map((address) => ({ address, primary: false })),
    ],
  });
  for (const { allocationId, address } of movedElasticIps)
    associateElasticIp(ctx, allocationId, eni.id, address);
  return { networkInterfaceId: eni.id, assignedPrivateIpAddresses: assigned };
}

export function unassignPrivateIpAddresses(
  ctx: WriteContext,
  input: {
    networkInterfaceId?: string;
    privateIpAddresses?: readonly string[];
    ipv4Prefixes?: readonly string[];
  },
): void {
  const { tx, scope } = ctx;
  const eni = requireInterface(ctx, input.networkInterfaceId);
  if (input.ipv4Prefixes?.length)
    throw new UnsupportedOperation("vpcsim does not simulate prefix delegation.");
  const addresses = input.privateIpAddresses ?? [];
  if (addresses.length === 0) throw new MissingParameter("privateIpAddress");
  assertUserManaged(eni);
  const primary = primaryAddress(eni);
  if (addresses.includes(primary.address)) throw new PrimaryPrivateIpCannotBeUnassigned(primary.address);
  if (addresses.some((a) => !eni.privateIpAddresses.some((p) => p.address === a))) {
    throw new PrivateIpsNotAssigned(eni.id);
  }
  // An Elastic IP mapped to an unassigned address is disassociated; it stays allocated.
  for (const p of eni.privateIpAddresses) {
    if (addresses.includes(p.address) && p.association?.allocationId !== undefined) {
      disassociateElasticIp(ctx, p.association.allocationId);
    }
  }
  const fresh = tx.get("networkInterface", scope, eni.id)!;
  tx.put("networkInterface", scope, {
    ...fresh,
    privateIpAddresses: fresh.privateIpAddresses.filter((p) => !addresses.includes(p.address)),
  });
}
