/**
 * CloudWatch Logs: CreateLogGroup, DeleteLogGroup, DescribeLogGroups, CreateLogStream,
 * DescribeLogStreams, PutLogEvents, GetLogEvents, FilterLogEvents, and the appends the flow-log
 * delivery makes (`ensureLogGroup`, `ensureLogStream`, `appendLogEvents`).
 *
 * Rules and messages from the CloudWatch Logs API reference (constraints of each parameter,
 * PutLogEvents' batch rules, token semantics of GetLogEvents) and AWS responses quoted in public
 * reports (docs/aws-notes.md, "Flow logs and CloudWatch Logs").
 */
import { createHash } from "node:crypto";
import type { Resources } from "../model/kinds.js";
import type { LogEvent, LogEventBatch, LogGroup, LogGroupClass, LogStream } from "../model/logs.js";
import type { Tag } from "../model/resources.js";
import type { ReadTx, Scope } from "../store/store.js";
import type { ReadContext, WriteContext } from "./context.js";
import {
  LogGroupAlreadyExists,
  LogGroupNotFound,
  LogStreamAlreadyExists,
  LogStreamNotFound,
  LogsInvalidNextToken,
  LogsInvalidParameter,
  LogsValidationError,
} from "./errors.js";
import { compileFilterPattern } from "./logs-filter-pattern.js";

// ---- names, ARNs, sizes --------------------------------------------------------------------

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const LOG_GROUP_NAME_PATTERN_TEXT = "[\\.\\-_/#A-Za-z0-9]+";
const LOG_STREAM_NAME = /^[^:*]*$/;
const LOG_STREAM_NAME_PATTERN_TEXT = "[^:*]*";
const NAME_MAX = 512;
const LOG_GROUP_CLASSES: readonly LogGroupClass[] = ["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"];

/** CloudWatch Logs counts an event as its UTF-8 message plus 26 bytes (PutLogEvents reference). */
export const EVENT_OVERHEAD_BYTES = 26;
/** The most a GetLogEvents or FilterLogEvents page, and a PutLogEvents batch, may carry. */
const PAGE_BYTES = 1_048_576;
const MAX_PAGE_EVENTS = 10_000;
/** Bounds of one stored batch of events: an append rewrites at most one such record. */
export const MAX_BATCH_EVENTS = 1000;
export const MAX_BATCH_BYTES = 256 * 1024;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export function eventSize(message: string): number {
  return Buffer.byteLength(message, "utf8") + EVENT_OVERHEAD_BYTES;
}

function assertLength(value: string, member: string, min: number, max: number): void {
  if (value.length < min) {
    throw new LogsValidationError(value, member, `Member must have length greater than or equal to ${min}`);
  }
  if (value.length > max) {
    throw new LogsValidationError(value, member, `Member must have length less than or equal to ${max}`);
  }
}

export function assertLogGroupName(name: string, member = "logGroupName"): void {
  assertLength(name, member, 1, NAME_MAX);
  if (!LOG_GROUP_NAME.test(name)) {
    throw new LogsValidationError(
      name,
      member,
      `Member must satisfy regular expression pattern: ${LOG_GROUP_NAME_PATTERN_TEXT}`,
    );
  }
}

export function assertLogStreamName(name: string, member = "logStreamName"): void {
  assertLength(name, member, 1, NAME_MAX);
  if (!LOG_STREAM_NAME.test(name)) {
    throw new LogsValidationError(
      name,
      member,
      `Member must satisfy regular expression pattern: ${LOG_STREAM_NAME_PATTERN_TEXT}`,
    );
  }
}

function assertLimit(limit: number | undefined, max: number): void {
  if (limit === undefined) return;
  if (limit < 1) {
    throw new LogsValidationError(
      String(limit),
      "limit",
      "Member must have value greater than or equal to 1",
    );
  }
  if (limit > max) {
    throw new LogsValidationError(
      String(limit),
      "limit",
      `Member must have value less than or equal to ${max}`,
    );
  }
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>` (DescribeLogGroups' `logGroupArn`). */
export function logGroupArn(scope: Scope, name: string): string {
  return `arn:aws:logs:${scope.region}:${scope.account}:log-group:${name}`;
}

export function logStreamArn(scope: Scope, group: string, stream: string): string {
  return `${logGroupArn(scope, group)}:log-stream:${stream}`;
}

const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/;

/** Parses a log-group ARN (with or without the `:*` suffix DescribeLogGroups' `arn` carries). */
export function parseLogGroupArn(
  arn: string,
): { readonly region: string; readonly account: string; readonly name: string } | undefined {
  const match = LOG_GROUP_ARN.exec(arn);
  return match ? { region: match[1]!, account: match[2]!, name: match[3]! } : undefined;
}

export function streamIdOf(group: string, stream: string): string {
  return `${group}:${stream}`;
}

function batchId(streamId: string, index: number): string {
  return `${streamId}:${index}`;
}

// ---- paging tokens ------------------------------------------------------------------------

function fingerprint(parts: readonly unknown[]): string {
  return createHash("sha1").update(JSON.stringify(parts)).digest("base64url").slice(0, 10);
}

function encodeCursor(cursor: unknown, shape: readonly unknown[]): string {
  return Buffer.from(JSON.stringify({ c: cursor, f: fingerprint(shape) })).toString("base64url");
}

/** The cursor a token carries, or AWS's invalid-token error (also for a token of another request). */
function decodeCursor(
  token: string,
  shape: readonly unknown[],
  valid: (cursor: unknown) => boolean,
): unknown {
  let decoded: { c?: unknown; f?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { c?: unknown; f?: unknown };
  } catch {
    throw new LogsInvalidNextToken();
  }
  if (
    decoded === null ||
    typeof decoded !== "object" ||
    decoded.f !== fingerprint(shape) ||
    !valid(decoded.c)
  ) {
    throw new LogsInvalidNextToken();
  }
  return decoded.c;
}

// ---- lookups ------------------------------------------------------------------------------

export function requireLogGroup(tx: ReadTx<Resources>, scope: Scope, name: string): LogGroup {
  const group = tx.get("logGroup", scope, name);
  if (!group) throw new LogGroupNotFound();
  return group;
}

function requireLogStream(tx: ReadTx<Resources>, scope: Scope, group: string, stream: string): LogStream {
  const record = tx.get("logStream", scope, streamIdOf(group, stream));
  if (!record) throw new LogStreamNotFound();
  return record;
}

export interface LogGroupReference {
  readonly logGroupName?: string;
  /** A log group's name or ARN. */
  readonly logGroupIdentifier?: string;
}

/** The log group a request names by `logGroupName` or `logGroupIdentifier` (exactly one). */
function resolveLogGroupName(ctx: ReadContext, input: LogGroupReference): string {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw new LogsInvalidParameter("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
  }
  if (input.logGroupName !== undefined) {
    assertLogGroupName(input.logGroupName);
    return input.logGroupName;
  }
  const identifier = input.logGroupIdentifier;
  if (identifier === undefined) {
    throw new LogsInvalidParameter("You must specify either logGroupName or logGroupIdentifier.");
  }
  assertLength(identifier, "logGroupIdentifier", 1, 2048);
  if (!identifier.startsWith("arn:")) {
    assertLogGroupName(identifier, "logGroupIdentifier");
    return identifier;
  }
  const arn = parseLogGroupArn(identifier);
  if (!arn) throw new LogsInvalidParameter(`Invalid log group identifier: ${identifier}`);
  // Cross-account observability is not simulated: another account's or region's group is unknown.
  if (arn.account !== ctx.scope.account || arn.region !== ctx.scope.region) throw new LogGroupNotFound();
  return arn.name;
}

// ---- log groups ---------------------------------------------------------------------------

export interface LogGroupView {
  readonly logGroupName: string;
  readonly creationTime: Date;
  readonly retentionInDays?: number;
  readonly metricFilterCount: number;
  /** The ARN with AWS's `:*` suffix (DescribeLogGroups' `arn`). */
  readonly arn: string;
  /** The ARN without the suffix (`logGroupArn`). */
  readonly logGroupArn: string;
  readonly storedBytes: number;
  readonly kmsKeyId?: string;
  readonly logGroupClass: LogGroupClass;
}

function viewLogGroup(tx: ReadTx<Resources>, scope: Scope, group: LogGroup): LogGroupView {
  let storedBytes = 0;
  for (const stream of tx.listBy("logStream", scope, "logGroupName", group.logGroupName)) {
    storedBytes += stream.storedBytes;
  }
  const arn = logGroupArn(scope, group.logGroupName);
  return {
    logGroupName: group.logGroupName,
    creationTime: group.creationTime,
    ...(group.retentionInDays !== undefined ? { retentionInDays: group.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    logGroupArn: arn,
    storedBytes,
    ...(group.kmsKeyId !== undefined ? { kmsKeyId: group.kmsKeyId } : {}),
    logGroupClass: group.logGroupClass,
  };
}

const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const MAX_LOG_GROUP_TAGS = 50;

function logGroupTags(tags: Readonly<Record<string, string>> | undefined): Tag[] {
  if (!tags) return [];
  const entries = Object.entries(tags);
  if (entries.length > MAX_LOG_GROUP_TAGS) {
    throw new LogsValidationError(
      `{${entries.map(([k, v]) => `${k}=${v}`).join(", ")}}`,
      "tags",
      `Member must have length less than or equal to ${MAX_LOG_GROUP_TAGS}`,
    );
  }
  return entries.map(([key, value]) => {
    assertLength(key, "tags", 1, 128);
    if (!TAG_KEY.test(key)) {
      throw new LogsValidationError(
        key,
        "tags",
        "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+)$]",
      );
    }
    if (key.toLowerCase().startsWith("aws:")) {
      throw new LogsInvalidParameter("Tag keys starting with 'aws:' are reserved for internal use");
    }
    if (value.length > 256) {
      throw new LogsValidationError(value, "tags", "Member must have length less than or equal to 256");
    }
    return { key, value };
  });
}

export interface CreateLogGroupInput {
  readonly logGroupName?: string;
  readonly kmsKeyId?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly logGroupClass?: string;
}

export function createLogGroup(ctx: WriteContext, input: CreateLogGroupInput): void {
  const name = input.logGroupName ?? "";
  assertLogGroupName(name);
  const logGroupClass = (input.logGroupClass ?? "STANDARD") as LogGroupClass;
  if (!LOG_GROUP_CLASSES.includes(logGroupClass)) {
    throw new LogsValidationError(
      logGroupClass,
      "logGroupClass",
      `Member must satisfy enum value set: [${LOG_GROUP_CLASSES.join(", ")}]`,
    );
  }
  if (input.kmsKeyId !== undefined) assertLength(input.kmsKeyId, "kmsKeyId", 0, 256);
  const logTags = logGroupTags(input.tags);
  if (ctx.tx.get("logGroup", ctx.scope, name)) throw new LogGroupAlreadyExists();
  putNewLogGroup(ctx, name, logGroupClass, logTags, input.kmsKeyId);
}

function putNewLogGroup(
  ctx: WriteContext,
  name: string,
  logGroupClass: LogGroupClass,
  logTags: readonly Tag[],
  kmsKeyId?: string,
): LogGroup {
  const group: LogGroup = {
    id: name,
    ownerId: ctx.scope.account,
    tags: [],
    logGroupName: name,
    creationTime: ctx.clock.now(),
    logGroupClass,
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    logTags,
  };
  ctx.tx.put("logGroup", ctx.scope, group);
  return group;
}

/** The log group `name`, created (STANDARD, untagged) when absent, as flow-log delivery does. */
export function ensureLogGroup(ctx: WriteContext, name: string): LogGroup {
  return ctx.tx.get("logGroup", ctx.scope, name) ?? putNewLogGroup(ctx, name, "STANDARD", []);
}

export function deleteLogGroup(ctx: WriteContext, input: { readonly logGroupName?: string }): void {
  const name = input.logGroupName ?? "";
  assertLogGroupName(name);
  const { tx, scope } = ctx;
  requireLogGroup(tx, scope, name);
  for (const stream of tx.listBy("logStream", scope, "logGroupName", name)) removeLogStream(ctx, stream);
  tx.delete("logGroup", scope, name);
}

function removeLogStream(ctx: WriteContext, stream: LogStream): void {
  for (const batch of ctx.tx.listBy("logEventBatch", ctx.scope, "streamId", stream.id)) {
    ctx.tx.delete("logEventBatch", ctx.scope, batch.id);
  }
  ctx.tx.delete("logStream", ctx.scope, stream.id);
}

export interface DescribeLogGroupsInput {
  readonly logGroupNamePrefix?: string;
  readonly logGroupNamePattern?: string;
  readonly logGroupClass?: string;
  readonly limit?: number;
  readonly nextToken?: string;
}

const MAX_LOG_GROUPS_PAGE = 50;

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function describeLogGroups(
  ctx: ReadContext,
  input: DescribeLogGroupsInput,
): { readonly logGroups: readonly LogGroupView[]; readonly nextToken?: string } {
  const { tx, scope } = ctx;
  assertLimit(input.limit, MAX_LOG_GROUPS_PAGE);
  const { logGroupNamePrefix: prefix, logGroupNamePattern: pattern } = input;
  if (prefix !== undefined && pattern !== undefined) {
    throw new LogsInvalidParameter(
      "LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.",
    );
  }
  if (prefix !== undefined) assertLogGroupName(prefix, "logGroupNamePrefix");
  if (pattern !== undefined) {
    assertLength(pattern, "logGroupNamePattern", 0, NAME_MAX);
    if (!/^[.\-_/#A-Za-z0-9]*$/.test(pattern)) {
      throw new LogsValidationError(
        pattern,
        "logGroupNamePattern",
        "Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]*",
      );
    }
  }
  if (
    input.logGroupClass !== undefined &&
    !LOG_GROUP_CLASSES.includes(input.logGroupClass as LogGroupClass)
  ) {
    throw new LogsValidationError(
      input.logGroupClass,
      "logGroupClass",
      `Member must satisfy enum value set: [${LOG_GROUP_CLASSES.join(", ")}]`,
    );
  }
  const shape = ["DescribeLogGroups", prefix ?? null, pattern ?? null, input.logGroupClass ?? null];
  const after =
    input.nextToken === undefined
      ? undefined
      : (decodeCursor(input.nextToken, shape, (c) => typeof c === "string") as string);
  // The API reference: a pattern is a case-sensitive substring match; a prefix, a prefix match.
  const groups = tx
    .list("logGroup", scope)
    .filter(
      (g) =>
        (prefix === undefined || g.logGroupName.startsWith(prefix)) &&
        (pattern === undefined || g.logGroupName.includes(pattern)) &&
        (input.logGroupClass === undefined || g.logGroupClass === input.logGroupClass) &&
        (after === undefined || g.logGroupName > after),
    )
    .sort((a, b) => byCodePoint(a.logGroupName, b.logGroupName));
  const limit = input.limit ?? MAX_LOG_GROUPS_PAGE;
  const page = groups.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logGroups: page.map((g) => viewLogGroup(tx, scope, g)),
    ...(groups.length > limit && last ? { nextToken: encodeCursor(last.logGroupName, shape) } : {}),
  };
}

// ---- log streams --------------------------------------------------------------------------

export interface LogStreamView {
  readonly logStreamName: string;
  readonly creationTime: Date;
  readonly firstEventTimestamp?: number;
  readonly lastEventTimestamp?: number;
  readonly lastIngestionTime?: number;
  readonly arn: string;
  /** Always 0: the API reference says streams no longer report stored bytes (since June 2019). */
  readonly storedBytes: 0;
}

function viewLogStream(scope: Scope, stream: LogStream): LogStreamView {
  return {
    logStreamName: stream.logStreamName,
    creationTime: stream.creationTime,
    ...(stream.firstEventTimestamp !== undefined ? { firstEventTimestamp: stream.firstEventTimestamp } : {}),
    ...(stream.lastEventTimestamp !== undefined ? { lastEventTimestamp: stream.lastEventTimestamp } : {}),
    ...(stream.lastIngestionTime !== undefined ? { lastIngestionTime: stream.lastIngestionTime } : {}),
    arn: logStreamArn(scope, stream.logGroupName, stream.logStreamName),
    storedBytes: 0,
  };
}

export interface CreateLogStreamInput {
  readonly logGroupName?: string;
  readonly logStreamName?: string;
}

export function createLogStream(ctx: WriteContext, input: CreateLogStreamInput): void {
  const group = input.logGroupName ?? "";
  const stream = input.logStreamName ?? "";
  assertLogGroupName(group);
  assertLogStreamName(stream);
  requireLogGroup(ctx.tx, ctx.scope, group);
  if (ctx.tx.get("logStream", ctx.scope, streamIdOf(group, stream))) throw new LogStreamAlreadyExists();
  putNewLogStream(ctx, group, stream);
}

function putNewLogStream(ctx: WriteContext, group: string, name: string): LogStream {
  const stream: LogStream = {
    id: streamIdOf(group, name),
    ownerId: ctx.scope.account,
    tags: [],
    logGroupName: group,
    logStreamName: name,
    creationTime: ctx.clock.now(),
    storedBytes: 0,
    eventCount: 0,
    nextSequence: 0,
    batchCount: 0,
  };
  ctx.tx.put("logStream", ctx.scope, stream);
  return stream;
}

/** The stream `name` of an existing group, created when absent. */
export function ensureLogStream(ctx: WriteContext, group: string, name: string): LogStream {
  return ctx.tx.get("logStream", ctx.scope, streamIdOf(group, name)) ?? putNewLogStream(ctx, group, name);
}

export type LogStreamOrder = "LogStreamName" | "LastEventTime";
const LOG_STREAM_ORDERS: readonly LogStreamOrder[] = ["LogStreamName", "LastEventTime"];

export interface DescribeLogStreamsInput extends LogGroupReference {
  readonly logStreamNamePrefix?: string;
  readonly orderBy?: string;
  readonly descending?: boolean;
  readonly limit?: number;
  readonly nextToken?: string;
}

const MAX_LOG_STREAMS_PAGE = 50;

type StreamCursor = readonly [number, string];

export function describeLogStreams(
  ctx: ReadContext,
  input: DescribeLogStreamsInput,
): { readonly logStreams: readonly LogStreamView[]; readonly nextToken?: string } {
  const { tx, scope } = ctx;
  const group = resolveLogGroupName(ctx, input);
  assertLimit(input.limit, MAX_LOG_STREAMS_PAGE);
  const orderBy = (input.orderBy ?? "LogStreamName") as LogStreamOrder;
  if (!LOG_STREAM_ORDERS.includes(orderBy)) {
    throw new LogsValidationError(
      orderBy,
      "orderBy",
      `Member must satisfy enum value set: [${LOG_STREAM_ORDERS.join(", ")}]`,
    );
  }
  const prefix = input.logStreamNamePrefix;
  if (prefix !== undefined) {
    assertLogStreamName(prefix, "logStreamNamePrefix");
    if (orderBy === "LastEventTime") {
      throw new LogsInvalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
    }
  }
  requireLogGroup(tx, scope, group);
  const descending = input.descending === true;
  // Streams without events sort as if their last event were at time 0.
  const keyOf = (s: LogStream): StreamCursor =>
    orderBy === "LastEventTime" ? [s.lastEventTimestamp ?? 0, s.logStreamName] : [0, s.logStreamName];
  const compare = (a: StreamCursor, b: StreamCursor): number => {
    const order = a[0] !== b[0] ? a[0] - b[0] : byCodePoint(a[1], b[1]);
    return descending ? -order : order;
  };
  const shape = ["DescribeLogStreams", group, prefix ?? null, orderBy, descending];
  const after =
    input.nextToken === undefined
      ? undefined
      : (decodeCursor(
          input.nextToken,
          shape,
          (c) => Array.isArray(c) && typeof c[0] === "number" && typeof c[1] === "string",
        ) as StreamCursor);
  const streams = tx
    .listBy("logStream", scope, "logGroupName", group)
    .filter((s) => prefix === undefined || s.logStreamName.startsWith(prefix))
    .map((s) => ({ stream: s, key: keyOf(s) }))
    .filter((entry) => after === undefined || compare(entry.key, after) > 0)
    .sort((a, b) => compare(a.key, b.key));
  const limit = input.limit ?? MAX_LOG_STREAMS_PAGE;
  const page = streams.slice(0, limit);
  const last = page[page.length - 1];
  return {
    logStreams: page.map((entry) => viewLogStream(scope, entry.stream)),
    ...(streams.length > limit && last ? { nextToken: encodeCursor(last.key, shape) } : {}),
  };
}

// ---- events: storage ----------------------------------------------------------------------

export interface NewLogEvent {
  readonly timestamp: number;
  readonly message: string;
}

function compareEvents(a: LogEvent, b: LogEvent): number {
  return a.timestamp !== b.timestamp ? a.timestamp - b.timestamp : a.sequence - b.sequence;
}

function makeBatch(
  scope: Scope,
  streamId: string,
  index: number,
  events: readonly LogEvent[],
  bytes: number,
): LogEventBatch {
  const sorted = [...events].sort(compareEvents);
  return {
    id: batchId(streamId, index),
    ownerId: scope.account,
    tags: [],
    streamId,
    minTimestamp: sorted[0]!.timestamp,
    maxTimestamp: sorted[sorted.length - 1]!.timestamp,
    bytes,
    events: sorted,
  };
}

/**
 * Appends events to a stream: fills its last batch up to the batch bounds, then starts new
 * batches. Rewrites the stream record (counters) and at most one existing batch.
 */
export function appendLogEvents(
  ctx: WriteContext,
  stream: LogStream,
  events: readonly NewLogEvent[],
): LogStream {
  if (events.length === 0) return stream;
  const { tx, scope } = ctx;
  const now = ctx.clock.now().getTime();
  let sequence = stream.nextSequence;
  let batchCount = stream.batchCount;
  let open: { index: number; events: LogEvent[]; bytes: number } | undefined;
  if (batchCount > 0) {
    const last = tx.get("logEventBatch", scope, batchId(stream.id, batchCount - 1));
    if (last && last.events.length < MAX_BATCH_EVENTS && last.bytes < MAX_BATCH_BYTES) {
      open = { index: batchCount - 1, events: [...last.events], bytes: last.bytes };
    }
  }
  let first = stream.firstEventTimestamp;
  let lastTs = stream.lastEventTimestamp;
  let added = 0;
  const flush = () => {
    if (open && open.events.length > 0) {
      tx.put("logEventBatch", scope, makeBatch(scope, stream.id, open.index, open.events, open.bytes));
    }
  };
  for (const event of events) {
    const size = eventSize(event.message);
    if (!open || open.events.length >= MAX_BATCH_EVENTS || open.bytes + size > MAX_BATCH_BYTES) {
      flush();
      open = { index: batchCount, events: [], bytes: 0 };
      batchCount++;
    }
    open.events.push({ timestamp: event.timestamp, message: event.message, ingestionTime: now, sequence });
    open.bytes += size;
    sequence++;
    added += size;
    first = first === undefined ? event.timestamp : Math.min(first, event.timestamp);
    lastTs = lastTs === undefined ? event.timestamp : Math.max(lastTs, event.timestamp);
  }
  flush();
  const updated: LogStream = {
    ...stream,
    ...(first !== undefined ? { firstEventTimestamp: first } : {}),
    ...(lastTs !== undefined ? { lastEventTimestamp: lastTs } : {}),
    lastIngestionTime: now,
    storedBytes: stream.storedBytes + added,
    eventCount: stream.eventCount + events.length,
    nextSequence: sequence,
    batchCount,
  };
  tx.put("logStream", scope, updated);
  return updated;
}

/** The stream's events with `from <= timestamp <= to`, in time order (then order of arrival). */
function eventsOfStream(
  tx: ReadTx<Resources>,
  scope: Scope,
  stream: LogStream,
  from: number,
  to: number,
): LogEvent[] {
  const batches = tx
    .listBy("logEventBatch", scope, "streamId", stream.id)
    .filter((b) => b.maxTimestamp >= from && b.minTimestamp <= to);
  const events: LogEvent[] = [];
  for (const batch of batches) {
    for (const event of batch.events) {
      if (event.timestamp >= from && event.timestamp <= to) events.push(event);
    }
  }
  // Batches written in time order are already in order; sort only when they overlap.
  if (batches.length > 1) events.sort(compareEvents);
  return events;
}

// ---- PutLogEvents -------------------------------------------------------------------------

export interface PutLogEventsInput {
  readonly logGroupName?: string;
  readonly logStreamName?: string;
  readonly logEvents?: readonly NewLogEvent[];
  readonly sequenceToken?: string;
}

export interface RejectedLogEventsInfo {
  readonly tooNewLogEventStartIndex?: number;
  readonly tooOldLogEventEndIndex?: number;
}

function sequenceToken(sequence: number): string {
  return String(sequence).padStart(56, "0");
}

/**
 * PutLogEvents (API reference): 1–10,000 events in chronological order, spanning at most 24 hours,
 * at most 1,048,576 bytes; events more than 2 hours ahead or 14 days behind the clock are
 * rejected (reported in `rejectedLogEventsInfo`), the others stored. The sequence token is
 * ignored, as AWS now does.
 */
export function putLogEvents(
  ctx: WriteContext,
  input: PutLogEventsInput,
): { readonly nextSequenceToken: string; readonly rejectedLogEventsInfo?: RejectedLogEventsInfo } {
  const group = input.logGroupName ?? "";
  const streamName = input.logStreamName ?? "";
  assertLogGroupName(group);
  assertLogStreamName(streamName);
  const events = input.logEvents ?? [];
  if (events.length < 1) {
    throw new LogsValidationError("[]", "logEvents", "Member must have length greater than or equal to 1");
  }
  if (events.length > MAX_PAGE_EVENTS) {
    throw new LogsValidationError(
      `[${events.length} events]`,
      "logEvents",
      `Member must have length less than or equal to ${MAX_PAGE_EVENTS}`,
    );
  }
  let bytes = 0;
  events.forEach((event, i) => {
    if (event.message.length < 1) {
      throw new LogsValidationError(
        "",
        `logEvents.${i + 1}.member.message`,
        "Member must have length greater than or equal to 1",
      );
    }
    if (event.timestamp < 0) {
      throw new LogsValidationError(
        String(event.timestamp),
        `logEvents.${i + 1}.member.timestamp`,
        "Member must have value greater than or equal to 0",
      );
    }
    if (i > 0 && event.timestamp < events[i - 1]!.timestamp) {
      throw new LogsInvalidParameter(
        "Log events in a single PutLogEvents request must be in chronological order.",
      );
    }
    bytes += eventSize(event.message);
  });
  if (events[events.length - 1]!.timestamp - events[0]!.timestamp > DAY) {
    throw new LogsInvalidParameter(
      "The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
    );
  }
  if (bytes > PAGE_BYTES) {
    throw new LogsInvalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${PAGE_BYTES}`);
  }
  const { tx, scope } = ctx;
  requireLogGroup(tx, scope, group);
  const stream = requireLogStream(tx, scope, group, streamName);
  const now = ctx.clock.now().getTime();
  let tooOldEnd = -1;
  let tooNewStart = events.length;
  events.forEach((event, i) => {
    if (event.timestamp < now - 14 * DAY) tooOldEnd = i;
  });
  for (let i = events.length - 1; i >= 0 && events[i]!.timestamp > now + 2 * HOUR; i--) tooNewStart = i;
  const accepted = events.slice(tooOldEnd + 1, Math.max(tooOldEnd + 1, tooNewStart));
  const updated = appendLogEvents(ctx, stream, accepted);
  const rejected: RejectedLogEventsInfo = {
    ...(tooNewStart < events.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
    ...(tooOldEnd >= 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
  };
  return {
    nextSequenceToken: sequenceToken(updated.nextSequence),
    ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
  };
}

// ---- GetLogEvents -------------------------------------------------------------------------

export interface GetLogEventsInput extends LogGroupReference {
  readonly logStreamName?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly nextToken?: string;
  readonly limit?: number;
  readonly startFromHead?: boolean;
}

export interface OutputLogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
}

/**
 * A position between two events: after every event whose (timestamp, sequence) is at most
 * `(timestamp, sequence)`. Tokens carry it as AWS's look: `f/` or `b/`, 56 digits, `/s`.
 */
interface Position {
  readonly timestamp: number;
  readonly sequence: number;
}

const BEFORE_EVERYTHING: Position = { timestamp: 0, sequence: -1 };
const EVENT_TOKEN = /^([fb])\/(\d{56})\/s$/;

function encodePosition(direction: "f" | "b", position: Position): string {
  const digits =
    String(position.timestamp).padStart(20, "0") + String(position.sequence + 1).padStart(20, "0");
  return `${direction}/${digits.padStart(56, "0")}/s`;
}

function decodePosition(token: string): { readonly direction: "f" | "b"; readonly position: Position } {
  const match = EVENT_TOKEN.exec(token);
  if (!match) throw new LogsInvalidNextToken();
  const digits = match[2]!;
  return {
    direction: match[1] as "f" | "b",
    position: { timestamp: Number(digits.slice(16, 36)), sequence: Number(digits.slice(36)) - 1 },
  };
}

function positionOf(event: LogEvent): Position {
  return { timestamp: event.timestamp, sequence: event.sequence };
}

function isAfter(event: LogEvent, position: Position): boolean {
  return event.timestamp !== position.timestamp
    ? event.timestamp > position.timestamp
    : event.sequence > position.sequence;
}

/** The longest run from the start (or, `fromEnd`, the end) within `limit` events and 1 MB. */
function takeWithin<T extends { readonly message: string }>(
  events: readonly T[],
  limit: number,
  fromEnd: boolean,
): T[] {
  const taken: T[] = [];
  let bytes = 0;
  for (let k = 0; k < events.length && taken.length < limit; k++) {
    const event = events[fromEnd ? events.length - 1 - k : k]!;
    bytes += eventSize(event.message);
    if (bytes > PAGE_BYTES && taken.length > 0) break;
    taken.push(event);
  }
  return fromEnd ? taken.reverse() : taken;
}

/**
 * GetLogEvents (API reference): events with `startTime <= timestamp < endTime`, oldest first;
 * without a token, the first page (`startFromHead`) or the last one (the default); a page holds
 * up to `limit` events (default: as many as fit in 1 MB, up to 10,000). At the end of the stream
 * in a direction, the token of that direction is returned unchanged.
 */
export function getLogEvents(
  ctx: ReadContext,
  input: GetLogEventsInput,
): {
  readonly events: readonly OutputLogEvent[];
  readonly nextForwardToken: string;
  readonly nextBackwardToken: string;
} {
  const { tx, scope } = ctx;
  const group = resolveLogGroupName(ctx, input);
  const streamName = input.logStreamName ?? "";
  assertLogStreamName(streamName);
  assertLimit(input.limit, MAX_PAGE_EVENTS);
  const token = input.nextToken === undefined ? undefined : decodePosition(input.nextToken);
  requireLogGroup(tx, scope, group);
  const stream = requireLogStream(tx, scope, group, streamName);
  const from = input.startTime ?? 0;
  const to = input.endTime === undefined ? Number.MAX_SAFE_INTEGER : input.endTime - 1;
  const inWindow = to >= from ? eventsOfStream(tx, scope, stream, from, to) : [];
  const limit = input.limit ?? MAX_PAGE_EVENTS;
  let page: LogEvent[];
  if (token === undefined) {
    page = takeWithin(inWindow, limit, input.startFromHead !== true);
  } else if (token.direction === "f") {
    page = takeWithin(
      inWindow.filter((e) => isAfter(e, token.position)),
      limit,
      false,
    );
  } else {
    page = takeWithin(
      inWindow.filter((e) => !isAfter(e, token.position) && !samePosition(e, token.position)),
      limit,
      true,
    );
  }
  const first = page[0];
  const last = page[page.length - 1];
  let forward: string;
  let backward: string;
  if (first && last) {
    forward = encodePosition("f", positionOf(last));
    // The backward token stands just before the page's first event.
    backward = encodePosition("b", positionOf(first));
  } else if (token) {
    forward = token.direction === "f" ? input.nextToken! : encodePosition("f", token.position);
    backward = token.direction === "b" ? input.nextToken! : encodePosition("b", token.position);
  } else {
    forward = encodePosition("f", BEFORE_EVERYTHING);
    backward = encodePosition("b", BEFORE_EVERYTHING);
  }
  return {
    events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
    nextForwardToken: forward,
    nextBackwardToken: backward,
  };
}

function samePosition(event: LogEvent, position: Position): boolean {
  return event.timestamp === position.timestamp && event.sequence === position.sequence;
}

// ---- FilterLogEvents ----------------------------------------------------------------------

export interface FilterLogEventsInput extends LogGroupReference {
  readonly logStreamNames?: readonly string[];
  readonly logStreamNamePrefix?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly filterPattern?: string;
  readonly nextToken?: string;
  readonly limit?: number;
}

export interface FilteredLogEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  readonly eventId: string;
}

type FilterCursor = readonly [number, string, number];

/** A 56-digit event id (AWS's look), unique within the group: time, stream hash, sequence. */
function eventIdOf(streamHash: string, event: LogEvent): string {
  return String(event.timestamp).padStart(20, "0") + streamHash + String(event.sequence).padStart(16, "0");
}

function streamHashOf(name: string): string {
  const digest = createHash("sha256").update(name).digest();
  return (digest.readBigUInt64BE(0) % 10n ** 20n).toString().padStart(20, "0");
}

const MAX_FILTER_STREAMS = 100;

/**
 * FilterLogEvents (API reference): events of the named streams (or those with the prefix, or
 * all) with `startTime <= timestamp <= endTime` that match the filter pattern, in time order
 * across streams; up to `limit` (default and most 10,000) events or 1 MB per page.
 * `searchedLogStreams` is always empty ("no longer supported" since May 2020).
 */
export function filterLogEvents(
  ctx: ReadContext,
  input: FilterLogEventsInput,
): {
  readonly events: readonly FilteredLogEvent[];
  readonly searchedLogStreams: readonly never[];
  readonly nextToken?: string;
} {
  const { tx, scope } = ctx;
  const group = resolveLogGroupName(ctx, input);
  assertLimit(input.limit, MAX_PAGE_EVENTS);
  const names = input.logStreamNames;
  if (names !== undefined && input.logStreamNamePrefix !== undefined) {
    throw new LogsInvalidParameter("You cannot specify both logStreamNames and logStreamNamePrefix.");
  }
  if (names !== undefined) {
    if (names.length < 1 || names.length > MAX_FILTER_STREAMS) {
      throw new LogsValidationError(
        `[${names.join(", ")}]`,
        "logStreamNames",
        names.length < 1
          ? "Member must have length greater than or equal to 1"
          : `Member must have length less than or equal to ${MAX_FILTER_STREAMS}`,
      );
    }
    for (const name of names) assertLogStreamName(name, "logStreamNames");
  }
  if (input.logStreamNamePrefix !== undefined)
    assertLogStreamName(input.logStreamNamePrefix, "logStreamNamePrefix");
  const matches = compileFilterPattern(input.filterPattern);
  const shape = [
    "FilterLogEvents",
    group,
    names ?? null,
    input.logStreamNamePrefix ?? null,
    input.startTime ?? null,
    input.endTime ?? null,
    input.filterPattern ?? null,
  ];
  const after =
    input.nextToken === undefined
      ? undefined
      : (decodeCursor(
          input.nextToken,
          shape,
          (c) =>
            Array.isArray(c) &&
            typeof c[0] === "number" &&
            typeof c[1] === "string" &&
            typeof c[2] === "number",
        ) as FilterCursor);
  requireLogGroup(tx, scope, group);
  const wanted = names ? new Set(names) : undefined;
  const streams = tx
    .listBy("logStream", scope, "logGroupName", group)
    .filter(
      (s) =>
        (wanted === undefined || wanted.has(s.logStreamName)) &&
        (input.logStreamNamePrefix === undefined || s.logStreamName.startsWith(input.logStreamNamePrefix)),
    );
  const from = input.startTime ?? 0;
  const to = input.endTime ?? Number.MAX_SAFE_INTEGER;
  const found: {
    readonly key: FilterCursor;
    readonly event: LogEvent;
    readonly hash: string;
    readonly stream: string;
  }[] = [];
  for (const stream of streams) {
    const hash = streamHashOf(stream.logStreamName);
    for (const event of eventsOfStream(tx, scope, stream, from, to)) {
      const key: FilterCursor = [event.timestamp, stream.logStreamName, event.sequence];
      if (after !== undefined && compareFilterKeys(key, after) <= 0) continue;
      if (!matches(event.message)) continue;
      found.push({ key, event, hash, stream: stream.logStreamName });
    }
  }
  found.sort((a, b) => compareFilterKeys(a.key, b.key));
  const limit = input.limit ?? MAX_PAGE_EVENTS;
  const page = takeWithin(
    found.map((f) => ({ ...f, message: f.event.message })),
    limit,
    false,
  );
  const last = page[page.length - 1];
  return {
    events: page.map((f) => ({
      logStreamName: f.stream,
      timestamp: f.event.timestamp,
      message: f.event.message,
      ingestionTime: f.event.ingestionTime,
      eventId: eventIdOf(f.hash, f.event),
    })),
    searchedLogStreams: [],
    ...(page.length < found.length && last ? { nextToken: encodeCursor(last.key, shape) } : {}),
  };
}

function compareFilterKeys(a: FilterCursor, b: FilterCursor): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return byCodePoint(a[1], b[1]);
  return a[2] - b[2];
}
