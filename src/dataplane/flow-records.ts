/**
 * Flow-log records from simulated traffic (VPC User Guide, "Flow log records", "Flow log record
 * examples").
 *
 * A record covers one flow (5-tuple) on one interface, in one direction, with one action, within
 * one aggregation interval ("capture window") of its flow log. Windows are aligned on the clock:
 * a flow log with a 600 s interval captures [0, 600), [600, 1200), … of Unix time. A window is
 * closed (its records may be delivered) once the clock has passed its end; `flush(now, true)`
 * closes every window, as a shutdown does.
 *
 * Fields (the table "Available fields"): `srcaddr`/`dstaddr` show the interface's primary private
 * address on its own side, `pkt-srcaddr`/`pkt-dstaddr` the packet's addresses (they differ on a NAT
 * gateway's interface); `instance-id` is `-` for requester-managed interfaces; `tcp-flags` ORs the
 * flags of the window (FIN 1, SYN 2, RST 4, SYN-ACK 18; ACK alone is not reported);
 * `traffic-path` is given for egress only; a field that does not apply is `-`.
 *
 * Pure: no store, no delivery. The caller (the `send` simulation) observes interface crossings,
 * and hands closed records to the flow-log delivery.
 */
import type { FlowLog } from "../model/flow-logs.js";

/**
 * Writes one record in a flow log's format from its field values (`-` for a field without a
 * value, `version` from the format when not given). The flow-log family owns the format and its
 * validation (`formatFlowLogRecord` of src/control/flow-log-format.ts); the caller passes it in,
 * since this layer does not import the control plane.
 */
export type FlowRecordFormatter = (format: string, fields: Readonly<Record<string, string>>) => string;

/** TCP flags as flow logs report them. */
export const TCP_FLAGS = { FIN: 1, SYN: 2, RST: 4, SYN_ACK: 18 } as const;

/** `traffic-path` values (egress only). */
export const TRAFFIC_PATH = {
  sameVpc: 1,
  internetGatewayOrGatewayEndpoint: 2,
  virtualPrivateGateway: 3,
  intraRegionPeering: 4,
  interRegionPeering: 5,
  localGateway: 6,
  gatewayEndpointNitro: 7,
  internetGatewayNitro: 8,
} as const;

/** The interface a record is about, with what its fields need. */
export interface RecordedInterface {
  readonly id: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly subnetId: string;
  /** Absent for requester-managed interfaces (NAT gateways, endpoints): the record shows `-`. */
  readonly instanceId?: string;
  readonly region: string;
  readonly azId: string;
  readonly primaryIpv4: string;
  readonly primaryIpv6?: string;
}

/** Some packets of one flow crossing one interface, as the simulation saw them. */
export interface FlowObservation {
  readonly iface: RecordedInterface;
  readonly direction: "ingress" | "egress";
  /** The packet on the wire at the interface. */
  readonly protocol: number;
  readonly source: string;
  readonly destination: string;
  readonly sourcePort?: number;
  readonly destinationPort?: number;
  readonly action: "ACCEPT" | "REJECT";
  readonly packets: number;
  readonly bytes: number;
  readonly tcpFlags: number;
  /** Epoch milliseconds of the packets. */
  readonly timeMs: number;
  readonly trafficPath?: number;
  readonly pktSrcAwsService?: string;
  readonly pktDstAwsService?: string;
}

/** One aggregated record (one line of a flow log). */
export interface FlowRecord {
  readonly flowLogId: string;
  readonly interfaceId: string;
  /** Epoch seconds: the capture window. */
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly fields: Readonly<Record<string, string>>;
  /** The record as the flow log's format writes it. */
  readonly message: string;
  /** Epoch milliseconds of the last packet (the event time in CloudWatch Logs). */
  readonly timestampMs: number;
}

const isIpv6 = (address: string): boolean => address.includes(":");

/** An observation without its counters: what stays the same each time a flow is seen again. */
export type FlowShape = Omit<FlowObservation, "packets" | "bytes" | "tcpFlags" | "timeMs">;

interface Slot {
  readonly flowLog: FlowLog;
  readonly prefix: string;
  current: Accumulator | undefined;
}

/** Crossings of one flow observed together (`prepareGroup`, then `addGroup`). */
export interface PreparedGroup {
  readonly members: readonly { readonly prepared: PreparedFlow; readonly forward: boolean }[];
  readonly bucketMs: number;
  pending:
    | {
        readonly bucket: number;
        packets: number;
        bytes: number;
        forwardFlags: number;
        returnFlags: number;
        firstMs: number;
        lastMs: number;
      }
    | undefined;
}

/** A flow prepared for repeated observation (`prepare`, then `add`): its keys are built once. */
export interface PreparedFlow {
  readonly shape: FlowShape;
  readonly slots: readonly Slot[];
}

interface Accumulator {
  readonly flowLog: FlowLog;
  readonly observation: FlowShape;
  readonly windowStart: number;
  /** Set once flushed: a prepared slot must not add to it any more. */
  closed: boolean;
  packets: number;
  bytes: number;
  tcpFlags: number;
  firstMs: number;
  lastMs: number;
}

const dash = (value: string | number | undefined): string => (value === undefined ? "-" : String(value));

/**
 * Aggregates observations into records per flow log, interface, flow, direction, action and
 * capture window, and hands out the records of closed windows.
 */
export class FlowRecordAggregator {
  readonly #open = new Map<string, Accumulator>();
  readonly #format: FlowRecordFormatter;

  constructor(format: FlowRecordFormatter) {
    this.#format = format;
  }

  /** Windows still open (not yet flushed). */
  get openRecords(): number {
    this.#drainAll();
    return this.#open.size;
  }

  readonly #pendingGroups = new Set<PreparedGroup>();
  #nextWindowEndMs = Number.POSITIVE_INFINITY;

  /** When the earliest window still open after the last `flush` ends (epoch ms; Infinity when none). */
  get nextWindowEndMs(): number {
    return this.#nextWindowEndMs;
  }

  /**
   * Groups the crossings of one flow (each with its direction of the connection) so that seeing
   * the flow again costs one update whatever the number of crossings and flow logs: counters
   * accumulate on the group within the shortest capture window of its flow logs, and reach the
   * records when that window changes or at the next `flush`.
   */
  prepareGroup(
    members: readonly { readonly prepared: PreparedFlow; readonly forward: boolean }[],
  ): PreparedGroup {
    let bucketSeconds = Number.POSITIVE_INFINITY;
    for (const m of members)
      for (const slot of m.prepared.slots)
        bucketSeconds = Math.min(bucketSeconds, slot.flowLog.maxAggregationInterval);
    return { members, bucketMs: bucketSeconds * 1000, pending: undefined };
  }

  /** Counts one more occurrence of a grouped flow: `forwardFlags` on forward crossings, `returnFlags` on the others. */
  addGroup(
    group: PreparedGroup,
    packets: number,
    bytes: number,
    forwardFlags: number,
    returnFlags: number,
    timeMs: number,
  ): void {
    if (group.bucketMs === Number.POSITIVE_INFINITY) return;
    const bucket = Math.floor(timeMs / group.bucketMs);
    let p = group.pending;
    if (p !== undefined && p.bucket !== bucket) {
      this.#drain(group);
      p = undefined;
    }
    if (p === undefined) {
      group.pending = { bucket, packets, bytes, forwardFlags, returnFlags, firstMs: timeMs, lastMs: timeMs };
      this.#pendingGroups.add(group);
      return;
    }
    p.packets += packets;
    p.bytes += bytes;
    p.forwardFlags |= forwardFlags;
    p.returnFlags |= returnFlags;
    if (timeMs < p.firstMs) p.firstMs = timeMs;
    if (timeMs > p.lastMs) p.lastMs = timeMs;
  }

  #drain(group: PreparedGroup): void {
    const p = group.pending;
    if (p === undefined) return;
    group.pending = undefined;
    for (const m of group.members) {
      this.add(m.prepared, p.packets, p.bytes, m.forward ? p.forwardFlags : p.returnFlags, p.firstMs);
      if (p.lastMs !== p.firstMs) this.add(m.prepared, 0, 0, 0, p.lastMs);
    }
  }

  #drainAll(): void {
    for (const group of this.#pendingGroups) this.#drain(group);
    this.#pendingGroups.clear();
  }

  /**
   * Records `observation` in every flow log of `flowLogs` whose traffic type takes its action
   * (ACCEPT, REJECT or ALL). The caller passes the flow logs covering the interface.
   */
  observe(flowLogs: readonly FlowLog[], observation: FlowObservation): void {
    this.add(
      this.prepare(flowLogs, observation),
      observation.packets,
      observation.bytes,
      observation.tcpFlags,
      observation.timeMs,
    );
  }

  /** Prepares a flow seen on an interface for `add`, for the flow logs that record its action. */
  prepare(flowLogs: readonly FlowLog[], shape: FlowShape): PreparedFlow {
    const slots: Slot[] = [];
    for (const flowLog of flowLogs) {
      if (flowLog.trafficType !== "ALL" && flowLog.trafficType !== shape.action) continue;
      slots.push({
        flowLog,
        prefix: `${flowLog.id}|${shape.iface.id}|${shape.direction}|${shape.action}|${shape.protocol}|${shape.source}|${shape.sourcePort}|${shape.destination}|${shape.destinationPort}|`,
        current: undefined,
      });
    }
    return { shape, slots };
  }

  /** Counts packets of a prepared flow at `timeMs` in the capture window of each of its flow logs. */
  add(prepared: PreparedFlow, packets: number, bytes: number, tcpFlags: number, timeMs: number): void {
    const seconds = Math.floor(timeMs / 1000);
    for (const slot of prepared.slots) {
      const windowStart = seconds - (seconds % slot.flowLog.maxAggregationInterval);
      let acc = slot.current;
      if (acc === undefined || acc.closed || acc.windowStart !== windowStart) {
        const key = slot.prefix + windowStart;
        acc = this.#open.get(key);
        if (acc === undefined) {
          acc = {
            flowLog: slot.flowLog,
            observation: prepared.shape,
            windowStart,
            closed: false,
            packets: 0,
            bytes: 0,
            tcpFlags: 0,
            firstMs: timeMs,
            lastMs: timeMs,
          };
          this.#open.set(key, acc);
        }
        slot.current = acc;
      }
      acc.packets += packets;
      acc.bytes += bytes;
      acc.tcpFlags |= tcpFlags;
      if (timeMs < acc.firstMs) acc.firstMs = timeMs;
      if (timeMs > acc.lastMs) acc.lastMs = timeMs;
    }
  }

  /** Removes and returns the records whose window ended at or before `nowMs` (all of them with `all`). */
  flush(nowMs: number, all = false): FlowRecord[] {
    this.#drainAll();
    const records: FlowRecord[] = [];
    const now = Math.floor(nowMs / 1000);
    let nextEnd = Number.POSITIVE_INFINITY;
    for (const [key, acc] of this.#open) {
      const windowEnd = acc.windowStart + acc.flowLog.maxAggregationInterval;
      if (!all && windowEnd > now) {
        if (windowEnd < nextEnd) nextEnd = windowEnd;
        continue;
      }
      this.#open.delete(key);
      acc.closed = true;
      records.push(this.#record(acc, windowEnd));
    }
    this.#nextWindowEndMs = nextEnd * 1000;
    records.sort((a, b) => a.timestampMs - b.timestampMs || (a.message < b.message ? -1 : 1));
    return records;
  }

  #record(acc: Accumulator, windowEnd: number): FlowRecord {
    const o = acc.observation;
    const iface = o.iface;
    const format = acc.flowLog.logFormat;
    const v6 = isIpv6(o.source) || isIpv6(o.destination);
    const own = v6 ? (iface.primaryIpv6 ?? iface.primaryIpv4) : iface.primaryIpv4;
    const egress = o.direction === "egress";
    const ports = o.sourcePort !== undefined || o.destinationPort !== undefined;
    const fields: Record<string, string> = {
      "account-id": iface.accountId,
      "interface-id": iface.id,
      srcaddr: egress ? own : o.source,
      dstaddr: egress ? o.destination : own,
      srcport: ports ? dash(o.sourcePort) : "0",
      dstport: ports ? dash(o.destinationPort) : "0",
      protocol: String(o.protocol),
      packets: String(acc.packets),
      bytes: String(acc.bytes),
      start: String(Math.floor(acc.firstMs / 1000)),
      end: String(Math.floor(acc.lastMs / 1000)),
      action: o.action,
      "log-status": "OK",
      "vpc-id": iface.vpcId,
      "subnet-id": iface.subnetId,
      "instance-id": dash(iface.instanceId),
      "tcp-flags": String(o.protocol === 6 ? acc.tcpFlags : 0),
      type: v6 ? "IPv6" : "IPv4",
      "pkt-srcaddr": o.source,
      "pkt-dstaddr": o.destination,
      region: iface.region,
      "az-id": iface.azId,
      "sublocation-type": "-",
      "sublocation-id": "-",
      "pkt-src-aws-service": dash(o.pktSrcAwsService),
      "pkt-dst-aws-service": dash(o.pktDstAwsService),
      "flow-direction": o.direction,
      "traffic-path": egress ? dash(o.trafficPath) : "-",
    };
    return {
      flowLogId: acc.flowLog.id,
      interfaceId: iface.id,
      windowStart: acc.windowStart,
      windowEnd,
      fields,
      message: this.#format(format, fields),
      timestampMs: acc.lastMs,
    };
  }
}
