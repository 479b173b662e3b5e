/**
 * VPC endpoints and customer-managed prefix lists. Both decide where packets go: a gateway
 * endpoint is the target of the routes to its service's prefix list (the routes themselves live in
 * the route tables); an interface endpoint is a set of requester-managed network interfaces, one
 * per subnet, with security groups and DNS names that override the service's public name inside
 * the VPC when private DNS is on; a prefix list is a set of CIDRs that routes and security group
 * rules name by id. AWS-managed prefix lists (`com.amazonaws.<region>.s3`, …) are a built-in
 * catalogue, not records.
 */
import type { Tag } from "./resources.js";

interface Owned {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}

export type VpcEndpointType = "Gateway" | "Interface";

/** The states of the VpcEndpoint API reference, spelled as DescribeVpcEndpoints shows them. */
export type VpcEndpointState =
  | "pendingAcceptance"
  | "pending"
  | "available"
  | "deleting"
  | "deleted"
  | "rejected"
  | "failed"
  | "expired";

export type EndpointIpAddressType = "ipv4" | "dualstack" | "ipv6";
export type DnsRecordIpType = "ipv4" | "dualstack" | "ipv6" | "service-defined";

/** One endpoint network interface: interface endpoints have one per subnet (one subnet per zone). */
export interface VpcEndpointInterface {
  readonly subnetId: string;
  readonly networkInterfaceId: string;
}

export interface VpcEndpoint extends Owned {
  readonly vpcId: string;
  readonly endpointType: VpcEndpointType;
  /** `com.amazonaws.<region>.<service>`. */
  readonly serviceName: string;
  readonly state: VpcEndpointState;
  /** When the current transitional state (pending, deleting, deleted retention) ends. */
  readonly stateDueAt?: Date;
  readonly creationTimestamp: Date;
  /** The endpoint policy as given (JSON text); AWS's full-access default when none was given. */
  readonly policyDocument?: string;
  /** Interface endpoints: whether the service's private DNS name resolves to the interfaces in the VPC. */
  readonly privateDnsEnabled: boolean;
  /** Interface endpoints: the interface in each subnet, in the order the subnets were added. */
  readonly interfaces: readonly VpcEndpointInterface[];
  /** Interface endpoints: the security groups of every endpoint interface. */
  readonly groupIds: readonly string[];
  readonly ipAddressType: EndpointIpAddressType;
  readonly dnsRecordIpType?: DnsRecordIpType;
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  /**
   * The random part of the endpoint's DNS names (`vpce-0a1b…-9hnenorg.ssm.us-east-1.vpce.amazonaws.com`),
   * chosen once at creation.
   */
  readonly dnsLabel: string;
  readonly clientToken?: string;
}

export type PrefixListAddressFamily = "IPv4" | "IPv6";

/** The states of the ManagedPrefixList API reference. */
export type PrefixListState =
  | "create-in-progress"
  | "create-complete"
  | "create-failed"
  | "modify-in-progress"
  | "modify-complete"
  | "modify-failed"
  | "restore-in-progress"
  | "restore-complete"
  | "restore-failed"
  | "delete-in-progress"
  | "delete-complete"
  | "delete-failed";

export interface PrefixListEntry {
  /** A canonical CIDR of the list's address family. */
  readonly cidr: string;
  readonly description?: string;
}

export interface PrefixListVersion {
  readonly version: number;
  readonly entries: readonly PrefixListEntry[];
}

/** A customer-managed prefix list. */
export interface PrefixList extends Owned {
  readonly name: string;
  readonly addressFamily: PrefixListAddressFamily;
  readonly maxEntries: number;
  /** The current version: 1 at creation, one more each time entries are added or removed. */
  readonly version: number;
  /** The entries of the current version: what routes and security group rules match. */
  readonly entries: readonly PrefixListEntry[];
  /** Earlier versions, oldest first, for GetManagedPrefixListEntries `TargetVersion`. */
  readonly previousVersions: readonly PrefixListVersion[];
  readonly state: PrefixListState;
  readonly stateMessage?: string;
  readonly stateDueAt?: Date;
  readonly clientToken?: string;
}
