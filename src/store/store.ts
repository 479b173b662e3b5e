/**
 * The storage contract every backend implements (in-memory, SQLite; PostgreSQL later).
 *
 * Records are plain readonly data keyed by (kind, scope, id). A scope is one account in one
 * region: AWS resources never leak across either, so every read names its scope. The few
 * readers that need the whole world (the data plane compiling cross-account peering, the
 * snapshot exporter) use `listAll`.
 *
 * Transactions are synchronous: the control plane runs `(tx, input) => result` functions inside
 * them, and Node runs one at a time, so a transaction is serializable by construction. A write
 * transaction that throws leaves nothing behind.
 *
 * What callers must know:
 * - Records are stored and returned by reference: `get` returns the very object that was `put`,
 *   and arrays returned by `list`, `listBy` and `listAll` may be shared between calls. Treat both
 *   as immutable, and build a new record to change one (a `freeze` option in the backends turns
 *   accidental mutation into a TypeError in tests).
 * - Records hold JSON data plus `Date` (and `bigint`): class instances, Maps, Sets, functions and
 *   non-finite numbers do not survive a persistent backend. `undefined` members are dropped.
 * - Transactions do not nest: `write` or `read` called while a write is running, or `write` while
 *   a read is running, throws. Pass the `tx` you have instead. A callback that returns a Promise
 *   is rejected (and rolled back): work after an `await` would run outside the transaction.
 * - A `tx` is valid only while its callback runs; using it afterwards throws.
 * - Meta keys beginning with `store.` are reserved for the backends.
 */

export interface Scope {
  readonly account: string;
  readonly region: string;
}

/** Every stored record has an id that is unique within its kind and scope. */
export interface StoredRecord {
  readonly id: string;
}

/**
 * The record type of every kind a store holds, e.g. `{ vpc: Vpc; subnet: Subnet }`. Written as a
 * mapped constraint rather than `Record<string, StoredRecord>` so that an `interface` (which has
 * no implicit index signature) qualifies.
 */
export type RecordTypes<T> = { readonly [K in keyof T]: StoredRecord };

/**
 * Per-kind storage options. `indexes` names top-level fields whose value (a string, or an array
 * of strings for multi-valued fields) can be looked up with `listBy` without a scan. Values of
 * other types are not indexed.
 */
export interface KindOptions {
  readonly indexes: readonly string[];
}

/** The kinds a store holds, with their options. Maps a kind name to its record type via `T`. */
export type StoreSchema<T extends RecordTypes<T>> = {
  readonly [K in keyof T]: KindOptions;
};

export interface ReadTx<T extends RecordTypes<T>> {
  get<K extends keyof T & string>(kind: K, scope: Scope, id: string): T[K] | undefined;
  /**
   * All records of a kind in a scope, in insertion order (stable across restarts). A replaced
   * record keeps its place; a deleted and re-inserted one goes to the end.
   */
  list<K extends keyof T & string>(kind: K, scope: Scope): readonly T[K][];
  /**
   * Records whose indexed `field` equals `value` (or contains it, for array fields), insertion
   * order. Throws if `field` is not declared in the kind's `indexes`.
   */
  listBy<K extends keyof T & string>(kind: K, scope: Scope, field: string, value: string): readonly T[K][];
  count<K extends keyof T & string>(kind: K, scope: Scope): number;
  /** Every record of a kind in every scope, with its scope, in insertion order across scopes. */
  listAll<K extends keyof T & string>(kind: K): readonly { readonly scope: Scope; readonly record: T[K] }[];
  /** A small key/value area for counters and settings that are not resources. */
  getMeta(key: string): string | undefined;
}

export interface WriteTx<T extends RecordTypes<T>> extends ReadTx<T> {
  /** Inserts or replaces. A replaced record keeps its place in insertion order. */
  put<K extends keyof T & string>(kind: K, scope: Scope, record: T[K]): void;
  /** Returns whether a record was there. */
  delete<K extends keyof T & string>(kind: K, scope: Scope, id: string): boolean;
  /** Throws for keys beginning with `store.`, which the backends reserve. */
  setMeta(key: string, value: string): void;
}

export interface Store<T extends RecordTypes<T>> {
  read<R>(fn: (tx: ReadTx<T>) => R): R;
  /** Runs `fn` atomically: if it throws, no change it made is visible, and the error propagates. */
  write<R>(fn: (tx: WriteTx<T>) => R): R;
  /**
   * Increases by one for every committed write transaction that changed something, so caches
   * keyed by it (the data plane's compiled graph) stay valid. Every `put` counts as a change (no
   * deep comparison); deleting a missing record, setting meta to its current value, or putting
   * and then deleting a new record in the same transaction does not. Starts at 0 when a store
   * is opened.
   */
  readonly version: number;
  /**
   * Resolves once every committed write is on durable storage. Backends that write before
   * `write()` returns (and the memory store, which has nothing to write) resolve at once; a
   * backend with group commit resolves after its next batched commit. A server answers a request
   * after this, so an answered write is never lost to a crash.
   */
  durable(): Promise<void>;
  /** Releases the backend. Idempotent; any later `read` or `write` throws. */
  close(): void;
}
