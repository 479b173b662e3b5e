/**
 * `send`: traffic that really happens in the simulation. Each flow is traced like `trace` does,
 * and then its effects happen:
 * - connection tracking: the security groups of every interface the flow passed start (or keep)
 *   tracking the connection, so that later packets of it pass whatever the rules say by then,
 *   until it is idle for its timeout; flows AWS does not track (all-open rules both ways) are not
 *   remembered and are cut as soon as the rule goes; NAT gateway translations are recorded;
 * - flow logs: each crossing of an interface covered by a flow log (of the interface, its subnet
 *   or its VPC) is aggregated into that flow log's records for the capture window, and records
 *   are delivered (CloudWatch Logs, S3) once their window has closed.
 *
 * A flow is one connection: TCP opens (SYN, SYN-ACK), carries `packets` packets and `bytes`
 * bytes each way, and closes (FIN) unless `keepOpen`; a later send with the same ports continues
 * a connection kept open. UDP and ICMP flows are one request and its replies.
 *
 * When records are delivered: a capture window is flushed once the clock has passed its end, by
 * the next `send`, by `flushDue()` (the server calls it before each request and every second), and
 * every open window by `close()` (server shutdown) or `flush(true)`.
 *
 * The state (connections, open windows) lives in this object, in the server process: it is not
 * persisted, as the hypervisor's is not on AWS.
 */

import { graphForTx } from "../api/dataplane.js";
import { formatFlowLogRecord } from "../control/flow-log-format.js";
import { deliverFlowLogRecords, flowLogsCovering } from "../control/flow-logs.js";
import type { Env, ResourceStore } from "../control/index.js";
import { inWrite } from "../control/index.js";
import {
  ConnectionTable,
  type ConntrackTimeouts,
  connectionKey,
  isUntrackedFlow,
} from "../dataplane/conntrack.js";
import { interfaceCrossings } from "../dataplane/crossings.js";
import {
  type FlowRecord,
  FlowRecordAggregator,
  type FlowShape,
  type PreparedFlow,
  type PreparedGroup,
  type RecordedInterface,
  TCP_FLAGS,
  TRAFFIC_PATH,
} from "../dataplane/flow-records.js";
import type { Graph } from "../dataplane/graph.js";
import { trace } from "../dataplane/trace.js";
import {
  type Component,
  DEFAULT_SOURCE_PORT,
  type Endpoint,
  type Hop,
  type Packet,
  type SecurityGroupRuleRef,
  type Trace,
  type TraceRequest,
} from "../dataplane/types.js";
import type { Clock } from "../model/clock.js";
import type { FlowLog } from "../model/flow-logs.js";
import type { SecurityGroup } from "../model/resources.js";
import type { Scope } from "../store/store.js";

export interface SendRequest {
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** IANA protocol number. */
  readonly protocol: number;
  readonly destinationPort?: number;
  /** The first flow's source port (TCP/UDP); flow i uses port + i. Default `DEFAULT_SOURCE_PORT`. */
  readonly sourcePort?: number;
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** Packets each way per flow (default 10). */
  readonly packets?: number;
  /** Bytes each way per flow (default 1000). */
  readonly bytes?: number;
  /** Flows (connections) to send (default 1). */
  readonly count?: number;
  /** TCP: leave the connections open (no FIN), to be continued by a later send. */
  readonly keepOpen?: boolean;
  readonly account?: string;
  readonly region?: string;
}

export interface FlowOutcome {
  readonly sourcePort?: number;
  readonly verdict: Trace["verdict"];
  readonly trace: Trace;
  /** Interfaces whose security groups now track the connection. */
  readonly trackedOn: readonly string[];
}

export interface SendResult {
  readonly flows: readonly FlowOutcome[];
  /** Flow-log records delivered by this call (windows that had closed). */
  readonly delivered: number;
  readonly connections: number;
}

/** A security group that let the forward packet through on an interface. */
interface FilterCrossing {
  readonly interfaceId: string;
  /** The connection-tracking key of the packet at this interface. */
  readonly key: string;
  readonly iface: Component;
  readonly direction: "ingress" | "egress";
  readonly packet: Packet;
  readonly connectionTracked: boolean;
  readonly rule?: SecurityGroupRuleRef;
}

/** What a trace's flows do: tracking, translations, flow-log records (for one store version). */
interface FlowPlan {
  readonly version: number;
  readonly filters: readonly FilterCrossing[];
  readonly untracked: readonly boolean[];
  readonly translations: readonly { natGatewayId: string; inside: Packet; outside: Packet }[];
  /** The flow's crossings of interfaces with flow logs, grouped; undefined when none is logged. */
  readonly records: PreparedGroup | undefined;
  /** The shortest capture window of those flow logs (seconds). */
  readonly interval: number;
}

const plans = new WeakMap<Trace, FlowPlan>();

/** Traffic AWS does not log: Amazon DNS, metadata, time sync, the VPC router, DHCP. */
function unlogged(t: Trace): boolean {
  if (t.forward.hops.some((h) => h.exempt === true)) return true;
  const p = t.packet;
  return p.protocol === 17 && (p.destinationPort === 67 || p.destinationPort === 68);
}

const AWS_SERVICE_NAMES: Readonly<Record<string, string>> = { s3: "S3", dynamodb: "DYNAMODB" };

function awsServiceOf(c: Component): string | undefined {
  if (c.type !== "aws-service") return undefined;
  const name = c.id.slice(c.id.lastIndexOf(".") + 1);
  return AWS_SERVICE_NAMES[name] ?? "AMAZON";
}

/** `traffic-path` of an egress crossing: what the packet went through next. */
function trafficPathAfter(hops: readonly Hop[], index: number, viaInstance: boolean): number {
  for (let i = index + 1; i < hops.length; i++) {
    const hop = hops[i]!;
    switch (hop.component.type) {
      case "internet-gateway":
      case "egress-only-internet-gateway":
        return viaInstance
          ? TRAFFIC_PATH.internetGatewayNitro
          : TRAFFIC_PATH.internetGatewayOrGatewayEndpoint;
      case "vpc-endpoint":
        return viaInstance
          ? TRAFFIC_PATH.gatewayEndpointNitro
          : TRAFFIC_PATH.internetGatewayOrGatewayEndpoint;
      case "vpn-gateway":
        return TRAFFIC_PATH.virtualPrivateGateway;
      case "vpc-peering-connection":
        return hop.sourceVpc?.region !== undefined &&
          hop.destinationVpc?.region !== undefined &&
          hop.sourceVpc.region !== hop.destinationVpc.region
          ? TRAFFIC_PATH.interRegionPeering
          : TRAFFIC_PATH.intraRegionPeering;
      case "network-interface":
      case "nat-gateway":
      case "instance":
        return TRAFFIC_PATH.sameVpc;
      default:
        break;
    }
  }
  return TRAFFIC_PATH.sameVpc;
}

interface InterfaceInfo {
  readonly scope: Scope;
  readonly recorded: RecordedInterface;
  readonly flowLogs: readonly FlowLog[];
  readonly groups: readonly SecurityGroup[];
}

export interface TrafficSimulatorOptions {
  readonly store: ResourceStore;
  /** Clock, ids and configuration of the control plane (deliveries write log events and S3 files). */
  readonly env: Omit<Env, "scope">;
  readonly timeouts?: Partial<ConntrackTimeouts>;
}

export class TrafficSimulator {
  readonly connections: ConnectionTable;
  readonly #store: ResourceStore;
  readonly #env: Omit<Env, "scope">;
  readonly #clock: Clock;
  readonly #records = new FlowRecordAggregator(formatFlowLogRecord);
  readonly #flowLogScopes = new Map<string, Scope>();
  #interfaces: { version: number; byId: Map<string, InterfaceInfo | null> } = {
    version: -1,
    byId: new Map(),
  };
  /** Reusable traces of the current graph: request shape → source port → trace. */
  #cache: { graph: Graph | undefined; traces: Map<string, Map<number | undefined, Trace>> } = {
    graph: undefined,
    traces: new Map(),
  };
  /** The earliest end of an open capture window (ms), for a cheap `flushDue`. */
  #nextWindowEndMs = Number.POSITIVE_INFINITY;

  constructor(options: TrafficSimulatorOptions) {
    this.#store = options.store;
    this.#env = options.env;
    this.#clock = options.env.clock;
    this.connections = new ConnectionTable(this.#clock, options.timeouts);
  }

  /** Sends `request.count` flows and applies their effects. */
  send(request: SendRequest): SendResult {
    let delivered = this.flushDue();
    // Compiled again only when a network record changed (log events and flow-log deliveries do not).
    const graph = this.#store.read((tx) => graphForTx(tx));
    if (this.#cache.graph !== graph) this.#cache = { graph, traces: new Map() };
    const count = request.count ?? 1;
    const flows: FlowOutcome[] = [];
    const ports = request.protocol === 6 || request.protocol === 17;
    // The flows of one call happen at one instant; their trace keys differ by source port only.
    const now = this.#clock.now().getTime();
    const baseKey = `${JSON.stringify(request.from)}|${JSON.stringify(request.to)}|${request.protocol}|${request.destinationPort}|${request.icmpType}|${request.icmpCode}|${request.account}|${request.region}|`;
    let byPort = this.#cache.traces.get(baseKey);
    if (byPort === undefined) {
      byPort = new Map();
      this.#cache.traces.set(baseKey, byPort);
    }
    const version = this.#store.version;
    for (let i = 0; i < count; i++) {
      const sourcePort = ports ? (request.sourcePort ?? DEFAULT_SOURCE_PORT) + i : undefined;
      flows.push(this.#flow(graph, request, sourcePort, byPort, now, version));
    }
    delivered += this.flushDue();
    return {
      flows,
      delivered,
      connections: this.connections.size,
    };
  }

  /** Flow-log records waiting for their capture window to close. */
  pendingRecords(): number {
    return this.#records.openRecords;
  }

  /** Delivers the records of capture windows that have ended; returns how many were delivered. */
  flushDue(): number {
    if (this.#clock.now().getTime() < this.#nextWindowEndMs) return 0;
    return this.flush(false);
  }

  /** Delivers the records of ended windows, or of every window with `all`. */
  flush(all = false): number {
    const now = this.#clock.now().getTime();
    const records = this.#records.flush(now, all);
    this.#nextWindowEndMs = this.#records.nextWindowEndMs;
    if (records.length > 0) this.#deliver(records);
    return records.length;
  }

  /** Shutdown: delivers every open window. */
  close(): number {
    return this.flush(true);
  }

  #deliver(records: readonly FlowRecord[]): void {
    const groups = new Map<string, FlowRecord[]>();
    for (const record of records) {
      const key = `${record.flowLogId}|${record.interfaceId}|${record.windowStart}`;
      const list = groups.get(key);
      if (list) list.push(record);
      else groups.set(key, [record]);
    }
    for (const list of groups.values()) {
      const first = list[0]!;
      const scope = this.#flowLogScopes.get(first.flowLogId);
      if (scope === undefined) continue;
      inWrite(this.#store, { ...this.#env, scope }, (ctx) => {
        const flowLog = ctx.tx.get("flowLog", scope, first.flowLogId);
        if (flowLog === undefined) return;
        deliverFlowLogRecords(
          ctx,
          flowLog,
          first.interfaceId,
          list.map((r) => r.message),
          new Date(first.windowStart * 1000),
        );
      });
    }
  }

  #trace(
    graph: Graph,
    request: SendRequest,
    sourcePort: number | undefined,
    byPort: Map<number | undefined, Trace>,
  ): Trace {
    const cached = byPort.get(sourcePort);
    if (cached) return cached;
    const traceRequest: TraceRequest = {
      to: request.to,
      protocol: request.protocol,
      ...(request.destinationPort !== undefined ? { destinationPort: request.destinationPort } : {}),
      ...(sourcePort !== undefined ? { sourcePort } : {}),
      ...(request.icmpType !== undefined ? { icmpType: request.icmpType } : {}),
      ...(request.icmpCode !== undefined ? { icmpCode: request.icmpCode } : {}),
    };
    const result = trace(graph, request.from, traceRequest, {
      ...(request.account !== undefined ? { account: request.account } : {}),
      ...(request.region !== undefined ? { region: request.region } : {}),
      connections: this.connections,
    });
    // Tracked connections only ever let more through: a trace whose forward packet got through
    // without them is the same for any connection state, and can be reused until the network
    // changes. (The reply always passes the security groups the request opened: that tracking is
    // the trace's own.)
    const usedTracking = result.forward.hops.some((h) => h.connectionTracked);
    if (result.verdict === "reachable" && !usedTracking) byPort.set(sourcePort, result);
    return result;
  }

  /** What a trace's flows do, worked out once per trace (traces are reused until the network changes). */
  #plan(t: Trace, version: number): FlowPlan {
    const cached = plans.get(t);
    if (cached !== undefined && cached.version === version) return cached;
    const filters: FilterCrossing[] = [];
    const translations: { natGatewayId: string; inside: Packet; outside: Packet }[] = [];
    for (const hop of t.forward.hops) {
      if (hop.component.type === "nat-gateway" && hop.action === "translate" && hop.outbound) {
        translations.push({ natGatewayId: hop.component.id, inside: hop.inbound, outside: hop.outbound });
      }
      if (
        hop.component.type !== "security-group" ||
        hop.action !== "allow" ||
        !hop.networkInterface ||
        !hop.direction
      )
        continue;
      filters.push({
        interfaceId: hop.networkInterface.id,
        key: connectionKey(hop.networkInterface.id, hop.direction, hop.inbound),
        iface: hop.networkInterface,
        direction: hop.direction,
        packet: hop.inbound,
        connectionTracked: hop.connectionTracked === true,
        ...(hop.securityGroupRule ? { rule: hop.securityGroupRule } : {}),
      });
    }
    const passesNat = translations.length > 0;
    const untracked = filters.map((f) => {
      if (f.connectionTracked || f.rule === undefined || passesNat) return false;
      const info = this.#interface(f.iface);
      return info !== undefined && isUntrackedFlow(f.rule, info.groups, f.packet.protocol);
    });
    const members: { prepared: PreparedFlow; forward: boolean }[] = [];
    let interval = Number.POSITIVE_INFINITY;
    if (!unlogged(t)) {
      const service = awsServiceOf(t.to.component);
      for (const crossing of interfaceCrossings(t)) {
        const info = this.#interface(crossing.interface);
        if (!info || info.flowLogs.length === 0) continue;
        for (const flowLog of info.flowLogs) this.#flowLogScopes.set(flowLog.id, info.scope);
        const forward = crossing.path === "forward";
        const hops = forward ? t.forward.hops : (t.return?.hops ?? []);
        const p = crossing.packet;
        const shape: FlowShape = {
          iface: info.recorded,
          direction: crossing.direction,
          protocol: p.protocol,
          source: p.source,
          destination: p.destination,
          ...(p.sourcePort !== undefined ? { sourcePort: p.sourcePort } : {}),
          ...(p.destinationPort !== undefined ? { destinationPort: p.destinationPort } : {}),
          action: crossing.action,
          ...(crossing.direction === "egress"
            ? {
                trafficPath: trafficPathAfter(
                  hops,
                  crossing.sequence - 1,
                  info.recorded.instanceId !== undefined,
                ),
              }
            : {}),
          ...(service !== undefined && p.destination === t.to.address ? { pktDstAwsService: service } : {}),
          ...(service !== undefined && p.source === t.to.address ? { pktSrcAwsService: service } : {}),
        };
        const prepared = this.#records.prepare(info.flowLogs, shape);
        if (prepared.slots.length === 0) continue;
        members.push({ prepared, forward });
        for (const slot of prepared.slots) interval = Math.min(interval, slot.flowLog.maxAggregationInterval);
      }
    }
    const records = members.length > 0 ? this.#records.prepareGroup(members) : undefined;
    const plan: FlowPlan = { version, filters, untracked, translations, records, interval };
    plans.set(t, plan);
    return plan;
  }

  #flow(
    graph: Graph,
    request: SendRequest,
    sourcePort: number | undefined,
    byPort: Map<number | undefined, Trace>,
    now: number,
    version: number,
  ): FlowOutcome {
    const t = this.#trace(graph, request, sourcePort, byPort);
    const plan = this.#plan(t, version);
    const tcp = t.packet.protocol === 6;
    const close = tcp && request.keepOpen !== true;
    const replied = t.return?.outcome === "delivered";
    const trackedOn: string[] = [];

    for (const n of plan.translations) this.connections.translate(n.natGatewayId, n.inside, n.outside);
    // Connection tracking, on the forward path's security groups.
    let continuing = false;
    const filters = plan.filters;
    for (let i = 0; i < filters.length; i++) {
      const f = filters[i]!;
      if (f.connectionTracked) continuing = true;
      if (close) {
        this.connections.close(f.interfaceId, f.direction, f.packet, f.key);
      } else if (!plan.untracked[i]) {
        this.connections.track(f.interfaceId, f.direction, f.packet, replied, f.key, now);
        trackedOn.push(f.interfaceId);
      }
    }

    // Flow logs.
    if (plan.records !== undefined) {
      const packets = request.packets ?? 10;
      const bytes = request.bytes ?? 1000;
      const opening = tcp && !continuing;
      const forwardFlags = tcp ? (opening ? TCP_FLAGS.SYN : 0) | (close && replied ? TCP_FLAGS.FIN : 0) : 0;
      const returnFlags = tcp ? (opening ? TCP_FLAGS.SYN_ACK : 0) | (close ? TCP_FLAGS.FIN : 0) : 0;
      this.#records.addGroup(plan.records, packets, bytes, forwardFlags, returnFlags, now);
      const seconds = Math.floor(now / 1000);
      const end = (seconds - (seconds % plan.interval) + plan.interval) * 1000;
      if (end < this.#nextWindowEndMs) this.#nextWindowEndMs = end;
    }
    // Built without a spread: this is the hot path of `send`, and V8 copies spreads slowly.
    return sourcePort === undefined
      ? { verdict: t.verdict, trace: t, trackedOn }
      : { sourcePort, verdict: t.verdict, trace: t, trackedOn };
  }

  /** What flow logs need to know about an interface (cached per store version). */
  #interface(component: Component): InterfaceInfo | undefined {
    const version = this.#store.version;
    if (this.#interfaces.version !== version) this.#interfaces = { version, byId: new Map() };
    const cached = this.#interfaces.byId.get(component.id);
    if (cached !== undefined) return cached ?? undefined;
    const info = this.#store.read((tx) => {
      const direct =
        component.account !== undefined && component.region !== undefined
          ? { account: component.account, region: component.region }
          : undefined;
      const record = direct ? tx.get("networkInterface", direct, component.id) : undefined;
      const found =
        direct && record
          ? { scope: direct, record }
          : tx.listAll("networkInterface").find((r) => r.record.id === component.id);
      if (!found) return null;
      const { scope, record: eni } = found;
      const subnet = tx.get("subnet", scope, eni.subnetId);
      const recorded: RecordedInterface = {
        id: eni.id,
        accountId: eni.ownerId,
        vpcId: eni.vpcId,
        subnetId: eni.subnetId,
        ...(eni.instanceId !== undefined && !eni.requesterManaged ? { instanceId: eni.instanceId } : {}),
        region: scope.region,
        azId: subnet?.availabilityZoneId ?? "-",
        primaryIpv4:
          eni.privateIpAddresses.find((p) => p.primary)?.address ?? eni.privateIpAddresses[0]!.address,
        ...(eni.ipv6Addresses[0] !== undefined ? { primaryIpv6: eni.ipv6Addresses[0] } : {}),
      };
      return {
        scope,
        recorded,
        flowLogs: flowLogsCovering(tx, scope, {
          vpcId: eni.vpcId,
          subnetId: eni.subnetId,
          networkInterfaceId: eni.id,
        }),
        groups: eni.groupIds.flatMap((id) => {
          const group = tx.get("securityGroup", scope, id);
          return group ? [group] : [];
        }),
      } satisfies InterfaceInfo;
    });
    this.#interfaces.byId.set(component.id, info);
    return info ?? undefined;
  }
}
