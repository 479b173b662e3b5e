/**
 * Egress-only internet gateways: CreateEgressOnlyInternetGateway, DeleteEgressOnlyInternetGateway,
 * DescribeEgressOnlyInternetGateways. IPv6 outbound only: created attached to one VPC (one per VPC
 * at a time, VPC quotas), the target of IPv6 routes (route-tables.ts); a route to a deleted one is
 * a blackhole.
 */
import type { EgressOnlyInternetGateway } from "../model/compute.js";
import type { Resources } from "../model/kinds.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  EgressOnlyInternetGatewayIdErrors,
  MissingParameter,
  ResourceAlreadyAssociated,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import { type PageLimits, type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

/** The DescribeEgressOnlyInternetGateways reference documents only the tag filters (from the engine). */
export const EGRESS_ONLY_INTERNET_GATEWAY_FILTERS: FilterTable<EgressOnlyInternetGateway> = {};

/** MaxResults of DescribeEgressOnlyInternetGateways is 5–255 (API model). */
const PAGE_LIMITS: PageLimits = { min: 5, max: 255 };

/** The egress-only gateway attached to a VPC, if any. */
export function egressOnlyGatewayOfVpc(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
): EgressOnlyInternetGateway | undefined {
  return tx
    .list("egressOnlyInternetGateway", scope)
    .find((g) => g.attachments.some((a) => a.vpcId === vpcId));
}

export function createEgressOnlyInternetGateway(
  ctx: WriteContext,
  input: { vpcId?: string; tagSpecifications?: readonly TagSpecificationInput[] },
): { egressOnlyInternetGateway: EgressOnlyInternetGateway } {
  const { tx, scope } = ctx;
  if (!input.vpcId) throw new MissingParameter("VpcId");
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "egress-only-internet-gateway",
    ctx.config.quotas.tagsPerResource,
  );
  // "You can attach only one egress-only internet gateway to a VPC at a time" (VPC quotas); the
  // per-region quota follows the VPC quota, so one per VPC is the only limit.
  const existing = egressOnlyGatewayOfVpc(tx, scope, vpc.id);
  if (existing) {
    throw new ResourceAlreadyAssociated(
      `Network ${vpc.id} already has an egress-only internet gateway attached (${existing.id})`,
    );
  }
  const gateway: EgressOnlyInternetGateway = {
    id: ctx.ids("eigw"),
    ownerId: scope.account,
    tags,
    attachments: [{ vpcId: vpc.id, state: "attached" }],
  };
  tx.put("egressOnlyInternetGateway", scope, gateway);
  return { egressOnlyInternetGateway: gateway };
}

/** Deleting detaches it; routes that pointed at it become blackholes (derived in route-tables.ts). */
export function deleteEgressOnlyInternetGateway(
  ctx: WriteContext,
  input: { egressOnlyInternetGatewayId?: string },
): void {
  if (!input.egressOnlyInternetGatewayId) throw new MissingParameter("EgressOnlyInternetGatewayId");
  const gateway = requireRecord(
    ctx.tx,
    ctx.scope,
    "egressOnlyInternetGateway",
    input.egressOnlyInternetGatewayId,
    EgressOnlyInternetGatewayIdErrors,
  );
  ctx.tx.delete("egressOnlyInternetGateway", ctx.scope, gateway.id);
}

export interface DescribeEgressOnlyInternetGatewaysInput extends PageRequest {
  readonly egressOnlyInternetGatewayIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeEgressOnlyInternetGateways(
  ctx: ReadContext,
  input: DescribeEgressOnlyInternetGatewaysInput,
): { egressOnlyInternetGateways: readonly EgressOnlyInternetGateway[]; nextToken?: string } {
  const matches = compileFilters(EGRESS_ONLY_INTERNET_GATEWAY_FILTERS, input.filters);
  const gateways = selectByIds(
    ctx.tx,
    ctx.scope,
    "egressOnlyInternetGateway",
    input.egressOnlyInternetGatewayIds,
    EgressOnlyInternetGatewayIdErrors,
  ).filter(matches);
  const page = paginate(
    gateways,
    input,
    ["DescribeEgressOnlyInternetGateways", input.egressOnlyInternetGatewayIds ?? [], input.filters ?? []],
    PAGE_LIMITS,
  );
  return { egressOnlyInternetGateways: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}
