/**
 * Connection tracking: what makes security groups stateful, and NAT gateway translations.
 *
 * AWS (EC2 User Guide, "Security group connection tracking"):
 * - A packet of a tracked connection passes the interface's security groups whatever their rules
 *   say now: removing the rule that allowed a connection does not cut it; it lives until it has
 *   been idle for its timeout.
 * - Idle timeouts (ConnectionTrackingConfiguration, EC2 API reference): TCP established 432,000 s
 *   (5 days); UDP flows seen in one direction or with a single request-response 30 s; UDP
 *   streams (more than one request-response) 180 s. "For protocols other than TCP, UDP, or ICMP,
 *   only the IP address and protocol number is tracked" and a reply "within 600 seconds" counts
 *   as response traffic. ICMP and not-yet-established TCP: no documented figure; 60 s here.
 * - Untracked flows: when a rule allows TCP or UDP from (or to) all addresses (0.0.0.0/0, ::/0)
 *   and a rule in the other direction allows all response traffic to all addresses on all ports,
 *   the flow is not tracked, and "an untracked flow of traffic is immediately interrupted if the
 *   rule that enables the flow is removed". ICMP is always tracked; so are connections through
 *   a NAT gateway (and other "automatically tracked" paths).
 * - NAT gateways time a connection out after 350 s idle (VPC User Guide, "NAT gateway basics").
 *
 * Pure: time comes from the injected clock, nothing is persisted. The table lives in the process
 * that runs the simulation (the server), as AWS's lives in the hypervisor: a restart forgets it.
 */
import type { Clock } from "../model/clock.js";
import type { SecurityGroup, SecurityGroupRule } from "../model/resources.js";
import type { ConnectionTracker, Direction, Packet, SecurityGroupRuleRef } from "./types.js";

export interface ConntrackTimeouts {
  /** TCP established (seconds). */
  readonly tcpEstablished: number;
  /** TCP before the reply (SYN seen in one direction only). */
  readonly tcpUnestablished: number;
  /** UDP seen in one direction, or a single request-response. */
  readonly udp: number;
  /** UDP with more than one request-response transaction. */
  readonly udpStream: number;
  readonly icmp: number;
  /** Protocols other than TCP, UDP and ICMP. */
  readonly other: number;
  /** Translations of a NAT gateway. */
  readonly natGateway: number;
}

export const DEFAULT_CONNTRACK_TIMEOUTS: ConntrackTimeouts = {
  tcpEstablished: 432_000,
  tcpUnestablished: 60,
  udp: 30,
  udpStream: 180,
  icmp: 60,
  other: 600,
  natGateway: 350,
};

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;

export type ConnectionState = "unreplied" | "established";

/** A connection tracked on one interface, from that interface's point of view. */
export interface TrackedConnection {
  readonly interfaceId: string;
  readonly protocol: number;
  /** The interface's side (its address and port) and the peer's. */
  readonly localAddress: string;
  readonly localPort?: number;
  readonly remoteAddress: string;
  readonly remotePort?: number;
  /** Which way the first packet crossed the interface. */
  readonly initiated: Direction;
  readonly state: ConnectionState;
  /** Request-response transactions seen (UDP streams after more than one). */
  readonly exchanges: number;
  readonly lastSeenMs: number;
  readonly expiresAtMs: number;
}

/** A NAT gateway translation: the private side and the address and port it was given. */
export interface NatTranslation {
  readonly natGatewayId: string;
  readonly protocol: number;
  readonly privateAddress: string;
  readonly privatePort?: number;
  readonly publicAddress: string;
  readonly publicPort?: number;
  readonly remoteAddress: string;
  readonly remotePort?: number;
  readonly lastSeenMs: number;
  readonly expiresAtMs: number;
}

const portsMatter = (protocol: number): boolean => protocol === TCP || protocol === UDP;

/**
 * The tuple key of a packet crossing `interfaceId` in `direction`, from the interface's side (both
 * directions of a connection have the same key). Callers that see the same packet again may keep it.
 */
export function connectionKey(interfaceId: string, direction: Direction, packet: Packet): string {
  const egress = direction === "egress";
  const local = egress ? packet.source : packet.destination;
  const remote = egress ? packet.destination : packet.source;
  if (!portsMatter(packet.protocol)) return `${interfaceId}|${packet.protocol}|${local}|${remote}`;
  const localPort = egress ? packet.sourcePort : packet.destinationPort;
  const remotePort = egress ? packet.destinationPort : packet.sourcePort;
  return `${interfaceId}|${packet.protocol}|${local}|${localPort}|${remote}|${remotePort}`;
}

function natKey(
  natGatewayId: string,
  protocol: number,
  privateAddress: string,
  privatePort: number | undefined,
  remoteAddress: string,
  remotePort: number | undefined,
): string {
  return `${natGatewayId}|${protocol}|${privateAddress}|${privatePort ?? ""}|${remoteAddress}|${remotePort ?? ""}`;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class ConnectionTable implements ConnectionTracker {
  readonly #clock: Clock;
  readonly #timeouts: ConntrackTimeouts;
  readonly #connections = new Map<string, Mutable<TrackedConnection>>();
  readonly #translations = new Map<string, NatTranslation>();

  constructor(clock: Clock, timeouts: Partial<ConntrackTimeouts> = {}) {
    this.#clock = clock;
    this.#timeouts = { ...DEFAULT_CONNTRACK_TIMEOUTS, ...timeouts };
  }

  get timeouts(): ConntrackTimeouts {
    return this.#timeouts;
  }

  /** Whether `packet`, crossing `interfaceId` in `direction`, belongs to a live tracked connection. */
  isTracked(interfaceId: string, direction: Direction, packet: Packet): boolean {
    const entry = this.#connections.get(connectionKey(interfaceId, direction, packet));
    if (entry === undefined) return false;
    if (entry.expiresAtMs <= this.#clock.now().getTime()) {
      this.#connections.delete(connectionKey(interfaceId, direction, packet));
      return false;
    }
    return true;
  }

  /** The live entry of the connection `packet` belongs to on `interfaceId`, if any. */
  lookup(interfaceId: string, direction: Direction, packet: Packet): TrackedConnection | undefined {
    return this.isTracked(interfaceId, direction, packet)
      ? this.#connections.get(connectionKey(interfaceId, direction, packet))
      : undefined;
  }

  /**
   * Records traffic of a connection on an interface: creates the entry (the packet's direction is
   * the initiating one) or refreshes it. `replied` says the peer answered during this exchange.
   */
  track(
    interfaceId: string,
    direction: Direction,
    packet: Packet,
    replied: boolean,
    key = connectionKey(interfaceId, direction, packet),
    nowMs = this.#clock.now().getTime(),
  ): TrackedConnection {
    const live = this.#connections.get(key);
    if (live !== undefined && live.expiresAtMs > nowMs) {
      if (replied) {
        live.state = "established";
        live.exchanges++;
      }
      live.lastSeenMs = nowMs;
      live.expiresAtMs = nowMs + this.idleTimeout(live.protocol, live.state, live.exchanges) * 1000;
      return live;
    }
    const egress = direction === "egress";
    const state: ConnectionState = replied ? "established" : "unreplied";
    const exchanges = replied ? 1 : 0;
    const entry: Mutable<TrackedConnection> = {
      interfaceId,
      protocol: packet.protocol,
      localAddress: egress ? packet.source : packet.destination,
      remoteAddress: egress ? packet.destination : packet.source,
      ...(portsMatter(packet.protocol)
        ? {
            localPort: egress ? packet.sourcePort : packet.destinationPort,
            remotePort: egress ? packet.destinationPort : packet.sourcePort,
          }
        : {}),
      initiated: direction,
      state,
      exchanges,
      lastSeenMs: nowMs,
      expiresAtMs: nowMs + this.idleTimeout(packet.protocol, state, exchanges) * 1000,
    };
    this.#connections.set(key, entry);
    return entry;
  }

  /** Forgets a connection (a TCP connection closed with FIN or RST). */
  close(interfaceId: string, direction: Direction, packet: Packet, key?: string): boolean {
    if (this.#connections.size === 0) return false;
    return this.#connections.delete(key ?? connectionKey(interfaceId, direction, packet));
  }

  /** The idle timeout of a connection, in seconds. */
  idleTimeout(protocol: number, state: ConnectionState, exchanges: number): number {
    const t = this.#timeouts;
    if (protocol === TCP) return state === "established" ? t.tcpEstablished : t.tcpUnestablished;
    if (protocol === UDP) return exchanges > 1 ? t.udpStream : t.udp;
    if (protocol === ICMP || protocol === ICMPV6) return t.icmp;
    return t.other;
  }

  /** Records (or refreshes) a NAT gateway translation: `inside` as the instance sent it, `outside` as the gateway sent it on. */
  translate(natGatewayId: string, inside: Packet, outside: Packet): NatTranslation {
    const key = natKey(
      natGatewayId,
      inside.protocol,
      inside.source,
      inside.sourcePort,
      inside.destination,
      inside.destinationPort,
    );
    const now = this.#clock.now().getTime();
    const entry: NatTranslation = {
      natGatewayId,
      protocol: inside.protocol,
      privateAddress: inside.source,
      ...(inside.sourcePort !== undefined ? { privatePort: inside.sourcePort } : {}),
      publicAddress: outside.source,
      ...(outside.sourcePort !== undefined ? { publicPort: outside.sourcePort } : {}),
      remoteAddress: inside.destination,
      ...(inside.destinationPort !== undefined ? { remotePort: inside.destinationPort } : {}),
      lastSeenMs: now,
      expiresAtMs: now + this.#timeouts.natGateway * 1000,
    };
    this.#translations.set(key, entry);
    return entry;
  }

  /** The live translation of a connection through a NAT gateway, if any. */
  translation(natGatewayId: string, inside: Packet): NatTranslation | undefined {
    const key = natKey(
      natGatewayId,
      inside.protocol,
      inside.source,
      inside.sourcePort,
      inside.destination,
      inside.destinationPort,
    );
    const entry = this.#translations.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= this.#clock.now().getTime()) {
      this.#translations.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Removes every entry whose idle timeout has passed; returns how many went. */
  expire(): number {
    const now = this.#clock.now().getTime();
    let removed = 0;
    for (const [key, entry] of this.#connections) {
      if (entry.expiresAtMs <= now) {
        this.#connections.delete(key);
        removed++;
      }
    }
    for (const [key, entry] of this.#translations) {
      if (entry.expiresAtMs <= now) {
        this.#translations.delete(key);
        removed++;
      }
    }
    return removed;
  }

  /** Live connections (expired ones are dropped first). */
  connections(): readonly TrackedConnection[] {
    this.expire();
    return [...this.#connections.values()].map((c) => ({ ...c }));
  }

  /** How many connections are tracked (expired ones included until `expire` runs). */
  get size(): number {
    return this.#connections.size;
  }

  translations(): readonly NatTranslation[] {
    this.expire();
    return [...this.#translations.values()];
  }

  clear(): void {
    this.#connections.clear();
    this.#translations.clear();
  }
}

// ---- untracked flows ---------------------------------------------------------------------------

const ALL_V4 = "0.0.0.0/0";
const ALL_V6 = "::/0";

function protocolName(protocol: number): string | undefined {
  return protocol === TCP ? "tcp" : protocol === UDP ? "udp" : undefined;
}

function opensToAll(rule: { cidrIpv4?: string; cidrIpv6?: string; cidr?: string }): boolean {
  const cidr = rule.cidr ?? rule.cidrIpv4 ?? rule.cidrIpv6;
  return cidr === ALL_V4 || cidr === ALL_V6;
}

/** A rule allowing all traffic of `protocol` on all ports to or from everyone. */
function allowsAllResponses(rule: SecurityGroupRule, protocol: string, family: "v4" | "v6"): boolean {
  const everyone = family === "v4" ? rule.cidrIpv4 === ALL_V4 : rule.cidrIpv6 === ALL_V6;
  if (!everyone) return false;
  if (rule.ipProtocol === "-1") return true;
  return rule.ipProtocol === protocol && (rule.fromPort ?? 0) <= 0 && (rule.toPort ?? 65535) >= 65535;
}

/**
 * Whether a flow that `allowedBy` let through on an interface with `groups` is untracked ("Untracked
 * connections", EC2 User Guide): TCP or UDP, allowed from/to all addresses, and a rule in the
 * other direction allows all response traffic to all addresses on all ports.
 */
export function isUntrackedFlow(
  allowedBy: SecurityGroupRuleRef,
  groups: readonly SecurityGroup[],
  protocol: number,
): boolean {
  const name = protocolName(protocol);
  if (name === undefined) return false;
  if (!opensToAll(allowedBy)) return false;
  const family = allowedBy.cidr === ALL_V6 ? "v6" : "v4";
  const reverseIsEgress = allowedBy.direction === "ingress";
  return groups.some((g) =>
    g.rules.some((r) => r.isEgress === reverseIsEgress && allowsAllResponses(r, name, family)),
  );
}
