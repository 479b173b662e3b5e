/**
 * VPC endpoints, endpoint services and prefix lists: wire ↔ domain mapping (see wire.ts for the
 * rules). Empty lists are sent where `aws ec2 describe-vpc-endpoints` prints them against AWS
 * (`RouteTableIds`, `SubnetIds`, `Groups`, `NetworkInterfaceIds`, `DnsEntries` of every endpoint);
 * `Tags` is left out for untagged resources.
 */
import {
  type DescribeVpcEndpointServicesInput,
  describeVpcEndpointServices,
  type EndpointService,
} from "../../control/endpoint-services.js";
import {
  createManagedPrefixList,
  deleteManagedPrefixList,
  describeManagedPrefixLists,
  describePrefixLists,
  getManagedPrefixListEntries,
  modifyManagedPrefixList,
  type PrefixListView,
} from "../../control/prefix-lists.js";
import {
  createVpcEndpoint,
  deleteVpcEndpoints,
  describeVpcEndpoints,
  modifyVpcEndpoint,
  type SubnetConfigurationInput,
  type VpcEndpointView,
} from "../../control/vpc-endpoints.js";
import type { PrefixListEntry as DomainPrefixListEntry } from "../../model/endpoints.js";
import type {
  AddPrefixListEntry,
  DescribePrefixListsPrefixList,
  Ec2Operations,
  PrefixList,
  PrefixListEntry,
  ServiceDetail,
  SubnetConfiguration,
  VpcEndpoint,
} from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { filtersIn, perRecord, tagSpecificationsIn, tagsOut } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateVpcEndpoint"
  | "ModifyVpcEndpoint"
  | "DeleteVpcEndpoints"
  | "DescribeVpcEndpoints"
  | "DescribeVpcEndpointServices"
  | "DescribePrefixLists"
  | "DescribeManagedPrefixLists"
  | "GetManagedPrefixListEntries"
  | "CreateManagedPrefixList"
  | "ModifyManagedPrefixList"
  | "DeleteManagedPrefixList"
>;

// ---- inputs -------------------------------------------------------------------------------------

function subnetConfigurationsIn(
  configurations: readonly SubnetConfiguration[] | undefined,
): SubnetConfigurationInput[] | undefined {
  return configurations?.map((c) => ({ subnetId: c.SubnetId, ipv4: c.Ipv4, ipv6: c.Ipv6 }));
}

function entriesIn(entries: readonly AddPrefixListEntry[] | undefined) {
  return entries?.map((e) => ({ cidr: e.Cidr, description: e.Description }));
}

// ---- outputs ------------------------------------------------------------------------------------

export function vpcEndpointOut(e: VpcEndpointView): VpcEndpoint {
  return {
    VpcEndpointId: e.id,
    VpcEndpointType: e.endpointType,
    VpcId: e.vpcId,
    ServiceName: e.serviceName,
    State: e.state,
    PolicyDocument: e.policyDocument,
    RouteTableIds: e.routeTableIds,
    SubnetIds: e.subnetIds,
    Groups: e.groups.map((g) => ({ GroupId: g.groupId, GroupName: g.groupName })),
    IpAddressType: e.ipAddressType,
    DnsOptions:
      e.endpointType === "Interface"
        ? {
            DnsRecordIpType: e.dnsRecordIpType,
            PrivateDnsOnlyForInboundResolverEndpoint: e.privateDnsOnlyForInboundResolverEndpoint,
          }
        : undefined,
    PrivateDnsEnabled: e.privateDnsEnabled,
    RequesterManaged: e.requesterManaged,
    NetworkInterfaceIds: e.networkInterfaceIds,
    DnsEntries: e.dnsEntries.map((d) => ({ DnsName: d.dnsName, HostedZoneId: d.hostedZoneId })),
    CreationTimestamp: e.creationTimestamp,
    Tags: tagsOut(e.tags),
    OwnerId: e.ownerId,
  };
}

/** Catalogue entries are immutable and shared, so their wire forms are memoised. */
export const serviceDetailOut = perRecord(
  (s: EndpointService): ServiceDetail => ({
    ServiceName: s.serviceName,
    ServiceId: s.serviceId,
    ServiceType: [{ ServiceType: s.serviceType }],
    AvailabilityZones: s.availabilityZones,
    Owner: s.owner,
    BaseEndpointDnsNames: s.baseEndpointDnsNames,
    PrivateDnsName: s.privateDnsName,
    PrivateDnsNames: s.privateDnsName !== undefined ? [{ PrivateDnsName: s.privateDnsName }] : undefined,
    VpcEndpointPolicySupported: s.vpcEndpointPolicySupported,
    AcceptanceRequired: s.acceptanceRequired,
    ManagesVpcEndpoints: s.managesVpcEndpoints,
    Tags: tagsOut(s.tags),
    PrivateDnsNameVerificationState: s.privateDnsName !== undefined ? "verified" : undefined,
    SupportedIpAddressTypes: s.supportedIpAddressTypes,
  }),
);

/**
 * Describe and Create print `"Tags": []` for an untagged list, Modify and Delete leave it out (AWS CLI
 * examples): `emptyTags` says which.
 */
export function managedPrefixListOut(l: PrefixListView, emptyTags = true): PrefixList {
  return {
    PrefixListId: l.id,
    AddressFamily: l.addressFamily,
    State: l.state,
    StateMessage: l.stateMessage,
    PrefixListArn: l.arn,
    PrefixListName: l.name,
    MaxEntries: l.maxEntries,
    Version: l.version,
    Tags: emptyTags ? l.tags.map((t) => ({ Key: t.key, Value: t.value })) : tagsOut(l.tags),
    OwnerId: l.ownerId,
  };
}

function legacyPrefixListOut(l: PrefixListView): DescribePrefixListsPrefixList {
  return { Cidrs: l.entries.map((e) => e.cidr), PrefixListId: l.id, PrefixListName: l.name };
}

function entryOut(e: DomainPrefixListEntry): PrefixListEntry {
  return { Cidr: e.cidr, Description: e.description };
}

// ---- handlers -----------------------------------------------------------------------------------

export const endpointHandlers: HandlerMap<Ops> = {
  CreateVpcEndpoint: idempotent("CreateVpcEndpoint", (ctx, i) => {
    const { vpcEndpoint } = createVpcEndpoint(ctx, {
      vpcId: i.VpcId,
      serviceName: i.ServiceName,
      vpcEndpointType: i.VpcEndpointType,
      policyDocument: i.PolicyDocument,
      routeTableIds: i.RouteTableIds,
      subnetIds: i.SubnetIds,
      securityGroupIds: i.SecurityGroupIds,
      ipAddressType: i.IpAddressType,
      dnsRecordIpType: i.DnsOptions?.DnsRecordIpType,
      privateDnsOnlyForInboundResolverEndpoint: i.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint,
      privateDnsEnabled: i.PrivateDnsEnabled,
      subnetConfigurations: subnetConfigurationsIn(i.SubnetConfigurations),
      clientToken: i.ClientToken,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { VpcEndpoint: vpcEndpointOut(vpcEndpoint), ClientToken: i.ClientToken };
  }),
  ModifyVpcEndpoint: writes((ctx, i) => {
    modifyVpcEndpoint(ctx, {
      vpcEndpointId: i.VpcEndpointId,
      resetPolicy: i.ResetPolicy,
      policyDocument: i.PolicyDocument,
      addRouteTableIds: i.AddRouteTableIds,
      removeRouteTableIds: i.RemoveRouteTableIds,
      addSubnetIds: i.AddSubnetIds,
      removeSubnetIds: i.RemoveSubnetIds,
      addSecurityGroupIds: i.AddSecurityGroupIds,
      removeSecurityGroupIds: i.RemoveSecurityGroupIds,
      ipAddressType: i.IpAddressType,
      dnsRecordIpType: i.DnsOptions?.DnsRecordIpType,
      privateDnsOnlyForInboundResolverEndpoint: i.DnsOptions?.PrivateDnsOnlyForInboundResolverEndpoint,
      privateDnsEnabled: i.PrivateDnsEnabled,
      subnetConfigurations: subnetConfigurationsIn(i.SubnetConfigurations),
    });
    return { Return: true };
  }),
  DeleteVpcEndpoints: writes((ctx, i) => {
    const { unsuccessful } = deleteVpcEndpoints(ctx, { vpcEndpointIds: i.VpcEndpointIds });
    return {
      Unsuccessful: unsuccessful.map((u) => ({
        ResourceId: u.resourceId,
        Error: { Code: u.code, Message: u.message },
      })),
    };
  }),
  DescribeVpcEndpoints: reads((ctx, i) => {
    const { vpcEndpoints, nextToken } = describeVpcEndpoints(ctx, {
      vpcEndpointIds: i.VpcEndpointIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { VpcEndpoints: vpcEndpoints.map(vpcEndpointOut), NextToken: nextToken };
  }),
  DescribeVpcEndpointServices: reads((ctx, i) => {
    const input: DescribeVpcEndpointServicesInput = {
      serviceNames: i.ServiceNames,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    };
    const { serviceNames, serviceDetails, nextToken } = describeVpcEndpointServices(ctx, input);
    return {
      ServiceNames: serviceNames,
      ServiceDetails: serviceDetails.map(serviceDetailOut),
      NextToken: nextToken,
    };
  }),
  DescribePrefixLists: reads((ctx, i) => {
    const { prefixLists, nextToken } = describePrefixLists(ctx, {
      prefixListIds: i.PrefixListIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { PrefixLists: prefixLists.map(legacyPrefixListOut), NextToken: nextToken };
  }),
  DescribeManagedPrefixLists: reads((ctx, i) => {
    const { prefixLists, nextToken } = describeManagedPrefixLists(ctx, {
      prefixListIds: i.PrefixListIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { PrefixLists: prefixLists.map((l) => managedPrefixListOut(l)), NextToken: nextToken };
  }),
  GetManagedPrefixListEntries: reads((ctx, i) => {
    const { entries, nextToken } = getManagedPrefixListEntries(ctx, {
      prefixListId: i.PrefixListId,
      targetVersion: i.TargetVersion,
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { Entries: entries.map(entryOut), NextToken: nextToken };
  }),
  CreateManagedPrefixList: idempotent("CreateManagedPrefixList", (ctx, i) => {
    const { prefixList } = createManagedPrefixList(ctx, {
      prefixListName: i.PrefixListName,
      addressFamily: i.AddressFamily,
      maxEntries: i.MaxEntries,
      entries: entriesIn(i.Entries),
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
      clientToken: i.ClientToken,
    });
    return { PrefixList: managedPrefixListOut(prefixList) };
  }),
  ModifyManagedPrefixList: writes((ctx, i) => {
    const { prefixList } = modifyManagedPrefixList(ctx, {
      prefixListId: i.PrefixListId,
      currentVersion: i.CurrentVersion,
      prefixListName: i.PrefixListName,
      addEntries: entriesIn(i.AddEntries),
      removeEntries: i.RemoveEntries?.map((e) => ({ cidr: e.Cidr })),
      maxEntries: i.MaxEntries,
    });
    return { PrefixList: managedPrefixListOut(prefixList, false) };
  }),
  DeleteManagedPrefixList: writes((ctx, i) => {
    const { prefixList } = deleteManagedPrefixList(ctx, { prefixListId: i.PrefixListId });
    return { PrefixList: managedPrefixListOut(prefixList, false) };
  }),
};
