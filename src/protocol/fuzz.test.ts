/**
 * Whatever a client sends, the protocol layer answers with a parsed input or a ProtocolError
 * carrying an AWS code and HTTP 400/501 — never another exception, never a hang. Whatever the
 * control plane returns, the serializers write well-formed XML.
 */

import { parseXML } from "@aws-sdk/xml-builder";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonRequest } from "./aws-json.js";
import { parseEc2Request, serializeEc2Error, serializeEc2Response } from "./ec2-query.js";
import { ProtocolError, protocolErrorStatus } from "./errors.js";
import { decodeForm } from "./form.js";
import { ec2Service } from "./generated/ec2.js";
import { stsService } from "./generated/sts.js";
import { parseQueryRequest, serializeQueryError, serializeQueryResponse } from "./query.js";
import type { ServiceModel } from "./shapes.js";
import { valueArbitrary } from "./testing/model-arbitraries.js";

const knownCodes = new Set(Object.keys(protocolErrorStatus));

/** Runs `f`; anything but success or a well-formed ProtocolError fails the property. */
function outcome(f: () => unknown): "ok" | string {
  try {
    f();
    return "ok";
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    expect(knownCodes.has(error.code), error.code).toBe(true);
    expect([400, 501]).toContain(error.httpStatus);
    expect(error.message.length).toBeGreaterThan(0);
    return error.code;
  }
}

// Pieces of real and almost-real EC2 parameter names, to get past the first segment often.
const segments = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "Filter",
      "Name",
      "Value",
      "VpcId",
      "SubnetId",
      "TagSpecification",
      "ResourceType",
      "Tag",
      "Key",
      "MaxResults",
      "NextToken",
      "DryRun",
      "CidrBlock",
      "EnableDnsHostnames",
      "ResourceId",
      "AttributeName",
      "Ipv4NetmaskLength",
      "AmazonProvidedIpv6CidrBlock",
      "MapPublicIpOnLaunch",
      "RouteTableId",
      "member",
      "entry",
    ),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom("1", "2", "0", "01", "-1", "99999999999", "1e3", "4294967297", ""),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const keys = fc.array(segments, { minLength: 1, maxLength: 6 }).map((parts) => parts.join("."));
const values = fc.oneof(
  fc.constantFrom(
    "true",
    "FALSE",
    "yes",
    "5",
    "-5",
    "2147483648",
    "1.5",
    "",
    "vpc-1",
    "10.0.0.0/16",
    "\u0000\u0007",
    "a\r\nb",
  ),
  fc.string({ maxLength: 10 }),
  fc.string({ unit: "binary", maxLength: 10 }),
);
const actions = fc.constantFrom(
  ...Object.keys(ec2Service.operations),
  "RunInstances",
  "CreateVpcs",
  "",
  "GetCallerIdentity",
  "AssumeRole",
);
const versions = fc.option(fc.constantFrom("2016-11-15", "2011-06-15", "", "2015-10-01"), { nil: undefined });

const requests = fc
  .record({
    action: fc.option(actions, { nil: undefined }),
    version: versions,
    params: fc.array(fc.tuple(keys, values), { maxLength: 12 }),
  })
  .map(({ action, version, params }) => {
    const pairs: [string, string][] = [];
    if (action !== undefined) pairs.push(["Action", action]);
    if (version !== undefined) pairs.push(["Version", version]);
    return [...pairs, ...params];
  });

/** Encodes pairs as a form body, sometimes garbling the percent-encoding. */
const bodies = fc.tuple(requests, fc.constantFrom("clean", "garbled")).chain(([pairs, mode]) => {
  const clean = pairs.map(([k, v]) => `${encodeForm(k)}=${encodeForm(v)}`).join("&");
  if (mode === "clean") return fc.constant(clean);
  return fc
    .array(fc.constantFrom("%", "%G1", "%C3", "%FF", "%ED%A0%80", "&&", "=", "+", "%2", "&=&", "=="), {
      maxLength: 3,
    })
    .chain((junk) => fc.nat(clean.length).map((at) => clean.slice(0, at) + junk.join("") + clean.slice(at)));
});

function encodeForm(text: string): string {
  // Lone surrogates cannot be percent-encoded; a client could not send them either.
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, "?"));
}

describe("fuzzing the parsers", () => {
  it("EC2: random parameters parse or fail with an AWS code", () => {
    fc.assert(
      fc.property(requests, (pairs) => {
        outcome(() => parseEc2Request(ec2Service, pairs));
      }),
      { numRuns: 3000 },
    );
  });

  it("EC2: random bodies, including malformed percent-encoding, decode and parse or fail with an AWS code", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        outcome(() => parseEc2Request(ec2Service, decodeForm(body)));
      }),
      { numRuns: 3000 },
    );
  });

  it("EC2: random bytes as a body", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        outcome(() => parseEc2Request(ec2Service, decodeForm(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it("EC2: valid operations with random well-formed inputs still parse or fail cleanly", () => {
    // Inputs serialized by hand with EC2 wire names would only restate the parser; instead,
    // mutate a valid request by dropping and duplicating parameters.
    const valid = fc.constantFrom(
      "Action=DescribeVpcs&Filter.1.Name=a&Filter.1.Value.1=b&VpcId.1=vpc-1&MaxResults=5",
      "Action=CreateTags&ResourceId.1=vpc-1&Tag.1.Key=k&Tag.1.Value=v",
      "Action=ModifyVpcAttribute&VpcId=vpc-1&EnableDnsHostnames.Value=true",
      "Action=CreateVpc&CidrBlock=10.0.0.0%2F16&TagSpecification.1.ResourceType=vpc&TagSpecification.1.Tag.1.Key=a",
    );
    fc.assert(
      fc.property(
        valid,
        fc.array(fc.nat(10), { maxLength: 4 }),
        fc.array(fc.nat(10), { maxLength: 4 }),
        (body, drop, dup) => {
          const pairs = decodeForm(body);
          const mutated = pairs
            .filter((_, i) => !drop.includes(i))
            .concat(pairs.filter((_, i) => dup.includes(i)));
          outcome(() => parseEc2Request(ec2Service, mutated));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("EC2: huge, negative and numerous indices neither hang nor escape", () => {
    const huge = `Action=DescribeVpcs&Filter.99999999999.Name=a&Filter.99999999999.Value.${"9".repeat(400)}=b`;
    expect(parseEc2Request(ec2Service, decodeForm(huge)).input).toEqual({
      Filters: [{ Name: "a", Values: ["b"] }],
    });
    expect(
      outcome(() => parseEc2Request(ec2Service, decodeForm("Action=DescribeVpcs&Filter.-1.Name=a"))),
    ).toBe("UnknownParameter");
    const many = Array.from({ length: 50_000 }, (_, i) => `Filter.1.Value.${i}=v`).join("&");
    expect(outcome(() => parseEc2Request(ec2Service, decodeForm(`Action=DescribeVpcs&${many}`)))).toBe(
      "InvalidParameterValue",
    );
    const deep = `Action=DescribeVpcs&${"Filter.1.".repeat(10_000)}Name=x`;
    expect(outcome(() => parseEc2Request(ec2Service, decodeForm(deep)))).toBe("UnknownParameter");
    const long = `Action=DescribeVpcs&NextToken=${"x".repeat(1_000_000)}`;
    expect(outcome(() => parseEc2Request(ec2Service, decodeForm(long)))).toBe("ok");
  });

  it("Query (STS): random parameters parse or fail with an AWS code", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        outcome(() => parseQueryRequest(stsService, decodeForm(body)));
      }),
      { numRuns: 2000 },
    );
  });

  it("JSON: random targets and bodies parse or fail with an AWS code", async () => {
    const { normalize, toServiceModel } = await import("../../scripts/codegen/generate.js");
    const logs = toServiceModel(normalize("logs", ["DescribeLogGroups", "PutLogEvents", "CreateLogGroup"]));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(null, true, false, 0, -1, 1.5, 1e300, "", "x", "2024-01-02T03:04:05Z"),
        fc.array(tie("value"), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom(
            "logGroupName",
            "logEvents",
            "limit",
            "timestamp",
            "message",
            "tags",
            "logStreamName",
            "__proto__",
            "x",
          ),
          tie("value"),
          { maxKeys: 4 },
        ),
      ),
    })).value;
    const targets = fc.option(
      fc.constantFrom(
        "Logs_20140328.DescribeLogGroups",
        "Logs_20140328.PutLogEvents",
        "Logs_20140328.CreateLogGroup",
        "Logs_20140328.DeleteLogGroup",
        "Logs_20140328.",
        "Foo.Bar",
        "",
      ),
      { nil: undefined },
    );
    const payloads = fc.oneof(
      json.map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 20 }),
      fc.uint8Array({ maxLength: 20 }),
    );
    fc.assert(
      fc.property(targets, payloads, (target, body) => {
        outcome(() => parseJsonRequest(logs, target, body));
      }),
      { numRuns: 3000 },
    );
  });
});

/**
 * A strict XML 1.0 well-formedness check, enough for what we write: declaration, elements,
 * attributes, text, entity and character references; no DTD, comments or CDATA.
 */
function assertWellFormed(xml: string): void {
  const legalChar = (code: number) =>
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff);
  for (const char of xml) {
    const code = char.codePointAt(0) ?? 0;
    if (!legalChar(code)) throw new Error(`illegal character U+${code.toString(16)}`);
  }
  const name = "[A-Za-z_][A-Za-z0-9_.-]*";
  const reference = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;
  const checkText = (text: string) => {
    for (let i = text.indexOf("&"); i !== -1; i = text.indexOf("&", i + 1)) {
      reference.lastIndex = i;
      const match = reference.exec(text);
      if (match === null) throw new Error(`bad reference at ${text.slice(i, i + 10)}`);
      const numeric = /^&#(x?)([0-9A-Fa-f]+);$/.exec(match[0]);
      if (numeric) {
        const code = Number.parseInt(numeric[2] ?? "", numeric[1] ? 16 : 10);
        if (!legalChar(code)) throw new Error(`illegal character reference ${match[0]}`);
      }
    }
    if (text.includes(">") && text.includes("]]>")) throw new Error("]]> in text");
  };
  let rest = xml;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*/.exec(rest);
  if (declaration) rest = rest.slice(declaration[0].length);
  const stack: string[] = [];
  let rootClosed = false;
  const open = new RegExp(`^<(${name})((?:\\s+${name}="[^"<]*")*)\\s*(/?)>`);
  const close = new RegExp(`^</(${name})\\s*>`);
  while (rest.length > 0) {
    if (rest.startsWith("</")) {
      const m = close.exec(rest);
      if (!m || stack.pop() !== m[1]) throw new Error(`bad closing tag at ${rest.slice(0, 30)}`);
      if (stack.length === 0) rootClosed = true;
      rest = rest.slice(m[0].length);
    } else if (rest.startsWith("<")) {
      if (rootClosed) throw new Error("content after the root element");
      const m = open.exec(rest);
      if (!m) throw new Error(`bad tag at ${rest.slice(0, 30)}`);
      for (const attr of (m[2] ?? "").matchAll(/="([^"]*)"/g)) checkText(attr[1] ?? "");
      if (m[3] === "/") {
        if (stack.length === 0) rootClosed = true;
      } else {
        stack.push(m[1] ?? "");
      }
      rest = rest.slice(m[0].length);
    } else {
      const end = rest.indexOf("<");
      const text = end === -1 ? rest : rest.slice(0, end);
      if (stack.length === 0 && text.trim() !== "") throw new Error("text outside the root element");
      checkText(text);
      rest = rest.slice(text.length);
    }
  }
  if (stack.length > 0 || !rootClosed) throw new Error("unclosed elements");
}

describe("fuzzing the serializers", () => {
  it("the well-formedness check rejects what it should", () => {
    for (const bad of [
      "<a>",
      "<a></b>",
      "<a>&</a>",
      "<a>\u0001</a>",
      "<a>&#0;</a>",
      "<a/><b/>",
      "<a>x</a>y",
      "<a x='1'/>",
    ]) {
      expect(() => assertWellFormed(bad), bad).toThrow();
    }
    assertWellFormed('<?xml version="1.0" encoding="UTF-8"?>\n<a x="1"><b/>t&amp;&#xD;<c>é</c></a>');
  });

  const services: [string, ServiceModel, "ec2" | "query"][] = [
    ["ec2", ec2Service, "ec2"],
    ["sts", stsService, "query"],
  ];
  it.each(services)(
    "%s: any output, with any characters, is well-formed XML the SDK parses",
    (_, service, flavor) => {
      for (const [operation, model] of Object.entries(service.operations)) {
        const outputs = model.output
          ? valueArbitrary(service, { shape: model.output }, { strings: "any", maxListLength: 4 })
          : fc.constant({});
        fc.assert(
          fc.property(outputs, fc.string(), (output, requestId) => {
            const xml =
              flavor === "ec2"
                ? serializeEc2Response(service, operation, output as object, requestId)
                : serializeQueryResponse(service, operation, output as object, requestId);
            assertWellFormed(xml);
            expect(() => parseXML(xml)).not.toThrow();
          }),
          { numRuns: 40 },
        );
      }
    },
  );

  it("outputs with wrong types, nulls and junk members are still well-formed", () => {
    const untyped: ServiceModel = ec2Service;
    const junk = fc.anything({ maxDepth: 3, withDate: true, withTypedArray: true, withNullPrototype: true });
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(ec2Service.operations)),
        junk,
        fc.dictionary(fc.string(), junk),
        (operation, a, b) => {
          assertWellFormed(serializeEc2Response(untyped, operation, a as object, "r"));
          assertWellFormed(serializeEc2Response(untyped, operation, { Vpcs: [a, b], Vpc: b, Tags: a }, "r"));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("errors with any code, message and request id are well-formed", () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ unit: "binary" }),
        fc.string(),
        fc.constantFrom(400, 403, 500, 503),
        (code, message, id, status) => {
          assertWellFormed(serializeEc2Error(code, message, id));
          assertWellFormed(serializeQueryError(stsService, code, message, id, status));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
