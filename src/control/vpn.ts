/**
 * Site-to-Site VPN: CreateVpnGateway, AttachVpnGateway, DetachVpnGateway, DeleteVpnGateway,
 * DescribeVpnGateways, CreateCustomerGateway, DeleteCustomerGateway, DescribeCustomerGateways,
 * CreateVpnConnection, CreateVpnConnectionRoute, DeleteVpnConnectionRoute, DeleteVpnConnection,
 * DescribeVpnConnections, EnableVgwRoutePropagation, DisableVgwRoutePropagation, and the advancers
 * that move gateways, attachments, connections and static routes through AWS's states.
 *
 * A VPN connection has two tunnels, each with an outside address from the region's public pool
 * (AWS's endpoint) and an inside /30 from 169.254.0.0/16. The customer's device is simulated: it
 * brings both tunnels up once the connection is available, unless the `vpcsim:tunnels-down` tag
 * says otherwise, and advertises over BGP what `vpcsim:advertised-prefixes` lists (src/model/vpn.ts).
 * Tunnel telemetry and propagated routes are derived from those records when described, never
 * stored.
 */
import { directConnectScope } from "../model/direct-connect.js";
import type { Resources } from "../model/kinds.js";
import { findZone } from "../model/regions.js";
import type { RouteTable } from "../model/resources.js";
import { vpnBgpPrefixes, vpnBgpUp } from "../model/vgw-routing.js";
import {
  type CustomerGateway,
  isTunnelDown,
  VPN_TYPE,
  type VpnConnection,
  type VpnGateway,
  type VpnGatewayAttachment,
  type VpnStaticRoute,
  type VpnTunnel,
} from "../model/vpn.js";
import { type Ipv4Cidr, ipv4Cidr, parseIpv4Address, parseIpv4Cidr } from "../net/index.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { Env, ReadContext, WriteContext } from "./context.js";
import {
  AsnConflict,
  CustomerGatewayIdErrors,
  CustomerGatewayInUse,
  CustomerGatewayLimitExceeded,
  GatewayNotAttached,
  InvalidCidrInUse,
  InvalidCustomerGatewayDuplicateIpAddress,
  InvalidCustomerGatewayState,
  InvalidParameterCombination,
  InvalidParameterValue,
  InvalidTransitGatewayIDNotFound,
  InvalidVpnConnectionInvalidState,
  InvalidVpnConnectionInvalidType,
  InvalidVpnGatewayAttachmentNotFound,
  MissingParameter,
  RouteAlreadyExists,
  RouteTableIdErrors,
  VpcHasVpnGateway,
  VpcIdErrors,
  VpnConnectionIdErrors,
  VpnConnectionLimitExceeded,
  VpnConnectionRouteLimitExceeded,
  VpnConnectionRouteNotFound,
  VpnGatewayAttachmentLimitExceeded,
  VpnGatewayIdErrors,
  VpnGatewayInUse,
  VpnGatewayLimitExceeded,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { assertWellFormedId, requireRecord, selectByIds } from "./lookup.js";
import { allocatePublicIp } from "./network-interfaces.js";
import { parseIpv4CidrParam } from "./rules.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";
import { scheduleTransition } from "./transitions.js";

/** Amazon's default ASN for a virtual private gateway (CreateVpnGateway reference). */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;
/** The ASN of a customer gateway created without one (CreateCustomerGateway reference). */
export const DEFAULT_CUSTOMER_GATEWAY_ASN = 65000;
/** Static routes per VPN connection (Site-to-Site VPN quotas). */
export const MAX_STATIC_ROUTES_PER_CONNECTION = 100;

const MAX_BGP_ASN = 2_147_483_647;
const MAX_BGP_ASN_EXTENDED = 4_294_967_295;

function after(ctx: Env, ms: number | undefined): Date {
  return new Date(ctx.clock.now().getTime() + (ms ?? 0));
}

function isDue(due: Date | undefined, ctx: Env): boolean {
  return due !== undefined && due.getTime() <= ctx.clock.now().getTime();
}

function assertVpnType(type: string | undefined): void {
  if (type === undefined || type === "") throw new MissingParameter("Type");
  if (type !== VPN_TYPE) {
    throw new InvalidParameterValue(
      `Value (${type}) for parameter type is invalid. Valid values: ${VPN_TYPE}.`,
    );
  }
}

/** Private ASNs only (CreateVpnGateway reference: 64512–65534 or 4200000000–4294967294). */
export function assertAmazonSideAsn(asn: number): void {
  const valid =
    Number.isInteger(asn) &&
    ((asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000 && asn <= 4_294_967_294));
  if (!valid) {
    throw new InvalidParameterValue(
      `Value (${asn}) for parameter amazonSideAsn is invalid. A 16-bit ASN must be in the 64512 to 65534 range and a 32-bit ASN in the 4200000000 to 4294967294 range.`,
    );
  }
}

// ---- virtual private gateways ----------------------------------------------------------------

/** Every filter of the DescribeVpnGateways API reference. */
export const VPN_GATEWAY_FILTERS: FilterTable<VpnGateway> = {
  "amazon-side-asn": (g) => g.amazonSideAsn,
  "attachment.state": (g) => g.attachments.map((a) => a.state),
  "attachment.vpc-id": (g) => g.attachments.map((a) => a.vpcId),
  "availability-zone": (g) => g.availabilityZone,
  state: (g) => g.state,
  type: (g) => g.type,
  "vpn-gateway-id": (g) => g.id,
};

/** A gateway that is not deleted (a deleted one is still described, but cannot be used). */
function requireVpnGateway(ctx: ReadContext, id: string | undefined, wireName: string): VpnGateway {
  if (!id) throw new MissingParameter(wireName);
  const vgw = requireRecord(ctx.tx, ctx.scope, "vpnGateway", id, VpnGatewayIdErrors);
  if (vgw.state === "deleted") throw new VpnGatewayIdErrors.notFound([id]);
  return vgw;
}

export interface CreateVpnGatewayInput {
  readonly type?: string;
  readonly availabilityZone?: string;
  readonly amazonSideAsn?: number;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

export function createVpnGateway(
  ctx: WriteContext,
  input: CreateVpnGatewayInput,
): { vpnGateway: VpnGateway } {
  const { tx, scope } = ctx;
  assertVpnType(input.type);
  if (input.availabilityZone !== undefined && !findZone(scope.region, input.availabilityZone)) {
    throw new InvalidParameterValue(
      `Value (${input.availabilityZone}) for parameter availabilityZone is invalid. The Availability Zone is not in region ${scope.region}.`,
    );
  }
  const amazonSideAsn = input.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;
  assertAmazonSideAsn(amazonSideAsn);
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "vpn-gateway",
    ctx.config.quotas.tagsPerResource,
  );
  const limit = ctx.config.quotas.vpnGatewaysPerRegion ?? 5;
  if (tx.list("vpnGateway", scope).filter((g) => g.state !== "deleted").length >= limit) {
    throw new VpnGatewayLimitExceeded();
  }
  const vpnGateway: VpnGateway = {
    id: ctx.ids("vgw"),
    ownerId: scope.account,
    tags,
    type: VPN_TYPE,
    state: "available",
    ...(input.availabilityZone !== undefined
      ? { availabilityZone: findZone(scope.region, input.availabilityZone)!.zoneName }
      : {}),
    amazonSideAsn,
    attachments: [],
  };
  tx.put("vpnGateway", scope, vpnGateway);
  return { vpnGateway };
}

export interface VpnGatewayAttachmentInput {
  readonly vpnGatewayId?: string;
  readonly vpcId?: string;
}

export function attachVpnGateway(
  ctx: WriteContext,
  input: VpnGatewayAttachmentInput,
): { attachment: VpnGatewayAttachment } {
  const { tx, scope } = ctx;
  const vgw = requireVpnGateway(ctx, input.vpnGatewayId, "VpnGatewayId");
  if (!input.vpcId) throw new MissingParameter("VpcId");
  const vpc = requireRecord(tx, scope, "vpc", input.vpcId, VpcIdErrors);
  const current = vgw.attachments[0];
  if (current && current.state !== "detached") {
    if (current.vpcId === vpc.id && current.state !== "detaching") return { attachment: current };
    // A gateway attaches to one VPC at a time.
    throw new VpnGatewayAttachmentLimitExceeded();
  }
  if (tx.listBy("vpnGateway", scope, "vpcId", vpc.id).some((g) => g.id !== vgw.id)) {
    throw new VpcHasVpnGateway(vpc.id);
  }
  const dueAt = after(ctx, ctx.config.delays.vpnGatewayAttachmentMs);
  const attachment: VpnGatewayAttachment = { vpcId: vpc.id, state: "attaching", dueAt };
  tx.put("vpnGateway", scope, { ...vgw, attachments: [attachment], vpcId: vpc.id });
  scheduleTransition(ctx, "vpnGateway", vgw.id, dueAt);
  return { attachment };
}

export function detachVpnGateway(ctx: WriteContext, input: VpnGatewayAttachmentInput): void {
  const vgw = requireVpnGateway(ctx, input.vpnGatewayId, "VpnGatewayId");
  if (!input.vpcId) throw new MissingParameter("VpcId");
  // An unknown VPC is reported as a missing attachment (error code table).
  assertWellFormedId(input.vpcId, VpcIdErrors);
  const current = vgw.attachments[0];
  if (!current || current.vpcId !== input.vpcId || current.state === "detached") {
    throw new InvalidVpnGatewayAttachmentNotFound(vgw.id, input.vpcId);
  }
  if (current.state === "detaching") return;
  const dueAt = after(ctx, ctx.config.delays.vpnGatewayAttachmentMs);
  ctx.tx.put("vpnGateway", ctx.scope, {
    ...vgw,
    attachments: [{ vpcId: current.vpcId, state: "detaching", dueAt }],
  });
  scheduleTransition(ctx, "vpnGateway", vgw.id, dueAt);
}

/**
 * Deletes a detached gateway that no VPN connection, virtual interface or Direct Connect gateway
 * uses ("The VPN gateway is in use."); it stays visible as `deleted` for a while.
 */
export function deleteVpnGateway(ctx: WriteContext, input: { vpnGatewayId?: string }): void {
  const { tx, scope } = ctx;
  const vgw = requireVpnGateway(ctx, input.vpnGatewayId, "VpnGatewayId");
  const dx = directConnectScope(scope.account);
  const inUse =
    vgw.vpcId !== undefined ||
    tx.listBy("vpnConnection", scope, "vpnGatewayId", vgw.id).some((c) => c.state !== "deleted") ||
    tx
      .listBy("dxVirtualInterface", dx, "virtualGatewayId", vgw.id)
      .some((v) => v.virtualInterfaceState !== "deleted") ||
    tx
      .listBy("dxGatewayAssociation", dx, "virtualGatewayId", vgw.id)
      .some((a) => a.associationState !== "disassociated");
  if (inUse) throw new VpnGatewayInUse();
  for (const table of tx.list("routeTable", scope)) {
    if (table.propagatingVgwIds.includes(vgw.id)) {
      tx.put("routeTable", scope, {
        ...table,
        propagatingVgwIds: table.propagatingVgwIds.filter((id) => id !== vgw.id),
      });
    }
  }
  const retainUntil = after(ctx, ctx.config.delays.deletedRetentionMs);
  tx.put("vpnGateway", scope, { ...vgw, state: "deleted", retainUntil });
  scheduleTransition(ctx, "vpnGateway", vgw.id, retainUntil);
}

export interface DescribeVpnGatewaysInput {
  readonly vpnGatewayIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeVpnGateways(
  ctx: ReadContext,
  input: DescribeVpnGatewaysInput,
): { vpnGateways: readonly VpnGateway[] } {
  const matches = compileFilters(VPN_GATEWAY_FILTERS, input.filters);
  const gateways = selectByIds(ctx.tx, ctx.scope, "vpnGateway", input.vpnGatewayIds, VpnGatewayIdErrors);
  return { vpnGateways: gateways.filter(matches) };
}

/** Ends a due attachment transition, or removes a deleted gateway at the end of its retention. */
export function advanceVpnGateway(ctx: WriteContext, id: string): void {
  const vgw = ctx.tx.get("vpnGateway", ctx.scope, id);
  if (!vgw) return;
  if (vgw.state === "deleted") {
    if (isDue(vgw.retainUntil, ctx)) ctx.tx.delete("vpnGateway", ctx.scope, id);
    return;
  }
  const current = vgw.attachments[0];
  if (!current || !isDue(current.dueAt, ctx)) return;
  if (current.state === "attaching") {
    ctx.tx.put("vpnGateway", ctx.scope, {
      ...vgw,
      attachments: [{ vpcId: current.vpcId, state: "attached" }],
    });
  } else if (current.state === "detaching") {
    const { vpcId: _detached, ...rest } = vgw;
    ctx.tx.put("vpnGateway", ctx.scope, {
      ...rest,
      attachments: [{ vpcId: current.vpcId, state: "detached" }],
    });
  }
}

/** The gateway attached (state `attached`) to `vpcId`, if any: what propagation and routes use. */
export function attachedVpnGateway(
  tx: ReadTx<Resources>,
  scope: Scope,
  vpcId: string,
  vgwId: string,
): VpnGateway | undefined {
  const vgw = tx.get("vpnGateway", scope, vgwId);
  if (!vgw || vgw.state === "deleted") return undefined;
  const a = vgw.attachments[0];
  return a?.vpcId === vpcId && a.state === "attached" ? vgw : undefined;
}

// ---- customer gateways -----------------------------------------------------------------------

/** Every filter of the DescribeCustomerGateways API reference. */
export const CUSTOMER_GATEWAY_FILTERS: FilterTable<CustomerGateway> = {
  "bgp-asn": (g) => g.bgpAsn,
  "customer-gateway-id": (g) => g.id,
  "ip-address": (g) => g.ipAddress,
  state: (g) => g.state,
  type: (g) => g.type,
};

export interface CreateCustomerGatewayInput {
  readonly type?: string;
  readonly bgpAsn?: number;
  readonly bgpAsnExtended?: number;
  readonly ipAddress?: string;
  /** Deprecated alias of `ipAddress`. */
  readonly publicIp?: string;
  readonly deviceName?: string;
  readonly certificateArn?: string;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

function customerGatewayAsn(input: CreateCustomerGatewayInput): number {
  if (input.bgpAsn !== undefined && input.bgpAsnExtended !== undefined) {
    throw new InvalidParameterCombination("You may specify BgpAsn or BgpAsnExtended, but not both.");
  }
  if (input.bgpAsnExtended !== undefined) {
    const asn = input.bgpAsnExtended;
    if (!Number.isInteger(asn) || asn <= MAX_BGP_ASN || asn > MAX_BGP_ASN_EXTENDED) {
      throw new InvalidParameterValue(
        `Value (${asn}) for parameter bgpAsnExtended is invalid. Valid values are 2147483648 to 4294967295.`,
      );
    }
    return asn;
  }
  const asn = input.bgpAsn ?? DEFAULT_CUSTOMER_GATEWAY_ASN;
  if (!Number.isInteger(asn) || asn < 1 || asn > MAX_BGP_ASN) {
    throw new InvalidParameterValue(
      `Value (${asn}) for parameter bgpAsn is invalid. Valid values are 1 to 2147483647; use BgpAsnExtended for larger ASNs.`,
    );
  }
  return asn;
}

/**
 * Creates a customer gateway, or returns the existing one for an identical request: "To create
 * more than one customer gateway with the same VPN type, IP address, and BGP ASN, specify a unique
 * device name for each customer gateway. An identical request returns information about the
 * existing customer gateway" (CreateCustomerGateway reference).
 */
export function createCustomerGateway(
  ctx: WriteContext,
  input: CreateCustomerGatewayInput,
): { customerGateway: CustomerGateway } {
  const { tx, scope } = ctx;
  assertVpnType(input.type);
  const bgpAsn = customerGatewayAsn(input);
  if (input.ipAddress !== undefined && input.publicIp !== undefined && input.ipAddress !== input.publicIp) {
    throw new InvalidParameterCombination(
      "The parameters IpAddress and PublicIp must not name different addresses.",
    );
  }
  const ipAddress = input.ipAddress ?? input.publicIp;
  if (ipAddress === undefined && input.certificateArn === undefined) throw new MissingParameter("IpAddress");
  if (ipAddress !== undefined && parseIpv4Address(ipAddress) === undefined) {
    throw new InvalidParameterValue(
      `Value (${ipAddress}) for parameter ipAddress is invalid. Invalid IPv4 address.`,
    );
  }
  if (input.deviceName !== undefined && input.deviceName.length > 255) {
    throw new InvalidParameterValue("The device name must be at most 255 characters long.");
  }
  if (input.certificateArn !== undefined && !input.certificateArn.startsWith("arn:")) {
    throw new InvalidParameterValue(
      `Value (${input.certificateArn}) for parameter certificateArn is invalid.`,
    );
  }
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "customer-gateway",
    ctx.config.quotas.tagsPerResource,
  );
  const live = tx
    .list("customerGateway", scope)
    .filter((g) => g.state === "available" || g.state === "pending");
  const identical = live.find(
    (g) =>
      g.ipAddress === ipAddress &&
      g.bgpAsn === bgpAsn &&
      g.deviceName === input.deviceName &&
      g.certificateArn === input.certificateArn,
  );
  if (identical) return { customerGateway: identical };
  if (live.length >= (ctx.config.quotas.customerGatewaysPerRegion ?? 50)) {
    throw new CustomerGatewayLimitExceeded();
  }
  const customerGateway: CustomerGateway = {
    id: ctx.ids("cgw"),
    ownerId: scope.account,
    tags,
    type: VPN_TYPE,
    state: "available",
    bgpAsn,
    ...(ipAddress !== undefined ? { ipAddress } : {}),
    ...(input.deviceName !== undefined ? { deviceName: input.deviceName } : {}),
    ...(input.certificateArn !== undefined ? { certificateArn: input.certificateArn } : {}),
  };
  tx.put("customerGateway", scope, customerGateway);
  return { customerGateway };
}

export function deleteCustomerGateway(ctx: WriteContext, input: { customerGatewayId?: string }): void {
  const { tx, scope } = ctx;
  if (!input.customerGatewayId) throw new MissingParameter("CustomerGatewayId");
  const cgw = requireRecord(tx, scope, "customerGateway", input.customerGatewayId, CustomerGatewayIdErrors);
  if (cgw.state === "deleted") throw new CustomerGatewayIdErrors.notFound([cgw.id]);
  if (tx.listBy("vpnConnection", scope, "customerGatewayId", cgw.id).some((c) => c.state !== "deleted")) {
    throw new CustomerGatewayInUse();
  }
  const retainUntil = after(ctx, ctx.config.delays.deletedRetentionMs);
  tx.put("customerGateway", scope, { ...cgw, state: "deleted", retainUntil });
  scheduleTransition(ctx, "customerGateway", cgw.id, retainUntil);
}

export interface DescribeCustomerGatewaysInput {
  readonly customerGatewayIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeCustomerGateways(
  ctx: ReadContext,
  input: DescribeCustomerGatewaysInput,
): { customerGateways: readonly CustomerGateway[] } {
  const matches = compileFilters(CUSTOMER_GATEWAY_FILTERS, input.filters);
  const gateways = selectByIds(
    ctx.tx,
    ctx.scope,
    "customerGateway",
    input.customerGatewayIds,
    CustomerGatewayIdErrors,
  );
  return { customerGateways: gateways.filter(matches) };
}

/** Removes a deleted customer gateway at the end of its retention. */
export function advanceCustomerGateway(ctx: WriteContext, id: string): void {
  const cgw = ctx.tx.get("customerGateway", ctx.scope, id);
  if (cgw?.state === "deleted" && isDue(cgw.retainUntil, ctx))
    ctx.tx.delete("customerGateway", ctx.scope, id);
}

// ---- VPN connections -------------------------------------------------------------------------

export interface TunnelTelemetry {
  readonly outsideIpAddress: string;
  readonly status: "UP" | "DOWN";
  readonly statusMessage: string;
  readonly lastStatusChange: Date;
  readonly acceptedRouteCount: number;
}

export interface VpnConnectionView extends VpnConnection {
  /** One entry per tunnel (`VgwTelemetry`), derived from the connection and the vpcsim tags. */
  readonly telemetry: readonly TunnelTelemetry[];
  /**
   * The configuration of the customer's device, in AWS's XML format: always in the create
   * response, in DescribeVpnConnections only while pending or available (VpnConnection reference).
   */
  readonly customerGatewayConfiguration?: string;
  /** The customer gateway's ASN (the `bgp-asn` filter). */
  readonly bgpAsn?: number;
}

/**
 * Tunnel telemetry as AWS reports it: a tunnel of a connection that is not available, or that the
 * `vpcsim:tunnels-down` tag takes down, is `DOWN` ("IPSEC IS DOWN"); an up tunnel of a static
 * connection says "IPSEC IS UP"; one of a BGP connection counts its accepted routes ("2 BGP
 * ROUTES"), and is `DOWN` with IPsec up when the session is idle (over 100 routes).
 */
export function tunnelTelemetry(
  connection: VpnConnection,
  customerGateway: CustomerGateway | undefined,
): TunnelTelemetry[] {
  const lastStatusChange = connection.availableSince ?? connection.createdAt;
  const available = connection.state === "available";
  const bgpPrefixes = connection.staticRoutesOnly ? [] : vpnBgpPrefixes(connection, customerGateway);
  const bgpUp = vpnBgpUp(connection, customerGateway);
  return connection.tunnels.map((tunnel, i): TunnelTelemetry => {
    const base = { outsideIpAddress: tunnel.outsideIpAddress, lastStatusChange };
    if (!available) return { ...base, status: "DOWN", statusMessage: "", acceptedRouteCount: 0 };
    if (isTunnelDown(connection, i)) {
      return { ...base, status: "DOWN", statusMessage: "IPSEC IS DOWN", acceptedRouteCount: 0 };
    }
    if (connection.staticRoutesOnly) {
      return { ...base, status: "UP", statusMessage: "IPSEC IS UP", acceptedRouteCount: 0 };
    }
    if (!bgpUp) return { ...base, status: "DOWN", statusMessage: "IPSEC IS UP", acceptedRouteCount: 0 };
    const count = bgpPrefixes.length;
    return {
      ...base,
      status: "UP",
      statusMessage: count === 0 ? "IPSEC IS UP" : `${count} BGP ROUTES`,
      acceptedRouteCount: count,
    };
  });
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The four addresses of a tunnel's inside /30: AWS's side is the first host, the customer's the second. */
export function tunnelInsideAddresses(tunnel: VpnTunnel): { vpnGateway: string; customerGateway: string } {
  const block = ipv4Cidr(tunnel.insideCidr);
  const format = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
  return { vpnGateway: format(block.network + 1), customerGateway: format(block.network + 2) };
}

/**
 * AWS's generic customer gateway configuration (the `vpn_connection` XML document of
 * CreateVpnConnection): one `ipsec_tunnel` per tunnel with both sides' outside and inside
 * addresses, the BGP ASNs of a dynamic connection, and the IKE and IPsec parameters.
 */
export function customerGatewayConfiguration(
  connection: VpnConnection,
  customerGateway: CustomerGateway | undefined,
  vpnGateway: VpnGateway | undefined,
): string {
  const bgp = (asn: number | undefined) =>
    connection.staticRoutesOnly || asn === undefined
      ? ""
      : `\n      <bgp>\n        <asn>${asn}</asn>\n        <hold_time>30</hold_time>\n      </bgp>`;
  const inside = (address: string) =>
    `<tunnel_inside_address>\n        <ip_address>${address}</ip_address>\n        <network_mask>255.255.255.252</network_mask>\n        <network_cidr>30</network_cidr>\n      </tunnel_inside_address>`;
  const tunnels = connection.tunnels.map((t) => {
    const addresses = tunnelInsideAddresses(t);
    return `  <ipsec_tunnel>
    <customer_gateway>
      <tunnel_outside_address>
        <ip_address>${xmlEscape(customerGateway?.ipAddress ?? "")}</ip_address>
      </tunnel_outside_address>
      ${inside(addresses.customerGateway)}${bgp(customerGateway?.bgpAsn)}
    </customer_gateway>
    <vpn_gateway>
      <tunnel_outside_address>
        <ip_address>${t.outsideIpAddress}</ip_address>
      </tunnel_outside_address>
      ${inside(addresses.vpnGateway)}${bgp(vpnGateway?.amazonSideAsn)}
    </vpn_gateway>
    <ike>
      <authentication_protocol>sha1</authentication_protocol>
      <encryption_protocol>aes-128-cbc</encryption_protocol>
      <lifetime>${t.phase1LifetimeSeconds ?? 28800}</lifetime>
      <perfect_forward_secrecy>group2</perfect_forward_secrecy>
      <mode>main</mode>
      <pre_shared_key>${xmlEscape(t.preSharedKey)}</pre_shared_key>
    </ike>
    <ipsec>
      <protocol>esp</protocol>
      <authentication_protocol>hmac-sha1-96</authentication_protocol>
      <encryption_protocol>aes-128-cbc</encryption_protocol>
      <lifetime>${t.phase2LifetimeSeconds ?? 3600}</lifetime>
      <perfect_forward_secrecy>group2</perfect_forward_secrecy>
      <mode>tunnel</mode>
      <clear_df_bit>true</clear_df_bit>
      <fragmentation_before_encryption>true</fragmentation_before_encryption>
      <tcp_mss_adjustment>1379</tcp_mss_adjustment>
      <dead_peer_detection>
        <interval>10</interval>
        <retries>3</retries>
      </dead_peer_detection>
    </ipsec>
  </ipsec_tunnel>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<vpn_connection id="${connection.id}">
  <customer_gateway_id>${connection.customerGatewayId}</customer_gateway_id>
  <vpn_gateway_id>${connection.vpnGatewayId}</vpn_gateway_id>
  <vpn_connection_type>${connection.type}</vpn_connection_type>
${tunnels.join("\n")}
</vpn_connection>`;
}

export function viewVpnConnection(
  tx: ReadTx<Resources>,
  scope: Scope,
  connection: VpnConnection,
  withConfiguration = connection.state === "pending" || connection.state === "available",
): VpnConnectionView {
  const cgw = tx.get("customerGateway", scope, connection.customerGatewayId);
  const vgw = tx.get("vpnGateway", scope, connection.vpnGatewayId);
  return {
    ...connection,
    telemetry: tunnelTelemetry(connection, cgw),
    ...(withConfiguration
      ? { customerGatewayConfiguration: customerGatewayConfiguration(connection, cgw, vgw) }
      : {}),
    ...(cgw ? { bgpAsn: cgw.bgpAsn } : {}),
  };
}

/** Every filter of the DescribeVpnConnections API reference. */
export const VPN_CONNECTION_FILTERS: FilterTable<VpnConnectionView> = {
  "customer-gateway-configuration": (c) => c.customerGatewayConfiguration,
  "customer-gateway-id": (c) => c.customerGatewayId,
  state: (c) => c.state,
  "option.static-routes-only": (c) => c.staticRoutesOnly,
  "route.destination-cidr-block": (c) => c.routes.map((r) => r.destinationCidrBlock),
  "bgp-asn": (c) => c.bgpAsn,
  type: (c) => c.type,
  "vpn-connection-id": (c) => c.id,
  "vpn-gateway-id": (c) => c.vpnGatewayId,
  "transit-gateway-id": () => undefined,
};

/** The tunnel options CreateVpnConnection accepts: the IKE/IPsec settings a tunnel stores. */
export type TunnelOptionsInput = Partial<
  Omit<VpnTunnel, "outsideIpAddress" | "insideCidr" | "preSharedKey">
> & {
  readonly tunnelInsideCidr?: string;
  readonly tunnelInsideIpv6Cidr?: string;
  readonly preSharedKey?: string;
};

export interface VpnConnectionOptionsInput {
  readonly staticRoutesOnly?: boolean;
  readonly enableAcceleration?: boolean;
  readonly tunnelInsideIpVersion?: string;
  readonly localIpv4NetworkCidr?: string;
  readonly remoteIpv4NetworkCidr?: string;
  readonly localIpv6NetworkCidr?: string;
  readonly remoteIpv6NetworkCidr?: string;
  readonly outsideIpAddressType?: string;
  readonly transportTransitGatewayAttachmentId?: string;
  readonly tunnelOptions?: readonly TunnelOptionsInput[];
}

export interface CreateVpnConnectionInput {
  readonly type?: string;
  readonly customerGatewayId?: string;
  readonly vpnGatewayId?: string;
  readonly transitGatewayId?: string;
  readonly options?: VpnConnectionOptionsInput;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

const LINK_LOCAL = ipv4Cidr("169.254.0.0/16");
/** Inside /30s AWS reserves (VpnTunnelOptionsSpecification reference). */
const RESERVED_INSIDE_CIDRS = new Set([
  "169.254.0.0/30",
  "169.254.1.0/30",
  "169.254.2.0/30",
  "169.254.3.0/30",
  "169.254.4.0/30",
  "169.254.5.0/30",
  "169.254.169.252/30",
]);

function parseTunnelInsideCidr(text: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(text);
  if (
    !parsed.ok ||
    parsed.cidr.prefixLength !== 30 ||
    parsed.cidr.toString() !== text ||
    !LINK_LOCAL.containsCidr(parsed.cidr)
  ) {
    throw new InvalidParameterValue(
      `Value (${text}) for parameter tunnelInsideCidr is invalid. Specify a size /30 CIDR block from the 169.254.0.0/16 range.`,
    );
  }
  if (RESERVED_INSIDE_CIDRS.has(text)) {
    throw new InvalidParameterValue(
      `Value (${text}) for parameter tunnelInsideCidr is invalid. The CIDR block ${text} is reserved.`,
    );
  }
  return parsed.cidr;
}

function assertRange(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${name} is invalid. Valid range: ${min}-${max}.`,
    );
  }
}

function assertAllowed<T extends string | number>(
  name: string,
  values: readonly T[] | undefined,
  allowed: readonly T[],
) {
  for (const v of values ?? []) {
    if (!allowed.includes(v)) {
      throw new InvalidParameterValue(
        `Value (${v}) for parameter ${name} is invalid. Valid values: ${allowed.join(", ")}.`,
      );
    }
  }
}

const ENCRYPTION_ALGORITHMS = ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"];
const INTEGRITY_ALGORITHMS = ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"];
const PHASE1_DH_GROUPS = [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
const PHASE2_DH_GROUPS = [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];
const PRE_SHARED_KEY = /^[A-Za-z0-9._]{8,64}$/;

/** The tunnel options of the VpnTunnelOptionsSpecification reference, with its constraints. */
function validateTunnelOptions(o: TunnelOptionsInput): void {
  if (o.tunnelInsideIpv6Cidr !== undefined) {
    throw new InvalidParameterValue("Virtual private gateways do not support IPv6 tunnel inside addresses.");
  }
  if (
    o.preSharedKey !== undefined &&
    (!PRE_SHARED_KEY.test(o.preSharedKey) || o.preSharedKey.startsWith("0"))
  ) {
    throw new InvalidParameterValue(
      "The pre-shared key must be 8 to 64 characters long, contain only alphanumeric characters, periods (.) and underscores (_), and must not start with zero (0).",
    );
  }
  assertRange("Phase1LifetimeSeconds", o.phase1LifetimeSeconds, 900, 28800);
  assertRange("Phase2LifetimeSeconds", o.phase2LifetimeSeconds, 900, 3600);
  const phase1 = o.phase1LifetimeSeconds ?? 28800;
  const phase2 = o.phase2LifetimeSeconds ?? 3600;
  if (phase2 >= phase1) {
    throw new InvalidParameterValue("Phase2LifetimeSeconds must be less than Phase1LifetimeSeconds.");
  }
  assertRange("RekeyMarginTimeSeconds", o.rekeyMarginTimeSeconds, 60, Math.floor(phase2 / 2));
  assertRange("RekeyFuzzPercentage", o.rekeyFuzzPercentage, 0, 100);
  assertRange("ReplayWindowSize", o.replayWindowSize, 64, 2048);
  assertRange("DPDTimeoutSeconds", o.dpdTimeoutSeconds, 30, Number.MAX_SAFE_INTEGER);
  assertAllowed("DPDTimeoutAction", o.dpdTimeoutAction === undefined ? [] : [o.dpdTimeoutAction], [
    "clear",
    "none",
    "restart",
  ]);
  assertAllowed("StartupAction", o.startupAction === undefined ? [] : [o.startupAction], ["add", "start"]);
  assertAllowed("Phase1EncryptionAlgorithms", o.phase1EncryptionAlgorithms, ENCRYPTION_ALGORITHMS);
  assertAllowed("Phase2EncryptionAlgorithms", o.phase2EncryptionAlgorithms, ENCRYPTION_ALGORITHMS);
  assertAllowed("Phase1IntegrityAlgorithms", o.phase1IntegrityAlgorithms, INTEGRITY_ALGORITHMS);
  assertAllowed("Phase2IntegrityAlgorithms", o.phase2IntegrityAlgorithms, INTEGRITY_ALGORITHMS);
  assertAllowed("Phase1DHGroupNumbers", o.phase1DhGroupNumbers, PHASE1_DH_GROUPS);
  assertAllowed("Phase2DHGroupNumbers", o.phase2DhGroupNumbers, PHASE2_DH_GROUPS);
  assertAllowed("IKEVersions", o.ikeVersions, ["ikev1", "ikev2"]);
}

/** A random number from the id generator, so that seeded runs stay reproducible. */
function randomUint32(ctx: WriteContext, label: string): number {
  return Number.parseInt(ctx.ids(label).slice(-8), 16) >>> 0;
}

const KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";

/** A 32-character pre-shared key like AWS's: letters, digits, `.` and `_`, never starting with 0. */
function generatePreSharedKey(ctx: WriteContext): string {
  let key = "";
  while (key.length < 32) {
    let n = randomUint32(ctx, "psk");
    for (let i = 0; i < 5 && key.length < 32; i++) {
      const c = KEY_ALPHABET[n % KEY_ALPHABET.length]!;
      n = Math.floor(n / KEY_ALPHABET.length);
      if (key.length === 0 && (c === "0" || c === "." || c === "_")) continue;
      key += c;
    }
  }
  return key;
}

/** A free, unreserved /30 of 169.254.0.0/16, picked at random as AWS does. */
function allocateInsideCidr(ctx: WriteContext, taken: Set<string>): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const block = randomUint32(ctx, "tun") % 16384;
    const text = `169.254.${block >> 6}.${(block & 63) << 2}/30`;
    if (!RESERVED_INSIDE_CIDRS.has(text) && !taken.has(text)) return text;
  }
  throw new InvalidParameterValue("No free tunnel inside CIDR is left for this virtual private gateway.");
}

function isPublicIpv4(address: string): boolean {
  const n = parseIpv4Address(address);
  if (n === undefined) return false;
  const privateRanges = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "224.0.0.0/3",
  ];
  return !privateRanges.some((r) => ipv4Cidr(r).contains(n));
}

function canonicalIpv4Cidr(text: string | undefined, wireName: string): string {
  if (text === undefined) return "0.0.0.0/0";
  return parseIpv4CidrParam(text, wireName).toString();
}

export function createVpnConnection(
  ctx: WriteContext,
  input: CreateVpnConnectionInput,
): { vpnConnection: VpnConnectionView } {
  const { tx, scope } = ctx;
  assertVpnType(input.type);
  if (!input.customerGatewayId) throw new MissingParameter("CustomerGatewayId");
  if (input.vpnGatewayId !== undefined && input.transitGatewayId !== undefined) {
    throw new InvalidParameterValue(
      "The request must not contain both parameter vpnGatewayId and transitGatewayId",
    );
  }
  if (input.transitGatewayId !== undefined) throw new InvalidTransitGatewayIDNotFound(input.transitGatewayId);
  if (input.vpnGatewayId === undefined) throw new MissingParameter("VpnGatewayId or TransitGatewayId");
  const cgw = requireRecord(tx, scope, "customerGateway", input.customerGatewayId, CustomerGatewayIdErrors);
  if (cgw.state === "deleted") throw new CustomerGatewayIdErrors.notFound([cgw.id]);
  if (cgw.state !== "available") throw new InvalidCustomerGatewayState(cgw.id, cgw.state);
  const vgw = requireVpnGateway(ctx, input.vpnGatewayId, "VpnGatewayId");

  const options = input.options ?? {};
  const staticRoutesOnly = options.staticRoutesOnly ?? false;
  if (options.enableAcceleration === true) {
    throw new InvalidParameterValue(
      "Acceleration is only supported for VPN connections on a transit gateway.",
    );
  }
  if (options.tunnelInsideIpVersion !== undefined && options.tunnelInsideIpVersion !== "ipv4") {
    throw new InvalidParameterValue(
      "Virtual private gateways support only IPv4 tunnels (TunnelInsideIpVersion ipv4).",
    );
  }
  if (options.outsideIpAddressType !== undefined && options.outsideIpAddressType !== "PublicIpv4") {
    throw new InvalidParameterValue(
      `Value (${options.outsideIpAddressType}) for parameter outsideIpAddressType is invalid. Virtual private gateways support only PublicIpv4.`,
    );
  }
  if (options.localIpv6NetworkCidr !== undefined || options.remoteIpv6NetworkCidr !== undefined) {
    throw new InvalidParameterValue("Virtual private gateways do not support IPv6 traffic selectors.");
  }
  const localIpv4NetworkCidr = canonicalIpv4Cidr(options.localIpv4NetworkCidr, "LocalIpv4NetworkCidr");
  const remoteIpv4NetworkCidr = canonicalIpv4Cidr(options.remoteIpv4NetworkCidr, "RemoteIpv4NetworkCidr");
  const tunnelOptions = options.tunnelOptions ?? [];
  if (tunnelOptions.length > 2) {
    throw new InvalidParameterValue("A VPN connection has two tunnels; specify at most two TunnelOptions.");
  }
  tunnelOptions.forEach(validateTunnelOptions);
  if (cgw.ipAddress === undefined || !isPublicIpv4(cgw.ipAddress)) {
    throw new InvalidParameterValue(
      `The customer gateway ${cgw.id} needs a public IPv4 address for a VPN connection with OutsideIpAddressType PublicIpv4.`,
    );
  }
  if (!staticRoutesOnly && cgw.bgpAsn === vgw.amazonSideAsn) throw new AsnConflict(cgw.bgpAsn);

  const onGateway = tx
    .listBy("vpnConnection", scope, "vpnGatewayId", vgw.id)
    .filter((c) => c.state !== "deleted");
  const regionLimit = ctx.config.quotas.vpnConnectionsPerRegion ?? 50;
  const gatewayLimit = ctx.config.quotas.vpnConnectionsPerVpnGateway ?? 10;
  if (
    onGateway.length >= gatewayLimit ||
    tx.list("vpnConnection", scope).filter((c) => c.state !== "deleted").length >= regionLimit
  ) {
    throw new VpnConnectionLimitExceeded();
  }
  // Two connections of one gateway cannot end on the same customer address.
  if (
    onGateway.some((c) => tx.get("customerGateway", scope, c.customerGatewayId)?.ipAddress === cgw.ipAddress)
  ) {
    throw new InvalidCustomerGatewayDuplicateIpAddress();
  }
  const takenInside = new Set(onGateway.flatMap((c) => c.tunnels.map((t) => t.insideCidr)));
  const requestedInside = tunnelOptions.map((o) => o.tunnelInsideCidr).filter((c) => c !== undefined);
  for (const cidr of requestedInside) {
    parseTunnelInsideCidr(cidr);
    if (takenInside.has(cidr)) throw new InvalidCidrInUse(cidr, vgw.id);
  }
  if (new Set(requestedInside).size !== requestedInside.length) {
    throw new InvalidParameterValue("The two tunnels of a VPN connection need different inside CIDR blocks.");
  }
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "vpn-connection",
    ctx.config.quotas.tagsPerResource,
  );

  const taken = new Set([...takenInside, ...requestedInside]);
  const tunnels: VpnTunnel[] = [0, 1].map((i) => {
    const o = tunnelOptions[i] ?? {};
    const insideCidr = o.tunnelInsideCidr ?? allocateInsideCidr(ctx, taken);
    taken.add(insideCidr);
    return {
      outsideIpAddress: allocatePublicIp(ctx),
      insideCidr,
      preSharedKey: o.preSharedKey ?? generatePreSharedKey(ctx),
      ...definedOptions(o),
    };
  });
  const now = ctx.clock.now();
  const dueAt = after(ctx, ctx.config.delays.vpnConnectionPendingMs);
  const connection: VpnConnection = {
    id: ctx.ids("vpn"),
    ownerId: scope.account,
    tags,
    type: VPN_TYPE,
    category: "VPN",
    state: "pending",
    stateDueAt: dueAt,
    customerGatewayId: cgw.id,
    vpnGatewayId: vgw.id,
    staticRoutesOnly,
    enableAcceleration: false,
    localIpv4NetworkCidr,
    remoteIpv4NetworkCidr,
    outsideIpAddressType: "PublicIpv4",
    tunnelInsideIpVersion: "ipv4",
    tunnels,
    routes: [],
    createdAt: now,
  };
  tx.put("vpnConnection", scope, connection);
  scheduleTransition(ctx, "vpnConnection", connection.id, dueAt);
  return { vpnConnection: viewVpnConnection(tx, scope, connection, true) };
}

function definedOptions(o: TunnelOptionsInput): Partial<VpnTunnel> {
  const out: Record<string, unknown> = {};
  const keys = [
    "phase1LifetimeSeconds",
    "phase2LifetimeSeconds",
    "rekeyMarginTimeSeconds",
    "rekeyFuzzPercentage",
    "replayWindowSize",
    "dpdTimeoutSeconds",
    "dpdTimeoutAction",
    "startupAction",
    "phase1EncryptionAlgorithms",
    "phase2EncryptionAlgorithms",
    "phase1IntegrityAlgorithms",
    "phase2IntegrityAlgorithms",
    "phase1DhGroupNumbers",
    "phase2DhGroupNumbers",
    "ikeVersions",
  ] as const;
  for (const key of keys) if (o[key] !== undefined) out[key] = o[key];
  return out as Partial<VpnTunnel>;
}

function requireVpnConnection(ctx: ReadContext, id: string | undefined): VpnConnection {
  if (!id) throw new MissingParameter("VpnConnectionId");
  const connection = requireRecord(ctx.tx, ctx.scope, "vpnConnection", id, VpnConnectionIdErrors);
  if (connection.state === "deleted") throw new VpnConnectionIdErrors.notFound([id]);
  return connection;
}

export function deleteVpnConnection(ctx: WriteContext, input: { vpnConnectionId?: string }): void {
  const connection = requireVpnConnection(ctx, input.vpnConnectionId);
  if (connection.state === "deleting") return;
  const dueAt = after(ctx, ctx.config.delays.vpnConnectionDeletingMs);
  ctx.tx.put("vpnConnection", ctx.scope, { ...connection, state: "deleting", stateDueAt: dueAt });
  scheduleTransition(ctx, "vpnConnection", connection.id, dueAt);
}

export interface DescribeVpnConnectionsInput {
  readonly vpnConnectionIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

export function describeVpnConnections(
  ctx: ReadContext,
  input: DescribeVpnConnectionsInput,
): { vpnConnections: readonly VpnConnectionView[] } {
  const matches = compileFilters(VPN_CONNECTION_FILTERS, input.filters);
  const connections = selectByIds(
    ctx.tx,
    ctx.scope,
    "vpnConnection",
    input.vpnConnectionIds,
    VpnConnectionIdErrors,
  )
    .map((c) => viewVpnConnection(ctx.tx, ctx.scope, c))
    .filter(matches);
  return { vpnConnections: connections };
}

export interface VpnConnectionRouteInput {
  readonly vpnConnectionId?: string;
  readonly destinationCidrBlock?: string;
}

/** A static route of a static VPN connection: an on-premises prefix the gateway sends to it. */
export function createVpnConnectionRoute(ctx: WriteContext, input: VpnConnectionRouteInput): void {
  const connection = requireVpnConnection(ctx, input.vpnConnectionId);
  const cidr = parseIpv4CidrParam(input.destinationCidrBlock, "DestinationCidrBlock").toString();
  if (connection.state !== "available")
    throw new InvalidVpnConnectionInvalidState(connection.id, connection.state);
  // "If you select the option to use BGP advertisement, then you cannot specify static routes."
  if (!connection.staticRoutesOnly) throw new InvalidVpnConnectionInvalidType(connection.id);
  const live = connection.routes.filter((r) => r.state !== "deleting" && r.state !== "deleted");
  if (live.some((r) => r.destinationCidrBlock === cidr)) throw new RouteAlreadyExists(cidr);
  if (live.length >= MAX_STATIC_ROUTES_PER_CONNECTION) {
    throw new VpnConnectionRouteLimitExceeded(connection.id, MAX_STATIC_ROUTES_PER_CONNECTION);
  }
  const dueAt = after(ctx, ctx.config.delays.vpnConnectionPendingMs);
  const route: VpnStaticRoute = { destinationCidrBlock: cidr, state: "pending", dueAt };
  ctx.tx.put("vpnConnection", ctx.scope, {
    ...connection,
    routes: [...connection.routes.filter((r) => r.destinationCidrBlock !== cidr), route],
  });
  scheduleTransition(ctx, "vpnConnection", connection.id, dueAt);
}

export function deleteVpnConnectionRoute(ctx: WriteContext, input: VpnConnectionRouteInput): void {
  const connection = requireVpnConnection(ctx, input.vpnConnectionId);
  const cidr = parseIpv4CidrParam(input.destinationCidrBlock, "DestinationCidrBlock").toString();
  const index = connection.routes.findIndex(
    (r) => r.destinationCidrBlock === cidr && r.state !== "deleting" && r.state !== "deleted",
  );
  if (index === -1) throw new VpnConnectionRouteNotFound(connection.id, cidr);
  const dueAt = after(ctx, ctx.config.delays.vpnConnectionDeletingMs);
  const routes = [...connection.routes];
  routes[index] = { destinationCidrBlock: cidr, state: "deleting", dueAt };
  ctx.tx.put("vpnConnection", ctx.scope, { ...connection, routes });
  scheduleTransition(ctx, "vpnConnection", connection.id, dueAt);
}

/**
 * Moves a VPN connection and its static routes on: pending → available, deleting → deleted (then
 * gone after the retention), routes pending → available and deleting → removed.
 */
export function advanceVpnConnection(ctx: WriteContext, id: string): void {
  const connection = ctx.tx.get("vpnConnection", ctx.scope, id);
  if (!connection) return;
  if (connection.state === "deleted") {
    if (isDue(connection.retainUntil, ctx)) ctx.tx.delete("vpnConnection", ctx.scope, id);
    return;
  }
  let next: VpnConnection = connection;
  const routes = connection.routes.flatMap((r): VpnStaticRoute[] => {
    if (!isDue(r.dueAt, ctx)) return [r];
    if (r.state === "pending") return [{ destinationCidrBlock: r.destinationCidrBlock, state: "available" }];
    return r.state === "deleting" ? [] : [r];
  });
  if (routes.some((r, i) => r !== connection.routes[i]) || routes.length !== connection.routes.length) {
    next = { ...next, routes };
  }
  if (isDue(connection.stateDueAt, ctx)) {
    const { stateDueAt: due, ...rest } = next;
    if (connection.state === "pending") {
      next = { ...rest, state: "available", availableSince: due! };
    } else if (connection.state === "deleting") {
      const retainUntil = after(ctx, ctx.config.delays.deletedRetentionMs);
      next = { ...rest, state: "deleted", routes: [], retainUntil };
      scheduleTransition(ctx, "vpnConnection", id, retainUntil);
    }
  }
  if (next !== connection) ctx.tx.put("vpnConnection", ctx.scope, next);
}

// ---- route propagation -------------------------------------------------------------------------

export interface VgwRoutePropagationInput {
  readonly gatewayId?: string;
  readonly routeTableId?: string;
}

function propagationTargets(
  ctx: ReadContext,
  input: VgwRoutePropagationInput,
): { table: RouteTable; vgw: VpnGateway } {
  if (!input.routeTableId) throw new MissingParameter("RouteTableId");
  const table = requireRecord(ctx.tx, ctx.scope, "routeTable", input.routeTableId, RouteTableIdErrors);
  const vgw = requireVpnGateway(ctx, input.gatewayId, "GatewayId");
  return { table, vgw };
}

/**
 * Lets the gateway propagate its routes into the table. The gateway must be attached to the
 * table's VPC (CloudFormation documents that propagation fails until the attachment completes).
 */
export function enableVgwRoutePropagation(ctx: WriteContext, input: VgwRoutePropagationInput): void {
  const { table, vgw } = propagationTargets(ctx, input);
  if (!attachedVpnGateway(ctx.tx, ctx.scope, table.vpcId, vgw.id))
    throw new GatewayNotAttached(vgw.id, table.vpcId);
  if (table.propagatingVgwIds.includes(vgw.id)) return;
  ctx.tx.put("routeTable", ctx.scope, { ...table, propagatingVgwIds: [...table.propagatingVgwIds, vgw.id] });
}

export function disableVgwRoutePropagation(ctx: WriteContext, input: VgwRoutePropagationInput): void {
  const { table, vgw } = propagationTargets(ctx, input);
  if (!table.propagatingVgwIds.includes(vgw.id)) return;
  ctx.tx.put("routeTable", ctx.scope, {
    ...table,
    propagatingVgwIds: table.propagatingVgwIds.filter((id) => id !== vgw.id),
  });
}
