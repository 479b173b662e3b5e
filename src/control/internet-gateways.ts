/**
 * Internet gateways: CreateInternetGateway, DeleteInternetGateway, DescribeInternetGateways,
 * AttachInternetGateway, DetachInternetGateway.
 */
import type { InternetGateway } from "../model/resources.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  DependencyViolation,
  GatewayNotAttached,
  InternetGatewayIdErrors,
  InternetGatewayLimitExceeded,
  InvalidParameterValue,
  MissingParameter,
  ResourceAlreadyAssociated,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

export const INTERNET_GATEWAY_FILTERS: FilterTable<InternetGateway> = {
  "attachment.state": (g) => g.attachments.map((a) => a.state),
  "attachment.vpc-id": (g) => g.attachments.map((a) => a.vpcId),
  "internet-gateway-id": (g) => g.id,
  "owner-id": (g) => g.ownerId,
};

export function createInternetGateway(
  ctx: WriteContext,
  input: { tagSpecifications?: readonly TagSpecificationInput[] },
): { internetGateway: InternetGateway } {
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "internet-gateway",
    ctx.config.quotas.tagsPerResource,
  );
  if (ctx.tx.count("internetGateway", ctx.scope) >= ctx.config.quotas.internetGatewaysPerRegion) {
    throw new InternetGatewayLimitExceeded();
  }
  const igw: InternetGateway = { id: ctx.ids("igw"), ownerId: ctx.scope.account, tags, attachments: [] };
  ctx.tx.put("internetGateway", ctx.scope, igw);
  return { internetGateway: igw };
}

export function deleteInternetGateway(ctx: WriteContext, input: { internetGatewayId?: string }): void {
  if (!input.internetGatewayId) throw new MissingParameter("internetGatewayId");
  const igw = requireRecord(
    ctx.tx,
    ctx.scope,
    "internetGateway",
    input.internetGatewayId,
    InternetGatewayIdErrors,
  );
  if (igw.attachments.length > 0) {
    throw new DependencyViolation(`The internetGateway '${igw.id}' has dependencies and cannot be deleted.`);
  }
  ctx.tx.delete("internetGateway", ctx.scope, igw.id);
}

export interface DescribeInternetGatewaysInput extends PageRequest {
  readonly internetGatewayIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeInternetGateways(
  ctx: ReadContext,
  input: DescribeInternetGatewaysInput,
): { internetGateways: readonly InternetGateway[]; nextToken?: string } {
  const matches = compileFilters(INTERNET_GATEWAY_FILTERS, input.filters);
  const gateways = selectByIds(
    ctx.tx,
    ctx.scope,
    "internetGateway",
    input.internetGatewayIds,
    InternetGatewayIdErrors,
  ).filter(matches);
  const page = paginate(gateways, input, [
    "DescribeInternetGateways",
    input.internetGatewayIds ?? [],
    input.filters ?? [],
  ]);
  return { internetGateways: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export interface AttachmentInput {
  readonly internetGatewayId?: string;
  readonly vpcId?: string;
}

export function attachInternetGateway(ctx: WriteContext, input: AttachmentInput): void {
  if (!input.internetGatewayId) throw new MissingParameter("internetGatewayId");
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const { tx, scope } = ctx;
  const igw = requireRecord(tx, scope, "internetGateway", input.internetGatewayId, InternetGatewayIdErrors);
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const current = igw.attachments[0];
  if (current) {
    throw new ResourceAlreadyAssociated(`resource ${igw.id} is already attached to network ${current.vpcId}`);
  }
  const other = tx.list("internetGateway", scope).find((g) => g.attachments.some((a) => a.vpcId === vpc.id));
  if (other) {
    // AWS answers this one with InvalidParameterValue, not Resource.AlreadyAssociated (reports quoting it).
    throw new InvalidParameterValue(`Network ${vpc.id} already has an internet gateway attached`);
  }
  tx.put("internetGateway", scope, { ...igw, attachments: [{ vpcId: vpc.id, state: "available" }] });
}

export function detachInternetGateway(ctx: WriteContext, input: AttachmentInput): void {
  if (!input.internetGatewayId) throw new MissingParameter("internetGatewayId");
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const { tx, scope } = ctx;
  const igw = requireRecord(tx, scope, "internetGateway", input.internetGatewayId, InternetGatewayIdErrors);
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  if (!igw.attachments.some((a) => a.vpcId === vpc.id)) throw new GatewayNotAttached(igw.id, vpc.id);
  // Public addresses (auto-assigned or Elastic IPs) are mapped by the gateway: AWS refuses to
  // detach it while any interface of the VPC holds one.
  const mapped = tx
    .listBy("networkInterface", scope, "vpcId", vpc.id)
    .some((eni) => eni.privateIpAddresses.some((p) => p.association !== undefined));
  if (mapped) {
    throw new DependencyViolation(
      `Network ${vpc.id} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.`,
    );
  }
  tx.put("internetGateway", scope, {
    ...igw,
    attachments: igw.attachments.filter((a) => a.vpcId !== vpc.id),
  });
}
