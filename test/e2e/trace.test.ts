/**
 * Tracing through the server and the command line: `POST /_vpcsim/trace` (a Trace as JSON, AWS-style
 * JSON errors for bad input) and `vpcsim trace` against a running server or a data directory no
 * server holds, on the tutorial network built with `@aws-sdk/client-ec2`.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { EC2Client } from "@aws-sdk/client-ec2";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Trace } from "../../src/dataplane/types.js";
import type { RunningServer } from "../../src/server/server.js";
import { ACCOUNT, ec2Client, startTestServer, tempDir } from "./support.js";
import { buildTutorialNetwork, type TutorialNetwork } from "./tutorial-network.js";

const exec = promisify(execFile);

async function postTrace(
  endpoint: string,
  body: string,
): Promise<{ status: number; headers: Record<string, unknown>; json: Record<string, unknown> }> {
  const response = await request(`${endpoint}/_vpcsim/trace`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return {
    status: response.statusCode,
    headers: response.headers,
    json: (await response.body.json()) as Record<string, unknown>,
  };
}

/** Runs `vpcsim trace …`; the exit status is 0 reachable, 1 unreachable, 2 an error. */
async function vpcsimTrace(
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "trace", ...args],
      {
        cwd: process.cwd(),
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("POST /_vpcsim/trace and vpcsim trace on a running server", () => {
  let server: RunningServer;
  let ec2: EC2Client;
  let net: TutorialNetwork;

  beforeAll(async () => {
    server = await startTestServer();
    ec2 = ec2Client(server.endpoint);
    net = await buildTutorialNetwork(ec2);
  });
  afterAll(async () => {
    ec2.destroy();
    await server.close();
  });

  it("answers a Trace as JSON", async () => {
    const { status, headers, json } = await postTrace(
      server.endpoint,
      JSON.stringify({
        from: net.privateInstance,
        to: "8.8.8.8",
        protocol: "tcp",
        port: 443,
        account: ACCOUNT,
      }),
    );
    expect(status).toBe(200);
    expect(headers["content-type"]).toBe("application/json");
    const trace = json as unknown as Trace;
    expect(trace.verdict).toBe("reachable");
    expect(trace.from).toMatchObject({ component: { type: "instance", id: net.privateInstance } });
    expect(trace.packet).toEqual({
      protocol: 6,
      source: trace.from.address,
      destination: "8.8.8.8",
      sourcePort: 50000,
      destinationPort: 443,
    });
    expect(trace.forward.hops.map((h) => h.component.type)).toContain("nat-gateway");
    expect(trace.forward.hops.every((h, i) => h.sequence === i + 1)).toBe(true);
    expect(trace.return?.outcome).toBe("delivered");
  });

  it("takes endpoints as objects, protocols as numbers, and ICMP", async () => {
    const { status, json } = await postTrace(
      server.endpoint,
      JSON.stringify({
        from: { kind: "instance", id: net.publicInstance },
        to: { kind: "address", address: "8.8.8.8" },
        protocol: 1,
        icmpType: 8,
      }),
    );
    expect(status).toBe(200);
    expect((json as unknown as Trace).packet).toMatchObject({ protocol: 1, icmpType: 8, icmpCode: 0 });
  });

  it("answers AWS-style JSON errors for bad input", async () => {
    const notJson = await postTrace(server.endpoint, "{");
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({
      __type: "SerializationException",
      message: "The request body is not valid JSON.",
    });
    expect(notJson.headers["x-amzn-errortype"]).toBe("SerializationException");

    const missing = await postTrace(
      server.endpoint,
      JSON.stringify({ from: net.publicInstance, protocol: "tcp" }),
    );
    expect(missing.status).toBe(400);
    expect(missing.json.__type).toBe("MissingParameter");

    const unknown = await postTrace(
      server.endpoint,
      JSON.stringify({ from: "i-00000000000000000", to: "8.8.8.8", protocol: "tcp", port: 443 }),
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      __type: "InvalidInstanceID.NotFound",
      message: "The instance ID 'i-00000000000000000' does not exist",
    });

    const protocol = await postTrace(
      server.endpoint,
      JSON.stringify({ from: net.publicInstance, to: "8.8.8.8", protocol: "smtp", port: 25 }),
    );
    expect(protocol.status).toBe(400);
    expect(protocol.json.__type).toBe("InvalidParameterValue");
  });

  it("prints each hop and the verdict (exit 0 when reachable)", async () => {
    const result = await vpcsimTrace([
      "--endpoint",
      server.endpoint,
      "--from",
      net.privateInstance,
      "--to",
      "8.8.8.8",
      "--tcp",
      "443",
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^tcp port 443 \(from 50000\): i-/);
    expect(result.stdout).toMatch(/forward path \(delivered\)/);
    expect(result.stdout).toMatch(new RegExp(`nat-gateway +${net.nat} +translate`));
    expect(result.stdout).toMatch(/return path \(delivered\)/);
    expect(result.stdout).toMatch(/verdict: reachable\n$/);
  });

  it("names the explanation code of a drop (exit 1)", async () => {
    const result = await vpcsimTrace([
      "--endpoint",
      server.endpoint,
      "--from",
      "internet:198.51.100.7",
      "--to",
      net.privateInstance,
      "--tcp",
      "22",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/verdict: unreachable\n {2}IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS at igw-/);
  });

  it("prints the Trace with --json, and errors on stderr (exit 2)", async () => {
    const json = await vpcsimTrace([
      "--endpoint",
      server.endpoint,
      "--from",
      net.publicInstance,
      "--to",
      "internet:203.0.113.5",
      "--udp",
      "53",
      "--json",
    ]);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as Trace).packet).toMatchObject({ protocol: 17, destinationPort: 53 });

    const bad = await vpcsimTrace([
      "--endpoint",
      server.endpoint,
      "--from",
      "i-00000000000000000",
      "--to",
      "8.8.8.8",
      "--tcp",
      "1",
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "vpcsim trace: InvalidInstanceID.NotFound: The instance ID 'i-00000000000000000' does not exist\n",
    );

    const noProtocol = await vpcsimTrace([
      "--endpoint",
      server.endpoint,
      "--from",
      net.publicInstance,
      "--to",
      "8.8.8.8",
    ]);
    expect(noProtocol.code).toBe(2);
    expect(noProtocol.stderr).toMatch(/exactly one of --tcp, --udp, --icmp, --icmpv6/);
  });
});

describe("vpcsim trace on a data directory", () => {
  it("reads the state no server holds, and refuses one a server holds", async () => {
    const dir = tempDir();
    try {
      const server = await startTestServer({ dataDir: dir.path });
      const ec2 = ec2Client(server.endpoint);
      const net = await buildTutorialNetwork(ec2);
      const held = await vpcsimTrace([
        "--data-dir",
        dir.path,
        "--from",
        net.publicInstance,
        "--to",
        "8.8.8.8",
        "--tcp",
        "443",
      ]);
      expect(held.code).toBe(2);
      expect(held.stderr).toMatch(/is in use by a running server: trace through it with --endpoint\.\n$/);
      ec2.destroy();
      await server.close();

      const offline = await vpcsimTrace([
        "--data-dir",
        dir.path,
        "--from",
        net.publicInstance,
        "--to",
        "8.8.8.8",
        "--tcp",
        "443",
        "--json",
      ]);
      expect(offline.code).toBe(0);
      const trace = JSON.parse(offline.stdout) as Trace;
      expect(trace.verdict).toBe("reachable");
      expect(trace.forward.hops.map((h) => h.component.id)).toContain(net.igw);

      const missing = await vpcsimTrace([
        "--data-dir",
        `${dir.path}/nothing`,
        "--from",
        net.publicInstance,
        "--to",
        "8.8.8.8",
        "--tcp",
        "1",
      ]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/No vpcsim state in/);
    } finally {
      dir.remove();
    }
  });
});
