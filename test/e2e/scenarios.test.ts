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
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as ec2sdk from "@aws-sdk/client-ec2";
import DirectConnect from "aws-sdk/clients/directconnect.js";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hop, PathResult, Trace } from "../../src/dataplane/types.js";
import type { RunningServer } from "../../src/server/server.js";
import { startTestServer } from "./support.js";

const DIR = join(import.meta.dirname, "..", "fixtures", "scenarios");

interface Step {
  readonly call: string;
  readonly service?: "ec2" | "directconnect";
  readonly input?: unknown;
  readonly save?: Readonly<Record<string, string>>;
  readonly account?: "main" | "peer";
  readonly region?: string;
}

interface Scenario {
  readonly description: string;
  readonly networks?: readonly string[];
  readonly steps?: readonly Step[];
  readonly trace: Readonly<Record<string, unknown>>;
  readonly expect: {
    readonly verdict: "reachable" | "unreachable";
    readonly explanations?: readonly string[];
    readonly forward: readonly string[];
    /** Hops of the return path; `null` when there is none (the forward packet was dropped). */
    readonly return?: readonly string[] | null;
  };
}

const scenarioFiles = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

function load<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

let server: RunningServer;

beforeAll(async () => {
  server = await startTestServer({
    quotas: { vpcsPerRegion: 20, elasticIpsPerRegion: 20, internetGatewaysPerRegion: 20 },
  });
});
afterAll(async () => {
  await server.close();
});

function substitute(value: unknown, vars: Map<string, string>): unknown {
  if (typeof value === "string") {
    return value.replace(/\$([A-Za-z][A-Za-z0-9_]*)/g, (_, name: string) => {
      const v = vars.get(name);
      if (v === undefined) throw new Error(`unknown variable $${name}`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  }
  return value;
}

function pick(response: unknown, path: string): string {
  let current: unknown = response;
  for (const part of path.split(".")) {
    current = (current as Record<string, unknown> | undefined)?.[part];
  }
  if (typeof current !== "string") throw new Error(`no string at ${path} in ${JSON.stringify(response)}`);
  return current;
}

class Runner {
  readonly vars = new Map<string, string>();
  readonly #ec2 = new Map<string, ec2sdk.EC2Client>();
  readonly #dx = new Map<string, DirectConnect>();

  constructor(
    readonly accounts: { readonly main: string; readonly peer: string },
    readonly endpoint: string,
  ) {}

  ec2(account: string, region: string): ec2sdk.EC2Client {
    const key = `${account}/${region}`;
    let client = this.#ec2.get(key);
    if (!client) {
      client = new ec2sdk.EC2Client({
        endpoint: this.endpoint,
        region,
        credentials: { accessKeyId: account, secretAccessKey: "test" },
        maxAttempts: 1,
      });
      this.#ec2.set(key, client);
    }
    return client;
  }

  dx(account: string, region: string): DirectConnect {
    const key = `${account}/${region}`;
    let client = this.#dx.get(key);
    if (!client) {
      client = new DirectConnect({
        endpoint: this.endpoint,
        region,
        credentials: { accessKeyId: account, secretAccessKey: "test" },
        maxRetries: 0,
      });
      this.#dx.set(key, client);
    }
    return client;
  }

  async run(step: Step): Promise<void> {
    const account = this.accounts[step.account ?? "main"];
    const region = step.region ?? "us-east-1";
    const input = substitute(step.input ?? {}, this.vars);
    let response: unknown;
    if (step.service === "directconnect") {
      const client = this.dx(account, region) as unknown as Record<
        string,
        (input: unknown) => { promise(): Promise<unknown> }
      >;
      const method = step.call.charAt(0).toLowerCase() + step.call.slice(1);
      response = await client[method]!.call(client, input).promise();
    } else {
      const Command = (ec2sdk as unknown as Record<string, new (input: unknown) => unknown>)[
        `${step.call}Command`
      ];
      if (!Command) throw new Error(`no SDK command ${step.call}`);
      response = await this.ec2(account, region).send(new Command(input) as never);
    }
    for (const [name, path] of Object.entries(step.save ?? {})) this.vars.set(name, pick(response, path));
  }

  close(): void {
    for (const c of this.#ec2.values()) c.destroy();
  }
}

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
      const scenario = load<Scenario>(join(DIR, file));
      const accounts = { main: String(100000000000 + index), peer: String(200000000000 + index) };
      const runner = new Runner(accounts, server.endpoint);
      runner.vars.set("account", accounts.main);
      runner.vars.set("peerAccount", accounts.peer);
      try {
        for (const network of scenario.networks ?? []) {
          for (const step of load<{ steps: Step[] }>(join(DIR, "networks", `${network}.json`)).steps) {
            await runner.run(step);
          }
        }
        for (const step of scenario.steps ?? []) await runner.run(step);
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
