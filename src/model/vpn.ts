/**
 * Site-to-Site VPN: virtual private gateways, customer gateways and VPN connections. These decide
 * which on-premises prefixes a VPC reaches through which gateway, connection and tunnel, so every
 * field the data plane reads is stored exactly: attachment states, tunnel outside and inside
 * addresses, static routes and their states, whether a connection is static or BGP.
 *
 * What AWS learns from the customer's device and no EC2 call can set is read from documented
 * vpcsim tags (see `VPCSIM_TAGS`), so that scenarios stay reproducible through the normal API.
 */
import type { Tag } from "./resources.js";

interface Owned {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly Tag[];
}

/** The states of gateways and connections (EC2 `VpnState`). */
export type VpnState = "pending" | "available" | "deleting" | "deleted";

/** The states of a virtual private gateway's VPC attachment (EC2 `AttachmentStatus`). */
export type VpnAttachmentState = "attaching" | "attached" | "detaching" | "detached";

/** The only VPN type AWS supports. */
export const VPN_TYPE = "ipsec.1";

export interface VpnGatewayAttachment {
  readonly vpcId: string;
  readonly state: VpnAttachmentState;
  /** When the transitional state (attaching, detaching) ends. */
  readonly dueAt?: Date;
}

export interface VpnGateway extends Owned {
  readonly type: typeof VPN_TYPE;
  readonly state: VpnState;
  /** Optional zone given at creation (AWS returns it only when given). */
  readonly availabilityZone?: string;
  readonly amazonSideAsn: number;
  /**
   * The latest attachment, if any. AWS keeps showing a detached attachment (`detached`) until the
   * gateway is attached again, so the list holds at most one entry.
   */
  readonly attachments: readonly VpnGatewayAttachment[];
  /** The VPC of an attachment that is not `detached`, top-level so that the store indexes it. */
  readonly vpcId?: string;
  /** Deleted gateways stay visible until this time, then the record is removed. */
  readonly retainUntil?: Date;
}

export interface CustomerGateway extends Owned {
  readonly type: typeof VPN_TYPE;
  readonly state: VpnState;
  /** The device's ASN: 1–2147483647 (`BgpAsn`) or 2147483648–4294967295 (`BgpAsnExtended`). */
  readonly bgpAsn: number;
  readonly ipAddress?: string;
  readonly deviceName?: string;
  readonly certificateArn?: string;
  readonly retainUntil?: Date;
}

/** A VPN tunnel: the AWS endpoint's outside address and the tunnel's inside /30. */
export interface VpnTunnel {
  /** The public address of the virtual private gateway's endpoint for this tunnel. */
  readonly outsideIpAddress: string;
  /** A /30 in 169.254.0.0/16: AWS's side is the first host address, the customer's the second. */
  readonly insideCidr: string;
  readonly preSharedKey: string;
  /** IKE and IPsec options given at creation; AWS's defaults apply to the others. */
  readonly phase1LifetimeSeconds?: number;
  readonly phase2LifetimeSeconds?: number;
  readonly rekeyMarginTimeSeconds?: number;
  readonly rekeyFuzzPercentage?: number;
  readonly replayWindowSize?: number;
  readonly dpdTimeoutSeconds?: number;
  readonly dpdTimeoutAction?: string;
  readonly startupAction?: string;
  readonly phase1EncryptionAlgorithms?: readonly string[];
  readonly phase2EncryptionAlgorithms?: readonly string[];
  readonly phase1IntegrityAlgorithms?: readonly string[];
  readonly phase2IntegrityAlgorithms?: readonly string[];
  readonly phase1DhGroupNumbers?: readonly number[];
  readonly phase2DhGroupNumbers?: readonly number[];
  readonly ikeVersions?: readonly string[];
}

export type VpnStaticRouteState = "pending" | "available" | "deleting" | "deleted";

/** A static route of a static VPN connection: an on-premises prefix reachable through it. */
export interface VpnStaticRoute {
  readonly destinationCidrBlock: string;
  readonly state: VpnStaticRouteState;
  readonly dueAt?: Date;
}

export interface VpnConnection extends Owned {
  readonly type: typeof VPN_TYPE;
  readonly category: "VPN";
  readonly state: VpnState;
  readonly stateDueAt?: Date;
  readonly customerGatewayId: string;
  readonly vpnGatewayId: string;
  /** Static routes only (no BGP): on-premises prefixes come from `routes`; otherwise from BGP. */
  readonly staticRoutesOnly: boolean;
  readonly enableAcceleration: boolean;
  /** Traffic selectors: the on-premises and AWS sides of the tunnels (default 0.0.0.0/0). */
  readonly localIpv4NetworkCidr: string;
  readonly remoteIpv4NetworkCidr: string;
  readonly outsideIpAddressType: "PublicIpv4";
  readonly tunnelInsideIpVersion: "ipv4";
  /** Always two tunnels, in AWS's order. */
  readonly tunnels: readonly VpnTunnel[];
  readonly routes: readonly VpnStaticRoute[];
  readonly createdAt: Date;
  /** When the connection became available: the tunnels' `LastStatusChange`. */
  readonly availableSince?: Date;
  readonly retainUntil?: Date;
}

/**
 * vpcsim's conventions for what the customer's side does, which no EC2 or Direct Connect call can
 * set. Values are comma-separated; a long list continues in tags with a suffix (`…:2`, `…:3`).
 *
 * - `vpcsim:advertised-prefixes` on a VPN connection, else on its customer gateway: the IPv4
 *   prefixes the customer's device advertises over BGP (BGP connections only). On a Direct Connect
 *   virtual interface (given in `tags` at creation): the prefixes advertised over its BGP session.
 * - `vpcsim:tunnels-down` on a VPN connection: the tunnels that are down, by number (`1`, `2`) or
 *   by outside address. Every other tunnel of an available connection is up: the simulated
 *   customer device connects as soon as AWS's side is ready.
 */
export const VPCSIM_TAGS = {
  advertisedPrefixes: "vpcsim:advertised-prefixes",
  tunnelsDown: "vpcsim:tunnels-down",
} as const;

/**
 * The items of a vpcsim tag, split at commas, trimmed, empty items dropped; undefined when no tag
 * has the key. A tag value holds at most 256 characters, so a list may continue in further tags
 * whose keys add a suffix (`vpcsim:advertised-prefixes:2`, `…:3`, …), read in key order.
 */
export function tagList(tags: readonly Tag[], key: string): string[] | undefined {
  const parts = tags
    .filter((t) => t.key === key || t.key.startsWith(`${key}:`))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (parts.length === 0) return undefined;
  return parts.flatMap((t) =>
    t.value
      .split(",")
      .map((v) => v.trim())
      .filter((v) => v !== ""),
  );
}

/** Whether tunnel `index` (0-based) of `connection` is down by the `vpcsim:tunnels-down` convention. */
export function isTunnelDown(connection: VpnConnection, index: number): boolean {
  const down = tagList(connection.tags, VPCSIM_TAGS.tunnelsDown) ?? [];
  const tunnel = connection.tunnels[index];
  return down.includes(String(index + 1)) || (tunnel !== undefined && down.includes(tunnel.outsideIpAddress));
}

/** The outside addresses of the tunnels that are up (the connection must be available). */
export function tunnelsUp(connection: VpnConnection): string[] {
  if (connection.state !== "available") return [];
  return connection.tunnels.filter((_, i) => !isTunnelDown(connection, i)).map((t) => t.outsideIpAddress);
}
