/**
 * Reachability Analyzer (Network Insights): paths (`nip-`) and their analyses (`nia-`).
 *
 * An analysis stores its result in domain form, one structure per AWS structure of the API
 * reference (PathComponent, Explanation, AnalysisAclRule, …), with camelCase fields: the API layer
 * maps them to the wire field by field. The result is computed when the analysis starts, on the
 * network as it is then (as AWS does: a later change does not alter an analysis), and shown once
 * the analysis leaves `running`.
 */
import type { Tag } from "./resources.js";

interface Owned {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}

export interface PortSpan {
  readonly from: number;
  readonly to: number;
}

/** `PathFilter` of the API reference: scopes an analysis at the source or the destination. */
export interface PathFilter {
  readonly sourceAddress?: string;
  readonly sourcePortRange?: PortSpan;
  readonly destinationAddress?: string;
  readonly destinationPortRange?: PortSpan;
}

export type NetworkInsightsProtocol = "tcp" | "udp";

export interface NetworkInsightsPath extends Owned {
  readonly arn: string;
  readonly createdDate: Date;
  /** The id of the source resource (also when the request named it by ARN). */
  readonly source: string;
  readonly sourceArn: string;
  readonly destination?: string;
  readonly destinationArn?: string;
  readonly sourceIp?: string;
  readonly destinationIp?: string;
  readonly protocol: NetworkInsightsProtocol;
  readonly destinationPort?: number;
  readonly filterAtSource?: PathFilter;
  readonly filterAtDestination?: PathFilter;
}

/** `AnalysisComponent`: a resource named in a result. */
export interface AnalysisComponent {
  readonly id: string;
  readonly arn?: string;
  readonly name?: string;
}

export interface AnalysisAclRule {
  readonly cidr?: string;
  readonly egress?: boolean;
  readonly portRange?: PortSpan;
  readonly protocol?: string;
  readonly ruleAction?: string;
  readonly ruleNumber?: number;
}

export interface AnalysisPacketHeader {
  readonly destinationAddresses?: readonly string[];
  readonly destinationPortRanges?: readonly PortSpan[];
  readonly protocol?: string;
  readonly sourceAddresses?: readonly string[];
  readonly sourcePortRanges?: readonly PortSpan[];
}

export interface AnalysisRouteTableRoute {
  readonly destinationCidr?: string;
  readonly destinationPrefixListId?: string;
  readonly egressOnlyInternetGatewayId?: string;
  readonly gatewayId?: string;
  readonly instanceId?: string;
  readonly natGatewayId?: string;
  readonly networkInterfaceId?: string;
  readonly origin?: string;
  readonly transitGatewayId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly state?: string;
  readonly carrierGatewayId?: string;
  readonly coreNetworkArn?: string;
  readonly localGatewayId?: string;
}

export interface AnalysisSecurityGroupRule {
  readonly cidr?: string;
  readonly direction?: "ingress" | "egress";
  readonly securityGroupId?: string;
  readonly portRange?: PortSpan;
  readonly prefixListId?: string;
  readonly protocol?: string;
}

export interface AdditionalDetail {
  readonly additionalDetailType?: string;
  readonly component?: AnalysisComponent;
  readonly vpcEndpointService?: AnalysisComponent;
  readonly serviceName?: string;
}

/** `Explanation`: why a path is not reachable (or a note on a hop), with AWS's explanation code. */
export interface Explanation {
  readonly explanationCode: string;
  readonly acl?: AnalysisComponent;
  readonly aclRule?: AnalysisAclRule;
  readonly address?: string;
  readonly addresses?: readonly string[];
  readonly attachedTo?: AnalysisComponent;
  readonly availabilityZones?: readonly string[];
  readonly cidrs?: readonly string[];
  readonly component?: AnalysisComponent;
  readonly customerGateway?: AnalysisComponent;
  readonly destination?: AnalysisComponent;
  readonly destinationVpc?: AnalysisComponent;
  readonly direction?: string;
  readonly ingressRouteTable?: AnalysisComponent;
  readonly internetGateway?: AnalysisComponent;
  readonly missingComponent?: string;
  readonly natGateway?: AnalysisComponent;
  readonly networkInterface?: AnalysisComponent;
  readonly packetField?: string;
  readonly vpcPeeringConnection?: AnalysisComponent;
  readonly port?: number;
  readonly portRanges?: readonly PortSpan[];
  readonly prefixList?: AnalysisComponent;
  readonly protocols?: readonly string[];
  readonly routeTableRoute?: AnalysisRouteTableRoute;
  readonly routeTable?: AnalysisComponent;
  readonly securityGroup?: AnalysisComponent;
  readonly securityGroupRule?: AnalysisSecurityGroupRule;
  readonly securityGroups?: readonly AnalysisComponent[];
  readonly sourceVpc?: AnalysisComponent;
  readonly state?: string;
  readonly subnet?: AnalysisComponent;
  readonly subnetRouteTable?: AnalysisComponent;
  readonly vpc?: AnalysisComponent;
  readonly vpcEndpoint?: AnalysisComponent;
  readonly vpnConnection?: AnalysisComponent;
  readonly vpnGateway?: AnalysisComponent;
  readonly transitGateway?: AnalysisComponent;
  readonly transitGatewayRouteTable?: AnalysisComponent;
  readonly transitGatewayAttachment?: AnalysisComponent;
  readonly componentAccount?: string;
  readonly componentRegion?: string;
}

/** `PathComponent`: one hop of the forward or the return path. */
export interface PathComponent {
  readonly sequenceNumber: number;
  readonly aclRule?: AnalysisAclRule;
  readonly attachedTo?: AnalysisComponent;
  readonly component?: AnalysisComponent;
  readonly destinationVpc?: AnalysisComponent;
  readonly outboundHeader?: AnalysisPacketHeader;
  readonly inboundHeader?: AnalysisPacketHeader;
  readonly routeTableRoute?: AnalysisRouteTableRoute;
  readonly securityGroupRule?: AnalysisSecurityGroupRule;
  readonly sourceVpc?: AnalysisComponent;
  readonly subnet?: AnalysisComponent;
  readonly vpc?: AnalysisComponent;
  readonly additionalDetails?: readonly AdditionalDetail[];
  readonly transitGateway?: AnalysisComponent;
  readonly explanations?: readonly Explanation[];
  readonly serviceName?: string;
}

/** What an analysis found. */
export interface AnalysisResult {
  readonly networkPathFound: boolean;
  readonly forwardPathComponents: readonly PathComponent[];
  readonly returnPathComponents: readonly PathComponent[];
  readonly explanations: readonly Explanation[];
}

export type NetworkInsightsAnalysisStatus = "running" | "succeeded" | "failed";

export interface NetworkInsightsAnalysis extends Owned {
  readonly arn: string;
  readonly networkInsightsPathId: string;
  readonly additionalAccounts: readonly string[];
  readonly filterInArns: readonly string[];
  readonly startDate: Date;
  readonly status: NetworkInsightsAnalysisStatus;
  /** When `running` ends. */
  readonly statusDueAt?: Date;
  readonly statusMessage?: string;
  readonly warningMessage?: string;
  /** Shown once the analysis succeeded. */
  readonly result?: AnalysisResult;
  /** Computed at start (on the network as it was then), revealed when the analysis leaves `running`. */
  readonly pending?:
    | { readonly kind: "result"; readonly result: AnalysisResult }
    | { readonly kind: "failure"; readonly message: string };
}
