/**
 * Instances: RunInstances, DescribeInstances, DescribeInstanceStatus, StartInstances,
 * StopInstances, RebootInstances, TerminateInstances, ModifyInstanceAttribute,
 * DescribeInstanceAttribute, and the advancer that moves instances through AWS's states.
 *
 * An instance lives on its network interfaces: its private and public addresses, security groups
 * and source/destination check are those of its primary interface (the network-interface core
 * creates, attaches and removes them) and are derived from it when described, never copied.
 *
 * States (EC2 User Guide, "Instance state changes"): pending → running → stopping → stopped →
 * pending …, and shutting-down → terminated, with the delays of `Delays`. A stopped instance keeps
 * its private addresses and loses an auto-assigned public one (it gets a new one when started);
 * Elastic IPs stay. A terminated instance stays describable for `deletedRetentionMs`; its
 * interfaces with DeleteOnTermination are deleted (their addresses freed), the others detached.
 */
import type {
  Instance,
  InstanceBlockDevice,
  InstanceMetadataOptions,
  InstancePrivateDnsNameOptions,
  InstanceStateName,
  NetworkInterface,
  PrivateIpAddress,
} from "../model/compute.js";
import { INSTANCE_STATE_CODES } from "../model/compute.js";
import { resourceDnsName } from "../model/dns-names.js";
import { findZone } from "../model/regions.js";
import type { Subnet, Tag, Vpc } from "../model/resources.js";
import { usableAddressCount } from "../net/index.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  AwsError,
  IncorrectInstanceState,
  InstanceAttachmentLimitExceeded,
  InstanceHasMultipleInterfaces,
  InstanceIdErrors,
  InstancePrivateIpLimitExceeded,
  InsufficientFreeAddressesInSubnet,
  InvalidGroupNotFoundInVpc,
  InvalidNetworkInterfaceInUse,
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
  NetworkInterfaceIdErrors,
  NoDefaultSubnets,
  OperationNotPermitted,
  SubnetIdErrors,
  UnsupportedOperation,
  VpcIdNotSpecified,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { type Image, requireImage } from "./images.js";
import {
  DEFAULT_INSTANCE_TYPE,
  findInstanceType,
  type InstanceTypeInfo,
  requireInstanceType,
} from "./instance-types.js";
import { requireKeyPairByName } from "./key-pairs.js";
import { defaultVpcOf, requireRecord, selectByIds } from "./lookup.js";
import {
  AMAZON_IP_OWNER,
  addressesInUse,
  allocatePublicIp,
  attachInterfaceToInstance,
  detachInterfaceFromInstance,
  type NetworkInterfaceView,
  primaryAddress,
  provisionNetworkInterface,
  removeNetworkInterface,
  securityGroupsForInterface,
  viewNetworkInterface,
  withPublicAssociation,
} from "./network-interfaces.js";
import { type PageRequest, paginate } from "./pagination.js";
import { storedIpv4Cidr } from "./stored-cidrs.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { scheduleTransition } from "./transitions.js";

/** User data is limited to 16 KB (RunInstances API reference). */
const MAX_USER_DATA_BYTES = 16 * 1024;

/** Resource types RunInstances accepts in TagSpecification.N (API reference). */
const LAUNCH_TAGGABLE = ["instance", "volume", "network-interface", "spot-instances-request", "elastic-gpu"];

// ---- states ---------------------------------------------------------------------------------

export interface InstanceState {
  readonly code: number;
  readonly name: InstanceStateName;
}

export function instanceState(name: InstanceStateName): InstanceState {
  return { code: INSTANCE_STATE_CODES[name], name };
}

/** `User initiated (2026-01-01 12:00:00 GMT)`, AWS's StateTransitionReason of user actions. */
function userInitiated(now: Date): string {
  return `User initiated (${now.toISOString().slice(0, 19).replace("T", " ")} GMT)`;
}

const USER_SHUTDOWN = {
  code: "Client.UserInitiatedShutdown",
  message: "Client.UserInitiatedShutdown: User initiated shutdown",
} as const;

function withoutDue(instance: Instance): Instance {
  const { stateDueAt: _due, ...rest } = instance;
  return rest;
}

function enterState(
  ctx: WriteContext,
  instance: Instance,
  state: InstanceStateName,
  delayMs: number,
): Instance {
  const due = new Date(ctx.clock.now().getTime() + delayMs);
  const next: Instance = { ...instance, state, stateDueAt: due };
  ctx.tx.put("instance", ctx.scope, next);
  scheduleTransition(ctx, "instance", instance.id, due);
  return next;
}

// ---- public addresses -------------------------------------------------------------------------

/** Drops the Amazon-assigned public addresses of an interface; Elastic IPs stay mapped. */
function releaseAutoAssignedAddresses(eni: NetworkInterface): NetworkInterface {
  let next = eni;
  for (const p of eni.privateIpAddresses) {
    if (p.association && p.association.allocationId === undefined)
      next = withPublicAssociation(next, p.address, undefined);
  }
  return next;
}

/**
 * Gives the primary address of a started instance's primary interface a new Amazon public address
 * when AWS does (EC2 User Guide, "Public IPv4 addresses"): the interface was launched with one,
 * the instance has only this interface, and no address of the interface holds an Elastic IP.
 */
function assignAutoPublicIp(
  ctx: WriteContext,
  eni: NetworkInterface,
  interfaceCount: number,
): NetworkInterface {
  if (!eni.autoAssignPublicIp || interfaceCount !== 1) return eni;
  if (eni.privateIpAddresses.some((p) => p.association !== undefined)) return eni;
  return withPublicAssociation(eni, primaryAddress(eni).address, {
    publicIp: allocatePublicIp(ctx),
    ipOwnerId: AMAZON_IP_OWNER,
  });
}

function attachedInterfaces(ctx: ReadContext, instance: Instance): NetworkInterface[] {
  const found: NetworkInterface[] = [];
  for (const id of instance.networkInterfaceIds) {
    const eni = ctx.tx.get("networkInterface", ctx.scope, id);
    if (eni) found.push(eni);
  }
  return found;
}

// ---- the advancer -------------------------------------------------------------------------------

/**
 * Moves an instance whose transitional state is due to the next one (registered in `ADVANCERS`).
 * An entry scheduled for an earlier state that has since changed finds `stateDueAt` in the future
 * (or unset) and does nothing.
 */
export function advanceInstance(ctx: WriteContext, id: string): void {
  const { tx, scope } = ctx;
  const instance = tx.get("instance", scope, id);
  if (!instance) return;
  const now = ctx.clock.now();
  if (instance.state === "terminated") {
    const retention = ctx.config.delays.deletedRetentionMs;
    if (instance.terminatedAt && instance.terminatedAt.getTime() + retention <= now.getTime()) {
      tx.delete("instance", scope, id);
    }
    return;
  }
  if (!instance.stateDueAt || instance.stateDueAt.getTime() > now.getTime()) return;
  switch (instance.state) {
    case "pending": {
      // Status checks start when the instance runs: at its due time, not at the (later) request
      // that happens to settle it.
      const checksMs = ctx.config.delays.instanceStatusInitializingMs ?? 0;
      const statusChecksPassAt = new Date(instance.stateDueAt.getTime() + checksMs);
      tx.put("instance", scope, { ...withoutDue(instance), state: "running", statusChecksPassAt });
      return;
    }
    case "stopping":
      for (const eni of attachedInterfaces(ctx, instance)) {
        const released = releaseAutoAssignedAddresses(eni);
        if (released !== eni) tx.put("networkInterface", scope, released);
      }
      tx.put("instance", scope, { ...withoutDue(instance), state: "stopped" });
      return;
    case "shutting-down":
      finishTermination(ctx, instance);
      return;
    default:
      return;
  }
}

/** Frees what a terminated instance held: interfaces (deleted or detached) and EBS volumes. */
function finishTermination(ctx: WriteContext, instance: Instance): void {
  const { tx, scope } = ctx;
  const now = ctx.clock.now();
  for (const eni of attachedInterfaces(ctx, instance)) {
    if (eni.attachment?.deleteOnTermination) removeNetworkInterface(ctx, eni);
    else detachInterfaceFromInstance(ctx, eni);
  }
  const current = tx.get("instance", scope, instance.id) ?? instance;
  tx.put("instance", scope, {
    ...withoutDue(current),
    state: "terminated",
    networkInterfaceIds: [],
    blockDeviceMappings: [],
    terminatedAt: now,
  });
  scheduleTransition(
    ctx,
    "instance",
    instance.id,
    new Date(now.getTime() + ctx.config.delays.deletedRetentionMs),
  );
}

// ---- views ------------------------------------------------------------------------------------

export interface GroupIdentifier {
  readonly groupId: string;
  readonly groupName: string;
}

/** An instance as Describe shows it: the record plus what derives from its interfaces and VPC. */
export interface InstanceView {
  readonly instance: Instance;
  /** The instance's tags, top-level for the shared filter engine. */
  readonly tags: readonly Tag[];
  readonly state: InstanceState;
  /** Attached interfaces by device index; empty once terminated. */
  readonly interfaces: readonly NetworkInterfaceView[];
  readonly primary?: NetworkInterfaceView;
  /** Unset once terminated, as AWS shows terminated instances. */
  readonly subnetId?: string;
  readonly vpcId?: string;
  readonly privateIpAddress?: string;
  readonly publicIpAddress?: string;
  /** Empty strings when none, as AWS shows them. */
  readonly privateDnsName: string;
  readonly publicDnsName: string;
  readonly securityGroups: readonly GroupIdentifier[];
  readonly sourceDestCheck?: boolean;
  readonly coreCount: number;
  readonly threadsPerCore: number;
  readonly metadataOptions: InstanceMetadataOptions;
  readonly privateDnsNameOptions: InstancePrivateDnsNameOptions;
  readonly blockDeviceMappings: readonly InstanceBlockDevice[];
  readonly currentBootMode: "legacy-bios" | "uefi";
}

const DEFAULT_METADATA_OPTIONS: InstanceMetadataOptions = {
  httpTokens: "optional",
  httpPutResponseHopLimit: 1,
  httpEndpoint: "enabled",
  httpProtocolIpv6: "disabled",
  instanceMetadataTags: "disabled",
};

const DEFAULT_DNS_NAME_OPTIONS: InstancePrivateDnsNameOptions = {
  hostnameType: "ip-name",
  enableResourceNameDnsARecord: false,
  enableResourceNameDnsAAAARecord: false,
};

/**
 * Views depend on the instance record and on the records it derives from (interfaces, their
 * security groups, the VPC). Records are immutable and replaced on change, so a view is kept per
 * instance record and reused while every record it was built from is still the current one: a
 * Describe of hundreds of unchanged instances rebuilds nothing (and the API layer reuses their
 * wire form and XML).
 */
const viewCache = new WeakMap<Instance, { readonly deps: readonly unknown[]; readonly view: InstanceView }>();

function sameDependencies(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function viewInstance(
  ctx: ReadContext,
  instance: Instance,
  vpcs: Map<string, Vpc | undefined> = new Map(),
): InstanceView {
  const { tx, scope } = ctx;
  if (!vpcs.has(instance.vpcId)) vpcs.set(instance.vpcId, tx.get("vpc", scope, instance.vpcId));
  const vpc = vpcs.get(instance.vpcId);
  const enis = attachedInterfaces(ctx, instance);
  const deps: unknown[] = [scope.region, vpc];
  for (const eni of enis) {
    deps.push(eni);
    if (eni.vpcId !== instance.vpcId) deps.push(tx.get("vpc", scope, eni.vpcId));
    for (const groupId of eni.groupIds) deps.push(tx.get("securityGroup", scope, groupId));
  }
  const cached = viewCache.get(instance);
  if (cached && sameDependencies(cached.deps, deps)) return cached.view;
  const view = buildView(ctx, instance, enis, vpc);
  viewCache.set(instance, { deps, view });
  return view;
}

function buildView(
  ctx: ReadContext,
  instance: Instance,
  enis: readonly NetworkInterface[],
  vpc: Vpc | undefined,
): InstanceView {
  const { tx, scope } = ctx;
  const interfaces = enis.map((eni) =>
    viewNetworkInterface(tx, scope, eni, eni.vpcId === instance.vpcId ? vpc : undefined),
  );
  const primary = interfaces.find((e) => e.attachment?.deviceIndex === 0) ?? interfaces[0];
  const type = findInstanceType(instance.instanceType);
  const terminated = instance.state === "terminated";
  const dnsOptions = instance.privateDnsNameOptions ?? DEFAULT_DNS_NAME_OPTIONS;
  const privateAddress = primary ? primary.addresses.find((a) => a.primary) : undefined;
  const privateDns =
    primary === undefined
      ? ""
      : dnsOptions.hostnameType === "resource-name"
        ? resourceDnsName(scope.region, instance.id)
        : primary.privateDnsName;
  return {
    instance,
    tags: instance.tags,
    state: instanceState(instance.state),
    interfaces,
    ...(primary ? { primary } : {}),
    ...(terminated ? {} : { subnetId: instance.subnetId, vpcId: instance.vpcId }),
    ...(privateAddress ? { privateIpAddress: privateAddress.address } : {}),
    ...(primary?.association ? { publicIpAddress: primary.association.publicIp } : {}),
    privateDnsName: privateDns,
    publicDnsName: primary?.association?.publicDnsName ?? "",
    securityGroups: primary?.groups ?? [],
    ...(primary ? { sourceDestCheck: primary.sourceDestCheck } : {}),
    coreCount: type?.defaultCores ?? 1,
    threadsPerCore: type?.defaultThreadsPerCore ?? 1,
    metadataOptions: instance.metadataOptions ?? DEFAULT_METADATA_OPTIONS,
    privateDnsNameOptions: dnsOptions,
    blockDeviceMappings: instance.blockDeviceMappings ?? [],
    currentBootMode: bootModeOn(instance.bootMode, type),
  };
}

/** The boot mode an instance starts in: the image's, or the type's first one. */
function bootModeOn(
  imageMode: string | undefined,
  type: InstanceTypeInfo | undefined,
): "legacy-bios" | "uefi" {
  const supported = type?.supportedBootModes ?? ["legacy-bios"];
  if (imageMode === "uefi") return "uefi";
  if (imageMode === "uefi-preferred") return supported.includes("uefi") ? "uefi" : "legacy-bios";
  return supported.includes("legacy-bios") ? "legacy-bios" : "uefi";
}

const iso = (d: Date | undefined) => d?.toISOString();
const eachInterface = <T>(v: InstanceView, f: (e: NetworkInterfaceView) => T) => v.interfaces.map(f);
const eachAddress = <T>(v: InstanceView, f: (a: NetworkInterfaceView["addresses"][number]) => T) =>
  v.interfaces.flatMap((e) => e.addresses.map(f));

/** Every filter of the DescribeInstances API reference. */
export const INSTANCE_FILTERS: FilterTable<InstanceView> = {
  affinity: () => undefined,
  architecture: (v) => v.instance.architecture,
  "availability-zone": (v) => v.instance.availabilityZone,
  "availability-zone-id": (v) =>
    findZone(v.instance.availabilityZone.slice(0, -1), v.instance.availabilityZone)?.zoneId,
  "block-device-mapping.attach-time": (v) => v.blockDeviceMappings.map((b) => iso(b.attachTime)),
  "block-device-mapping.delete-on-termination": (v) =>
    v.blockDeviceMappings.map((b) => b.deleteOnTermination),
  "block-device-mapping.device-name": (v) => v.blockDeviceMappings.map((b) => b.deviceName),
  "block-device-mapping.status": (v) => v.blockDeviceMappings.map((b) => b.status),
  "block-device-mapping.volume-id": (v) => v.blockDeviceMappings.map((b) => b.volumeId),
  "boot-mode": (v) => v.instance.bootMode,
  "capacity-reservation-id": () => undefined,
  "capacity-reservation-specification.capacity-reservation-preference": () => "open",
  "capacity-reservation-specification.capacity-reservation-target.capacity-reservation-id": () => undefined,
  "capacity-reservation-specification.capacity-reservation-target.capacity-reservation-resource-group-arn":
    () => undefined,
  "client-token": (v) => v.instance.clientToken,
  "current-instance-boot-mode": (v) => v.currentBootMode,
  "dns-name": (v) => v.publicDnsName,
  "ebs-optimized": (v) => v.instance.ebsOptimized,
  "ena-support": (v) => v.instance.enaSupport,
  "enclave-options.enabled": () => false,
  "hibernation-options.configured": () => false,
  "host-id": () => undefined,
  hypervisor: () => "xen",
  "iam-instance-profile.arn": (v) => v.instance.iamInstanceProfile?.arn,
  "iam-instance-profile.id": (v) => v.instance.iamInstanceProfile?.id,
  "image-id": (v) => v.instance.imageId,
  "instance-id": (v) => v.instance.id,
  "instance-lifecycle": () => undefined,
  "instance-state-code": (v) => v.state.code,
  "instance-state-name": (v) => v.state.name,
  "instance-type": (v) => v.instance.instanceType,
  "instance.group-id": (v) => v.securityGroups.map((g) => g.groupId),
  "instance.group-name": (v) => v.securityGroups.map((g) => g.groupName),
  "ip-address": (v) => v.publicIpAddress,
  "ipv6-address": (v) => v.interfaces.flatMap((e) => e.ipv6Addresses),
  "kernel-id": () => undefined,
  "key-name": (v) => v.instance.keyName,
  "launch-index": (v) => v.instance.amiLaunchIndex,
  "launch-time": (v) => iso(v.instance.launchTime),
  "maintenance-options.auto-recovery": () => "default",
  "metadata-options.http-endpoint": (v) => v.metadataOptions.httpEndpoint,
  // The metadata options have no IPv4 switch of their own: the IPv4 endpoint is the endpoint.
  "metadata-options.http-protocol-ipv4": (v) => v.metadataOptions.httpEndpoint,
  "metadata-options.http-protocol-ipv6": (v) => v.metadataOptions.httpProtocolIpv6,
  "metadata-options.http-put-response-hop-limit": (v) => v.metadataOptions.httpPutResponseHopLimit,
  "metadata-options.http-tokens": (v) => v.metadataOptions.httpTokens,
  "metadata-options.instance-metadata-tags": (v) => v.metadataOptions.instanceMetadataTags,
  "metadata-options.state": () => "applied",
  "monitoring-state": (v) => v.instance.monitoring,
  "network-interface.addresses.association.allocation-id": (v) =>
    eachAddress(v, (a) => a.association?.allocationId),
  "network-interface.addresses.association.association-id": (v) =>
    eachAddress(v, (a) => a.association?.associationId),
  "network-interface.addresses.association.carrier-ip": () => undefined,
  "network-interface.addresses.association.customer-owned-ip": () => undefined,
  "network-interface.addresses.association.ip-owner-id": (v) =>
    eachAddress(v, (a) => a.association?.ipOwnerId),
  "network-interface.addresses.association.public-dns-name": (v) =>
    eachAddress(v, (a) => a.association?.publicDnsName),
  "network-interface.addresses.association.public-ip": (v) => eachAddress(v, (a) => a.association?.publicIp),
  "network-interface.addresses.primary": (v) => eachAddress(v, (a) => a.primary),
  "network-interface.addresses.private-dns-name": (v) => eachAddress(v, (a) => a.privateDnsName),
  "network-interface.addresses.private-ip-address": (v) => eachAddress(v, (a) => a.address),
  "network-interface.association.allocation-id": (v) => eachInterface(v, (e) => e.association?.allocationId),
  "network-interface.association.association-id": (v) =>
    eachInterface(v, (e) => e.association?.associationId),
  "network-interface.association.carrier-ip": () => undefined,
  "network-interface.association.customer-owned-ip": () => undefined,
  "network-interface.association.ip-owner-id": (v) => eachInterface(v, (e) => e.association?.ipOwnerId),
  "network-interface.association.public-dns-name": (v) =>
    eachInterface(v, (e) => e.association?.publicDnsName),
  "network-interface.association.public-ip": (v) => eachInterface(v, (e) => e.association?.publicIp),
  "network-interface.attachment.attach-time": (v) => eachInterface(v, (e) => iso(e.attachment?.attachTime)),
  "network-interface.attachment.attachment-id": (v) => eachInterface(v, (e) => e.attachment?.attachmentId),
  "network-interface.attachment.delete-on-termination": (v) =>
    eachInterface(v, (e) => e.attachment?.deleteOnTermination),
  "network-interface.attachment.device-index": (v) => eachInterface(v, (e) => e.attachment?.deviceIndex),
  "network-interface.attachment.instance-id": (v) => eachInterface(v, (e) => e.attachment?.instanceId),
  "network-interface.attachment.instance-owner-id": (v) =>
    eachInterface(v, (e) => e.attachment?.instanceOwnerId),
  "network-interface.attachment.network-card-index": (v) =>
    eachInterface(v, (e) => e.attachment?.networkCardIndex),
  "network-interface.attachment.status": (v) => eachInterface(v, (e) => e.attachment?.status),
  "network-interface.availability-zone": (v) => eachInterface(v, (e) => e.availabilityZone),
  "network-interface.deny-all-igw-traffic": () => undefined,
  "network-interface.description": (v) => eachInterface(v, (e) => e.description),
  "network-interface.group-id": (v) => v.interfaces.flatMap((e) => e.groups.map((g) => g.groupId)),
  "network-interface.group-name": (v) => v.interfaces.flatMap((e) => e.groups.map((g) => g.groupName)),
  "network-interface.ipv4-prefixes.ipv4-prefix": () => undefined,
  "network-interface.ipv6-address": (v) => v.interfaces.flatMap((e) => e.ipv6Addresses),
  "network-interface.ipv6-addresses.ipv6-address": (v) => v.interfaces.flatMap((e) => e.ipv6Addresses),
  "network-interface.ipv6-addresses.is-primary-ipv6": () => undefined,
  // IPv6-only subnets are refused (CreateSubnet), so no interface is IPv6-native.
  "network-interface.ipv6-native": (v) => eachInterface(v, () => false),
  "network-interface.ipv6-prefixes.ipv6-prefix": () => undefined,
  "network-interface.mac-address": (v) => eachInterface(v, (e) => e.macAddress),
  "network-interface.network-interface-id": (v) => eachInterface(v, (e) => e.id),
  "network-interface.operator.managed": (v) => eachInterface(v, () => false),
  "network-interface.operator.principal": () => undefined,
  "network-interface.outpost-arn": () => undefined,
  "network-interface.owner-id": (v) => eachInterface(v, (e) => e.ownerId),
  "network-interface.private-dns-name": (v) => eachInterface(v, (e) => e.privateDnsName),
  "network-interface.private-ip-address": (v) => eachAddress(v, (a) => a.address),
  "network-interface.public-dns-name": (v) => eachInterface(v, (e) => e.association?.publicDnsName),
  "network-interface.requester-id": (v) => eachInterface(v, (e) => e.requesterId),
  "network-interface.requester-managed": (v) => eachInterface(v, (e) => e.requesterManaged),
  "network-interface.status": (v) => eachInterface(v, (e) => e.status),
  "network-interface.source-dest-check": (v) => eachInterface(v, (e) => e.sourceDestCheck),
  "network-interface.subnet-id": (v) => eachInterface(v, (e) => e.subnetId),
  "network-interface.tag-key": (v) => v.interfaces.flatMap((e) => e.tags.map((t) => t.key)),
  "network-interface.tag-value": (v) => v.interfaces.flatMap((e) => e.tags.map((t) => t.value)),
  "network-interface.vpc-id": (v) => eachInterface(v, (e) => e.vpcId),
  "network-performance-options.bandwidth-weighting": () => "default",
  "operator.managed": () => false,
  "operator.principal": () => undefined,
  "outpost-arn": () => undefined,
  "owner-id": (v) => v.instance.ownerId,
  "placement-group-name": () => undefined,
  "placement-partition-number": () => undefined,
  platform: (v) => v.instance.platform,
  "platform-details": () => "Linux/UNIX",
  "private-dns-name": (v) => v.privateDnsName,
  "private-dns-name-options.enable-resource-name-dns-a-record": (v) =>
    v.privateDnsNameOptions.enableResourceNameDnsARecord,
  "private-dns-name-options.enable-resource-name-dns-aaaa-record": (v) =>
    v.privateDnsNameOptions.enableResourceNameDnsAAAARecord,
  "private-dns-name-options.hostname-type": (v) => v.privateDnsNameOptions.hostnameType,
  "private-ip-address": (v) => v.privateIpAddress,
  "product-code": () => undefined,
  "product-code.type": () => undefined,
  "ramdisk-id": () => undefined,
  reason: (v) => v.instance.stateTransitionReason,
  "requester-id": () => undefined,
  "reservation-id": (v) => v.instance.reservationId,
  "root-device-name": (v) => v.instance.rootDeviceName,
  "root-device-type": () => "ebs",
  "source-dest-check": (v) => v.sourceDestCheck,
  "spot-instance-request-id": () => undefined,
  "state-reason-code": (v) => v.instance.stateReason?.code,
  "state-reason-message": (v) => v.instance.stateReason?.message,
  "subnet-id": (v) => v.subnetId,
  tenancy: (v) => v.instance.tenancy,
  "tpm-support": () => undefined,
  "usage-operation": () => "RunInstances",
  "usage-operation-update-time": (v) => iso(v.instance.launchTime),
  "virtualization-type": () => "hvm",
  "vpc-id": (v) => v.vpcId,
};

// ---- RunInstances -----------------------------------------------------------------------------

export interface LaunchInterfaceSpec {
  readonly deviceIndex?: number;
  readonly networkInterfaceId?: string;
  readonly subnetId?: string;
  readonly groups?: readonly string[];
  readonly associatePublicIpAddress?: boolean;
  readonly deleteOnTermination?: boolean;
  readonly description?: string;
  readonly privateIpAddress?: string;
  readonly privateIpAddresses?: readonly { readonly privateIpAddress?: string; readonly primary?: boolean }[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly networkCardIndex?: number;
  readonly interfaceType?: string;
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly string[];
}

export interface LaunchBlockDeviceSpec {
  readonly deviceName?: string;
  readonly noDevice?: boolean;
  readonly virtualName?: string;
  readonly ebs?: { readonly deleteOnTermination?: boolean };
}

export interface RunInstancesInput {
  readonly imageId?: string;
  readonly instanceType?: string;
  readonly minCount?: number;
  readonly maxCount?: number;
  readonly keyName?: string;
  readonly subnetId?: string;
  readonly securityGroupIds?: readonly string[];
  readonly securityGroups?: readonly string[];
  readonly privateIpAddress?: string;
  /** Base64, as the CLI sends it (it encodes files given with `file://`). */
  readonly userData?: string;
  readonly placement?: {
    readonly availabilityZone?: string;
    readonly tenancy?: string;
    readonly groupName?: string;
    readonly hostId?: string;
  };
  readonly networkInterfaces?: readonly LaunchInterfaceSpec[];
  readonly blockDeviceMappings?: readonly LaunchBlockDeviceSpec[];
  readonly monitoring?: boolean;
  readonly disableApiTermination?: boolean;
  readonly disableApiStop?: boolean;
  readonly instanceInitiatedShutdownBehavior?: string;
  readonly ebsOptimized?: boolean;
  readonly clientToken?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
  readonly metadataOptions?: Partial<{
    readonly httpTokens: string;
    readonly httpPutResponseHopLimit: number;
    readonly httpEndpoint: string;
    readonly httpProtocolIpv6: string;
    readonly instanceMetadataTags: string;
  }>;
  readonly privateDnsNameOptions?: {
    readonly hostnameType?: string;
    readonly enableResourceNameDnsARecord?: boolean;
    readonly enableResourceNameDnsAAAARecord?: boolean;
  };
  readonly iamInstanceProfile?: { readonly arn?: string; readonly name?: string };
  readonly ipv6AddressCount?: number;
  readonly ipv6Addresses?: readonly string[];
  readonly kernelId?: string;
  readonly ramdiskId?: string;
  /** Parameters vpcsim does not simulate, by wire name, when present. */
  readonly unsupported?: readonly string[];
}

interface InterfacePlan {
  readonly deviceIndex: number;
  readonly networkCardIndex: number;
  readonly subnet: Subnet;
  readonly existing?: NetworkInterface;
  readonly groupIds: readonly string[];
  readonly autoAssignPublicIp: boolean;
  readonly deleteOnTermination: boolean;
  readonly description?: string;
  readonly privateIpAddress?: string;
  readonly secondaryPrivateIpAddresses: readonly string[];
  readonly secondaryPrivateIpAddressCount: number;
}

function assertCount(value: number | undefined, wireName: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. Expected a non-negative integer.`,
    );
  }
}

function assertUserData(userData: string | undefined): void {
  if (userData === undefined) return;
  const compact = userData.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw new InvalidParameterValue("Invalid BASE64 encoding of user data.");
  }
  if (Buffer.from(compact, "base64").length > MAX_USER_DATA_BYTES) {
    throw new InvalidParameterValue(`User data is limited to ${MAX_USER_DATA_BYTES} bytes.`);
  }
}

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  wireName: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${wireName} is invalid. Valid values: ${allowed.join(", ")}`,
    );
  }
  return value as T;
}

/** Splits `TagSpecification.N` by resource type, refusing types RunInstances cannot tag. */
function launchTags(ctx: ReadContext, specs: readonly TagSpecificationInput[] | undefined) {
  const limit = ctx.config.quotas.tagsPerResource;
  for (const spec of specs ?? []) {
    if (spec.resourceType !== undefined && !LAUNCH_TAGGABLE.includes(spec.resourceType)) {
      throw new InvalidParameterValue(
        `'${spec.resourceType}' is not a valid taggable resource type for this operation.`,
      );
    }
  }
  const of = (type: string) =>
    tagsFromSpecifications(
      specs?.filter((s) => s.resourceType === type || s.resourceType === undefined),
      type,
      limit,
    );
  return { instance: of("instance"), networkInterface: of("network-interface"), volume: of("volume") };
}

/** The subnet of a launch that names none: the default VPC's default subnet (in the zone asked for). */
function defaultSubnet(ctx: ReadContext, zone: string | undefined): Subnet {
  const vpc = defaultVpcOf(ctx.tx, ctx.scope);
  if (!vpc) {
    throw new VpcIdNotSpecified(
      "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.",
    );
  }
  const subnets = ctx.tx
    .listBy("subnet", ctx.scope, "vpcId", vpc.id)
    .filter((s) => s.defaultForAz)
    .sort((a, b) =>
      a.availabilityZone < b.availabilityZone ? -1 : a.availabilityZone > b.availabilityZone ? 1 : 0,
    );
  const chosen = zone === undefined ? subnets[0] : subnets.find((s) => s.availabilityZone === zone);
  if (!chosen) {
    if (subnets.length === 0) throw new NoDefaultSubnets(vpc.id);
    throw new InvalidParameterValue(`No default subnet for availability zone: '${zone}'.`);
  }
  return chosen;
}

function assertZone(ctx: ReadContext, zone: string | undefined, subnet: Subnet | undefined): void {
  if (zone === undefined) return;
  const found = findZone(ctx.scope.region, zone);
  if (!found || found.zoneName !== zone)
    throw new InvalidParameterValue(`Invalid availability zone: [${zone}]`);
  if (subnet && subnet.availabilityZone !== zone) {
    throw new InvalidParameterValue(
      `Value (${zone}) for parameter availabilityZone is invalid. Subnet '${subnet.id}' is in the availability zone ${subnet.availabilityZone}`,
    );
  }
}

/** Security groups named by `SecurityGroup.N`: allowed in the default VPC only. */
function groupIdsByName(
  ctx: ReadContext,
  vpc: Vpc,
  names: readonly string[],
  explicitSubnet: boolean,
): string[] {
  if (!vpc.isDefault && explicitSubnet) {
    throw new InvalidParameterCombination("The parameter groupName cannot be used with the parameter subnet");
  }
  const groups = ctx.tx.listBy("securityGroup", ctx.scope, "vpcId", vpc.id);
  return names.map((name) => {
    const group = groups.find((g) => g.groupName === name);
    if (!group) throw new InvalidGroupNotFoundInVpc(name, vpc.id);
    return group.id;
  });
}

/** PrivateIpAddresses.N of an interface: the primary and the secondaries. */
function splitAddresses(spec: LaunchInterfaceSpec): { primary?: string; secondaries: string[] } {
  const listed = spec.privateIpAddresses ?? [];
  const flagged = listed.filter((p) => p.primary === true);
  if (flagged.length > 1)
    throw new InvalidParameterValue("Only one primary private IP address can be specified.");
  const primary = spec.privateIpAddress ?? flagged[0]?.privateIpAddress;
  const secondaries = listed
    .map((p) => {
      if (!p.privateIpAddress) throw new MissingParameter("privateIpAddresses.privateIpAddress");
      return p.privateIpAddress;
    })
    .filter((a) => a !== primary);
  if (primary === undefined && secondaries.length > 0)
    return { primary: secondaries[0]!, secondaries: secondaries.slice(1) };
  return { ...(primary !== undefined ? { primary } : {}), secondaries };
}

function planInterfaces(ctx: ReadContext, input: RunInstancesInput): InterfacePlan[] {
  const { tx, scope } = ctx;
  const zone = input.placement?.availabilityZone;
  if (!input.networkInterfaces || input.networkInterfaces.length === 0) {
    const subnet = input.subnetId
      ? requireRecord(tx, scope, "subnet", input.subnetId, SubnetIdErrors)
      : defaultSubnet(ctx, zone);
    assertZone(ctx, zone, subnet);
    const vpc = tx.get("vpc", scope, subnet.vpcId)!;
    const named = input.securityGroups?.length
      ? groupIdsByName(ctx, vpc, input.securityGroups, input.subnetId !== undefined)
      : [];
    const groupIds = securityGroupsForInterface(
      ctx,
      vpc.id,
      [...(input.securityGroupIds ?? []), ...named],
      subnet.id,
    );
    return [
      {
        deviceIndex: 0,
        networkCardIndex: 0,
        subnet,
        groupIds,
        autoAssignPublicIp: subnet.mapPublicIpOnLaunch,
        deleteOnTermination: true,
        ...(input.privateIpAddress !== undefined ? { privateIpAddress: input.privateIpAddress } : {}),
        secondaryPrivateIpAddresses: [],
        secondaryPrivateIpAddressCount: 0,
      },
    ];
  }
  if (input.subnetId) {
    throw new InvalidParameterCombination(
      "Network interfaces and an instance-level subnet ID may not be specified on the same request",
    );
  }
  if (input.securityGroupIds?.length || input.securityGroups?.length) {
    throw new InvalidParameterCombination(
      "Network interfaces and an instance-level security groups may not be specified on the same request",
    );
  }
  if (input.privateIpAddress !== undefined) {
    throw new InvalidParameterCombination(
      "Network interfaces and an instance-level private IP address may not be specified on the same request",
    );
  }
  const specs = input.networkInterfaces;
  const seen = new Set<string>();
  const plans = specs.map((spec): InterfacePlan => {
    if (spec.deviceIndex === undefined)
      throw new InvalidParameterValue("Each network interface requires a device index.");
    assertCount(spec.deviceIndex, "networkInterface.deviceIndex");
    assertCount(spec.secondaryPrivateIpAddressCount, "networkInterface.secondaryPrivateIpAddressCount");
    if (spec.ipv6AddressCount || spec.ipv6Addresses?.length) {
      throw new UnsupportedOperation("vpcsim does not assign IPv6 addresses to instances yet.");
    }
    if (spec.interfaceType !== undefined && spec.interfaceType !== "interface") {
      throw new UnsupportedOperation(`vpcsim does not simulate ${spec.interfaceType} interfaces.`);
    }
    const networkCardIndex = spec.networkCardIndex ?? 0;
    if (networkCardIndex !== 0) {
      throw new InvalidParameterValue(
        `Value (${networkCardIndex}) for parameter networkCardIndex is invalid. The instance type has one network card.`,
      );
    }
    const key = `${networkCardIndex}:${spec.deviceIndex}`;
    if (seen.has(key)) {
      throw new InvalidParameterValue(
        `Each network interface requires a unique device index. Duplicate: ${spec.deviceIndex}.`,
      );
    }
    seen.add(key);
    if (spec.associatePublicIpAddress !== undefined && spec.associatePublicIpAddress && specs.length > 1) {
      throw new InvalidParameterCombination(
        "The associatePublicIPAddress parameter cannot be specified when launching with multiple network interfaces.",
      );
    }
    if (spec.associatePublicIpAddress && spec.deviceIndex !== 0) {
      throw new InvalidParameterCombination(
        "The associatePublicIPAddress parameter can only be specified for the network interface with DeviceIndex 0.",
      );
    }
    if (spec.networkInterfaceId !== undefined) {
      if (
        spec.subnetId !== undefined ||
        spec.groups?.length ||
        spec.privateIpAddress !== undefined ||
        spec.privateIpAddresses?.length ||
        spec.secondaryPrivateIpAddressCount
      ) {
        throw new InvalidParameterCombination(
          "A network interface ID cannot be specified with a subnet, security groups or private IP addresses.",
        );
      }
      if (spec.associatePublicIpAddress) {
        throw new InvalidParameterCombination(
          "The associatePublicIPAddress parameter cannot be specified for a network interface with an ID.",
        );
      }
      const eni = requireRecord(
        tx,
        scope,
        "networkInterface",
        spec.networkInterfaceId,
        NetworkInterfaceIdErrors,
      );
      if (eni.attachment || eni.status !== "available" || eni.requesterManaged) {
        throw new InvalidNetworkInterfaceInUse(eni.id);
      }
      return {
        deviceIndex: spec.deviceIndex,
        networkCardIndex,
        subnet: tx.get("subnet", scope, eni.subnetId)!,
        existing: eni,
        groupIds: eni.groupIds,
        autoAssignPublicIp: false,
        deleteOnTermination: spec.deleteOnTermination ?? false,
        secondaryPrivateIpAddresses: [],
        secondaryPrivateIpAddressCount: 0,
      };
    }
    const subnet = spec.subnetId
      ? requireRecord(tx, scope, "subnet", spec.subnetId, SubnetIdErrors)
      : defaultSubnet(ctx, zone);
    const { primary, secondaries } = splitAddresses(spec);
    if (secondaries.length > 0 && spec.secondaryPrivateIpAddressCount) {
      throw new InvalidParameterCombination(
        "You may specify secondaryPrivateIpAddressCount or specific secondary private IP addresses, but not both.",
      );
    }
    return {
      deviceIndex: spec.deviceIndex,
      networkCardIndex,
      subnet,
      groupIds: securityGroupsForInterface(ctx, subnet.vpcId, spec.groups, subnet.id),
      // A public address goes to a single new interface at device index 0, when asked or when
      // its subnet maps public addresses on launch (EC2 User Guide, "Public IPv4 addresses").
      autoAssignPublicIp: specs.length === 1 && (spec.associatePublicIpAddress ?? subnet.mapPublicIpOnLaunch),
      deleteOnTermination: spec.deleteOnTermination ?? true,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(primary !== undefined ? { privateIpAddress: primary } : {}),
      secondaryPrivateIpAddresses: secondaries,
      secondaryPrivateIpAddressCount: spec.secondaryPrivateIpAddressCount ?? 0,
    };
  });
  const primary = plans.find((p) => p.deviceIndex === 0 && p.networkCardIndex === 0);
  if (!primary) {
    throw new InvalidParameterValue(
      "When specifying network interfaces, you must include a device index of 0.",
    );
  }
  for (const plan of plans) {
    if (plan.subnet.availabilityZone !== primary.subnet.availabilityZone) {
      throw new InvalidParameterCombination(
        "You may not attach a network interface to an instance if they are not in the same availability zone",
      );
    }
  }
  assertZone(ctx, zone, primary.subnet);
  return plans.sort((a, b) => a.deviceIndex - b.deviceIndex);
}

function addressesPerInstance(plan: InterfacePlan): number {
  if (plan.existing) return 0;
  return 1 + plan.secondaryPrivateIpAddresses.length + plan.secondaryPrivateIpAddressCount;
}

/**
 * How many instances fit, from MaxCount down to MinCount: each needs its addresses in every
 * subnet it has interfaces in (MinCount/MaxCount semantics of the API reference: all of MinCount or
 * nothing, then as many as fit up to MaxCount).
 */
function instancesThatFit(
  ctx: ReadContext,
  plans: readonly InterfacePlan[],
  taken: Map<string, Set<number>>,
  minCount: number,
  maxCount: number,
): number {
  const needed = new Map<string, number>();
  for (const plan of plans)
    needed.set(plan.subnet.id, (needed.get(plan.subnet.id) ?? 0) + addressesPerInstance(plan));
  let fit = maxCount;
  for (const [subnetId, perInstance] of needed) {
    if (perInstance === 0) continue;
    const subnet = plans.find((p) => p.subnet.id === subnetId)!.subnet;
    let used = taken.get(subnetId);
    if (!used) {
      used = addressesInUse(ctx.tx, ctx.scope, subnetId);
      taken.set(subnetId, used);
    }
    const free = usableAddressCount(storedIpv4Cidr(subnet.cidrBlock)) - used.size;
    const possible = Math.floor(Math.max(0, free) / perInstance);
    if (possible < minCount) throw new InsufficientFreeAddressesInSubnet(subnetId);
    fit = Math.min(fit, possible);
  }
  return fit;
}

function metadataOptionsFor(
  image: Image,
  input: RunInstancesInput["metadataOptions"],
): InstanceMetadataOptions {
  // Images that declare IMDSv2 support (Amazon Linux 2023) launch with tokens required and a hop
  // limit of 2 (EC2 User Guide, "Configure the instance metadata options for new instances").
  const imdsV2 = image.imdsSupport === "v2.0";
  const hopLimit = input?.httpPutResponseHopLimit ?? (imdsV2 ? 2 : 1);
  if (!Number.isInteger(hopLimit) || hopLimit < 1 || hopLimit > 64) {
    throw new InvalidParameterValue(
      `Value (${hopLimit}) for parameter httpPutResponseHopLimit is invalid. Valid values are integers from 1 to 64.`,
    );
  }
  const onOff = ["enabled", "disabled"] as const;
  return {
    httpTokens:
      oneOf(input?.httpTokens, ["optional", "required"] as const, "httpTokens") ??
      (imdsV2 ? "required" : "optional"),
    httpPutResponseHopLimit: hopLimit,
    httpEndpoint: oneOf(input?.httpEndpoint, onOff, "httpEndpoint") ?? "enabled",
    httpProtocolIpv6: oneOf(input?.httpProtocolIpv6, onOff, "httpProtocolIpv6") ?? "disabled",
    instanceMetadataTags: oneOf(input?.instanceMetadataTags, onOff, "instanceMetadataTags") ?? "disabled",
  };
}

function iamProfileFor(ctx: ReadContext, input: RunInstancesInput["iamInstanceProfile"]) {
  if (!input || (input.arn === undefined && input.name === undefined)) return undefined;
  const arn = input.arn ?? `arn:aws:iam::${ctx.scope.account}:instance-profile/${input.name}`;
  if (!/^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/.+$/.test(arn)) {
    throw new InvalidParameterValue(
      `Value (${arn}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`,
    );
  }
  // AWS's instance profile ids: `AIPA` and 17 upper-case characters; ours derive from the ARN.
  let hash = 0;
  for (const ch of arn) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const id = `AIPA${hash.toString(36).toUpperCase().padStart(7, "0")}${"X".repeat(10)}`.slice(0, 21);
  return { arn, id };
}

export interface ReservationView {
  readonly reservationId: string;
  readonly ownerId: string;
  readonly instances: readonly InstanceView[];
}

/**
 * Launches instances: one reservation per call, each instance with a primary interface in its
 * subnet (or the interfaces `NetworkInterface.N` asks for), all of MinCount or nothing.
 */
export function runInstances(ctx: WriteContext, input: RunInstancesInput): { reservation: ReservationView } {
  const { tx, scope } = ctx;
  if (input.unsupported?.length) {
    throw new UnsupportedOperation(
      `vpcsim does not simulate ${input.unsupported.join(", ")} of RunInstances.`,
    );
  }
  if (input.ipv6AddressCount || input.ipv6Addresses?.length) {
    throw new UnsupportedOperation("vpcsim does not assign IPv6 addresses to instances yet.");
  }
  if (input.kernelId !== undefined || input.ramdiskId !== undefined) {
    throw new UnsupportedOperation("vpcsim launches HVM images only: kernels and RAM disks do not apply.");
  }
  if (!input.imageId) throw new MissingParameter("ImageId");
  if (input.maxCount === undefined) throw new MissingParameter("MaxCount");
  if (input.minCount === undefined) throw new MissingParameter("MinCount");
  const { minCount, maxCount } = input;
  if (!Number.isInteger(maxCount) || maxCount < 1) {
    throw new InvalidParameterValue("Maximum instance count must be greater than zero");
  }
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new InvalidParameterValue("Minimum instance count must be greater than zero");
  }
  if (minCount > maxCount) {
    throw new InvalidParameterValue(
      "Minimum instance count must be less than or equal to the maximum instance count",
    );
  }
  const image = requireImage(scope.region, input.imageId);
  const type = requireInstanceType(input.instanceType ?? DEFAULT_INSTANCE_TYPE);
  if (!type.architectures.includes(image.architecture)) {
    throw new InvalidParameterValue(
      `The architecture '${type.architectures.includes("x86_64") ? "x86_64" : type.architectures[0]}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    );
  }
  const keyPair =
    input.keyName !== undefined && input.keyName !== ""
      ? requireKeyPairByName(ctx, input.keyName)
      : undefined;
  const shutdownBehavior =
    oneOf(
      input.instanceInitiatedShutdownBehavior,
      ["stop", "terminate"] as const,
      "InstanceInitiatedShutdownBehavior",
    ) ?? "stop";
  assertUserData(input.userData);
  const tenancy = oneOf(input.placement?.tenancy, ["default", "dedicated", "host"] as const, "tenancy");
  if (tenancy === "host" || input.placement?.hostId !== undefined) {
    throw new UnsupportedOperation("vpcsim does not simulate Dedicated Hosts.");
  }
  if (input.placement?.groupName) {
    // Placement groups cannot be created here, so every name is unknown.
    throw new AwsError(
      "InvalidPlacementGroup.Unknown",
      `The Placement Group '${input.placement.groupName}' is unknown.`,
    );
  }
  if (input.ebsOptimized && type.ebsOptimizedSupport === "unsupported") {
    throw new InvalidParameterCombination(
      `EBS-optimized instances are not supported for your requested configuration. Please check the documentation for supported configurations.`,
    );
  }

  const plans = planInterfaces(ctx, input);
  if (plans.length > type.maxNetworkInterfaces) {
    throw new InstanceAttachmentLimitExceeded(plans.length, type.instanceType);
  }
  for (const plan of plans) {
    const count = plan.existing ? plan.existing.privateIpAddresses.length : addressesPerInstance(plan);
    if (count > type.ipv4AddressesPerInterface) throw new InstancePrivateIpLimitExceeded();
  }
  const explicitAddresses = plans.some(
    (p) => p.privateIpAddress !== undefined || p.secondaryPrivateIpAddresses.length,
  );
  if (maxCount > 1 && (explicitAddresses || plans.some((p) => p.existing))) {
    throw new InvalidParameterCombination(
      "Cannot specify a network interface ID or explicit private IP addresses when launching more than one instance.",
    );
  }
  const tags = launchTags(ctx, input.tagSpecifications);
  const metadataOptions = metadataOptionsFor(image, input.metadataOptions);
  const iamInstanceProfile = iamProfileFor(ctx, input.iamInstanceProfile);
  const primarySubnet = plans[0]!.subnet;
  const vpc = tx.get("vpc", scope, primarySubnet.vpcId)!;
  const hostnameType =
    oneOf(input.privateDnsNameOptions?.hostnameType, ["ip-name", "resource-name"] as const, "hostnameType") ??
    primarySubnet.privateDnsHostnameType;
  const privateDnsNameOptions: InstancePrivateDnsNameOptions = {
    hostnameType,
    enableResourceNameDnsARecord:
      input.privateDnsNameOptions?.enableResourceNameDnsARecord ?? primarySubnet.enableResourceNameDnsARecord,
    enableResourceNameDnsAAAARecord:
      input.privateDnsNameOptions?.enableResourceNameDnsAAAARecord ??
      primarySubnet.enableResourceNameDnsAAAARecord,
  };

  const taken = new Map<string, Set<number>>();
  const count = instancesThatFit(ctx, plans, taken, minCount, maxCount);
  const reservationId = ctx.ids("r");
  const now = ctx.clock.now();
  const instances: Instance[] = [];
  for (let launchIndex = 0; launchIndex < count; launchIndex++) {
    const instanceId = ctx.ids("i");
    const owner = { id: instanceId, ownerId: scope.account };
    const interfaceIds: string[] = [];
    for (const plan of plans) {
      let eni =
        plan.existing ??
        provisionNetworkInterface(ctx, {
          subnet: plan.subnet,
          groupIds: plan.groupIds,
          tags: tags.networkInterface,
          taken: taken.get(plan.subnet.id) ?? addressesInUse(tx, scope, plan.subnet.id),
          autoAssignPublicIp: plan.autoAssignPublicIp,
          ...(plan.description !== undefined ? { description: plan.description } : {}),
          ...(plan.privateIpAddress !== undefined ? { privateIpAddress: plan.privateIpAddress } : {}),
          secondaryPrivateIpAddresses: plan.secondaryPrivateIpAddresses,
          secondaryPrivateIpAddressCount: plan.secondaryPrivateIpAddressCount,
        });
      if (plan.autoAssignPublicIp) {
        eni = withPublicAssociation(eni, primaryAddress(eni).address, {
          publicIp: allocatePublicIp(ctx),
          ipOwnerId: AMAZON_IP_OWNER,
        });
        tx.put("networkInterface", scope, eni);
      }
      attachInterfaceToInstance(ctx, eni, owner, {
        deviceIndex: plan.deviceIndex,
        networkCardIndex: plan.networkCardIndex,
        deleteOnTermination: plan.deleteOnTermination,
      });
      interfaceIds.push(eni.id);
    }
    const instance: Instance = {
      id: instanceId,
      ownerId: scope.account,
      tags: tags.instance,
      reservationId,
      amiLaunchIndex: launchIndex,
      imageId: image.imageId,
      instanceType: type.instanceType,
      ...(keyPair ? { keyName: keyPair.keyName } : {}),
      launchTime: now,
      availabilityZone: primarySubnet.availabilityZone,
      tenancy: tenancy ?? (vpc.instanceTenancy === "dedicated" ? "dedicated" : "default"),
      state: "pending",
      stateTransitionReason: "",
      subnetId: primarySubnet.id,
      vpcId: primarySubnet.vpcId,
      networkInterfaceIds: interfaceIds,
      ...(input.userData !== undefined && input.userData !== "" ? { userData: input.userData } : {}),
      ...(input.clientToken !== undefined ? { clientToken: input.clientToken } : {}),
      architecture: image.architecture,
      rootDeviceName: image.rootDeviceName,
      // AWS reports the flag as requested: false unless asked, even for types optimised by default.
      ebsOptimized: input.ebsOptimized ?? false,
      monitoring: input.monitoring ? "enabled" : "disabled",
      disableApiTermination: input.disableApiTermination ?? false,
      instanceInitiatedShutdownBehavior: shutdownBehavior,
      disableApiStop: input.disableApiStop ?? false,
      enaSupport: image.enaSupport,
      sriovNetSupport: image.sriovNetSupport,
      ...(image.bootMode !== undefined ? { bootMode: image.bootMode } : {}),
      metadataOptions,
      privateDnsNameOptions,
      blockDeviceMappings: blockDevicesFor(ctx, image, input.blockDeviceMappings, now),
      ...(iamInstanceProfile ? { iamInstanceProfile } : {}),
    };
    instances.push(enterState(ctx, instance, "pending", ctx.config.delays.instancePendingMs));
  }
  // AWS's response shows the interfaces and volumes still `attaching`, and a `pending` state reason.
  const views = instances.map((i) => {
    const view = viewInstance(ctx, i);
    return {
      ...view,
      instance: { ...view.instance, stateReason: { code: "pending", message: "pending" } },
      interfaces: view.interfaces.map((e) => ({
        ...e,
        attachment: { ...e.attachment!, status: "attaching" as const },
      })),
      blockDeviceMappings: view.blockDeviceMappings.map((b) => ({ ...b, status: "attaching" as const })),
    };
  });
  return { reservation: { reservationId, ownerId: scope.account, instances: views } };
}

/** The EBS volumes of a launch: the image's root volume and the extra devices asked for. */
function blockDevicesFor(
  ctx: WriteContext,
  image: Image,
  specs: readonly LaunchBlockDeviceSpec[] | undefined,
  now: Date,
): InstanceBlockDevice[] {
  const devices: InstanceBlockDevice[] = [];
  const root = specs?.find((s) => s.deviceName === image.rootDeviceName);
  if (root?.noDevice) {
    throw new InvalidParameterCombination("The device 'root' cannot be suppressed.");
  }
  devices.push({
    deviceName: image.rootDeviceName,
    volumeId: ctx.ids("vol"),
    attachTime: now,
    deleteOnTermination: root?.ebs?.deleteOnTermination ?? true,
    status: "attached",
  });
  for (const spec of specs ?? []) {
    if (!spec.deviceName) throw new MissingParameter("BlockDeviceMapping.DeviceName");
    if (spec.deviceName === image.rootDeviceName || spec.noDevice || spec.virtualName || !spec.ebs) continue;
    if (devices.some((d) => d.deviceName === spec.deviceName)) {
      throw new InvalidParameterValue(`The device name ${spec.deviceName} is specified more than once.`);
    }
    devices.push({
      deviceName: spec.deviceName,
      volumeId: ctx.ids("vol"),
      attachTime: now,
      deleteOnTermination: spec.ebs.deleteOnTermination ?? true,
      status: "attached",
    });
  }
  return devices;
}

// ---- DescribeInstances ------------------------------------------------------------------------

/** Filters that name a field the store indexes: one exact value avoids a scan. */
const INDEXED_FILTERS: { readonly [name: string]: string } = {
  "subnet-id": "subnetId",
  "vpc-id": "vpcId",
  "reservation-id": "reservationId",
};

function indexedCandidates(ctx: ReadContext, filters: readonly Filter[] | undefined): Instance[] | undefined {
  for (const f of filters ?? []) {
    const field = INDEXED_FILTERS[f.name];
    if (!field || f.values.some((v) => /[*?\\]/.test(v))) continue;
    const seen = new Set<string>();
    const found: Instance[] = [];
    for (const value of f.values) {
      for (const instance of ctx.tx.listBy("instance", ctx.scope, field, value)) {
        if (!seen.has(instance.id)) {
          seen.add(instance.id);
          found.push(instance);
        }
      }
    }
    return found;
  }
  return undefined;
}

export interface DescribeInstancesInput extends PageRequest {
  readonly instanceIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

function selectInstances(ctx: ReadContext, input: DescribeInstancesInput): InstanceView[] {
  if (input.instanceIds?.length && input.maxResults !== undefined) {
    throw new InvalidParameterCombination(
      "The parameter instancesSet cannot be used with the parameter maxResults",
    );
  }
  const matches = compileFilters(INSTANCE_FILTERS, input.filters);
  const candidates = input.instanceIds?.length
    ? selectByIds(ctx.tx, ctx.scope, "instance", input.instanceIds, InstanceIdErrors)
    : (indexedCandidates(ctx, input.filters) ?? ctx.tx.list("instance", ctx.scope));
  const vpcs = new Map<string, Vpc | undefined>();
  const views: InstanceView[] = [];
  for (const instance of candidates) {
    const view = viewInstance(ctx, instance, vpcs);
    if (matches(view)) views.push(view);
  }
  return views;
}

export function describeInstances(
  ctx: ReadContext,
  input: DescribeInstancesInput,
): { reservations: readonly ReservationView[]; nextToken?: string } {
  const views = selectInstances(ctx, input);
  const page = paginate(views, input, ["DescribeInstances", input.instanceIds ?? [], input.filters ?? []]);
  // A page holds instances; they are grouped by the reservation they were launched in.
  const reservations = new Map<
    string,
    { reservationId: string; ownerId: string; instances: InstanceView[] }
  >();
  for (const view of page.items) {
    const id = view.instance.reservationId;
    let reservation = reservations.get(id);
    if (!reservation) {
      reservation = { reservationId: id, ownerId: view.instance.ownerId, instances: [] };
      reservations.set(id, reservation);
    }
    reservation.instances.push(view);
  }
  return {
    reservations: [...reservations.values()],
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}

// ---- DescribeInstanceStatus -------------------------------------------------------------------

export type StatusValue = "ok" | "impaired" | "initializing" | "insufficient-data" | "not-applicable";

export interface InstanceStatusView {
  readonly instanceId: string;
  readonly availabilityZone: string;
  readonly state: InstanceState;
  /**
   * Instance and system checks alike: `initializing` for `instanceStatusInitializingMs` after the
   * instance reaches `running`, then `ok` (nothing here fails); `not-applicable` when not running.
   */
  readonly status: StatusValue;
  readonly tags: readonly Tag[];
}

/** The reachability detail of a status (InstanceStatusDetails: passed | failed | insufficient-data | initializing). */
export function reachabilityOf(status: StatusValue): "passed" | "initializing" | undefined {
  if (status === "ok") return "passed";
  if (status === "initializing") return "initializing";
  return undefined;
}

function statusOf(instance: Instance, now: Date): StatusValue {
  if (instance.state !== "running") return "not-applicable";
  const passAt = instance.statusChecksPassAt;
  return passAt !== undefined && passAt.getTime() > now.getTime() ? "initializing" : "ok";
}

export const INSTANCE_STATUS_FILTERS: FilterTable<InstanceStatusView> = {
  "availability-zone": (s) => s.availabilityZone,
  "availability-zone-id": (s) => findZone(s.availabilityZone.slice(0, -1), s.availabilityZone)?.zoneId,
  "event.code": () => undefined,
  "event.description": () => undefined,
  "event.instance-event-id": () => undefined,
  "event.not-after": () => undefined,
  "event.not-before": () => undefined,
  "event.not-before-deadline": () => undefined,
  "instance-state-code": (s) => s.state.code,
  "instance-state-name": (s) => s.state.name,
  "instance-status.reachability": (s) => reachabilityOf(s.status),
  "instance-status.status": (s) => s.status,
  "operator.managed": () => false,
  "operator.principal": () => undefined,
  "system-status.reachability": (s) => reachabilityOf(s.status),
  "system-status.status": (s) => s.status,
  "attached-ebs-status.status": (s) => s.status,
  "application-status.status": () => undefined,
};

export interface DescribeInstanceStatusInput extends PageRequest {
  readonly instanceIds?: readonly string[];
  readonly filters?: readonly Filter[];
  readonly includeAllInstances?: boolean;
}

export function describeInstanceStatus(
  ctx: ReadContext,
  input: DescribeInstanceStatusInput,
): { statuses: readonly InstanceStatusView[]; nextToken?: string } {
  if (input.instanceIds?.length && input.maxResults !== undefined) {
    throw new InvalidParameterCombination(
      "The parameter instancesSet cannot be used with the parameter maxResults",
    );
  }
  // The status of an instance is not a taggable resource: the reference offers no tag filters.
  const matches = compileFilters(INSTANCE_STATUS_FILTERS, input.filters, { tagFilters: false });
  const now = ctx.clock.now();
  const statuses = selectByIds(ctx.tx, ctx.scope, "instance", input.instanceIds, InstanceIdErrors)
    // Without IncludeAllInstances, only running instances are described (API reference).
    .filter((i) => input.includeAllInstances === true || i.state === "running")
    .map(
      (i): InstanceStatusView => ({
        instanceId: i.id,
        availabilityZone: i.availabilityZone,
        state: instanceState(i.state),
        status: statusOf(i, now),
        tags: i.tags,
      }),
    )
    .filter(matches);
  const page = paginate(statuses, input, [
    "DescribeInstanceStatus",
    input.instanceIds ?? [],
    input.filters ?? [],
    input.includeAllInstances ?? false,
  ]);
  return { statuses: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- Start, Stop, Reboot, Terminate -----------------------------------------------------------

export interface StateChange {
  readonly instanceId: string;
  readonly previousState: InstanceState;
  readonly currentState: InstanceState;
}

function requireInstances(ctx: ReadContext, ids: readonly string[] | undefined): Instance[] {
  if (!ids || ids.length === 0) throw new MissingParameter("InstanceId");
  return [...selectByIds(ctx.tx, ctx.scope, "instance", ids, InstanceIdErrors)];
}

function change(before: Instance, after: Instance): StateChange {
  return {
    instanceId: before.id,
    previousState: instanceState(before.state),
    currentState: instanceState(after.state),
  };
}

export function startInstances(
  ctx: WriteContext,
  input: { instanceIds?: readonly string[] },
): { changes: StateChange[] } {
  const instances = requireInstances(ctx, input.instanceIds);
  for (const i of instances) {
    if (i.state === "stopping" || i.state === "shutting-down" || i.state === "terminated") {
      throw new IncorrectInstanceState(
        `The instance '${i.id}' is not in a state from which it can be started.`,
      );
    }
  }
  const now = ctx.clock.now();
  return {
    changes: instances.map((i) => {
      if (i.state !== "stopped") return change(i, i);
      const interfaces = attachedInterfaces(ctx, i);
      for (const eni of interfaces) {
        if (eni.attachment?.deviceIndex !== 0) continue;
        const assigned = assignAutoPublicIp(ctx, eni, interfaces.length);
        if (assigned !== eni) ctx.tx.put("networkInterface", ctx.scope, assigned);
      }
      const { stateReason: _reason, ...rest } = i;
      const started = enterState(
        ctx,
        { ...rest, stateTransitionReason: "", launchTime: now },
        "pending",
        ctx.config.delays.instancePendingMs,
      );
      return change(i, started);
    }),
  };
}

export interface StopInstancesInput {
  readonly instanceIds?: readonly string[];
  readonly force?: boolean;
  readonly hibernate?: boolean;
}

export function stopInstances(ctx: WriteContext, input: StopInstancesInput): { changes: StateChange[] } {
  const instances = requireInstances(ctx, input.instanceIds);
  for (const i of instances) {
    if (i.state === "pending") {
      throw new IncorrectInstanceState(
        `Instance '${i.id}' cannot be stopped as it has never reached the 'running' state.`,
      );
    }
    if (i.state === "shutting-down" || i.state === "terminated") {
      // AWS's wording ("This instance", not "The instance" as StartInstances says).
      throw new IncorrectInstanceState(
        `This instance '${i.id}' is not in a state from which it can be stopped.`,
      );
    }
    if (i.disableApiStop && i.state === "running") {
      throw new OperationNotPermitted(
        `The instance '${i.id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`,
      );
    }
    if (input.hibernate) {
      throw new AwsError(
        "UnsupportedHibernationConfiguration",
        `The instance ${i.id} does not have hibernation configured. Hibernation can only be enabled at launch.`,
      );
    }
  }
  const now = ctx.clock.now();
  return {
    changes: instances.map((i) => {
      if (i.state !== "running") return change(i, i);
      const stopping = enterState(
        ctx,
        { ...i, stateTransitionReason: userInitiated(now), stateReason: USER_SHUTDOWN },
        "stopping",
        ctx.config.delays.instanceStoppingMs,
      );
      return change(i, stopping);
    }),
  };
}

/** Reboots queue a request and succeed for every instance that exists; terminated ones are ignored (API reference). */
export function rebootInstances(ctx: WriteContext, input: { instanceIds?: readonly string[] }): void {
  requireInstances(ctx, input.instanceIds);
}

export function terminateInstances(
  ctx: WriteContext,
  input: { instanceIds?: readonly string[] },
): { changes: StateChange[] } {
  const instances = requireInstances(ctx, input.instanceIds);
  for (const i of instances) {
    if (i.disableApiTermination && i.state !== "terminated" && i.state !== "shutting-down") {
      throw new OperationNotPermitted(
        `The instance '${i.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
      );
    }
  }
  const now = ctx.clock.now();
  return {
    changes: instances.map((i) => {
      if (i.state === "terminated" || i.state === "shutting-down") return change(i, i);
      const shuttingDown = enterState(
        ctx,
        { ...i, stateTransitionReason: userInitiated(now), stateReason: USER_SHUTDOWN },
        "shutting-down",
        ctx.config.delays.instanceShuttingDownMs,
      );
      return change(i, shuttingDown);
    }),
  };
}

// ---- DescribeInstanceAttribute / ModifyInstanceAttribute ---------------------------------------

export type InstanceAttributeName =
  | "instanceType"
  | "kernel"
  | "ramdisk"
  | "userData"
  | "disableApiTermination"
  | "instanceInitiatedShutdownBehavior"
  | "rootDeviceName"
  | "blockDeviceMapping"
  | "productCodes"
  | "sourceDestCheck"
  | "groupSet"
  | "ebsOptimized"
  | "sriovNetSupport"
  | "enaSupport"
  | "enclaveOptions"
  | "disableApiStop";

const ATTRIBUTES: readonly InstanceAttributeName[] = [
  "instanceType",
  "kernel",
  "ramdisk",
  "userData",
  "disableApiTermination",
  "instanceInitiatedShutdownBehavior",
  "rootDeviceName",
  "blockDeviceMapping",
  "productCodes",
  "sourceDestCheck",
  "groupSet",
  "ebsOptimized",
  "sriovNetSupport",
  "enaSupport",
  "enclaveOptions",
  "disableApiStop",
];

export type InstanceAttributeValue =
  | { readonly kind: "string"; readonly value?: string }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "groups"; readonly groups: readonly GroupIdentifier[] }
  | { readonly kind: "blockDevices"; readonly devices: readonly InstanceBlockDevice[] }
  | { readonly kind: "productCodes" };

export function describeInstanceAttribute(
  ctx: ReadContext,
  input: { instanceId?: string; attribute?: string },
): { instanceId: string; attribute: InstanceAttributeName; value: InstanceAttributeValue } {
  if (!input.instanceId) throw new MissingParameter("InstanceId");
  if (!input.attribute) throw new MissingParameter("Attribute");
  const instance = requireRecord(ctx.tx, ctx.scope, "instance", input.instanceId, InstanceIdErrors);
  const attribute = input.attribute as InstanceAttributeName;
  if (!ATTRIBUTES.includes(attribute)) {
    throw new InvalidParameterValue(
      `Value (${input.attribute}) for parameter attribute is invalid. Unknown attribute.`,
    );
  }
  const view = viewInstance(ctx, instance);
  const str = (value?: string): InstanceAttributeValue => ({
    kind: "string",
    ...(value !== undefined ? { value } : {}),
  });
  const bool = (value: boolean): InstanceAttributeValue => ({ kind: "boolean", value });
  const value = ((): InstanceAttributeValue => {
    switch (attribute) {
      case "instanceType":
        return str(instance.instanceType);
      case "kernel":
      case "ramdisk":
        return str();
      case "userData":
        return str(instance.userData);
      case "disableApiTermination":
        return bool(instance.disableApiTermination);
      case "disableApiStop":
        return bool(instance.disableApiStop ?? false);
      case "instanceInitiatedShutdownBehavior":
        return str(instance.instanceInitiatedShutdownBehavior);
      case "rootDeviceName":
        return str(instance.rootDeviceName);
      case "blockDeviceMapping":
        return { kind: "blockDevices", devices: view.blockDeviceMappings };
      case "productCodes":
        return { kind: "productCodes" };
      case "sourceDestCheck":
        return bool(view.sourceDestCheck ?? true);
      case "groupSet":
        return { kind: "groups", groups: view.securityGroups };
      case "ebsOptimized":
        return bool(instance.ebsOptimized);
      case "sriovNetSupport":
        return str(instance.sriovNetSupport);
      case "enaSupport":
        return bool(instance.enaSupport ?? false);
      case "enclaveOptions":
        return bool(false);
    }
  })();
  return { instanceId: instance.id, attribute, value };
}

export interface ModifyInstanceAttributeInput {
  readonly instanceId?: string;
  /** `Attribute` + `Value`, the older form. */
  readonly attribute?: string;
  readonly value?: string;
  readonly sourceDestCheck?: boolean;
  readonly disableApiTermination?: boolean;
  readonly disableApiStop?: boolean;
  readonly ebsOptimized?: boolean;
  readonly enaSupport?: boolean;
  readonly groups?: readonly string[];
  readonly instanceType?: string;
  readonly instanceInitiatedShutdownBehavior?: string;
  /** Raw bytes (the wire's base64 decoded), stored base64-encoded as AWS returns them. */
  readonly userData?: Uint8Array;
  readonly kernel?: string;
  readonly ramdisk?: string;
  readonly sriovNetSupport?: string;
  readonly blockDeviceMappings?: readonly {
    readonly deviceName?: string;
    readonly deleteOnTermination?: boolean;
  }[];
}

function parseBooleanValue(value: string | undefined, attribute: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new InvalidParameterValue(
    `Value (${value}) for parameter ${attribute} is invalid. Expected: 'true' or 'false'.`,
  );
}

/** Turns the `Attribute` + `Value` form into the structured one. */
function normalizeModify(input: ModifyInstanceAttributeInput): ModifyInstanceAttributeInput {
  if (input.attribute === undefined) return input;
  const { attribute, value } = input;
  if (value === undefined) throw new MissingParameter("Value");
  switch (attribute) {
    case "instanceType":
      return { instanceType: value };
    case "kernel":
      return { kernel: value };
    case "ramdisk":
      return { ramdisk: value };
    case "userData":
      assertUserData(value);
      return { userData: Buffer.from(value, "base64") };
    case "disableApiTermination":
      return { disableApiTermination: parseBooleanValue(value, attribute) };
    case "disableApiStop":
      return { disableApiStop: parseBooleanValue(value, attribute) };
    case "instanceInitiatedShutdownBehavior":
      return { instanceInitiatedShutdownBehavior: value };
    case "sourceDestCheck":
      return { sourceDestCheck: parseBooleanValue(value, attribute) };
    case "ebsOptimized":
      return { ebsOptimized: parseBooleanValue(value, attribute) };
    case "enaSupport":
      return { enaSupport: parseBooleanValue(value, attribute) };
    case "sriovNetSupport":
      return { sriovNetSupport: value };
    case "groupSet":
      return { groups: value.split(",").map((g) => g.trim()) };
    default:
      throw new InvalidParameterValue(
        `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`,
      );
  }
}

function requireStopped(instance: Instance): void {
  if (instance.state !== "stopped") {
    throw new IncorrectInstanceState(`The instance '${instance.id}' is not in the 'stopped' state.`);
  }
}

/** The only interface of an instance: AWS refuses instance-level interface attributes otherwise. */
function soleInterface(ctx: ReadContext, instance: Instance): NetworkInterface {
  const interfaces = attachedInterfaces(ctx, instance);
  if (interfaces.length !== 1) throw new InstanceHasMultipleInterfaces(instance.id);
  return interfaces[0]!;
}

export function modifyInstanceAttribute(ctx: WriteContext, raw: ModifyInstanceAttributeInput): void {
  if (!raw.instanceId) throw new MissingParameter("InstanceId");
  const { tx, scope } = ctx;
  const instance = requireRecord(tx, scope, "instance", raw.instanceId, InstanceIdErrors);
  const input = normalizeModify(raw);
  const given = (
    [
      "sourceDestCheck",
      "disableApiTermination",
      "disableApiStop",
      "ebsOptimized",
      "enaSupport",
      "groups",
      "instanceType",
      "instanceInitiatedShutdownBehavior",
      "userData",
      "kernel",
      "ramdisk",
      "sriovNetSupport",
      "blockDeviceMappings",
    ] as const
  ).filter((k) => input[k] !== undefined);
  if (given.length === 0) throw new MissingParameter("Attribute");
  if (given.length > 1) throw new InvalidParameterCombination("You can only modify one attribute at a time.");
  if (instance.state === "terminated" || instance.state === "shutting-down") {
    throw new IncorrectInstanceState(
      `The instance '${instance.id}' is not in a state from which it can be modified.`,
    );
  }
  let next: Instance = instance;
  switch (given[0]!) {
    case "sourceDestCheck": {
      const eni = soleInterface(ctx, instance);
      tx.put("networkInterface", scope, { ...eni, sourceDestCheck: input.sourceDestCheck! });
      return;
    }
    case "groups": {
      const eni = soleInterface(ctx, instance);
      if (input.groups!.length === 0) throw new MissingParameter("GroupId");
      const groupIds = securityGroupsForInterface(ctx, eni.vpcId, input.groups);
      tx.put("networkInterface", scope, { ...eni, groupIds });
      return;
    }
    case "disableApiTermination":
      next = { ...instance, disableApiTermination: input.disableApiTermination! };
      break;
    case "disableApiStop":
      next = { ...instance, disableApiStop: input.disableApiStop! };
      break;
    case "instanceInitiatedShutdownBehavior":
      next = {
        ...instance,
        instanceInitiatedShutdownBehavior: oneOf(
          input.instanceInitiatedShutdownBehavior,
          ["stop", "terminate"] as const,
          "InstanceInitiatedShutdownBehavior",
        )!,
      };
      break;
    case "instanceType": {
      requireStopped(instance);
      const type = requireInstanceType(input.instanceType!);
      if (!type.architectures.includes(instance.architecture as InstanceTypeInfo["architectures"][number])) {
        throw new InvalidParameterValue(
          `The instance type '${type.instanceType}' does not support the architecture '${instance.architecture}' of the instance.`,
        );
      }
      const interfaces = attachedInterfaces(ctx, instance);
      if (interfaces.length > type.maxNetworkInterfaces) {
        throw new InstanceAttachmentLimitExceeded(interfaces.length, type.instanceType);
      }
      if (interfaces.some((e) => e.privateIpAddresses.length > type.ipv4AddressesPerInterface)) {
        throw new InstancePrivateIpLimitExceeded();
      }
      next = { ...instance, instanceType: type.instanceType };
      break;
    }
    case "userData": {
      requireStopped(instance);
      const bytes = input.userData!;
      if (bytes.length > MAX_USER_DATA_BYTES) {
        throw new InvalidParameterValue(`User data is limited to ${MAX_USER_DATA_BYTES} bytes.`);
      }
      const { userData: _old, ...rest } = instance;
      next = bytes.length > 0 ? { ...rest, userData: Buffer.from(bytes).toString("base64") } : rest;
      break;
    }
    case "ebsOptimized":
      requireStopped(instance);
      if (
        input.ebsOptimized &&
        findInstanceType(instance.instanceType)?.ebsOptimizedSupport === "unsupported"
      ) {
        throw new InvalidParameterCombination(
          "EBS-optimized instances are not supported for your requested configuration. Please check the documentation for supported configurations.",
        );
      }
      next = { ...instance, ebsOptimized: input.ebsOptimized! };
      break;
    case "enaSupport":
      requireStopped(instance);
      next = { ...instance, enaSupport: input.enaSupport! };
      break;
    case "sriovNetSupport":
      requireStopped(instance);
      if (input.sriovNetSupport !== "simple") {
        throw new InvalidParameterValue(
          `Value (${input.sriovNetSupport}) for parameter sriovNetSupport is invalid. Valid values: simple`,
        );
      }
      next = { ...instance, sriovNetSupport: "simple" };
      break;
    case "kernel":
    case "ramdisk":
      throw new UnsupportedOperation("vpcsim launches HVM images only: kernels and RAM disks do not apply.");
    case "blockDeviceMappings": {
      const devices = [...(instance.blockDeviceMappings ?? [])];
      for (const spec of input.blockDeviceMappings!) {
        const index = devices.findIndex((d) => d.deviceName === spec.deviceName);
        if (index < 0) {
          throw new InvalidParameterValue(
            `No device is mapped at ${spec.deviceName} for instance '${instance.id}'.`,
          );
        }
        if (spec.deleteOnTermination !== undefined) {
          devices[index] = { ...devices[index]!, deleteOnTermination: spec.deleteOnTermination };
        }
      }
      next = { ...instance, blockDeviceMappings: devices };
      break;
    }
  }
  tx.put("instance", scope, next);
}

/** The primary private address of an instance (for other families: routes to instances, …). */
export function instancePrimaryAddress(ctx: ReadContext, instance: Instance): PrivateIpAddress | undefined {
  const eni = attachedInterfaces(ctx, instance).find((e) => e.attachment?.deviceIndex === 0);
  return eni ? primaryAddress(eni) : undefined;
}
