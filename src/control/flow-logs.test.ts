// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow-log formats are written `${field}`, literally
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { FlowLog } from "../model/flow-logs.js";
import {
  type CreateFlowLogsInput,
  createFlowLogs,
  DEFAULT_FLOW_LOG_FORMAT,
  deleteFlowLogs,
  deliverFlowLogRecords,
  describeFlowLogs,
  flowLogCaptures,
  flowLogS3Key,
  flowLogsCovering,
  formatFlowLogRecord,
} from "./flow-logs.js";
import { describeLogGroups, describeLogStreams, getLogEvents } from "./logs.js";
import { createNetworkInterface, deleteNetworkInterface } from "./network-interfaces.js";
import { addSubnet, type Network, network } from "./network-test-support.js";
import { deleteSubnet } from "./subnets.js";
import { errorCode, TEST_ACCOUNT, type TestPlane, testPlane } from "./test-support.js";

const ROLE = `arn:aws:iam::${TEST_ACCOUNT}:role/flow-logs`;
const dataDirs: string[] = [];
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function planeWithDataDir(): { plane: TestPlane; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), "vpcsim-flow-logs-"));
  dataDirs.push(dataDir);
  return { plane: testPlane({ config: { dataDir } }), dataDir };
}

function toCloudWatch(net: Network, extra: Partial<CreateFlowLogsInput> = {}) {
  return net.plane.write((ctx) =>
    createFlowLogs(ctx, {
      resourceIds: [net.vpc.id],
      resourceType: "VPC",
      trafficType: "ALL",
      logGroupName: "flows",
      deliverLogsPermissionArn: ROLE,
      ...extra,
    }),
  );
}

function flowLog(plane: TestPlane, id: string): FlowLog {
  return plane.read((ctx) => describeFlowLogs(ctx, { flowLogIds: [id] })).flowLogs[0]!;
}

function eni(net: Network, subnetId = net.subnet.id): string {
  return net.plane.write((ctx) => createNetworkInterface(ctx, { subnetId })).networkInterface.id;
}

describe("CreateFlowLogs", () => {
  it("creates a flow log per resource with AWS's defaults", () => {
    const net = network();
    const { flowLogIds, unsuccessful } = toCloudWatch(net);
    expect(unsuccessful).toEqual([]);
    expect(flowLogIds).toHaveLength(1);
    expect(flowLogIds[0]).toMatch(/^fl-[0-9a-f]{17}$/);
    const created = flowLog(net.plane, flowLogIds[0]!);
    expect(created).toMatchObject({
      resourceId: net.vpc.id,
      resourceType: "VPC",
      trafficType: "ALL",
      destination: { type: "cloud-watch-logs", logGroupName: "flows" },
      logFormat: DEFAULT_FLOW_LOG_FORMAT,
      maxAggregationInterval: 600,
      deliverLogsPermissionArn: ROLE,
      deliverLogsStatus: "SUCCESS",
      ownerId: TEST_ACCOUNT,
    });
    expect(created.creationTime).toEqual(net.plane.clock.now());
  });

  it("creates flow logs for subnets and interfaces, with a 60-second interval and tags", () => {
    const net = network();
    const eniId = eni(net);
    const subnet = net.plane.write((ctx) =>
      createFlowLogs(ctx, {
        resourceIds: [net.subnet.id],
        resourceType: "Subnet",
        trafficType: "REJECT",
        logDestinationType: "s3",
        logDestination: "arn:aws:s3:::flow-bucket",
        maxAggregationInterval: 60,
        tagSpecifications: [{ resourceType: "vpc-flow-log", tags: [{ key: "Name", value: "rejects" }] }],
      }),
    );
    const iface = net.plane.write((ctx) =>
      createFlowLogs(ctx, {
        resourceIds: [eniId],
        resourceType: "NetworkInterface",
        trafficType: "ACCEPT",
        logDestination: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:eni-flows`,
        deliverLogsPermissionArn: ROLE,
        logFormat: "${interface-id} ${srcaddr} ${pkt-srcaddr} ${flow-direction}",
      }),
    );
    const s = flowLog(net.plane, subnet.flowLogIds[0]!);
    expect(s).toMatchObject({
      resourceType: "Subnet",
      maxAggregationInterval: 60,
      tags: [{ key: "Name", value: "rejects" }],
      destination: {
        type: "s3",
        bucket: "flow-bucket",
        prefix: "",
        fileFormat: "plain-text",
        hiveCompatiblePartitions: false,
        perHourPartition: false,
      },
    });
    expect(flowLog(net.plane, iface.flowLogIds[0]!)).toMatchObject({
      resourceType: "NetworkInterface",
      destination: {
        type: "cloud-watch-logs",
        logGroupName: "eni-flows",
        arn: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:eni-flows`,
      },
      logFormat: "${interface-id} ${srcaddr} ${pkt-srcaddr} ${flow-direction}",
    });
  });

  it("reports resources that do not exist in Unsuccessful and creates the others", () => {
    const net = network();
    const missing = "vpc-0123456789abcdef0";
    const malformed = "vpc-xyz";
    const { flowLogIds, unsuccessful } = toCloudWatch(net, { resourceIds: [missing, net.vpc.id, malformed] });
    expect(flowLogIds).toHaveLength(1);
    expect(unsuccessful).toEqual([
      {
        resourceId: missing,
        error: { code: "InvalidVpcID.NotFound", message: `The vpc ID '${missing}' does not exist` },
      },
      { resourceId: malformed, error: expect.objectContaining({ code: "InvalidVpcID.Malformed" }) },
    ]);
    const subnets = net.plane.write((ctx) =>
      createFlowLogs(ctx, {
        resourceIds: ["subnet-0123456789abcdef0"],
        resourceType: "Subnet",
        trafficType: "ALL",
        logGroupName: "flows",
        deliverLogsPermissionArn: ROLE,
      }),
    );
    expect(subnets.unsuccessful[0]!.error.code).toBe("InvalidSubnetID.NotFound");
  });

  it("fails the call for an id of another resource type, as AWS does", () => {
    const net = network();
    const call = () => toCloudWatch(net, { resourceIds: [net.vpc.id, net.subnet.id] });
    expect(errorCode(call)).toBe("InvalidParameter");
    expect(() => call()).toThrow(`Invalid Resource id ${net.subnet.id} for resource-type VPC`);
    expect(net.plane.read((ctx) => describeFlowLogs(ctx, {})).flowLogs).toEqual([]);
  });

  it("validates the request parameters", () => {
    const net = network();
    const code = (extra: Partial<CreateFlowLogsInput>) => errorCode(() => toCloudWatch(net, extra));
    expect(code({ resourceIds: [] })).toBe("MissingParameter");
    expect(code({ resourceType: undefined })).toBe("MissingParameter");
    expect(code({ resourceType: "Vpc" })).toBe("InvalidParameterValue");
    expect(code({ resourceType: "TransitGateway" })).toBe("UnsupportedOperation");
    expect(code({ trafficType: undefined })).toBe("MissingParameter");
    expect(code({ trafficType: "SOME" })).toBe("InvalidParameterValue");
    expect(code({ logDestinationType: "kinesis-data-firehose" })).toBe("UnsupportedOperation");
    expect(code({ logDestinationType: "ftp" })).toBe("InvalidParameterValue");
    expect(code({ resourceIds: Array.from({ length: 301 }, () => net.vpc.id) })).toBe("InvalidParameter");
    expect(code({ logFormat: "${version} ${nope}" })).toBe("InvalidParameterValue");
    expect(code({ logFormat: "" })).toBe("InvalidParameterValue");
    expect(code({ tagSpecifications: [{ resourceType: "vpc", tags: [{ key: "a", value: "b" }] }] })).toBe(
      "InvalidParameterValue",
    );
  });

  it("accepts 60 and 600 seconds as the aggregation interval, nothing else", () => {
    const net = network();
    for (const bad of [0, 1, 59, 61, 300, 599, 601, 3600, -60]) {
      expect(
        errorCode(() => toCloudWatch(net, { maxAggregationInterval: bad })),
        String(bad),
      ).toBe("InvalidParameter");
    }
    expect(() => toCloudWatch(net, { maxAggregationInterval: 7 })).toThrow(
      "Invalid Flow Log Max Aggregation Interval",
    );
    const [sixty] = toCloudWatch(net, { maxAggregationInterval: 60 }).flowLogIds;
    const [six] = toCloudWatch(net, { maxAggregationInterval: 600, trafficType: "REJECT" }).flowLogIds;
    expect(flowLog(net.plane, sixty!).maxAggregationInterval).toBe(60);
    expect(flowLog(net.plane, six!).maxAggregationInterval).toBe(600);
  });

  it("checks CloudWatch Logs destinations as AWS does", () => {
    const net = network();
    const arn = `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:flows`;
    const fails = (extra: Partial<CreateFlowLogsInput>, message: string) => {
      expect(() => toCloudWatch(net, extra)).toThrow(message);
      expect(errorCode(() => toCloudWatch(net, extra))).toMatch(/^InvalidParameter(Value)?$/);
    };
    fails(
      { deliverLogsPermissionArn: undefined },
      "DeliverLogsPermissionArn can't be empty if LogDestinationType is cloud-watch-logs.",
    );
    fails({ logGroupName: undefined }, "LogDestination can't be empty if LogGroupName is not provided.");
    fails({ logDestination: arn }, "Please only provide LogGroupName or only provide LogDestination.");
    fails(
      { logGroupName: undefined, logDestination: arn.replace("us-east-1", "eu-west-1") },
      "LogDestination must be in the same region as the API caller.",
    );
    fails(
      { logGroupName: undefined, logDestination: "arn:aws:s3:::bucket" },
      "is not a valid CloudWatch Logs log group ARN",
    );
    fails({ logGroupName: "bad name" }, "Invalid log group name");
    fails({ deliverLogsPermissionArn: "role" }, "It is not a valid IAM role ARN");
    fails({ destinationOptions: { fileFormat: "plain-text" } }, "DestinationOptions can only be specified");
  });

  it("checks S3 destinations as AWS does", () => {
    const net = network();
    const s3 = (extra: Partial<CreateFlowLogsInput>) =>
      toCloudWatch(net, {
        logDestinationType: "s3",
        logGroupName: undefined,
        deliverLogsPermissionArn: undefined,
        logDestination: "arn:aws:s3:::flow-bucket",
        ...extra,
      });
    expect(() => s3({ deliverLogsPermissionArn: ROLE })).toThrow(
      "DeliverLogsPermissionArn is not applicable for s3 delivery",
    );
    expect(() => s3({ logGroupName: "flows" })).toThrow(
      "LogDestination type must be cloud-watch-logs if LogGroupName is provided.",
    );
    expect(() => s3({ logDestination: undefined })).toThrow(
      "LogDestination can't be empty if LogDestinationType is s3.",
    );
    expect(errorCode(() => s3({ logDestination: "arn:aws:s3:::Bad_Bucket" }))).toBe("InvalidParameter");
    expect(errorCode(() => s3({ logDestination: "arn:aws:s3:::flow-bucket/AWSLogs/" }))).toBe(
      "InvalidParameter",
    );
    expect(errorCode(() => s3({ logDestination: "arn:aws:s3:::flow-bucket/a/../b" }))).toBe(
      "InvalidParameter",
    );
    expect(errorCode(() => s3({ destinationOptions: { fileFormat: "parquet" } }))).toBe(
      "UnsupportedOperation",
    );
    expect(errorCode(() => s3({ destinationOptions: { fileFormat: "csv" } }))).toBe("InvalidParameterValue");
    const { flowLogIds } = s3({ logDestination: "arn:aws:s3:::flow-bucket/team/flows/" });
    expect(flowLog(net.plane, flowLogIds[0]!).destination).toMatchObject({
      bucket: "flow-bucket",
      prefix: "team/flows",
    });
  });

  it("allows two flow logs per resource (FlowLogsLimitExceeded), never the same one twice (FlowLogAlreadyExists)", () => {
    const net = network();
    toCloudWatch(net);
    expect(errorCode(() => toCloudWatch(net))).toBe("FlowLogAlreadyExists");
    expect(() => toCloudWatch(net)).toThrow(
      "Error. There is an existing Flow Log with the same configuration and log destination.",
    );
    toCloudWatch(net, { logGroupName: "other" });
    expect(errorCode(() => toCloudWatch(net, { logGroupName: "third", trafficType: "REJECT" }))).toBe(
      "FlowLogsLimitExceeded",
    );
    // The limit is per resource: the subnet of the VPC still takes two.
    const subnet = () =>
      toCloudWatch(net, {
        resourceIds: [net.subnet.id],
        resourceType: "Subnet",
        logGroupName: `s${Math.random()}`,
      });
    subnet();
    subnet();
    expect(errorCode(subnet)).toBe("FlowLogsLimitExceeded");
    // A failed call creates nothing, not even for the resources before the failing one.
    const other = network({ plane: net.plane, vpcCidr: "10.1.0.0/16" });
    expect(
      errorCode(() => toCloudWatch(net, { resourceIds: [other.vpc.id, net.vpc.id], logGroupName: "x" })),
    ).toBe("FlowLogsLimitExceeded");
    expect(net.plane.read((ctx) => flowLogsCovering(ctx.tx, ctx.scope, { vpcId: other.vpc.id }))).toEqual([]);
  });
});

describe("DescribeFlowLogs and DeleteFlowLogs", () => {
  function threeFlowLogs() {
    const net = network();
    const a = toCloudWatch(net).flowLogIds[0]!;
    const b = net.plane.write(
      (ctx) =>
        createFlowLogs(ctx, {
          resourceIds: [net.subnet.id],
          resourceType: "Subnet",
          trafficType: "REJECT",
          logDestinationType: "s3",
          logDestination: "arn:aws:s3:::flow-bucket",
          tagSpecifications: [{ resourceType: "vpc-flow-log", tags: [{ key: "team", value: "net" }] }],
        }).flowLogIds[0]!,
    );
    const c = toCloudWatch(net, { trafficType: "ACCEPT", logGroupName: "accepted" }).flowLogIds[0]!;
    return { net, a, b, c };
  }

  it("supports every documented filter", () => {
    const { net, a, b, c } = threeFlowLogs();
    const ids = (name: string, ...values: string[]) =>
      net.plane
        .read((ctx) => describeFlowLogs(ctx, { filters: [{ name, values }] }))
        .flowLogs.map((f) => f.id);
    expect(ids("deliver-log-status", "SUCCESS")).toEqual([a, b, c]);
    expect(ids("deliver-log-status", "FAILED")).toEqual([]);
    expect(ids("log-destination-type", "s3")).toEqual([b]);
    expect(ids("log-destination-type", "cloud-watch-logs")).toEqual([a, c]);
    expect(ids("flow-log-id", c, a)).toEqual([a, c]);
    expect(ids("log-group-name", "acc*")).toEqual([c]);
    expect(ids("resource-id", net.subnet.id)).toEqual([b]);
    expect(ids("traffic-type", "ALL", "ACCEPT")).toEqual([a, c]);
    expect(ids("tag:team", "net")).toEqual([b]);
    expect(ids("tag-key", "team")).toEqual([b]);
    expect(errorCode(() => ids("resource-type", "VPC"))).toBe("InvalidParameterValue");
  });

  it("answers unknown ids with an empty list, and pages", () => {
    const { net, a, b, c } = threeFlowLogs();
    expect(
      net.plane.read((ctx) => describeFlowLogs(ctx, { flowLogIds: ["fl-0123456789abcdef0"] })).flowLogs,
    ).toEqual([]);
    const first = net.plane.read((ctx) => describeFlowLogs(ctx, { maxResults: 5 }));
    expect(first.flowLogs.map((f) => f.id)).toEqual([a, b, c]);
    expect(first.nextToken).toBeUndefined();
    const more = threeFlowLogs();
    const page1 = more.net.plane.read((ctx) => describeFlowLogs(ctx, { maxResults: 5 }));
    expect(page1.nextToken).toBeUndefined();
    expect(errorCode(() => more.net.plane.read((ctx) => describeFlowLogs(ctx, { maxResults: 2 })))).toBe(
      "InvalidParameterValue",
    );
  });

  it("pages through many flow logs with MaxResults and NextToken", () => {
    const net = network();
    const plane = net.plane;
    const subnets = Array.from({ length: 7 }, (_, i) => addSubnet(net, `10.0.${10 + i}.0/24`));
    const created = subnets.map(
      (s) => toCloudWatch(net, { resourceIds: [s.id], resourceType: "Subnet" }).flowLogIds[0]!,
    );
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = plane.read((ctx) =>
        describeFlowLogs(ctx, { maxResults: 5, ...(token ? { nextToken: token } : {}) }),
      );
      seen.push(...page.flowLogs.map((f) => f.id));
      token = page.nextToken;
    } while (token);
    expect(seen).toEqual(created);
  });

  it("deletes flow logs and reports unknown ids in Unsuccessful", () => {
    const { net, a, b } = threeFlowLogs();
    const unknown = "fl-0123456789abcdef0";
    const { unsuccessful } = net.plane.write((ctx) => deleteFlowLogs(ctx, { flowLogIds: [a, unknown, b] }));
    expect(unsuccessful).toEqual([
      {
        resourceId: unknown,
        error: {
          code: "InvalidFlowLogId.NotFound",
          message: `These flow log ids in the input list are not found: [TotalCount: 1] ${unknown}`,
        },
      },
    ]);
    expect(net.plane.read((ctx) => describeFlowLogs(ctx, {})).flowLogs).toHaveLength(1);
    // Deleted: a second delete reports it.
    expect(
      net.plane.write((ctx) => deleteFlowLogs(ctx, { flowLogIds: [a] })).unsuccessful[0]!.error.code,
    ).toBe("InvalidFlowLogId.NotFound");
    expect(errorCode(() => net.plane.write((ctx) => deleteFlowLogs(ctx, { flowLogIds: ["flow-1"] })))).toBe(
      "InvalidParameterValue",
    );
    expect(errorCode(() => net.plane.write((ctx) => deleteFlowLogs(ctx, { flowLogIds: [] })))).toBe(
      "MissingParameter",
    );
  });

  it("drops the flow logs of a deleted resource", () => {
    const net = network();
    const spare = addSubnet(net, "10.0.9.0/24");
    const eniId = eni(net, spare.id);
    const [onEni] = toCloudWatch(net, { resourceIds: [eniId], resourceType: "NetworkInterface" }).flowLogIds;
    const [onSubnet] = toCloudWatch(net, { resourceIds: [spare.id], resourceType: "Subnet" }).flowLogIds;
    net.plane.write((ctx) => deleteNetworkInterface(ctx, { networkInterfaceId: eniId }));
    expect(net.plane.read((ctx) => describeFlowLogs(ctx, {})).flowLogs.map((f) => f.id)).toEqual([onSubnet]);
    net.plane.write((ctx) => deleteSubnet(ctx, { subnetId: spare.id }));
    expect(net.plane.read((ctx) => describeFlowLogs(ctx, {})).flowLogs).toEqual([]);
    expect(net.plane.write((ctx) => deleteFlowLogs(ctx, { flowLogIds: [onEni!] })).unsuccessful).toHaveLength(
      1,
    );
  });
});

describe("delivery of flow-log records", () => {
  const record = (values: Record<string, string | number>) =>
    formatFlowLogRecord(DEFAULT_FLOW_LOG_FORMAT, values);

  it("finds the flow logs that cover an interface, through its subnet and VPC", () => {
    const net = network();
    const eniId = eni(net);
    const [vpcLog] = toCloudWatch(net).flowLogIds;
    const [subnetLog] = toCloudWatch(net, {
      resourceIds: [net.subnet.id],
      resourceType: "Subnet",
      trafficType: "REJECT",
    }).flowLogIds;
    const [eniLog] = toCloudWatch(net, {
      resourceIds: [eniId],
      resourceType: "NetworkInterface",
      trafficType: "ACCEPT",
    }).flowLogIds;
    const covering = net.plane.read((ctx) =>
      flowLogsCovering(ctx.tx, ctx.scope, {
        vpcId: net.vpc.id,
        subnetId: net.subnet.id,
        networkInterfaceId: eniId,
      }),
    );
    expect(covering.map((f) => f.id)).toEqual([eniLog, subnetLog, vpcLog]);
    expect(covering.map((f) => [flowLogCaptures(f, "ACCEPT"), flowLogCaptures(f, "REJECT")])).toEqual([
      [true, false],
      [false, true],
      [true, true],
    ]);
    const other = addSubnet(net, "10.0.2.0/24");
    expect(
      net.plane
        .read((ctx) => flowLogsCovering(ctx.tx, ctx.scope, { vpcId: net.vpc.id, subnetId: other.id }))
        .map((f) => f.id),
    ).toEqual([vpcLog]);
  });

  it("publishes to CloudWatch Logs, one stream per interface, creating the log group", () => {
    const net = network();
    const [all] = toCloudWatch(net).flowLogIds;
    const [rejects] = toCloudWatch(net, { logGroupName: "rejects", trafficType: "REJECT" }).flowLogIds;
    const window = new Date(Date.UTC(2026, 0, 1, 12, 0));
    const line = record({ "interface-id": "eni-0a1b2c3d4e5f67890", action: "REJECT" });
    net.plane.clock.advance(90_000);
    const allLog = flowLog(net.plane, all!);
    const rejectLog = flowLog(net.plane, rejects!);
    const delivered = net.plane.write((ctx) =>
      deliverFlowLogRecords(ctx, allLog, "eni-0a1b2c3d4e5f67890", [line, line], window),
    );
    expect(delivered).toEqual({
      type: "cloud-watch-logs",
      logGroupName: "flows",
      logStreamName: "eni-0a1b2c3d4e5f67890-all",
      events: 2,
    });
    net.plane.write((ctx) => deliverFlowLogRecords(ctx, rejectLog, "eni-0a1b2c3d4e5f67890", [line], window));
    expect(net.plane.read((ctx) => describeLogGroups(ctx, {})).logGroups.map((g) => g.logGroupName)).toEqual([
      "flows",
      "rejects",
    ]);
    expect(
      net.plane
        .read((ctx) => describeLogStreams(ctx, { logGroupName: "rejects" }))
        .logStreams.map((s) => s.logStreamName),
    ).toEqual(["eni-0a1b2c3d4e5f67890-reject"]);
    const events = net.plane.read((ctx) =>
      getLogEvents(ctx, {
        logGroupName: "flows",
        logStreamName: "eni-0a1b2c3d4e5f67890-all",
        startFromHead: true,
      }),
    ).events;
    expect(events).toEqual([
      { timestamp: window.getTime(), message: line, ingestionTime: net.plane.clock.now().getTime() },
      { timestamp: window.getTime(), message: line, ingestionTime: net.plane.clock.now().getTime() },
    ]);
  });

  it("fails deliveries to a log-group ARN with ':*' (created, then 'Access error'), as AWS documents", () => {
    const net = network();
    const [id] = toCloudWatch(net, {
      logGroupName: undefined,
      logDestination: `arn:aws:logs:us-east-1:${TEST_ACCOUNT}:log-group:flows:*`,
    }).flowLogIds;
    const fl = flowLog(net.plane, id!);
    const result = net.plane.write((ctx) => deliverFlowLogRecords(ctx, fl, "eni-1", ["x"], new Date()));
    expect(result).toEqual({ type: "failed", message: "Access error" });
    expect(flowLog(net.plane, id!)).toMatchObject({
      deliverLogsStatus: "FAILED",
      deliverLogsErrorMessage: "Access error",
    });
    expect(
      net.plane.read((ctx) =>
        describeFlowLogs(ctx, { filters: [{ name: "deliver-log-status", values: ["FAILED"] }] }),
      ).flowLogs,
    ).toHaveLength(1);
    expect(net.plane.read((ctx) => describeLogGroups(ctx, {})).logGroups).toEqual([]);
  });

  it("writes S3 log files in AWS's layout, gzip with a header line, under the data directory only", () => {
    const { plane, dataDir } = planeWithDataDir();
    const net = network({ plane });
    const format = "${version} ${interface-id} ${srcaddr} ${vpc-id} ${action}";
    const create = (arn: string, trafficType: string, options = {}) =>
      plane.write(
        (ctx) =>
          createFlowLogs(ctx, {
            resourceIds: [net.vpc.id],
            resourceType: "VPC",
            trafficType,
            logDestinationType: "s3",
            logDestination: arn,
            logFormat: format,
            destinationOptions: options,
          }).flowLogIds[0]!,
      );
    const plain = create("arn:aws:s3:::flow-bucket", "ALL");
    const hive = create("arn:aws:s3:::flow-bucket/team/", "REJECT", {
      hiveCompatiblePartitions: true,
      perHourPartition: true,
    });
    const window = new Date(Date.UTC(2026, 2, 7, 9, 35));
    const line = formatFlowLogRecord(format, {
      "interface-id": "eni-1",
      srcaddr: "10.0.1.5",
      "vpc-id": net.vpc.id,
      action: "ACCEPT",
    });
    const plainLog = flowLog(plane, plain);
    const hiveLog = flowLog(plane, hive);
    const first = plane.write((ctx) => deliverFlowLogRecords(ctx, plainLog, "eni-1", [line], window));
    const second = plane.write((ctx) => deliverFlowLogRecords(ctx, hiveLog, "eni-1", [line, line], window));
    if (first?.type !== "s3" || second?.type !== "s3") throw new Error("expected S3 deliveries");
    expect(first.key).toMatch(
      new RegExp(
        `^AWSLogs/${TEST_ACCOUNT}/vpcflowlogs/us-east-1/2026/03/07/${TEST_ACCOUNT}_vpcflowlogs_us-east-1_${plain}_20260307T0935Z_[0-9a-f]{8}\\.log\\.gz$`,
      ),
    );
    expect(second.key).toMatch(
      new RegExp(
        `^team/AWSLogs/aws-account-id=${TEST_ACCOUNT}/aws-service=vpcflowlogs/aws-region=us-east-1/year=2026/month=03/day=07/hour=09/${TEST_ACCOUNT}_vpcflowlogs_us-east-1_${hive}_20260307T0935Z_[0-9a-f]{8}\\.log\\.gz$`,
      ),
    );
    expect(relative(dataDir, first.path)).toBe(join("s3", "flow-bucket", ...first.key.split("/")));
    expect(gunzipSync(readFileSync(first.path)).toString("utf8")).toBe(
      // vpc-id is a version 3 field: so is the record.
      `version interface-id srcaddr vpc-id action\n3 eni-1 10.0.1.5 ${net.vpc.id} ACCEPT\n`,
    );
    expect(gunzipSync(readFileSync(second.path)).toString("utf8").split("\n")).toHaveLength(4);
    const files = readdirSync(join(dataDir, "s3"), { recursive: true }).filter((f) =>
      String(f).endsWith(".log.gz"),
    );
    expect(files).toHaveLength(2);
  });

  it("reports a failed S3 delivery when there is no data directory, and delivers nothing for a deleted flow log", () => {
    const net = network();
    const [id] = toCloudWatch(net, {
      logDestinationType: "s3",
      logGroupName: undefined,
      deliverLogsPermissionArn: undefined,
      logDestination: "arn:aws:s3:::flow-bucket",
    }).flowLogIds;
    const fl = flowLog(net.plane, id!);
    expect(net.plane.write((ctx) => deliverFlowLogRecords(ctx, fl, "eni-1", ["x"], new Date()))).toEqual({
      type: "failed",
      message: "Access error",
    });
    net.plane.write((ctx) => deleteFlowLogs(ctx, { flowLogIds: [id!] }));
    expect(
      net.plane.write((ctx) => deliverFlowLogRecords(ctx, fl, "eni-1", ["x"], new Date())),
    ).toBeUndefined();
  });

  it("names S3 keys from the window time", () => {
    const fl = {
      id: "fl-0123456789abcdef0",
      destination: {
        type: "s3",
        arn: "arn:aws:s3:::b",
        bucket: "b",
        prefix: "",
        fileFormat: "plain-text",
        hiveCompatiblePartitions: false,
        perHourPartition: true,
      },
    } as const;
    const time = new Date(Date.UTC(2025, 11, 31, 23, 5));
    expect(flowLogS3Key(fl, { account: "123456789012", region: "eu-west-1" }, time, "abcd1234")).toBe(
      "AWSLogs/123456789012/vpcflowlogs/eu-west-1/2025/12/31/23/123456789012_vpcflowlogs_eu-west-1_fl-0123456789abcdef0_20251231T2305Z_abcd1234.log.gz",
    );
  });
});
