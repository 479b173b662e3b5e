/**
 * Flow logs the way a user types them with the AWS CLI v2: `aws ec2 create-flow-logs` and
 * `describe-flow-logs`, then, after the data plane's delivery (called here directly), `aws logs
 * describe-log-groups`, `describe-log-streams`, `get-log-events` and `filter-log-events` (which
 * the CLI pages through by itself).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONTROL_CONFIG } from "../../src/control/context.js";
import {
  DEFAULT_FLOW_LOG_FORMAT,
  deliverFlowLogRecords,
  flowLogsCovering,
  formatFlowLogRecord,
} from "../../src/control/flow-logs.js";
import { inWrite } from "../../src/control/index.js";
import { ManualClock } from "../../src/model/clock.js";
import { seededIds } from "../../src/model/ids.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, awsCli, awsJson, startTestServer } from "./support.js";

let server: RunningServer;
// The CLI checks nothing against the clock; events are put in the recent past of a fixed clock.
const clock = new ManualClock(Date.UTC(2026, 4, 1, 12, 0));

beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(async () => {
  await server.close();
});

describe("flow logs and CloudWatch Logs through the AWS CLI v2", () => {
  const aws = <T = Record<string, unknown>>(...args: string[]) => awsJson<T>(server.endpoint, args);
  const ids: Record<string, string> = {};

  it("creates a flow log with `aws ec2 create-flow-logs`", async () => {
    ids.vpc = (
      await aws<{ Vpc: { VpcId: string } }>("ec2", "create-vpc", "--cidr-block", "10.1.0.0/16")
    ).Vpc.VpcId;
    ids.subnet = (
      await aws<{ Subnet: { SubnetId: string } }>(
        "ec2",
        "create-subnet",
        "--vpc-id",
        ids.vpc,
        "--cidr-block",
        "10.1.1.0/24",
      )
    ).Subnet.SubnetId;
    ids.eni = (
      await aws<{ NetworkInterface: { NetworkInterfaceId: string } }>(
        "ec2",
        "create-network-interface",
        "--subnet-id",
        ids.subnet,
      )
    ).NetworkInterface.NetworkInterfaceId;
    const created = await aws<{ FlowLogIds: string[]; Unsuccessful: unknown[] }>(
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      ids.vpc,
      "--traffic-type",
      "ALL",
      "--log-group-name",
      "vpc-flow-logs",
      "--deliver-logs-permission-arn",
      `arn:aws:iam::${ACCOUNT}:role/publishFlowLogs`,
      "--max-aggregation-interval",
      "60",
    );
    expect(created.Unsuccessful).toEqual([]);
    ids.flowLog = created.FlowLogIds[0]!;
    const described = await aws<{ FlowLogs: Record<string, unknown>[] }>(
      "ec2",
      "describe-flow-logs",
      "--filter",
      `Name=resource-id,Values=${ids.vpc}`,
    );
    expect(described.FlowLogs).toEqual([
      expect.objectContaining({
        FlowLogId: ids.flowLog,
        LogGroupName: "vpc-flow-logs",
        TrafficType: "ALL",
        LogDestinationType: "cloud-watch-logs",
        LogFormat: DEFAULT_FLOW_LOG_FORMAT,
        MaxAggregationInterval: 60,
        DeliverLogsStatus: "SUCCESS",
        FlowLogStatus: "ACTIVE",
      }),
    ]);
    const failed = await awsCli(server.endpoint, [
      "ec2",
      "create-flow-logs",
      "--resource-type",
      "VPC",
      "--resource-ids",
      ids.vpc,
      "--traffic-type",
      "ALL",
      "--log-group-name",
      "vpc-flow-logs",
      "--deliver-logs-permission-arn",
      `arn:aws:iam::${ACCOUNT}:role/publishFlowLogs`,
    ]);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("FlowLogAlreadyExists");
  });

  it("reads delivered records with `aws logs`", async () => {
    const scope = { account: ACCOUNT, region: "us-east-1" };
    const flowLogs = server.store.read((tx) =>
      flowLogsCovering(tx, scope, { vpcId: ids.vpc, networkInterfaceId: ids.eni }),
    );
    expect(flowLogs.map((f) => f.id)).toEqual([ids.flowLog]);
    const windowStart = new Date(Date.UTC(2026, 4, 1, 11, 58));
    const start = windowStart.getTime() / 1000;
    const records = [
      [22, "REJECT"],
      [443, "ACCEPT"],
      [22, "ACCEPT"],
    ].map(([dstport, action]) =>
      formatFlowLogRecord(flowLogs[0]!.logFormat, {
        "account-id": ACCOUNT,
        "interface-id": ids.eni,
        srcaddr: "203.0.113.9",
        dstaddr: "10.1.1.20",
        srcport: 40_000,
        dstport,
        protocol: 6,
        packets: 1,
        bytes: 60,
        start,
        end: start + 60,
        action,
        "log-status": "OK",
      }),
    );
    const env = { scope, clock, ids: seededIds(3), config: DEFAULT_CONTROL_CONFIG };
    inWrite(server.store, env, (ctx) =>
      deliverFlowLogRecords(ctx, flowLogs[0]!, ids.eni!, records, windowStart),
    );

    const groups = await aws<{ logGroups: Record<string, unknown>[] }>("logs", "describe-log-groups");
    expect(groups.logGroups).toEqual([
      expect.objectContaining({
        logGroupName: "vpc-flow-logs",
        arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:vpc-flow-logs:*`,
        storedBytes: records.reduce((sum, r) => sum + r.length + 26, 0),
      }),
    ]);
    const streams = await aws<{ logStreams: { logStreamName: string }[] }>(
      "logs",
      "describe-log-streams",
      "--log-group-name",
      "vpc-flow-logs",
    );
    expect(streams.logStreams.map((s) => s.logStreamName)).toEqual([`${ids.eni}-all`]);
    const events = await aws<{ events: { message: string; timestamp: number }[] }>(
      "logs",
      "get-log-events",
      "--log-group-name",
      "vpc-flow-logs",
      "--log-stream-name",
      `${ids.eni}-all`,
      "--start-from-head",
    );
    expect(events.events.map((e) => e.message)).toEqual(records);
    expect(events.events[0]!.timestamp).toBe(windowStart.getTime());
    const ssh = await aws<{ events: { message: string; logStreamName: string }[] }>(
      "logs",
      "filter-log-events",
      "--log-group-name",
      "vpc-flow-logs",
      "--filter-pattern",
      "[version, account, eni, source, destination, srcport, destport=22, protocol=6, packets, bytes, windowstart, windowend, action, flowlogstatus]",
    );
    expect(ssh.events.map((e) => e.message)).toEqual([records[0], records[2]]);
    const rejects = await aws<{ events: { message: string }[] }>(
      "logs",
      "filter-log-events",
      "--log-group-name",
      "vpc-flow-logs",
      "--filter-pattern",
      "REJECT",
      "--page-size",
      "1",
    );
    expect(rejects.events.map((e) => e.message)).toEqual([records[0]]);
    const missing = await awsCli(server.endpoint, [
      "logs",
      "describe-log-streams",
      "--log-group-name",
      "nope",
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("ResourceNotFoundException");
    expect(missing.stderr).toContain("The specified log group does not exist.");
  });
});
