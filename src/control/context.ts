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
  readonly natGatewayPendingMs: number;
  readonly natGatewayDeletingMs: number;
  /** Terminated instances and deleted NAT gateways stay visible this long (about an hour on AWS). */
  readonly deletedRetentionMs: number;
}

export const DEFAULT_DELAYS: Delays = {
  instancePendingMs: 0,
  instanceStoppingMs: 0,
  instanceShuttingDownMs: 0,
  natGatewayPendingMs: 0,
  natGatewayDeletingMs: 0,
  deletedRetentionMs: 60 * 60 * 1000,
};

export interface ControlConfig {
  readonly quotas: Quotas;
  readonly delays: Delays;
  /** Whether each account-region starts with a default VPC, as a new AWS account does. */
  readonly defaultVpc: boolean;
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
