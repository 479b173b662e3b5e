/**
 * Network interfaces, instances, Elastic IPs, key pairs, NAT gateways and egress-only internet
 * gateways. These decide where packets go, so every field the data plane reads is stored exactly:
 * which addresses an interface holds, which public address maps to which private one, which
 * security groups apply, whether source/destination checking is on, which state a gateway is in.
 */
import type { Tag } from "./resources.js";

interface Owned {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}

/** A public IPv4 address mapped one-to-one to a private address (IGW NAT). */
export interface PublicIpAssociation {
  readonly publicIp: string;
  /** `amazon` for an auto-assigned address; the owning account for an Elastic IP. */
  readonly ipOwnerId: string;
  /** Set for Elastic IPs. */
  readonly allocationId?: string;
  readonly associationId?: string;
}

export interface PrivateIpAddress {
  readonly address: string;
  readonly primary: boolean;
  readonly association?: PublicIpAssociation;
}

export type InterfaceType =
  | "interface"
  | "nat_gateway"
  | "vpc_endpoint"
  | "gateway_load_balancer_endpoint"
  | "network_load_balancer"
  | "transit_gateway";

export type NetworkInterfaceStatus = "available" | "associated" | "attaching" | "in-use" | "detaching";

export interface NetworkInterfaceAttachment {
  readonly attachmentId: string;
  readonly instanceId?: string;
  readonly instanceOwnerId: string;
  readonly deviceIndex: number;
  readonly networkCardIndex: number;
  readonly status: "attaching" | "attached" | "detaching" | "detached";
  readonly attachTime: Date;
  readonly deleteOnTermination: boolean;
}

export interface NetworkInterface extends Owned {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly description: string;
  readonly interfaceType: InterfaceType;
  readonly status: NetworkInterfaceStatus;
  readonly macAddress: string;
  /** The first entry is the primary private address; never empty. */
  readonly privateIpAddresses: readonly PrivateIpAddress[];
  readonly ipv6Addresses: readonly string[];
  /** Security groups, at most five (quota). Empty for interfaces AWS manages without groups (NAT). */
  readonly groupIds: readonly string[];
  readonly sourceDestCheck: boolean;
  readonly requesterManaged: boolean;
  /** Who manages a requester-managed interface (`amazon-elb`, an AWS account, …). */
  readonly requesterId?: string;
  readonly attachment?: NetworkInterfaceAttachment;
  /** Copy of `attachment.instanceId`, top-level so that the store can index it. */
  readonly instanceId?: string;
  /**
   * Whether the interface gets an Amazon public IPv4 address whenever it has none (at launch, at
   * start, after an Elastic IP leaves its primary address): set by RunInstances when the subnet
   * maps public IPs or the request asks, and remembered when an Elastic IP replaces such an
   * address (EC2 User Guide, "Public IPv4 addresses").
   */
  readonly autoAssignPublicIp?: boolean;
}

export type InstanceStateName =
  | "pending"
  | "running"
  | "shutting-down"
  | "terminated"
  | "stopping"
  | "stopped";

/** AWS's numeric codes of instance states (DescribeInstances `State.Code`). */
export const INSTANCE_STATE_CODES: { readonly [S in InstanceStateName]: number } = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export interface Instance extends Owned {
  readonly reservationId: string;
  readonly amiLaunchIndex: number;
  readonly imageId: string;
  readonly instanceType: string;
  readonly keyName?: string;
  readonly launchTime: Date;
  readonly availabilityZone: string;
  readonly tenancy: "default" | "dedicated" | "host";
  readonly state: InstanceStateName;
  /** When the current transitional state ends (pending → running, stopping → stopped, …). */
  readonly stateDueAt?: Date;
  readonly stateTransitionReason: string;
  readonly stateReason?: { readonly code: string; readonly message: string };
  readonly subnetId: string;
  readonly vpcId: string;
  /** Interfaces attached to it, by device index; index 0 is the primary interface. */
  readonly networkInterfaceIds: readonly string[];
  /** Base64 user data as given to RunInstances (AWS returns it base64-encoded). */
  readonly userData?: string;
  readonly clientToken?: string;
  readonly architecture: string;
  readonly platform?: string;
  readonly rootDeviceName: string;
  readonly ebsOptimized: boolean;
  readonly monitoring: "disabled" | "enabled";
  readonly disableApiTermination: boolean;
  readonly instanceInitiatedShutdownBehavior: "stop" | "terminate";
  /** Set once terminated: after AWS's retention (about an hour) the record is removed. */
  readonly terminatedAt?: Date;
  // Refinements of the instances family; optional so that records written before them stay valid.
  /** Stop protection (`DisableApiStop`): StopInstances answers `OperationNotPermitted`. */
  readonly disableApiStop?: boolean;
  readonly enaSupport?: boolean;
  readonly sriovNetSupport?: string;
  /** The boot mode the image asks for (`uefi`, `uefi-preferred`, `legacy-bios`), if any. */
  readonly bootMode?: string;
  readonly metadataOptions?: InstanceMetadataOptions;
  readonly privateDnsNameOptions?: InstancePrivateDnsNameOptions;
  /** EBS volumes attached at launch; the root device first. Emptied when the instance terminates. */
  readonly blockDeviceMappings?: readonly InstanceBlockDevice[];
  readonly iamInstanceProfile?: { readonly arn: string; readonly id: string };
  /**
   * While running: when its status checks pass. Until then DescribeInstanceStatus reports them
   * `initializing`, as AWS does for a few minutes after each start.
   */
  readonly statusChecksPassAt?: Date;
}

/** Instance metadata service settings (RunInstances `MetadataOptions`). */
export interface InstanceMetadataOptions {
  readonly httpTokens: "optional" | "required";
  readonly httpPutResponseHopLimit: number;
  readonly httpEndpoint: "enabled" | "disabled";
  readonly httpProtocolIpv6: "enabled" | "disabled";
  readonly instanceMetadataTags: "enabled" | "disabled";
}

/** How the instance's private DNS name is formed (copied from the subnet's launch settings). */
export interface InstancePrivateDnsNameOptions {
  readonly hostnameType: "ip-name" | "resource-name";
  readonly enableResourceNameDnsARecord: boolean;
  readonly enableResourceNameDnsAAAARecord: boolean;
}

export interface InstanceBlockDevice {
  readonly deviceName: string;
  readonly volumeId: string;
  readonly attachTime: Date;
  readonly deleteOnTermination: boolean;
  readonly status: "attaching" | "attached" | "detaching" | "detached";
}

export interface Address extends Owned {
  /** The allocation id (`eipalloc-…`) is the record id. */
  readonly publicIp: string;
  readonly domain: "vpc";
  readonly networkBorderGroup: string;
  readonly publicIpv4Pool: string;
  readonly association?: {
    readonly associationId: string;
    readonly networkInterfaceId: string;
    readonly networkInterfaceOwnerId: string;
    readonly privateIpAddress: string;
    readonly instanceId?: string;
  };
}

export interface KeyPair extends Owned {
  /** The key pair id (`key-…`) is the record id. */
  readonly keyName: string;
  readonly keyFingerprint: string;
  readonly keyType: "rsa" | "ed25519";
  readonly publicKey: string;
  readonly createTime: Date;
}

export type NatGatewayState = "pending" | "failed" | "available" | "deleting" | "deleted";

export interface NatGatewayAddress {
  readonly networkInterfaceId: string;
  readonly privateIp: string;
  readonly allocationId?: string;
  readonly publicIp?: string;
  readonly associationId?: string;
  readonly isPrimary: boolean;
  readonly status: "assigning" | "unassigning" | "associating" | "disassociating" | "succeeded" | "failed";
}

export interface NatGateway extends Owned {
  readonly vpcId: string;
  readonly subnetId: string;
  readonly connectivityType: "public" | "private";
  readonly state: NatGatewayState;
  readonly stateDueAt?: Date;
  readonly createTime: Date;
  readonly deleteTime?: Date;
  readonly failureCode?: string;
  readonly failureMessage?: string;
  readonly addresses: readonly NatGatewayAddress[];
  readonly clientToken?: string;
}

export interface EgressOnlyInternetGateway extends Owned {
  readonly attachments: readonly {
    readonly vpcId: string;
    readonly state: "attaching" | "attached" | "detaching" | "detached";
  }[];
}
