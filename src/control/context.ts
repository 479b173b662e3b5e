import type { Clock } from "../model/clock.js";
import type { IdGenerator } from "../model/ids.js";
import type { Resources } from "../model/kinds.js";
import type { ReadTx, Scope, WriteTx } from "../store/store.js";

/** AWS's default quotas (Amazon VPC quotas page), overridable by configuration. */
export interface Quotas {
  readonly vpcsPerRegion: number;
  readonly subnetsPerVpc: number;
  readonly ipv4CidrBlocksPerVpc: number;
  readonly ipv6CidrBlocksPerVpc: number;
  readonly routeTablesPerVpc: number;
  readonly routesPerRouteTable: number;
  readonly internetGatewaysPerRegion: number;
  readonly tagsPerResource: number;
  /** VPC security groups per Region. */
  readonly securityGroupsPerRegion: number;
  /** Inbound, and separately outbound, rules per security group (counted per IP family). */
  readonly rulesPerSecurityGroup: number;
  readonly networkAclsPerVpc: number;
  /** Entries per direction of a network ACL (counted per IP family, the default deny included). */
  readonly networkAclEntriesPerDirection: number;
  /** Elastic IP addresses per Region (`AddressLimitExceeded`). */
  readonly elasticIpsPerRegion: number;
  /** NAT gateways per Availability Zone, counting pending, available and deleting ones. */
  readonly natGatewaysPerZone: number;
  /** Security groups per network interface (`SecurityGroupsPerInterfaceLimitExceeded`). */
  readonly securityGroupsPerNetworkInterface: number;
  // VPC endpoints and prefix lists (PrivateLink and VPC quotas pages); optional so that
  // configurations written before them stay valid, absent means AWS's default.
  /** Gateway VPC endpoints per Region. */
  readonly gatewayEndpointsPerRegion?: number;
  /** Interface VPC endpoints per VPC. */
  readonly interfaceEndpointsPerVpc?: number;
  /** Customer-managed prefix lists per Region. */
  readonly prefixListsPerRegion?: number;
  /** Versions kept per prefix list (the oldest are removed beyond it). */
  readonly prefixListVersions?: number;
  // VPC peering (VPC Peering Guide, quotas); optional likewise, absent means AWS's default.
  /** Active (and provisioning) peering connections per VPC (`ActiveVpcPeeringConnectionPerVpcLimitExceeded`). */
  readonly activeVpcPeeringConnectionsPerVpc?: number;
  /** Outstanding (unanswered) peering requests per requester VPC (`OutstandingVpcPeeringConnectionLimitExceeded`). */
  readonly outstandingVpcPeeringConnectionsPerVpc?: number;
  // Flow logs (VPC quotas page: "Flow logs per single network interface, single subnet, or single
  // VPC in a Region", not adjustable); optional likewise.
  /** Flow logs per VPC, subnet or network interface (`FlowLogsLimitExceeded`). */
  readonly flowLogsPerResource?: number;
  // Site-to-Site VPN and Direct Connect (their quotas pages); optional likewise.
  /** Virtual private gateways per Region (`VpnGatewayLimitExceeded`). */
  readonly vpnGatewaysPerRegion?: number;
  /** Customer gateways per Region (`CustomerGatewayLimitExceeded`). */
  readonly customerGatewaysPerRegion?: number;
  /** VPN connections per Region, and per virtual private gateway (`VpnConnectionLimitExceeded`). */
  readonly vpnConnectionsPerRegion?: number;
  readonly vpnConnectionsPerVpnGateway?: number;
  /** Private and public virtual interfaces per dedicated Direct Connect connection. */
  readonly virtualInterfacesPerConnection?: number;
  /** Direct Connect gateways per account. */
  readonly directConnectGatewaysPerAccount?: number;
}

export const DEFAULT_QUOTAS: Quotas = {
  vpcsPerRegion: 5,
  subnetsPerVpc: 200,
  ipv4CidrBlocksPerVpc: 5,
  ipv6CidrBlocksPerVpc: 5,
  routeTablesPerVpc: 200,
  routesPerRouteTable: 50,
  internetGatewaysPerRegion: 5,
  tagsPerResource: 50,
  securityGroupsPerRegion: 2500,
  rulesPerSecurityGroup: 60,
  networkAclsPerVpc: 200,
  networkAclEntriesPerDirection: 20,
  elasticIpsPerRegion: 5,
  natGatewaysPerZone: 5,
  securityGroupsPerNetworkInterface: 5,
  gatewayEndpointsPerRegion: 20,
  interfaceEndpointsPerVpc: 50,
  prefixListsPerRegion: 100,
  prefixListVersions: 1000,
  activeVpcPeeringConnectionsPerVpc: 50,
  outstandingVpcPeeringConnectionsPerVpc: 25,
  flowLogsPerResource: 2,
  vpnGatewaysPerRegion: 5,
  customerGatewaysPerRegion: 50,
  vpnConnectionsPerRegion: 50,
  vpnConnectionsPerVpnGateway: 10,
  virtualInterfacesPerConnection: 50,
  directConnectGatewaysPerAccount: 200,
};

/**
 * How long AWS's asynchronous transitions take here. Zero means "done by the next request": the
 * response of the call that started it still shows the transitional state, as AWS's does, and
 * waiters succeed on their first poll.
 */
export interface Delays {
  readonly instancePendingMs: number;
  readonly instanceStoppingMs: number;
  readonly instanceShuttingDownMs: number;
  /**
   * How long an instance's status checks report `initializing` after it reaches `running` (a few
   * minutes on AWS), before `ok`. Optional so that configurations written before it stay valid;
   * absent means 0.
   */
  readonly instanceStatusInitializingMs?: number;
  readonly natGatewayPendingMs: number;
  readonly natGatewayDeletingMs: number;
  /** Terminated instances and deleted NAT gateways stay visible this long (about an hour on AWS). */
  readonly deletedRetentionMs: number;
  /**
   * How long a Reachability Analyzer analysis stays `running` (tens of seconds on AWS). Optional so
   * that configurations written before it stay valid; absent means 0.
   */
  readonly networkInsightsAnalysisMs?: number;
  /** Interface endpoints `pending` → `available` (optional like the above; absent means 0). */
  readonly vpcEndpointPendingMs?: number;
  /** VPC endpoints `deleting` → `deleted`. */
  readonly vpcEndpointDeletingMs?: number;
  /** Managed prefix lists `create-`, `modify-` and `delete-in-progress` → done. */
  readonly prefixListTransitionMs?: number;
  /**
   * VPC peering: `initiating-request` → `pending-acceptance` (or `failed`), `provisioning` →
   * `active`, and an inter-Region `deleting` → `deleted` (optional; absent means 0).
   */
  readonly vpcPeeringTransitionMs?: number;
  /** An unaccepted peering request expires after this (absent means AWS's 7 days). */
  readonly vpcPeeringRequestExpiryMs?: number;
  /**
   * How long ended peering connections stay visible: 2 hours to one side, 2 days to the other,
   * depending on the state (VPC Peering Guide, "VPC peering connection lifecycle"); absent means those.
   */
  readonly vpcPeeringShortVisibilityMs?: number;
  readonly vpcPeeringLongVisibilityMs?: number;
  /**
   * Virtual private gateway attachments `attaching` → `attached` and `detaching` → `detached`
   * (optional like the above; absent means 0).
   */
  readonly vpnGatewayAttachmentMs?: number;
  /** VPN connections and their static routes `pending` → `available` (minutes on AWS). */
  readonly vpnConnectionPendingMs?: number;
  /** VPN connections and their static routes `deleting` → `deleted`. */
  readonly vpnConnectionDeletingMs?: number;
  /**
   * Direct Connect: each step of a connection (`requested` → `pending` → `available`), virtual
   * interfaces `pending`/`verifying` → `available` and `deleting` → `deleted`, gateway
   * associations `associating` → `associated`.
   */
  readonly directConnectProvisioningMs?: number;
}

export const DEFAULT_DELAYS: Delays = {
  instancePendingMs: 0,
  instanceStoppingMs: 0,
  instanceShuttingDownMs: 0,
  instanceStatusInitializingMs: 0,
  natGatewayPendingMs: 0,
  natGatewayDeletingMs: 0,
  deletedRetentionMs: 60 * 60 * 1000,
  networkInsightsAnalysisMs: 0,
  vpcEndpointPendingMs: 0,
  vpcEndpointDeletingMs: 0,
  prefixListTransitionMs: 0,
  vpcPeeringTransitionMs: 0,
  vpcPeeringRequestExpiryMs: 7 * 24 * 60 * 60 * 1000,
  vpcPeeringShortVisibilityMs: 2 * 60 * 60 * 1000,
  vpcPeeringLongVisibilityMs: 2 * 24 * 60 * 60 * 1000,
  vpnGatewayAttachmentMs: 0,
  vpnConnectionPendingMs: 0,
  vpnConnectionDeletingMs: 0,
  directConnectProvisioningMs: 0,
};

export interface ControlConfig {
  readonly quotas: Quotas;
  readonly delays: Delays;
  /** Whether each account-region starts with a default VPC, as a new AWS account does. */
  readonly defaultVpc: boolean;
  /**
   * Where files that stand for AWS storage go: flow logs published to S3 are written under
   * `<dataDir>/s3/<bucket>/…`, and nowhere else. Undefined: S3 delivery is off (the flow log
   * reports a failed delivery).
   */
  readonly dataDir?: string;
}

export const DEFAULT_CONTROL_CONFIG: ControlConfig = {
  quotas: DEFAULT_QUOTAS,
  delays: DEFAULT_DELAYS,
  defaultVpc: true,
};

/** What every control function needs besides its input: where, when, and how to name things. */
export interface Env {
  readonly scope: Scope;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly config: ControlConfig;
}

export interface ReadContext extends Env {
  readonly tx: ReadTx<Resources>;
}

export interface WriteContext extends Env {
  readonly tx: WriteTx<Resources>;
}
