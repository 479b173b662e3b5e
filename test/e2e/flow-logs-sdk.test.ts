// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow-log formats are written `${field}`, literally
/**
 * Flow logs driven by the AWS SDK for JavaScript v3 against a real server (CreateFlowLogs with its
 * partial failures and errors, DescribeFlowLogs with filters and the SDK's paginator,
 * DeleteFlowLogs), then the records the data plane will deliver, read back through CloudWatch
 * Logs' JSON protocol with the v3 `CloudWatchLogsClient` (`@aws-sdk/client-cloudwatch-logs`, its
 * commands and paginators), and the S3 log files written under the data directory.
 */
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateFlowLogsCommand,
  CreateNetworkInterfaceCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DeleteFlowLogsCommand,
  DeleteNetworkInterfaceCommand,
  DescribeFlowLogsCommand,
  type EC2Client,
  paginateDescribeFlowLogs,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONTROL_CONFIG } from "../../src/control/context.js";
import {
  DEFAULT_FLOW_LOG_FORMAT,
  deliverFlowLogRecords,
  flowLogsCovering,
  formatFlowLogRecord,
} from "../../src/control/flow-logs.js";
import { type Env, inWrite } from "../../src/control/index.js";
import { ManualClock } from "../../src/model/clock.js";
import { seededIds } from "../../src/model/ids.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, sdkErrorCode, startTestServer, tempDir } from "./support.js";

let server: RunningServer;
let ec2: EC2Client;
let logs: CloudWatchLogsClient;
const clock = new ManualClock(Date.UTC(2026, 3, 1, 8, 0));
const dataDir = tempDir("vpcsim-flow-logs-e2e-");
const ROLE = `arn:aws:iam::${ACCOUNT}:role/flow-logs`;

beforeAll(async () => {
  server = await startTestServer({ clock });
  ec2 = ec2Client(server.endpoint);
  logs = new CloudWatchLogsClient({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: "test" },
    // Fail fast: a test must not wait for retries of an error it expects.
    maxAttempts: 1,
  });
});
afterAll(async () => {
  ec2.destroy();
  logs.destroy();
  await server.close();
  dataDir.remove();
});

/** Runs delivery the way the data plane will: in a write transaction of the server's store. */
function deliver(flowLogId: string, interfaceId: string, lines: readonly string[], windowStart: Date) {
  const env: Env = {
    scope: { account: ACCOUNT, region: "us-east-1" },
    clock,
    ids: seededIds(7),
    config: { ...DEFAULT_CONTROL_CONFIG, dataDir: dataDir.path },
  };
  return inWrite(server.store, env, (ctx) => {
    const flowLog = ctx.tx.get("flowLog", ctx.scope, flowLogId);
    if (!flowLog) throw new Error(`no flow log ${flowLogId}`);
    return deliverFlowLogRecords(ctx, flowLog, interfaceId, lines, windowStart);
  });
}

/** The error a v3 SDK call rejects with: its code (`name`) and message. */
async function logsError(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string };
    return { code: e.name, message: e.message };
  }
  throw new Error("expected the call to fail");
}

describe("flow logs through the EC2 API", () => {
  const ids: Record<string, string> = {};

  it("creates a VPC, a subnet and an interface to log", async () => {
    ids.vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: "10.0.0.0/16" }))).Vpc!.VpcId!;
    ids.subnet = (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: ids.vpc, CidrBlock: "10.0.1.0/24", AvailabilityZone: "us-east-1a" }),
      )
    ).Subnet!.SubnetId!;
    ids.eni = (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: ids.subnet }))).NetworkInterface!
      .NetworkInterfaceId!;
  });

  it("creates a flow log to CloudWatch Logs, idempotently with a ClientToken", async () => {
    const input = {
      ResourceType: "VPC" as const,
      ResourceIds: [ids.vpc!],
      TrafficType: "ALL" as const,
      LogGroupName: "vpc-flows",
      DeliverLogsPermissionArn: ROLE,
      ClientToken: "create-vpc-flows",
      TagSpecifications: [{ ResourceType: "vpc-flow-log" as const, Tags: [{ Key: "Name", Value: "vpc" }] }],
    };
    const created = await ec2.send(new CreateFlowLogsCommand(input));
    expect(created.FlowLogIds).toHaveLength(1);
    expect(created.Unsuccessful).toEqual([]);
    expect(created.ClientToken).toBe("create-vpc-flows");
    ids.vpcFlows = created.FlowLogIds![0]!;
    const again = await ec2.send(new CreateFlowLogsCommand(input));
    expect(again.FlowLogIds).toEqual(created.FlowLogIds);
    expect(await sdkErrorCode(ec2.send(new CreateFlowLogsCommand({ ...input, TrafficType: "REJECT" })))).toBe(
      "IdempotentParameterMismatch",
    );
    const [described] = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [ids.vpcFlows] })))
      .FlowLogs!;
    expect(described).toEqual({
      CreationTime: new Date(clock.now()),
      DeliverLogsPermissionArn: ROLE,
      DeliverLogsStatus: "SUCCESS",
      FlowLogId: ids.vpcFlows,
      FlowLogStatus: "ACTIVE",
      LogGroupName: "vpc-flows",
      ResourceId: ids.vpc,
      TrafficType: "ALL",
      LogDestinationType: "cloud-watch-logs",
      LogFormat: DEFAULT_FLOW_LOG_FORMAT,
      Tags: [{ Key: "Name", Value: "vpc" }],
      MaxAggregationInterval: 600,
    });
  });

  it("creates a flow log to S3 with destination options and a custom format", async () => {
    const created = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: "Subnet",
        ResourceIds: [ids.subnet!],
        TrafficType: "REJECT",
        LogDestinationType: "s3",
        LogDestination: "arn:aws:s3:::flow-log-bucket/vpcsim/",
        LogFormat:
          "${version} ${vpc-id} ${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${action} ${flow-direction}",
        MaxAggregationInterval: 60,
        DestinationOptions: {
          FileFormat: "plain-text",
          HiveCompatiblePartitions: false,
          PerHourPartition: true,
        },
      }),
    );
    ids.subnetFlows = created.FlowLogIds![0]!;
    const [described] = (await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [ids.subnetFlows] })))
      .FlowLogs!;
    expect(described).toMatchObject({
      LogDestinationType: "s3",
      LogDestination: "arn:aws:s3:::flow-log-bucket/vpcsim/",
      MaxAggregationInterval: 60,
      DestinationOptions: {
        FileFormat: "plain-text",
        HiveCompatiblePartitions: false,
        PerHourPartition: true,
      },
    });
    expect(described!.LogGroupName).toBeUndefined();
    expect(described!.Tags).toBeUndefined();
  });

  it("reports resources it cannot log in Unsuccessful, and creates the others", async () => {
    const missing = "eni-0123456789abcdef0";
    const result = await ec2.send(
      new CreateFlowLogsCommand({
        ResourceType: "NetworkInterface",
        ResourceIds: [missing, ids.eni!],
        TrafficType: "ACCEPT",
        LogDestination: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:eni-flows`,
        DeliverLogsPermissionArn: ROLE,
      }),
    );
    expect(result.FlowLogIds).toHaveLength(1);
    ids.eniFlows = result.FlowLogIds![0]!;
    expect(result.Unsuccessful).toEqual([
      {
        ResourceId: missing,
        Error: {
          Code: "InvalidNetworkInterfaceID.NotFound",
          Message: `The networkInterface ID '${missing}' does not exist`,
        },
      },
    ]);
  });

  it("answers AWS's errors for the whole call", async () => {
    const base = {
      ResourceType: "VPC" as const,
      ResourceIds: [ids.vpc!],
      TrafficType: "ALL" as const,
      LogGroupName: "vpc-flows",
      DeliverLogsPermissionArn: ROLE,
    };
    expect(await sdkErrorCode(ec2.send(new CreateFlowLogsCommand(base)))).toBe("FlowLogAlreadyExists");
    await ec2.send(new CreateFlowLogsCommand({ ...base, LogGroupName: "second" }));
    expect(await sdkErrorCode(ec2.send(new CreateFlowLogsCommand({ ...base, LogGroupName: "third" })))).toBe(
      "FlowLogsLimitExceeded",
    );
    expect(
      await sdkErrorCode(ec2.send(new CreateFlowLogsCommand({ ...base, LogFormat: "${version} " }))),
    ).toBe("InvalidParameterValue");
    expect(
      await sdkErrorCode(ec2.send(new CreateFlowLogsCommand({ ...base, MaxAggregationInterval: 300 }))),
    ).toBe("InvalidParameter");
    expect(
      await sdkErrorCode(
        ec2.send(new CreateFlowLogsCommand({ ...base, ResourceIds: [ids.subnet!], LogGroupName: "x" })),
      ),
    ).toBe("InvalidParameter");
    expect(
      await sdkErrorCode(
        ec2.send(
          new CreateFlowLogsCommand({ ...base, LogDestinationType: "s3", LogDestination: "arn:aws:s3:::b" }),
        ),
      ),
    ).toBe("InvalidParameter");
    const dryRun = {
      ...base,
      ResourceType: "NetworkInterface" as const,
      ResourceIds: [ids.eni!],
      LogGroupName: "dry",
    };
    expect(await sdkErrorCode(ec2.send(new CreateFlowLogsCommand({ ...dryRun, DryRun: true })))).toBe(
      "DryRunOperation",
    );
    const described = await ec2.send(
      new DescribeFlowLogsCommand({ Filter: [{ Name: "log-group-name", Values: ["dry"] }] }),
    );
    expect(described.FlowLogs).toEqual([]);
  });

  it("describes with filters and pages with the SDK's paginator", async () => {
    const filtered = await ec2.send(
      new DescribeFlowLogsCommand({
        Filter: [{ Name: "log-destination-type", Values: ["cloud-watch-logs"] }],
      }),
    );
    expect(filtered.FlowLogs!.map((f) => f.LogGroupName).sort()).toEqual([
      "eni-flows",
      "second",
      "vpc-flows",
    ]);
    const byTag = await ec2.send(
      new DescribeFlowLogsCommand({ Filter: [{ Name: "tag:Name", Values: ["vpc"] }] }),
    );
    expect(byTag.FlowLogs!.map((f) => f.FlowLogId)).toEqual([ids.vpcFlows]);
    const seen: string[] = [];
    for await (const page of paginateDescribeFlowLogs({ client: ec2, pageSize: 5 }, {})) {
      seen.push(...page.FlowLogs!.map((f) => f.FlowLogId!));
    }
    expect(seen).toHaveLength(4);
    expect(
      await sdkErrorCode(
        ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: "vpc-id", Values: ["x"] }] })),
      ),
    ).toBe("InvalidParameterValue");
  });

  it("delivers flow-log records to CloudWatch Logs, one stream per interface, and reads them back with CloudWatch Logs' API", async () => {
    const covering = server.store.read((tx) =>
      flowLogsCovering(
        tx,
        { account: ACCOUNT, region: "us-east-1" },
        { vpcId: ids.vpc, subnetId: ids.subnet, networkInterfaceId: ids.eni },
      ),
    );
    // The interface's, the subnet's and the VPC's two.
    expect(covering).toHaveLength(4);
    expect(covering.map((f) => f.id)).toEqual(
      expect.arrayContaining([ids.eniFlows, ids.subnetFlows, ids.vpcFlows]),
    );
    const window = new Date(Date.UTC(2026, 3, 1, 7, 50));
    const start = window.getTime() / 1000;
    const line = (dstport: number, action: string) =>
      formatFlowLogRecord(DEFAULT_FLOW_LOG_FORMAT, {
        "account-id": ACCOUNT,
        "interface-id": ids.eni,
        srcaddr: "198.51.100.7",
        dstaddr: "10.0.1.10",
        srcport: 51000 + dstport,
        dstport,
        protocol: 6,
        packets: 4,
        bytes: 240,
        start,
        end: start + 60,
        action,
        "log-status": "OK",
      });
    const delivered = deliver(
      ids.vpcFlows!,
      ids.eni!,
      [line(22, "REJECT"), line(443, "ACCEPT"), line(3389, "REJECT")],
      window,
    );
    expect(delivered).toMatchObject({
      type: "cloud-watch-logs",
      logGroupName: "vpc-flows",
      logStreamName: `${ids.eni}-all`,
    });

    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "vpc-" }));
    expect(groups.logGroups).toEqual([
      expect.objectContaining({
        logGroupName: "vpc-flows",
        arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:vpc-flows:*`,
        logGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:vpc-flows`,
        creationTime: clock.now().getTime(),
        metricFilterCount: 0,
        logGroupClass: "STANDARD",
      }),
    ]);
    const streams = await logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: "vpc-flows",
        orderBy: "LastEventTime",
        descending: true,
      }),
    );
    expect(streams.logStreams!.map((s) => [s.logStreamName, s.lastEventTimestamp])).toEqual([
      [`${ids.eni}-all`, window.getTime()],
    ]);
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: "vpc-flows",
        logStreamName: `${ids.eni}-all`,
        startFromHead: true,
      }),
    );
    expect(events.events!.map((e) => e.message)).toEqual([
      line(22, "REJECT"),
      line(443, "ACCEPT"),
      line(3389, "REJECT"),
    ]);
    expect(events.nextForwardToken).toMatch(/^f\/\d{56}\/s$/);
    const rejected = await logs.send(
      new FilterLogEventsCommand({
        logGroupName: "vpc-flows",
        filterPattern:
          '[version, account, eni, source, destination, srcport, destport="22", protocol="6", packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]',
      }),
    );
    expect(rejected.events!.map((e) => e.message)).toEqual([line(22, "REJECT")]);
    expect(rejected.events![0]).toMatchObject({
      logStreamName: `${ids.eni}-all`,
      timestamp: window.getTime(),
    });
    // The SDK's paginator follows nextToken one event at a time through the whole group.
    const pages: string[][] = [];
    for await (const page of paginateFilterLogEvents(
      { client: logs, pageSize: 1 },
      { logGroupName: "vpc-flows" },
    )) {
      pages.push(page.events!.map((e) => e.message!));
    }
    expect(pages.flat()).toEqual([line(22, "REJECT"), line(443, "ACCEPT"), line(3389, "REJECT")]);
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it("writes S3 log files in AWS's layout under the data directory", () => {
    const line = formatFlowLogRecord(
      "${version} ${vpc-id} ${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${action} ${flow-direction}",
      {
        "vpc-id": ids.vpc,
        "interface-id": ids.eni,
        srcaddr: "198.51.100.7",
        dstaddr: "10.0.1.10",
        dstport: 22,
        action: "REJECT",
        "flow-direction": "ingress",
      },
    );
    const delivered = deliver(ids.subnetFlows!, ids.eni!, [line], new Date(Date.UTC(2026, 3, 1, 7, 51)));
    if (delivered?.type !== "s3") throw new Error("expected an S3 delivery");
    expect(delivered.key).toMatch(
      new RegExp(
        `^vpcsim/AWSLogs/${ACCOUNT}/vpcflowlogs/us-east-1/2026/04/01/07/${ACCOUNT}_vpcflowlogs_us-east-1_${ids.subnetFlows}_20260401T0751Z_[0-9a-f]{8}\\.log\\.gz$`,
      ),
    );
    expect(delivered.path.startsWith(`${dataDir.path}/s3/flow-log-bucket/`)).toBe(true);
    expect(gunzipSync(readFileSync(delivered.path)).toString()).toBe(
      `version vpc-id interface-id srcaddr dstaddr dstport action flow-direction\n5 ${ids.vpc} ${ids.eni} 198.51.100.7 10.0.1.10 22 REJECT ingress\n`,
    );
  });

  it("deletes flow logs, reporting unknown ids in Unsuccessful; a deleted interface takes its flow log along", async () => {
    const unknown = "fl-0123456789abcdef0";
    const result = await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: [ids.subnetFlows!, unknown] }));
    expect(result.Unsuccessful).toEqual([
      {
        ResourceId: unknown,
        Error: {
          Code: "InvalidFlowLogId.NotFound",
          Message: `These flow log ids in the input list are not found: [TotalCount: 1] ${unknown}`,
        },
      },
    ]);
    await ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: ids.eni }));
    const left = (await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs!.map((f) => f.FlowLogId);
    expect(left).not.toContain(ids.subnetFlows);
    expect(left).not.toContain(ids.eniFlows);
    expect(left).toContain(ids.vpcFlows);
  });
});

describe("CloudWatch Logs through its JSON protocol (SDK v3)", () => {
  it("creates groups and streams, puts events, and reads them back", async () => {
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/app/web", tags: { team: "web" } }));
    expect(await logsError(logs.send(new CreateLogGroupCommand({ logGroupName: "/app/web" })))).toEqual({
      code: "ResourceAlreadyExistsException",
      message: "The specified log group already exists",
    });
    const groupPages: string[][] = [];
    for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 1 }, {})) {
      groupPages.push(page.logGroups!.map((g) => g.logGroupName!));
    }
    expect(groupPages).toEqual([["/app/web"], ["vpc-flows"]]);
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/app/web", logStreamName: "i-1" }));
    const now = clock.now().getTime();
    const put = await logs.send(
      new PutLogEventsCommand({
        logGroupName: "/app/web",
        logStreamName: "i-1",
        logEvents: [
          { timestamp: now - 2000, message: "GET /index.html 200" },
          { timestamp: now - 1000, message: "ERROR GET /missing 404" },
        ],
      }),
    );
    expect(put.nextSequenceToken).toMatch(/^\d{56}$/);
    const errors = await logs.send(
      new FilterLogEventsCommand({ logGroupName: "/app/web", filterPattern: "ERROR" }),
    );
    expect(errors.events!.map((e) => e.message)).toEqual(["ERROR GET /missing 404"]);
    expect(errors.searchedLogStreams).toEqual([]);
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: "/app/web", logStreamName: "i-1", limit: 1 }),
    );
    expect(tail.events!.map((e) => e.message)).toEqual(["ERROR GET /missing 404"]);
    const back = await logs.send(
      new GetLogEventsCommand({
        logGroupName: "/app/web",
        logStreamName: "i-1",
        nextToken: tail.nextBackwardToken!,
      }),
    );
    expect(back.events!.map((e) => e.message)).toEqual(["GET /index.html 200"]);
  });

  it("answers CloudWatch Logs' JSON errors", async () => {
    expect(await logsError(logs.send(new DescribeLogStreamsCommand({ logGroupName: "/missing" })))).toEqual({
      code: "ResourceNotFoundException",
      message: "The specified log group does not exist.",
    });
    expect(
      (
        await logsError(
          logs.send(new GetLogEventsCommand({ logGroupName: "/app/web", logStreamName: "nope" })),
        )
      ).code,
    ).toBe("ResourceNotFoundException");
    expect((await logsError(logs.send(new CreateLogGroupCommand({ logGroupName: "has space" })))).code).toBe(
      "InvalidParameterException",
    );
    expect(
      (
        await logsError(
          logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/a", logGroupNamePattern: "b" })),
        )
      ).code,
    ).toBe("InvalidParameterException");
    expect(
      (
        await logsError(
          logs.send(new FilterLogEventsCommand({ logGroupName: "/app/web", filterPattern: "[a, b" })),
        )
      ).code,
    ).toBe("InvalidParameterException");
    await logs.send(new DeleteLogGroupCommand({ logGroupName: "/app/web" }));
    expect((await logsError(logs.send(new DeleteLogGroupCommand({ logGroupName: "/app/web" })))).code).toBe(
      "ResourceNotFoundException",
    );
  });
});

describe("where S3 flow-log files go", () => {
  it("uses a temporary directory for an in-memory server, removed when it closes", async () => {
    const inMemory = await startTestServer({ clock });
    const ec2InMemory = ec2Client(inMemory.endpoint);
    try {
      expect(inMemory.dataDir.startsWith(tmpdir())).toBe(true);
      const vpcId = (await ec2InMemory.send(new CreateVpcCommand({ CidrBlock: "10.9.0.0/16" }))).Vpc!.VpcId!;
      const [flowLogId] = (
        await ec2InMemory.send(
          new CreateFlowLogsCommand({
            ResourceType: "VPC",
            ResourceIds: [vpcId],
            TrafficType: "ALL",
            LogDestinationType: "s3",
            LogDestination: "arn:aws:s3:::temporary-bucket",
          }),
        )
      ).FlowLogIds!;
      const env: Env = {
        scope: { account: ACCOUNT, region: "us-east-1" },
        clock,
        ids: seededIds(9),
        config: { ...DEFAULT_CONTROL_CONFIG, dataDir: inMemory.dataDir },
      };
      const delivered = inWrite(inMemory.store, env, (ctx) =>
        deliverFlowLogRecords(
          ctx,
          ctx.tx.get("flowLog", ctx.scope, flowLogId!)!,
          "eni-1",
          ["x"],
          clock.now(),
        ),
      );
      if (delivered?.type !== "s3") throw new Error("expected an S3 delivery");
      expect(delivered.path.startsWith(`${inMemory.dataDir}/s3/temporary-bucket/AWSLogs/`)).toBe(true);
      expect(existsSync(delivered.path)).toBe(true);
    } finally {
      ec2InMemory.destroy();
      await inMemory.close();
    }
    expect(existsSync(inMemory.dataDir)).toBe(false);
  });

  it("uses the data directory of a persistent server", async () => {
    const persistent = await startTestServer({ clock, dataDir: dataDir.path });
    try {
      expect(persistent.dataDir).toBe(dataDir.path);
    } finally {
      await persistent.close();
    }
    expect(existsSync(dataDir.path)).toBe(true);
  });
});
