/**
 * `vpcsim trace`: one packet through the network of a running server (through its
 * `POST /_vpcsim/trace`) or of a data directory no server holds. Prints every hop of the forward
 * and the return path, the rule that decided, and the verdict; `--json` prints the Trace.
 * Exit status: 0 reachable, 1 unreachable, 2 an error. No side effects.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import { traceInStore } from "../api/dataplane.js";
import { formatTrace } from "../dataplane/format.js";
import { type Trace, TraceInputError } from "../dataplane/types.js";
import { RESOURCE_SCHEMA, type Resources } from "../model/kinds.js";
import { DEFAULT_DATA_DIR, DEFAULT_HOST, DEFAULT_PORT } from "../server/server.js";
import { TRACE_PATH } from "../server/trace-route.js";
import { openSqliteStore } from "../store/sqlite-store.js";

export const DEFAULT_ENDPOINT = `http://${DEFAULT_HOST}:${DEFAULT_PORT}`;

function parsePortArgument(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("not a port number (0-65535)");
  return port;
}

function parseIcmpArgument(value: string | true): { type?: number; code?: number } {
  if (value === true) return {};
  const match = /^(\d{1,3})(?::(\d{1,3}))?$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected TYPE or TYPE:CODE");
  return { type: Number(match[1]), ...(match[2] !== undefined ? { code: Number(match[2]) } : {}) };
}

/** What the options of `addPacketOptions` parse to. */
export interface PacketCliOptions {
  readonly from: string;
  readonly to: string;
  readonly tcp?: number;
  readonly udp?: number;
  readonly icmp?: string | true;
  readonly icmpv6?: string | true;
  readonly sourcePort?: number;
  readonly region?: string;
  readonly account?: string;
}

interface TraceCliOptions extends PacketCliOptions {
  readonly through?: string;
  readonly json?: boolean;
  readonly dataDir?: string;
  readonly endpoint?: string;
}

/** The JSON body of `POST /_vpcsim/trace` for the command's options. */
export function traceRequestBody(opts: TraceCliOptions): Record<string, unknown> {
  const chosen = [opts.tcp, opts.udp, opts.icmp, opts.icmpv6].filter((v) => v !== undefined);
  if (chosen.length !== 1)
    throw new TraceInputError(
      "InvalidParameterCombination",
      "Give exactly one of --tcp, --udp, --icmp, --icmpv6.",
    );
  const body: Record<string, unknown> = { from: opts.from, to: opts.to };
  if (opts.tcp !== undefined) Object.assign(body, { protocol: "tcp", port: opts.tcp });
  else if (opts.udp !== undefined) Object.assign(body, { protocol: "udp", port: opts.udp });
  else {
    const icmp = parseIcmpArgument((opts.icmp ?? opts.icmpv6)!);
    Object.assign(body, {
      protocol: opts.icmp !== undefined ? "icmp" : "icmpv6",
      ...(icmp.type !== undefined ? { icmpType: icmp.type } : {}),
      ...(icmp.code !== undefined ? { icmpCode: icmp.code } : {}),
    });
  }
  if (opts.sourcePort !== undefined) body.sourcePort = opts.sourcePort;
  if (opts.region !== undefined) body.region = opts.region;
  if (opts.account !== undefined) body.account = opts.account;
  if (opts.through !== undefined) body.through = opts.through;
  return body;
}

class CliError extends Error {}

async function traceThroughServer(endpoint: string, body: Record<string, unknown>): Promise<Trace> {
  const response = await fetch(new URL(TRACE_PATH, endpoint), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${endpoint} answered HTTP ${response.status} without JSON: is it a vpcsim server?`);
  }
  if (!response.ok) {
    const error = json as { __type?: string; message?: string };
    throw new CliError(`${error.__type ?? `HTTP ${response.status}`}: ${error.message ?? text}`);
  }
  return json as Trace;
}

function traceInDataDir(dataDir: string, body: Record<string, unknown>): Trace {
  const path = join(dataDir, "vpcsim.db");
  if (!existsSync(path)) throw new CliError(`No vpcsim state in ${dataDir} (no ${path}).`);
  let store: ReturnType<typeof openSqliteStore<Resources>>;
  try {
    // No compaction: reading the state must leave the file as it was.
    store = openSqliteStore<Resources>(RESOURCE_SCHEMA, {
      path,
      compaction: { background: false, onClose: false },
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The store locks its file: a server holding the directory answers through its endpoint.
    if (/in use/.test(message)) {
      throw new CliError(`${dataDir} is in use by a running server: trace through it with --endpoint.`);
    }
    throw new CliError(message);
  }
  try {
    return traceInStore(store, body);
  } finally {
    store.close();
  }
}

function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === "ECONNREFUSED";
}

async function runTrace(opts: TraceCliOptions): Promise<Trace> {
  const body = traceRequestBody(opts);
  if (opts.endpoint !== undefined) return traceThroughServer(opts.endpoint, body);
  if (opts.dataDir !== undefined) return traceInDataDir(opts.dataDir, body);
  try {
    return await traceThroughServer(DEFAULT_ENDPOINT, body);
  } catch (error) {
    if (!isConnectionRefused(error)) throw error;
    if (!existsSync(join(DEFAULT_DATA_DIR, "vpcsim.db"))) {
      throw new CliError(
        `No server at ${DEFAULT_ENDPOINT} and no state in ${DEFAULT_DATA_DIR}: start \`vpcsim serve\` or pass --data-dir.`,
      );
    }
    return traceInDataDir(DEFAULT_DATA_DIR, body);
  }
}

/** The options that describe the packet, shared by `trace` and `send`. */
export function addPacketOptions(
  command: Command,
  help: { readonly to: string; readonly sourcePort: string },
): Command {
  return command
    .requiredOption("--from <source>", "i-…, eni-…, internet:IP, onprem:IP or an IP address")
    .requiredOption("--to <destination>", help.to)
    .addOption(new Option("--tcp <port>", "TCP to this destination port").argParser(parsePortArgument))
    .addOption(new Option("--udp <port>", "UDP to this destination port").argParser(parsePortArgument))
    .option("--icmp [type[:code]]", "ICMP (default: echo request, 8:0)")
    .option("--icmpv6 [type[:code]]", "ICMPv6 (default: echo request, 128:0)")
    .addOption(new Option("--source-port <port>", help.sourcePort).argParser(parsePortArgument))
    .option("--region <region>", "resolve ids and addresses in this region")
    .option("--account <id>", "resolve ids and addresses in this account");
}

export function addTraceCommand(program: Command): void {
  addPacketOptions(
    program
      .command("trace")
      .description(
        "trace one packet hop by hop: the resource, what it did, the rule that decided, and the verdict",
      ),
    { to: "an IP address, i-…, eni-… or a DNS name", sourcePort: "TCP/UDP source port (default 50000)" },
  )
    .option("--through <id>", "require the path to go through this component (explains why it does not)")
    .option("--json", "print the Trace as JSON", false)
    .option("--data-dir <dir>", "read the state of this data directory (when no server holds it)")
    .option(
      "--endpoint <url>",
      `ask this running server (default ${DEFAULT_ENDPOINT}, then ${DEFAULT_DATA_DIR})`,
    )
    .action(async (opts: TraceCliOptions) => {
      let result: Trace;
      try {
        result = await runTrace(opts);
      } catch (error) {
        const message =
          error instanceof TraceInputError
            ? `${error.code}: ${error.message}`
            : error instanceof Error
              ? error.message
              : String(error);
        process.stderr.write(`vpcsim trace: ${message}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatTrace(result));
      process.exitCode = result.verdict === "reachable" ? 0 : 1;
    });
}
