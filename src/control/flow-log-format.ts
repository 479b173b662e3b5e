/**
 * The flow-log record format (VPC User Guide, "Flow log records"): the fields a record may carry,
 * the flow-log version that introduced each, the validation of a custom `LogFormat`, and the text
 * of one record.
 */
import { InvalidFlowLogFormat } from "./errors.js";

/**
 * Every field of the "Available fields" table, with the version that introduced it. A record's
 * `version` is the highest version among its format's fields (2 for the default format).
 */
export const FLOW_LOG_FIELDS = {
  version: 2,
  "account-id": 2,
  "interface-id": 2,
  srcaddr: 2,
  dstaddr: 2,
  srcport: 2,
  dstport: 2,
  protocol: 2,
  packets: 2,
  bytes: 2,
  start: 2,
  end: 2,
  action: 2,
  "log-status": 2,
  "vpc-id": 3,
  "subnet-id": 3,
  "instance-id": 3,
  "tcp-flags": 3,
  type: 3,
  "pkt-srcaddr": 3,
  "pkt-dstaddr": 3,
  region: 4,
  "az-id": 4,
  "sublocation-type": 4,
  "sublocation-id": 4,
  "pkt-src-aws-service": 5,
  "pkt-dst-aws-service": 5,
  "flow-direction": 5,
  "traffic-path": 5,
  "ecs-cluster-arn": 7,
  "ecs-cluster-name": 7,
  "ecs-container-instance-arn": 7,
  "ecs-container-instance-id": 7,
  "ecs-container-id": 7,
  "ecs-second-container-id": 7,
  "ecs-service-name": 7,
  "ecs-task-definition-arn": 7,
  "ecs-task-arn": 7,
  "ecs-task-id": 7,
  "reject-reason": 8,
  "resource-id": 9,
  "encryption-status": 10,
} as const satisfies Readonly<Record<string, number>>;

export type FlowLogField = keyof typeof FLOW_LOG_FIELDS;

/** The fields of the default format, in order (the version 2 fields). */
export const DEFAULT_FLOW_LOG_FIELDS: readonly FlowLogField[] = [
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
];

export const DEFAULT_FLOW_LOG_FORMAT = DEFAULT_FLOW_LOG_FIELDS.map((f) => `\${${f}}`).join(" ");

export function isFlowLogField(name: string): name is FlowLogField {
  return Object.hasOwn(FLOW_LOG_FIELDS, name);
}

/** `${field}` tokens separated by single spaces, nothing else (AWS rejects a trailing space). */
const FORMAT_SYNTAX = /^\$\{[a-z0-9-]+\}(?: \$\{[a-z0-9-]+\})*$/;

const parsed = new Map<string, readonly FlowLogField[]>();

/**
 * The fields of a format, in order, or AWS's validation error for a format that is not a
 * space-separated list of known `${field}` tokens.
 */
export function parseFlowLogFormat(format: string): readonly FlowLogField[] {
  const cached = parsed.get(format);
  if (cached) return cached;
  if (!FORMAT_SYNTAX.test(format)) throw new InvalidFlowLogFormat(format);
  const fields = format.split(" ").map((token) => token.slice(2, -1));
  for (const field of fields) if (!isFlowLogField(field)) throw new InvalidFlowLogFormat(format);
  const result = Object.freeze(fields as FlowLogField[]);
  if (parsed.size > 1000) parsed.clear();
  parsed.set(format, result);
  return result;
}

/** The flow-log version of a format: the highest version among its fields. */
export function flowLogFormatVersion(format: string): number {
  return Math.max(...parseFlowLogFormat(format).map((f) => FLOW_LOG_FIELDS[f]));
}

export type FlowLogFieldValue = string | number | bigint | null | undefined;
export type FlowLogFieldValues = { readonly [F in FlowLogField]?: FlowLogFieldValue };

/**
 * One record in AWS's text form: the format's fields in order, separated by single spaces, with
 * `-` for a field that has no value for this record. `version` defaults to the format's version.
 */
export function formatFlowLogRecord(format: string, values: FlowLogFieldValues): string {
  const fields = parseFlowLogFormat(format);
  const parts: string[] = [];
  for (const field of fields) {
    let value = values[field];
    if (field === "version" && (value === undefined || value === null)) value = flowLogFormatVersion(format);
    parts.push(value === undefined || value === null || value === "" ? "-" : String(value));
  }
  return parts.join(" ");
}

/** The header line of an S3 log file: the format's field names, separated by spaces. */
export function flowLogHeaderLine(format: string): string {
  return parseFlowLogFormat(format).join(" ");
}
