/**
 * Scheduled state changes. AWS runs some operations asynchronously (instances pending → running,
 * NAT gateways pending → available, terminated instances disappearing after about an hour);
 * vpcsim goes through the same states so that waiters work, with configurable delays.
 *
 * A resource family schedules "look at record X again at time T" in the same transaction that
 * puts the record in its transitional state; `settle` runs before every request and hands each
 * due record to its family's advancer, which moves it on (and may schedule again). Times come
 * from the injected clock, so tests move time by hand. The schedule lives in the store's meta
 * area and so survives restarts.
 */
import type { Kind, Resources } from "../model/kinds.js";
import type { ReadTx, Scope, WriteTx } from "../store/store.js";
import type { Env, WriteContext } from "./context.js";

interface DueEntry {
  readonly at: number;
  readonly kind: Kind;
  readonly account: string;
  readonly region: string;
  readonly id: string;
}

const LIST_KEY = "transitions";
/** The earliest `at` of the list, kept apart so that the check before each request is one lookup. */
const NEXT_KEY = "transitions.next";

function readList(tx: ReadTx<Resources>): DueEntry[] {
  const text = tx.getMeta(LIST_KEY);
  return text ? (JSON.parse(text) as DueEntry[]) : [];
}

function writeList(tx: WriteTx<Resources>, list: readonly DueEntry[]): void {
  tx.setMeta(LIST_KEY, JSON.stringify(list));
  tx.setMeta(NEXT_KEY, list.length > 0 ? String(list[0]!.at) : "");
}

/** Asks `settle` to hand record `id` of `kind` (in the context's scope) to its advancer at `at`. */
export function scheduleTransition(ctx: WriteContext, kind: Kind, id: string, at: Date): void {
  const list = readList(ctx.tx);
  const entry: DueEntry = {
    at: at.getTime(),
    kind,
    account: ctx.scope.account,
    region: ctx.scope.region,
    id,
  };
  let i = list.length;
  while (i > 0 && list[i - 1]!.at > entry.at) i--;
  list.splice(i, 0, entry);
  writeList(ctx.tx, list);
}

/** Moves a due record to its next state. Reads the clock from `ctx`; may schedule again. */
export type Advancer = (ctx: WriteContext, id: string) => void;

export type Advancers = { readonly [K in Kind]?: Advancer };

/** The earliest scheduled time, or undefined when nothing is scheduled. */
export function nextTransitionAt(tx: ReadTx<Resources>): number | undefined {
  const text = tx.getMeta(NEXT_KEY);
  return text ? Number(text) : undefined;
}

/**
 * Applies every transition due at `env.clock.now()`. Runs in its own write transaction, and only
 * when something is due, so a request that finds nothing due pays one meta lookup.
 */
export function settleTransitions(
  store: { read<R>(fn: (tx: ReadTx<Resources>) => R): R; write<R>(fn: (tx: WriteTx<Resources>) => R): R },
  env: Omit<Env, "scope">,
  advancers: Advancers,
): number {
  const now = env.clock.now().getTime();
  const next = store.read((tx) => nextTransitionAt(tx));
  if (next === undefined || next > now) return 0;
  return store.write((tx) => {
    const list = readList(tx);
    let count = 0;
    // Advancers may schedule new entries (read back from meta each time): loop until nothing is due.
    for (let rounds = 0; rounds < 1000; rounds++) {
      const current = rounds === 0 ? list : readList(tx);
      const due = current.filter((e) => e.at <= now);
      if (due.length === 0) break;
      writeList(
        tx,
        current.filter((e) => e.at > now),
      );
      for (const entry of due) {
        const scope: Scope = { account: entry.account, region: entry.region };
        advancers[entry.kind]?.({ ...env, scope, tx }, entry.id);
        count++;
      }
    }
    return count;
  });
}
