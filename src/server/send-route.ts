/**
 * `POST /_vpcsim/send`: the trace request's JSON (see trace-route.ts) plus `packets`, `bytes`,
 * `count` and `keepOpen`; the traffic happens in the server's simulation (connection tracking,
 * flow-log records). Answers each flow's verdict, the first flow's trace, and the simulation's
 * counters. Bad input answers an AWS-style JSON error, as the trace route does.
 */
import type { TrafficSimulator } from "../analysis/send.js";
import { parseTraceRequest } from "../api/dataplane.js";
import type { Env, ResourceStore } from "../control/index.js";
import { TraceInputError } from "../dataplane/types.js";
import { answerJson, type JsonResponse, withBody } from "./trace-route.js";

export const SEND_PATH = "/_vpcsim/send";

const MAX_COUNT = 100_000;

function positive(value: unknown, field: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > max) {
    throw new TraceInputError("InvalidParameterValue", `${field} must be an integer from 1 to ${max}.`);
  }
  return n;
}

/** Answers one send request whose body has been read. */
export function answerSend(
  store: ResourceStore,
  env: Omit<Env, "scope">,
  traffic: TrafficSimulator,
  body: Buffer,
): JsonResponse {
  return answerJson(store, env, body, (json) => {
    const { from, request, options } = parseTraceRequest(json);
    const extra = json as { packets?: unknown; bytes?: unknown; count?: unknown; keepOpen?: unknown };
    if (extra.keepOpen !== undefined && typeof extra.keepOpen !== "boolean") {
      throw new TraceInputError("InvalidParameterValue", "keepOpen must be true or false.");
    }
    const packets = positive(extra.packets, "packets");
    const bytes = positive(extra.bytes, "bytes");
    const count = positive(extra.count, "count", MAX_COUNT);
    const result = traffic.send({
      from,
      ...request,
      ...(packets !== undefined ? { packets } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
      ...(count !== undefined ? { count } : {}),
      ...(extra.keepOpen === true ? { keepOpen: true } : {}),
      ...(options.account !== undefined ? { account: options.account } : {}),
      ...(options.region !== undefined ? { region: options.region } : {}),
    });
    return {
      flows: result.flows.map((f) => ({
        ...(f.sourcePort !== undefined ? { sourcePort: f.sourcePort } : {}),
        verdict: f.verdict,
        explanations: f.trace.explanations.map((e) => e.code),
        trackedOn: f.trackedOn,
      })),
      trace: result.flows[0]?.trace,
      delivered: result.delivered,
      pending: traffic.pendingRecords(),
      connections: result.connections,
    };
  });
}

export function answerSendRequest(
  store: ResourceStore,
  env: Omit<Env, "scope">,
  traffic: TrafficSimulator,
  body: Promise<Buffer>,
): Promise<JsonResponse> {
  return withBody(body, (bytes) => answerSend(store, env, traffic, bytes));
}
