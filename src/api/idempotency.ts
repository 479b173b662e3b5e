/**
 * `ClientToken` idempotency (EC2 API reference, "Ensuring idempotency"): a retried request with
 * the same token and the same parameters returns the first request's result without doing it
 * again; the same token with other parameters is `IdempotentParameterMismatch`. Results are kept
 * in the store's meta area, per account, region and operation, in the same transaction as the
 * work they record, so a rolled-back request (an error, a DryRun) records nothing.
 */
import { createHash } from "node:crypto";
import type { WriteContext } from "../control/context.js";
import { IdempotentParameterMismatch } from "../control/errors.js";
import { type Handler, writes } from "./handler.js";

interface Recorded {
  readonly fingerprint: string;
  readonly output: unknown;
}

/** JSON that keeps Dates (outputs carry timestamps such as LaunchTime). */
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const original = this[key];
    return original instanceof Date ? { $date: original.getTime() } : v;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v) =>
    v !== null && typeof v === "object" && typeof (v as { $date?: unknown }).$date === "number"
      ? new Date((v as { $date: number }).$date)
      : v,
  );
}

function fingerprintOf(input: object): string {
  const { ClientToken: _token, DryRun: _dryRun, ...rest } = input as Record<string, unknown>;
  return createHash("sha256").update(encode(rest)).digest("base64url");
}

/** Wraps a write handler whose input may carry a `ClientToken`. */
export function idempotent<I extends { readonly ClientToken?: string }, O>(
  operation: string,
  run: (ctx: WriteContext, input: I) => O,
): Handler<I, O> {
  return writes((ctx, input) => {
    const token = input.ClientToken;
    if (token === undefined || token === "") return run(ctx, input);
    const key = `idempotency:${ctx.scope.account}:${ctx.scope.region}:${operation}:${token}`;
    const fingerprint = fingerprintOf(input);
    const previous = ctx.tx.getMeta(key);
    if (previous !== undefined) {
      const recorded = decode(previous) as Recorded;
      if (recorded.fingerprint !== fingerprint) throw new IdempotentParameterMismatch(token);
      return recorded.output as O;
    }
    const output = run(ctx, input);
    ctx.tx.setMeta(key, encode({ fingerprint, output } satisfies Recorded));
    return output;
  });
}
