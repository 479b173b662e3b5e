/**
 * VPC peering: CreateVpcPeeringConnection, AcceptVpcPeeringConnection, RejectVpcPeeringConnection,
 * DeleteVpcPeeringConnection, DescribeVpcPeeringConnections, ModifyVpcPeeringConnectionOptions, the
 * advancer of AWS's lifecycle, and the lookups other families use (routes to a `pcx-`, security
 * group rules that reference a peer VPC's group, VPC deletion).
 *
 * A connection spans up to two scopes (requester and accepter account × Region). Every change of
 * its shared state goes through `writeConnection`, which updates the copy in each participating
 * scope in the same transaction; a request is seen by the accepter once it leaves
 * `initiating-request`, and a failed request only by its requester (VPC Peering Guide,
 * "VPC peering connection lifecycle"). Shared transitions are scheduled in the requester's scope;
 * the end of each copy's visibility in the copy's own scope.
 */
import type { Resources } from "../model/kinds.js";
import type {
  VpcPeeringConnection,
  VpcPeeringConnectionState,
  VpcPeeringOptions,
  VpcPeeringSide,
} from "../model/peering.js";
import { findRegion } from "../model/regions.js";
import type { Tag, Vpc } from "../model/resources.js";
import type { ReadTx, Scope } from "../store/store.js";
import { DEFAULT_DELAYS, DEFAULT_QUOTAS, type ReadContext, type WriteContext } from "./context.js";
import {
  ActiveVpcPeeringConnectionPerVpcLimitExceeded,
  InvalidParameterValue,
  InvalidStateTransition,
  InvalidVpcPeeringConnectionStateDnsHostnamesDisabled,
  MissingParameter,
  OperationNotPermitted,
  OutstandingVpcPeeringConnectionLimitExceeded,
  UnsupportedOperation,
  VpcIdErrors,
  VpcPeeringConnectionAlreadyExists,
  VpcPeeringConnectionIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId, requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { storedIpv4Cidr } from "./stored-cidrs.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { scheduleTransition } from "./transitions.js";

const KIND = "vpcPeeringConnection";

/** Observed in AWS responses (terraform-provider-aws and Outscale compatibility tests). */
const FAILED_MESSAGE = "Failed due to incorrect VPC-ID, Account ID, or overlapping CIDR range";

/** Connections that carry (or are about to carry) traffic: they count against the active quota. */
const ACTIVE_STATES: readonly VpcPeeringConnectionState[] = ["provisioning", "active"];
/** Requests awaiting an answer: they count against the outstanding quota. */
const OUTSTANDING_STATES: readonly VpcPeeringConnectionState[] = ["initiating-request", "pending-acceptance"];
/** States in which AWS shows `ExpirationTime` (CLI examples of create and describe). */
const EXPIRING_STATES: readonly VpcPeeringConnectionState[] = [
  "initiating-request",
  "pending-acceptance",
  "expired",
];
/** Ended states: no action is possible any more, the copies only wait to disappear. */
const ENDED_STATES: readonly VpcPeeringConnectionState[] = ["deleted", "rejected", "failed", "expired"];

const NO_OPTIONS: VpcPeeringOptions = {
  allowDnsResolutionFromRemoteVpc: false,
  allowEgressFromLocalClassicLinkToRemoteVpc: false,
  allowEgressFromLocalVpcToRemoteClassicLink: false,
};

const ACCOUNT_ID = /^\d{12}$/;

// ---- scopes, timings, quotas --------------------------------------------------------------------

/** The scope (account × Region) that holds one side's VPC and its copy of the connection. */
export function scopeOfSide(side: VpcPeeringSide): Scope {
  return { account: side.ownerId, region: side.region };
}

function sameScope(a: Scope, b: Scope): boolean {
  return a.account === b.account && a.region === b.region;
}

function timings(ctx: ReadContext) {
  const d = ctx.config.delays;
  return {
    transition: d.vpcPeeringTransitionMs ?? 0,
    expiry: d.vpcPeeringRequestExpiryMs ?? DEFAULT_DELAYS.vpcPeeringRequestExpiryMs!,
    short: d.vpcPeeringShortVisibilityMs ?? DEFAULT_DELAYS.vpcPeeringShortVisibilityMs!,
    long: d.vpcPeeringLongVisibilityMs ?? DEFAULT_DELAYS.vpcPeeringLongVisibilityMs!,
  };
}

function after(ctx: ReadContext, ms: number): Date {
  return new Date(ctx.clock.now().getTime() + ms);
}

function inScope<C extends ReadContext | WriteContext>(ctx: C, scope: Scope): C {
  return { ...ctx, scope };
}

// ---- records ------------------------------------------------------------------------------------

function ipv4BlocksOf(vpc: Vpc): string[] {
  return vpc.cidrBlockAssociations.map((a) => a.cidrBlock);
}

function ipv6BlocksOf(vpc: Vpc): string[] {
  return vpc.ipv6CidrBlockAssociations.map((a) => a.ipv6CidrBlock);
}

function sideOf(vpc: Vpc, scope: Scope, options: VpcPeeringOptions = NO_OPTIONS): VpcPeeringSide {
  return {
    vpcId: vpc.id,
    ownerId: scope.account,
    region: scope.region,
    cidrBlocks: ipv4BlocksOf(vpc),
    ipv6CidrBlocks: ipv6BlocksOf(vpc),
    options,
  };
}

/** "You cannot create a VPC peering connection between VPCs that have matching or overlapping IPv4 … CIDR blocks." */
function blocksOverlap(a: Vpc, b: Vpc): boolean {
  const theirs = ipv4BlocksOf(b).map(storedIpv4Cidr);
  return ipv4BlocksOf(a).some((block) => theirs.some((other) => storedIpv4Cidr(block).overlaps(other)));
}

/**
 * Writes the shared state of `next` to its copy in every participating scope, keeping each copy's
 * own tags. The accepter's scope takes part once it holds a copy (or `reachAccepter` gives it one:
 * the request reaching `pending-acceptance`). `visibleUntil` ends a scope's copy at that time.
 */
function writeConnection(
  ctx: WriteContext,
  next: VpcPeeringConnection,
  options: { reachAccepter?: boolean; visibleUntil?: (scope: Scope) => Date } = {},
): void {
  const requesterScope = scopeOfSide(next.requester);
  const accepterScope = scopeOfSide(next.accepter);
  const scopes = [requesterScope];
  if (
    !sameScope(requesterScope, accepterScope) &&
    (options.reachAccepter || ctx.tx.get(KIND, accepterScope, next.id) !== undefined)
  ) {
    scopes.push(accepterScope);
  }
  const { tags: originTags, visibleUntil: _shared, ...shared } = next;
  for (const scope of scopes) {
    const existing = ctx.tx.get(KIND, scope, next.id);
    const tags: readonly Tag[] = existing?.tags ?? (sameScope(scope, requesterScope) ? originTags : []);
    const until = options.visibleUntil?.(scope);
    ctx.tx.put(KIND, scope, { ...shared, tags, ...(until ? { visibleUntil: until } : {}) });
    if (until) scheduleTransition(inScope(ctx, scope), KIND, next.id, until);
  }
}

/** Moves a connection to an ended state; each scope's copy stays visible for its own time. */
function endConnection(
  ctx: WriteContext,
  connection: VpcPeeringConnection,
  status: VpcPeeringConnectionState,
  statusMessage: string,
  visibleFor: (scope: Scope) => number,
  extra: Partial<VpcPeeringConnection> = {},
): void {
  const { stateDueAt: _due, requestFails: _fails, ...rest } = connection;
  writeConnection(
    ctx,
    { ...rest, ...extra, status, statusMessage },
    { visibleUntil: (scope) => after(ctx, visibleFor(scope)) },
  );
}

/** Whether both sides belong to one account (AWS then shows every ended state for 2 hours only). */
function withinOneAccount(connection: VpcPeeringConnection): boolean {
  return connection.requester.ownerId === connection.accepter.ownerId;
}

/**
 * "Deleted": visible to the party that deleted it for 2 hours and to the other party for 2 days;
 * 2 hours when both VPCs are in one account (VPC Peering Guide).
 */
function markDeleted(ctx: WriteContext, connection: VpcPeeringConnection, deletedBy: string): void {
  const { short, long } = timings(ctx);
  endConnection(
    ctx,
    connection,
    "deleted",
    `Deleted by ${deletedBy}`,
    (scope) => (withinOneAccount(connection) || scope.account === deletedBy ? short : long),
    { deletedBy },
  );
}

// ---- views --------------------------------------------------------------------------------------

export interface VpcPeeringVpcInfoView {
  readonly vpcId: string;
  readonly ownerId: string;
  readonly region: string;
  /** Absent for an accepter that has not accepted: AWS shows only its ids, owner and Region then. */
  readonly cidrBlocks?: readonly string[];
  readonly ipv6CidrBlocks?: readonly string[];
  readonly options?: VpcPeeringOptions;
}

/** A connection as DescribeVpcPeeringConnections shows it to the owner of one copy. */
export interface VpcPeeringConnectionView {
  readonly id: string;
  readonly tags: readonly Tag[];
  readonly status: VpcPeeringConnectionState;
  readonly statusMessage: string;
  readonly expirationTime?: Date;
  readonly requester: VpcPeeringVpcInfoView;
  readonly accepter: VpcPeeringVpcInfoView;
}

/** A side's blocks are the VPC's current ones (AWS updates them); the stored ones once the VPC is gone. */
function sideView(tx: ReadTx<Resources>, side: VpcPeeringSide, detailed: boolean): VpcPeeringVpcInfoView {
  const base = { vpcId: side.vpcId, ownerId: side.ownerId, region: side.region };
  if (!detailed) return base;
  const vpc = tx.get("vpc", scopeOfSide(side), side.vpcId);
  return {
    ...base,
    cidrBlocks: vpc ? ipv4BlocksOf(vpc) : side.cidrBlocks,
    ipv6CidrBlocks: vpc ? ipv6BlocksOf(vpc) : side.ipv6CidrBlocks,
    options: side.options,
  };
}

export function viewVpcPeeringConnection(
  tx: ReadTx<Resources>,
  connection: VpcPeeringConnection,
): VpcPeeringConnectionView {
  return {
    id: connection.id,
    tags: connection.tags,
    status: connection.status,
    statusMessage: connection.statusMessage,
    ...(EXPIRING_STATES.includes(connection.status) ? { expirationTime: connection.expirationTime } : {}),
    requester: sideView(tx, connection.requester, true),
    // "it would never return the cidr block until the request is accepted" (boto3#326).
    accepter: sideView(tx, connection.accepter, connection.acceptTime !== undefined),
  };
}

/** Every filter of the DescribeVpcPeeringConnections reference (tag filters come from the engine). */
export const VPC_PEERING_CONNECTION_FILTERS: FilterTable<VpcPeeringConnectionView> = {
  "accepter-vpc-info.cidr-block": (c) => c.accepter.cidrBlocks,
  "accepter-vpc-info.owner-id": (c) => c.accepter.ownerId,
  "accepter-vpc-info.vpc-id": (c) => c.accepter.vpcId,
  "expiration-time": (c) => c.expirationTime?.toISOString(),
  "requester-vpc-info.cidr-block": (c) => c.requester.cidrBlocks,
  "requester-vpc-info.owner-id": (c) => c.requester.ownerId,
  "requester-vpc-info.vpc-id": (c) => c.requester.vpcId,
  "status-code": (c) => c.status,
  "status-message": (c) => c.statusMessage,
  "vpc-peering-connection-id": (c) => c.id,
};

function requireConnection(ctx: ReadContext, id: string | undefined): VpcPeeringConnection {
  if (!id) throw new MissingParameter("vpcPeeringConnectionId");
  return requireRecord(ctx.tx, ctx.scope, KIND, id, VpcPeeringConnectionIdErrors);
}

/** The caller's copy, as the caller sees it. */
function viewInScope(ctx: ReadContext, id: string): VpcPeeringConnectionView {
  return viewVpcPeeringConnection(ctx.tx, ctx.tx.get(KIND, ctx.scope, id)!);
}

// ---- CreateVpcPeeringConnection -----------------------------------------------------------------

export interface CreateVpcPeeringConnectionInput {
  readonly vpcId?: string;
  readonly peerVpcId?: string;
  readonly peerOwnerId?: string;
  readonly peerRegion?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

function connectionsOfVpc(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
): readonly VpcPeeringConnection[] {
  return tx.listBy(KIND, scope, "vpcIds", vpcId);
}

/**
 * Requests a connection. The request is answered at once in `initiating-request`; what AWS checks
 * asynchronously (the peer VPC exists in another named account or Region, the IPv4 blocks do not
 * overlap) does not fail the call: the connection goes to `failed` instead (CreateVpcPeeringConnection
 * reference, VPC Peering Guide). Only a peer VPC of the caller's own account and Region is checked
 * synchronously.
 */
export function createVpcPeeringConnection(
  ctx: WriteContext,
  input: CreateVpcPeeringConnectionInput,
): { vpcPeeringConnection: VpcPeeringConnectionView } {
  const { tx, scope } = ctx;
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  if (!input.peerVpcId) throw new MissingParameter("peerVpcId");
  const peerVpcId = input.peerVpcId;
  assertWellFormedId(peerVpcId, VpcIdErrors);
  const peerRegion = input.peerRegion || scope.region;
  if (!findRegion(peerRegion)) {
    throw new InvalidParameterValue(
      `Value (${peerRegion}) for parameter peerRegion is invalid. Unknown region.`,
    );
  }
  const peerOwner = input.peerOwnerId || scope.account;
  // A peer VPC in the requester's own account and Region is looked up at once: without
  // PeerOwnerId, a VPC of another account is "not found locally" (terraform-provider-aws#35485).
  if (peerOwner === scope.account && peerRegion === scope.region) {
    requireRecord(tx, scope, "vpc", peerVpcId, VpcIdErrors);
  }
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "vpc-peering-connection",
    ctx.config.quotas.tagsPerResource,
  );
  const ours = connectionsOfVpc(tx, scope, vpc.id).filter((c) => c.requester.vpcId === vpc.id);
  // The same request again returns the connection that exists (terraform-provider-aws#27750).
  const existing = ours.find(
    (c) =>
      c.accepter.vpcId === peerVpcId &&
      c.accepter.ownerId === peerOwner &&
      c.accepter.region === peerRegion &&
      (OUTSTANDING_STATES.includes(c.status) || ACTIVE_STATES.includes(c.status)),
  );
  if (existing) return { vpcPeeringConnection: viewVpcPeeringConnection(tx, existing) };
  const limit =
    ctx.config.quotas.outstandingVpcPeeringConnectionsPerVpc ??
    DEFAULT_QUOTAS.outstandingVpcPeeringConnectionsPerVpc!;
  if (ours.filter((c) => OUTSTANDING_STATES.includes(c.status)).length >= limit) {
    throw new OutstandingVpcPeeringConnectionLimitExceeded(vpc.id, limit);
  }

  const peerScope: Scope = { account: peerOwner, region: peerRegion };
  const peerVpc = ACCOUNT_ID.test(peerOwner) ? tx.get("vpc", peerScope, peerVpcId) : undefined;
  const fails = !peerVpc || blocksOverlap(vpc, peerVpc);
  const { transition, expiry } = timings(ctx);
  const now = ctx.clock.now();
  const dueAt = after(ctx, transition);
  const connection: VpcPeeringConnection = {
    id: ctx.ids("pcx"),
    tags,
    requester: sideOf(vpc, scope),
    // The accepter's blocks are recorded when it accepts.
    accepter: {
      vpcId: peerVpcId,
      ownerId: peerOwner,
      region: peerRegion,
      cidrBlocks: [],
      ipv6CidrBlocks: [],
      options: NO_OPTIONS,
    },
    vpcIds: [vpc.id, peerVpcId],
    status: "initiating-request",
    statusMessage: `Initiating Request to ${peerOwner}`,
    createTime: now,
    expirationTime: new Date(now.getTime() + expiry),
    stateDueAt: dueAt,
    ...(fails ? { requestFails: true } : {}),
  };
  writeConnection(ctx, connection);
  scheduleTransition(ctx, KIND, connection.id, dueAt);
  return { vpcPeeringConnection: viewVpcPeeringConnection(tx, connection) };
}

// ---- AcceptVpcPeeringConnection, RejectVpcPeeringConnection ------------------------------------

/**
 * Only the accepter's account answers a request, and in the accepter's Region (AcceptVpcPeeringConnection
 * reference). Messages observed: "User 264086180894 cannot accept peering pcx-…"
 * (hashicorp/terraform#20473), "Incorrect region (us-west-2) specified for this request. VPC peering
 * connection pcx-… must be accep[ted in region …]" (terraform-provider-aws#2508).
 */
function assertAccepter(ctx: ReadContext, connection: VpcPeeringConnection, verb: "accept" | "reject"): void {
  const { account, region } = ctx.scope;
  if (account !== connection.accepter.ownerId) {
    throw new OperationNotPermitted(`User ${account} cannot ${verb} peering ${connection.id}`);
  }
  if (region !== connection.accepter.region) {
    throw new OperationNotPermitted(
      `Incorrect region (${region}) specified for this request. VPC peering connection ${connection.id} must be ${verb}ed in region ${connection.accepter.region}`,
    );
  }
}

function joinsSameVpcs(a: VpcPeeringConnection, b: VpcPeeringConnection): boolean {
  return a.vpcIds.every((id) => b.vpcIds.includes(id)) && b.vpcIds.every((id) => a.vpcIds.includes(id));
}

function assertActiveQuota(ctx: ReadContext, side: VpcPeeringSide): void {
  const limit =
    ctx.config.quotas.activeVpcPeeringConnectionsPerVpc ?? DEFAULT_QUOTAS.activeVpcPeeringConnectionsPerVpc!;
  const active = connectionsOfVpc(ctx.tx, scopeOfSide(side), side.vpcId).filter((c) =>
    ACTIVE_STATES.includes(c.status),
  ).length;
  if (active >= limit) throw new ActiveVpcPeeringConnectionPerVpcLimitExceeded(side.vpcId, limit);
}

export function acceptVpcPeeringConnection(
  ctx: WriteContext,
  input: { vpcPeeringConnectionId?: string },
): { vpcPeeringConnection: VpcPeeringConnectionView } {
  const { tx } = ctx;
  const connection = requireConnection(ctx, input.vpcPeeringConnectionId);
  assertAccepter(ctx, connection, "accept");
  if (connection.status !== "pending-acceptance") {
    throw new InvalidStateTransition(connection.id, connection.status, "provisioning");
  }
  // One connection between two VPCs at a time: a request the other way round can be made, not
  // accepted (terraform-provider-aws#44315, ansible-collections/community.aws#580).
  const duplicate = connectionsOfVpc(tx, ctx.scope, connection.accepter.vpcId).some(
    (other) =>
      other.id !== connection.id && ACTIVE_STATES.includes(other.status) && joinsSameVpcs(other, connection),
  );
  if (duplicate) throw new VpcPeeringConnectionAlreadyExists(connection.id);
  assertActiveQuota(ctx, connection.requester);
  assertActiveQuota(ctx, connection.accepter);
  const accepterVpc = tx.get("vpc", ctx.scope, connection.accepter.vpcId);
  const now = ctx.clock.now();
  const dueAt = after(ctx, timings(ctx).transition);
  writeConnection(ctx, {
    ...connection,
    status: "provisioning",
    statusMessage: "Provisioning",
    acceptTime: now,
    accepter: accepterVpc ? sideOf(accepterVpc, ctx.scope, connection.accepter.options) : connection.accepter,
    stateDueAt: dueAt,
  });
  scheduleTransition(inScope(ctx, scopeOfSide(connection.requester)), KIND, connection.id, dueAt);
  return { vpcPeeringConnection: viewInScope(ctx, connection.id) };
}

/**
 * "The rejected VPC peering connection remains visible to the owner of the requester VPC for 2 days,
 * and visible to the owner of the accepter VPC for 2 hours. If the request was created within the
 * same AWS account, the rejected request remains visible for 2 hours."
 */
export function rejectVpcPeeringConnection(
  ctx: WriteContext,
  input: { vpcPeeringConnectionId?: string },
): void {
  const connection = requireConnection(ctx, input.vpcPeeringConnectionId);
  assertAccepter(ctx, connection, "reject");
  if (connection.status !== "pending-acceptance") {
    throw new InvalidStateTransition(connection.id, connection.status, "rejected");
  }
  const { short, long } = timings(ctx);
  const accepterScope = scopeOfSide(connection.accepter);
  endConnection(ctx, connection, "rejected", `Rejected by ${ctx.scope.account}`, (scope) =>
    withinOneAccount(connection) || sameScope(scope, accepterScope) ? short : long,
  );
}

// ---- DeleteVpcPeeringConnection -----------------------------------------------------------------

/**
 * "Either the owner of the requester VPC or the owner of the accepter VPC can delete the VPC peering
 * connection if it's in the active state. The owner of the requester VPC can delete a VPC peering
 * connection in the pending-acceptance state." An inter-Region connection goes through `deleting`.
 */
export function deleteVpcPeeringConnection(
  ctx: WriteContext,
  input: { vpcPeeringConnectionId?: string },
): void {
  const connection = requireConnection(ctx, input.vpcPeeringConnectionId);
  const account = ctx.scope.account;
  if (OUTSTANDING_STATES.includes(connection.status)) {
    if (account !== connection.requester.ownerId) {
      throw new OperationNotPermitted(`User ${account} cannot delete peering ${connection.id}`);
    }
  } else if (!ACTIVE_STATES.includes(connection.status)) {
    // Observed: "Invalid state transition for pcx-…, attempted to transition from rejected to deleting".
    throw new InvalidStateTransition(connection.id, connection.status, "deleting");
  }
  if (connection.requester.region === connection.accepter.region) {
    markDeleted(ctx, connection, account);
    return;
  }
  const dueAt = after(ctx, timings(ctx).transition);
  const { requestFails: _fails, ...rest } = connection;
  writeConnection(ctx, {
    ...rest,
    status: "deleting",
    statusMessage: "Deleting",
    deletedBy: account,
    stateDueAt: dueAt,
  });
  scheduleTransition(inScope(ctx, scopeOfSide(connection.requester)), KIND, connection.id, dueAt);
}

// ---- DescribeVpcPeeringConnections --------------------------------------------------------------

export interface DescribeVpcPeeringConnectionsInput extends PageRequest {
  readonly vpcPeeringConnectionIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeVpcPeeringConnections(
  ctx: ReadContext,
  input: DescribeVpcPeeringConnectionsInput,
): { vpcPeeringConnections: readonly VpcPeeringConnectionView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(VPC_PEERING_CONNECTION_FILTERS, input.filters);
  const connections = selectByIds(
    tx,
    scope,
    KIND,
    input.vpcPeeringConnectionIds,
    VpcPeeringConnectionIdErrors,
  )
    .map((c) => viewVpcPeeringConnection(tx, c))
    .filter(matches);
  const page = paginate(connections, input, [
    "DescribeVpcPeeringConnections",
    input.vpcPeeringConnectionIds ?? [],
    input.filters ?? [],
  ]);
  return { vpcPeeringConnections: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- ModifyVpcPeeringConnectionOptions ----------------------------------------------------------

export interface PeeringOptionsInput {
  readonly allowDnsResolutionFromRemoteVpc?: boolean;
  readonly allowEgressFromLocalClassicLinkToRemoteVpc?: boolean;
  readonly allowEgressFromLocalVpcToRemoteClassicLink?: boolean;
}

export interface ModifyVpcPeeringConnectionOptionsInput {
  readonly vpcPeeringConnectionId?: string;
  readonly accepterPeeringConnectionOptions?: PeeringOptionsInput;
  readonly requesterPeeringConnectionOptions?: PeeringOptionsInput;
}

export interface ModifyVpcPeeringConnectionOptionsResult {
  readonly accepterPeeringConnectionOptions?: PeeringOptionsInput;
  readonly requesterPeeringConnectionOptions?: PeeringOptionsInput;
}

/**
 * Each owner modifies its own side, in its own Region (ModifyVpcPeeringConnectionOptions
 * reference). Observed: "User … does not have permission to modify the accepter side peering
 * options" (hashicorp/terraform#12448).
 */
function assertSideOwner(
  ctx: ReadContext,
  connection: VpcPeeringConnection,
  which: "requester" | "accepter",
): void {
  const side = connection[which];
  const { account, region } = ctx.scope;
  if (account !== side.ownerId) {
    throw new OperationNotPermitted(
      `User ${account} does not have permission to modify the ${which} side peering options`,
    );
  }
  if (region !== side.region) {
    throw new OperationNotPermitted(
      `Incorrect region (${region}) specified for this request. The ${which} side peering options of VPC peering connection ${connection.id} must be modified in region ${side.region}`,
    );
  }
}

function applyOptions(
  ctx: ReadContext,
  connection: VpcPeeringConnection,
  current: VpcPeeringOptions,
  input: PeeringOptionsInput,
): VpcPeeringOptions {
  if (input.allowEgressFromLocalClassicLinkToRemoteVpc || input.allowEgressFromLocalVpcToRemoteClassicLink) {
    throw new UnsupportedOperation(
      "EC2-Classic has been retired: ClassicLink options of VPC peering connections cannot be enabled.",
    );
  }
  if (input.allowDnsResolutionFromRemoteVpc) {
    // "Both VPCs must be enabled for DNS hostnames and DNS resolution" (VPC Peering Guide).
    const ready = [connection.requester, connection.accepter].every((side) => {
      const vpc = ctx.tx.get("vpc", scopeOfSide(side), side.vpcId);
      return vpc?.enableDnsSupport === true && vpc.enableDnsHostnames === true;
    });
    if (!ready) throw new InvalidVpcPeeringConnectionStateDnsHostnamesDisabled(connection.id);
  }
  return {
    allowDnsResolutionFromRemoteVpc:
      input.allowDnsResolutionFromRemoteVpc ?? current.allowDnsResolutionFromRemoteVpc,
    allowEgressFromLocalClassicLinkToRemoteVpc:
      input.allowEgressFromLocalClassicLinkToRemoteVpc ?? current.allowEgressFromLocalClassicLinkToRemoteVpc,
    allowEgressFromLocalVpcToRemoteClassicLink:
      input.allowEgressFromLocalVpcToRemoteClassicLink ?? current.allowEgressFromLocalVpcToRemoteClassicLink,
  };
}

export function modifyVpcPeeringConnectionOptions(
  ctx: WriteContext,
  input: ModifyVpcPeeringConnectionOptionsInput,
): ModifyVpcPeeringConnectionOptionsResult {
  const connection = requireConnection(ctx, input.vpcPeeringConnectionId);
  const requesterInput = input.requesterPeeringConnectionOptions;
  const accepterInput = input.accepterPeeringConnectionOptions;
  if (!requesterInput && !accepterInput) {
    throw new MissingParameter("AccepterPeeringConnectionOptions or RequesterPeeringConnectionOptions");
  }
  if (requesterInput) assertSideOwner(ctx, connection, "requester");
  if (accepterInput) assertSideOwner(ctx, connection, "accepter");
  // Observed: "Peering pcx-… is not active. Peering options can be added only to active peerings."
  if (connection.status !== "active") {
    throw new OperationNotPermitted(
      `Peering ${connection.id} is not active. Peering options can be added only to active peerings.`,
    );
  }
  const requester = requesterInput
    ? {
        ...connection.requester,
        options: applyOptions(ctx, connection, connection.requester.options, requesterInput),
      }
    : connection.requester;
  const accepter = accepterInput
    ? {
        ...connection.accepter,
        options: applyOptions(ctx, connection, connection.accepter.options, accepterInput),
      }
    : connection.accepter;
  writeConnection(ctx, { ...connection, requester, accepter });
  // AWS answers with the options the request set (CLI examples).
  return {
    ...(requesterInput ? { requesterPeeringConnectionOptions: requesterInput } : {}),
    ...(accepterInput ? { accepterPeeringConnectionOptions: accepterInput } : {}),
  };
}

// ---- the lifecycle ------------------------------------------------------------------------------

/** `initiating-request` → `pending-acceptance`, or `failed` (visible to the requester for 2 hours). */
function finishRequest(ctx: WriteContext, connection: VpcPeeringConnection): void {
  const { tx } = ctx;
  const requesterVpc = tx.get("vpc", scopeOfSide(connection.requester), connection.requester.vpcId);
  const peerVpc = ACCOUNT_ID.test(connection.accepter.ownerId)
    ? tx.get("vpc", scopeOfSide(connection.accepter), connection.accepter.vpcId)
    : undefined;
  if (connection.requestFails || !requesterVpc || !peerVpc || blocksOverlap(requesterVpc, peerVpc)) {
    endConnection(ctx, connection, "failed", FAILED_MESSAGE, () => timings(ctx).short);
    return;
  }
  // Unanswered, the request expires 7 days after it was made.
  writeConnection(
    ctx,
    {
      ...connection,
      status: "pending-acceptance",
      statusMessage: `Pending Acceptance by ${connection.accepter.ownerId}`,
      stateDueAt: connection.expirationTime,
    },
    { reachAccepter: true },
  );
  scheduleTransition(ctx, KIND, connection.id, connection.expirationTime);
}

/**
 * Moves a connection whose time has come: ends this scope's copy once its visibility is over, or
 * moves the shared state (scheduled in the requester's scope). Entries scheduled for an earlier
 * state find the connection elsewhere, not due, and are ignored.
 */
export function advanceVpcPeeringConnection(ctx: WriteContext, id: string): void {
  const copy = ctx.tx.get(KIND, ctx.scope, id);
  if (!copy) return;
  const now = ctx.clock.now().getTime();
  if (copy.visibleUntil !== undefined) {
    if (copy.visibleUntil.getTime() <= now) ctx.tx.delete(KIND, ctx.scope, id);
    return;
  }
  if (copy.stateDueAt === undefined || copy.stateDueAt.getTime() > now) return;
  const { stateDueAt: _due, ...settled } = copy;
  switch (copy.status) {
    case "initiating-request":
      finishRequest(ctx, copy);
      return;
    case "provisioning":
      writeConnection(ctx, { ...settled, status: "active", statusMessage: "Active" });
      return;
    case "pending-acceptance":
      // "The expired VPC peering connection remains visible to both VPC owners for 2 days."
      endConnection(ctx, copy, "expired", "Expired", () => timings(ctx).long);
      return;
    case "deleting":
      markDeleted(ctx, copy, copy.deletedBy ?? ctx.scope.account);
      return;
    default:
      return;
  }
}

// ---- what other families ask ----------------------------------------------------------------------

/**
 * Whether peering keeps a VPC from being deleted through the API: an active (or provisioning,
 * deleting) connection on either side, or a request awaiting this VPC's answer ("You cannot delete
 * a VPC for which you have a pending-acceptance request … You must first reject", VPC Peering
 * Guide). The console deletes active connections first; DeleteVpc answers DependencyViolation
 * (hashicorp/terraform-provider-aws#3118, giantswarm/aws-operator#401).
 */
export function vpcHasPeeringDependencies(tx: ReadTx<Resources>, scope: Scope, vpcId: string): boolean {
  return connectionsOfVpc(tx, scope, vpcId).some(
    (c) =>
      ACTIVE_STATES.includes(c.status) ||
      c.status === "deleting" ||
      (OUTSTANDING_STATES.includes(c.status) && c.accepter.vpcId === vpcId),
  );
}

/**
 * "If you … delete your VPC before the other party has accepted the request, the VPC peering
 * connection is also deleted": the requests a deleted VPC sent end as `deleted`.
 */
export function deletePeeringRequestsOfVpc(ctx: WriteContext, vpcId: string): void {
  for (const c of connectionsOfVpc(ctx.tx, ctx.scope, vpcId)) {
    if (OUTSTANDING_STATES.includes(c.status) && c.requester.vpcId === vpcId) {
      markDeleted(ctx, c, ctx.scope.account);
    }
  }
}

/**
 * A peering connection as the target of a route of `table`: it must exist in the table's scope and
 * join the table's VPC. A route to a connection that is not active yet is accepted and is a
 * blackhole until the connection is (QT-DevOps/DevOpsIssues#105); an ended one cannot be a target.
 */
export function assertPeeringRouteTarget(
  ctx: ReadContext,
  table: { readonly id: string; readonly vpcId: string },
  id: string,
): void {
  const connection = requireRecord(ctx.tx, ctx.scope, KIND, id, VpcPeeringConnectionIdErrors);
  if (ENDED_STATES.includes(connection.status) || connection.status === "deleting") {
    throw new VpcPeeringConnectionIdErrors.notFound([id]);
  }
  const local = [connection.requester, connection.accepter].some(
    (side) => side.vpcId === table.vpcId && sameScope(scopeOfSide(side), ctx.scope),
  );
  if (!local) {
    throw new InvalidParameterValue(
      `route table ${table.id} and network gateway ${id} belong to different networks`,
    );
  }
}

/** Routes forward through a connection only while it is active. */
export function peeringForwards(tx: ReadTx<Resources>, scope: Scope, id: string): boolean {
  return tx.get(KIND, scope, id)?.status === "active";
}

/**
 * The active connection through which a security group of `vpcId` (in `ctx.scope`) may reference
 * a group of VPC `peer.vpcId` owned by `peer.ownerId`: same Region only ("You cannot reference the
 * security group of a peer VPC that's in a different Region", VPC Peering Guide). When the rule
 * names the connection, that one must be it.
 */
export function peeringForGroupReference(
  ctx: ReadContext,
  vpcId: string,
  peer: { readonly vpcId: string; readonly ownerId: string },
  vpcPeeringConnectionId?: string,
): VpcPeeringConnection | undefined {
  const { tx, scope } = ctx;
  const joins = (c: VpcPeeringConnection): boolean => {
    if (c.status !== "active" || c.requester.region !== scope.region || c.accepter.region !== scope.region) {
      return false;
    }
    const [mine, theirs] =
      c.requester.vpcId === vpcId ? [c.requester, c.accepter] : [c.accepter, c.requester];
    return (
      mine.vpcId === vpcId &&
      mine.ownerId === scope.account &&
      theirs.vpcId === peer.vpcId &&
      theirs.ownerId === peer.ownerId
    );
  };
  if (vpcPeeringConnectionId !== undefined && vpcPeeringConnectionId !== "") {
    const named = requireRecord(tx, scope, KIND, vpcPeeringConnectionId, VpcPeeringConnectionIdErrors);
    return joins(named) ? named : undefined;
  }
  return connectionsOfVpc(tx, scope, vpcId).find(joins);
}

/** `PeeringStatus` of a rule referencing a group through a connection: its status, `deleted` once gone. */
export function peeringStatusOf(tx: ReadTx<Resources>, scope: Scope, id: string): VpcPeeringConnectionState {
  return tx.get(KIND, scope, id)?.status ?? "deleted";
}

/** The VPCs peered with `vpcId` (in `scope`) in the same Region, with the scope holding each. */
export function sameRegionPeersOf(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
): { readonly vpcId: string; readonly scope: Scope; readonly vpcPeeringConnectionId: string }[] {
  const peers: { vpcId: string; scope: Scope; vpcPeeringConnectionId: string }[] = [];
  for (const c of connectionsOfVpc(tx, scope, vpcId)) {
    const other = c.requester.vpcId === vpcId ? c.accepter : c.requester;
    if (other.region !== scope.region || other.vpcId === vpcId) continue;
    peers.push({ vpcId: other.vpcId, scope: scopeOfSide(other), vpcPeeringConnectionId: c.id });
  }
  return peers;
}
