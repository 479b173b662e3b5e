#!/usr/bin/env node
/**
 * The `vpcsim` command. `vpcsim serve` runs the EC2-compatible endpoint; the data-plane and
 * analysis commands arrive with their issues.
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_DELAYS, DEFAULT_QUOTAS, type Delays, type Quotas } from "../control/context.js";
import {
  DEFAULT_DATA_DIR,
  DEFAULT_HOST,
  DEFAULT_PORT,
  type LogLevel,
  startServer,
} from "../server/server.js";
import { addSendCommand } from "./send.js";
import { addTraceCommand } from "./trace.js";

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError("not a port number");
  return port;
}

function parseQuota(value: string, previous: Partial<Quotas> = {}): Partial<Quotas> {
  const match = /^([A-Za-z]+)=(\d+)$/.exec(value);
  if (!match || !(match[1]! in DEFAULT_QUOTAS)) {
    throw new InvalidArgumentError(
      `expected NAME=NUMBER with NAME one of: ${Object.keys(DEFAULT_QUOTAS).join(", ")}`,
    );
  }
  return { ...previous, [match[1]!]: Number(match[2]) };
}

function parseDelay(value: string, previous: Partial<Delays> = {}): Partial<Delays> {
  const match = /^([A-Za-z]+)=(\d+)$/.exec(value);
  if (!match || !(match[1]! in DEFAULT_DELAYS)) {
    throw new InvalidArgumentError(
      `expected NAME=MILLISECONDS with NAME one of: ${Object.keys(DEFAULT_DELAYS).join(", ")}`,
    );
  }
  return { ...previous, [match[1]!]: Number(match[2]) };
}

function parseAccount(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([^=]+)=(\d{12})$/.exec(value);
  if (!match) throw new InvalidArgumentError("expected ACCESS_KEY_ID=ACCOUNT_ID (12 digits)");
  return { ...previous, [match[1]!]: match[2]! };
}

export function buildProgram(): Command {
  const program = new Command("vpcsim")
    .description("AWS VPC networking on your laptop: an EC2-compatible endpoint with a real data plane")
    .version("0.1.0");

  program
    .command("serve")
    .description("run the EC2-compatible endpoint (AWS CLI: --endpoint-url http://127.0.0.1:4566)")
    .addOption(
      new Option("-p, --port <port>", "port to listen on (0 picks a free one)")
        .default(DEFAULT_PORT)
        .argParser(parsePort),
    )
    .option("--host <host>", "address to bind", DEFAULT_HOST)
    .option("--data-dir <dir>", "directory of the SQLite state file", DEFAULT_DATA_DIR)
    .option("--in-memory", "keep state in memory only (lost on exit)", false)
    .option("--no-default-vpc", "do not give each account-region a default VPC")
    .option(
      "--quota <name=value>",
      `raise or lower a quota (repeatable): ${Object.keys(DEFAULT_QUOTAS).join(", ")}`,
      parseQuota,
    )
    .option(
      "--delay <name=ms>",
      `how long an asynchronous AWS transition takes (repeatable): ${Object.keys(DEFAULT_DELAYS).join(", ")}`,
      parseDelay,
    )
    .option(
      "--account <akid=account>",
      "map an access key id to a 12-digit account id (repeatable)",
      parseAccount,
    )
    .option("--default-account <id>", "account of unsigned requests and unmapped access keys", "000000000000")
    .option("--default-region <region>", "region of requests without a SigV4 credential scope", "us-east-1")
    .option("--seed <n>", "reproducible resource ids from this seed", (v) => Number.parseInt(v, 10))
    .addOption(
      new Option("--log-level <level>", "log one JSON line per request at info")
        .choices(["silent", "error", "warn", "info", "debug"])
        .default("info"),
    )
    .action(async (opts) => {
      const server = await startServer({
        port: opts.port,
        host: opts.host,
        dataDir: opts.dataDir,
        inMemory: opts.inMemory,
        defaultVpc: opts.defaultVpc,
        quotas: opts.quota ?? {},
        delays: opts.delay ?? {},
        accounts: {
          accessKeys: opts.account ?? {},
          defaultAccount: opts.defaultAccount,
          defaultRegion: opts.defaultRegion,
        },
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        logLevel: opts.logLevel as LogLevel,
      });
      process.stderr.write(
        `vpcsim listening on ${server.endpoint} (${opts.inMemory ? "in memory" : `state in ${opts.dataDir}`})\n`,
      );
      const stop = () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  addTraceCommand(program);
  addSendCommand(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`vpcsim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
