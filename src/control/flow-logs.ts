/**
 * Flow logs: CreateFlowLogs, DescribeFlowLogs, DeleteFlowLogs, and the delivery of flow-log
 * records for the data plane (`flowLogsCovering`, `formatFlowLogRecord`, `deliverFlowLogRecords`).
 *
 * AWS's behaviour (CreateFlowLogs and DeleteFlowLogs API references, VPC User Guide "Flow logs",
 * responses quoted in public reports; docs/aws-notes.md, "Flow logs and CloudWatch Logs"):
 * - a request's parameters are validated as a whole (a bad format or destination fails the call);
 *   a resource that does not exist is reported in `Unsuccessful`, and the others are created;
 * - at most two flow logs per resource (`FlowLogsLimitExceeded`), and not two with the same
 *   configuration and destination (`FlowLogAlreadyExists`), both failing the call;
 * - DeleteFlowLogs reports an unknown id in `Unsuccessful` (`InvalidFlowLogId.NotFound`);
 * - a flow log goes away with its resource (a deleted VPC, subnet or interface no longer has
 *   flow logs): that is derived here, a flow log whose resource is gone is not described.
 *
 * Delivery: CloudWatch Logs gets one stream per interface (`eni-…-all`, `-accept`, `-reject`),
 * the log group created when absent, as the flow-log service does; S3 gets AWS's object layout
 * (gzip, with a header line) under `<dataDir>/s3/<bucket>/`.
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";
import type {
  CloudWatchLogsDestination,
  FlowLog,
  FlowLogDestination,
  FlowLogResourceType,
  FlowLogTrafficType,
  S3Destination,
} from "../model/flow-logs.js";
import { isWellFormedId } from "../model/ids.js";
import type { Kind, Resources } from "../model/kinds.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  type AwsError,
  DeliverLogsPermissionArnNotForS3,
  FlowLogAlreadyExists,
  FlowLogDestinationConflict,
  FlowLogFeatureNotSimulated,
  FlowLogIdInvalidFormat,
  FlowLogIdsNotFound,
  FlowLogParameterRequired,
  FlowLogsLimitExceeded,
  type IdErrors,
  InvalidAggregationInterval,
  InvalidFlowLogResourceId,
  InvalidLogDestination,
  InvalidParameter,
  InvalidParameterValue,
  LogDestinationWrongRegion,
  LogGroupNameRequiresCloudWatchLogs,
  MissingParameter,
  NetworkInterfaceIdErrors,
  SubnetIdErrors,
  VpcIdErrors,
} from "./errors.js";
import { compileFilters, type Filter, type FilterTable } from "./filters.js";
import { DEFAULT_FLOW_LOG_FORMAT, flowLogHeaderLine, parseFlowLogFormat } from "./flow-log-format.js";
import {
  appendLogEvents,
  assertLogGroupName,
  ensureLogGroup,
  ensureLogStream,
  parseLogGroupArn,
} from "./logs.js";
import { type PageRequest, paginate } from "./pagination.js";
import { type TagSpecificationInput, tagsFromSpecifications } from "./tags.js";

export {
  DEFAULT_FLOW_LOG_FORMAT,
  FLOW_LOG_FIELDS,
  type FlowLogField,
  type FlowLogFieldValues,
  flowLogFormatVersion,
  flowLogHeaderLine,
  formatFlowLogRecord,
  parseFlowLogFormat,
} from "./flow-log-format.js";

/** Every filter of the DescribeFlowLogs API reference (plus the tag filters of the engine). */
export const FLOW_LOG_FILTERS: FilterTable<FlowLog> = {
  "deliver-log-status": (f) => f.deliverLogsStatus,
  "log-destination-type": (f) => f.destination.type,
  "flow-log-id": (f) => f.id,
  "log-group-name": (f) =>
    f.destination.type === "cloud-watch-logs" ? f.destination.logGroupName : undefined,
  "resource-id": (f) => f.resourceId,
  "traffic-type": (f) => f.trafficType,
};

/** The resource types of the CreateFlowLogs reference that vpcsim does not simulate. */
const UNSIMULATED_RESOURCE_TYPES = [
  "TransitGateway",
  "TransitGatewayAttachment",
  "RegionalNatGateway",
  "CoreNetwork",
  "CoreNetworkAttachment",
  "CoreNetworkEdge",
];

const RESOURCE_KINDS: {
  readonly [T in FlowLogResourceType]: {
    readonly kind: Kind;
    readonly prefix: string;
    readonly errors: IdErrors;
  };
} = {
  VPC: { kind: "vpc", prefix: "vpc", errors: VpcIdErrors },
  Subnet: { kind: "subnet", prefix: "subnet", errors: SubnetIdErrors },
  NetworkInterface: { kind: "networkInterface", prefix: "eni", errors: NetworkInterfaceIdErrors },
};

const TRAFFIC_TYPES: readonly FlowLogTrafficType[] = ["ACCEPT", "REJECT", "ALL"];
/** "Maximum of 300 for the other resource types" (CreateFlowLogs reference, ResourceIds). */
const MAX_RESOURCE_IDS = 300;
const DEFAULT_FLOW_LOGS_PER_RESOURCE = 2;

/** Whether the flow log's resource still exists: a flow log goes away with its resource. */
function isLive(tx: ReadTx<Resources>, scope: Scope, flowLog: FlowLog): boolean {
  return tx.get(RESOURCE_KINDS[flowLog.resourceType].kind, scope, flowLog.resourceId) !== undefined;
}

/** Deletes the flow logs whose resource is gone (they are already invisible; this frees them). */
function purgeOrphans(ctx: WriteContext): void {
  for (const flowLog of ctx.tx.list("flowLog", ctx.scope)) {
    if (!isLive(ctx.tx, ctx.scope, flowLog)) ctx.tx.delete("flowLog", ctx.scope, flowLog.id);
  }
}

// ---- CreateFlowLogs -----------------------------------------------------------------------

export interface DestinationOptionsInput {
  readonly fileFormat?: string;
  readonly hiveCompatiblePartitions?: boolean;
  readonly perHourPartition?: boolean;
}

export interface CreateFlowLogsInput {
  readonly resourceIds?: readonly string[];
  readonly resourceType?: string;
  readonly trafficType?: string;
  readonly logDestinationType?: string;
  readonly logDestination?: string;
  readonly logGroupName?: string;
  readonly deliverLogsPermissionArn?: string;
  readonly deliverCrossAccountRole?: string;
  readonly logFormat?: string;
  readonly maxAggregationInterval?: number;
  readonly destinationOptions?: DestinationOptionsInput;
  readonly tagSpecifications?: readonly TagSpecificationInput[];
}

/** A resource the request could not create a flow log for (`UnsuccessfulItem`). */
export interface UnsuccessfulItem {
  readonly resourceId: string;
  readonly error: { readonly code: string; readonly message: string };
}

function unsuccessful(resourceId: string, error: AwsError): UnsuccessfulItem {
  return { resourceId, error: { code: error.code, message: error.message } };
}

const IAM_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function parseResourceType(value: string | undefined): FlowLogResourceType {
  if (value === undefined || value === "") throw new MissingParameter("ResourceType");
  if (value === "VPC" || value === "Subnet" || value === "NetworkInterface") return value;
  if (UNSIMULATED_RESOURCE_TYPES.includes(value)) {
    throw new FlowLogFeatureNotSimulated(
      `vpcsim does not simulate ${value} resources: flow logs can be created for VPC, Subnet and NetworkInterface resources.`,
    );
  }
  throw new InvalidParameterValue(
    `Value (${value}) for parameter ResourceType is invalid. Valid values are: VPC, Subnet, NetworkInterface, TransitGateway, TransitGatewayAttachment, RegionalNatGateway, CoreNetwork, CoreNetworkAttachment, CoreNetworkEdge.`,
  );
}

function parseTrafficType(value: string | undefined): FlowLogTrafficType {
  // Required for VPC, subnet and interface resources (CreateFlowLogs reference, TrafficType).
  if (value === undefined || value === "") throw new MissingParameter("TrafficType");
  if (!TRAFFIC_TYPES.includes(value as FlowLogTrafficType)) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter TrafficType is invalid. Valid values are: ACCEPT, REJECT, ALL.`,
    );
  }
  return value as FlowLogTrafficType;
}

function parseAggregationInterval(value: number | undefined): 60 | 600 {
  if (value === undefined) return 600;
  if (value !== 60 && value !== 600) throw new InvalidAggregationInterval();
  return value;
}

function assertRoleArn(value: string, parameter: string): void {
  if (!IAM_ROLE_ARN.test(value)) {
    throw new InvalidParameterValue(
      `Value (${value}) for parameter ${parameter} is invalid. It is not a valid IAM role ARN.`,
    );
  }
}

function cloudWatchDestination(ctx: WriteContext, input: CreateFlowLogsInput): CloudWatchLogsDestination {
  if (input.destinationOptions !== undefined) {
    throw new InvalidParameter("DestinationOptions can only be specified when LogDestinationType is s3.");
  }
  if (input.logGroupName !== undefined && input.logDestination !== undefined)
    throw new FlowLogDestinationConflict();
  if (input.deliverLogsPermissionArn === undefined || input.deliverLogsPermissionArn === "") {
    throw new FlowLogParameterRequired("DeliverLogsPermissionArn", "LogDestinationType is cloud-watch-logs");
  }
  assertRoleArn(input.deliverLogsPermissionArn, "DeliverLogsPermissionArn");
  if (input.logGroupName !== undefined) {
    assertFlowLogGroupName(input.logGroupName);
    return { type: "cloud-watch-logs", logGroupName: input.logGroupName };
  }
  const arn = input.logDestination;
  if (arn === undefined || arn === "") {
    throw new FlowLogParameterRequired("LogDestination", "LogGroupName is not provided");
  }
  const parsed = parseLogGroupArn(arn);
  if (!parsed) throw new InvalidLogDestination(arn, "is not a valid CloudWatch Logs log group ARN.");
  if (parsed.region !== ctx.scope.region) throw new LogDestinationWrongRegion();
  if (parsed.account !== ctx.scope.account) {
    throw new InvalidLogDestination(arn, "must be a log group of the account making the request.");
  }
  // An ARN with AWS's `:*` suffix is accepted, and its deliveries fail (VPC User Guide; see delivery).
  return { type: "cloud-watch-logs", logGroupName: parsed.name, arn };
}

function assertFlowLogGroupName(name: string): void {
  try {
    assertLogGroupName(name);
  } catch {
    throw new InvalidParameterValue(
      `Value (${name}) for parameter LogGroupName is invalid. Invalid log group name.`,
    );
  }
}

/** S3 bucket names (S3 User Guide, "Bucket naming rules"), as S3 ARNs carry them. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/;

function s3Destination(input: CreateFlowLogsInput): S3Destination {
  if (input.logGroupName !== undefined) throw new LogGroupNameRequiresCloudWatchLogs();
  if (input.deliverLogsPermissionArn !== undefined) throw new DeliverLogsPermissionArnNotForS3();
  const arn = input.logDestination;
  if (arn === undefined || arn === "")
    throw new FlowLogParameterRequired("LogDestination", "LogDestinationType is s3");
  const match = S3_ARN.exec(arn);
  if (!match || !BUCKET_NAME.test(match[1]!) || match[1]!.includes("..")) {
    throw new InvalidLogDestination(arn, "is not a valid S3 bucket ARN.");
  }
  const folder = (match[2] ?? "").replace(/\/+$/, "");
  const segments = folder === "" ? [] : folder.split("/");
  // "Note that you can't use AWSLogs as a subfolder name" (CreateFlowLogs reference, LogDestination).
  if (segments.includes("AWSLogs"))
    throw new InvalidLogDestination(arn, "cannot use AWSLogs as a subfolder name.");
  if (segments.some((s) => s === "" || s === "." || s === "..")) {
    throw new InvalidLogDestination(
      arn,
      "has an empty, '.' or '..' subfolder name, which vpcsim cannot store.",
    );
  }
  const options = input.destinationOptions ?? {};
  const fileFormat = options.fileFormat ?? "plain-text";
  if (fileFormat === "parquet") {
    throw new FlowLogFeatureNotSimulated(
      "vpcsim writes flow logs in plain-text only: DestinationOptions.FileFormat parquet is not supported.",
    );
  }
  if (fileFormat !== "plain-text") {
    throw new InvalidParameterValue(
      `Value (${fileFormat}) for parameter FileFormat is invalid. Valid values are: plain-text, parquet.`,
    );
  }
  return {
    type: "s3",
    arn,
    bucket: match[1]!,
    prefix: folder,
    fileFormat,
    hiveCompatiblePartitions: options.hiveCompatiblePartitions === true,
    perHourPartition: options.perHourPartition === true,
  };
}

function parseDestination(ctx: WriteContext, input: CreateFlowLogsInput): FlowLogDestination {
  const type = input.logDestinationType ?? "cloud-watch-logs";
  if (type === "cloud-watch-logs") return cloudWatchDestination(ctx, input);
  if (type === "s3") return s3Destination(input);
  if (type === "kinesis-data-firehose") {
    throw new FlowLogFeatureNotSimulated(
      "vpcsim does not simulate Amazon Data Firehose: flow logs can be published to cloud-watch-logs or s3.",
    );
  }
  throw new InvalidParameterValue(
    `Value (${type}) for parameter LogDestinationType is invalid. Valid values are: cloud-watch-logs, s3, kinesis-data-firehose.`,
  );
}

function sameDestination(a: FlowLogDestination, b: FlowLogDestination): boolean {
  if (a.type === "cloud-watch-logs" && b.type === "cloud-watch-logs")
    return a.logGroupName === b.logGroupName;
  if (a.type === "s3" && b.type === "s3") return a.bucket === b.bucket && a.prefix === b.prefix;
  return false;
}

export function createFlowLogs(
  ctx: WriteContext,
  input: CreateFlowLogsInput,
): { readonly flowLogIds: readonly string[]; readonly unsuccessful: readonly UnsuccessfulItem[] } {
  const resourceIds = input.resourceIds ?? [];
  if (resourceIds.length === 0) throw new MissingParameter("ResourceId");
  const resourceType = parseResourceType(input.resourceType);
  if (resourceIds.length > MAX_RESOURCE_IDS) {
    throw new InvalidParameter(`The maximum number of resource IDs per request is ${MAX_RESOURCE_IDS}.`);
  }
  const trafficType = parseTrafficType(input.trafficType);
  const destination = parseDestination(ctx, input);
  const maxAggregationInterval = parseAggregationInterval(input.maxAggregationInterval);
  let logFormat = DEFAULT_FLOW_LOG_FORMAT;
  if (input.logFormat !== undefined) {
    parseFlowLogFormat(input.logFormat);
    logFormat = input.logFormat;
  }
  if (input.deliverCrossAccountRole !== undefined)
    assertRoleArn(input.deliverCrossAccountRole, "DeliverCrossAccountRole");
  const tags = tagsFromSpecifications(
    input.tagSpecifications,
    "vpc-flow-log",
    ctx.config.quotas.tagsPerResource,
  );
  const { kind, prefix, errors } = RESOURCE_KINDS[resourceType];
  // AWS answers a resource id of another type for the whole call.
  for (const id of resourceIds) {
    if (!id.startsWith(`${prefix}-`)) throw new InvalidFlowLogResourceId(id, resourceType);
  }
  purgeOrphans(ctx);
  const limit = ctx.config.quotas.flowLogsPerResource ?? DEFAULT_FLOW_LOGS_PER_RESOURCE;
  const flowLogIds: string[] = [];
  const failures: UnsuccessfulItem[] = [];
  for (const resourceId of resourceIds) {
    if (!isWellFormedId(prefix, resourceId)) {
      failures.push(unsuccessful(resourceId, new errors.malformed(resourceId)));
      continue;
    }
    if (!ctx.tx.get(kind, ctx.scope, resourceId)) {
      failures.push(unsuccessful(resourceId, new errors.notFound([resourceId])));
      continue;
    }
    const existing = ctx.tx.listBy("flowLog", ctx.scope, "resourceId", resourceId);
    if (existing.some((f) => f.trafficType === trafficType && sameDestination(f.destination, destination))) {
      throw new FlowLogAlreadyExists();
    }
    if (existing.length >= limit) throw new FlowLogsLimitExceeded();
    const flowLog: FlowLog = {
      id: ctx.ids("fl"),
      ownerId: ctx.scope.account,
      tags,
      resourceId,
      resourceType,
      trafficType,
      destination,
      logFormat,
      maxAggregationInterval,
      ...(input.deliverLogsPermissionArn !== undefined
        ? { deliverLogsPermissionArn: input.deliverLogsPermissionArn }
        : {}),
      ...(input.deliverCrossAccountRole !== undefined
        ? { deliverCrossAccountRole: input.deliverCrossAccountRole }
        : {}),
      creationTime: ctx.clock.now(),
      deliverLogsStatus: "SUCCESS",
    };
    ctx.tx.put("flowLog", ctx.scope, flowLog);
    flowLogIds.push(flowLog.id);
  }
  return { flowLogIds, unsuccessful: failures };
}

// ---- DescribeFlowLogs, DeleteFlowLogs -----------------------------------------------------

export interface DescribeFlowLogsInput extends PageRequest {
  readonly flowLogIds?: readonly string[];
  readonly filters?: readonly Filter[];
}

/**
 * DescribeFlowLogs: unknown ids are not an error, they match nothing (clients, Terraform among
 * them, read an empty list as "gone").
 */
export function describeFlowLogs(
  ctx: ReadContext,
  input: DescribeFlowLogsInput,
): { readonly flowLogs: readonly FlowLog[]; readonly nextToken?: string } {
  const matches = compileFilters(FLOW_LOG_FILTERS, input.filters);
  const wanted = input.flowLogIds && input.flowLogIds.length > 0 ? new Set(input.flowLogIds) : undefined;
  const flowLogs = ctx.tx
    .list("flowLog", ctx.scope)
    .filter((f) => (wanted === undefined || wanted.has(f.id)) && isLive(ctx.tx, ctx.scope, f) && matches(f));
  const page = paginate(flowLogs, input, ["DescribeFlowLogs", input.flowLogIds ?? [], input.filters ?? []]);
  return { flowLogs: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export function deleteFlowLogs(
  ctx: WriteContext,
  input: { readonly flowLogIds?: readonly string[] },
): { readonly unsuccessful: readonly UnsuccessfulItem[] } {
  const ids = input.flowLogIds ?? [];
  if (ids.length === 0) throw new MissingParameter("FlowLogId");
  for (const id of ids) if (!isWellFormedId("fl", id)) throw new FlowLogIdInvalidFormat(id);
  purgeOrphans(ctx);
  const failures: UnsuccessfulItem[] = [];
  for (const id of new Set(ids)) {
    if (!ctx.tx.delete("flowLog", ctx.scope, id))
      failures.push(unsuccessful(id, new FlowLogIdsNotFound([id])));
  }
  return { unsuccessful: failures };
}

// ---- delivery, for the data plane ---------------------------------------------------------

/** Where a flow is seen: the interface, and the subnet and VPC it is in. */
export interface FlowLogScope {
  readonly vpcId?: string;
  readonly subnetId?: string;
  readonly networkInterfaceId?: string;
}

/**
 * The flow logs that record traffic of an interface: those of the interface itself, of its
 * subnet and of its VPC ("If you create a flow log for a subnet or VPC, each network interface in
 * that subnet or VPC is monitored"). Each carries its traffic type, format and destination.
 */
export function flowLogsCovering(tx: ReadTx<Resources>, scope: Scope, at: FlowLogScope): readonly FlowLog[] {
  const found: FlowLog[] = [];
  for (const resourceId of [at.networkInterfaceId, at.subnetId, at.vpcId]) {
    if (resourceId === undefined) continue;
    for (const flowLog of tx.listBy("flowLog", scope, "resourceId", resourceId)) {
      if (isLive(tx, scope, flowLog)) found.push(flowLog);
    }
  }
  return found;
}

/** Whether a flow log records traffic with this action (its traffic type is ALL or the action). */
export function flowLogCaptures(flowLog: FlowLog, action: "ACCEPT" | "REJECT"): boolean {
  return flowLog.trafficType === "ALL" || flowLog.trafficType === action;
}

/** The CloudWatch Logs stream of an interface: `eni-…-all`, `eni-…-accept` or `eni-…-reject`. */
export function flowLogStreamName(flowLog: FlowLog, interfaceId: string): string {
  return `${interfaceId}-${flowLog.trafficType.toLowerCase()}`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/**
 * The S3 key of a log file (VPC User Guide, "Flow log files"):
 * `[prefix/]AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]<account>_vpcflowlogs_<region>_<flow-log-id>_<YYYYMMDDTHHmmZ>_<hash>.log.gz`,
 * or with Hive-compatible partitions `AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/month=…/day=…/[hour=…/]`.
 */
export function flowLogS3Key(
  flowLog: { readonly id: string; readonly destination: S3Destination },
  scope: Scope,
  time: Date,
  hash: string,
): string {
  const d = flowLog.destination;
  const yyyy = String(time.getUTCFullYear());
  const mm = pad2(time.getUTCMonth() + 1);
  const dd = pad2(time.getUTCDate());
  const hh = pad2(time.getUTCHours());
  const folders = d.hiveCompatiblePartitions
    ? [
        "AWSLogs",
        `aws-account-id=${scope.account}`,
        "aws-service=vpcflowlogs",
        `aws-region=${scope.region}`,
        `year=${yyyy}`,
        `month=${mm}`,
        `day=${dd}`,
        ...(d.perHourPartition ? [`hour=${hh}`] : []),
      ]
    : [
        "AWSLogs",
        scope.account,
        "vpcflowlogs",
        scope.region,
        yyyy,
        mm,
        dd,
        ...(d.perHourPartition ? [hh] : []),
      ];
  const stamp = `${yyyy}${mm}${dd}T${hh}${pad2(time.getUTCMinutes())}Z`;
  const file = `${scope.account}_vpcflowlogs_${scope.region}_${flowLog.id}_${stamp}_${hash}.log.gz`;
  return [...(d.prefix === "" ? [] : [d.prefix]), ...folders, file].join("/");
}

export type FlowLogDelivery =
  | {
      readonly type: "cloud-watch-logs";
      readonly logGroupName: string;
      readonly logStreamName: string;
      readonly events: number;
    }
  | { readonly type: "s3"; readonly bucket: string; readonly key: string; readonly path: string }
  | { readonly type: "failed"; readonly message: string };

function markDelivery(ctx: WriteContext, flowLog: FlowLog, error?: string): void {
  const failed = error !== undefined;
  if (failed === (flowLog.deliverLogsStatus === "FAILED") && error === flowLog.deliverLogsErrorMessage)
    return;
  const { deliverLogsErrorMessage: _previous, ...rest } = flowLog;
  ctx.tx.put("flowLog", ctx.scope, {
    ...rest,
    deliverLogsStatus: failed ? "FAILED" : "SUCCESS",
    ...(failed ? { deliverLogsErrorMessage: error } : {}),
  });
}

/** AWS's message when the flow-log service cannot write to the destination (FlowLog reference). */
const ACCESS_ERROR = "Access error";

/**
 * Delivers the records of one interface for one aggregation window to the flow log's
 * destination. `lines` are formatted records (`formatFlowLogRecord`); `windowStart` is the
 * start of the aggregation window (the event time in CloudWatch Logs, the time in the S3 key).
 * A deleted flow log (or one whose resource is gone) receives nothing (undefined).
 *
 * The S3 object is written to disk before the transaction commits; a rolled-back transaction
 * leaves the file (as a failed upload retry would on AWS, it is complete and well-formed).
 */
export function deliverFlowLogRecords(
  ctx: WriteContext,
  flowLog: FlowLog,
  interfaceId: string,
  lines: readonly string[],
  windowStart: Date,
): FlowLogDelivery | undefined {
  const current = ctx.tx.get("flowLog", ctx.scope, flowLog.id);
  if (!current || !isLive(ctx.tx, ctx.scope, current) || lines.length === 0) return undefined;
  const destination = current.destination;
  if (destination.type === "cloud-watch-logs") {
    // "The ARN must not include :*": such a flow log is created, and its deliveries fail.
    if (destination.arn?.endsWith(":*")) {
      markDelivery(ctx, current, ACCESS_ERROR);
      return { type: "failed", message: ACCESS_ERROR };
    }
    ensureLogGroup(ctx, destination.logGroupName);
    const streamName = flowLogStreamName(current, interfaceId);
    const stream = ensureLogStream(ctx, destination.logGroupName, streamName);
    const timestamp = windowStart.getTime();
    appendLogEvents(
      ctx,
      stream,
      lines.map((message) => ({ timestamp, message })),
    );
    markDelivery(ctx, current);
    return {
      type: "cloud-watch-logs",
      logGroupName: destination.logGroupName,
      logStreamName: streamName,
      events: lines.length,
    };
  }
  const dataDir = ctx.config.dataDir;
  if (dataDir === undefined) {
    markDelivery(ctx, current, ACCESS_ERROR);
    return { type: "failed", message: ACCESS_ERROR };
  }
  const body = `${flowLogHeaderLine(current.logFormat)}\n${lines.join("\n")}\n`;
  const hash = createHash("sha256").update(interfaceId).update("\n").update(body).digest("hex").slice(0, 8);
  const key = flowLogS3Key({ id: current.id, destination }, ctx.scope, windowStart, hash);
  const root = resolve(dataDir, "s3");
  const path = resolve(root, destination.bucket, ...key.split("/"));
  // Bucket names and folders are validated at creation; this keeps every write inside the data dir.
  if (!path.startsWith(root + sep)) throw new Error(`flow-log delivery: ${path} is outside ${root}`);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, gzipSync(body));
  markDelivery(ctx, current);
  return { type: "s3", bucket: destination.bucket, key, path };
}
