/**
 * Direct Connect (its own service, AWS JSON 1.1): DescribeLocations, CreateConnection,
 * DescribeConnections, DeleteConnection, CreatePrivateVirtualInterface,
 * CreatePublicVirtualInterface, DescribeVirtualInterfaces, DeleteVirtualInterface,
 * CreateDirectConnectGateway, DescribeDirectConnectGateways, CreateDirectConnectGatewayAssociation,
 * DescribeDirectConnectGatewayAssociations, and the advancers of their asynchronous states.
 *
 * Every Direct Connect record of an account lives in its `global` scope (src/model/direct-connect.ts):
 * Direct Connect gateways are global, and connections and virtual interfaces carry their region.
 * Errors are Direct Connect's: `DirectConnectClientException` with AWS's messages.
 *
 * The prefixes a private virtual interface's BGP peer advertises come from the vpcsim tag
 * `vpcsim:advertised-prefixes` given in its `tags` (no Direct Connect call can set them); they
 * become propagated routes in the route tables of the virtual private gateways it reaches
 * (src/control/vgw-routes.ts).
 */
import {
  type DxBgpPeer,
  type DxConnection,
  type DxGateway,
  type DxGatewayAssociation,
  type DxLocation,
  type DxVirtualInterface,
  directConnectScope,
  dxLocationsOf,
} from "../model/direct-connect.js";
import type { Tag } from "../model/resources.js";
import { virtualInterfaceBgpUp } from "../model/vgw-routing.js";
import { formatIpv4Address, ipv4Cidr, parseIpv4Address, parseIpv4Cidr, parseIpv6Cidr } from "../net/index.js";
import type { Scope } from "../store/store.js";
import type { Env, ReadContext, WriteContext } from "./context.js";
import {
  AwsError,
  DirectConnectClientException,
  DxConnectionNotFound,
  DxDuplicateTagKeys,
  DxGatewayNotFound,
  DxTooManyTags,
  DxVirtualGatewayNotFound,
  DxVirtualInterfaceNotFound,
} from "./errors.js";
import { paginate } from "./pagination.js";
import { scheduleTransition } from "./transitions.js";
import { assertAmazonSideAsn, DEFAULT_AMAZON_SIDE_ASN } from "./vpn.js";

/** Amazon's ASN on public virtual interfaces (the AWS CLI's create-public-virtual-interface example). */
export const AMAZON_PUBLIC_ASN = 7224;
const MAX_TAGS = 50;
const MAX_PAGE = 100;

function dxScope(ctx: Env): Scope {
  return directConnectScope(ctx.scope.account);
}

/** The context for writes to the Direct Connect scope (records and their scheduled transitions). */
function inDx(ctx: WriteContext): WriteContext {
  return { ...ctx, scope: dxScope(ctx) };
}

function after(ctx: Env, ms: number | undefined): Date {
  return new Date(ctx.clock.now().getTime() + (ms ?? 0));
}

function isDue(due: Date | undefined, ctx: Env): boolean {
  return due !== undefined && due.getTime() <= ctx.clock.now().getTime();
}

function provisioning(ctx: Env): Date {
  return after(ctx, ctx.config.delays.directConnectProvisioningMs);
}

/** Direct Connect ids: a prefix and 8 lowercase characters (`dxcon-fg31dyv6`). */
function dxId(ctx: WriteContext, prefix: string, exists: (id: string) => boolean): string {
  for (;;) {
    const id = `${prefix}-${ctx.ids(prefix).slice(-8)}`;
    if (!exists(id)) return id;
  }
}

/** A version 4 UUID from the id generator (Direct Connect gateway and association ids). */
function uuid(ctx: WriteContext, label: string): string {
  const hex = `${ctx.ids(label).slice(-16)}${ctx.ids(label).slice(-16)}`.split("");
  hex[12] = "4";
  hex[16] = "89ab"[Number.parseInt(hex[16]!, 16) & 3]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomText(ctx: WriteContext, length: number, alphabet: string): string {
  let text = "";
  while (text.length < length) {
    let n = Number.parseInt(ctx.ids("dxkey").slice(-8), 16);
    for (let i = 0; i < 5 && text.length < length; i++) {
      text += alphabet[n % alphabet.length];
      n = Math.floor(n / alphabet.length);
    }
  }
  return text;
}

export interface DxTagInput {
  readonly key: string;
  readonly value?: string;
}

/** Direct Connect tags: keys 1–128 characters, values up to 256, at most 50, no duplicate keys. */
function dxTags(tags: readonly DxTagInput[] | undefined): Tag[] {
  const out: Tag[] = [];
  for (const t of tags ?? []) {
    if (t.key.length === 0 || t.key.length > 128 || (t.value ?? "").length > 256) {
      throw new DirectConnectClientException(
        `The tag ${t.key} is not valid: keys are 1 to 128 characters and values at most 256.`,
      );
    }
    if (t.key.toLowerCase().startsWith("aws:")) {
      throw new DirectConnectClientException("Tag keys starting with 'aws:' are reserved for internal use.");
    }
    if (out.some((o) => o.key === t.key)) throw new DxDuplicateTagKeys(t.key);
    out.push({ key: t.key, value: t.value ?? "" });
  }
  if (out.length > MAX_TAGS) throw new DxTooManyTags(MAX_TAGS);
  return out;
}

/** Direct Connect pages: up to 100 results whatever `maxResults` asks ("only 100 results are returned"). */
function dxPage<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  shape: readonly unknown[],
): { items: readonly T[]; nextToken?: string } {
  const size = maxResults === undefined ? undefined : Math.min(MAX_PAGE, Math.max(1, maxResults));
  try {
    return paginate(items, { maxResults: size, nextToken }, shape, { min: 1, max: MAX_PAGE });
  } catch (error) {
    if (error instanceof AwsError)
      throw new DirectConnectClientException(`The nextToken ${nextToken} is not valid.`);
    throw error;
  }
}

// ---- locations ----------------------------------------------------------------------------------

export function describeLocations(ctx: ReadContext): { locations: readonly DxLocation[] } {
  return { locations: dxLocationsOf(ctx.scope.region) };
}

// ---- connections --------------------------------------------------------------------------------

export interface CreateConnectionInput {
  readonly location?: string;
  readonly bandwidth?: string;
  readonly connectionName?: string;
  readonly lagId?: string;
  readonly tags?: readonly DxTagInput[];
  readonly providerName?: string;
  readonly requestMacSec?: boolean;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === "") {
    throw new DirectConnectClientException(`${name} is required.`);
  }
  return value;
}

/**
 * Orders a dedicated connection at a location of the region: `requested`, then `pending` once the
 * Letter of Authorization is issued, then `available` once the cross-connect is up.
 */
export function createConnection(
  ctx: WriteContext,
  input: CreateConnectionInput,
): { connection: DxConnection } {
  const region = ctx.scope.region;
  const locationCode = required(input.location, "location");
  const bandwidth = required(input.bandwidth, "bandwidth");
  const connectionName = required(input.connectionName, "connectionName");
  const location = dxLocationsOf(region).find((l) => l.locationCode === locationCode);
  if (!location) {
    throw new DirectConnectClientException(`Location ${locationCode} is not available in region ${region}.`);
  }
  if (!location.availablePortSpeeds.includes(bandwidth)) {
    throw new DirectConnectClientException(
      `Bandwidth ${bandwidth} is not available at location ${locationCode}. Available port speeds: ${location.availablePortSpeeds.join(", ")}.`,
    );
  }
  if (input.lagId !== undefined)
    throw new DirectConnectClientException(`Could not find Lag with ID ${input.lagId}`);
  if (input.providerName !== undefined && !location.availableProviders.includes(input.providerName)) {
    throw new DirectConnectClientException(
      `Provider ${input.providerName} is not available at location ${locationCode}.`,
    );
  }
  const macSec = input.requestMacSec === true;
  if (macSec && !location.availableMacSecPortSpeeds.includes(bandwidth)) {
    throw new DirectConnectClientException(
      `MAC Security is not available for ${bandwidth} at ${locationCode}.`,
    );
  }
  const tags = dxTags(input.tags);
  const dx = inDx(ctx);
  const id = dxId(ctx, "dxcon", (candidate) => dx.tx.get("dxConnection", dx.scope, candidate) !== undefined);
  const device = `${locationCode}-${randomText(ctx, 12, "0123456789abcdefghijklmnopqrstuvwxyz")}`;
  const dueAt = provisioning(ctx);
  const connection: DxConnection = {
    id,
    ownerId: ctx.scope.account,
    tags,
    region,
    connectionName,
    connectionState: "requested",
    stateDueAt: dueAt,
    location: locationCode,
    bandwidth,
    ...(input.providerName !== undefined ? { providerName: input.providerName } : {}),
    awsDevice: device,
    awsLogicalDeviceId: `${device}-${randomText(ctx, 4, "0123456789abcdefghijklmnopqrstuvwxyz")}`,
    jumboFrameCapable: true,
    hasLogicalRedundancy: "unknown",
    macSecCapable: macSec,
    ...(macSec ? { encryptionMode: "should_encrypt", portEncryptionStatus: "Encryption Down" } : {}),
  };
  dx.tx.put("dxConnection", dx.scope, connection);
  scheduleTransition(dx, "dxConnection", id, dueAt);
  return { connection };
}

function findConnection(ctx: ReadContext, id: string | undefined): DxConnection {
  const connectionId = required(id, "connectionId");
  const connection = ctx.tx.get("dxConnection", dxScope(ctx), connectionId);
  if (!connection || connection.region !== ctx.scope.region) throw new DxConnectionNotFound(connectionId);
  return connection;
}

export function describeConnections(
  ctx: ReadContext,
  input: { connectionId?: string },
): { connections: readonly DxConnection[] } {
  if (input.connectionId !== undefined) return { connections: [findConnection(ctx, input.connectionId)] };
  return { connections: ctx.tx.listBy("dxConnection", dxScope(ctx), "region", ctx.scope.region) };
}

/** Deletes a connection without virtual interfaces; it is described as `deleted` for a while. */
export function deleteConnection(
  ctx: WriteContext,
  input: { connectionId?: string },
): { connection: DxConnection } {
  const connection = findConnection(ctx, input.connectionId);
  if (connection.connectionState === "deleted") return { connection };
  const dx = inDx(ctx);
  const interfaces = dx.tx
    .listBy("dxVirtualInterface", dx.scope, "connectionId", connection.id)
    .filter((v) => v.virtualInterfaceState !== "deleted");
  if (interfaces.length > 0) {
    throw new DirectConnectClientException(
      `Connection ${connection.id} has virtual interfaces (${interfaces.map((v) => v.id).join(", ")}). Delete them first.`,
    );
  }
  const { stateDueAt: _pending, ...rest } = connection;
  const retainUntil = after(ctx, ctx.config.delays.deletedRetentionMs);
  const deleted: DxConnection = { ...rest, connectionState: "deleted", retainUntil };
  dx.tx.put("dxConnection", dx.scope, deleted);
  scheduleTransition(dx, "dxConnection", connection.id, retainUntil);
  return { connection: deleted };
}

/** requested → pending (LOA issued) → available; deleted connections go after the retention. */
export function advanceDxConnection(ctx: WriteContext, id: string): void {
  const connection = ctx.tx.get("dxConnection", ctx.scope, id);
  if (!connection) return;
  if (connection.connectionState === "deleted") {
    if (isDue(connection.retainUntil, ctx)) ctx.tx.delete("dxConnection", ctx.scope, id);
    return;
  }
  if (!isDue(connection.stateDueAt, ctx)) return;
  const { stateDueAt: due, ...rest } = connection;
  if (connection.connectionState === "requested") {
    // The next step starts when this one ended, so that a chain of steps due by now ends in one settle.
    const dueAt = new Date(due!.getTime() + (ctx.config.delays.directConnectProvisioningMs ?? 0));
    ctx.tx.put("dxConnection", ctx.scope, {
      ...rest,
      connectionState: "pending",
      loaIssueTime: due!,
      stateDueAt: dueAt,
    });
    scheduleTransition(ctx, "dxConnection", id, dueAt);
  } else if (connection.connectionState === "pending") {
    ctx.tx.put("dxConnection", ctx.scope, { ...rest, connectionState: "available" });
  }
}

// ---- virtual interfaces -------------------------------------------------------------------------

export interface VirtualInterfaceView extends DxVirtualInterface {
  /** BGP session status of the peers: up while the interface and its connection are available. */
  readonly bgpStatus: "up" | "down";
  /** The router configuration AWS generates for the customer's side (`logical_connection` XML). */
  readonly customerRouterConfig: string;
}

export function viewVirtualInterface(ctx: ReadContext, vif: DxVirtualInterface): VirtualInterfaceView {
  const connection = ctx.tx.get("dxConnection", dxScope(ctx), vif.connectionId);
  return {
    ...vif,
    bgpStatus: virtualInterfaceBgpUp(vif, connection) ? "up" : "down",
    customerRouterConfig: `<?xml version="1.0" encoding="UTF-8"?>
<logical_connection id="${vif.id}">
  <vlan>${vif.vlan}</vlan>
  <customer_address>${vif.customerAddress}</customer_address>
  <amazon_address>${vif.amazonAddress}</amazon_address>
  <bgp_asn>${vif.asn}</bgp_asn>
  <bgp_auth_key>${vif.authKey}</bgp_auth_key>
  <amazon_bgp_asn>${vif.amazonSideAsn}</amazon_bgp_asn>
  <connection_type>${vif.virtualInterfaceType}</connection_type>
</logical_connection>
`,
  };
}

export interface NewVirtualInterfaceInput {
  readonly virtualInterfaceName?: string;
  readonly vlan?: number;
  readonly asn?: number;
  readonly mtu?: number;
  readonly authKey?: string;
  readonly amazonAddress?: string;
  readonly customerAddress?: string;
  readonly addressFamily?: string;
  readonly virtualGatewayId?: string;
  readonly directConnectGatewayId?: string;
  readonly routeFilterPrefixes?: readonly string[];
  readonly tags?: readonly DxTagInput[];
  readonly enableSiteLink?: boolean;
}

const PRIVATE_RANGES = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "169.254.0.0/16",
  "100.64.0.0/10",
].map(ipv4Cidr);

/**
 * The BGP peer addresses (`a.b.c.d/n`): both in one block, neither the block's address 0 nor its
 * broadcast address, different from each other (messages quoted from AWS in Terraform's tests).
 */
function assertPeerAddresses(amazon: string, customer: string, publicOnly: boolean): void {
  const parse = (text: string, role: string) => {
    const slash = text.indexOf("/");
    const address = parseIpv4Address(slash === -1 ? text : text.slice(0, slash));
    const block = parseIpv4Cidr(text);
    if (slash === -1 || address === undefined || !block.ok) {
      throw new DirectConnectClientException(
        `${role} Address ${text} is not a valid IPv4 address with a prefix length.`,
      );
    }
    if (publicOnly && PRIVATE_RANGES.some((r) => r.contains(address))) {
      throw new DirectConnectClientException(`${role} Address is not allowed to contain a private IP`);
    }
    if (block.cidr.prefixLength < 31) {
      if (address === block.cidr.network)
        throw new DirectConnectClientException(`${role} Address is address 0 on its subnet.`);
      if (address === block.cidr.last) {
        throw new DirectConnectClientException(`${role} Address is the broadcast address on its subnet.`);
      }
    }
    return { address, block: block.cidr };
  };
  const a = parse(amazon, "Amazon");
  const c = parse(customer, "Customer");
  if (!a.block.equals(c.block)) {
    throw new DirectConnectClientException("Amazon Address and Customer Address must be in the same CIDR");
  }
  if (a.address === c.address) {
    throw new DirectConnectClientException("Amazon Address and Customer Address must be different.");
  }
}

/** Peer addresses AWS picks for a private interface given none: a free /30 of 169.254.0.0/16. */
function allocatePeerAddresses(ctx: WriteContext): { amazonAddress: string; customerAddress: string } {
  const n = Number.parseInt(ctx.ids("dxpeer").slice(-8), 16) % 16384;
  const network = ipv4Cidr("169.254.0.0/16").network + n * 4;
  return {
    amazonAddress: `${formatIpv4Address(network + 1)}/30`,
    customerAddress: `${formatIpv4Address(network + 2)}/30`,
  };
}

function routeFilterPrefixes(prefixes: readonly string[] | undefined): string[] {
  return (prefixes ?? []).map((text) => {
    const v4 = parseIpv4Cidr(text);
    if (v4.ok) return v4.cidr.toString();
    const v6 = parseIpv6Cidr(text);
    // "An IPv6 CIDR must use /64 or shorter" (RouteFilterPrefix reference).
    if (v6.ok && v6.cidr.prefixLength <= 64) return v6.cidr.toString();
    throw new DirectConnectClientException(`Route filter prefix ${text} is not a valid CIDR.`);
  });
}

function createVirtualInterface(
  ctx: WriteContext,
  type: "private" | "public",
  connectionId: string | undefined,
  spec: NewVirtualInterfaceInput | undefined,
): { virtualInterface: VirtualInterfaceView } {
  const { tx, scope } = ctx;
  const dx = inDx(ctx);
  const connection = findConnection(ctx, connectionId);
  if (connection.connectionState === "deleted") throw new DxConnectionNotFound(connection.id);
  if (!spec)
    throw new DirectConnectClientException(
      `new${type === "private" ? "Private" : "Public"}VirtualInterface is required.`,
    );
  if (connection.connectionState !== "available" && connection.connectionState !== "down") {
    throw new DirectConnectClientException(
      `Connection ${connection.id} is in the ${connection.connectionState} state; a virtual interface needs an available connection.`,
    );
  }
  const name = required(spec.virtualInterfaceName, "virtualInterfaceName");
  const vlan = spec.vlan ?? 0;
  if (!Number.isInteger(vlan) || vlan < 1 || vlan > 4094) {
    throw new DirectConnectClientException(`VLAN ${vlan} is not valid. The VLAN must be between 1 and 4094.`);
  }
  const siblings = dx.tx
    .listBy("dxVirtualInterface", dx.scope, "connectionId", connection.id)
    .filter((v) => v.virtualInterfaceState !== "deleted");
  if (siblings.some((v) => v.vlan === vlan)) {
    throw new DirectConnectClientException(`VLAN ${vlan} is already in use on connection ${connection.id}.`);
  }
  if (siblings.length >= (ctx.config.quotas.virtualInterfacesPerConnection ?? 50)) {
    throw new DirectConnectClientException(
      `The maximum number of virtual interfaces on connection ${connection.id} has been reached.`,
    );
  }
  const asn = spec.asn ?? 0;
  if (!Number.isInteger(asn) || asn < 1 || asn > 2_147_483_647) {
    throw new DirectConnectClientException(`ASN ${asn} is not valid. Valid ASNs are 1 to 2147483647.`);
  }
  const addressFamily = spec.addressFamily ?? "ipv4";
  if (addressFamily === "ipv6") {
    throw new DirectConnectClientException("vpcsim simulates IPv4 BGP peers only; use addressFamily ipv4.");
  }
  if (addressFamily !== "ipv4") {
    throw new DirectConnectClientException(
      `Address family ${addressFamily} is not valid. Valid values: ipv4, ipv6.`,
    );
  }
  const mtu = type === "private" ? (spec.mtu ?? 1500) : 1500;
  if (![1500, 8500, 9001].includes(mtu)) {
    throw new DirectConnectClientException(`MTU ${mtu} is not valid. Valid values: 1500, 9001.`);
  }
  let addresses: { amazonAddress: string; customerAddress: string };
  if (spec.amazonAddress !== undefined || spec.customerAddress !== undefined) {
    if (spec.amazonAddress === undefined || spec.customerAddress === undefined) {
      throw new DirectConnectClientException("Specify both amazonAddress and customerAddress, or neither.");
    }
    assertPeerAddresses(spec.amazonAddress, spec.customerAddress, type === "public");
    addresses = { amazonAddress: spec.amazonAddress, customerAddress: spec.customerAddress };
  } else if (type === "public") {
    throw new DirectConnectClientException(
      "amazonAddress and customerAddress are required for a public virtual interface (public IPv4 addresses you own).",
    );
  } else {
    addresses = allocatePeerAddresses(ctx);
  }
  if (spec.authKey !== undefined && (spec.authKey.length < 6 || spec.authKey.length > 80)) {
    throw new DirectConnectClientException("The BGP authentication key must be 6 to 80 characters long.");
  }
  const authKey = spec.authKey ?? `0x${randomText(ctx, 24, ALPHANUMERIC)}`;

  let amazonSideAsn = AMAZON_PUBLIC_ASN;
  let gateway: { virtualGatewayId: string } | { directConnectGatewayId: string } | undefined;
  if (type === "private") {
    const given = [spec.virtualGatewayId, spec.directConnectGatewayId].filter((g) => g !== undefined);
    if (given.length !== 1) {
      throw new DirectConnectClientException(
        "A private virtual interface needs exactly one of virtualGatewayId or directConnectGatewayId.",
      );
    }
    if (spec.virtualGatewayId !== undefined) {
      // Connecting to a virtual private gateway "only provides access to a single VPC within the same Region".
      const vgw = tx.get("vpnGateway", scope, spec.virtualGatewayId);
      if (!vgw || vgw.state === "deleted") throw new DxVirtualGatewayNotFound(spec.virtualGatewayId);
      amazonSideAsn = vgw.amazonSideAsn;
      gateway = { virtualGatewayId: vgw.id };
    } else {
      const dxgw = dx.tx.get("dxGateway", dx.scope, spec.directConnectGatewayId!);
      if (!dxgw || dxgw.directConnectGatewayState === "deleted") {
        throw new DxGatewayNotFound(spec.directConnectGatewayId!);
      }
      amazonSideAsn = dxgw.amazonSideAsn;
      gateway = { directConnectGatewayId: dxgw.id };
    }
  }
  const prefixes = type === "public" ? routeFilterPrefixes(spec.routeFilterPrefixes) : [];
  const tags = dxTags(spec.tags);
  const id = dxId(
    ctx,
    "dxvif",
    (candidate) => dx.tx.get("dxVirtualInterface", dx.scope, candidate) !== undefined,
  );
  const initial = type === "public" ? "verifying" : "pending";
  const peer: DxBgpPeer = {
    bgpPeerId: dxId(ctx, "dxpeer", () => false),
    asn,
    authKey,
    addressFamily: "ipv4",
    ...addresses,
    bgpPeerState: initial,
  };
  const dueAt = provisioning(ctx);
  const vif: DxVirtualInterface = {
    id,
    ownerId: scope.account,
    tags,
    region: scope.region,
    connectionId: connection.id,
    location: connection.location,
    virtualInterfaceType: type,
    virtualInterfaceName: name,
    vlan,
    asn,
    amazonSideAsn,
    authKey,
    ...addresses,
    addressFamily: "ipv4",
    virtualInterfaceState: initial,
    stateDueAt: dueAt,
    mtu,
    jumboFrameCapable: connection.jumboFrameCapable,
    ...gateway,
    routeFilterPrefixes: prefixes,
    bgpPeers: [peer],
    awsDevice: connection.awsDevice,
    awsLogicalDeviceId: connection.awsLogicalDeviceId,
    siteLinkEnabled: spec.enableSiteLink === true,
  };
  dx.tx.put("dxVirtualInterface", dx.scope, vif);
  scheduleTransition(dx, "dxVirtualInterface", id, dueAt);
  return { virtualInterface: viewVirtualInterface(ctx, vif) };
}

/** A private interface to a virtual private gateway (same region) or a Direct Connect gateway. */
export function createPrivateVirtualInterface(
  ctx: WriteContext,
  input: { connectionId?: string; newPrivateVirtualInterface?: NewVirtualInterfaceInput },
): { virtualInterface: VirtualInterfaceView } {
  return createVirtualInterface(ctx, "private", input.connectionId, input.newPrivateVirtualInterface);
}

/** A public interface: `verifying` until AWS has checked the customer's public prefixes. */
export function createPublicVirtualInterface(
  ctx: WriteContext,
  input: { connectionId?: string; newPublicVirtualInterface?: NewVirtualInterfaceInput },
): { virtualInterface: VirtualInterfaceView } {
  return createVirtualInterface(ctx, "public", input.connectionId, input.newPublicVirtualInterface);
}

function findVirtualInterface(ctx: ReadContext, id: string | undefined): DxVirtualInterface {
  const vifId = required(id, "virtualInterfaceId");
  const vif = ctx.tx.get("dxVirtualInterface", dxScope(ctx), vifId);
  if (!vif || vif.region !== ctx.scope.region) throw new DxVirtualInterfaceNotFound(vifId);
  return vif;
}

export function describeVirtualInterfaces(
  ctx: ReadContext,
  input: { connectionId?: string; virtualInterfaceId?: string },
): { virtualInterfaces: readonly VirtualInterfaceView[] } {
  let interfaces: readonly DxVirtualInterface[];
  if (input.virtualInterfaceId !== undefined) {
    const vif = findVirtualInterface(ctx, input.virtualInterfaceId);
    interfaces = input.connectionId === undefined || vif.connectionId === input.connectionId ? [vif] : [];
  } else if (input.connectionId !== undefined) {
    const connection = findConnection(ctx, input.connectionId);
    interfaces = ctx.tx.listBy("dxVirtualInterface", dxScope(ctx), "connectionId", connection.id);
  } else {
    interfaces = ctx.tx.listBy("dxVirtualInterface", dxScope(ctx), "region", ctx.scope.region);
  }
  return { virtualInterfaces: interfaces.map((v) => viewVirtualInterface(ctx, v)) };
}

export function deleteVirtualInterface(
  ctx: WriteContext,
  input: { virtualInterfaceId?: string },
): { virtualInterfaceState: string } {
  const vif = findVirtualInterface(ctx, input.virtualInterfaceId);
  if (vif.virtualInterfaceState === "deleted" || vif.virtualInterfaceState === "deleting") {
    return { virtualInterfaceState: vif.virtualInterfaceState };
  }
  const dx = inDx(ctx);
  const dueAt = provisioning(ctx);
  dx.tx.put("dxVirtualInterface", dx.scope, {
    ...vif,
    virtualInterfaceState: "deleting",
    stateDueAt: dueAt,
    bgpPeers: vif.bgpPeers.map((p) => ({ ...p, bgpPeerState: "deleting" })),
  });
  scheduleTransition(dx, "dxVirtualInterface", vif.id, dueAt);
  return { virtualInterfaceState: "deleting" };
}

/** pending/verifying → available, deleting → deleted (then gone after the retention). */
export function advanceDxVirtualInterface(ctx: WriteContext, id: string): void {
  const vif = ctx.tx.get("dxVirtualInterface", ctx.scope, id);
  if (!vif) return;
  if (vif.virtualInterfaceState === "deleted") {
    if (isDue(vif.retainUntil, ctx)) ctx.tx.delete("dxVirtualInterface", ctx.scope, id);
    return;
  }
  if (!isDue(vif.stateDueAt, ctx)) return;
  const { stateDueAt: _due, ...rest } = vif;
  if (vif.virtualInterfaceState === "pending" || vif.virtualInterfaceState === "verifying") {
    ctx.tx.put("dxVirtualInterface", ctx.scope, {
      ...rest,
      virtualInterfaceState: "available",
      bgpPeers: vif.bgpPeers.map((p) => ({ ...p, bgpPeerState: "available" })),
    });
  } else if (vif.virtualInterfaceState === "deleting") {
    const retainUntil = after(ctx, ctx.config.delays.deletedRetentionMs);
    ctx.tx.put("dxVirtualInterface", ctx.scope, {
      ...rest,
      virtualInterfaceState: "deleted",
      bgpPeers: vif.bgpPeers.map((p) => ({ ...p, bgpPeerState: "deleted" })),
      retainUntil,
    });
    scheduleTransition(ctx, "dxVirtualInterface", id, retainUntil);
  }
}

// ---- Direct Connect gateways --------------------------------------------------------------------

export function createDirectConnectGateway(
  ctx: WriteContext,
  input: { directConnectGatewayName?: string; amazonSideAsn?: number },
): { directConnectGateway: DxGateway } {
  const name = required(input.directConnectGatewayName, "directConnectGatewayName");
  const amazonSideAsn = input.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;
  try {
    assertAmazonSideAsn(amazonSideAsn);
  } catch {
    throw new DirectConnectClientException(
      `amazonSideAsn ${amazonSideAsn} is not valid. Use a private ASN: 64512 to 65534, or 4200000000 to 4294967294.`,
    );
  }
  const dx = inDx(ctx);
  const live = dx.tx.list("dxGateway", dx.scope).filter((g) => g.directConnectGatewayState !== "deleted");
  if (live.length >= (ctx.config.quotas.directConnectGatewaysPerAccount ?? 200)) {
    throw new DirectConnectClientException("The maximum number of Direct Connect gateways has been reached.");
  }
  const gateway: DxGateway = {
    id: uuid(ctx, "dxgw"),
    ownerId: ctx.scope.account,
    tags: [],
    directConnectGatewayName: name,
    amazonSideAsn,
    // The AWS CLI's create-direct-connect-gateway example answers `available` at once.
    directConnectGatewayState: "available",
  };
  dx.tx.put("dxGateway", dx.scope, gateway);
  return { directConnectGateway: gateway };
}

export interface DescribeDirectConnectGatewaysInput {
  readonly directConnectGatewayId?: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

/** The account's gateways, from any region (they are global). An unknown id finds nothing. */
export function describeDirectConnectGateways(
  ctx: ReadContext,
  input: DescribeDirectConnectGatewaysInput,
): { directConnectGateways: readonly DxGateway[]; nextToken?: string } {
  const all = ctx.tx.list("dxGateway", dxScope(ctx));
  const gateways =
    input.directConnectGatewayId === undefined
      ? all
      : all.filter((g) => g.id === input.directConnectGatewayId);
  const page = dxPage(gateways, input.maxResults, input.nextToken, [
    "DescribeDirectConnectGateways",
    input.directConnectGatewayId ?? "",
  ]);
  return { directConnectGateways: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

// ---- Direct Connect gateway associations ----------------------------------------------------------

export interface CreateDirectConnectGatewayAssociationInput {
  readonly directConnectGatewayId?: string;
  readonly gatewayId?: string;
  readonly virtualGatewayId?: string;
  readonly addAllowedPrefixesToDirectConnectGateway?: readonly string[];
}

/**
 * Associates a virtual private gateway of the request's region with a Direct Connect gateway: "The
 * virtual private gateway must be attached to a VPC and must not be associated with another Direct
 * Connect gateway" (API reference). The allowed prefixes default to the VPC's blocks.
 */
export function createDirectConnectGatewayAssociation(
  ctx: WriteContext,
  input: CreateDirectConnectGatewayAssociationInput,
): { association: DxGatewayAssociation } {
  const { tx, scope } = ctx;
  const dx = inDx(ctx);
  const dxgwId = required(input.directConnectGatewayId, "directConnectGatewayId");
  const dxgw = dx.tx.get("dxGateway", dx.scope, dxgwId);
  if (!dxgw || dxgw.directConnectGatewayState === "deleted") throw new DxGatewayNotFound(dxgwId);
  if (
    input.gatewayId !== undefined &&
    input.virtualGatewayId !== undefined &&
    input.gatewayId !== input.virtualGatewayId
  ) {
    throw new DirectConnectClientException("gatewayId and virtualGatewayId name different gateways.");
  }
  const gatewayId = input.gatewayId ?? input.virtualGatewayId;
  if (gatewayId === undefined) {
    throw new DirectConnectClientException("Either gatewayId or virtualGatewayId must be specified.");
  }
  const vgw = tx.get("vpnGateway", scope, gatewayId);
  if (!vgw || vgw.state === "deleted") throw new DxVirtualGatewayNotFound(gatewayId);
  const attachment = vgw.attachments[0];
  if (attachment?.state !== "attached") {
    throw new DirectConnectClientException(`Virtual private gateway ${vgw.id} is not attached to a VPC.`);
  }
  const existing = dx.tx
    .listBy("dxGatewayAssociation", dx.scope, "virtualGatewayId", vgw.id)
    .find((a) => a.associationState !== "disassociated");
  if (existing) {
    throw new DirectConnectClientException(
      `Virtual private gateway ${vgw.id} is already associated with Direct Connect gateway ${existing.directConnectGatewayId}.`,
    );
  }
  let allowedPrefixes: string[];
  if (input.addAllowedPrefixesToDirectConnectGateway !== undefined) {
    allowedPrefixes = input.addAllowedPrefixesToDirectConnectGateway.map((text) => {
      const v4 = parseIpv4Cidr(text);
      if (v4.ok) return v4.cidr.toString();
      const v6 = parseIpv6Cidr(text);
      if (v6.ok) return v6.cidr.toString();
      throw new DirectConnectClientException(`Allowed prefix ${text} is not a valid CIDR.`);
    });
  } else {
    const vpc = tx.get("vpc", scope, attachment.vpcId);
    allowedPrefixes = (vpc?.cidrBlockAssociations ?? [])
      .filter((a) => a.state === "associated")
      .map((a) => a.cidrBlock);
  }
  const dueAt = provisioning(ctx);
  const association: DxGatewayAssociation = {
    id: uuid(ctx, "dxassoc"),
    ownerId: scope.account,
    tags: [],
    directConnectGatewayId: dxgw.id,
    directConnectGatewayOwnerAccount: dxgw.ownerId,
    associationState: "associating",
    stateDueAt: dueAt,
    virtualGatewayId: vgw.id,
    virtualGatewayRegion: scope.region,
    virtualGatewayOwnerAccount: vgw.ownerId,
    allowedPrefixes,
  };
  dx.tx.put("dxGatewayAssociation", dx.scope, association);
  scheduleTransition(dx, "dxGatewayAssociation", association.id, dueAt);
  return { association };
}

export interface DescribeDirectConnectGatewayAssociationsInput {
  readonly associationId?: string;
  readonly associatedGatewayId?: string;
  readonly directConnectGatewayId?: string;
  readonly virtualGatewayId?: string;
  readonly maxResults?: number;
  readonly nextToken?: string;
}

export function describeDirectConnectGatewayAssociations(
  ctx: ReadContext,
  input: DescribeDirectConnectGatewayAssociationsInput,
): { associations: readonly DxGatewayAssociation[]; nextToken?: string } {
  const dx = dxScope(ctx);
  if (
    input.directConnectGatewayId !== undefined &&
    !ctx.tx.get("dxGateway", dx, input.directConnectGatewayId)
  ) {
    throw new DxGatewayNotFound(input.directConnectGatewayId);
  }
  const associations = ctx.tx
    .list("dxGatewayAssociation", dx)
    .filter(
      (a) =>
        (input.associationId === undefined || a.id === input.associationId) &&
        (input.directConnectGatewayId === undefined ||
          a.directConnectGatewayId === input.directConnectGatewayId) &&
        (input.virtualGatewayId === undefined || a.virtualGatewayId === input.virtualGatewayId) &&
        (input.associatedGatewayId === undefined || a.virtualGatewayId === input.associatedGatewayId),
    );
  const page = dxPage(associations, input.maxResults, input.nextToken, [
    "DescribeDirectConnectGatewayAssociations",
    input.associationId ?? "",
    input.associatedGatewayId ?? "",
    input.directConnectGatewayId ?? "",
    input.virtualGatewayId ?? "",
  ]);
  return { associations: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

/** associating → associated. */
export function advanceDxGatewayAssociation(ctx: WriteContext, id: string): void {
  const association = ctx.tx.get("dxGatewayAssociation", ctx.scope, id);
  if (!association || !isDue(association.stateDueAt, ctx)) return;
  const { stateDueAt: _due, ...rest } = association;
  if (association.associationState === "associating") {
    ctx.tx.put("dxGatewayAssociation", ctx.scope, { ...rest, associationState: "associated" });
  }
}
