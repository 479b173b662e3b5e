import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileFilterPattern, splitSpaceDelimited } from "./logs-filter-pattern.js";
import { errorCode } from "./test-support.js";

const matches = (pattern: string | undefined, message: string) => compileFilterPattern(pattern)(message);

// Flow-log records in the default format (VPC User Guide, "Flow log record examples").
const SSH_ACCEPT =
  "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
const RDP_REJECT =
  "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK";
const NODATA = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA";
const FLOW_FIELDS =
  "[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action, flowlogstatus]";

describe("filter patterns: terms", () => {
  it("matches everything when empty", () => {
    expect(matches(undefined, "x")).toBe(true);
    expect(matches("", "x")).toBe(true);
    expect(matches("   ", "x")).toBe(true);
  });

  it("requires every term, case-sensitively", () => {
    expect(matches("ERROR", "[ERROR] disk full")).toBe(true);
    expect(matches("ERROR", "[error] disk full")).toBe(false);
    expect(matches("ERROR disk", "[ERROR] disk full")).toBe(true);
    expect(matches("ERROR memory", "[ERROR] disk full")).toBe(false);
    expect(matches("REJECT", RDP_REJECT)).toBe(true);
    expect(matches("REJECT", SSH_ACCEPT)).toBe(false);
  });

  it("matches quoted phrases exactly, and needs quotes for other characters than letters, digits and _", () => {
    expect(matches('"disk full"', "[ERROR] disk full")).toBe(true);
    expect(matches('"full disk"', "[ERROR] disk full")).toBe(false);
    expect(matches('"172.31.9.69"', RDP_REJECT)).toBe(true);
    expect(matches('"say \\"hi\\""', 'they say "hi"')).toBe(true);
    expect(errorCode(() => compileFilterPattern("172.31.9.69"))).toBe("InvalidParameterException");
    expect(() => compileFilterPattern("eni-123")).toThrow("Invalid character(s) in term 'eni-123'");
    expect(errorCode(() => compileFilterPattern('"unterminated'))).toBe("InvalidParameterException");
  });

  it("matches any of the ? terms", () => {
    expect(matches("?ERROR ?WARN", "WARN low memory")).toBe(true);
    expect(matches("?ERROR ?WARN", "ERROR out of memory")).toBe(true);
    expect(matches("?ERROR ?WARN", "INFO ok")).toBe(false);
    expect(matches('?"3389" ?"22 6"', RDP_REJECT)).toBe(true);
  });

  it("excludes - terms", () => {
    expect(matches("ERROR -Exiting", "ERROR retrying")).toBe(true);
    expect(matches("ERROR -Exiting", "ERROR Exiting now")).toBe(false);
    expect(matches('-"NODATA"', NODATA)).toBe(false);
    expect(matches('-"NODATA"', SSH_ACCEPT)).toBe(true);
  });

  it("matches %regex% patterns", () => {
    expect(matches("%REJECT|ACCEPT%", SSH_ACCEPT)).toBe(true);
    expect(matches("%^2 \\d{12} eni-%", SSH_ACCEPT)).toBe(true);
    expect(matches("%NODATA$%", SSH_ACCEPT)).toBe(false);
    expect(errorCode(() => compileFilterPattern("%(%"))).toBe("InvalidParameterException");
  });

  it("agrees with a substring search for any single word (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_]{1,6}$/), fc.string({ maxLength: 40 }), (term, message) => {
        expect(matches(term, message)).toBe(message.includes(term));
        expect(matches(`-${term}`, message)).toBe(!message.includes(term));
      }),
    );
  });
});

describe("filter patterns: space-delimited events", () => {
  it("splits events at spaces, keeping quoted and bracketed groups together", () => {
    expect(
      splitSpaceDelimited('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326'),
    ).toEqual([
      "127.0.0.1",
      "-",
      "frank",
      "10/Oct/2000:13:55:36 -0700",
      "GET /a.gif HTTP/1.0",
      "200",
      "2326",
    ]);
  });

  it("matches flow-log records field by field, as AWS's flow-log examples do", () => {
    const ssh = FLOW_FIELDS.replace("destport,", 'destport="22",');
    expect(matches(ssh, SSH_ACCEPT)).toBe(true);
    expect(matches(ssh, RDP_REJECT)).toBe(false);
    const rejects = FLOW_FIELDS.replace("action,", 'action="REJECT",');
    expect(matches(rejects, RDP_REJECT)).toBe(true);
    expect(matches(rejects, SSH_ACCEPT)).toBe(false);
    // The brief's form: `destport="22"` among unnamed-condition fields, and numbers unquoted.
    const tcp22 = FLOW_FIELDS.replace("destport,", "destport=22,").replace("protocol,", "protocol=6,");
    expect(matches(tcp22, SSH_ACCEPT)).toBe(true);
    // A record of another format (field count) does not match.
    expect(matches(FLOW_FIELDS, `${SSH_ACCEPT} extra`)).toBe(false);
  });

  it("compares numbers and strings, with wildcards, && and ||", () => {
    expect(matches(FLOW_FIELDS.replace("bytes,", "bytes>=4000,"), SSH_ACCEPT)).toBe(true);
    expect(matches(FLOW_FIELDS.replace("bytes,", "bytes<4000,"), SSH_ACCEPT)).toBe(false);
    expect(matches(FLOW_FIELDS.replace("source,", "source=172.31.16.*,"), SSH_ACCEPT)).toBe(true);
    expect(matches(FLOW_FIELDS.replace("source,", "source=172.31.16.*,"), RDP_REJECT)).toBe(false);
    expect(matches(FLOW_FIELDS.replace("destport,", "destport!=22,"), RDP_REJECT)).toBe(true);
    const either = FLOW_FIELDS.replace("destport,", "destport=22 || destport=3389,");
    expect(matches(either, SSH_ACCEPT) && matches(either, RDP_REJECT)).toBe(true);
    const range = FLOW_FIELDS.replace("srcport,", "srcport>=49152 && srcport<=65535,");
    expect(matches(range, RDP_REJECT)).toBe(true);
    expect(matches(range, SSH_ACCEPT)).toBe(false);
    // A number condition on a field that holds no number ('-' in a NODATA record) does not match.
    expect(matches(FLOW_FIELDS.replace("packets,", "packets>0,"), NODATA)).toBe(false);
    expect(matches(FLOW_FIELDS.replace("flowlogstatus", 'flowlogstatus="NODATA"'), NODATA)).toBe(true);
  });

  it("lets ... stand for any number of fields", () => {
    expect(matches('[..., action="REJECT", status]', RDP_REJECT)).toBe(true);
    expect(matches('[..., action="REJECT", status]', SSH_ACCEPT)).toBe(false);
    expect(matches("[version=2, ...]", SSH_ACCEPT)).toBe(true);
    expect(matches("[version=3, ...]", SSH_ACCEPT)).toBe(false);
    expect(matches("[a, b, ..., c=ACCEPT, d]", SSH_ACCEPT)).toBe(true);
    expect(matches("[a, ..., b]", "one")).toBe(false);
  });

  it("rejects malformed space-delimited patterns", () => {
    for (const bad of ["[a, b", "[a, ..., b, ...]", "[a=]", "[a b]", "[a, b>x]", "[, a]", "[a=1 &&]"]) {
      expect(() => matches(bad, "1 2"), bad).toThrow();
      expect(
        errorCode(() => matches(bad, "1 2")),
        bad,
      ).toBe("InvalidParameterException");
    }
  });
});

describe("filter patterns: JSON events", () => {
  const event = JSON.stringify({
    level: "ERROR",
    latency: 250,
    user: { id: "u-1", admin: false },
    tags: ["a", "b"],
    retry: true,
    parent: null,
  });

  it("compares selected values", () => {
    expect(matches('{ $.level = "ERROR" }', event)).toBe(true);
    expect(matches("{ $.level = ERR* }", event)).toBe(true);
    expect(matches('{ $.level != "ERROR" }', event)).toBe(false);
    expect(matches("{ $.latency > 100 }", event)).toBe(true);
    expect(matches("{ $.latency <= 100 }", event)).toBe(false);
    expect(matches('{ $.user.id = "u-1" }', event)).toBe(true);
    expect(matches('{ $.tags[1] = "b" }', event)).toBe(true);
    expect(matches("{ $.level = %^ERR% }", event)).toBe(true);
  });

  it("supports IS TRUE/FALSE/NULL, NOT EXISTS, && and || with parentheses", () => {
    expect(matches("{ $.retry IS TRUE }", event)).toBe(true);
    expect(matches("{ $.user.admin IS FALSE }", event)).toBe(true);
    expect(matches("{ $.parent IS NULL }", event)).toBe(true);
    expect(matches("{ $.missing NOT EXISTS }", event)).toBe(true);
    expect(matches("{ $.level NOT EXISTS }", event)).toBe(false);
    expect(matches('{ ($.level = "WARN") || ($.latency > 200 && $.retry IS TRUE) }', event)).toBe(true);
    expect(matches('{ $.level = "WARN" || $.latency > 300 }', event)).toBe(false);
  });

  it("does not match events that are not JSON, and rejects malformed patterns", () => {
    expect(matches('{ $.level = "ERROR" }', "ERROR plain text")).toBe(false);
    for (const bad of ["{ $.level = }", "{ level = 1 }", "{ ($.a = 1 }", "{ $.a = 1", "{ $.a IS MAYBE }"]) {
      expect(
        errorCode(() => matches(bad, event)),
        bad,
      ).toBe("InvalidParameterException");
    }
  });
});
