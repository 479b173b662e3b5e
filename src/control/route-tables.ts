/**
 * Route tables: CreateRouteTable, DeleteRouteTable, DescribeRouteTables, CreateRoute,
 * ReplaceRoute, DeleteRoute, AssociateRouteTable, DisassociateRouteTable,
 * ReplaceRouteTableAssociation.
 */
import type { Resources } from "../model/kinds.js";
import type {
  Route,
  RouteDestination,
  RouteTable,
  RouteTableAssociation,
  RouteTarget,
  RouteTargetKind,
  Vpc,
} from "../model/resources.js";
import { type Cidr, parseCidr } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  AwsError,
  AwsManagedPrefixListNotRoutable,
  DependencyViolation,
  EgressOnlyInternetGatewayIdErrors,
  InstanceHasMultipleInterfaces,
  InstanceIdErrors,
  InvalidAssociationIDNotFound,
  InvalidGatewayIDNotFound,
  InvalidNatGatewayIDNotFound,
  InvalidParameterCombination,
  InvalidParameterValue,
  InvalidRouteNotFound,
  MissingParameter,
  NetworkInterfaceIdErrors,
  ResourceAlreadyAssociated,
  RouteAlreadyExists,
  RouteLimitExceeded,
  RouteTableIdErrors,
  RouteTableLimitExceeded,
  RouteTargetNotGatewayLoadBalancerEndpoint,
  SubnetIdErrors,
  VpcEndpointIdErrors,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { requireRecord, selectByIds } from "./lookup.js";
import { type PageRequest, paginate } from "./pagination.js";
import { assertPeeringRouteTarget, peeringForwards } from "./peering.js";
import { requireReferenceablePrefixList } from "./prefix-lists.js";
import { storedIpv4Cidr, storedIpv6Cidr } from "./stored-cidrs.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { propagatedRoutes } from "./vgw-routes.js";
import { isEndpointRouteActive } from "./vpc-endpoints.js";
import { attachedVpnGateway } from "./vpn.js";

export type RouteState = "active" | "blackhole";

export interface RouteView extends Route {
  readonly state: RouteState;
}

export interface RouteTableView extends RouteTable {
  readonly routes: readonly RouteView[];
}

/**
 * A route is `blackhole` when its target no longer forwards: a deleted or detached gateway, a
 * deleted NAT gateway or interface. The state is derived when described, never stored.
 */
export function routeState(tx: ReadTx<Resources>, scope: Scope, vpcId: string, route: Route): RouteState {
  const { target } = route;
  switch (target.kind) {
    case "local":
      return "active";
    case "gateway":
      if (target.id.startsWith("igw-")) {
        const igw = tx.get("internetGateway", scope, target.id);
        return igw?.attachments.some((a) => a.vpcId === vpcId) ? "active" : "blackhole";
      }
      // Gateway endpoints: a blackhole while the endpoint is deleting (its routes go once deleted).
      if (target.id.startsWith("vpce-"))
        return isEndpointRouteActive(tx, scope, target.id) ? "active" : "blackhole";
      // Virtual private gateways: a blackhole unless attached to the VPC (detached or deleted).
      if (target.id.startsWith("vgw-"))
        return attachedVpnGateway(tx, scope, vpcId, target.id) ? "active" : "blackhole";
      return "blackhole";
    case "egressOnlyInternetGateway": {
      const eigw = tx.get("egressOnlyInternetGateway", scope, target.id);
      return eigw?.attachments.some((a) => a.vpcId === vpcId) ? "active" : "blackhole";
    }
    case "natGateway": {
      // VPC User Guide: routes to a deleted NAT gateway stay, in the blackhole state.
      const nat = tx.get("natGateway", scope, target.id);
      return nat?.state === "pending" || nat?.state === "available" ? "active" : "blackhole";
    }
    case "networkInterface":
      return tx.get("networkInterface", scope, target.id) ? "active" : "blackhole";
    case "instance": {
      const instance = tx.get("instance", scope, target.id);
      const eni = target.networkInterfaceId
        ? tx.get("networkInterface", scope, target.networkInterfaceId)
        : undefined;
      return instance && instance.state !== "terminated" && eni ? "active" : "blackhole";
    }
    case "vpcPeeringConnection":
      // Peering connections forward only while active (pending, deleted or failed: blackhole).
      return peeringForwards(tx, scope, target.id) ? "active" : "blackhole";
    default:
      // Targets of the families that are not stored yet (peering, transit gateways…)
      // cannot be created, so a route to one can only come from an import of a real account,
      // where it was valid: keep it active.
      return "active";
  }
}

export function viewRouteTable(tx: ReadTx<Resources>, scope: Scope, table: RouteTable): RouteTableView {
  return {
    ...table,
    // Propagated routes (EnableVgwRoutePropagation) are derived, never stored.
    routes: [...table.routes, ...propagatedRoutes(tx, scope, table)].map((r) => ({
      ...r,
      state: routeState(tx, scope, table.vpcId, r),
    })),
  };
}

function destinationValue(d: RouteDestination): string {
  return d.kind === "prefix-list" ? d.prefixListId : d.cidr;
}

function targetsOf(t: RouteTableView, kind: RouteTargetKind, prefix?: string): string[] {
  return t.routes
    .filter((r) => r.target.kind === kind && (!prefix || r.target.id.startsWith(prefix)))
    .map((r) => r.target.id);
}

export const ROUTE_TABLE_FILTERS: FilterTable<RouteTableView> = {
  "association.gateway-id": (t) => t.associations.map((a) => a.gatewayId),
  "association.route-table-association-id": (t) => t.associations.map((a) => a.id),
  "association.route-table-id": (t) => (t.associations.length > 0 ? t.id : undefined),
  "association.subnet-id": (t) => t.associations.map((a) => a.subnetId),
  // Per association: a table without associations matches neither `true` nor `false` ("Route
  // tables that do not have an association ID are not returned"), and a main table with explicit
  // subnet associations matches both.
  "association.main": (t) => t.associations.map((a) => a.main),
  "owner-id": (t) => t.ownerId,
  "route-table-id": (t) => t.id,
  "route.destination-cidr-block": (t) =>
    t.routes.flatMap((r) => (r.destination.kind === "ipv4" ? [r.destination.cidr] : [])),
  "route.destination-ipv6-cidr-block": (t) =>
    t.routes.flatMap((r) => (r.destination.kind === "ipv6" ? [r.destination.cidr] : [])),
  "route.destination-prefix-list-id": (t) =>
    t.routes.flatMap((r) => (r.destination.kind === "prefix-list" ? [r.destination.prefixListId] : [])),
  "route.egress-only-internet-gateway-id": (t) => targetsOf(t, "egressOnlyInternetGateway"),
  "route.gateway-id": (t) => [...targetsOf(t, "gateway"), ...targetsOf(t, "local")],
  "route.instance-id": (t) => targetsOf(t, "instance"),
  "route.nat-gateway-id": (t) => targetsOf(t, "natGateway"),
  "route.transit-gateway-id": (t) => targetsOf(t, "transitGateway"),
  "route.origin": (t) => t.routes.map((r) => r.origin),
  "route.state": (t) => t.routes.map((r) => r.state),
  "route.vpc-peering-connection-id": (t) => targetsOf(t, "vpcPeeringConnection"),
  "vpc-id": (t) => t.vpcId,
};

function localRoutesOf(vpc: Vpc): Route[] {
  return [
    ...vpc.cidrBlockAssociations.map(
      (a): Route => ({
        destination: { kind: "ipv4", cidr: a.cidrBlock },
        target: { kind: "local", id: "local" },
        origin: "CreateRouteTable",
      }),
    ),
    ...vpc.ipv6CidrBlockAssociations.map(
      (a): Route => ({
        destination: { kind: "ipv6", cidr: a.ipv6CidrBlock },
        target: { kind: "local", id: "local" },
        origin: "CreateRouteTable",
      }),
    ),
  ];
}

export interface CreateRouteTableInput {
  readonly vpcId?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

export function createRouteTable(
  ctx: WriteContext,
  input: CreateRouteTableInput,
): { routeTable: RouteTableView } {
  if (!input.vpcId) throw new MissingParameter("vpcId");
  const { tx, scope } = ctx;
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "route-table",
    ctx.config.quotas.tagsPerResource,
  );
  if (tx.listBy("routeTable", scope, "vpcId", vpc.id).length >= ctx.config.quotas.routeTablesPerVpc) {
    throw new RouteTableLimitExceeded(vpc.id, ctx.config.quotas.routeTablesPerVpc);
  }
  const table: RouteTable = {
    id: ctx.ids("rtb"),
    ownerId: scope.account,
    tags,
    vpcId: vpc.id,
    routes: localRoutesOf(vpc),
    associations: [],
    propagatingVgwIds: [],
  };
  tx.put("routeTable", scope, table);
  return { routeTable: viewRouteTable(tx, scope, table) };
}

export function deleteRouteTable(ctx: WriteContext, input: { routeTableId?: string }): void {
  if (!input.routeTableId) throw new MissingParameter("routeTableId");
  const table = requireRecord(ctx.tx, ctx.scope, "routeTable", input.routeTableId, RouteTableIdErrors);
  if (table.associations.length > 0) {
    throw new DependencyViolation(`The routeTable '${table.id}' has dependencies and cannot be deleted.`);
  }
  ctx.tx.delete("routeTable", ctx.scope, table.id);
}

export interface DescribeRouteTablesInput extends PageRequest {
  readonly routeTableIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeRouteTables(
  ctx: ReadContext,
  input: DescribeRouteTablesInput,
): { routeTables: readonly RouteTableView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(ROUTE_TABLE_FILTERS, input.filters);
  const tables = selectByIds(tx, scope, "routeTable", input.routeTableIds, RouteTableIdErrors)
    .map((t) => viewRouteTable(tx, scope, t))
    .filter(matches);
  const page = paginate(
    tables,
    input,
    ["DescribeRouteTables", input.routeTableIds ?? [], input.filters ?? []],
    {
      min: 5,
      max: 100,
    },
  );
  return { routeTables: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

/** The destination and target parameters shared by CreateRoute and ReplaceRoute. */
export interface RouteInput {
  readonly routeTableId?: string;
  readonly destinationCidrBlock?: string;
  readonly destinationIpv6CidrBlock?: string;
  readonly destinationPrefixListId?: string;
  readonly gatewayId?: string;
  readonly egressOnlyInternetGatewayId?: string;
  readonly natGatewayId?: string;
  readonly instanceId?: string;
  readonly networkInterfaceId?: string;
  readonly vpcPeeringConnectionId?: string;
  readonly transitGatewayId?: string;
  readonly carrierGatewayId?: string;
  readonly localGatewayId?: string;
  readonly coreNetworkArn?: string;
  readonly vpcEndpointId?: string;
  /** ReplaceRoute only: restore the local target of a local route. */
  readonly localTarget?: boolean;
}

interface ParsedDestination {
  readonly destination: RouteDestination;
  readonly cidr?: Cidr;
  /** The wire name AWS uses in messages (`destination-cidr-block`). */
  readonly label: string;
}

function parseDestination(ctx: ReadContext, input: RouteInput): ParsedDestination {
  const given = [
    input.destinationCidrBlock,
    input.destinationIpv6CidrBlock,
    input.destinationPrefixListId,
  ].filter((v) => v !== undefined);
  if (given.length === 0) {
    throw new MissingParameter("destinationCidrBlock or destinationIpv6CidrBlock or destinationPrefixListId");
  }
  if (given.length > 1) {
    throw new InvalidParameterCombination(
      "Only one of destinationCidrBlock, destinationIpv6CidrBlock or destinationPrefixListId may be specified.",
    );
  }
  if (input.destinationPrefixListId !== undefined) {
    // Customer-managed lists only: a route to an AWS service's list is a gateway endpoint's.
    const list = requireReferenceablePrefixList(ctx, input.destinationPrefixListId);
    if (list.awsManaged) throw new AwsManagedPrefixListNotRoutable(list.id);
    return {
      destination: { kind: "prefix-list", prefixListId: list.id },
      label: "destination-prefix-list-id",
    };
  }
  const family = input.destinationCidrBlock !== undefined ? 4 : 6;
  const text = (input.destinationCidrBlock ?? input.destinationIpv6CidrBlock)!;
  const wire = family === 4 ? "destinationCidrBlock" : "destinationIpv6CidrBlock";
  const parsed = parseCidr(text);
  if (!parsed.ok || parsed.cidr.family !== family) {
    throw new InvalidParameterValue(
      `Value (${text}) for parameter ${wire} is invalid. This is not a valid CIDR block.`,
    );
  }
  // CreateRoute reference: "We modify the specified CIDR block to its canonical form".
  const cidr = parsed.cidr;
  return {
    destination: { kind: family === 4 ? "ipv4" : "ipv6", cidr: cidr.toString() },
    cidr,
    label: family === 4 ? "destination-cidr-block" : "destination-ipv6-cidr-block",
  };
}

/** Target parameters in the order AWS lists them; exactly one must be given. */
const TARGET_PARAMS = [
  ["gatewayId", "gateway"],
  ["egressOnlyInternetGatewayId", "egressOnlyInternetGateway"],
  ["natGatewayId", "natGateway"],
  ["instanceId", "instance"],
  ["networkInterfaceId", "networkInterface"],
  ["vpcPeeringConnectionId", "vpcPeeringConnection"],
  ["transitGatewayId", "transitGateway"],
  ["carrierGatewayId", "carrierGateway"],
  ["localGatewayId", "localGateway"],
  ["coreNetworkArn", "coreNetwork"],
  ["vpcEndpointId", "gateway"],
] as const satisfies readonly (readonly [keyof RouteInput, RouteTargetKind])[];

/** NotFound errors for targets whose families vpcsim does not store yet. */
const UNSTORED_TARGETS: { readonly [K in RouteTargetKind]?: (id: string) => AwsError } = {
  transitGateway: (id) =>
    new AwsError("InvalidTransitGatewayID.NotFound", `Transit Gateway ${id} was deleted or does not exist.`),
  carrierGateway: (id) =>
    new AwsError("InvalidCarrierGatewayID.NotFound", `The CarrierGateway ID '${id}' does not exist`),
  localGateway: (id) =>
    new AwsError("InvalidLocalGatewayID.NotFound", `The local gateway ID '${id}' does not exist`),
  coreNetwork: (id) => new InvalidParameterValue(`The core network ${id} does not exist`),
};

function resolveTarget(ctx: ReadContext, table: RouteTable, input: RouteInput): RouteTarget {
  const given = TARGET_PARAMS.filter(([param]) => input[param] !== undefined);
  if (given.length === 0) {
    throw new MissingParameter(
      "gatewayId, natGatewayId, instanceId, networkInterfaceId, vpcPeeringConnectionId, egressOnlyInternetGatewayId, transitGatewayId, localGatewayId, carrierGatewayId, vpcEndpointId or coreNetworkArn",
    );
  }
  if (given.length > 1) {
    throw new InvalidParameterCombination("The request must contain exactly one route target.");
  }
  const [param, kind] = given[0]!;
  const id = String(input[param]);
  if (param === "gatewayId" || param === "vpcEndpointId") return resolveGateway(ctx, table, id);
  if (param === "egressOnlyInternetGatewayId") return resolveEgressOnlyGateway(ctx, table, input, id);
  if (kind === "natGateway" || kind === "networkInterface" || kind === "instance") {
    return resolveComputeTarget(ctx, table, kind, id);
  }
  if (kind === "vpcPeeringConnection") {
    assertPeeringRouteTarget(ctx, table, id);
    return { kind, id };
  }
  const notFound = UNSTORED_TARGETS[kind];
  if (notFound) throw notFound(id);
  return { kind, id };
}

/** An egress-only gateway of the table's VPC, for IPv6 destinations only. */
function resolveEgressOnlyGateway(
  ctx: ReadContext,
  table: RouteTable,
  input: RouteInput,
  id: string,
): RouteTarget {
  const eigw = requireRecord(
    ctx.tx,
    ctx.scope,
    "egressOnlyInternetGateway",
    id,
    EgressOnlyInternetGatewayIdErrors,
  );
  if (!eigw.attachments.some((a) => a.vpcId === table.vpcId)) {
    throw new InvalidParameterValue(
      `route table ${table.id} and network gateway ${id} belong to different networks`,
    );
  }
  if (input.destinationIpv6CidrBlock === undefined) {
    throw new InvalidParameterValue(
      `The egress-only internet gateway ${id} can only be the target of a route to an IPv6 destination (destinationIpv6CidrBlock).`,
    );
  }
  return { kind: "egressOnlyInternetGateway", id };
}

/**
 * A NAT gateway, interface or instance of the table's VPC. An instance target resolves to its
 * primary interface, stored with the route; an instance with several interfaces must be named by
 * interface (AWS's `InvalidInstanceID`).
 */
function resolveComputeTarget(
  ctx: ReadContext,
  table: RouteTable,
  kind: "natGateway" | "networkInterface" | "instance",
  id: string,
): RouteTarget {
  const { tx, scope } = ctx;
  const differentNetworks = (noun: string) =>
    new InvalidParameterValue(`route table ${table.id} and ${noun} ${id} belong to different networks`);
  if (kind === "natGateway") {
    const nat = tx.get("natGateway", scope, id);
    if (!nat || nat.state === "deleted" || nat.state === "failed") throw new InvalidNatGatewayIDNotFound(id);
    if (nat.vpcId !== table.vpcId) throw differentNetworks("network gateway");
    return { kind, id };
  }
  if (kind === "networkInterface") {
    const eni = tx.get("networkInterface", scope, id);
    if (!eni) throw new NetworkInterfaceIdErrors.notFound([id]);
    if (eni.vpcId !== table.vpcId) throw differentNetworks("interface");
    return { kind, id };
  }
  const instance = tx.get("instance", scope, id);
  if (!instance || instance.state === "terminated") throw new InstanceIdErrors.notFound([id]);
  const interfaces = tx.listBy("networkInterface", scope, "instanceId", id);
  if (interfaces.length > 1) throw new InstanceHasMultipleInterfaces(id);
  const primary = interfaces[0];
  if (!primary) throw new InstanceIdErrors.notFound([id]);
  if (primary.vpcId !== table.vpcId) throw differentNetworks("instance");
  return { kind, id, networkInterfaceId: primary.id };
}

function resolveGateway(ctx: ReadContext, table: RouteTable, id: string): RouteTarget {
  if (id.startsWith("igw-")) {
    const igw = ctx.tx.get("internetGateway", ctx.scope, id);
    if (!igw) throw new InvalidGatewayIDNotFound(id);
    if (!igw.attachments.some((a) => a.vpcId === table.vpcId)) {
      throw new InvalidParameterValue(
        `route table ${table.id} and network gateway ${id} belong to different networks`,
      );
    }
    return { kind: "gateway", id };
  }
  if (id === "local") {
    throw new InvalidParameterValue(
      "The gateway ID 'local' can only be used to restore the target of a local route.",
    );
  }
  if (id.startsWith("vpce-")) {
    const endpoint = ctx.tx.get("vpcEndpoint", ctx.scope, id);
    if (!endpoint || endpoint.state === "deleted") throw new VpcEndpointIdErrors.notFound([id]);
    throw new RouteTargetNotGatewayLoadBalancerEndpoint(id, endpoint.endpointType);
  }
  if (id.startsWith("vgw-")) {
    const vgw = ctx.tx.get("vpnGateway", ctx.scope, id);
    if (!vgw || vgw.state === "deleted") throw new InvalidGatewayIDNotFound(id);
    const attachment = vgw.attachments[0];
    if (
      attachment?.vpcId !== table.vpcId ||
      attachment.state === "detaching" ||
      attachment.state === "detached"
    ) {
      throw new InvalidParameterValue(
        `route table ${table.id} and network gateway ${id} belong to different networks`,
      );
    }
    return { kind: "gateway", id };
  }
  throw new InvalidGatewayIDNotFound(id);
}

function findRoute(table: RouteTable, destination: RouteDestination): number {
  const value = destinationValue(destination);
  return table.routes.findIndex(
    (r) => r.destination.kind === destination.kind && destinationValue(r.destination) === value,
  );
}

/**
 * A route equal to or more specific than a VPC block may only send traffic to an interface, an
 * instance or a NAT gateway (VPC User Guide, "Routing for middlebox appliances").
 */
function assertNotShadowingLocal(table: RouteTable, parsed: ParsedDestination, target: RouteTarget): void {
  if (!parsed.cidr) return;
  const shadowsLocal = table.routes.some((r) => {
    // Local routes keep their origin when their target is replaced (middlebox routing).
    if (r.origin !== "CreateRouteTable" || r.destination.kind === "prefix-list") return false;
    const local =
      r.destination.kind === "ipv4" ? storedIpv4Cidr(r.destination.cidr) : storedIpv6Cidr(r.destination.cidr);
    return local.containsCidr(parsed.cidr!);
  });
  if (!shadowsLocal) return;
  if (target.kind === "networkInterface" || target.kind === "instance" || target.kind === "natGateway")
    return;
  throw new InvalidParameterValue(
    `The destination CIDR block ${parsed.cidr.toString()} is equal to or more specific than one of this VPC's CIDR blocks. This route can target only an interface or an instance.`,
  );
}

function staticRouteCount(table: RouteTable): number {
  return table.routes.filter((r) => r.origin === "CreateRoute").length;
}

export function createRoute(ctx: WriteContext, input: RouteInput): void {
  if (!input.routeTableId) throw new MissingParameter("routeTableId");
  const { tx, scope } = ctx;
  const table = requireRecord(tx, scope, "routeTable", input.routeTableId, RouteTableIdErrors);
  const parsed = parseDestination(ctx, input);
  const target = resolveTarget(ctx, table, input);
  if (findRoute(table, parsed.destination) !== -1) {
    throw new RouteAlreadyExists(destinationValue(parsed.destination));
  }
  assertNotShadowingLocal(table, parsed, target);
  if (staticRouteCount(table) >= ctx.config.quotas.routesPerRouteTable) {
    throw new RouteLimitExceeded(table.id, ctx.config.quotas.routesPerRouteTable);
  }
  const route: Route = { destination: parsed.destination, target, origin: "CreateRoute" };
  tx.put("routeTable", scope, { ...table, routes: [...table.routes, route] });
}

export function replaceRoute(ctx: WriteContext, input: RouteInput): void {
  if (!input.routeTableId) throw new MissingParameter("routeTableId");
  const { tx, scope } = ctx;
  const table = requireRecord(tx, scope, "routeTable", input.routeTableId, RouteTableIdErrors);
  const parsed = parseDestination(ctx, input);
  const index = findRoute(table, parsed.destination);
  if (index === -1) {
    throw new InvalidParameterValue(
      `There is no route defined for '${destinationValue(parsed.destination)}' in the route table. Use CreateRoute instead.`,
    );
  }
  const existing = table.routes[index]!;
  const isLocalRoute = existing.origin === "CreateRouteTable";
  let target: RouteTarget;
  if (input.localTarget) {
    if (!isLocalRoute) throw new InvalidParameterValue("localTarget can only be used with a local route.");
    target = { kind: "local", id: "local" };
  } else {
    target = resolveTarget(ctx, table, input);
    if (isLocalRoute) assertNotShadowingLocal(table, parsed, target);
  }
  const routes = [...table.routes];
  routes[index] = { ...existing, target, origin: isLocalRoute ? existing.origin : "CreateRoute" };
  tx.put("routeTable", scope, { ...table, routes });
}

export function deleteRoute(ctx: WriteContext, input: RouteInput): void {
  if (!input.routeTableId) throw new MissingParameter("routeTableId");
  const { tx, scope } = ctx;
  const table = requireRecord(tx, scope, "routeTable", input.routeTableId, RouteTableIdErrors);
  const parsed = parseDestination(ctx, input);
  const index = findRoute(table, parsed.destination);
  if (index === -1) {
    throw new InvalidRouteNotFound(table.id, parsed.label, destinationValue(parsed.destination));
  }
  const route = table.routes[index]!;
  if (route.origin === "CreateRouteTable") {
    throw new InvalidParameterValue(
      `cannot remove local route ${destinationValue(route.destination)} in route table ${table.id}`,
    );
  }
  if (route.origin === "EnableVgwRoutePropagation") {
    throw new InvalidParameterValue(
      `cannot remove propagated route ${destinationValue(route.destination)} in route table ${table.id}`,
    );
  }
  tx.put("routeTable", scope, { ...table, routes: table.routes.filter((_, i) => i !== index) });
}

/** Finds the table holding an association id. */
function findAssociation(
  tx: ReadTx<Resources>,
  scope: Scope,
  associationId: string,
): { table: RouteTable; association: RouteTableAssociation } {
  for (const table of tx.list("routeTable", scope)) {
    const association = table.associations.find((a) => a.id === associationId);
    if (association) return { table, association };
  }
  throw new InvalidAssociationIDNotFound(associationId);
}

/** The route table a subnet uses: its explicit association, else its VPC's main table. */
export function routeTableOfSubnet(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
  subnetId: string,
): RouteTable | undefined {
  const tables = tx.listBy("routeTable", scope, "vpcId", vpcId);
  return (
    tables.find((t) => t.associations.some((a) => a.subnetId === subnetId)) ??
    tables.find((t) => t.associations.some((a) => a.main))
  );
}

export interface AssociateRouteTableInput {
  readonly routeTableId?: string;
  readonly subnetId?: string;
  readonly gatewayId?: string;
}

export function associateRouteTable(
  ctx: WriteContext,
  input: AssociateRouteTableInput,
): { associationId: string; state: "associated" } {
  if (!input.routeTableId) throw new MissingParameter("routeTableId");
  if ((input.subnetId === undefined) === (input.gatewayId === undefined)) {
    throw new InvalidParameterCombination("The request must contain exactly one of subnetId or gatewayId.");
  }
  const { tx, scope } = ctx;
  const table = requireRecord(tx, scope, "routeTable", input.routeTableId, RouteTableIdErrors);
  const tables = tx.listBy("routeTable", scope, "vpcId", table.vpcId);
  let association: RouteTableAssociation;
  if (input.subnetId !== undefined) {
    const subnet = requireRecord(tx, scope, "subnet", input.subnetId, SubnetIdErrors);
    if (subnet.vpcId !== table.vpcId) {
      throw new InvalidParameterValue(
        `route table ${table.id} and subnet ${subnet.id} belong to different networks`,
      );
    }
    if (tables.some((t) => t.associations.some((a) => a.subnetId === subnet.id))) {
      throw new ResourceAlreadyAssociated(
        `the specified association for route table ${table.id} conflicts with an existing association`,
      );
    }
    association = { id: ctx.ids("rtbassoc"), main: false, subnetId: subnet.id };
  } else {
    const gatewayId = input.gatewayId!;
    const target = resolveGateway(ctx, table, gatewayId);
    if (tables.some((t) => t.associations.some((a) => a.gatewayId === target.id))) {
      throw new ResourceAlreadyAssociated(
        `the specified association for route table ${table.id} conflicts with an existing association`,
      );
    }
    association = { id: ctx.ids("rtbassoc"), main: false, gatewayId: target.id };
  }
  tx.put("routeTable", scope, { ...table, associations: [...table.associations, association] });
  return { associationId: association.id, state: "associated" };
}

export function disassociateRouteTable(ctx: WriteContext, input: { associationId?: string }): void {
  if (!input.associationId) throw new MissingParameter("associationId");
  const { table, association } = findAssociation(ctx.tx, ctx.scope, input.associationId);
  if (association.main) {
    throw new InvalidParameterValue(`cannot disassociate the main route table association ${association.id}`);
  }
  ctx.tx.put("routeTable", ctx.scope, {
    ...table,
    associations: table.associations.filter((a) => a.id !== association.id),
  });
}

export function replaceRouteTableAssociation(
  ctx: WriteContext,
  input: { associationId?: string; routeTableId?: string },
): { newAssociationId: string; state: "associated" } {
  if (!input.associationId) throw new MissingParameter("associationId");
  if (!input.routeTableId) throw new MissingParameter("routeTableId");
  const { tx, scope } = ctx;
  const { table: current, association } = findAssociation(tx, scope, input.associationId);
  const next = requireRecord(tx, scope, "routeTable", input.routeTableId, RouteTableIdErrors);
  if (next.vpcId !== current.vpcId) {
    throw new InvalidParameterValue(
      `route table ${next.id} and association ${association.id} belong to different networks`,
    );
  }
  const replacement: RouteTableAssociation = { ...association, id: ctx.ids("rtbassoc") };
  // Remove first: the new table may be the current one (a no-op move that still renews the id).
  const withoutOld = {
    ...current,
    associations: current.associations.filter((a) => a.id !== association.id),
  };
  tx.put("routeTable", scope, withoutOld);
  const target = next.id === current.id ? withoutOld : next;
  tx.put("routeTable", scope, { ...target, associations: [...target.associations, replacement] });
  return { newAssociationId: replacement.id, state: "associated" };
}
