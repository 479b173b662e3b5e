/**
 * An operation handler: how the API layer runs one operation against the control plane. `read`
 * handlers run in a read transaction, `write` handlers in a write transaction (rolled back on
 * error and for DryRun).
 */
import type { ReadContext, WriteContext } from "../control/context.js";
import { messages, ProtocolError } from "../protocol/errors.js";
import type { OperationTypes } from "../protocol/shapes.js";

export type Handler<I, O> =
  | { readonly mode: "read"; readonly run: (ctx: ReadContext, input: I) => O; readonly planned?: true }
  | { readonly mode: "write"; readonly run: (ctx: WriteContext, input: I) => O; readonly planned?: true };

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

/**
 * An operation generated from the model for a family that is being built, not implemented yet: it
 * answers AWS's 501 `NotImplemented`, like any operation vpcsim does not implement, and the README
 * does not list it as supported.
 */
export function planned<I, O>(operation: string): Handler<I, O> {
  return {
    mode: "read",
    planned: true,
    run: () => {
      throw new ProtocolError("NotImplemented", messages.notImplemented(operation), 501);
    },
  };
}
