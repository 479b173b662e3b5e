/**
 * Which on-premises prefixes a virtual private gateway reaches, through which VPN connection,
 * tunnel or Direct Connect virtual interface, and which route wins: AWS's route priority as pure
 * functions over records, shared by the control plane (propagated routes in DescribeRouteTables)
 * and the data plane (forwarding).
 *
 * AWS's order (VPC User Guide, "How route priority works"; Site-to-Site VPN User Guide, "Route
 * tables and VPN route priority"):
 * 1. the longest prefix, except that the local route beats any propagated route that overlaps
 *    it, however specific;
 * 2. for the same prefix: static routes, then prefix-list routes, then propagated routes;
 * 3. inside the virtual private gateway, for the same prefix: Direct Connect BGP routes, then VPN
 *    static routes, then VPN BGP routes, then the shortest AS path; the health of a tunnel
 *    endpoint takes precedence over all of these.
 */
import { type IpAddress, type Ipv4Cidr, parseCidr, parseIpv4Cidr } from "../net/index.js";
import { type DxConnection, type DxVirtualInterface, MAX_ROUTES_PER_BGP_SESSION } from "./direct-connect.js";
import type { Route, Tag } from "./resources.js";
import { type CustomerGateway, tagList, tunnelsUp, VPCSIM_TAGS, type VpnConnection } from "./vpn.js";

/** Where a virtual private gateway learned a prefix. */
export type VgwPathSource = "direct-connect-bgp" | "vpn-static" | "vpn-bgp";

/** Preference inside a virtual private gateway for the same prefix, most preferred first. */
export const VGW_PATH_PRIORITY: readonly VgwPathSource[] = ["direct-connect-bgp", "vpn-static", "vpn-bgp"];

/** What kind of route a route table entry is, for priority. */
export type RouteSource = "local" | "static" | "prefix-list" | "propagated";

/** Preference in a route table for the same prefix length, most preferred first. */
export const ROUTE_SOURCE_PRIORITY: readonly RouteSource[] = ["local", "static", "prefix-list", "propagated"];

/** AWS's limit on dynamic routes from one BGP session (VPN and Direct Connect quotas). */
export const MAX_BGP_ROUTES = MAX_ROUTES_PER_BGP_SESSION;

/** One way a virtual private gateway can send traffic to an on-premises prefix. */
export interface VgwPath {
  /** A canonical IPv4 CIDR. */
  readonly prefix: string;
  readonly source: VgwPathSource;
  readonly vpnConnectionId?: string;
  readonly virtualInterfaceId?: string;
  /** Set when the interface ends on a Direct Connect gateway associated with the virtual private gateway. */
  readonly directConnectGatewayId?: string;
  /** VPN paths: outside addresses of the tunnels that are up, in tunnel order. */
  readonly tunnels?: readonly string[];
  /** Whether the path carries traffic now: a VPN with a tunnel up, an interface with BGP up. */
  readonly healthy: boolean;
  /** BGP AS path as the gateway sees it (the peer's ASN); empty for static routes. */
  readonly asPath: readonly number[];
}

/** The IPv4 prefixes of a `vpcsim:advertised-prefixes` tag, canonical and without duplicates. */
export function advertisedPrefixes(tags: readonly Tag[]): string[] | undefined {
  const items = tagList(tags, VPCSIM_TAGS.advertisedPrefixes);
  if (items === undefined) return undefined;
  const prefixes = new Set<string>();
  for (const item of items) {
    // Virtual private gateways carry IPv4 only ("Virtual private gateways do not support IPv6 traffic").
    const parsed = parseIpv4Cidr(item);
    if (parsed.ok) prefixes.add(parsed.cidr.toString());
  }
  return [...prefixes];
}

/** The prefixes the customer's device advertises over a BGP VPN connection: the connection's tag, else the customer gateway's. */
export function vpnBgpPrefixes(
  connection: VpnConnection,
  customerGateway: CustomerGateway | undefined,
): string[] {
  return (
    advertisedPrefixes(connection.tags) ??
    (customerGateway ? advertisedPrefixes(customerGateway.tags) : []) ??
    []
  );
}

/** Whether BGP runs on a VPN connection: a BGP connection, available, with a tunnel up, within the route limit. */
export function vpnBgpUp(connection: VpnConnection, customerGateway: CustomerGateway | undefined): boolean {
  return (
    !connection.staticRoutesOnly &&
    tunnelsUp(connection).length > 0 &&
    vpnBgpPrefixes(connection, customerGateway).length <= MAX_BGP_ROUTES
  );
}

/**
 * The paths of one VPN connection. Static routes stay configured while both tunnels are down (the
 * path is then unhealthy); BGP routes are withdrawn when no tunnel is up.
 */
export function vpnConnectionPaths(
  connection: VpnConnection,
  customerGateway: CustomerGateway | undefined,
): VgwPath[] {
  if (connection.state !== "available") return [];
  const tunnels = tunnelsUp(connection);
  if (connection.staticRoutesOnly) {
    return connection.routes
      .filter((r) => r.state === "available")
      .map((r) => ({
        prefix: r.destinationCidrBlock,
        source: "vpn-static" as const,
        vpnConnectionId: connection.id,
        tunnels,
        healthy: tunnels.length > 0,
        asPath: [],
      }));
  }
  if (!vpnBgpUp(connection, customerGateway)) return [];
  const asn = customerGateway?.bgpAsn;
  return vpnBgpPrefixes(connection, customerGateway).map((prefix) => ({
    prefix,
    source: "vpn-bgp" as const,
    vpnConnectionId: connection.id,
    tunnels,
    healthy: true,
    asPath: asn === undefined ? [] : [asn],
  }));
}

/**
 * Whether the BGP session of a virtual interface is up: the interface and its connection are
 * available and the customer advertises at most 100 routes ("If you advertise more than 100
 * routes … the BGP session goes into an idle state", Direct Connect quotas).
 */
export function virtualInterfaceBgpUp(
  vif: DxVirtualInterface,
  connection: DxConnection | undefined,
): boolean {
  return (
    vif.virtualInterfaceState === "available" &&
    connection?.connectionState === "available" &&
    (advertisedPrefixes(vif.tags) ?? []).length <= MAX_BGP_ROUTES
  );
}

/** The paths of one private virtual interface (its BGP routes), when its session is up. */
export function virtualInterfacePaths(
  vif: DxVirtualInterface,
  connection: DxConnection | undefined,
): VgwPath[] {
  if (vif.virtualInterfaceType !== "private" || !virtualInterfaceBgpUp(vif, connection)) return [];
  return (advertisedPrefixes(vif.tags) ?? []).map((prefix) => ({
    prefix,
    source: "direct-connect-bgp" as const,
    virtualInterfaceId: vif.id,
    ...(vif.directConnectGatewayId !== undefined
      ? { directConnectGatewayId: vif.directConnectGatewayId }
      : {}),
    healthy: true,
    asPath: [vif.asn],
  }));
}

/** What a virtual private gateway learns from: its VPN connections and the private interfaces that reach it. */
export interface VgwRoutingInputs {
  /** The gateway's VPN connections (any state). */
  readonly vpnConnections: readonly VpnConnection[];
  readonly customerGateway: (id: string) => CustomerGateway | undefined;
  /**
   * Private interfaces ending on the gateway, or on a Direct Connect gateway whose association with
   * it is `associated`.
   */
  readonly virtualInterfaces: readonly DxVirtualInterface[];
  readonly connection: (id: string) => DxConnection | undefined;
}

/** Orders two paths to the same prefix, the preferred one first. */
export function compareVgwPaths(a: VgwPath, b: VgwPath): number {
  if (a.healthy !== b.healthy) return a.healthy ? -1 : 1;
  const rank = VGW_PATH_PRIORITY.indexOf(a.source) - VGW_PATH_PRIORITY.indexOf(b.source);
  if (rank !== 0) return rank;
  if (a.asPath.length !== b.asPath.length) return a.asPath.length - b.asPath.length;
  const idA = a.vpnConnectionId ?? a.virtualInterfaceId ?? "";
  const idB = b.vpnConnectionId ?? b.virtualInterfaceId ?? "";
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/**
 * Every on-premises prefix the gateway reaches, in address order, each with its paths best first.
 * The gateway propagates one route per prefix into the route tables that propagate from it.
 */
export function vgwRoutes(inputs: VgwRoutingInputs): Map<string, VgwPath[]> {
  const paths: VgwPath[] = [];
  for (const c of inputs.vpnConnections)
    paths.push(...vpnConnectionPaths(c, inputs.customerGateway(c.customerGatewayId)));
  for (const v of inputs.virtualInterfaces)
    paths.push(...virtualInterfacePaths(v, inputs.connection(v.connectionId)));
  const byPrefix = new Map<string, VgwPath[]>();
  const sorted = [...paths].sort((a, b) => comparePrefixes(a.prefix, b.prefix) || compareVgwPaths(a, b));
  for (const p of sorted) {
    const list = byPrefix.get(p.prefix);
    if (list) list.push(p);
    else byPrefix.set(p.prefix, [p]);
  }
  return byPrefix;
}

function comparePrefixes(a: string, b: string): number {
  if (a === b) return 0;
  const ca = ipv4(a);
  const cb = ipv4(b);
  return ca.network - cb.network || ca.prefixLength - cb.prefixLength;
}

function ipv4(text: string): Ipv4Cidr {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(`not an IPv4 prefix: ${text}`);
  return parsed.cidr;
}

/** The kind of a route table entry for priority. */
export function routeSource(route: Route): RouteSource {
  if (route.origin === "CreateRouteTable") return "local";
  if (route.origin === "EnableVgwRoutePropagation") return "propagated";
  if (route.destination.kind === "prefix-list") return "prefix-list";
  return "static";
}

/**
 * The route of `routes` that carries traffic to `address`, by AWS's priority, or undefined. A
 * prefix-list destination matches when `prefixListMatch` returns the length of the list's entry
 * that contains the address. A blackhole route still wins when it is the best match (AWS drops
 * the traffic rather than falling back).
 */
export function selectRoute<R extends Route>(
  routes: readonly R[],
  address: IpAddress,
  prefixListMatch?: (prefixListId: string, address: IpAddress) => number | undefined,
): R | undefined {
  const candidates: { route: R; length: number; rank: number }[] = [];
  let localMatches = false;
  for (const route of routes) {
    const length = matchLength(route, address, prefixListMatch);
    if (length === undefined) continue;
    const source = routeSource(route);
    if (source === "local") localMatches = true;
    candidates.push({ route, length, rank: ROUTE_SOURCE_PRIORITY.indexOf(source) });
  }
  // "If propagated routes … overlap with the local route for your VPC, the local route is most
  // preferred even if the propagated routes are more specific."
  const eligible = localMatches
    ? candidates.filter((c) => ROUTE_SOURCE_PRIORITY[c.rank] !== "propagated")
    : candidates;
  let best: (typeof candidates)[number] | undefined;
  for (const c of eligible) {
    if (!best || c.length > best.length || (c.length === best.length && c.rank < best.rank)) best = c;
  }
  return best?.route;
}

function matchLength(
  route: Route,
  address: IpAddress,
  prefixListMatch: ((prefixListId: string, address: IpAddress) => number | undefined) | undefined,
): number | undefined {
  const d = route.destination;
  if (d.kind === "prefix-list") return prefixListMatch?.(d.prefixListId, address);
  const parsed = parseCidr(d.cidr);
  if (!parsed.ok || !parsed.cidr.contains(address)) return undefined;
  return parsed.cidr.prefixLength;
}

/**
 * The VPC blocks a Direct Connect gateway association advertises to the customer's network: the
 * allowed prefixes act as a filter, and a VPC block passes when an allowed prefix is the same or
 * wider ("When the allowed prefixes list is set to 10.0.0.0/15, you do receive 10.0.0.0/16";
 * 10.0.0.0/24 lets nothing through). Direct Connect User Guide, "Allowed prefixes interactions".
 */
export function advertisedVpcBlocks(
  vpcBlocks: readonly string[],
  allowedPrefixes: readonly string[],
): string[] {
  const allowed = allowedPrefixes.flatMap((p) => {
    const parsed = parseCidr(p);
    return parsed.ok ? [parsed.cidr] : [];
  });
  return vpcBlocks.filter((block) => {
    const parsed = parseCidr(block);
    return parsed.ok && allowed.some((a) => a.containsCidr(parsed.cidr));
  });
}
