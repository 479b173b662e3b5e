/**
 * `POST /_vpcsim/trace`: a JSON trace request in, the Trace as JSON out (see docs/dataplane.md).
 * Bad input answers an AWS-style JSON error (`{"__type": code, "message": …}`, HTTP 400). Due
 * state transitions are applied first, as before any API request, so the trace sees the network
 * a Describe call would show; the trace itself changes nothing.
 */
import { randomUUID } from "node:crypto";
import { traceInStore } from "../api/dataplane.js";
import type { Env, ResourceStore } from "../control/index.js";
import { ADVANCERS } from "../control/settle.js";
import { settleTransitions } from "../control/transitions.js";
import { TraceInputError } from "../dataplane/types.js";

export const TRACE_PATH = "/_vpcsim/trace";

export interface JsonResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function jsonError(status: number, code: string, message: string, requestId: string): JsonResponse {
  return {
    status,
    headers: {
      "content-type": "application/json",
      "x-amzn-requestid": requestId,
      "x-amzn-errortype": code,
    },
    body: JSON.stringify({ __type: code, message }),
  };
}

/**
 * Answers one JSON request whose body has been read: parses it, applies due transitions, and
 * answers what `handle` returns as JSON, or the AWS-style JSON error of bad input.
 */
export function answerJson(
  store: ResourceStore,
  env: Omit<Env, "scope">,
  body: Buffer,
  handle: (json: unknown) => unknown,
): JsonResponse {
  const requestId = randomUUID();
  let json: unknown;
  try {
    json = JSON.parse(body.length === 0 ? "" : body.toString("utf8"));
  } catch {
    return jsonError(400, "SerializationException", "The request body is not valid JSON.", requestId);
  }
  try {
    settleTransitions(store, env, ADVANCERS);
    return {
      status: 200,
      headers: { "content-type": "application/json", "x-amzn-requestid": requestId },
      body: JSON.stringify(handle(json)),
    };
  } catch (error) {
    if (error instanceof TraceInputError) return jsonError(400, error.code, error.message, requestId);
    throw error;
  }
}

/** Answers one trace request whose body has been read. */
export function answerTrace(store: ResourceStore, env: Omit<Env, "scope">, body: Buffer): JsonResponse {
  return answerJson(store, env, body, (json) => traceInStore(store, json));
}

/** Awaits a request's body, then answers; a body that cannot be read is a client error too. */
export async function withBody(
  body: Promise<Buffer>,
  answer: (bytes: Buffer) => JsonResponse,
): Promise<JsonResponse> {
  let bytes: Buffer;
  try {
    bytes = await body;
  } catch {
    return jsonError(
      400,
      "InvalidRequest",
      "The request body could not be read (or is too large).",
      randomUUID(),
    );
  }
  return answer(bytes);
}

export function answerTraceRequest(
  store: ResourceStore,
  env: Omit<Env, "scope">,
  body: Promise<Buffer>,
): Promise<JsonResponse> {
  return withBody(body, (bytes) => answerTrace(store, env, bytes));
}
