/**
 * Reachability Analyzer (Network Insights) operations, and the explicit mapping of paths,
 * analyses and their findings (path components, explanations) to EC2's wire shapes.
 */
import {
  createNetworkInsightsPath,
  deleteNetworkInsightsAnalysis,
  deleteNetworkInsightsPath,
  describeNetworkInsightsAnalyses,
  describeNetworkInsightsPaths,
  type PathFilterInput,
  startNetworkInsightsAnalysis,
} from "../../control/network-insights.js";
import type {
  AnalysisAclRule as DomainAclRule,
  AdditionalDetail as DomainAdditionalDetail,
  NetworkInsightsAnalysis as DomainAnalysis,
  AnalysisComponent as DomainComponent,
  Explanation as DomainExplanation,
  AnalysisPacketHeader as DomainPacketHeader,
  NetworkInsightsPath as DomainPath,
  PathComponent as DomainPathComponent,
  PathFilter as DomainPathFilter,
  AnalysisRouteTableRoute as DomainRoute,
  AnalysisSecurityGroupRule as DomainSecurityGroupRule,
  PortSpan,
} from "../../model/network-insights.js";
import type {
  AclRule,
  AdditionalDetail,
  Component,
  Ec2Operations,
  Explanation,
  FilterAtDestination,
  FilterAtSource,
  ForwardPathComponent,
  ForwardPathComponentSecurityGroupRule,
  NetworkInsightsAnalysis,
  NetworkInsightsPath,
  OutboundHeader,
  PortRange,
  RouteTableRoute,
} from "../../protocol/generated/ec2.js";
import { type HandlerMap, reads, writes } from "../handler.js";
import { idempotent } from "../idempotency.js";
import { filtersIn, perRecord, tagSpecificationsIn, tagsOut } from "./wire.js";

type Ops = Pick<
  Ec2Operations,
  | "CreateNetworkInsightsPath"
  | "DescribeNetworkInsightsPaths"
  | "DeleteNetworkInsightsPath"
  | "StartNetworkInsightsAnalysis"
  | "DescribeNetworkInsightsAnalyses"
  | "DeleteNetworkInsightsAnalysis"
>;

// ---- inputs -------------------------------------------------------------------------------------

function pathFilterIn(filter: FilterAtSource | undefined): PathFilterInput | undefined {
  if (filter === undefined) return undefined;
  const range = (r: { FromPort?: number; ToPort?: number } | undefined) =>
    r === undefined
      ? undefined
      : {
          ...(r.FromPort !== undefined ? { fromPort: r.FromPort } : {}),
          ...(r.ToPort !== undefined ? { toPort: r.ToPort } : {}),
        };
  const sourcePortRange = range(filter.SourcePortRange);
  const destinationPortRange = range(filter.DestinationPortRange);
  return {
    ...(filter.SourceAddress !== undefined ? { sourceAddress: filter.SourceAddress } : {}),
    ...(sourcePortRange !== undefined ? { sourcePortRange } : {}),
    ...(filter.DestinationAddress !== undefined ? { destinationAddress: filter.DestinationAddress } : {}),
    ...(destinationPortRange !== undefined ? { destinationPortRange } : {}),
  };
}

// ---- outputs ------------------------------------------------------------------------------------

function pathFilterOut(f: DomainPathFilter | undefined): FilterAtDestination | undefined {
  if (f === undefined) return undefined;
  const range = (r: PortSpan | undefined) =>
    r === undefined ? undefined : { FromPort: r.from, ToPort: r.to };
  return {
    SourceAddress: f.sourceAddress,
    SourcePortRange: range(f.sourcePortRange),
    DestinationAddress: f.destinationAddress,
    DestinationPortRange: range(f.destinationPortRange),
  };
}

export const networkInsightsPathOut = perRecord(
  (p: DomainPath): NetworkInsightsPath => ({
    NetworkInsightsPathId: p.id,
    NetworkInsightsPathArn: p.arn,
    CreatedDate: p.createdDate,
    Source: p.source,
    Destination: p.destination,
    SourceArn: p.sourceArn,
    DestinationArn: p.destinationArn,
    SourceIp: p.sourceIp,
    DestinationIp: p.destinationIp,
    Protocol: p.protocol,
    DestinationPort: p.destinationPort,
    Tags: tagsOut(p.tags),
    FilterAtSource: pathFilterOut(p.filterAtSource),
    FilterAtDestination: pathFilterOut(p.filterAtDestination),
  }),
);

function componentOut(c: DomainComponent | undefined): Component | undefined {
  return c === undefined ? undefined : { Id: c.id, Arn: c.arn, Name: c.name };
}

function componentsOut(list: readonly DomainComponent[] | undefined): Component[] | undefined {
  return list?.map((c) => componentOut(c)!);
}

function portRangeOut(r: PortSpan | undefined): PortRange | undefined {
  return r === undefined ? undefined : { From: r.from, To: r.to };
}

function portRangesOut(list: readonly PortSpan[] | undefined): PortRange[] | undefined {
  return list?.map((r) => portRangeOut(r)!);
}

function aclRuleOut(r: DomainAclRule | undefined): AclRule | undefined {
  if (r === undefined) return undefined;
  return {
    Cidr: r.cidr,
    Egress: r.egress,
    PortRange: portRangeOut(r.portRange),
    Protocol: r.protocol,
    RuleAction: r.ruleAction,
    RuleNumber: r.ruleNumber,
  };
}

function headerOut(h: DomainPacketHeader | undefined): OutboundHeader | undefined {
  if (h === undefined) return undefined;
  return {
    DestinationAddresses: h.destinationAddresses ? [...h.destinationAddresses] : undefined,
    DestinationPortRanges: portRangesOut(h.destinationPortRanges),
    Protocol: h.protocol,
    SourceAddresses: h.sourceAddresses ? [...h.sourceAddresses] : undefined,
    SourcePortRanges: portRangesOut(h.sourcePortRanges),
  };
}

function routeOut(r: DomainRoute | undefined): RouteTableRoute | undefined {
  if (r === undefined) return undefined;
  return {
    DestinationCidr: r.destinationCidr,
    DestinationPrefixListId: r.destinationPrefixListId,
    EgressOnlyInternetGatewayId: r.egressOnlyInternetGatewayId,
    GatewayId: r.gatewayId,
    InstanceId: r.instanceId,
    NatGatewayId: r.natGatewayId,
    NetworkInterfaceId: r.networkInterfaceId,
    Origin: r.origin,
    TransitGatewayId: r.transitGatewayId,
    VpcPeeringConnectionId: r.vpcPeeringConnectionId,
    State: r.state,
    CarrierGatewayId: r.carrierGatewayId,
    CoreNetworkArn: r.coreNetworkArn,
    LocalGatewayId: r.localGatewayId,
  };
}

function securityGroupRuleOut(
  r: DomainSecurityGroupRule | undefined,
): ForwardPathComponentSecurityGroupRule | undefined {
  if (r === undefined) return undefined;
  return {
    Cidr: r.cidr,
    Direction: r.direction,
    SecurityGroupId: r.securityGroupId,
    PortRange: portRangeOut(r.portRange),
    PrefixListId: r.prefixListId,
    Protocol: r.protocol,
  };
}

function additionalDetailOut(d: DomainAdditionalDetail): AdditionalDetail {
  return {
    AdditionalDetailType: d.additionalDetailType,
    Component: componentOut(d.component),
    VpcEndpointService: componentOut(d.vpcEndpointService),
    ServiceName: d.serviceName,
  };
}

export function explanationOut(e: DomainExplanation): Explanation {
  return {
    Acl: componentOut(e.acl),
    AclRule: aclRuleOut(e.aclRule),
    Address: e.address,
    Addresses: e.addresses ? [...e.addresses] : undefined,
    AttachedTo: componentOut(e.attachedTo),
    AvailabilityZones: e.availabilityZones ? [...e.availabilityZones] : undefined,
    Cidrs: e.cidrs ? [...e.cidrs] : undefined,
    Component: componentOut(e.component),
    CustomerGateway: componentOut(e.customerGateway),
    Destination: componentOut(e.destination),
    DestinationVpc: componentOut(e.destinationVpc),
    Direction: e.direction,
    ExplanationCode: e.explanationCode,
    IngressRouteTable: componentOut(e.ingressRouteTable),
    InternetGateway: componentOut(e.internetGateway),
    MissingComponent: e.missingComponent,
    NatGateway: componentOut(e.natGateway),
    NetworkInterface: componentOut(e.networkInterface),
    PacketField: e.packetField,
    VpcPeeringConnection: componentOut(e.vpcPeeringConnection),
    Port: e.port,
    PortRanges: portRangesOut(e.portRanges),
    PrefixList: componentOut(e.prefixList),
    Protocols: e.protocols ? [...e.protocols] : undefined,
    RouteTableRoute: routeOut(e.routeTableRoute),
    RouteTable: componentOut(e.routeTable),
    SecurityGroup: componentOut(e.securityGroup),
    SecurityGroupRule: securityGroupRuleOut(e.securityGroupRule),
    SecurityGroups: componentsOut(e.securityGroups),
    SourceVpc: componentOut(e.sourceVpc),
    State: e.state,
    Subnet: componentOut(e.subnet),
    SubnetRouteTable: componentOut(e.subnetRouteTable),
    Vpc: componentOut(e.vpc),
    VpcEndpoint: componentOut(e.vpcEndpoint),
    VpnConnection: componentOut(e.vpnConnection),
    VpnGateway: componentOut(e.vpnGateway),
    TransitGateway: componentOut(e.transitGateway),
    TransitGatewayRouteTable: componentOut(e.transitGatewayRouteTable),
    TransitGatewayAttachment: componentOut(e.transitGatewayAttachment),
    ComponentAccount: e.componentAccount,
    ComponentRegion: e.componentRegion,
  };
}

export function pathComponentOut(c: DomainPathComponent): ForwardPathComponent {
  return {
    SequenceNumber: c.sequenceNumber,
    AclRule: aclRuleOut(c.aclRule),
    AttachedTo: componentOut(c.attachedTo),
    Component: componentOut(c.component),
    DestinationVpc: componentOut(c.destinationVpc),
    OutboundHeader: headerOut(c.outboundHeader),
    InboundHeader: headerOut(c.inboundHeader),
    RouteTableRoute: routeOut(c.routeTableRoute),
    SecurityGroupRule: securityGroupRuleOut(c.securityGroupRule),
    SourceVpc: componentOut(c.sourceVpc),
    Subnet: componentOut(c.subnet),
    Vpc: componentOut(c.vpc),
    AdditionalDetails: c.additionalDetails?.map(additionalDetailOut),
    TransitGateway: componentOut(c.transitGateway),
    Explanations: c.explanations?.map(explanationOut),
    ServiceName: c.serviceName,
  };
}

export const networkInsightsAnalysisOut = perRecord((a: DomainAnalysis): NetworkInsightsAnalysis => {
  const result = a.status === "succeeded" ? a.result : undefined;
  return {
    NetworkInsightsAnalysisId: a.id,
    NetworkInsightsAnalysisArn: a.arn,
    NetworkInsightsPathId: a.networkInsightsPathId,
    AdditionalAccounts: a.additionalAccounts.length > 0 ? [...a.additionalAccounts] : undefined,
    FilterInArns: a.filterInArns.length > 0 ? [...a.filterInArns] : undefined,
    StartDate: a.startDate,
    Status: a.status,
    StatusMessage: a.statusMessage,
    WarningMessage: a.warningMessage,
    NetworkPathFound: result?.networkPathFound,
    ForwardPathComponents:
      result && result.forwardPathComponents.length > 0
        ? result.forwardPathComponents.map(pathComponentOut)
        : undefined,
    ReturnPathComponents:
      result && result.returnPathComponents.length > 0
        ? result.returnPathComponents.map(pathComponentOut)
        : undefined,
    Explanations:
      result && result.explanations.length > 0 ? result.explanations.map(explanationOut) : undefined,
    Tags: tagsOut(a.tags),
  };
});

// ---- handlers -----------------------------------------------------------------------------------

export const networkInsightsHandlers: HandlerMap<Ops> = {
  CreateNetworkInsightsPath: idempotent("CreateNetworkInsightsPath", (ctx, i) => {
    const { networkInsightsPath } = createNetworkInsightsPath(ctx, {
      source: i.Source,
      destination: i.Destination,
      sourceIp: i.SourceIp,
      destinationIp: i.DestinationIp,
      protocol: i.Protocol,
      destinationPort: i.DestinationPort,
      filterAtSource: pathFilterIn(i.FilterAtSource),
      filterAtDestination: pathFilterIn(i.FilterAtDestination),
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { NetworkInsightsPath: networkInsightsPathOut(networkInsightsPath) };
  }),
  DescribeNetworkInsightsPaths: reads((ctx, i) => {
    const { networkInsightsPaths, nextToken } = describeNetworkInsightsPaths(ctx, {
      networkInsightsPathIds: i.NetworkInsightsPathIds,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return { NetworkInsightsPaths: networkInsightsPaths.map(networkInsightsPathOut), NextToken: nextToken };
  }),
  DeleteNetworkInsightsPath: writes((ctx, i) => {
    const { networkInsightsPathId } = deleteNetworkInsightsPath(ctx, {
      networkInsightsPathId: i.NetworkInsightsPathId,
    });
    return { NetworkInsightsPathId: networkInsightsPathId };
  }),
  StartNetworkInsightsAnalysis: idempotent("StartNetworkInsightsAnalysis", (ctx, i) => {
    const { networkInsightsAnalysis } = startNetworkInsightsAnalysis(ctx, {
      networkInsightsPathId: i.NetworkInsightsPathId,
      additionalAccounts: i.AdditionalAccounts,
      filterInArns: i.FilterInArns,
      tagSpecifications: tagSpecificationsIn(i.TagSpecifications),
    });
    return { NetworkInsightsAnalysis: networkInsightsAnalysisOut(networkInsightsAnalysis) };
  }),
  DescribeNetworkInsightsAnalyses: reads((ctx, i) => {
    const { networkInsightsAnalyses, nextToken } = describeNetworkInsightsAnalyses(ctx, {
      networkInsightsAnalysisIds: i.NetworkInsightsAnalysisIds,
      networkInsightsPathId: i.NetworkInsightsPathId,
      analysisStartTime: i.AnalysisStartTime,
      analysisEndTime: i.AnalysisEndTime,
      filters: filtersIn(i.Filters),
      maxResults: i.MaxResults,
      nextToken: i.NextToken,
    });
    return {
      NetworkInsightsAnalyses: networkInsightsAnalyses.map(networkInsightsAnalysisOut),
      NextToken: nextToken,
    };
  }),
  DeleteNetworkInsightsAnalysis: writes((ctx, i) => {
    const { networkInsightsAnalysisId } = deleteNetworkInsightsAnalysis(ctx, {
      networkInsightsAnalysisId: i.NetworkInsightsAnalysisId,
    });
    return { NetworkInsightsAnalysisId: networkInsightsAnalysisId };
  }),
};
