/**
 * The data plane's scenario fixtures (`test/fixtures/scenarios/*.json`): each builds a network
 * through the EC2 API with `@aws-sdk/client-ec2` (and Direct Connect through its JSON protocol),
 * then traces one packet through `POST /_vpcsim/trace` and compares every hop of the forward and
 * the return path, the verdict and the explanation codes with the fixture.
 *
 * A fixture:
 * - `networks`: base networks (`networks/<name>.json`) whose steps run first;
 * - `steps`: EC2 (or `"service": "directconnect"`) calls; `$name` in an input is a value saved by
 *   an earlier step's `save` (a dot path into the response); `"account": "peer"` runs a step as a
 *   second account, `"region"` in another region;
 * - `trace`: the `POST /_vpcsim/trace` body (with `$names`);
 * - `expect`: the verdict, the explanation codes, and the hops as `type:id action [direction]`
 *   followed by the deciding rule (`#100` an ACL rule, `*` the final deny, `tcp 443-443 0.0.0.0/0`
 *   a security-group rule, `tracked` connection tracking, `10.0.0.0/16 -> local` a route) and
 *   `!CODE` for the hop that dropped; ids print as the `$name` they were saved under.
 *
 * Each fixture runs in its own account, so scenarios never see each other's resources.
 */
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hop, PathResult, Trace } from "../../src/dataplane/types.js";
import type { RunningServer } from "../../src/server/server.js";
import {
  loadScenario,
  ScenarioBuilder,
  scenarioAccounts,
  scenarioFiles,
  substitute,
} from "./scenario-support.js";
import { startTestServer } from "./support.js";

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({
    quotas: { vpcsPerRegion: 20, elasticIpsPerRegion: 20, internetGatewaysPerRegion: 20 },
  });
});
afterAll(async () => {
  await server.close();
});

function rule(hop: Hop): string {
  if (hop.aclRule) return hop.aclRule.implicit ? "*" : `#${hop.aclRule.ruleNumber}`;
  if (hop.connectionTracked) return "tracked";
  const r = hop.securityGroupRule;
  if (r) {
    const range = r.portRange ? ` ${r.portRange.from}-${r.portRange.to}` : "";
    return `${r.protocol}${range} ${r.cidr ?? r.prefixListId ?? r.referencedGroupId}`;
  }
  if (hop.route) return `${hop.route.destination} -> ${hop.route.target.id}`;
  return "";
}

/** A hop as fixtures spell it, ids replaced by the names they were saved under. */
function render(hop: Hop, names: Map<string, string>): string {
  const name = (id: string) => names.get(id) ?? id;
  const parts = [`${hop.component.type}:${name(hop.component.id)}`, hop.action];
  if (hop.direction) parts.push(hop.direction);
  const decided = rule(hop);
  if (decided) parts.push(decided.split(" ").map(name).join(" "));
  if (hop.explanation) parts.push(`!${hop.explanation.code}`);
  return parts.join(" ");
}

function renderPath(path: PathResult | undefined, names: Map<string, string>): string[] | null {
  return path ? path.hops.map((h) => render(h, names)) : null;
}

describe("scenario fixtures", () => {
  it("has at least 40 of them", () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(40);
  });

  scenarioFiles.forEach((file, index) => {
    it(file.replace(/\.json$/, ""), async () => {
      const scenario = loadScenario(file);
      const accounts = scenarioAccounts(index);
      const runner = new ScenarioBuilder(accounts, server.endpoint);
      try {
        await runner.build(scenario);
        const body = substitute({ account: accounts.main, ...scenario.trace }, runner.vars);
        const response = await request(`${server.endpoint}/_vpcsim/trace`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        const text = await response.body.text();
        expect(response.statusCode, text).toBe(200);
        const trace = JSON.parse(text) as Trace;
        const names = new Map([...runner.vars].map(([name, value]) => [value, `$${name}`]));
        const actual = {
          verdict: trace.verdict,
          explanations: trace.explanations.map((e) => e.code),
          forward: renderPath(trace.forward, names),
          return: renderPath(trace.return, names),
        };
        expect(actual).toEqual({
          verdict: scenario.expect.verdict,
          explanations: scenario.expect.explanations ?? [],
          forward: scenario.expect.forward,
          return: scenario.expect.return ?? null,
        });
      } finally {
        runner.close();
      }
    });
  });
});
