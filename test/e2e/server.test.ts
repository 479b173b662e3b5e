/**
 * The HTTP surface besides the operations: health, encodings, GET requests, oversized and
 * malformed requests, unknown actions and services. Every answer is a well-formed AWS error.
 */
import { readFileSync } from "node:fs";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directConnectHandlers } from "../../src/api/directconnect/registry.js";
import { ec2Handlers } from "../../src/api/ec2/registry.js";
import { logsHandlers } from "../../src/api/logs/registry.js";
import { stsHandlers } from "../../src/api/sts/registry.js";
import { ec2Service } from "../../src/protocol/generated/ec2.js";
import type { RunningServer } from "../../src/server/server.js";
import { startTestServer } from "./support.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ bodyLimit: 64 * 1024 });
});
afterAll(async () => {
  await server.close();
});

async function post(body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await request(`${server.endpoint}/`, {
    method: "POST",
    body,
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8", ...headers },
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function errorCode(xml: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
}

describe("the HTTP endpoint", () => {
  it("answers health checks", async () => {
    const response = await request(`${server.endpoint}/_vpcsim/health`);
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ status: "ok", store: "memory" });
  });

  it("accepts + and %20 for spaces, with or without a charset, and GET query strings", async () => {
    const plus = await post(
      "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag:Name&Filter.1.Value.1=a+b",
    );
    expect(plus.status).toBe(200);
    expect(plus.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    const pct = await post(
      "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag:Name&Filter.1.Value.1=a%20b",
      {
        "content-type": "application/x-www-form-urlencoded",
      },
    );
    expect(pct.status).toBe(200);
    const get = await request(`${server.endpoint}/?Action=DescribeRegions&Version=2016-11-15`);
    expect(get.statusCode).toBe(200);
    expect(await get.body.text()).toContain("<regionName>us-east-1</regionName>");
  });

  it("answers unknown and unimplemented actions, unknown parameters, bad versions with AWS errors", async () => {
    const unknown = await post("Action=FlyToTheMoon&Version=2016-11-15");
    expect([unknown.status, errorCode(unknown.text)]).toEqual([400, "InvalidAction"]);
    const notImplemented = await post("Action=DescribeVolumes&Version=2016-11-15");
    expect([notImplemented.status, errorCode(notImplemented.text)]).toEqual([501, "NotImplemented"]);
    expect(notImplemented.text).toContain("DescribeVolumes");
    const param = await post("Action=DescribeVpcs&Version=2016-11-15&Colour=blue");
    expect([param.status, errorCode(param.text)]).toEqual([400, "UnknownParameter"]);
    const missing = await post("Action=DeleteVpc&Version=2016-11-15");
    expect([missing.status, errorCode(missing.text)]).toEqual([400, "MissingParameter"]);
    const version = await post("Action=DescribeVpcs&Version=1999-01-01");
    expect(version.status).toBe(400);
    const noAction = await post("Version=2016-11-15");
    expect([noAction.status, errorCode(noAction.text)]).toEqual([400, "MissingAction"]);
  });

  it("rejects malformed encodings and oversized bodies with AWS errors, never 500", async () => {
    const badPercent = await post("Action=DescribeVpcs&Filter.1.Name=%zz");
    expect([badPercent.status, errorCode(badPercent.text)]).toEqual([400, "MalformedQueryString"]);
    const badUtf8 = await post(Buffer.from([0x41, 0x3d, 0xff, 0xfe]));
    expect(badUtf8.status).toBe(400);
    const huge = await post(`Action=DescribeVpcs&x=${"a".repeat(100 * 1024)}`);
    expect([huge.status, errorCode(huge.text)]).toEqual([413, "RequestEntityTooLarge"]);
    expect(huge.text).toContain("<Response><Errors><Error>");
  });

  it("answers AWS JSON services (CloudWatch Logs, Direct Connect) in their own error format", async () => {
    const call = async (target: string) => {
      const response = await request(`${server.endpoint}/`, {
        method: "POST",
        body: "{}",
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
      });
      return {
        status: response.statusCode,
        headers: response.headers,
        body: (await response.body.json()) as object,
      };
    };
    const unknown = await call("Logs_20140328.FlyToTheMoon");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ __type: "UnknownOperationException" });
    expect(unknown.headers["x-amzn-errortype"]).toBe("UnknownOperationException");
    const notYet = await call("OvertureService.DescribeLagss");
    expect(notYet.body).toMatchObject({ __type: "UnknownOperationException" });
  });

  it("names the region vpcsim does not know", async () => {
    const response = await post("Action=DescribeVpcs&Version=2016-11-15", {
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/mars-north-1/ec2/aws4_request, SignedHeaders=host, Signature=x",
    });
    expect(response.status).toBe(401);
    expect(errorCode(response.text)).toBe("AuthFailure");
    expect(response.text).toContain("mars-north-1");
  });

  it("lists the operations it implements, as the registry does", () => {
    const listed = readFileSync(new URL("../fixtures/implemented-operations.txt", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"));
    const implemented = [
      ...Object.entries(ec2Handlers)
        .filter(([, h]) => !h.planned)
        .map(([op]) => `ec2:${op}`),
      ...Object.entries(stsHandlers)
        .filter(([, h]) => !h.planned)
        .map(([op]) => `sts:${op}`),
      ...Object.entries(logsHandlers)
        .filter(([, h]) => !h.planned)
        .map(([op]) => `logs:${op}`),
      ...Object.entries(directConnectHandlers)
        .filter(([, h]) => !h.planned)
        .map(([op]) => `directconnect:${op}`),
    ];
    expect(implemented.sort()).toEqual([...listed].sort());
    // Every generated operation has a handler, implemented or planned.
    expect(Object.keys(ec2Handlers).sort()).toEqual(Object.keys(ec2Service.operations).sort());
  });
});
