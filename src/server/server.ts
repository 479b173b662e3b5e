/**
 * The HTTP server: one fastify instance that hands every AWS API request (any method on `/`) to
 * the dispatcher, answers `GET /_vpcsim/health`, and writes one structured log line per request.
 */
import { join } from "node:path";
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
} from "fastify";
import { type AccountSettings, createDispatcher, DEFAULT_ACCOUNT_SETTINGS } from "../api/dispatcher.js";
import { type ControlConfig, DEFAULT_CONTROL_CONFIG, type Quotas } from "../control/context.js";
import type { ResourceStore } from "../control/index.js";
import { type Clock, systemClock } from "../model/clock.js";
import { type IdGenerator, randomIds, seededIds } from "../model/ids.js";
import { RESOURCE_SCHEMA, type Resources } from "../model/kinds.js";
import { serializeEc2Error } from "../protocol/index.js";
import { createMemoryStore } from "../store/memory-store.js";
import { openSqliteStore } from "../store/sqlite-store.js";

export const DEFAULT_PORT = 4566;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_DATA_DIR = ".vpcsim";
/** Bodies above this are refused with an AWS error; EC2's largest parameters (user data) are far smaller. */
export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

export interface ServerOptions {
  readonly port?: number;
  readonly host?: string;
  /** Where the SQLite file lives (`<dataDir>/vpcsim.db`). Ignored with `inMemory`. */
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  /** Use this store instead of opening one (tests, embedding). */
  readonly store?: ResourceStore;
  readonly defaultVpc?: boolean;
  readonly quotas?: Partial<Quotas>;
  readonly accounts?: Partial<AccountSettings>;
  readonly clock?: Clock;
  /** Reproducible ids from this seed instead of random ones. */
  readonly seed?: number;
  readonly ids?: IdGenerator;
  readonly logLevel?: LogLevel;
  readonly bodyLimit?: number;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`: what clients pass as `--endpoint-url`. */
  readonly endpoint: string;
  readonly port: number;
  readonly store: ResourceStore;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

function openStore(options: ServerOptions): { store: ResourceStore; kind: string } {
  if (options.store) return { store: options.store, kind: "provided" };
  if (options.inMemory) return { store: createMemoryStore<Resources>(RESOURCE_SCHEMA), kind: "memory" };
  const path = join(options.dataDir ?? DEFAULT_DATA_DIR, "vpcsim.db");
  return { store: openSqliteStore<Resources>(RESOURCE_SCHEMA, { path }), kind: "sqlite" };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const { store, kind } = openStore(options);
  const config: ControlConfig = {
    ...DEFAULT_CONTROL_CONFIG,
    defaultVpc: options.defaultVpc ?? DEFAULT_CONTROL_CONFIG.defaultVpc,
    quotas: { ...DEFAULT_CONTROL_CONFIG.quotas, ...options.quotas },
  };
  const level = options.logLevel ?? "silent";
  const app = Fastify({
    logger: level === "silent" ? false : { level },
    // We log one line per request ourselves, with the AWS action and error code.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
  });
  const dispatch = createDispatcher({
    store,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? (options.seed !== undefined ? seededIds(options.seed) : randomIds),
    config,
    accounts: { ...DEFAULT_ACCOUNT_SETTINGS, ...options.accounts },
    onInternalError: (error, operation) => app.log.error({ err: error, operation }, "internal error"),
  });

  // AWS clients send any content type (form, JSON, nothing): the dispatcher decides.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.get("/_vpcsim/health", async () => ({ status: "ok", store: kind }));

  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<string> => {
    const started = performance.now();
    const url = request.raw.url ?? "/";
    const q = url.indexOf("?");
    const body = request.body as Buffer | undefined;
    const response = dispatch({
      method: request.method,
      headers: request.headers,
      query: q === -1 ? "" : url.slice(q + 1),
      body: body && body.length > 0 ? body : undefined,
    });
    reply.code(response.status).headers(response.headers);
    if (level !== "silent") {
      app.log.info(
        {
          service: response.service,
          action: response.operation,
          status: response.status,
          code: response.errorCode,
          ms: Math.round((performance.now() - started) * 100) / 100,
          requestId: response.headers["x-amzn-requestid"],
        },
        "request",
      );
    }
    return response.body;
  };
  app.post("/", handle);
  app.get("/", handle);

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    // Fastify's own errors (body too large, unreadable body) still answer in AWS's format.
    const requestId = crypto.randomUUID();
    const tooLarge = error.code === "FST_ERR_CTP_BODY_TOO_LARGE";
    const status = tooLarge ? 413 : (error.statusCode ?? 500) >= 500 ? 500 : 400;
    const code = tooLarge
      ? "RequestEntityTooLarge"
      : status === 500
        ? "InternalError"
        : "MalformedQueryString";
    const message = tooLarge
      ? `The request body exceeds the limit of ${options.bodyLimit ?? DEFAULT_BODY_LIMIT} bytes.`
      : status === 500
        ? "An internal error has occurred"
        : "The request could not be read.";
    if (status === 500) app.log.error({ err: error }, "internal error");
    reply
      .code(status)
      .headers({ "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId })
      .send(serializeEc2Error(code, message, requestId));
  });

  const host = options.host ?? DEFAULT_HOST;
  try {
    await app.listen({ port: options.port ?? DEFAULT_PORT, host });
  } catch (error) {
    if (!options.store) store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : (options.port ?? DEFAULT_PORT);
  const endpoint = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  let closed = false;
  return {
    endpoint,
    port,
    store,
    app,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      if (!options.store) store.close();
    },
  };
}
