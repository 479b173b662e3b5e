/** Shared helpers of the end-to-end tests: a real server on 127.0.0.1:0 and real clients. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { EC2Client } from "@aws-sdk/client-ec2";
import { type RunningServer, type ServerOptions, startServer } from "../../src/server/server.js";

export const ACCOUNT = "123456789012";

export async function startTestServer(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({
    port: 0,
    host: "127.0.0.1",
    inMemory: options.dataDir === undefined,
    defaultVpc: false,
    ...options,
  });
}

export function ec2Client(
  endpoint: string,
  options: { region?: string; accessKeyId?: string } = {},
): EC2Client {
  return new EC2Client({
    endpoint,
    region: options.region ?? "us-east-1",
    credentials: { accessKeyId: options.accessKeyId ?? ACCOUNT, secretAccessKey: "test" },
    // Fail fast: a test must not wait for retries of an error it expects.
    maxAttempts: 1,
  });
}

/** The error code an SDK call rejects with (`name` in SDK v3). */
export async function sdkErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { name: string }).name;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export function tempDir(prefix = "vpcsim-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

const exec = promisify(execFile);

/** Debian's AWS CLI v2 (the `aws` first on PATH may be v1). */
export const AWS_CLI = "/usr/bin/aws";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `aws --endpoint-url <endpoint> <args…> --output json` with a clean, offline environment. */
export async function awsCli(
  endpoint: string,
  args: readonly string[],
  region = "us-east-1",
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec(
      AWS_CLI,
      ["--endpoint-url", endpoint, "--region", region, "--output", "json", ...args],
      {
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: tmpdir(),
          AWS_ACCESS_KEY_ID: ACCOUNT,
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          // Never look for credentials or regions on the instance metadata address.
          AWS_EC2_METADATA_DISABLED: "true",
          AWS_PAGER: "",
          AWS_MAX_ATTEMPTS: "1",
        },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

export async function awsJson<T = Record<string, unknown>>(
  endpoint: string,
  args: readonly string[],
): Promise<T> {
  const result = await awsCli(endpoint, args);
  if (result.code !== 0) throw new Error(`aws ${args.join(" ")} failed (${result.code}): ${result.stderr}`);
  return (result.stdout.trim() === "" ? {} : JSON.parse(result.stdout)) as T;
}
