/**
 * VPC endpoints: CreateVpcEndpoint, ModifyVpcEndpoint, DeleteVpcEndpoints, DescribeVpcEndpoints,
 * and the advancer of their states.
 *
 * A gateway endpoint (S3, DynamoDB) puts one route in each of its route tables: destination the
 * service's AWS-managed prefix list, target the endpoint (shown as `GatewayId: vpce-…`). The routes
 * are the endpoint's association with its tables: `RouteTableIds` is derived from them, and a table
 * holds one route per prefix list, so it cannot have two endpoints of the same service.
 *
 * An interface endpoint holds one requester-managed network interface (`vpc_endpoint`) per subnet,
 * one subnet per zone, with the endpoint's security groups. Its DNS names are the regional and zonal
 * `vpce-…` names, plus the service's own name when private DNS is on (which needs both VPC DNS
 * attributes, and one such endpoint per service per VPC).
 *
 * States (PrivateLink guide): gateway endpoints are `available` at once; interface endpoints go
 * pending → available; deletion goes deleting → deleted, when routes and interfaces go, and a deleted
 * endpoint stays visible for `deletedRetentionMs`. While an endpoint is deleting, its routes are
 * blackholes.
 */
import { createHash } from "node:crypto";
import type {
  DnsRecordIpType,
  EndpointIpAddressType,
  VpcEndpoint,
  VpcEndpointInterface,
} from "../model/endpoints.js";
import type { Resources } from "../model/kinds.js";
import type { RouteTable, Subnet, Vpc } from "../model/resources.js";
import type { ReadTx, Scope } from "../store/store.js";
import { DEFAULT_QUOTAS, type ReadContext, type WriteContext } from "./context.js";
import { type EndpointService, findEndpointServices } from "./endpoint-services.js";
import {
  AwsError,
  ConflictingPrivateDnsDomain,
  DuplicateSubnetsInSameZone,
  EndpointResourceDifferentNetwork,
  EndpointRouteAlreadyExists,
  EndpointSubnetNotFound,
  EndpointTypeMismatch,
  InterfaceEndpointNeedsSecurityGroup,
  InvalidParameterCombination,
  InvalidParameterValue,
  InvalidPolicyDocument,
  InvalidServiceName,
  MissingParameter,
  PrivateDnsNotSupported,
  PrivateDnsRequiresVpcDnsAttributes,
  RouteTableIdErrors,
  RouteTableIdsOnlyForGateway,
  SecurityGroupIdsOnlyForInterface,
  SecurityGroupsPerInterfaceLimitExceeded,
  SubnetIdErrors,
  SubnetIdsOnlyForInterface,
  UnsupportedEndpointIpAddressType,
  VpcEndpointIdErrors,
  VpcEndpointLimitExceeded,
  VpcEndpointNotModifiable,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId, requireRecord, selectByIds } from "./lookup.js";
import {
  addressesInUse,
  provisionNetworkInterface,
  removeNetworkInterface,
  securityGroupsForInterface,
} from "./network-interfaces.js";
import { type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { scheduleTransition } from "./transitions.js";

/** The account AWS shows as the requester of endpoint network interfaces (VPC User Guide). */
export const VPC_ENDPOINT_REQUESTER_ID = "727180483921";

/** AWS's default policies (full access), as DescribeVpcEndpoints prints them (AWS CLI examples). */
export const DEFAULT_GATEWAY_POLICY =
  '{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}';
export const DEFAULT_INTERFACE_POLICY =
  '{\n  "Statement": [\n    {\n      "Action": "*", \n      "Effect": "Allow", \n      "Principal": "*", \n      "Resource": "*"\n    }\n  ]\n}';

/** The hosted zone of `*.vpce.amazonaws.com` names in us-east-1 (AWS CLI examples). */
const KNOWN_VPCE_ZONES: Readonly<Record<string, string>> = { "us-east-1": "Z7HUB22UULQXV" };

const ENDPOINT_TYPES: readonly string[] = [
  "Interface",
  "Gateway",
  "GatewayLoadBalancer",
  "Resource",
  "ServiceNetwork",
];
const IP_ADDRESS_TYPES: readonly EndpointIpAddressType[] = ["ipv4", "dualstack", "ipv6"];
const DNS_RECORD_IP_TYPES: readonly DnsRecordIpType[] = ["ipv4", "dualstack", "ipv6", "service-defined"];

// ---- views ------------------------------------------------------------------------------------

export interface DnsEntry {
  readonly dnsName: string;
  readonly hostedZoneId: string;
}

/** An endpoint as DescribeVpcEndpoints shows it: the record plus what derives from other records. */
export interface VpcEndpointView extends VpcEndpoint {
  /** Gateway endpoints: the tables that route the service's prefix list to the endpoint. */
  readonly routeTableIds: readonly string[];
  readonly subnetIds: readonly string[];
  readonly networkInterfaceIds: readonly string[];
  readonly groups: readonly { readonly groupId: string; readonly groupName: string }[];
  readonly dnsEntries: readonly DnsEntry[];
  readonly requesterManaged: boolean;
  readonly serviceRegion: string;
}

function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The hosted zone of the region's `vpce.amazonaws.com` names: AWS's where known, else a stable one. */
function vpceHostedZoneId(region: string): string {
  return KNOWN_VPCE_ZONES[region] ?? `Z${hashText(`vpce:${region}`).slice(0, 12).toUpperCase()}`;
}

/** The private hosted zone AWS creates for an endpoint's private DNS name. */
function privateHostedZoneId(endpointId: string): string {
  return `Z0${hashText(`phz:${endpointId}`).slice(0, 18).toUpperCase()}`;
}

function serviceOf(region: string, endpoint: VpcEndpoint): EndpointService | undefined {
  return findEndpointServices(region, endpoint.serviceName).find(
    (s) => s.serviceType === endpoint.endpointType,
  );
}

/** The DNS entries of an interface endpoint: regional name, one zonal name per subnet, private name. */
function dnsEntriesOf(tx: ReadTx<Resources>, scope: Scope, endpoint: VpcEndpoint): DnsEntry[] {
  if (endpoint.endpointType !== "Interface" || endpoint.state === "deleted") return [];
  const service = serviceOf(scope.region, endpoint);
  if (!service) return [];
  const zone = vpceHostedZoneId(scope.region);
  const wildcard = service.wildcardDnsNames ? "*." : "";
  const host = `${endpoint.id}-${endpoint.dnsLabel}`;
  const suffix = `${service.dnsLabel}.${scope.region}.vpce.amazonaws.com`;
  const entries: DnsEntry[] = [{ dnsName: `${wildcard}${host}.${suffix}`, hostedZoneId: zone }];
  for (const i of endpoint.interfaces) {
    const subnet = tx.get("subnet", scope, i.subnetId);
    if (subnet)
      entries.push({
        dnsName: `${wildcard}${host}-${subnet.availabilityZone}.${suffix}`,
        hostedZoneId: zone,
      });
  }
  if (endpoint.privateDnsEnabled && service.privateDnsName) {
    entries.push({ dnsName: service.privateDnsName, hostedZoneId: privateHostedZoneId(endpoint.id) });
  }
  return entries;
}

/** Route tables of the VPC with a route whose target is the endpoint. */
export function routeTablesOfEndpoint(
  tx: ReadTx<Resources>,
  scope: Scope,
  endpoint: Pick<VpcEndpoint, "id" | "vpcId">,
): RouteTable[] {
  return tx
    .listBy("routeTable", scope, "vpcId", endpoint.vpcId)
    .filter((t) => t.routes.some((r) => r.target.kind === "gateway" && r.target.id === endpoint.id));
}

export function viewVpcEndpoint(tx: ReadTx<Resources>, scope: Scope, endpoint: VpcEndpoint): VpcEndpointView {
  return {
    ...endpoint,
    routeTableIds: routeTablesOfEndpoint(tx, scope, endpoint).map((t) => t.id),
    subnetIds: endpoint.interfaces.map((i) => i.subnetId),
    networkInterfaceIds: endpoint.interfaces.map((i) => i.networkInterfaceId),
    groups: endpoint.groupIds.map((groupId) => ({
      groupId,
      groupName: tx.get("securityGroup", scope, groupId)?.groupName ?? "",
    })),
    dnsEntries: dnsEntriesOf(tx, scope, endpoint),
    requesterManaged: false,
    serviceRegion: scope.region,
  };
}

/** Every filter of the DescribeVpcEndpoints API reference. */
export const VPC_ENDPOINT_FILTERS: FilterTable<VpcEndpointView> = {
  "ip-address-type": (e) => e.ipAddressType,
  "service-name": (e) => e.serviceName,
  "service-region": (e) => e.serviceRegion,
  "vpc-id": (e) => e.vpcId,
  "vpc-endpoint-id": (e) => e.id,
  "vpc-endpoint-state": (e) => e.state,
  "vpc-endpoint-type": (e) => e.endpointType,
};

// ---- rules --------------------------------------------------------------------------------------

function quota(ctx: ReadContext, name: "gatewayEndpointsPerRegion" | "interfaceEndpointsPerVpc"): number {
  return ctx.config.quotas[name] ?? DEFAULT_QUOTAS[name]!;
}

/** Endpoints that count: everything not deleted. */
const isLive = (e: VpcEndpoint): boolean => e.state !== "deleted";

/** The policy must be JSON; AWS reports where parsing stopped as (line,column), 1-based. */
export function assertPolicyDocument(text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message));
    const offset = at ? Number(at[1]) : text.length;
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const column = offset - before.lastIndexOf("\n");
    throw new InvalidPolicyDocument(line, column);
  }
}

function resolveService(
  ctx: ReadContext,
  serviceName: string | undefined,
  type: string | undefined,
): EndpointService {
  if (!serviceName) throw new MissingParameter("ServiceName");
  const endpointType = type ?? "Gateway";
  if (!ENDPOINT_TYPES.includes(endpointType)) {
    throw new InvalidParameterValue(
      `Value (${endpointType}) for parameter vpcEndpointType is invalid. Valid values: ${ENDPOINT_TYPES.join(", ")}.`,
    );
  }
  const services = findEndpointServices(ctx.scope.region, serviceName);
  if (services.length === 0) throw new InvalidServiceName(serviceName);
  const service = services.find((s) => s.serviceType === endpointType);
  if (!service)
    throw new EndpointTypeMismatch(
      endpointType,
      services.map((s) => s.serviceType),
    );
  return service;
}

/** A route table of the endpoint's VPC. */
function requireTableInVpc(ctx: ReadContext, id: string, vpcId: string): RouteTable {
  const table = requireRecord(ctx.tx, ctx.scope, "routeTable", id, RouteTableIdErrors);
  if (table.vpcId !== vpcId) throw new EndpointResourceDifferentNetwork(id, vpcId);
  return table;
}

function requireSubnetInVpc(ctx: ReadContext, id: string, vpcId: string): Subnet {
  const subnet = requireRecord(ctx.tx, ctx.scope, "subnet", id, SubnetIdErrors);
  if (subnet.vpcId !== vpcId) throw new EndpointResourceDifferentNetwork(id, vpcId);
  return subnet;
}

/** One subnet per zone, counting the subnets the endpoint keeps. */
function assertOneSubnetPerZone(subnets: readonly Subnet[]): void {
  const byZone = new Map<string, Subnet>();
  for (const subnet of subnets) {
    const other = byZone.get(subnet.availabilityZone);
    if (other && other.id !== subnet.id) throw new DuplicateSubnetsInSameZone(other.id);
    byZone.set(subnet.availabilityZone, subnet);
  }
}

/** Private DNS: the service must have a name, the VPC both DNS attributes, and no other endpoint the name. */
function assertPrivateDnsAllowed(
  ctx: ReadContext,
  vpc: Vpc,
  service: EndpointService,
  selfId?: string,
): void {
  if (!service.privateDnsName) throw new PrivateDnsNotSupported(service.serviceName);
  if (!vpc.enableDnsSupport || !vpc.enableDnsHostnames) throw new PrivateDnsRequiresVpcDnsAttributes(vpc.id);
  const conflict = ctx.tx
    .listBy("vpcEndpoint", ctx.scope, "vpcId", vpc.id)
    .some(
      (e) =>
        e.id !== selfId &&
        isLive(e) &&
        e.privateDnsEnabled &&
        e.serviceName === service.serviceName &&
        e.endpointType === service.serviceType,
    );
  if (conflict) throw new ConflictingPrivateDnsDomain(service.privateDnsName, vpc.id);
}

function parseIpAddressType(service: EndpointService, value: string | undefined): EndpointIpAddressType {
  const type = (value ?? "ipv4") as EndpointIpAddressType;
  if (!IP_ADDRESS_TYPES.includes(type)) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ipAddressType is invalid. Valid values: ${IP_ADDRESS_TYPES.join(", ")}.`,
    );
  }
  const supported = type === "dualstack" ? ["ipv4", "ipv6"] : [type];
  if (!supported.every((t) => service.supportedIpAddressTypes.includes(t))) {
    throw new UnsupportedEndpointIpAddressType(service.serviceName, type);
  }
  return type;
}

function parseDnsRecordIpType(
  value: string | undefined,
  ipAddressType: EndpointIpAddressType,
): DnsRecordIpType {
  const type = (value ?? ipAddressType) as DnsRecordIpType;
  if (!DNS_RECORD_IP_TYPES.includes(type)) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter dnsRecordIpType is invalid. Valid values: ${DNS_RECORD_IP_TYPES.join(", ")}.`,
    );
  }
  return type;
}

/** Security groups of an interface endpoint: at most the per-interface quota, all of the VPC. */
function endpointGroups(ctx: ReadContext, vpcId: string, groupIds: readonly string[] | undefined): string[] {
  const groups = securityGroupsForInterface(ctx, vpcId, groupIds);
  if (groups.length === 0) throw new InterfaceEndpointNeedsSecurityGroup();
  return groups;
}

/** The route a gateway endpoint puts in each of its tables. */
function addEndpointRoute(
  ctx: WriteContext,
  table: RouteTable,
  endpointId: string,
  prefixListId: string,
): void {
  const existing = table.routes.find(
    (r) => r.destination.kind === "prefix-list" && r.destination.prefixListId === prefixListId,
  );
  if (existing) {
    if (existing.target.id === endpointId) return;
    throw new EndpointRouteAlreadyExists(table.id, prefixListId);
  }
  ctx.tx.put("routeTable", ctx.scope, {
    ...table,
    routes: [
      ...table.routes,
      {
        destination: { kind: "prefix-list", prefixListId },
        target: { kind: "gateway", id: endpointId },
        origin: "CreateRoute",
      },
    ],
  });
}

function removeEndpointRoutes(ctx: WriteContext, table: RouteTable, endpointId: string): void {
  const routes = table.routes.filter((r) => !(r.target.kind === "gateway" && r.target.id === endpointId));
  if (routes.length !== table.routes.length) ctx.tx.put("routeTable", ctx.scope, { ...table, routes });
}

interface SubnetPlacement {
  readonly subnet: Subnet;
  readonly privateIpAddress?: string;
}

function provisionEndpointInterfaces(
  ctx: WriteContext,
  endpointId: string,
  placements: readonly SubnetPlacement[],
  groupIds: readonly string[],
): VpcEndpointInterface[] {
  return placements.map(({ subnet, privateIpAddress }) => {
    const eni = provisionNetworkInterface(ctx, {
      subnet,
      description: `VPC Endpoint Interface ${endpointId}`,
      interfaceType: "vpc_endpoint",
      groupIds,
      requesterManaged: true,
      requesterId: VPC_ENDPOINT_REQUESTER_ID,
      taken: addressesInUse(ctx.tx, ctx.scope, subnet.id),
      ...(privateIpAddress !== undefined ? { privateIpAddress } : {}),
    });
    // AWS shows endpoint interfaces `in-use` without an instance attachment.
    ctx.tx.put("networkInterface", ctx.scope, { ...eni, status: "in-use" });
    return { subnetId: subnet.id, networkInterfaceId: eni.id };
  });
}

function removeEndpointInterfaces(ctx: WriteContext, interfaces: readonly VpcEndpointInterface[]): void {
  for (const i of interfaces) {
    const eni = ctx.tx.get("networkInterface", ctx.scope, i.networkInterfaceId);
    if (eni) removeNetworkInterface(ctx, eni);
  }
}

export interface SubnetConfigurationInput {
  readonly subnetId?: string;
  readonly ipv4?: string;
  readonly ipv6?: string;
}

/** The subnets named by `SubnetIds` and `SubnetConfigurations`, with the explicit addresses of the latter. */
function placementsOf(
  ctx: ReadContext,
  vpcId: string,
  subnetIds: readonly string[] | undefined,
  configurations: readonly SubnetConfigurationInput[] | undefined,
): SubnetPlacement[] {
  const placements = new Map<string, SubnetPlacement>();
  for (const id of subnetIds ?? []) {
    if (!placements.has(id)) placements.set(id, { subnet: requireSubnetInVpc(ctx, id, vpcId) });
  }
  for (const c of configurations ?? []) {
    if (!c.subnetId) throw new MissingParameter("SubnetConfigurations.SubnetId");
    if (c.ipv6 !== undefined)
      throw new InvalidParameterValue("IPv6 addresses require an ipv6 or dualstack endpoint.");
    placements.set(c.subnetId, {
      subnet: requireSubnetInVpc(ctx, c.subnetId, vpcId),
      ...(c.ipv4 !== undefined ? { privateIpAddress: c.ipv4 } : {}),
    });
  }
  return [...placements.values()];
}

// ---- CreateVpcEndpoint ------------------------------------------------------------------------

export interface CreateVpcEndpointInput {
  readonly vpcId?: string;
  readonly serviceName?: string;
  readonly vpcEndpointType?: string;
  readonly policyDocument?: string;
  readonly routeTableIds?: readonly string[];
  readonly subnetIds?: readonly string[];
  readonly securityGroupIds?: readonly string[];
  readonly ipAddressType?: string;
  readonly dnsRecordIpType?: string;
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  readonly privateDnsEnabled?: boolean;
  readonly subnetConfigurations?: readonly SubnetConfigurationInput[];
  readonly clientToken?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

export function createVpcEndpoint(
  ctx: WriteContext,
  input: CreateVpcEndpointInput,
): { vpcEndpoint: VpcEndpointView } {
  const { tx, scope } = ctx;
  if (!input.vpcId) throw new MissingParameter("VpcId");
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const service = resolveService(ctx, input.serviceName, input.vpcEndpointType);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "vpc-endpoint",
    ctx.config.quotas.tagsPerResource,
  );
  if (input.policyDocument !== undefined) assertPolicyDocument(input.policyDocument);
  const id = ctx.ids("vpce");
  const now = ctx.clock.now();
  const base = {
    id,
    ownerId: scope.account,
    tags,
    vpcId: vpc.id,
    serviceName: service.serviceName,
    creationTimestamp: now,
    dnsLabel: hashText(`${id}:dns`)
      .slice(0, 8)
      .replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]!),
    ...(input.clientToken ? { clientToken: input.clientToken } : {}),
  };
  const endpoint =
    service.serviceType === "Gateway"
      ? createGatewayEndpoint(ctx, vpc, service, input, base)
      : createInterfaceEndpoint(ctx, vpc, service, input, base);
  return { vpcEndpoint: viewVpcEndpoint(tx, scope, endpoint) };
}

type EndpointBase = Pick<
  VpcEndpoint,
  "id" | "ownerId" | "tags" | "vpcId" | "serviceName" | "creationTimestamp" | "dnsLabel" | "clientToken"
>;

function createGatewayEndpoint(
  ctx: WriteContext,
  vpc: Vpc,
  service: EndpointService,
  input: CreateVpcEndpointInput,
  base: EndpointBase,
): VpcEndpoint {
  const { tx, scope } = ctx;
  if (input.subnetIds?.length || input.subnetConfigurations?.length) throw new SubnetIdsOnlyForInterface();
  if (input.securityGroupIds?.length) throw new SecurityGroupIdsOnlyForInterface();
  const ipAddressType = parseIpAddressType(service, input.ipAddressType);
  const tables = [...new Set(input.routeTableIds ?? [])].map((t) => requireTableInVpc(ctx, t, vpc.id));
  const live = tx.list("vpcEndpoint", scope).filter((e) => isLive(e) && e.endpointType === "Gateway");
  if (live.length >= quota(ctx, "gatewayEndpointsPerRegion")) {
    throw new VpcEndpointLimitExceeded("gateway", quota(ctx, "gatewayEndpointsPerRegion"));
  }
  const endpoint: VpcEndpoint = {
    ...base,
    endpointType: "Gateway",
    state: "available",
    policyDocument: input.policyDocument ?? DEFAULT_GATEWAY_POLICY,
    privateDnsEnabled: false,
    interfaces: [],
    groupIds: [],
    ipAddressType,
  };
  tx.put("vpcEndpoint", scope, endpoint);
  for (const table of tables)
    addEndpointRoute(ctx, tx.get("routeTable", scope, table.id)!, endpoint.id, service.prefixListId!);
  return endpoint;
}

function createInterfaceEndpoint(
  ctx: WriteContext,
  vpc: Vpc,
  service: EndpointService,
  input: CreateVpcEndpointInput,
  base: EndpointBase,
): VpcEndpoint {
  const { tx, scope } = ctx;
  if (input.routeTableIds?.length) throw new RouteTableIdsOnlyForGateway();
  const ipAddressType = parseIpAddressType(service, input.ipAddressType);
  const dnsRecordIpType = parseDnsRecordIpType(input.dnsRecordIpType, ipAddressType);
  const placements = placementsOf(ctx, vpc.id, input.subnetIds, input.subnetConfigurations);
  assertOneSubnetPerZone(placements.map((p) => p.subnet));
  const groupIds = endpointGroups(ctx, vpc.id, input.securityGroupIds);
  // API reference: private DNS defaults to true, for services that have a private DNS name.
  const privateDnsEnabled = input.privateDnsEnabled ?? service.privateDnsName !== undefined;
  if (privateDnsEnabled) assertPrivateDnsAllowed(ctx, vpc, service);
  const live = tx
    .listBy("vpcEndpoint", scope, "vpcId", vpc.id)
    .filter((e) => isLive(e) && e.endpointType === "Interface");
  if (live.length >= quota(ctx, "interfaceEndpointsPerVpc")) {
    throw new VpcEndpointLimitExceeded("interface", quota(ctx, "interfaceEndpointsPerVpc"));
  }
  const dueAt = new Date(base.creationTimestamp.getTime() + (ctx.config.delays.vpcEndpointPendingMs ?? 0));
  const endpoint: VpcEndpoint = {
    ...base,
    endpointType: "Interface",
    state: "pending",
    stateDueAt: dueAt,
    ...(service.vpcEndpointPolicySupported
      ? { policyDocument: input.policyDocument ?? DEFAULT_INTERFACE_POLICY }
      : {}),
    privateDnsEnabled,
    interfaces: provisionEndpointInterfaces(ctx, base.id, placements, groupIds),
    groupIds,
    ipAddressType,
    dnsRecordIpType,
    ...(input.privateDnsOnlyForInboundResolverEndpoint !== undefined
      ? { privateDnsOnlyForInboundResolverEndpoint: input.privateDnsOnlyForInboundResolverEndpoint }
      : {}),
  };
  tx.put("vpcEndpoint", scope, endpoint);
  scheduleTransition(ctx, "vpcEndpoint", endpoint.id, dueAt);
  return endpoint;
}

// ---- ModifyVpcEndpoint ------------------------------------------------------------------------

export interface ModifyVpcEndpointInput {
  readonly vpcEndpointId?: string;
  readonly resetPolicy?: boolean;
  readonly policyDocument?: string;
  readonly addRouteTableIds?: readonly string[];
  readonly removeRouteTableIds?: readonly string[];
  readonly addSubnetIds?: readonly string[];
  readonly removeSubnetIds?: readonly string[];
  readonly addSecurityGroupIds?: readonly string[];
  readonly removeSecurityGroupIds?: readonly string[];
  readonly ipAddressType?: string;
  readonly dnsRecordIpType?: string;
  readonly privateDnsOnlyForInboundResolverEndpoint?: boolean;
  readonly privateDnsEnabled?: boolean;
  readonly subnetConfigurations?: readonly SubnetConfigurationInput[];
}

function requireEndpoint(ctx: ReadContext, id: string | undefined): VpcEndpoint {
  if (!id) throw new MissingParameter("VpcEndpointId");
  const endpoint = requireRecord(ctx.tx, ctx.scope, "vpcEndpoint", id, VpcEndpointIdErrors);
  if (endpoint.state === "deleted") throw new VpcEndpointIdErrors.notFound([id]);
  return endpoint;
}

export function modifyVpcEndpoint(ctx: WriteContext, input: ModifyVpcEndpointInput): void {
  const { tx, scope } = ctx;
  const endpoint = requireEndpoint(ctx, input.vpcEndpointId);
  if (endpoint.state !== "available" && endpoint.state !== "pending") {
    throw new VpcEndpointNotModifiable(endpoint.id, endpoint.state);
  }
  const vpc = requireRecord(tx, scope, "vpc", endpoint.vpcId, VpcIdErrors);
  const service = serviceOf(scope.region, endpoint);
  if (!service) throw new InvalidServiceName(endpoint.serviceName);
  if (input.resetPolicy && input.policyDocument !== undefined) {
    throw new InvalidParameterCombination(
      "The parameters resetPolicy and policyDocument cannot be used together.",
    );
  }
  if (input.policyDocument !== undefined) assertPolicyDocument(input.policyDocument);
  const defaultPolicy =
    endpoint.endpointType === "Gateway" ? DEFAULT_GATEWAY_POLICY : DEFAULT_INTERFACE_POLICY;
  const policyDocument = input.resetPolicy
    ? defaultPolicy
    : (input.policyDocument ?? endpoint.policyDocument);
  const ipAddressType =
    input.ipAddressType !== undefined
      ? parseIpAddressType(service, input.ipAddressType)
      : endpoint.ipAddressType;
  const common = {
    ...endpoint,
    ...(policyDocument !== undefined ? { policyDocument } : {}),
    ipAddressType,
  };
  if (endpoint.endpointType === "Gateway") {
    modifyGatewayEndpoint(ctx, common, service, input);
  } else {
    modifyInterfaceEndpoint(ctx, common, vpc, service, input);
  }
}

function modifyGatewayEndpoint(
  ctx: WriteContext,
  endpoint: VpcEndpoint,
  service: EndpointService,
  input: ModifyVpcEndpointInput,
): void {
  const { tx, scope } = ctx;
  if (input.addSubnetIds?.length || input.removeSubnetIds?.length || input.subnetConfigurations?.length) {
    throw new SubnetIdsOnlyForInterface();
  }
  if (input.addSecurityGroupIds?.length || input.removeSecurityGroupIds?.length) {
    throw new SecurityGroupIdsOnlyForInterface();
  }
  const removes = [...new Set(input.removeRouteTableIds ?? [])].map((t) =>
    requireTableInVpc(ctx, t, endpoint.vpcId),
  );
  const adds = [...new Set(input.addRouteTableIds ?? [])].map((t) =>
    requireTableInVpc(ctx, t, endpoint.vpcId),
  );
  tx.put("vpcEndpoint", scope, endpoint);
  for (const table of removes) removeEndpointRoutes(ctx, tx.get("routeTable", scope, table.id)!, endpoint.id);
  for (const table of adds) {
    addEndpointRoute(ctx, tx.get("routeTable", scope, table.id)!, endpoint.id, service.prefixListId!);
  }
}

function modifyInterfaceEndpoint(
  ctx: WriteContext,
  endpoint: VpcEndpoint,
  vpc: Vpc,
  service: EndpointService,
  input: ModifyVpcEndpointInput,
): void {
  const { tx, scope } = ctx;
  if (input.addRouteTableIds?.length || input.removeRouteTableIds?.length)
    throw new RouteTableIdsOnlyForGateway();
  // Subnets: removals first, so a subnet can be swapped for another of the same zone in one call.
  const removed = new Set(input.removeSubnetIds ?? []);
  for (const id of removed) {
    assertWellFormedId(id, SubnetIdErrors);
    if (!endpoint.interfaces.some((i) => i.subnetId === id))
      throw new EndpointSubnetNotFound(id, endpoint.id);
  }
  const kept = endpoint.interfaces.filter((i) => !removed.has(i.subnetId));
  const placements = placementsOf(ctx, vpc.id, input.addSubnetIds, input.subnetConfigurations).filter(
    (p) => !kept.some((i) => i.subnetId === p.subnet.id && p.privateIpAddress === undefined),
  );
  const replaced = new Set(placements.map((p) => p.subnet.id));
  const staying = kept.filter((i) => !replaced.has(i.subnetId));
  const keptSubnets = staying.map((i) => tx.get("subnet", scope, i.subnetId)).filter((s) => s !== undefined);
  assertOneSubnetPerZone([...keptSubnets, ...placements.map((p) => p.subnet)]);
  // Security groups.
  const removeGroups = new Set(input.removeSecurityGroupIds ?? []);
  let groupIds = endpoint.groupIds.filter((g) => !removeGroups.has(g));
  if (input.addSecurityGroupIds?.length) {
    groupIds = [
      ...new Set([...groupIds, ...securityGroupsForInterface(ctx, vpc.id, input.addSecurityGroupIds)]),
    ];
  }
  if (groupIds.length === 0) throw new InterfaceEndpointNeedsSecurityGroup();
  if (groupIds.length > ctx.config.quotas.securityGroupsPerNetworkInterface) {
    throw new SecurityGroupsPerInterfaceLimitExceeded();
  }
  // Private DNS and DNS options.
  const privateDnsEnabled = input.privateDnsEnabled ?? endpoint.privateDnsEnabled;
  if (privateDnsEnabled && !endpoint.privateDnsEnabled)
    assertPrivateDnsAllowed(ctx, vpc, service, endpoint.id);
  const dnsRecordIpType =
    input.dnsRecordIpType !== undefined
      ? parseDnsRecordIpType(input.dnsRecordIpType, endpoint.ipAddressType)
      : endpoint.dnsRecordIpType;
  removeEndpointInterfaces(
    ctx,
    endpoint.interfaces.filter((i) => !staying.includes(i)),
  );
  for (const i of staying) {
    const eni = tx.get("networkInterface", scope, i.networkInterfaceId);
    if (eni) tx.put("networkInterface", scope, { ...eni, groupIds });
  }
  const interfaces = [...staying, ...provisionEndpointInterfaces(ctx, endpoint.id, placements, groupIds)];
  tx.put("vpcEndpoint", scope, {
    ...endpoint,
    interfaces,
    groupIds,
    privateDnsEnabled,
    ...(dnsRecordIpType !== undefined ? { dnsRecordIpType } : {}),
    ...(input.privateDnsOnlyForInboundResolverEndpoint !== undefined
      ? { privateDnsOnlyForInboundResolverEndpoint: input.privateDnsOnlyForInboundResolverEndpoint }
      : {}),
  });
}

// ---- DeleteVpcEndpoints -----------------------------------------------------------------------

export interface UnsuccessfulItem {
  readonly resourceId: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Starts the deletion of each endpoint; an endpoint that cannot be deleted (malformed, unknown,
 * already deleted) is reported in `unsuccessful` instead of failing the call (API reference).
 */
export function deleteVpcEndpoints(
  ctx: WriteContext,
  input: { vpcEndpointIds?: readonly string[] },
): { unsuccessful: readonly UnsuccessfulItem[] } {
  const { tx, scope } = ctx;
  if (!input.vpcEndpointIds || input.vpcEndpointIds.length === 0) throw new MissingParameter("VpcEndpointId");
  const unsuccessful: UnsuccessfulItem[] = [];
  const dueAt = new Date(ctx.clock.now().getTime() + (ctx.config.delays.vpcEndpointDeletingMs ?? 0));
  for (const id of new Set(input.vpcEndpointIds)) {
    try {
      const endpoint = requireEndpoint(ctx, id);
      if (endpoint.state === "deleting") continue;
      tx.put("vpcEndpoint", scope, { ...endpoint, state: "deleting", stateDueAt: dueAt });
      scheduleTransition(ctx, "vpcEndpoint", id, dueAt);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      unsuccessful.push({ resourceId: id, code: error.code, message: error.message });
    }
  }
  return { unsuccessful };
}

// ---- DescribeVpcEndpoints ---------------------------------------------------------------------

export interface DescribeVpcEndpointsInput extends PageRequest {
  readonly vpcEndpointIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

/** MaxResults above 1,000 returns 1,000 (API reference). */
const ENDPOINT_PAGE_LIMITS = { min: 1, max: 1000 };

export function describeVpcEndpoints(
  ctx: ReadContext,
  input: DescribeVpcEndpointsInput,
): { vpcEndpoints: readonly VpcEndpointView[]; nextToken?: string } {
  const { tx, scope } = ctx;
  const matches = compileFilters(VPC_ENDPOINT_FILTERS, input.filters);
  const endpoints = selectByIds(tx, scope, "vpcEndpoint", input.vpcEndpointIds, VpcEndpointIdErrors)
    .map((e) => viewVpcEndpoint(tx, scope, e))
    .filter(matches);
  const maxResults = input.maxResults !== undefined ? Math.min(input.maxResults, 1000) : undefined;
  const page = paginate(
    endpoints,
    {
      ...(maxResults !== undefined ? { maxResults } : {}),
      ...(input.nextToken !== undefined ? { nextToken: input.nextToken } : {}),
    },
    ["DescribeVpcEndpoints", input.vpcEndpointIds ?? [], input.filters ?? []],
    ENDPOINT_PAGE_LIMITS,
  );
  return { vpcEndpoints: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- state machine ----------------------------------------------------------------------------

/**
 * pending → available; deleting → deleted (the endpoint's routes and interfaces go); a deleted
 * endpoint disappears after `deletedRetentionMs`. Entries scheduled for an earlier state find the
 * endpoint not yet due and are ignored.
 */
export function advanceVpcEndpoint(ctx: WriteContext, id: string): void {
  const { tx, scope } = ctx;
  const endpoint = tx.get("vpcEndpoint", scope, id);
  if (
    !endpoint ||
    endpoint.stateDueAt === undefined ||
    endpoint.stateDueAt.getTime() > ctx.clock.now().getTime()
  ) {
    return;
  }
  const { stateDueAt: _due, ...rest } = endpoint;
  switch (endpoint.state) {
    case "pending":
      tx.put("vpcEndpoint", scope, { ...rest, state: "available" });
      return;
    case "deleting": {
      for (const table of routeTablesOfEndpoint(tx, scope, endpoint))
        removeEndpointRoutes(ctx, table, endpoint.id);
      removeEndpointInterfaces(ctx, endpoint.interfaces);
      const dueAt = new Date(ctx.clock.now().getTime() + ctx.config.delays.deletedRetentionMs);
      tx.put("vpcEndpoint", scope, { ...rest, state: "deleted", interfaces: [], stateDueAt: dueAt });
      scheduleTransition(ctx, "vpcEndpoint", id, dueAt);
      return;
    }
    case "deleted":
      tx.delete("vpcEndpoint", scope, id);
      return;
    default:
      tx.put("vpcEndpoint", scope, rest);
  }
}

/** Whether a route to this gateway endpoint forwards (the route-table family derives `blackhole` from it). */
export function isEndpointRouteActive(tx: ReadTx<Resources>, scope: Scope, endpointId: string): boolean {
  const endpoint = tx.get("vpcEndpoint", scope, endpointId);
  return endpoint?.state === "available" || endpoint?.state === "pending";
}
