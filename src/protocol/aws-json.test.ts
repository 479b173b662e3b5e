/**
 * The AWS JSON protocol, against CloudWatch Logs and Direct Connect models built in memory for a
 * test-only list of operations, judged by the aws-sdk v2 clients over a loopback HTTP server.
 */

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalize, toServiceModel } from "../../scripts/codegen/generate.js";
import { jsonContentType, parseJsonRequest, serializeJsonError, serializeJsonResponse } from "./aws-json.js";
import { ProtocolError } from "./errors.js";
import type { ServiceModel } from "./shapes.js";
import { valueArbitrary } from "./testing/model-arbitraries.js";

const logs: ServiceModel = toServiceModel(
  normalize("logs", [
    "DescribeLogGroups",
    "CreateLogGroup",
    "PutLogEvents",
    "GetLogEvents",
    "DescribeLogStreams",
  ]),
);
const directconnect: ServiceModel = toServiceModel(
  normalize("directconnect", [
    "DescribeLocations",
    "DescribeConnections",
    "CreateConnection",
    "DescribeConnectionLoa",
  ]),
);

/** What the server does with a parsed request; the test sets it. */
let handle: (service: ServiceModel, operation: string, input: object) => object = () => ({});
const received: { operation: string; input: unknown }[] = [];
let server: Server;
let endpoint = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const target = request.headers["x-amz-target"];
      const service = String(target).startsWith("Logs_") ? logs : directconnect;
      try {
        const parsed = parseJsonRequest(
          service,
          typeof target === "string" ? target : undefined,
          Buffer.concat(chunks),
        );
        received.push(parsed);
        const body = serializeJsonResponse(
          service,
          parsed.operation,
          handle(service, parsed.operation, parsed.input),
        );
        response.writeHead(200, { "content-type": jsonContentType(service), "x-amzn-requestid": "req-1" });
        response.end(body);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        const { body, headers } = serializeJsonError(service, error.code, error.message, "req-e");
        response.writeHead(error.httpStatus, headers);
        response.end(body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

// aws-sdk v2 clients, loaded lazily (CommonJS, and noisy when loaded).
type V2Client = Record<string, (params: object) => { promise(): Promise<Record<string, unknown>> }>;

async function v2Client(which: "cloudwatchlogs" | "directconnect"): Promise<V2Client> {
  const module = (await import(`aws-sdk/clients/${which}.js`)) as {
    default: new (options: object) => V2Client;
  };
  return new module.default({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    maxRetries: 0,
    paramValidation: false,
  });
}

async function call(client: V2Client, operation: string, params: object): Promise<Record<string, unknown>> {
  const method = operation.charAt(0).toLowerCase() + operation.slice(1);
  const fn = client[method];
  if (fn === undefined) throw new Error(`no method ${method}`);
  const { ResponseMetadata: _, ...output } = await fn.call(client, params).promise();
  return output;
}

/** Buffers from the SDK compare equal to the Uint8Arrays we produce. */
function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return [...value];
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

describe("CloudWatch Logs (JSON 1.1)", () => {
  it("parses input and serializes output read by the SDK", async () => {
    const client = await v2Client("cloudwatchlogs");
    const output = {
      logGroups: [
        {
          logGroupName: "/aws/vpc/flow",
          creationTime: 1704164645123,
          storedBytes: 0,
          retentionInDays: 7,
          inheritedProperties: [],
        },
      ],
      nextToken: "n",
    };
    handle = () => output;
    received.length = 0;
    expect(await call(client, "DescribeLogGroups", { logGroupNamePrefix: "/aws", limit: 5 })).toEqual(output);
    expect(received[0]).toEqual({
      operation: "DescribeLogGroups",
      input: { logGroupNamePrefix: "/aws", limit: 5 },
    });
  });

  it("reports missing required members as AWS's validation layer does, under InvalidParameterException", async () => {
    const client = await v2Client("cloudwatchlogs");
    const error = (await call(client, "PutLogEvents", { logEvents: [{ message: "m" }] }).catch(
      (e: unknown) => e,
    )) as {
      code: string;
      message: string;
      statusCode: number;
    };
    expect({ code: error.code, statusCode: error.statusCode, message: error.message }).toEqual({
      code: "InvalidParameterException",
      statusCode: 400,
      message:
        "3 validation errors detected: Value null at 'logEvents.1.member.timestamp' failed to satisfy constraint: " +
        "Member must not be null; Value null at 'logGroupName' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'logStreamName' failed to satisfy constraint: Member must not be null",
    });
  });

  it("ignores unknown members and treats null as absent", () => {
    expect(
      parseJsonRequest(
        logs,
        "Logs_20140328.DescribeLogGroups",
        '{"limit":5,"somethingNew":true,"nextToken":null}',
      ),
    ).toEqual({ operation: "DescribeLogGroups", input: { limit: 5 } });
    expect(parseJsonRequest(logs, "Logs_20140328.DescribeLogGroups", "")).toEqual({
      operation: "DescribeLogGroups",
      input: {},
    });
  });

  it.each([
    [undefined, "{}", "UnknownOperationException", 400],
    ["Logs_20140328.Frobnicate", "{}", "UnknownOperationException", 400],
    ["OvertureService.DescribeLocations", "{}", "UnknownOperationException", 400],
    ["Logs_20140328.DeleteLogGroup", "{}", "NotImplemented", 501],
    ["Logs_20140328.DescribeLogGroups", "{", "SerializationException", 400],
    ["Logs_20140328.DescribeLogGroups", "[]", "SerializationException", 400],
    ["Logs_20140328.DescribeLogGroups", '{"limit":"5"}', "SerializationException", 400],
    ["Logs_20140328.DescribeLogGroups", '{"limit":5.5}', "SerializationException", 400],
    ["Logs_20140328.DescribeLogGroups", '{"includeLinkedAccounts":"true"}', "SerializationException", 400],
    ["Logs_20140328.DescribeLogGroups", '{"accountIdentifiers":"a"}', "SerializationException", 400],
    ["Logs_20140328.CreateLogGroup", '{"tags":[]}', "SerializationException", 400],
  ])("%s %s → %s", (target, body, code, status) => {
    const error = (() => {
      try {
        parseJsonRequest(logs, target, body);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ProtocolError);
    expect({ code: (error as ProtocolError).code, status: (error as ProtocolError).httpStatus }).toEqual({
      code,
      status,
    });
  });

  it("writes errors as {__type, message} with x-amzn-errortype", () => {
    expect(
      serializeJsonError(logs, "ResourceNotFoundException", "The specified log group does not exist.", "r"),
    ).toEqual({
      body: '{"__type":"ResourceNotFoundException","message":"The specified log group does not exist."}',
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-errortype": "ResourceNotFoundException",
        "x-amzn-requestid": "r",
      },
    });
  });
});

describe("Direct Connect (JSON 1.1)", () => {
  it("an operation without input; timestamps as epoch seconds; errors with DirectConnectClientException", async () => {
    const client = await v2Client("directconnect");
    const locations = { locations: [{ locationCode: "EqDC2", availablePortSpeeds: ["1Gbps", "10Gbps"] }] };
    handle = (_, operation) => (operation === "DescribeLocations" ? locations : {});
    expect(await call(client, "DescribeLocations", {})).toEqual(locations);
    const issued = new Date("2024-01-02T03:04:05.250Z");
    handle = () => ({
      connections: [{ connectionId: "dxcon-1", loaIssueTime: issued, vlan: 101, jumboFrameCapable: true }],
    });
    expect(await call(client, "DescribeConnections", {})).toEqual({
      connections: [{ connectionId: "dxcon-1", loaIssueTime: issued, vlan: 101, jumboFrameCapable: true }],
    });
    expect(
      serializeJsonResponse(directconnect, "DescribeConnections", {
        connections: [{ loaIssueTime: issued }],
      }),
    ).toBe('{"connections":[{"loaIssueTime":1704164645.25}]}');
    const error = (await call(client, "CreateConnection", {}).catch((e: unknown) => e)) as { code: string };
    expect(error.code).toBe("DirectConnectClientException");
  });
});

describe("random round trips through the SDK", () => {
  it.each([
    ["cloudwatchlogs", logs],
    ["directconnect", directconnect],
  ] as const)("%s: every operation", async (which, service) => {
    const client = await v2Client(which);
    for (const [operation, model] of Object.entries(service.operations)) {
      const inputs = model.input
        ? valueArbitrary(service, { shape: model.input }, { honourRequired: true })
        : fc.constant({});
      const outputs = model.output
        ? valueArbitrary(service, { shape: model.output }, { wholeSeconds: true })
        : fc.constant({});
      await fc.assert(
        fc.asyncProperty(inputs, outputs, async (input, output) => {
          handle = () => output as object;
          received.length = 0;
          expect(plain(await call(client, operation, input as object))).toEqual(plain(output));
          expect(plain(received[0]?.input)).toEqual(plain(input));
        }),
        { numRuns: 15 },
      );
    }
  });
});
