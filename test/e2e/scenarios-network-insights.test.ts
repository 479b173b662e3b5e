/**
 * Every data-plane scenario fixture (`test/fixtures/scenarios/*.json`, see scenarios.test.ts for
 * their format) again, through AWS's Reachability Analyzer API with `@aws-sdk/client-ec2`: the
 * network is built the same way, the fixture's packet becomes a Network Insights path (source and
 * destination resources, FilterAtSource addresses and ports), an analysis is started and polled
 * until it leaves `running` (the SDK has no waiter for it), and `NetworkPathFound`, the explanation
 * codes, and the ids of the forward and return path components must match the fixture's hops.
 *
 * Reachability Analyzer analyses TCP and UDP only: for an ICMP fixture, AWS's API refuses the path.
 */
import * as ec2sdk from "@aws-sdk/client-ec2";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Trace } from "../../src/dataplane/types.js";
import type { RunningServer } from "../../src/server/server.js";
import {
  loadScenario,
  type Scenario,
  ScenarioBuilder,
  scenarioAccounts,
  scenarioFiles,
  substitute,
} from "./scenario-support.js";
import { sdkErrorCode, startTestServer } from "./support.js";

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({
    quotas: { vpcsPerRegion: 20, elasticIpsPerRegion: 20, internetGatewaysPerRegion: 20 },
  });
});
afterAll(async () => {
  await server.close();
});

const PSEUDO = new Set([
  "internet",
  "on-premises",
  "aws-service",
  "amazon-dns",
  "instance-metadata",
  "time-sync",
  "vpc-router",
]);

/** The component ids AWS lists for a fixture's hops: resources that passed the packet on. */
function expectedComponents(hops: readonly string[], vars: Map<string, string>): string[] {
  const ids: string[] = [];
  for (const hop of hops) {
    const [component, action] = hop.split(" ");
    const colon = component!.indexOf(":");
    const type = component!.slice(0, colon);
    const id = component!.slice(colon + 1);
    if (PSEUDO.has(type) || action === "deny" || action === "drop") continue;
    ids.push(id.startsWith("$") ? vars.get(id.slice(1))! : id);
  }
  return ids;
}

const firstOf = (trace: Trace, type: string): string | undefined =>
  [...trace.forward.hops, ...(trace.return?.hops ?? [])].find((h) => h.component.type === type)?.component.id;
const anyVar = (vars: Map<string, string>, prefix: string): string | undefined =>
  [...vars.values()].find((v) => v.startsWith(`${prefix}-`));

/** The Network Insights path that asks what the fixture's trace asks. */
function pathInput(
  scenario: Scenario,
  trace: Trace,
  vars: Map<string, string>,
): ec2sdk.CreateNetworkInsightsPathRequest {
  const body = substitute(scenario.trace, vars) as Record<string, unknown>;
  const from = String(body.from);
  const port = Number(body.port);
  const sourcePort = body.sourcePort !== undefined ? Number(body.sourcePort) : undefined;
  const filter: ec2sdk.PathRequestFilter = {
    DestinationAddress: trace.to.address,
    DestinationPortRange: { FromPort: port, ToPort: port },
    ...(sourcePort !== undefined ? { SourcePortRange: { FromPort: sourcePort, ToPort: sourcePort } } : {}),
  };
  let source: string;
  if (from.startsWith("internet:")) {
    source = firstOf(trace, "internet-gateway") ?? anyVar(vars, "igw")!;
    filter.SourceAddress = from.slice("internet:".length);
  } else if (from.startsWith("onprem:")) {
    source = firstOf(trace, "vpn-gateway") ?? anyVar(vars, "vgw")!;
    filter.SourceAddress = from.slice("onprem:".length);
  } else {
    source = trace.from.component.id;
    filter.SourceAddress = trace.from.address;
  }
  const to = trace.to.component;
  let destination: string | undefined;
  // "If the resource is in another account, you must specify an ARN."
  if (to.type === "instance" || to.type === "network-interface")
    destination = to.account !== undefined && to.account !== vars.get("account") ? to.arn : to.id;
  else if (to.type === "internet") destination = firstOf(trace, "internet-gateway");
  else if (to.type === "on-premises") destination = firstOf(trace, "vpn-gateway") ?? anyVar(vars, "vgw");
  return {
    Source: source,
    ...(destination !== undefined ? { Destination: destination } : {}),
    // Cast: the fixture may name a protocol (icmp) that the API's enum refuses, on purpose.
    Protocol: String(body.protocol) as ec2sdk.Protocol,
    FilterAtSource: filter,
  };
}

describe("scenario fixtures through the Network Insights API", () => {
  it("covers every fixture", () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(40);
  });

  scenarioFiles.forEach((file, index) => {
    it(file.replace(/\.json$/, ""), async () => {
      const scenario = loadScenario(file);
      const accounts = scenarioAccounts(index);
      const builder = new ScenarioBuilder(accounts, server.endpoint);
      const ec2 = builder.ec2(accounts.main);
      try {
        await builder.build(scenario);
        const vars = builder.vars;
        const body = substitute({ account: accounts.main, ...scenario.trace }, vars);
        const response = await request(`${server.endpoint}/_vpcsim/trace`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const trace = JSON.parse(await response.body.text()) as Trace;
        const input = pathInput(scenario, trace, vars);
        if (input.Protocol !== "tcp" && input.Protocol !== "udp") {
          // Reachability Analyzer's protocols are tcp and udp.
          expect(await sdkErrorCode(ec2.send(new ec2sdk.CreateNetworkInsightsPathCommand(input)))).toBe(
            "InvalidParameterValue",
          );
          return;
        }
        const { NetworkInsightsPath } = await ec2.send(new ec2sdk.CreateNetworkInsightsPathCommand(input));
        const started = await ec2.send(
          new ec2sdk.StartNetworkInsightsAnalysisCommand({
            NetworkInsightsPathId: NetworkInsightsPath!.NetworkInsightsPathId!,
          }),
        );
        const id = started.NetworkInsightsAnalysis!.NetworkInsightsAnalysisId!;
        let analysis: ec2sdk.NetworkInsightsAnalysis | undefined;
        for (let attempt = 0; attempt < 10 && analysis?.Status !== "succeeded"; attempt++) {
          analysis = (
            await ec2.send(
              new ec2sdk.DescribeNetworkInsightsAnalysesCommand({ NetworkInsightsAnalysisIds: [id] }),
            )
          ).NetworkInsightsAnalyses![0];
        }
        expect(analysis?.Status, analysis?.StatusMessage).toBe("succeeded");
        const reachable = scenario.expect.verdict === "reachable";
        expect({
          found: analysis!.NetworkPathFound,
          explanations: (analysis!.Explanations ?? []).map((e) => e.ExplanationCode),
          forward: (analysis!.ForwardPathComponents ?? []).map((c) => c.Component?.Id),
          return: (analysis!.ReturnPathComponents ?? []).map((c) => c.Component?.Id),
        }).toEqual({
          found: reachable,
          explanations: reachable ? [] : (scenario.expect.explanations ?? []),
          forward: expectedComponents(scenario.expect.forward, vars),
          return: reachable ? expectedComponents(scenario.expect.return ?? [], vars) : [],
        });
        expect((analysis!.ForwardPathComponents ?? []).map((c) => c.SequenceNumber)).toEqual(
          (analysis!.ForwardPathComponents ?? []).map((_c, i) => i + 1),
        );
      } finally {
        builder.close();
      }
    });
  });
});
