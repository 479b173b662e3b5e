/**
 * `vpcsim send`: traffic that really happens in a running server's simulation (through its
 * `POST /_vpcsim/send`): the same arguments as `vpcsim trace`, plus `--packets`, `--bytes`,
 * `--count` flows and `--keep-open`. Connection-tracking entries are created and flow-log records
 * produced (delivered when their capture window closes). Needs a server: the connection state
 * lives in its process. Exit status: 0 every flow got through, 1 some did not, 2 an error.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { TraceInputError } from "../dataplane/types.js";
import { SEND_PATH } from "../server/send-route.js";
import { addPacketOptions, DEFAULT_ENDPOINT, type PacketCliOptions, traceRequestBody } from "./trace.js";

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError("not a positive integer");
  return n;
}

interface SendCliOptions extends PacketCliOptions {
  readonly packets?: number;
  readonly bytes?: number;
  readonly count?: number;
  readonly keepOpen?: boolean;
  readonly json?: boolean;
  readonly endpoint: string;
}

interface SendAnswer {
  readonly flows: readonly {
    readonly sourcePort?: number;
    readonly verdict: string;
    readonly explanations: readonly string[];
    readonly trackedOn: readonly string[];
  }[];
  readonly delivered: number;
  readonly pending: number;
  readonly connections: number;
}

/** The JSON body of `POST /_vpcsim/send` for the command's options. */
export function sendRequestBody(opts: SendCliOptions): Record<string, unknown> {
  return {
    ...traceRequestBody(opts),
    ...(opts.packets !== undefined ? { packets: opts.packets } : {}),
    ...(opts.bytes !== undefined ? { bytes: opts.bytes } : {}),
    ...(opts.count !== undefined ? { count: opts.count } : {}),
    ...(opts.keepOpen ? { keepOpen: true } : {}),
  };
}

function describe(answer: SendAnswer): string {
  const lines = answer.flows.map((f) => {
    const port = f.sourcePort !== undefined ? `source port ${f.sourcePort}: ` : "";
    const why = f.explanations.length > 0 ? ` (${f.explanations.join(", ")})` : "";
    const tracked = f.trackedOn.length > 0 ? `; tracked on ${f.trackedOn.join(", ")}` : "";
    return `${port}${f.verdict}${why}${tracked}`;
  });
  lines.push(
    `${answer.connections} tracked connection(s); flow-log records: ${answer.delivered} delivered, ${answer.pending} waiting for their capture window to close.`,
  );
  return `${lines.join("\n")}\n`;
}

export function addSendCommand(program: Command): void {
  addPacketOptions(
    program
      .command("send")
      .description(
        "send traffic through a running server's network: connection tracking and flow-log records happen",
      ),
    {
      to: "an IP address, i-…, eni-…, internet:IP or a DNS name",
      sourcePort: "first flow's source port (default 50000)",
    },
  )
    .addOption(new Option("--packets <n>", "packets each way per flow (default 10)").argParser(parseCount))
    .addOption(new Option("--bytes <n>", "bytes each way per flow (default 1000)").argParser(parseCount))
    .addOption(
      new Option("--count <n>", "flows (connections), on consecutive source ports").argParser(parseCount),
    )
    .option("--keep-open", "TCP: leave the connections open, to be continued by a later send", false)
    .option("--json", "print the server's answer as JSON", false)
    .option("--endpoint <url>", "the running server", DEFAULT_ENDPOINT)
    .action(async (opts: SendCliOptions) => {
      try {
        const response = await fetch(new URL(SEND_PATH, opts.endpoint), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(sendRequestBody(opts)),
        });
        const text = await response.text();
        const json = JSON.parse(text) as SendAnswer & { __type?: string; message?: string };
        if (!response.ok)
          throw new Error(`${json.__type ?? `HTTP ${response.status}`}: ${json.message ?? text}`);
        process.stdout.write(opts.json ? `${JSON.stringify(json, null, 2)}\n` : describe(json));
        process.exitCode = json.flows.every((f) => f.verdict === "reachable") ? 0 : 1;
      } catch (error) {
        const message =
          error instanceof TraceInputError
            ? `${error.code}: ${error.message}`
            : error instanceof Error
              ? error.message
              : String(error);
        process.stderr.write(`vpcsim send: ${message}\n`);
        process.exitCode = 2;
      }
    });
}
