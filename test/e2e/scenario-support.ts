/**
 * What the two scenario suites share (scenarios.test.ts documents the fixture format): the
 * fixtures, `$name` substitution, and building a fixture's network through the SDKs as the
 * fixture's account (and its peer account).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as dxsdk from "@aws-sdk/client-direct-connect";
import * as ec2sdk from "@aws-sdk/client-ec2";

export const SCENARIO_DIR = join(import.meta.dirname, "..", "fixtures", "scenarios");

export interface Step {
  readonly call: string;
  readonly service?: "ec2" | "directconnect";
  readonly input?: unknown;
  readonly save?: Readonly<Record<string, string>>;
  readonly account?: "main" | "peer";
  readonly region?: string;
}

export interface Scenario {
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

export interface ScenarioAccounts {
  readonly main: string;
  readonly peer: string;
}

/** The fixture files, sorted. */
export const scenarioFiles: readonly string[] = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();

export function loadScenario(file: string): Scenario {
  return JSON.parse(readFileSync(join(SCENARIO_DIR, file), "utf8")) as Scenario;
}

/** Each fixture runs in accounts of its own, so scenarios never see each other's resources. */
export function scenarioAccounts(index: number): ScenarioAccounts {
  return { main: String(100000000000 + index), peer: String(200000000000 + index) };
}

/** Replaces `$name` in every string of `value` with the saved value of that name. */
export function substitute(value: unknown, vars: ReadonlyMap<string, string>): unknown {
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
  for (const part of path.split(".")) current = (current as Record<string, unknown> | undefined)?.[part];
  if (typeof current !== "string") throw new Error(`no string at ${path} in ${JSON.stringify(response)}`);
  return current;
}

/** One SDK client per account and region, made on first use, as the account, without retries. */
function cachedClient<C>(
  clients: Map<string, C>,
  endpoint: string,
  account: string,
  region: string,
  make: (config: {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  }) => C,
): C {
  const key = `${account}/${region}`;
  let client = clients.get(key);
  if (client === undefined) {
    client = make({
      endpoint,
      region,
      credentials: { accessKeyId: account, secretAccessKey: "test" },
      maxAttempts: 1,
    });
    clients.set(key, client);
  }
  return client;
}

/** Runs the steps of a fixture's base networks, then its own, through the SDKs. */
export class ScenarioBuilder {
  readonly vars = new Map<string, string>();
  readonly #ec2 = new Map<string, ec2sdk.EC2Client>();
  readonly #dx = new Map<string, dxsdk.DirectConnectClient>();

  constructor(
    readonly accounts: ScenarioAccounts,
    readonly endpoint: string,
  ) {
    this.vars.set("account", accounts.main);
    this.vars.set("peerAccount", accounts.peer);
  }

  ec2(account: string, region = "us-east-1"): ec2sdk.EC2Client {
    return cachedClient(this.#ec2, this.endpoint, account, region, (config) => new ec2sdk.EC2Client(config));
  }

  #dxClient(account: string, region: string): dxsdk.DirectConnectClient {
    return cachedClient(
      this.#dx,
      this.endpoint,
      account,
      region,
      (config) => new dxsdk.DirectConnectClient(config),
    );
  }

  async build(scenario: Scenario): Promise<void> {
    for (const network of scenario.networks ?? []) {
      const { steps } = JSON.parse(
        readFileSync(join(SCENARIO_DIR, "networks", `${network}.json`), "utf8"),
      ) as { steps: Step[] };
      for (const step of steps) await this.run(step);
    }
    for (const step of scenario.steps ?? []) await this.run(step);
  }

  async run(step: Step): Promise<void> {
    const account = this.accounts[step.account ?? "main"];
    const region = step.region ?? "us-east-1";
    const input = substitute(step.input ?? {}, this.vars);
    let response: unknown;
    const sdk = (step.service === "directconnect" ? dxsdk : ec2sdk) as unknown as Record<
      string,
      new (
        input: unknown,
      ) => unknown
    >;
    const Command = sdk[`${step.call}Command`];
    if (!Command) throw new Error(`no SDK command ${step.call}`);
    response =
      step.service === "directconnect"
        ? await this.#dxClient(account, region).send(new Command(input) as never)
        : await this.ec2(account, region).send(new Command(input) as never);
    for (const [name, path] of Object.entries(step.save ?? {})) this.vars.set(name, pick(response, path));
  }

  close(): void {
    for (const c of this.#ec2.values()) c.destroy();
    for (const c of this.#dx.values()) c.destroy();
  }
}
