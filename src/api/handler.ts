/**
 * An operation handler: how the API layer runs one operation against the control plane. `read`
 * handlers run in a read transaction, `write` handlers in a write transaction (rolled back on
 * error and for DryRun).
 */
import type { ReadContext, WriteContext } from "../control/context.js";
import type { OperationTypes } from "../protocol/shapes.js";

export type Handler<I, O> =
  | { readonly mode: "read"; readonly run: (ctx: ReadContext, input: I) => O }
  | { readonly mode: "write"; readonly run: (ctx: WriteContext, input: I) => O };

/** One handler per operation of a service; the type makes a missing handler a compile error. */
export type HandlerMap<Ops extends OperationTypes> = {
  readonly [K in keyof Ops]: Handler<Ops[K]["input"], Ops[K]["output"]>;
};

export function reads<I, O>(run: (ctx: ReadContext, input: I) => O): Handler<I, O> {
  return { mode: "read", run };
}

export function writes<I, O>(run: (ctx: WriteContext, input: I) => O): Handler<I, O> {
  return { mode: "write", run };
}
