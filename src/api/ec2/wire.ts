/**
 * Explicit mapping between the domain (control plane) and EC2's wire shapes (generated from the
 * model). Every field AWS returns is named here once; nothing is copied by reflection.
 *
 * AWS leaves out a list it has nothing to say in for some fields (`Tags` of an untagged VPC) and
 * sends it empty for others (a subnet's `Ipv6CidrBlockAssociationSet`); the mappers follow what
 * `aws ec2 describe-*` prints against AWS. Members left `undefined` are not serialized.
 *
 * Wire forms that depend on one record only are memoised per record (records are immutable and
 * replaced, never changed) and frozen, which also lets the serializer reuse their XML.
 */

import { InvalidParameterValue } from "../../control/errors.js";
import type { Filter as DomainFilter } from "../../control/filters.js";
import type {
  AccountAttribute as DomainAccountAttribute,
  RegionView,
  ZoneView,
} from "../../control/regions.js";
import type { RouteTableView, RouteView } from "../../control/route-tables.js";
import type { SubnetView } from "../../control/subnets.js";
import type {
  TagDescription as DomainTagDescription,
  TagInput,
  TagSpecificationInput,
} from "../../control/tags.js";
import type {
  InternetGateway as DomainInternetGateway,
  RouteTableAssociation as DomainRouteTableAssociation,
  Tag as DomainTag,
  Vpc as DomainVpc,
  VpcCidrAssociation,
  VpcIpv6CidrAssociation,
} from "../../model/resources.js";
import type {
  AccountAttribute,
  AvailabilityZone,
  Filter,
  InternetGateway,
  Region,
  Route,
  RouteTable,
  RouteTableAssociation,
  Subnet,
  Tag,
  TagDescription,
  TagSpecification,
  Vpc,
  VpcCidrBlockAssociation,
  VpcIpv6CidrBlockAssociation,
} from "../../protocol/generated/ec2.js";

// ---- inputs -------------------------------------------------------------------------------

export function filtersIn(filters: readonly Filter[] | undefined): DomainFilter[] | undefined {
  if (!filters) return undefined;
  return filters.map((f, i) => {
    if (f.Name === undefined) {
      throw new InvalidParameterValue(`The filter Filter.${i + 1}.Name must not be empty`);
    }
    return { name: f.Name, values: f.Values ?? [] };
  });
}

export function tagsIn(tags: readonly Tag[] | undefined): TagInput[] | undefined {
  return tags?.map((t) => ({
    ...(t.Key !== undefined ? { key: t.Key } : {}),
    ...(t.Value !== undefined ? { value: t.Value } : {}),
  }));
}

export function tagSpecificationsIn(
  specs: readonly TagSpecification[] | undefined,
): TagSpecificationInput[] | undefined {
  return specs?.map((s) => ({
    ...(s.ResourceType !== undefined ? { resourceType: s.ResourceType } : {}),
    ...(s.Tags !== undefined ? { tags: tagsIn(s.Tags)! } : {}),
  }));
}

/** `{ Value: true }` attribute structures of Modify*Attribute calls. */
export function attributeIn(value: { readonly Value?: boolean } | undefined): boolean | undefined {
  return value === undefined ? undefined : value.Value === true;
}

// ---- outputs ------------------------------------------------------------------------------

export function tagsOut(tags: readonly DomainTag[]): Tag[] | undefined {
  return tags.length === 0 ? undefined : tags.map((t) => ({ Key: t.key, Value: t.value }));
}

function cidrAssociationOut(a: VpcCidrAssociation): VpcCidrBlockAssociation {
  return { AssociationId: a.associationId, CidrBlock: a.cidrBlock, CidrBlockState: { State: a.state } };
}

function ipv6AssociationOut(a: VpcIpv6CidrAssociation): VpcIpv6CidrBlockAssociation {
  return {
    AssociationId: a.associationId,
    Ipv6CidrBlock: a.ipv6CidrBlock,
    Ipv6CidrBlockState: { State: a.state },
    NetworkBorderGroup: a.networkBorderGroup,
    Ipv6Pool: a.ipv6Pool,
    Ipv6AddressAttribute: "public",
    IpSource: "amazon",
  };
}

export { cidrAssociationOut, ipv6AssociationOut };

/** Memoises `build` per record object and deep-freezes its result. */
export function perRecord<R extends object, W>(build: (record: R) => W): (record: R) => W {
  const memo = new WeakMap<R, W>();
  return (record) => {
    let wire = memo.get(record);
    if (wire === undefined) {
      wire = deepFreeze(build(record));
      memo.set(record, wire);
    }
    return wire;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

export const vpcOut = perRecord((v: DomainVpc): Vpc => {
  return {
    CidrBlock: v.cidrBlock,
    DhcpOptionsId: v.dhcpOptionsId,
    State: v.state,
    VpcId: v.id,
    OwnerId: v.ownerId,
    InstanceTenancy: v.instanceTenancy,
    Ipv6CidrBlockAssociationSet:
      v.ipv6CidrBlockAssociations.length > 0
        ? v.ipv6CidrBlockAssociations.map(ipv6AssociationOut)
        : undefined,
    CidrBlockAssociationSet: v.cidrBlockAssociations.map(cidrAssociationOut),
    IsDefault: v.isDefault,
    Tags: tagsOut(v.tags),
  };
});

export function subnetOut(s: SubnetView): Subnet {
  return {
    AvailabilityZone: s.availabilityZone,
    AvailabilityZoneId: s.availabilityZoneId,
    AvailableIpAddressCount: s.availableIpAddressCount,
    CidrBlock: s.cidrBlock,
    DefaultForAz: s.defaultForAz,
    EnableLniAtDeviceIndex: s.enableLniAtDeviceIndex,
    MapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
    MapCustomerOwnedIpOnLaunch: s.mapCustomerOwnedIpOnLaunch,
    State: s.state,
    SubnetId: s.id,
    VpcId: s.vpcId,
    OwnerId: s.ownerId,
    AssignIpv6AddressOnCreation: s.assignIpv6AddressOnCreation,
    Ipv6CidrBlockAssociationSet: s.ipv6CidrBlockAssociations.map((a) => ({
      AssociationId: a.associationId,
      Ipv6CidrBlock: a.ipv6CidrBlock,
      Ipv6CidrBlockState: { State: a.state },
      Ipv6AddressAttribute: "public",
      IpSource: "amazon",
    })),
    Tags: tagsOut(s.tags),
    SubnetArn: s.subnetArn,
    EnableDns64: s.enableDns64,
    Ipv6Native: s.ipv6Native,
    PrivateDnsNameOptionsOnLaunch: {
      HostnameType: s.privateDnsHostnameType,
      EnableResourceNameDnsARecord: s.enableResourceNameDnsARecord,
      EnableResourceNameDnsAAAARecord: s.enableResourceNameDnsAAAARecord,
    },
  };
}

export function routeOut(r: RouteView): Route {
  const destination =
    r.destination.kind === "ipv4"
      ? { DestinationCidrBlock: r.destination.cidr }
      : r.destination.kind === "ipv6"
        ? { DestinationIpv6CidrBlock: r.destination.cidr }
        : { DestinationPrefixListId: r.destination.prefixListId };
  const t = r.target;
  const target: Route = (() => {
    switch (t.kind) {
      case "local":
      case "gateway":
        return { GatewayId: t.id };
      case "egressOnlyInternetGateway":
        return { EgressOnlyInternetGatewayId: t.id };
      case "natGateway":
        return { NatGatewayId: t.id };
      case "instance":
        return { InstanceId: t.id, NetworkInterfaceId: t.networkInterfaceId };
      case "networkInterface":
        return { NetworkInterfaceId: t.id };
      case "vpcPeeringConnection":
        return { VpcPeeringConnectionId: t.id };
      case "transitGateway":
        return { TransitGatewayId: t.id };
      case "carrierGateway":
        return { CarrierGatewayId: t.id };
      case "localGateway":
        return { LocalGatewayId: t.id };
      case "coreNetwork":
        return { CoreNetworkArn: t.id };
    }
  })();
  return { ...destination, ...target, Origin: r.origin, State: r.state };
}

export function routeTableAssociationOut(
  tableId: string,
  a: DomainRouteTableAssociation,
): RouteTableAssociation {
  return {
    Main: a.main,
    RouteTableAssociationId: a.id,
    RouteTableId: tableId,
    SubnetId: a.subnetId,
    GatewayId: a.gatewayId,
    AssociationState: { State: "associated" },
  };
}

export function routeTableOut(t: RouteTableView): RouteTable {
  return {
    Associations: t.associations.map((a) => routeTableAssociationOut(t.id, a)),
    PropagatingVgws: t.propagatingVgwIds.map((id) => ({ GatewayId: id })),
    RouteTableId: t.id,
    Routes: t.routes.map(routeOut),
    Tags: tagsOut(t.tags),
    VpcId: t.vpcId,
    OwnerId: t.ownerId,
  };
}

export const internetGatewayOut = perRecord(
  (g: DomainInternetGateway): InternetGateway => ({
    Attachments: g.attachments.map((a) => ({ State: a.state, VpcId: a.vpcId })),
    InternetGatewayId: g.id,
    OwnerId: g.ownerId,
    Tags: tagsOut(g.tags),
  }),
);

export function tagDescriptionOut(t: DomainTagDescription): TagDescription {
  return { Key: t.key, ResourceId: t.resourceId, ResourceType: t.resourceType, Value: t.value };
}

export function regionOut(r: RegionView): Region {
  return { Endpoint: r.endpoint, RegionName: r.regionName, OptInStatus: r.optInStatus };
}

export function zoneOut(z: ZoneView): AvailabilityZone {
  return {
    State: z.state,
    OptInStatus: z.optInStatus,
    Messages: [],
    RegionName: z.regionName,
    ZoneName: z.zoneName,
    ZoneId: z.zoneId,
    GroupName: z.groupName,
    NetworkBorderGroup: z.networkBorderGroup,
    ZoneType: z.zoneType,
  };
}

export function accountAttributeOut(a: DomainAccountAttribute): AccountAttribute {
  return { AttributeName: a.name, AttributeValues: a.values.map((v) => ({ AttributeValue: v })) };
}
