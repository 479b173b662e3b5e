/**
 * NAT gateways: CreateNatGateway, DeleteNatGateway, DescribeNatGateways, and the advancer that
 * moves them through AWS's states (pending → available | failed, deleting → deleted, then gone).
 *
 * A NAT gateway owns a requester-managed interface in its subnet (`nat_gateway`, no security
 * groups, source/destination check off) holding its private address and, for a public gateway,
 * the Elastic IP mapping. What AWS checks asynchronously (VPC User Guide, "Troubleshoot NAT
 * gateways": no internet gateway, unknown or associated Elastic IP, full subnet) does not fail the
 * call: the gateway goes to `failed` with AWS's failure code and message.
 */
import type { NatGateway, NatGatewayAddress } from "../model/compute.js";
import { isWellFormedId } from "../model/ids.js";
import type { Subnet } from "../model/resources.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  AllocationIdErrors,
  InsufficientFreeAddressesInSubnet,
  InvalidIPAddressInUse,
  InvalidParameterCombination,
  InvalidParameterValue,
  MissingParameter,
  NatGatewayIdErrors,
  NatGatewayLimitExceeded,
  NatGatewaySubnetMalformed,
  SubnetIdErrors,
  UnsupportedOperation,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId, requireRecord, selectByIds } from "./lookup.js";
import {
  addressesInUse,
  associateElasticIp,
  disassociateElasticIp,
  parsePrivateIpInSubnet,
  provisionNetworkInterface,
  removeNetworkInterface,
} from "./network-interfaces.js";
import { type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { scheduleTransition } from "./transitions.js";

/** The account AWS shows as the requester of NAT gateway interfaces. */
export const NAT_GATEWAY_REQUESTER_ID = "036872051663";
/** The owner AWS shows on the `ela-attach-…` attachment of a NAT gateway interface. */
export const NAT_GATEWAY_ATTACHMENT_OWNER = "amazon-aws";
/** A NAT gateway holds at most 8 private IPv4 addresses (1 primary and 7 secondary). */
const MAX_ADDRESSES = 8;

/** Every filter of the DescribeNatGateways API reference. */
export const NAT_GATEWAY_FILTERS: FilterTable<NatGateway> = {
  "nat-gateway-id": (n) => n.id,
  state: (n) => n.state,
  "subnet-id": (n) => n.subnetId,
  "vpc-id": (n) => n.vpcId,
};

/** States that count against the per-zone quota and keep routes to the gateway active or not. */
const COUNTED_STATES: readonly NatGateway["state"][] = ["pending", "available", "deleting"];

type Failure = { readonly code: string; readonly message: string };

/** The failure codes and messages of the NatGateway API reference (`FailureCode`, `FailureMessage`). */
const FAILURES = {
  subnetFull: (): Failure => ({
    code: "InsufficientFreeAddressesInSubnet",
    message: "Subnet has insufficient free addresses to create this NAT gateway",
  }),
  noGateway: (vpcId: string): Failure => ({
    code: "Gateway.NotAttached",
    message: `Network ${vpcId} has no Internet gateway attached`,
  }),
  unknownAllocation: (allocationId: string): Failure => ({
    code: "InvalidAllocationID.NotFound",
    message: `Elastic IP address ${allocationId} could not be associated with this NAT gateway`,
  }),
  allocationInUse: (allocationId: string): Failure => ({
    code: "Resource.AlreadyAssociated",
    message: `Elastic IP address ${allocationId} is already associated`,
  }),
};

export interface CreateNatGatewayInput {
  readonly subnetId?: string;
  readonly allocationId?: string;
  readonly connectivityType?: string;
  readonly privateIpAddress?: string;
  readonly secondaryAllocationIds?: readonly string[];
  readonly secondaryPrivateIpAddresses?: readonly string[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly clientToken?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

function requireSubnet(ctx: ReadContext, subnetId: string | undefined): Subnet {
  if (!subnetId) throw new MissingParameter("subnetId");
  // CreateNatGateway spells a malformed subnet id its own way.
  if (!isWellFormedId("subnet", subnetId)) throw new NatGatewaySubnetMalformed(subnetId);
  return requireRecord(ctx.tx, ctx.scope, "subnet", subnetId, SubnetIdErrors);
}

/** The conditions AWS checks while the gateway is pending, in the order a failure is reported. */
function publicFailure(
  ctx: ReadContext,
  vpcId: string,
  allocationId: string,
  selfId?: string,
): Failure | undefined {
  const { tx, scope } = ctx;
  if (!tx.list("internetGateway", scope).some((g) => g.attachments.some((a) => a.vpcId === vpcId))) {
    return FAILURES.noGateway(vpcId);
  }
  const address = tx.get("address", scope, allocationId);
  if (!address) return FAILURES.unknownAllocation(allocationId);
  if (address.association) return FAILURES.allocationInUse(allocationId);
  // Another gateway may have claimed it and not be mapped yet.
  const claimed = tx
    .list("natGateway", scope)
    .some(
      (n) =>
        n.id !== selfId &&
        n.state === "pending" &&
        n.failureCode === undefined &&
        n.addresses.some((a) => a.allocationId === allocationId),
    );
  if (claimed) return FAILURES.allocationInUse(allocationId);
  return undefined;
}

export function createNatGateway(
  ctx: WriteContext,
  input: CreateNatGatewayInput,
): { natGateway: NatGateway } {
  const { tx, scope } = ctx;
  const subnet = requireSubnet(ctx, input.subnetId);
  const connectivityType = input.connectivityType ?? "public";
  if (connectivityType !== "public" && connectivityType !== "private") {
    throw new InvalidParameterValue(
      `Value (${connectivityType}) for parameter connectivityType is invalid. Valid values: public, private.`,
    );
  }
  if (input.secondaryAllocationIds?.length) {
    throw new UnsupportedOperation(
      "vpcsim does not simulate secondary Elastic IP addresses of NAT gateways yet.",
    );
  }
  const secondaries = input.secondaryPrivateIpAddresses ?? [];
  const secondaryCount = input.secondaryPrivateIpAddressCount ?? 0;
  if (connectivityType === "public") {
    if (input.allocationId === undefined) throw new MissingParameter("allocationId");
    assertWellFormedId(input.allocationId, AllocationIdErrors);
    if (secondaries.length > 0 || secondaryCount > 0) {
      throw new InvalidParameterCombination(
        "Secondary private IPv4 addresses of a public NAT gateway come with secondary Elastic IP addresses.",
      );
    }
  } else if (input.allocationId !== undefined) {
    throw new InvalidParameterCombination(
      "An Elastic IP address cannot be associated with a private NAT gateway.",
    );
  }
  if (secondaries.length > 0 && secondaryCount > 0) {
    throw new InvalidParameterCombination(
      "You may specify secondaryPrivateIpAddressCount or secondaryPrivateIpAddresses, but not both.",
    );
  }
  if (
    !Number.isInteger(secondaryCount) ||
    secondaryCount < 0 ||
    1 + secondaries.length + secondaryCount > MAX_ADDRESSES
  ) {
    throw new InvalidParameterValue(
      `A NAT gateway can have at most ${MAX_ADDRESSES} private IPv4 addresses (1 primary and ${MAX_ADDRESSES - 1} secondary).`,
    );
  }
  const taken = addressesInUse(tx, scope, subnet.id);
  for (const address of [input.privateIpAddress, ...secondaries]) {
    if (address === undefined) continue;
    if (taken.has(parsePrivateIpInSubnet(subnet, address))) throw new InvalidIPAddressInUse(address);
  }
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "natgateway",
    ctx.config.quotas.tagsPerResource,
  );
  const inZone = tx
    .list("natGateway", scope)
    .filter(
      (n) =>
        COUNTED_STATES.includes(n.state) &&
        tx.get("subnet", scope, n.subnetId)?.availabilityZone === subnet.availabilityZone,
    ).length;
  if (inZone >= ctx.config.quotas.natGatewaysPerZone) {
    throw new NatGatewayLimitExceeded(ctx.config.quotas.natGatewaysPerZone);
  }

  const id = ctx.ids("nat");
  const now = ctx.clock.now();
  let failure =
    input.allocationId !== undefined ? publicFailure(ctx, subnet.vpcId, input.allocationId) : undefined;
  let addresses: NatGatewayAddress[] = [];
  if (!failure) {
    try {
      const eni = provisionNetworkInterface(ctx, {
        subnet,
        description: `Interface for NAT Gateway ${id}`,
        interfaceType: "nat_gateway",
        groupIds: [],
        sourceDestCheck: false,
        requesterManaged: true,
        requesterId: NAT_GATEWAY_REQUESTER_ID,
        taken,
        ...(input.privateIpAddress !== undefined ? { privateIpAddress: input.privateIpAddress } : {}),
        secondaryPrivateIpAddresses: secondaries,
        secondaryPrivateIpAddressCount: secondaryCount,
        attachment: {
          attachmentId: ctx.ids("ela-attach"),
          instanceOwnerId: NAT_GATEWAY_ATTACHMENT_OWNER,
          deviceIndex: 1,
          networkCardIndex: 0,
          status: "attached",
          attachTime: now,
          deleteOnTermination: false,
        },
      });
      addresses = eni.privateIpAddresses.map((p) => ({
        networkInterfaceId: eni.id,
        privateIp: p.address,
        isPrimary: p.primary,
        ...(p.primary && input.allocationId !== undefined ? { allocationId: input.allocationId } : {}),
        status: connectivityType === "public" ? "associating" : "assigning",
      }));
    } catch (error) {
      if (!(error instanceof InsufficientFreeAddressesInSubnet)) throw error;
      failure = FAILURES.subnetFull();
    }
  }
  const dueAt = new Date(now.getTime() + ctx.config.delays.natGatewayPendingMs);
  const natGateway: NatGateway = {
    id,
    ownerId: scope.account,
    tags,
    vpcId: subnet.vpcId,
    subnetId: subnet.id,
    connectivityType,
    state: "pending",
    stateDueAt: dueAt,
    createTime: now,
    addresses,
    // A failure found now is reported when the gateway leaves `pending`, as AWS reports it.
    ...(failure ? { failureCode: failure.code, failureMessage: failure.message } : {}),
    ...(input.clientToken ? { clientToken: input.clientToken } : {}),
  };
  tx.put("natGateway", scope, natGateway);
  scheduleTransition(ctx, "natGateway", id, dueAt);
  return { natGateway };
}

export function deleteNatGateway(
  ctx: WriteContext,
  input: { natGatewayId?: string },
): { natGatewayId: string } {
  if (!input.natGatewayId) throw new MissingParameter("natGatewayId");
  const { tx, scope } = ctx;
  const nat = requireRecord(tx, scope, "natGateway", input.natGatewayId, NatGatewayIdErrors);
  if (nat.state === "deleted") throw new NatGatewayIdErrors.notFound([nat.id]);
  if (nat.state === "deleting") return { natGatewayId: nat.id };
  const now = ctx.clock.now();
  const dueAt = new Date(now.getTime() + ctx.config.delays.natGatewayDeletingMs);
  tx.put("natGateway", scope, {
    ...nat,
    state: "deleting",
    stateDueAt: dueAt,
    deleteTime: now,
    addresses: nat.addresses.map((a) =>
      a.allocationId !== undefined ? { ...a, status: "disassociating" } : { ...a, status: "unassigning" },
    ),
  });
  scheduleTransition(ctx, "natGateway", nat.id, dueAt);
  return { natGatewayId: nat.id };
}

export interface DescribeNatGatewaysInput extends PageRequest {
  readonly natGatewayIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeNatGateways(
  ctx: ReadContext,
  input: DescribeNatGatewaysInput,
): { natGateways: readonly NatGateway[]; nextToken?: string } {
  const matches = compileFilters(NAT_GATEWAY_FILTERS, input.filters);
  const gateways = selectByIds(
    ctx.tx,
    ctx.scope,
    "natGateway",
    input.natGatewayIds,
    NatGatewayIdErrors,
  ).filter(matches);
  const page = paginate(gateways, input, [
    "DescribeNatGateways",
    input.natGatewayIds ?? [],
    input.filters ?? [],
  ]);
  return { natGateways: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- state machine ----------------------------------------------------------------------------

function fail(ctx: WriteContext, nat: NatGateway, failure: Failure): void {
  for (const id of new Set(nat.addresses.map((a) => a.networkInterfaceId))) {
    const eni = ctx.tx.get("networkInterface", ctx.scope, id);
    if (eni) removeNetworkInterface(ctx, eni);
  }
  retire(ctx, {
    ...nat,
    state: "failed",
    failureCode: failure.code,
    failureMessage: failure.message,
    addresses: nat.addresses.map((a) => ({ ...a, status: "failed" })),
  });
}

/** Failed and deleted gateways stay visible for `deletedRetentionMs` (about an hour on AWS). */
function retire(ctx: WriteContext, nat: NatGateway): void {
  const dueAt = new Date(ctx.clock.now().getTime() + ctx.config.delays.deletedRetentionMs);
  ctx.tx.put("natGateway", ctx.scope, { ...nat, stateDueAt: dueAt });
  scheduleTransition(ctx, "natGateway", nat.id, dueAt);
}

function activate(ctx: WriteContext, nat: NatGateway): void {
  if (nat.failureCode !== undefined) {
    fail(ctx, nat, { code: nat.failureCode, message: nat.failureMessage ?? "" });
    return;
  }
  const primary = nat.addresses.find((a) => a.isPrimary);
  let addresses = nat.addresses;
  if (primary?.allocationId !== undefined) {
    // The Elastic IP may have been taken (or the gateway detached) while this one was pending.
    const failure = publicFailure(ctx, nat.vpcId, primary.allocationId, nat.id);
    if (failure) {
      fail(ctx, nat, failure);
      return;
    }
    const associationId = associateElasticIp(
      ctx,
      primary.allocationId,
      primary.networkInterfaceId,
      primary.privateIp,
    );
    const publicIp = ctx.tx.get("address", ctx.scope, primary.allocationId)!.publicIp;
    addresses = addresses.map((a) => (a === primary ? { ...a, publicIp, associationId } : a));
  }
  const { stateDueAt: _due, ...rest } = nat;
  ctx.tx.put("natGateway", ctx.scope, {
    ...rest,
    state: "available",
    addresses: addresses.map((a) => ({ ...a, status: "succeeded" })),
  });
}

function finishDeletion(ctx: WriteContext, nat: NatGateway): void {
  const { tx, scope } = ctx;
  for (const a of nat.addresses) {
    const address = a.allocationId !== undefined ? tx.get("address", scope, a.allocationId) : undefined;
    if (address?.association?.networkInterfaceId === a.networkInterfaceId)
      disassociateElasticIp(ctx, address.id);
  }
  for (const id of new Set(nat.addresses.map((a) => a.networkInterfaceId))) {
    const eni = tx.get("networkInterface", scope, id);
    if (eni) removeNetworkInterface(ctx, eni);
  }
  retire(ctx, {
    ...nat,
    state: "deleted",
    addresses: nat.addresses.map(({ associationId: _gone, ...a }) => ({ ...a, status: "succeeded" })),
  });
}

/**
 * Moves a NAT gateway whose transition is due. Entries scheduled for an earlier state (a pending
 * gateway deleted before it became available) find the gateway in another state, not yet due,
 * and are ignored.
 */
export function advanceNatGateway(ctx: WriteContext, id: string): void {
  const nat = ctx.tx.get("natGateway", ctx.scope, id);
  if (!nat || nat.stateDueAt === undefined || nat.stateDueAt.getTime() > ctx.clock.now().getTime()) return;
  switch (nat.state) {
    case "pending":
      activate(ctx, nat);
      return;
    case "deleting":
      finishDeletion(ctx, nat);
      return;
    case "failed":
    case "deleted":
      ctx.tx.delete("natGateway", ctx.scope, nat.id);
      return;
    case "available":
      return;
  }
}
