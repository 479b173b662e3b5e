/**
 * The data plane's contract: what a trace takes (endpoints, a packet) and what it answers (hops,
 * verdicts, AWS's explanation codes). The Network Insights API and the `send` simulation are
 * built on these types; they are kept stable, and fields are only ever added.
 *
 * Addresses are text in their canonical form (`10.0.1.5`, `2001:db8::1`); protocols are IANA
 * numbers; names of components, rules and codes are AWS's.
 */
import type { RouteOrigin, RouteTargetKind } from "../model/resources.js";

// ---- packets ----------------------------------------------------------------------------------

/** IANA protocol numbers the data plane knows by name. */
export const PROTOCOL_NUMBERS = { icmp: 1, tcp: 6, udp: 17, icmpv6: 58 } as const;

/** One packet's headers, as they are at one point of its path. */
export interface Packet {
  /** IANA protocol number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, … */
  readonly protocol: number;
  readonly source: string;
  readonly destination: string;
  /** TCP and UDP only. */
  readonly sourcePort?: number;
  readonly destinationPort?: number;
  /** ICMP and ICMPv6 only. */
  readonly icmpType?: number;
  readonly icmpCode?: number;
}

// ---- endpoints --------------------------------------------------------------------------------

/**
 * Where a trace starts or ends. `address` on an instance or interface picks one of its private
 * addresses (default: the primary one). `internet:<ip>` and `onprem:<ip>` are hosts outside AWS;
 * a plain address is resolved to the interface holding it (or, for a public address held by
 * nobody, the internet); a DNS name is resolved as the VPC's resolver answers it (destinations
 * only).
 */
export type Endpoint =
  | { readonly kind: "instance"; readonly id: string; readonly address?: string }
  | { readonly kind: "network-interface"; readonly id: string; readonly address?: string }
  | { readonly kind: "internet"; readonly address: string }
  | { readonly kind: "on-premises"; readonly address: string }
  | { readonly kind: "address"; readonly address: string }
  | { readonly kind: "dns-name"; readonly name: string };

/** What a trace is asked to send from its source. */
export interface TraceRequest {
  readonly to: Endpoint;
  /** IANA protocol number (see `PROTOCOL_NUMBERS`). */
  readonly protocol: number;
  /** TCP and UDP: required. */
  readonly destinationPort?: number;
  /** TCP and UDP: default `DEFAULT_SOURCE_PORT`. */
  readonly sourcePort?: number;
  /** ICMP and ICMPv6: default echo request (8, or 128 for ICMPv6), code 0. */
  readonly icmpType?: number;
  readonly icmpCode?: number;
}

/**
 * An ephemeral port inside every client range AWS documents for network ACL return rules
 * (Linux 32768–60999, Windows 49152–65535, NAT gateways and ELB 1024–65535).
 */
export const DEFAULT_SOURCE_PORT = 50000;

/**
 * Connection state kept outside the trace (the `send` simulation's connection tracking): a
 * packet that belongs to a connection the interface already tracks passes its security groups
 * whatever their rules say now.
 */
export interface ConnectionTracker {
  isTracked(interfaceId: string, direction: Direction, packet: Packet): boolean;
}

export interface TraceOptions {
  /** Resolve ids and addresses in this account and/or region when several scopes hold them. */
  readonly account?: string;
  readonly region?: string;
  /** Trace the return path of a delivered packet (default true). */
  readonly returnPath?: boolean;
  readonly connections?: ConnectionTracker;
  /**
   * A component (by id) the path must go through, as Reachability Analyzer's intermediate
   * component filter: a path that misses it is unreachable, explained by the route that would have
   * led to it and lost (`MORE_SPECIFIC_ROUTE`, `HIGHER_PRIORITY_ROUTE`), else by
   * `COMPONENT_FILTER_RESTRICTION`.
   */
  readonly through?: string;
}

// ---- components -------------------------------------------------------------------------------

export type ComponentType =
  | "instance"
  | "network-interface"
  | "security-group"
  | "network-acl"
  | "route-table"
  | "subnet"
  | "vpc"
  | "internet-gateway"
  | "egress-only-internet-gateway"
  | "nat-gateway"
  | "vpc-peering-connection"
  | "vpc-endpoint"
  | "vpn-gateway"
  | "vpn-connection"
  | "customer-gateway"
  | "direct-connect-gateway"
  | "direct-connect-virtual-interface"
  | "prefix-list"
  | "transit-gateway"
  /** Hosts outside AWS. */
  | "internet"
  | "on-premises"
  /** An AWS service reached through a gateway endpoint (S3, DynamoDB): its id is the service name. */
  | "aws-service"
  /** Addresses the VPC serves itself, exempt from security groups and network ACLs. */
  | "amazon-dns"
  | "instance-metadata"
  | "time-sync"
  | "vpc-router";

/** A resource named in a trace: its id, its ARN as AWS writes it, and its Name tag. */
export interface Component {
  readonly type: ComponentType;
  /** The AWS id; for `internet`, `on-premises` and the VPC's own services, the address. */
  readonly id: string;
  readonly arn?: string;
  readonly name?: string;
  readonly account?: string;
  readonly region?: string;
}

export type Direction = "ingress" | "egress";

// ---- rules that decided -----------------------------------------------------------------------

/** The network ACL entry that decided (`ruleNumber` 32767/32768 is the final `*` deny). */
export interface AclRuleRef {
  readonly ruleNumber: number;
  readonly ruleAction: "allow" | "deny";
  readonly egress: boolean;
  /** As AWS stores it: a protocol number, or `-1` for all. */
  readonly protocol: string;
  readonly cidr: string;
  readonly portRange?: { readonly from: number; readonly to: number };
  readonly icmpTypeCode?: { readonly type: number; readonly code: number };
  /** True for the final deny entries no request can remove. */
  readonly implicit?: boolean;
}

/** The security-group rule that allowed. */
export interface SecurityGroupRuleRef {
  readonly groupId: string;
  readonly ruleId: string;
  readonly direction: Direction;
  /** As AWS stores it: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` or a number. */
  readonly protocol: string;
  /** Ports for TCP/UDP; ICMP type (`from`) and code (`to`), -1 meaning all. */
  readonly portRange?: { readonly from: number; readonly to: number };
  readonly cidr?: string;
  readonly prefixListId?: string;
  readonly referencedGroupId?: string;
}

/** The route that was chosen (or found unusable). */
export interface RouteRef {
  readonly routeTableId: string;
  /** The route's destination: a CIDR, or a prefix list id. */
  readonly destination: string;
  readonly destinationCidr?: string;
  readonly destinationPrefixListId?: string;
  /** The block the packet's destination matched (a prefix list entry for prefix-list routes). */
  readonly matchedCidr: string;
  readonly target: { readonly kind: RouteTargetKind; readonly id: string };
  readonly origin: RouteOrigin;
  readonly state: "active" | "blackhole";
}

// ---- explanations -----------------------------------------------------------------------------

/**
 * AWS's Reachability Analyzer explanation codes the data plane produces ("Reachability Analyzer
 * explanation codes", VPC Reachability Analyzer guide). `docs/dataplane.md` lists what triggers
 * each one here.
 */
export type ExplanationCode =
  | "BAD_STATE"
  | "COMPONENT_FILTER_RESTRICTION"
  | "BAD_STATE_ATTACHMENT"
  | "BAD_STATE_ROUTE"
  | "BAD_STATE_VPN"
  | "ENI_SG_RULES_MISMATCH"
  | "ENI_SOURCE_DEST_CHECK_RESTRICTION"
  | "GATEWAY_REJECTS_SPOOFED_TRAFFIC"
  | "HIGHER_PRIORITY_ROUTE"
  | "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
  | "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS"
  | "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
  | "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
  | "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"
  | "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS"
  | "MORE_SPECIFIC_ROUTE"
  | "NGW_REQUIRES_SOURCE_IN_VPC"
  | "NO_POSSIBLE_DESTINATION"
  | "NO_ROUTE_TO_DESTINATION"
  | "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
  | "PROTOCOL_RESTRICTION"
  | "SUBNET_ACL_RESTRICTION"
  | "UNASSOCIATED_COMPONENT"
  | "UNSUPPORTED_COMPONENT"
  | "VGW_PRIVATE_IP_ASSOCIATION_FOR_EGRESS"
  | "VGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS"
  | "VPCE_GATEWAY_PROTOCOL_RESTRICTION"
  | "VPCE_GATEWAY_EGRESS_SOURCE_ADDRESS_RESTRICTION";

/**
 * Why a packet was dropped, in the shape of AWS's `Explanation`: the code, the component that
 * dropped it, and the related components and fields AWS names for that code.
 */
export interface Explanation {
  readonly code: ExplanationCode;
  readonly direction?: Direction;
  /** The component that dropped the packet. */
  readonly component: Component;
  readonly networkInterface?: Component;
  readonly attachedTo?: Component;
  readonly securityGroups?: readonly Component[];
  readonly acl?: Component;
  readonly aclRule?: AclRuleRef;
  readonly routeTable?: Component;
  readonly route?: RouteRef;
  readonly subnet?: Component;
  readonly vpc?: Component;
  readonly sourceVpc?: Component;
  readonly destinationVpc?: Component;
  readonly internetGateway?: Component;
  readonly natGateway?: Component;
  readonly vpcPeeringConnection?: Component;
  readonly vpcEndpoint?: Component;
  readonly vpnGateway?: Component;
  readonly vpnConnection?: Component;
  /** The address the check was about. */
  readonly address?: string;
  /** CIDRs the address had to be in (peering: the peer VPC's blocks). */
  readonly cidrs?: readonly string[];
  /** `source-address`, `destination-address`, `destination-port`, `protocol`. */
  readonly packetField?: string;
  readonly protocols?: readonly string[];
  readonly state?: string;
  /** One sentence for people. */
  readonly message: string;
}

// ---- hops, paths and traces -------------------------------------------------------------------

/**
 * What a component did with the packet:
 * - `send`: the source put it on the wire; `deliver`: the destination received it;
 * - `forward`: passed it on unchanged (an interface, a peering connection, a gateway, an instance
 *   acting as a router);
 * - `translate`: passed it on with addresses rewritten (internet gateway, NAT gateway, NAT instance);
 * - `allow` / `deny`: a security group or network ACL decided (see `direction`);
 * - `route`: a route table chose a route;
 * - `drop`: the component dropped it (see the hop's explanation).
 */
export type HopAction = "send" | "deliver" | "forward" | "translate" | "allow" | "deny" | "route" | "drop";

export interface Hop {
  /** 1, 2, … within its path. */
  readonly sequence: number;
  readonly component: Component;
  readonly action: HopAction;
  /** For security groups, network ACLs and interfaces: which way the packet crossed. */
  readonly direction?: Direction;
  /** The instance an interface is attached to. */
  readonly attachedTo?: Component;
  /**
   * The interface concerned: for a security group, the interface it filtered for; for a network
   * ACL, the interface whose subnet boundary the packet crossed; for a managed component (NAT
   * gateway, interface endpoint), the interface it sends and receives on.
   */
  readonly networkInterface?: Component;
  readonly subnet?: Component;
  readonly vpc?: Component;
  readonly sourceVpc?: Component;
  readonly destinationVpc?: Component;
  /** The headers as the packet reached the component. */
  readonly inbound: Packet;
  /** The headers as it left (absent when dropped or delivered). */
  readonly outbound?: Packet;
  readonly aclRule?: AclRuleRef;
  readonly securityGroupRule?: SecurityGroupRuleRef;
  /** A security group allowed the packet as part of a tracked connection (return traffic). */
  readonly connectionTracked?: boolean;
  /** The packet's destination is exempt from this filter (Amazon DNS, metadata, time sync, router). */
  readonly exempt?: boolean;
  readonly route?: RouteRef;
  /** Why the hop dropped the packet. */
  readonly explanation?: Explanation;
  /** One sentence for people. */
  readonly detail: string;
}

export interface PathResult {
  readonly outcome: "delivered" | "dropped";
  readonly hops: readonly Hop[];
  /** The drop's explanation(s); empty when delivered. */
  readonly explanations: readonly Explanation[];
}

/** An endpoint as the trace resolved it. */
export interface ResolvedEndpoint {
  readonly component: Component;
  readonly address: string;
  readonly vpc?: Component;
  readonly subnet?: Component;
  /** The interface, for instances and interfaces. */
  readonly networkInterface?: Component;
}

export interface Trace {
  /** `reachable` when the packet was delivered and, unless disabled, its reply came back. */
  readonly verdict: "reachable" | "unreachable";
  readonly from: ResolvedEndpoint;
  readonly to: ResolvedEndpoint;
  /** The packet as the source sent it. */
  readonly packet: Packet;
  readonly forward: PathResult;
  /** The reply's path, for a delivered packet (unless `returnPath: false`). */
  readonly return?: PathResult;
  /** Why the trace is unreachable (the failing path's explanations); empty when reachable. */
  readonly explanations: readonly Explanation[];
}

/** A packet crossing a network interface: what flow logs record, per interface and direction. */
export interface InterfaceCrossing {
  readonly interfaceId: string;
  readonly interface: Component;
  readonly path: "forward" | "return";
  readonly direction: Direction;
  /** The headers on the wire at the interface. */
  readonly packet: Packet;
  /** ACCEPT unless the interface's security groups or its subnet's network ACL rejected it. */
  readonly action: "ACCEPT" | "REJECT";
  /** The hop of the path where the crossing happened. */
  readonly sequence: number;
}

/** A client error in a trace request (unknown resource, ambiguous address, bad packet). */
export class TraceInputError extends Error {
  constructor(
    /** An AWS error code (`InvalidParameterValue`, `InvalidInstanceID.NotFound`, …). */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "TraceInputError";
  }
}
