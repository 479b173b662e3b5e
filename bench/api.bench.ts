/**
 * API throughput and latency of the built server (`dist/`), in its own process with SQLite, driven
 * from this process by a raw HTTP client (undici, pre-encoded bodies) so that the client is not the
 * bottleneck. Prints one JSON document.
 *
 * Measures: time from spawn to the first healthy answer; for each operation, requests/s and
 * p50/p99 latency at concurrency 1 and 16; the server's RSS after the run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";

const DURATION_MS = Number(process.env.BENCH_MILLIS ?? 3000);
/** Requests of each kind sent before measuring, so that samples do not measure the JIT warming up. */
const WARMUP_REQUESTS = 2000;
const REGION = "us-east-1";
const ACCOUNT_MAIN = "111111111111";
const ACCOUNT_200 = "222222222222";
const ACCOUNT_DESCRIBE = "333333333333";
/** Enough VPCs and tables that no VPC or table grows past AWS's largest quotas during a run. */
const WORK_VPCS = 512;
const WORK_TABLES = 2048;

function authorization(account: string): string {
  return `AWS4-HMAC-SHA256 Credential=${account}/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`;
}

function form(params: Record<string, string>): string {
  return new URLSearchParams({ Version: "2016-11-15", ...params }).toString();
}

interface Sample {
  readonly operation: string;
  readonly concurrency: number;
  readonly requests: number;
  readonly errors: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

async function waitHealthy(port: number, started: number, child: ChildProcess): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/_vpcsim/health`);
      if (response.ok) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

class Client {
  readonly pool: Pool;
  constructor(port: number) {
    this.pool = new Pool(`http://127.0.0.1:${port}`, { connections: 32, pipelining: 1 });
  }

  async call(body: string, account: string): Promise<{ status: number; text: string }> {
    const response = await this.pool.request({
      path: "/",
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: authorization(account) },
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  /** Runs `bodies` (cycled) at `concurrency` for DURATION_MS, or until they run out when `once`. */
  async run(
    operation: string,
    bodies: readonly string[],
    concurrency: number,
    account: string,
    once = false,
  ): Promise<Sample> {
    const latencies: number[] = [];
    let errors = 0;
    let next = 0;
    const deadline = performance.now() + DURATION_MS;
    const worker = async () => {
      for (;;) {
        if (performance.now() > deadline) return;
        if (once && next >= bodies.length) return;
        const body = bodies[next++ % bodies.length]!;
        const t0 = performance.now();
        const response = await this.pool.request({
          path: "/",
          method: "POST",
          body,
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            authorization: authorization(account),
          },
        });
        await response.body.dump();
        latencies.push(performance.now() - t0);
        if (response.statusCode !== 200) errors++;
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = performance.now() - t0;
    const sorted = Float64Array.from(latencies).sort();
    return {
      operation,
      concurrency,
      requests: latencies.length,
      errors,
      requestsPerSecond: Math.round((latencies.length / elapsed) * 1000),
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
    };
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function idOf(xml: string, tag: string): string {
  const match = new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml);
  if (!match) throw new Error(`no <${tag}> in ${xml.slice(0, 300)}`);
  return match[1]!;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return Math.round(kb / 102.4) / 10;
}

export async function runApiBench(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), "vpcsim-bench-"));
  const port = 40000 + Math.floor(Math.random() * 20000);
  const big = "1000000000";
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      "dist/vpcsim.mjs",
      "serve",
      "--port",
      String(port),
      "--data-dir",
      dataDir,
      "--log-level",
      "silent",
      "--no-default-vpc",
      ...[
        "vpcsPerRegion",
        "subnetsPerVpc",
        "routeTablesPerVpc",
        "routesPerRouteTable",
        "internetGatewaysPerRegion",
      ].flatMap((q) => ["--quota", `${q}=${big}`]),
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  try {
    const readyMs = await waitHealthy(port, started, child);
    const client = new Client(port);
    const samples: Sample[] = [];

    // 200 VPCs in their own account, for DescribeVpcs.
    for (let i = 0; i < 200; i++) {
      await client.call(form({ Action: "CreateVpc", CidrBlock: `10.${i}.0.0/16` }), ACCOUNT_200);
    }
    // VPCs with a realistic 8 subnets each, for DescribeSubnets filtered by vpc-id.
    const describeVpcs: string[] = [];
    for (let i = 0; i < 64; i++) {
      const { text } = await client.call(
        form({ Action: "CreateVpc", CidrBlock: "10.0.0.0/16" }),
        ACCOUNT_DESCRIBE,
      );
      const vpcId = idOf(text, "vpcId");
      describeVpcs.push(vpcId);
      for (let s = 0; s < 8; s++) {
        await client.call(
          form({ Action: "CreateSubnet", VpcId: vpcId, CidrBlock: `10.0.${s}.0/24` }),
          ACCOUNT_DESCRIBE,
        );
      }
    }
    // Work VPCs that receive the subnets, route tables and routes created below.
    const vpcs: string[] = [];
    for (let i = 0; i < WORK_VPCS; i++) {
      const { text } = await client.call(
        form({ Action: "CreateVpc", CidrBlock: "10.0.0.0/16" }),
        ACCOUNT_MAIN,
      );
      vpcs.push(idOf(text, "vpcId"));
    }
    const igwIds: string[] = [];
    for (const vpcId of vpcs) {
      const { text } = await client.call(form({ Action: "CreateInternetGateway" }), ACCOUNT_MAIN);
      const igw = idOf(text, "internetGatewayId");
      await client.call(
        form({ Action: "AttachInternetGateway", InternetGatewayId: igw, VpcId: vpcId }),
        ACCOUNT_MAIN,
      );
      igwIds.push(igw);
    }
    const tables: { id: string; igw: string }[] = [];
    for (let t = 0; t < WORK_TABLES; t++) {
      const v = t % vpcs.length;
      const { text } = await client.call(form({ Action: "CreateRouteTable", VpcId: vpcs[v]! }), ACCOUNT_MAIN);
      tables.push({ id: idOf(text, "routeTableId"), igw: igwIds[v]! });
    }

    // Pre-encoded bodies, each used once: /28 subnets spread over the work VPCs, routes spread
    // over the work tables.
    const subnetBodies: string[] = [];
    for (let n = 0; n < 256; n++) {
      for (const vpcId of vpcs) {
        subnetBodies.push(
          form({ Action: "CreateSubnet", VpcId: vpcId, CidrBlock: `10.0.${n >> 4}.${(n & 15) << 4}/28` }),
        );
      }
    }
    const routeBodies: string[] = [];
    for (let n = 0; n < 150; n++) {
      for (const table of tables) {
        routeBodies.push(
          form({
            Action: "CreateRoute",
            RouteTableId: table.id,
            DestinationCidrBlock: `${100 + n}.0.0.0/8`,
            GatewayId: table.igw,
          }),
        );
      }
    }
    let subnetCursor = 0;
    let routeCursor = 0;
    const take = (bodies: string[], from: number, count: number) => bodies.slice(from, from + count);

    // Warm-up, not measured: every operation of the workload, at concurrency 16.
    const warm = async (bodies: readonly string[], account: string) => {
      const sample = await client.run("warm-up", bodies.slice(0, WARMUP_REQUESTS), 16, account, true);
      return sample.requests;
    };
    await warm(
      Array.from({ length: WARMUP_REQUESTS }, () => form({ Action: "CreateVpc", CidrBlock: "10.0.0.0/16" })),
      ACCOUNT_MAIN,
    );
    subnetCursor += await warm(subnetBodies.slice(subnetCursor), ACCOUNT_MAIN);
    await warm(
      Array.from({ length: WARMUP_REQUESTS }, () => form({ Action: "DescribeVpcs" })),
      ACCOUNT_200,
    );
    await warm(
      Array.from({ length: WARMUP_REQUESTS }, (_, i) =>
        form({
          Action: "DescribeSubnets",
          "Filter.1.Name": "vpc-id",
          "Filter.1.Value.1": describeVpcs[i % describeVpcs.length]!,
        }),
      ),
      ACCOUNT_DESCRIBE,
    );
    await warm(
      Array.from({ length: WARMUP_REQUESTS }, (_, i) =>
        form({ Action: "CreateRouteTable", VpcId: vpcs[i % vpcs.length]! }),
      ),
      ACCOUNT_MAIN,
    );
    routeCursor += await warm(routeBodies.slice(routeCursor), ACCOUNT_MAIN);

    for (const concurrency of [1, 16]) {
      samples.push(
        await client.run(
          "CreateVpc",
          [form({ Action: "CreateVpc", CidrBlock: "10.0.0.0/16" })],
          concurrency,
          ACCOUNT_MAIN,
        ),
      );
      const subnets = take(subnetBodies, subnetCursor, 60_000);
      const subnetSample = await client.run("CreateSubnet", subnets, concurrency, ACCOUNT_MAIN, true);
      subnetCursor += subnetSample.requests;
      samples.push(subnetSample);
      samples.push(
        await client.run(
          "DescribeVpcs (200 VPCs)",
          [form({ Action: "DescribeVpcs" })],
          concurrency,
          ACCOUNT_200,
        ),
      );
      samples.push(
        await client.run(
          "DescribeSubnets vpc-id filter",
          describeVpcs.map((vpcId) =>
            form({ Action: "DescribeSubnets", "Filter.1.Name": "vpc-id", "Filter.1.Value.1": vpcId }),
          ),
          concurrency,
          ACCOUNT_DESCRIBE,
        ),
      );
      samples.push(
        await client.run(
          "CreateRouteTable",
          vpcs.map((vpcId) => form({ Action: "CreateRouteTable", VpcId: vpcId })),
          concurrency,
          ACCOUNT_MAIN,
        ),
      );
      const routes = take(routeBodies, routeCursor, 200_000);
      const routeSample = await client.run("CreateRoute", routes, concurrency, ACCOUNT_MAIN, true);
      routeCursor += routeSample.requests;
      samples.push(routeSample);
    }
    const rss = rssMb(child.pid!);
    await client.pool.close();
    return { readyMs: round(readyMs), serverRssMbAfterRun: rss, durationPerSampleMs: DURATION_MS, samples };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
