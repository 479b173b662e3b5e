/**
 * The control plane: one module per resource family, each exporting `(ctx, input) => result`
 * functions that run inside a store transaction. This module ties a store to an environment.
 */
import type { Resources } from "../model/kinds.js";
import type { Store } from "../store/store.js";
import type { Env, ReadContext, WriteContext } from "./context.js";
import { bootstrapScope } from "./defaults.js";

export type ResourceStore = Store<Resources>;

/** Runs `fn` in a write transaction of `store` for the scope of `env`. */
export function inWrite<R>(store: ResourceStore, env: Env, fn: (ctx: WriteContext) => R): R {
  return store.write((tx) => fn({ ...env, tx }));
}

export function inRead<R>(store: ResourceStore, env: Env, fn: (ctx: ReadContext) => R): R {
  return store.read((tx) => fn({ ...env, tx }));
}

const bootstrapped = new WeakMap<ResourceStore, Set<string>>();

/**
 * Gives the scope of `env` what a new AWS account has (default DHCP options, default VPC) the
 * first time it is used. Cheap after the first call: remembered per store in memory.
 */
export function ensureScope(store: ResourceStore, env: Env): void {
  let seen = bootstrapped.get(store);
  if (!seen) {
    seen = new Set();
    bootstrapped.set(store, seen);
  }
  const key = `${env.scope.account}\u0000${env.scope.region}`;
  if (seen.has(key)) return;
  inWrite(store, env, (ctx) => bootstrapScope(ctx));
  seen.add(key);
}

export * from "./context.js";
export * from "./errors.js";
