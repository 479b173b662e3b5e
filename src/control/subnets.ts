/**
 * Subnets: CreateSubnet, DeleteSubnet, DescribeSubnets, ModifySubnetAttribute.
 */

import type { Resources } from "../model/kinds.js";
import { findZone, zonesOf } from "../model/regions.js";
import type { HostnameType, Subnet, Vpc } from "../model/resources.js";
import { type Ipv4Cidr, type Ipv6Cidr, usableAddressCount } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  DependencyViolation,
  InvalidParameterCombination,
  InvalidParameterValue,
  InvalidSubnetConflict,
  InvalidSubnetRange,
  MissingParameter,
  SubnetIdErrors,
  SubnetLimitExceeded,
  UnsupportedOperation,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { assertSubnetBlockSize, parseIpv4CidrParam, parseIpv6CidrParam } from "./rules.js";
import { storedIpv4Cidr, storedIpv6Cidr } from "./stored-cidrs.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

/** A subnet as Describe shows it: the stored record plus what is derived from other records. */
export interface SubnetView extends Subnet {
  readonly availableIpAddressCount: number;
  readonly subnetArn: string;
}

export function subnetArn(scope: Scope, subnetId: string): string {
  return `arn:aws:ec2:${scope.region}:${scope.account}:subnet/${subnetId}`;
}

/** Private IPv4 addresses of the subnet held by network interfaces. */
function addressesInUse(tx: ReadTx<Resources>, scope: Scope, subnet: Subnet): number {
  let used = 0;
  for (const eni of tx.listBy("networkInterface", scope, "subnetId", subnet.id))
    used += eni.privateIpAddresses.length;
  return used;
}

export function viewSubnet(tx: ReadTx<Resources>, scope: Scope, subnet: Subnet): SubnetView {
  const usable = usableAddressCount(storedIpv4Cidr(subnet.cidrBlock));
  const used = addressesInUse(tx, scope, subnet);
  return {
    ...subnet,
    availableIpAddressCount: Math.max(0, usable - used),
    subnetArn: subnetArn(scope, subnet.id),
  };
}

export const SUBNET_FILTERS: FilterTable<SubnetView> = {
  "availability-zone": (s) => s.availabilityZone,
  availabilityZone: (s) => s.availabilityZone,
  "availability-zone-id": (s) => s.availabilityZoneId,
  "available-ip-address-count": (s) => s.availableIpAddressCount,
  "cidr-block": (s) => s.cidrBlock,
  cidr: (s) => s.cidrBlock,
  cidrBlock: (s) => s.cidrBlock,
  "customer-owned-ipv4-pool": () => undefined,
  "default-for-az": (s) => s.defaultForAz,
  defaultForAz: (s) => s.defaultForAz,
  "enable-dns64": (s) => s.enableDns64,
  "enable-lni-at-device-index": (s) => s.enableLniAtDeviceIndex,
  "ipv6-cidr-block-association.ipv6-cidr-block": (s) =>
    s.ipv6CidrBlockAssociations.map((a) => a.ipv6CidrBlock),
  "ipv6-cidr-block-association.association-id": (s) =>
    s.ipv6CidrBlockAssociations.map((a) => a.associationId),
  "ipv6-cidr-block-association.state": (s) => s.ipv6CidrBlockAssociations.map((a) => a.state),
  "ipv6-native": (s) => s.ipv6Native,
  "map-customer-owned-ip-on-launch": (s) => s.mapCustomerOwnedIpOnLaunch,
  "map-public-ip-on-launch": (s) => s.mapPublicIpOnLaunch,
  "outpost-arn": () => undefined,
  "owner-id": (s) => s.ownerId,
  "private-dns-name-options-on-launch.hostname-type": (s) => s.privateDnsHostnameType,
  "private-dns-name-options-on-launch.enable-resource-name-dns-a-record": (s) =>
    s.enableResourceNameDnsARecord,
  "private-dns-name-options-on-launch.enable-resource-name-dns-aaaa-record": (s) =>
    s.enableResourceNameDnsAAAARecord,
  state: (s) => s.state,
  "subnet-arn": (s) => s.subnetArn,
  "subnet-id": (s) => s.id,
  "vpc-id": (s) => s.vpcId,
};

function vpcIpv4Blocks(vpc: Vpc): Ipv4Cidr[] {
  return vpc.cidrBlockAssociations
    .filter((a) => a.state === "associated")
    .map((a) => storedIpv4Cidr(a.cidrBlock));
}

function vpcIpv6Blocks(vpc: Vpc): Ipv6Cidr[] {
  return vpc.ipv6CidrBlockAssociations.map((a) => storedIpv6Cidr(a.ipv6CidrBlock));
}

/** A subnet's block must lie inside one of its VPC's IPv4 blocks. */
export function assertCidrWithinVpc(vpc: Vpc, block: Ipv4Cidr): void {
  if (!vpcIpv4Blocks(vpc).some((v) => v.containsCidr(block))) throw new InvalidSubnetRange(block.toString());
}

/** Subnets of a VPC never overlap. */
export function assertNoSubnetOverlap(siblings: readonly Subnet[], block: Ipv4Cidr): void {
  for (const s of siblings) {
    if (storedIpv4Cidr(s.cidrBlock).overlaps(block)) throw new InvalidSubnetConflict(block.toString());
  }
}

/** The zone a subnet request names (by name or id), or the VPC's least used zone. */
export function resolveZone(ctx: ReadContext, vpcId: string, zoneName?: string, zoneId?: string) {
  if (zoneName && zoneId) {
    throw new InvalidParameterCombination(
      "Only one of availabilityZone or availabilityZoneId may be specified.",
    );
  }
  const zones = zonesOf(ctx.scope.region);
  if (zoneName || zoneId) {
    const zone = findZone(ctx.scope.region, (zoneName ?? zoneId)!);
    if (!zone || (zoneName && zone.zoneName !== zoneName) || (zoneId && zone.zoneId !== zoneId)) {
      const parameter = zoneName ? "availabilityZone" : "availabilityZoneId";
      throw new InvalidParameterValue(
        `Value (${zoneName ?? zoneId}) for parameter ${parameter} is invalid. Subnets can currently only be created in the following availability zones: ${zones.map((z) => z.zoneName).join(", ")}.`,
      );
    }
    return zone;
  }
  // AWS picks a zone for you; we pick the least used one of the VPC, first in zone order, so that
  // the choice is reproducible.
  const counts = new Map<string, number>();
  for (const s of ctx.tx.listBy("subnet", ctx.scope, "vpcId", vpcId)) {
    counts.set(s.availabilityZone, (counts.get(s.availabilityZone) ?? 0) + 1);
  }
  let best = zones[0]!;
  for (const z of zones) if ((counts.get(z.zoneName) ?? 0) < (counts.get(best.zoneName) ?? 0)) best = z;
  return best;
}

export interface CreateSubnetInput {
  readonly vpcId?: string;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly ipv6Native?: boolean;
  readonly availabilityZone?: string;
  readonly availabilityZoneId?: string;
  readonly outpostArn?: string;
  readonly ipv4IpamPoolId?: string;
  readonly ipv6IpamPoolId?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

interface ProvisionSubnetInput {
  readonly vpc: Vpc;
  readonly cidr: Ipv4Cidr;
  readonly ipv6Cidr?: Ipv6Cidr;
  readonly zoneName: string;
  readonly zoneId: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly tags: Subnet["tags"];
}

/** Stores a subnet and associates it with its VPC's default network ACL, as AWS does. */
export function provisionSubnet(ctx: WriteContext, input: ProvisionSubnetInput): Subnet {
  const { tx, scope, ids } = ctx;
  const subnet: Subnet = {
    id: ids("subnet"),
    ownerId: scope.account,
    tags: input.tags,
    vpcId: input.vpc.id,
    state: "available",
    cidrBlock: input.cidr.toString(),
    ipv6CidrBlockAssociations: input.ipv6Cidr
      ? [
          {
            associationId: ids("subnet-cidr-assoc"),
            ipv6CidrBlock: input.ipv6Cidr.toString(),
            state: "associated",
          },
        ]
      : [],
    availabilityZone: input.zoneName,
    availabilityZoneId: input.zoneId,
    defaultForAz: input.defaultForAz,
    mapPublicIpOnLaunch: input.mapPublicIpOnLaunch,
    mapCustomerOwnedIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    enableDns64: false,
    ipv6Native: false,
    privateDnsHostnameType: "ip-name",
    enableResourceNameDnsARecord: false,
    enableResourceNameDnsAAAARecord: false,
  };
  tx.put("subnet", scope, subnet);
  const defaultAcl = tx.listBy("networkAcl", scope, "vpcId", input.vpc.id).find((a) => a.isDefault);
  if (defaultAcl) {
    tx.put("networkAcl", scope, {
      ...defaultAcl,
      associations: [...defaultAcl.associations, { id: ids("aclassoc"), subnetId: subnet.id }],
    });
  }
  return subnet;
}

export function createSubnet(ctx: WriteContext, input: CreateSubnetInput): { subnet: SubnetView } {
  if (!input.vpcId) throw new MissingParameter("vpcId");
  if (input.ipv4IpamPoolId || input.ipv6IpamPoolId) {
    throw new UnsupportedOperation("vpcsim does not simulate IPAM pools.");
  }
  if (input.outpostArn) throw new UnsupportedOperation("vpcsim does not simulate Outposts.");
  if (input.ipv6Native) throw new UnsupportedOperation("vpcsim does not simulate IPv6-only subnets yet.");
  const { tx, scope } = ctx;
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const cidr = parseIpv4CidrParam(input.cidrBlock, "cidrBlock");
  assertSubnetBlockSize(cidr);
  assertCidrWithinVpc(vpc, cidr);
  const siblings = tx.listBy("subnet", scope, "vpcId", vpc.id);
  assertNoSubnetOverlap(siblings, cidr);

  let ipv6Cidr: Ipv6Cidr | undefined;
  if (input.ipv6CidrBlock !== undefined) {
    ipv6Cidr = parseIpv6CidrParam(input.ipv6CidrBlock, "ipv6CidrBlock");
    // IPv6 subnets are /64 (VPC User Guide: "The subnet's IPv6 CIDR block is a fixed prefix length of /64").
    if (ipv6Cidr.prefixLength !== 64 || !vpcIpv6Blocks(vpc).some((b) => b.containsCidr(ipv6Cidr!))) {
      throw new InvalidSubnetRange(ipv6Cidr.toString());
    }
    for (const s of siblings) {
      for (const a of s.ipv6CidrBlockAssociations) {
        if (storedIpv6Cidr(a.ipv6CidrBlock).overlaps(ipv6Cidr))
          throw new InvalidSubnetConflict(ipv6Cidr.toString());
      }
    }
  }
  const zone = resolveZone(ctx, vpc.id, input.availabilityZone, input.availabilityZoneId);
  const tags = tagsFromSpecifications(input.tagSpecifications, "subnet", ctx.config.quotas.tagsPerResource);
  if (siblings.length >= ctx.config.quotas.subnetsPerVpc) throw new SubnetLimitExceeded();
  const subnet = provisionSubnet(ctx, {
    vpc,
    cidr,
    ...(ipv6Cidr ? { ipv6Cidr } : {}),
    zoneName: zone.zoneName,
    zoneId: zone.zoneId,
    defaultForAz: false,
    mapPublicIpOnLaunch: false,
    tags,
  });
  // As with VPCs, only the response shows AWS's transitional state.
  return { subnet: { ...viewSubnet(tx, scope, subnet), state: "pending" } };
}

/**
 * Whether anything still lives in the subnet. Everything placed in a subnet (instances, NAT
 * gateways, interface endpoints) holds a network interface there, and so does a NAT gateway that
 * is still deleting.
 */
function hasDependents(tx: ReadTx<Resources>, scope: Scope, subnet: Subnet): boolean {
  return (
    tx.listBy("networkInterface", scope, "subnetId", subnet.id).length > 0 ||
    tx
      .listBy("natGateway", scope, "subnetId", subnet.id)
      .some((n) => n.state !== "deleted" && n.state !== "failed")
  );
}

export function deleteSubnet(ctx: WriteContext, input: { subnetId?: string }): void {
  if (!input.subnetId) throw new MissingParameter("subnetId");
  const { tx, scope } = ctx;
  const subnet = requireRecord(tx, scope, "subnet", input.subnetId, SubnetIdErrors);
  if (hasDependents(tx, scope, subnet)) {
    throw new DependencyViolation(`The subnet '${subnet.id}' has dependencies and cannot be deleted.`);
  }
  for (const table of tx.listBy("routeTable", scope, "vpcId", subnet.vpcId)) {
    if (table.associations.some((a) => a.subnetId === subnet.id)) {
      tx.put("routeTable", scope, {
        ...table,
        associations: table.associations.filter((a) => a.subnetId !== subnet.id),
      });
    }
  }
  for (const acl of tx.listBy("networkAcl", scope, "vpcId", subnet.vpcId)) {
    if (acl.associations.some((a) => a.subnetId === subnet.id)) {
      tx.put("networkAcl", scope, {
        ...acl,
        associations: acl.associations.filter((a) => a.subnetId !== subnet.id),
      });
    }
  }
  tx.delete("subnet", scope, subnet.id);
}

export interface DescribeSubnetsInput extends PageRequest {
  readonly subnetIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeSubnets(
  ctx: ReadContext,
  input: DescribeSubnetsInput,
): { subnets: readonly SubnetView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(SUBNET_FILTERS, input.filters);
  const vpcFilter =
    input.filters?.length === 1 && input.filters[0]!.name === "vpc-id" ? input.filters[0] : undefined;
  // A lone exact vpc-id filter is the common case (Terraform, the console): use the index.
  const candidates =
    vpcFilter && !input.subnetIds?.length && vpcFilter.values.every((v) => !/[*?\\]/.test(v))
      ? vpcFilter.values.flatMap((vpcId) => tx.listBy("subnet", scope, "vpcId", vpcId))
      : selectByIds(tx, scope, "subnet", input.subnetIds, SubnetIdErrors);
  const subnets = candidates.map((s) => viewSubnet(tx, scope, s)).filter(matches);
  const page = paginate(subnets, input, ["DescribeSubnets", input.subnetIds ?? [], input.filters ?? []]);
  return { subnets: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export interface ModifySubnetAttributeInput {
  readonly subnetId?: string;
  readonly mapPublicIpOnLaunch?: boolean;
  readonly assignIpv6AddressOnCreation?: boolean;
  readonly mapCustomerOwnedIpOnLaunch?: boolean;
  readonly customerOwnedIpv4Pool?: string;
  readonly enableDns64?: boolean;
  readonly privateDnsHostnameTypeOnLaunch?: string;
  readonly enableResourceNameDnsARecordOnLaunch?: boolean;
  readonly enableResourceNameDnsAAAARecordOnLaunch?: boolean;
  readonly enableLniAtDeviceIndex?: number;
  readonly disableLniAtDeviceIndex?: boolean;
}

const HOSTNAME_TYPES: readonly HostnameType[] = ["ip-name", "resource-name"];

export function modifySubnetAttribute(ctx: WriteContext, input: ModifySubnetAttributeInput): void {
  if (!input.subnetId) throw new MissingParameter("subnetId");
  const { tx, scope } = ctx;
  const subnet = requireRecord(tx, scope, "subnet", input.subnetId, SubnetIdErrors);
  const changes: Partial<{ -readonly [K in keyof Subnet]: Subnet[K] }> = {};
  if (input.mapPublicIpOnLaunch !== undefined) changes.mapPublicIpOnLaunch = input.mapPublicIpOnLaunch;
  if (input.assignIpv6AddressOnCreation !== undefined) {
    if (input.assignIpv6AddressOnCreation && subnet.ipv6CidrBlockAssociations.length === 0) {
      throw new InvalidParameterValue(
        `Invalid value 'true' for assignIpv6AddressOnCreation. Cannot set assignIpv6AddressOnCreation to true unless the subnet (${subnet.id}) has an IPv6 CIDR block associated with it.`,
      );
    }
    changes.assignIpv6AddressOnCreation = input.assignIpv6AddressOnCreation;
  }
  if (input.mapCustomerOwnedIpOnLaunch !== undefined || input.customerOwnedIpv4Pool !== undefined) {
    throw new UnsupportedOperation("Customer-owned IP addresses require an Outpost subnet.");
  }
  if (input.enableDns64 !== undefined) changes.enableDns64 = input.enableDns64;
  if (input.privateDnsHostnameTypeOnLaunch !== undefined) {
    const type = input.privateDnsHostnameTypeOnLaunch as HostnameType;
    if (!HOSTNAME_TYPES.includes(type)) {
      throw new InvalidParameterValue(
        `Value (${input.privateDnsHostnameTypeOnLaunch}) for parameter privateDnsHostnameTypeOnLaunch is invalid.`,
      );
    }
    changes.privateDnsHostnameType = type;
  }
  if (input.enableResourceNameDnsARecordOnLaunch !== undefined) {
    changes.enableResourceNameDnsARecord = input.enableResourceNameDnsARecordOnLaunch;
  }
  if (input.enableResourceNameDnsAAAARecordOnLaunch !== undefined) {
    changes.enableResourceNameDnsAAAARecord = input.enableResourceNameDnsAAAARecordOnLaunch;
  }
  if (input.enableLniAtDeviceIndex !== undefined || input.disableLniAtDeviceIndex !== undefined) {
    throw new UnsupportedOperation("Local network interfaces require an Outpost subnet.");
  }
  const count = Object.keys(changes).length;
  if (count === 0) throw new MissingParameter("attribute");
  if (count > 1) throw new InvalidParameterCombination("You can only modify one attribute at a time.");
  tx.put("subnet", scope, { ...subnet, ...changes });
}
