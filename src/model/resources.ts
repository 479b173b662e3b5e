/**
 * The resources vpcsim stores, as plain readonly data keyed by AWS ids. Field names follow the
 * domain, not the wire: booleans are booleans, times are Dates, and values that can be derived
 * from other records (a route's blackhole state, a subnet's free address count) are not stored.
 */

export interface Tag {
  readonly key: string;
  readonly value: string;
}

interface Owned {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}

export type CidrAssociationState =
  | "associating"
  | "associated"
  | "disassociating"
  | "disassociated"
  | "failing"
  | "failed";

export interface VpcCidrAssociation {
  readonly associationId: string;
  readonly cidrBlock: string;
  readonly state: CidrAssociationState;
}

export interface VpcIpv6CidrAssociation {
  readonly associationId: string;
  readonly ipv6CidrBlock: string;
  readonly state: CidrAssociationState;
  readonly networkBorderGroup: string;
  readonly ipv6Pool: string;
}

export type VpcState = "pending" | "available";
export type InstanceTenancy = "default" | "dedicated" | "host";

export interface Vpc extends Owned {
  readonly state: VpcState;
  /** The primary IPv4 block: the first association, never disassociated. */
  readonly cidrBlock: string;
  readonly cidrBlockAssociations: readonly VpcCidrAssociation[];
  readonly ipv6CidrBlockAssociations: readonly VpcIpv6CidrAssociation[];
  readonly dhcpOptionsId: string;
  readonly instanceTenancy: InstanceTenancy;
  readonly isDefault: boolean;
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
  readonly enableNetworkAddressUsageMetrics: boolean;
}

export type SubnetState = "pending" | "available";

export interface SubnetIpv6CidrAssociation {
  readonly associationId: string;
  readonly ipv6CidrBlock: string;
  readonly state: CidrAssociationState;
}

export type HostnameType = "ip-name" | "resource-name";

export interface Subnet extends Owned {
  readonly vpcId: string;
  readonly state: SubnetState;
  readonly cidrBlock: string;
  readonly ipv6CidrBlockAssociations: readonly SubnetIpv6CidrAssociation[];
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly mapCustomerOwnedIpOnLaunch: boolean;
  readonly assignIpv6AddressOnCreation: boolean;
  readonly enableDns64: boolean;
  readonly ipv6Native: boolean;
  readonly enableLniAtDeviceIndex?: number;
  readonly privateDnsHostnameType: HostnameType;
  readonly enableResourceNameDnsARecord: boolean;
  readonly enableResourceNameDnsAAAARecord: boolean;
}

/** What a route sends traffic to. `kind` names the field AWS shows it in. */
export type RouteTargetKind =
  | "local"
  | "gateway" // igw-, vgw-, and gateway endpoints (vpce-) as AWS shows them in GatewayId
  | "egressOnlyInternetGateway"
  | "natGateway"
  | "instance"
  | "networkInterface"
  | "vpcPeeringConnection"
  | "transitGateway"
  | "carrierGateway"
  | "localGateway"
  | "coreNetwork";

export interface RouteTarget {
  readonly kind: RouteTargetKind;
  /** `local` for the local route; otherwise the target's id (or ARN for a core network). */
  readonly id: string;
  /** For instance targets, the ENI the route resolved to when it was created. */
  readonly networkInterfaceId?: string;
}

export type RouteOrigin = "CreateRouteTable" | "CreateRoute" | "EnableVgwRoutePropagation";

export type RouteDestination =
  | { readonly kind: "ipv4"; readonly cidr: string }
  | { readonly kind: "ipv6"; readonly cidr: string }
  | { readonly kind: "prefix-list"; readonly prefixListId: string };

export interface Route {
  readonly destination: RouteDestination;
  readonly target: RouteTarget;
  readonly origin: RouteOrigin;
}

export interface RouteTableAssociation {
  readonly id: string;
  readonly main: boolean;
  readonly subnetId?: string;
  readonly gatewayId?: string;
}

export interface RouteTable extends Owned {
  readonly vpcId: string;
  readonly routes: readonly Route[];
  readonly associations: readonly RouteTableAssociation[];
  readonly propagatingVgwIds: readonly string[];
}

export interface InternetGatewayAttachment {
  readonly vpcId: string;
  /** AWS shows an attached internet gateway's attachment as `available`. */
  readonly state: "attaching" | "available" | "detaching";
}

export interface InternetGateway extends Owned {
  readonly attachments: readonly InternetGatewayAttachment[];
}

export type RuleAction = "allow" | "deny";

export interface NetworkAclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  /** IANA protocol number as a string, or `-1` for all, as AWS stores it. */
  readonly protocol: string;
  readonly ruleAction: RuleAction;
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly icmpTypeCode?: { readonly type: number; readonly code: number };
  readonly portRange?: { readonly from: number; readonly to: number };
}

export interface NetworkAclAssociation {
  readonly id: string;
  readonly subnetId: string;
}

export interface NetworkAcl extends Owned {
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly entries: readonly NetworkAclEntry[];
  readonly associations: readonly NetworkAclAssociation[];
}

export interface ReferencedGroup {
  readonly groupId: string;
  readonly userId: string;
  readonly vpcId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly peeringStatus?: string;
}

export interface SecurityGroupRule {
  readonly id: string;
  readonly isEgress: boolean;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1`, or a protocol number, as AWS stores it. */
  readonly ipProtocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly prefixListId?: string;
  readonly referencedGroup?: ReferencedGroup;
  readonly description?: string;
  readonly tags: readonly Tag[];
}

export interface SecurityGroup extends Owned {
  readonly groupName: string;
  readonly description: string;
  readonly vpcId: string;
  readonly isDefault: boolean;
  readonly rules: readonly SecurityGroupRule[];
}

export interface DhcpConfiguration {
  readonly key: string;
  readonly values: readonly string[];
}

export interface DhcpOptions extends Owned {
  readonly configurations: readonly DhcpConfiguration[];
  /** The set AWS creates in every region; new VPCs use it. */
  readonly isDefault: boolean;
}
