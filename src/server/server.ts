/**
 * The HTTP server: every AWS API request (POST or GET on `/`) goes to the dispatcher;
 * `GET /_vpcsim/health` answers once the server is ready; `POST /_vpcsim/trace` traces a packet
 * (trace-route.ts); one structured log line per request.
 *
 * Built on node:http rather than fastify (DESIGN.md names fastify): the server routes three
 * paths, and importing fastify alone cost ~150 ms of the 300 ms start-up budget on the 2-core
 * machine we measure on, for features we do not use.
 */
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installNetworkInsightsAnalyzer } from "../analysis/live-network.js";
import { TrafficSimulator } from "../analysis/send.js";
import { type AccountSettings, createDispatcher, DEFAULT_ACCOUNT_SETTINGS } from "../api/dispatcher.js";
import { type ControlConfig, DEFAULT_CONTROL_CONFIG, type Delays, type Quotas } from "../control/context.js";
import type { ResourceStore } from "../control/index.js";
import { type Clock, systemClock } from "../model/clock.js";
import { type IdGenerator, randomIds, seededIds } from "../model/ids.js";
import { RESOURCE_SCHEMA, type Resources } from "../model/kinds.js";
import { serializeEc2Error } from "../protocol/ec2-query.js";
import { createMemoryStore } from "../store/memory-store.js";
import { openSqliteStore } from "../store/sqlite-store.js";
import { createLogger, type Logger, type LogLevel } from "./log.js";
import { answerSendRequest, SEND_PATH } from "./send-route.js";
import { answerTraceRequest, TRACE_PATH } from "./trace-route.js";

export type { LogLevel } from "./log.js";

export const DEFAULT_PORT = 4566;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_DATA_DIR = ".vpcsim";
/** Bodies above this are refused with an AWS error; EC2's largest parameters (user data) are far smaller. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

export interface ServerOptions {
  readonly port?: number;
  readonly host?: string;
  /**
   * Where the SQLite file lives (`<dataDir>/vpcsim.db`), and where flow logs published to S3 are
   * written (`<dataDir>/s3/<bucket>/…`). With `inMemory`, state stays in memory and S3 flow-log
   * files go to a temporary directory that is removed when the server closes.
   */
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  /** Use this store instead of opening one (tests, embedding). */
  readonly store?: ResourceStore;
  readonly defaultVpc?: boolean;
  readonly quotas?: Partial<Quotas>;
  /** How long AWS's asynchronous transitions take (instances pending → running, …). */
  readonly delays?: Partial<Delays>;
  readonly accounts?: Partial<AccountSettings>;
  readonly clock?: Clock;
  /** Reproducible ids from this seed instead of random ones. */
  readonly seed?: number;
  readonly ids?: IdGenerator;
  readonly logLevel?: LogLevel;
  /** Where log lines go (default: stdout). */
  readonly logSink?: (line: string) => void;
  readonly bodyLimit?: number;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`: what clients pass as `--endpoint-url`. */
  readonly endpoint: string;
  readonly port: number;
  readonly store: ResourceStore;
  readonly server: Server;
  /** The traffic simulation of `POST /_vpcsim/send` (connection tracking, flow-log records). */
  readonly traffic: TrafficSimulator;
  /** Where S3 flow-log files go (`<dataDir>/s3/…`): the data directory, or a temporary one in memory. */
  readonly dataDir: string;
  close(): Promise<void>;
}

function openStore(options: ServerOptions): { store: ResourceStore; kind: string } {
  if (options.store) return { store: options.store, kind: "provided" };
  if (options.inMemory) return { store: createMemoryStore<Resources>(RESOURCE_SCHEMA), kind: "memory" };
  const path = join(options.dataDir ?? DEFAULT_DATA_DIR, "vpcsim.db");
  // Group commit: concurrent requests share one SQLite commit; each is answered once its
  // transaction is on disk (see `handle`).
  return { store: openSqliteStore<Resources>(RESOURCE_SCHEMA, { path, groupCommit: true }), kind: "sqlite" };
}

class BodyTooLarge extends Error {}

/** Reads a request body up to `limit` bytes. */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    request.on("error", reject);
  });
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const { store, kind } = openStore(options);
  // Lost on exit, like the rest of an in-memory server's state; created only when a file is written.
  const temporaryDataDir = options.inMemory ? join(tmpdir(), `vpcsim-${randomUUID()}`) : undefined;
  const dataDir = temporaryDataDir ?? options.dataDir ?? DEFAULT_DATA_DIR;
  const config: ControlConfig = {
    ...DEFAULT_CONTROL_CONFIG,
    dataDir,
    defaultVpc: options.defaultVpc ?? DEFAULT_CONTROL_CONFIG.defaultVpc,
    quotas: { ...DEFAULT_CONTROL_CONFIG.quotas, ...options.quotas },
    delays: { ...DEFAULT_CONTROL_CONFIG.delays, ...options.delays },
  };
  const log: Logger = createLogger(options.logLevel ?? "silent", options.logSink);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  // One environment for the dispatcher and the trace route: they must share the id generator.
  const env = {
    clock: options.clock ?? systemClock,
    ids: options.ids ?? (options.seed !== undefined ? seededIds(options.seed) : randomIds),
    config,
  };
  // StartNetworkInsightsAnalysis runs on the data plane; `send` traffic lives in this process.
  installNetworkInsightsAnalyzer();
  const traffic = new TrafficSimulator({ store, env });
  // Flow-log capture windows are delivered once the clock passes their end (see analysis/send.ts).
  const flusher = setInterval(() => traffic.flushDue(), 1000);
  flusher.unref();
  const dispatch = createDispatcher({
    store,
    ...env,
    accounts: { ...DEFAULT_ACCOUNT_SETTINGS, ...options.accounts },
    onInternalError: (error, operation) => log.error("internal error", { operation, error: String(error) }),
  });

  const send = (response: ServerResponse, status: number, headers: Record<string, string>, body: string) => {
    response.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
    response.end(body);
  };

  const sendAwsError = (response: ServerResponse, status: number, code: string, message: string) => {
    const requestId = crypto.randomUUID();
    send(
      response,
      status,
      { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId },
      serializeEc2Error(code, message, requestId),
    );
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const started = performance.now();
    const url = request.url ?? "/";
    const q = url.indexOf("?");
    const path = q === -1 ? url : url.slice(0, q);
    if (path === "/_vpcsim/health" && request.method === "GET") {
      send(
        response,
        200,
        { "content-type": "application/json" },
        JSON.stringify({ status: "ok", store: kind }),
      );
      return;
    }
    traffic.flushDue();
    if (path === SEND_PATH && request.method === "POST") {
      const answer = await answerSendRequest(store, env, traffic, readBody(request, bodyLimit));
      await store.durable();
      send(response, answer.status, answer.headers, answer.body);
      return;
    }
    if (path === TRACE_PATH && request.method === "POST") {
      const answer = await answerTraceRequest(store, env, readBody(request, bodyLimit));
      send(response, answer.status, answer.headers, answer.body);
      return;
    }
    if (path !== "/" || (request.method !== "POST" && request.method !== "GET")) {
      request.resume();
      send(
        response,
        404,
        { "content-type": "application/json" },
        JSON.stringify({ message: `No route for ${request.method} ${path}` }),
      );
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(request, bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        sendAwsError(
          response,
          413,
          "RequestEntityTooLarge",
          `The request body exceeds the limit of ${bodyLimit} bytes.`,
        );
      } else {
        sendAwsError(response, 400, "MalformedQueryString", "The request could not be read.");
      }
      return;
    }
    const result = dispatch({
      method: request.method,
      headers: request.headers,
      query: q === -1 ? "" : url.slice(q + 1),
      body: body.length > 0 ? body : undefined,
    });
    // Never answer before the request's changes are on disk.
    await store.durable();
    send(response, result.status, result.headers as Record<string, string>, result.body);
    log.info("request", {
      service: result.service,
      action: result.operation,
      status: result.status,
      code: result.errorCode,
      ms: Math.round((performance.now() - started) * 100) / 100,
      requestId: result.headers["x-amzn-requestid"],
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log.error("internal error", { error: String(error) });
      if (!response.headersSent)
        sendAwsError(response, 500, "InternalError", "An internal error has occurred");
      else response.destroy();
    });
  });
  // Clients keep connections open between calls (the SDKs pool them): be generous.
  server.keepAliveTimeout = 65_000;

  const host = options.host ?? DEFAULT_HOST;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    if (!options.store) store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  log.info("listening", { endpoint, store: kind });
  let closed = false;
  return {
    endpoint,
    port,
    store,
    server,
    traffic,
    dataDir,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      // Shutdown delivers every open flow-log capture window.
      clearInterval(flusher);
      traffic.close();
      await store.durable();
      if (!options.store) store.close();
      if (temporaryDataDir !== undefined) rmSync(temporaryDataDir, { recursive: true, force: true });
    },
  };
}
