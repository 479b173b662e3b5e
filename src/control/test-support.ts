/** Helpers for control-plane tests: a frozen in-memory store, a manual clock and seeded ids. */
import { ManualClock } from "../model/clock.js";
import { seededIds } from "../model/ids.js";
import { RESOURCE_SCHEMA, type Resources } from "../model/kinds.js";
import { createMemoryStore } from "../store/memory-store.js";
import type { Scope } from "../store/store.js";
import {
  type ControlConfig,
  DEFAULT_CONTROL_CONFIG,
  type Env,
  type ReadContext,
  type WriteContext,
} from "./context.js";
import { ensureScope, inRead, inWrite, type ResourceStore } from "./index.js";

export interface TestPlane {
  readonly store: ResourceStore;
  readonly clock: ManualClock;
  readonly env: Env;
  write<R>(fn: (ctx: WriteContext) => R): R;
  read<R>(fn: (ctx: ReadContext) => R): R;
  /** The same plane seen from another account or region. */
  as(scope: Partial<Scope>): TestPlane;
}

export const TEST_ACCOUNT = "111122223333";

export function testPlane(
  options: { config?: Partial<ControlConfig>; scope?: Partial<Scope>; store?: ResourceStore } = {},
): TestPlane {
  const store = options.store ?? createMemoryStore<Resources>(RESOURCE_SCHEMA, { freeze: true });
  const clock = new ManualClock();
  const ids = seededIds(42);
  const config: ControlConfig = {
    ...DEFAULT_CONTROL_CONFIG,
    defaultVpc: false,
    ...options.config,
  };
  const make = (scope: Scope): TestPlane => {
    const env: Env = { scope, clock, ids, config };
    ensureScope(store, env);
    return {
      store,
      clock,
      env,
      write: (fn) => inWrite(store, env, fn),
      read: (fn) => inRead(store, env, fn),
      as: (other) => make({ ...scope, ...other }),
    };
  };
  return make({ account: TEST_ACCOUNT, region: "us-east-1", ...options.scope });
}

/** Runs `fn` and returns the AWS error code it threw, or fails when it did not throw one. */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") return code;
    throw error;
  }
  throw new Error("expected an AWS error, but the call succeeded");
}
