// biome-ignore-all lint/suspicious/noTemplateCurlyInString: flow-log formats are written `${field}`, literally
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_FLOW_LOG_FIELDS,
  DEFAULT_FLOW_LOG_FORMAT,
  FLOW_LOG_FIELDS,
  type FlowLogField,
  flowLogFormatVersion,
  flowLogHeaderLine,
  formatFlowLogRecord,
  parseFlowLogFormat,
} from "./flow-log-format.js";
import { errorCode } from "./test-support.js";

const ALL_FIELDS = Object.keys(FLOW_LOG_FIELDS) as FlowLogField[];
const format = (fields: readonly string[]) => fields.map((f) => `\${${f}}`).join(" ");

describe("flow-log record format", () => {
  it("is AWS's default version 2 format", () => {
    expect(DEFAULT_FLOW_LOG_FORMAT).toBe(
      "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
    );
    expect(flowLogFormatVersion(DEFAULT_FLOW_LOG_FORMAT)).toBe(2);
    expect(DEFAULT_FLOW_LOG_FIELDS.every((f) => FLOW_LOG_FIELDS[f] === 2)).toBe(true);
  });

  it("accepts every documented field, alone and all together, in any order", () => {
    expect(ALL_FIELDS).toHaveLength(42);
    for (const field of ALL_FIELDS) expect(parseFlowLogFormat(`\${${field}}`)).toEqual([field]);
    expect(parseFlowLogFormat(format([...ALL_FIELDS].reverse()))).toEqual([...ALL_FIELDS].reverse());
  });

  it("knows the version that introduced each field", () => {
    const versions: Record<number, string[]> = {};
    for (const field of ALL_FIELDS) {
      const version = FLOW_LOG_FIELDS[field];
      versions[version] = [...(versions[version] ?? []), field];
    }
    expect(versions[3]).toEqual([
      "vpc-id",
      "subnet-id",
      "instance-id",
      "tcp-flags",
      "type",
      "pkt-srcaddr",
      "pkt-dstaddr",
    ]);
    expect(versions[4]).toEqual(["region", "az-id", "sublocation-type", "sublocation-id"]);
    expect(versions[5]).toEqual([
      "pkt-src-aws-service",
      "pkt-dst-aws-service",
      "flow-direction",
      "traffic-path",
    ]);
    expect(versions[7]).toHaveLength(10);
    expect(versions[8]).toEqual(["reject-reason"]);
    expect(versions[9]).toEqual(["resource-id"]);
    expect(versions[10]).toEqual(["encryption-status"]);
    // A custom format's version is the highest version among its fields.
    expect(flowLogFormatVersion(format(["srcaddr", "vpc-id"]))).toBe(3);
    expect(flowLogFormatVersion(format(["traffic-path", "region", "version"]))).toBe(5);
    expect(flowLogFormatVersion(format(["ecs-task-id"]))).toBe(7);
    expect(flowLogFormatVersion(format(ALL_FIELDS))).toBe(10);
  });

  it("rejects what is not a space-separated list of known ${field} tokens, with AWS's validation error", () => {
    for (const bad of [
      "",
      `${DEFAULT_FLOW_LOG_FORMAT} `, // a trailing space (observed: "has an invalid format")
      " ${version}",
      "${version}  ${srcaddr}",
      "${version},${srcaddr}",
      "version srcaddr",
      "${version} srcaddr",
      "${unknown-field}",
      "${Version}",
      "${version",
      "$version",
      "${instance-tag}",
    ]) {
      expect(
        errorCode(() => parseFlowLogFormat(bad)),
        bad,
      ).toBe("InvalidParameterValue");
    }
    try {
      parseFlowLogFormat("${version} ");
    } catch (error) {
      expect((error as Error).message).toBe(
        "1 validation error detected: Value '${version} ' at 'logFormat' has an invalid format",
      );
    }
  });

  it("writes records with single spaces and '-' for absent values", () => {
    const line = formatFlowLogRecord(DEFAULT_FLOW_LOG_FORMAT, {
      "account-id": "123456789010",
      "interface-id": "eni-1235b8ca123456789",
      srcaddr: "172.31.16.139",
      dstaddr: "172.31.16.21",
      srcport: 20641,
      dstport: 22,
      protocol: 6,
      packets: 20,
      bytes: 4249,
      start: 1418530010,
      end: 1418530070,
      action: "ACCEPT",
      "log-status": "OK",
    });
    // The first example of "Flow log record examples" (VPC User Guide).
    expect(line).toBe(
      "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK",
    );
    const custom = format(["version", "vpc-id", "srcport", "pkt-srcaddr", "reject-reason"]);
    expect(formatFlowLogRecord(custom, { "vpc-id": "vpc-1", srcport: null, "pkt-srcaddr": "" })).toBe(
      "8 vpc-1 - - -",
    );
    expect(formatFlowLogRecord(custom, { version: 5 })).toBe("5 - - - -");
    expect(flowLogHeaderLine(custom)).toBe("version vpc-id srcport pkt-srcaddr reject-reason");
  });

  it("has as many values as fields for any format (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...ALL_FIELDS), { minLength: 1, maxLength: 20 }),
        fc.dictionary(
          fc.constantFrom(...ALL_FIELDS),
          fc.oneof(fc.integer(), fc.stringMatching(/^[a-z0-9.-]{1,8}$/)),
        ),
        (fields, values) => {
          const line = formatFlowLogRecord(format(fields), values);
          const parts = line.split(" ");
          expect(parts).toHaveLength(fields.length);
          fields.forEach((field, i) => {
            const value = values[field];
            if (field !== "version") expect(parts[i]).toBe(value === undefined ? "-" : String(value));
          });
        },
      ),
    );
  });
});
