/**
 * Direct Connect: connections, virtual interfaces, Direct Connect gateways and their associations
 * with virtual private gateways, and the catalogue of Direct Connect locations.
 *
 * Direct Connect is its own service, and its gateways are global (one per account, seen from every
 * region). All Direct Connect records of an account therefore live in one store scope,
 * `{ account, region: "global" }` (`DIRECT_CONNECT_SCOPE_REGION`): the gateways once per account,
 * and the regional resources (connections, virtual interfaces) with their `region` field, which the
 * store indexes. Keeping them out of the EC2 region scopes also keeps them out of EC2's
 * DescribeTags and CreateTags, as on AWS.
 */
import type { Tag } from "./resources.js";

/** The store scope region of every Direct Connect record of an account. */
export const DIRECT_CONNECT_SCOPE_REGION = "global";

export function directConnectScope(account: string): { readonly account: string; readonly region: string } {
  return { account, region: DIRECT_CONNECT_SCOPE_REGION };
}

interface Owned {
  readonly id: string;
  /** The owning account (`ownerAccount` on the wire). */
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}

/** Direct Connect API `ConnectionState`. */
export type DxConnectionState =
  | "ordering"
  | "requested"
  | "pending"
  | "available"
  | "down"
  | "deleting"
  | "deleted"
  | "rejected"
  | "unknown";

export interface DxConnection extends Owned {
  readonly region: string;
  readonly connectionName: string;
  readonly connectionState: DxConnectionState;
  readonly stateDueAt?: Date;
  readonly location: string;
  readonly bandwidth: string;
  readonly providerName?: string;
  readonly awsDevice: string;
  readonly awsLogicalDeviceId: string;
  readonly jumboFrameCapable: boolean;
  readonly hasLogicalRedundancy: "unknown" | "yes" | "no";
  readonly macSecCapable: boolean;
  readonly encryptionMode?: string;
  readonly portEncryptionStatus?: string;
  /** When the Letter of Authorization was issued (the connection left `requested`). */
  readonly loaIssueTime?: Date;
  readonly retainUntil?: Date;
}

/** Direct Connect API `VirtualInterfaceState`. */
export type DxVirtualInterfaceState =
  | "confirming"
  | "verifying"
  | "pending"
  | "available"
  | "down"
  | "testing"
  | "deleting"
  | "deleted"
  | "rejected"
  | "unknown";

export type DxBgpPeerState = "verifying" | "pending" | "available" | "deleting" | "deleted";

export interface DxBgpPeer {
  readonly bgpPeerId: string;
  readonly asn: number;
  readonly authKey: string;
  readonly addressFamily: "ipv4" | "ipv6";
  readonly amazonAddress: string;
  readonly customerAddress: string;
  readonly bgpPeerState: DxBgpPeerState;
}

export interface DxVirtualInterface extends Owned {
  readonly region: string;
  readonly connectionId: string;
  readonly location: string;
  readonly virtualInterfaceType: "private" | "public";
  readonly virtualInterfaceName: string;
  readonly vlan: number;
  /** The customer's ASN. */
  readonly asn: number;
  /** Amazon's ASN: the virtual private gateway's or Direct Connect gateway's, 7224 for public ones. */
  readonly amazonSideAsn: number;
  readonly authKey: string;
  readonly amazonAddress: string;
  readonly customerAddress: string;
  readonly addressFamily: "ipv4" | "ipv6";
  readonly virtualInterfaceState: DxVirtualInterfaceState;
  readonly stateDueAt?: Date;
  readonly mtu: number;
  readonly jumboFrameCapable: boolean;
  /** A private interface ends on exactly one of a virtual private gateway or a Direct Connect gateway. */
  readonly virtualGatewayId?: string;
  readonly directConnectGatewayId?: string;
  /** Public interfaces: the customer's public prefixes AWS accepts. */
  readonly routeFilterPrefixes: readonly string[];
  readonly bgpPeers: readonly DxBgpPeer[];
  readonly awsDevice: string;
  readonly awsLogicalDeviceId: string;
  readonly siteLinkEnabled: boolean;
  readonly retainUntil?: Date;
}

export type DxGatewayState = "pending" | "available" | "deleting" | "deleted";

export interface DxGateway extends Owned {
  /** A UUID, as AWS's Direct Connect gateway ids are. */
  readonly id: string;
  readonly directConnectGatewayName: string;
  readonly amazonSideAsn: number;
  readonly directConnectGatewayState: DxGatewayState;
}

export type DxGatewayAssociationState =
  | "associating"
  | "associated"
  | "disassociating"
  | "disassociated"
  | "updating";

export interface DxGatewayAssociation extends Owned {
  /** The association id, a UUID. */
  readonly id: string;
  readonly directConnectGatewayId: string;
  readonly directConnectGatewayOwnerAccount: string;
  readonly associationState: DxGatewayAssociationState;
  readonly stateDueAt?: Date;
  readonly virtualGatewayId: string;
  readonly virtualGatewayRegion: string;
  readonly virtualGatewayOwnerAccount: string;
  /**
   * The VPC prefixes the association lets the Direct Connect gateway advertise to the customer's
   * network: a filter on the VPC's blocks (Direct Connect User Guide, "Allowed prefixes
   * interactions"). It does not filter what the customer advertises into the VPC.
   */
  readonly allowedPrefixes: readonly string[];
}

/** The 100-route limit of a BGP session on a private virtual interface (Direct Connect quotas). */
export const MAX_ROUTES_PER_BGP_SESSION = 100;

export interface DxLocation {
  readonly locationCode: string;
  readonly locationName: string;
  readonly region: string;
  readonly availablePortSpeeds: readonly string[];
  readonly availableProviders: readonly string[];
  readonly availableMacSecPortSpeeds: readonly string[];
}

const DEDICATED_SPEEDS = ["1Gbps", "10Gbps", "100Gbps"] as const;
const MACSEC_SPEEDS = ["10Gbps", "100Gbps"] as const;

/**
 * Direct Connect locations by region: a small catalogue of well-known sites (Equinix and CoreSite
 * codes as AWS lists them; the two São Paulo entries are the AWS CLI's DescribeLocations example),
 * not AWS's complete list. A region without an entry has no location here.
 */
const LOCATION_TABLE: ReadonlyArray<readonly [region: string, code: string, name: string]> = [
  ["us-east-1", "EqDC2", "Equinix DC1-DC6 & DC10-DC11, Ashburn, VA"],
  ["us-east-1", "CSVA1", "CoreSite VA1 & VA2, Reston, VA"],
  ["us-west-1", "EqSV5", "Equinix SV1 & SV5, San Jose, CA"],
  ["us-west-2", "EqSE2", "Equinix SE2 & SE3, Seattle, WA"],
  ["sa-east-1", "TNDB", "NAP do Brasil, Barueri, São Paulo"],
  ["sa-east-1", "TIVIT", "Tivit - Site Transamerica (São Paulo)"],
  ["eu-west-2", "EqLD5", "Equinix LD5, London, United Kingdom"],
  ["eu-central-1", "EqFA5", "Equinix FR5, Frankfurt, Germany"],
  ["ap-northeast-1", "EqTY2", "Equinix TY2, Tokyo"],
  ["ap-southeast-1", "EqSG2", "Equinix SG2, Singapore"],
  ["ap-southeast-2", "EqSY3", "Equinix SY3, Sydney"],
];

export const DX_LOCATIONS: readonly DxLocation[] = LOCATION_TABLE.map(([region, code, name]) => ({
  locationCode: code,
  locationName: name,
  region,
  availablePortSpeeds: DEDICATED_SPEEDS,
  availableProviders: [],
  availableMacSecPortSpeeds: MACSEC_SPEEDS,
}));

export function dxLocationsOf(region: string): readonly DxLocation[] {
  return DX_LOCATIONS.filter((l) => l.region === region);
}
