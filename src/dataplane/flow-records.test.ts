/**
 * Flow-log records checked field by field against the VPC User Guide ("Flow log record
 * examples"): each example of the guide is rebuilt from observations and must come out identical.
 */
import { describe, expect, it } from "vitest";
import { formatFlowLogRecord } from "../control/flow-log-format.js";
import type { FlowLog } from "../model/flow-logs.js";
import {
  type FlowObservation,
  FlowRecordAggregator,
  type RecordedInterface,
  TCP_FLAGS,
} from "./flow-records.js";

/** A flow-log format naming `names` in order (`${a} ${b}`). */
const fields = (...names: string[]): string => names.map((n) => `\${${n}}`).join(" ");

const DEFAULT_FORMAT = fields(
  "version",
  "account-id",
  "interface-id",
  "srcaddr",
  "dstaddr",
  "srcport",
  "dstport",
  "protocol",
  "packets",
  "bytes",
  "start",
  "end",
  "action",
  "log-status",
);

function flowLog(overrides: Partial<FlowLog> = {}): FlowLog {
  return {
    id: "fl-0123456789abcdef0",
    ownerId: "123456789010",
    tags: [],
    resourceId: "vpc-abcdefab012345678",
    resourceType: "VPC",
    trafficType: "ALL",
    destination: { type: "cloud-watch-logs", logGroupName: "flows" },
    logFormat: DEFAULT_FORMAT,
    maxAggregationInterval: 600,
    creationTime: new Date(0),
    deliverLogsStatus: "SUCCESS",
    ...overrides,
  };
}

function iface(overrides: Partial<RecordedInterface> = {}): RecordedInterface {
  return {
    id: "eni-1235b8ca123456789",
    accountId: "123456789010",
    vpcId: "vpc-abcdefab012345678",
    subnetId: "subnet-aaaaaaaa012345678",
    instanceId: "i-01234567890123456",
    region: "us-east-1",
    azId: "use1-az1",
    primaryIpv4: "172.31.16.21",
    ...overrides,
  };
}

function tcp(
  at: RecordedInterface,
  direction: "ingress" | "egress",
  source: string,
  sourcePort: number,
  destination: string,
  destinationPort: number,
  rest: Partial<FlowObservation> = {},
): FlowObservation {
  return {
    iface: at,
    direction,
    protocol: 6,
    source,
    sourcePort,
    destination,
    destinationPort,
    action: "ACCEPT",
    packets: 1,
    bytes: 100,
    tcpFlags: 0,
    timeMs: 0,
    ...rest,
  };
}

const seconds = (s: number) => s * 1000;

describe("flow-log records: the guide's examples", () => {
  it("accepted SSH traffic, default format, two observations aggregated in one window", () => {
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const at = iface();
    const base = tcp(at, "ingress", "172.31.16.139", 20641, "172.31.16.21", 22);
    records.observe([flowLog()], { ...base, packets: 12, bytes: 3000, timeMs: seconds(1418530010) });
    records.observe([flowLog()], { ...base, packets: 8, bytes: 1249, timeMs: seconds(1418530070) });
    expect(records.flush(seconds(1418530100))).toEqual([]);
    const out = records.flush(seconds(1418530200));
    expect(out.map((r) => r.message)).toEqual([
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
    ]);
    expect(out[0]).toMatchObject({
      windowStart: 1418529600,
      windowEnd: 1418530200,
      timestampMs: seconds(1418530070),
    });
    expect(records.openRecords).toBe(0);
  });

  it("rejected RDP traffic; a REJECT-only flow log ignores accepted traffic", () => {
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const at = iface({ primaryIpv4: "172.31.9.12" });
    const rejectOnly = flowLog({ trafficType: "REJECT" });
    const rdp = tcp(at, "ingress", "172.31.9.69", 49761, "172.31.9.12", 3389, { action: "REJECT" });
    records.observe([rejectOnly], { ...rdp, packets: 20, bytes: 4249, timeMs: seconds(1418530010) });
    records.observe([rejectOnly], { ...rdp, packets: 0, bytes: 0, timeMs: seconds(1418530070) });
    records.observe([rejectOnly], { ...rdp, action: "ACCEPT", sourcePort: 1, timeMs: seconds(1418530020) });
    expect(records.flush(seconds(1418530200)).map((r) => r.message)).toEqual([
      "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK",
    ]);
  });

  it("ping allowed in, reply rejected out by the network ACL: an ACCEPT and a REJECT record, ports 0", () => {
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const at = iface({ primaryIpv4: "172.31.16.139" });
    const ping: FlowObservation = {
      iface: at,
      direction: "ingress",
      protocol: 1,
      source: "203.0.113.12",
      destination: "172.31.16.139",
      action: "ACCEPT",
      packets: 2,
      bytes: 168,
      tcpFlags: 0,
      timeMs: seconds(1432917027),
    };
    records.observe([flowLog()], ping);
    records.observe([flowLog()], { ...ping, timeMs: seconds(1432917142) });
    const reply: FlowObservation = {
      ...ping,
      direction: "egress",
      source: "172.31.16.139",
      destination: "203.0.113.12",
      action: "REJECT",
      timeMs: seconds(1432917094),
    };
    records.observe([flowLog()], reply);
    records.observe([flowLog()], { ...reply, timeMs: seconds(1432917142) });
    expect(records.flush(seconds(1432917600)).map((r) => r.message)).toEqual([
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 203.0.113.12 0 0 1 4 336 1432917094 1432917142 REJECT OK",
      "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK",
    ]);
  });

  it("TCP flag sequence: a short connection ORs SYN and FIN (3), SYN-ACK and FIN (19)", () => {
    const format = fields(
      "version",
      "vpc-id",
      "subnet-id",
      "instance-id",
      "interface-id",
      "account-id",
      "type",
      "srcaddr",
      "dstaddr",
      "srcport",
      "dstport",
      "pkt-srcaddr",
      "pkt-dstaddr",
      "protocol",
      "bytes",
      "packets",
      "start",
      "end",
      "action",
      "tcp-flags",
      "log-status",
    );
    const log = flowLog({ logFormat: format });
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const at = iface({ primaryIpv4: "10.0.0.62" });
    const request = tcp(at, "ingress", "52.213.180.42", 43638, "10.0.0.62", 5001);
    const response = tcp(at, "egress", "10.0.0.62", 5001, "52.213.180.42", 43638);
    records.observe([log], {
      ...request,
      packets: 9,
      bytes: 700,
      tcpFlags: TCP_FLAGS.SYN,
      timeMs: seconds(1566933133),
    });
    records.observe([log], {
      ...request,
      packets: 8,
      bytes: 560,
      tcpFlags: TCP_FLAGS.FIN,
      timeMs: seconds(1566933193),
    });
    records.observe([log], {
      ...response,
      packets: 7,
      bytes: 500,
      tcpFlags: TCP_FLAGS.SYN_ACK,
      timeMs: seconds(1566933133),
    });
    records.observe([log], {
      ...response,
      packets: 7,
      bytes: 467,
      tcpFlags: TCP_FLAGS.FIN,
      timeMs: seconds(1566933193),
    });
    expect(
      records
        .flush(seconds(1566933600))
        .map((r) => r.message)
        .sort(),
    ).toEqual([
      "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 10.0.0.62 52.213.180.42 5001 43638 10.0.0.62 52.213.180.42 6 967 14 1566933133 1566933193 ACCEPT 19 OK",
      "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43638 5001 52.213.180.42 10.0.0.62 6 1260 17 1566933133 1566933193 ACCEPT 3 OK",
    ]);
  });

  it("traffic through a NAT gateway: srcaddr/dstaddr show the gateway's interface, pkt-* the hosts", () => {
    const log = flowLog({
      logFormat: fields("instance-id", "interface-id", "srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr"),
    });
    const nat = iface({ instanceId: undefined, primaryIpv4: "10.0.0.220" });
    const instance = iface({ id: "eni-1111aaaa2222bbbb3", primaryIpv4: "10.0.1.5" });
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const observe = (
      at: RecordedInterface,
      direction: "ingress" | "egress",
      source: string,
      destination: string,
      t: number,
    ) => records.observe([log], tcp(at, direction, source, 40000, destination, 443, { timeMs: seconds(t) }));
    observe(nat, "ingress", "10.0.1.5", "203.0.113.5", 1);
    observe(nat, "egress", "10.0.0.220", "203.0.113.5", 2);
    observe(nat, "ingress", "203.0.113.5", "10.0.0.220", 3);
    observe(nat, "egress", "203.0.113.5", "10.0.1.5", 4);
    observe(instance, "egress", "10.0.1.5", "203.0.113.5", 5);
    observe(instance, "ingress", "203.0.113.5", "10.0.1.5", 6);
    expect(records.flush(seconds(600)).map((r) => r.message)).toEqual([
      "- eni-1235b8ca123456789 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5",
      "- eni-1235b8ca123456789 10.0.0.220 203.0.113.5 10.0.0.220 203.0.113.5",
      "- eni-1235b8ca123456789 203.0.113.5 10.0.0.220 203.0.113.5 10.0.0.220",
      "- eni-1235b8ca123456789 10.0.0.220 10.0.1.5 203.0.113.5 10.0.1.5",
      "i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 203.0.113.5 10.0.1.5 203.0.113.5",
      "i-01234567890123456 eni-1111aaaa2222bbbb3 203.0.113.5 10.0.1.5 203.0.113.5 10.0.1.5",
    ]);
  });

  it("service name, traffic path and flow direction (version 5 fields)", () => {
    const format = fields(
      "version",
      "srcaddr",
      "dstaddr",
      "srcport",
      "dstport",
      "protocol",
      "start",
      "end",
      "type",
      "packets",
      "bytes",
      "account-id",
      "vpc-id",
      "subnet-id",
      "instance-id",
      "interface-id",
      "region",
      "az-id",
      "sublocation-type",
      "sublocation-id",
      "action",
      "tcp-flags",
      "pkt-srcaddr",
      "pkt-dstaddr",
      "pkt-src-aws-service",
      "pkt-dst-aws-service",
      "traffic-path",
      "flow-direction",
      "log-status",
    );
    const log = flowLog({ logFormat: format });
    const at = iface({
      accountId: "123456789012",
      instanceId: "i-0c50d5961bcb2d47b",
      region: "ap-southeast-2",
      azId: "apse2-az3",
      primaryIpv4: "10.0.0.71",
    });
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const t0 = seconds(1616729292);
    const t1 = seconds(1616729349);
    const inbound = tcp(at, "ingress", "52.95.128.179", 80, "10.0.0.71", 34210, { pktSrcAwsService: "S3" });
    records.observe([log], { ...inbound, packets: 7, bytes: 7000, tcpFlags: TCP_FLAGS.SYN_ACK, timeMs: t0 });
    records.observe([log], { ...inbound, packets: 7, bytes: 8044, tcpFlags: TCP_FLAGS.FIN, timeMs: t1 });
    const outbound = tcp(at, "egress", "10.0.0.71", 34210, "52.95.128.179", 80, {
      pktDstAwsService: "S3",
      trafficPath: 8,
    });
    records.observe([log], { ...outbound, packets: 4, bytes: 300, tcpFlags: TCP_FLAGS.SYN, timeMs: t0 });
    records.observe([log], { ...outbound, packets: 3, bytes: 171, tcpFlags: TCP_FLAGS.FIN, timeMs: t1 });
    expect(
      records
        .flush(seconds(1616729400))
        .map((r) => r.message)
        .sort(),
    ).toEqual([
      "5 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 IPv4 7 471 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 3 10.0.0.71 52.95.128.179 - S3 8 egress OK",
      "5 52.95.128.179 10.0.0.71 80 34210 6 1616729292 1616729349 IPv4 14 15044 123456789012 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-0c50d5961bcb2d47b eni-1235b8ca123456789 ap-southeast-2 apse2-az3 - - ACCEPT 19 52.95.128.179 10.0.0.71 S3 - - ingress OK",
    ]);
  });
});

describe("flow-log records: capture windows", () => {
  it("splits a flow across windows of the flow log's interval and flushes each when it ends", () => {
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const minute = flowLog({ id: "fl-minute", maxAggregationInterval: 60 });
    const tenMinutes = flowLog({ id: "fl-ten" });
    const flow = tcp(iface(), "egress", "172.31.16.21", 50000, "198.51.100.7", 443);
    records.observe([minute, tenMinutes], { ...flow, timeMs: seconds(30) });
    records.observe([minute, tenMinutes], { ...flow, timeMs: seconds(90) });
    const first = records.flush(seconds(60));
    expect(first.map((r) => [r.flowLogId, r.windowStart, r.fields.packets])).toEqual([["fl-minute", 0, "1"]]);
    expect(records.flush(seconds(120)).map((r) => [r.flowLogId, r.windowStart])).toEqual([["fl-minute", 60]]);
    const rest = records.flush(seconds(130), true);
    expect(
      rest.map((r) => [r.flowLogId, r.windowStart, r.fields.packets, r.fields.start, r.fields.end]),
    ).toEqual([["fl-ten", 0, "2", "30", "90"]]);
  });

  it("IPv6 flows show the interface's IPv6 address and type IPv6", () => {
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const at = iface({ primaryIpv6: "2001:db8:1234:a102:3304:8879:34cf:4071" });
    records.observe(
      [flowLog()],
      tcp(
        at,
        "ingress",
        "2001:db8:1234:a100:8d6e:3477:df66:f105",
        34892,
        "2001:db8:1234:a102:3304:8879:34cf:4071",
        22,
        {
          packets: 54,
          bytes: 8855,
          timeMs: seconds(1477913708),
        },
      ),
    );
    const [record] = records.flush(seconds(1477914000));
    expect(record?.message).toBe(
      "2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913708 ACCEPT OK",
    );
    expect(record?.fields.type).toBe("IPv6");
  });
});

describe("flow-log records: grouped flows", () => {
  it("a flow seen again and again is counted on each crossing, with its direction's flags, per window", () => {
    const records = new FlowRecordAggregator(formatFlowLogRecord);
    const minute = flowLog({ id: "fl-minute", maxAggregationInterval: 60 });
    const tenMinutes = flowLog({ id: "fl-ten" });
    const at = iface();
    const out = records.prepare(
      [minute, tenMinutes],
      tcp(at, "egress", "172.31.16.21", 50000, "198.51.100.7", 443),
    );
    const back = records.prepare([minute], tcp(at, "ingress", "198.51.100.7", 443, "172.31.16.21", 50000));
    const group = records.prepareGroup([
      { prepared: out, forward: true },
      { prepared: back, forward: false },
    ]);
    records.addGroup(group, 10, 1000, TCP_FLAGS.SYN, TCP_FLAGS.SYN_ACK, seconds(10));
    records.addGroup(group, 5, 500, TCP_FLAGS.FIN, TCP_FLAGS.FIN, seconds(50));
    records.addGroup(group, 1, 100, 0, 0, seconds(70));
    const first = records.flush(seconds(60));
    expect(
      first.map((r) => [
        r.flowLogId,
        r.fields.srcaddr,
        r.fields.packets,
        r.fields.bytes,
        r.fields["tcp-flags"],
        r.fields.start,
        r.fields.end,
      ]),
    ).toEqual([
      ["fl-minute", "172.31.16.21", "15", "1500", "3", "10", "50"],
      ["fl-minute", "198.51.100.7", "15", "1500", "19", "10", "50"],
    ]);
    const rest = records.flush(seconds(600));
    expect(
      rest.map((r) => [r.flowLogId, r.windowStart, r.fields.packets, r.fields.start, r.fields.end]).sort(),
    ).toEqual([
      ["fl-minute", 60, "1", "70", "70"],
      ["fl-minute", 60, "1", "70", "70"],
      ["fl-ten", 0, "16", "10", "70"],
    ]);
  });
});
