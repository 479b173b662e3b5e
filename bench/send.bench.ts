/**
 * The `send` simulation and Reachability Analyzer, measured in this process:
 * - flow evaluations per second through the library API (`TrafficSimulator.send`) with connection
 *   tracking and flow-log aggregation on: the tutorial network, a flow log on its VPC, TCP flows
 *   between the public and the private instance on 1,000 source ports, sent again and again (the
 *   first round traces, later rounds reuse the traces until the network changes); each flow is
 *   recorded on every interface it crosses (both instances', forward and return); then the same
 *   flows kept open, so that each also refreshes its tracked connection on both interfaces;
 * - Network Insights analysis latency through the API (SDK v3 against an in-process server):
 *   CreateNetworkInsightsPath + StartNetworkInsightsAnalysis + DescribeNetworkInsightsAnalyses
 *   until it succeeded, p50/p99.
 * Nothing here asserts a time.
 */
import {
  CreateFlowLogsCommand,
  CreateNetworkInsightsPathCommand,
  DescribeInstancesCommand,
  DescribeNetworkInsightsAnalysesCommand,
  EC2Client,
  StartNetworkInsightsAnalysisCommand,
} from "@aws-sdk/client-ec2";
import { startServer } from "../src/server/server.js";
import { buildTutorialNetwork } from "../test/e2e/tutorial-network.js";

const DURATION_MS = Number(process.env.BENCH_MILLIS ?? 3000);
const ACCOUNT = "444444444444";
const PORTS = 1000;
const ANALYSES = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function runSendBench(): Promise<Record<string, unknown>> {
  const server = await startServer({ port: 0, inMemory: true, defaultVpc: false, logLevel: "silent" });
  const ec2 = new EC2Client({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: "bench" },
    maxAttempts: 1,
  });
  try {
    const net = await buildTutorialNetwork(ec2);
    await ec2.send(
      new CreateFlowLogsCommand({
        ResourceIds: [net.vpc],
        ResourceType: "VPC",
        TrafficType: "ALL",
        LogGroupName: "bench-flows",
        DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/flow-logs`,
      }),
    );
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: [net.privateInstance] }),
    );
    const target = Reservations![0]!.Instances![0]!.PrivateIpAddress!;

    // ---- flow evaluations -------------------------------------------------------------------
    const request = {
      from: { kind: "instance", id: net.publicInstance } as const,
      to: { kind: "address", address: target } as const,
      protocol: 6,
      destinationPort: 443,
      count: PORTS,
      account: ACCOUNT,
    };
    const firstStarted = performance.now();
    server.traffic.send(request);
    const firstRoundMs = performance.now() - firstStarted;
    for (let i = 0; i < 20; i++) server.traffic.send(request); // warm-up
    let flows = 0;
    const started = performance.now();
    while (performance.now() - started < DURATION_MS) {
      server.traffic.send(request);
      flows += PORTS;
    }
    const elapsed = performance.now() - started;
    const flowEvaluationsPerSecond = Math.round((flows / elapsed) * 1000);

    // The same flows kept open: every flow refreshes its tracked connection on both interfaces.
    const open = { ...request, keepOpen: true };
    for (let i = 0; i < 20; i++) server.traffic.send(open);
    let openFlows = 0;
    const openStarted = performance.now();
    while (performance.now() - openStarted < DURATION_MS) {
      server.traffic.send(open);
      openFlows += PORTS;
    }
    const keepOpenPerSecond = Math.round((openFlows / (performance.now() - openStarted)) * 1000);

    // ---- Network Insights latency -----------------------------------------------------------
    const latencies: number[] = [];
    for (let i = 0; i < ANALYSES; i++) {
      const t0 = performance.now();
      const { NetworkInsightsPath } = await ec2.send(
        new CreateNetworkInsightsPathCommand({
          Source: net.publicInstance,
          Destination: net.privateInstance,
          Protocol: "tcp",
          DestinationPort: 443,
        }),
      );
      const { NetworkInsightsAnalysis } = await ec2.send(
        new StartNetworkInsightsAnalysisCommand({
          NetworkInsightsPathId: NetworkInsightsPath!.NetworkInsightsPathId!,
        }),
      );
      for (;;) {
        const { NetworkInsightsAnalyses } = await ec2.send(
          new DescribeNetworkInsightsAnalysesCommand({
            NetworkInsightsAnalysisIds: [NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!],
          }),
        );
        if (NetworkInsightsAnalyses![0]!.Status !== "running") break;
      }
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    return {
      flows: {
        flowEvaluationsPerSecond,
        keptOpenFlowEvaluationsPerSecond: keepOpenPerSecond,
        firstRoundMs: Math.round(firstRoundMs * 100) / 100,
        distinctFlows: PORTS,
        trackedConnections: server.traffic.connections.connections().length,
      },
      networkInsights: {
        analyses: ANALYSES,
        p50Ms: Math.round(percentile(latencies, 50) * 100) / 100,
        p99Ms: Math.round(percentile(latencies, 99) * 100) / 100,
      },
    };
  } finally {
    ec2.destroy();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await runSendBench(), null, 2)}\n`);
}
