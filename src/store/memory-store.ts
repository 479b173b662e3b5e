import type { ReadTx, RecordTypes, Scope, Store, StoredRecord, StoreSchema, WriteTx } from "./store.js";

export interface MemoryStoreOptions {
  /**
   * Deep-freezes every record on `put` and every returned array, and rejects values a persistent
   * backend could not round-trip (class instances, Maps, functions, non-finite numbers). Meant
   * for tests: it turns accidental mutation of stored data into a TypeError at the guilty line.
   */
  readonly freeze?: boolean;
}

/** Creates a store that lives in this process only. */
export function createMemoryStore<T extends RecordTypes<T>>(
  schema: StoreSchema<T>,
  options: MemoryStoreOptions = {},
): Store<T> {
  return new MemoryEngine(schema as AnySchema, options) as unknown as Store<T>;
}

// The engine is written against untyped kinds; the public factories cast at the boundary, which
// keeps the per-kind generics out of every internal signature.
type AnySchema = { readonly [kind: string]: { readonly indexes: readonly string[] } };
type AnyRecord = StoredRecord & { readonly [field: string]: unknown };
type ScopedRecord = { readonly scope: Scope; readonly record: AnyRecord };

export const RESERVED_META_PREFIX = "store.";

/**
 * A record with its insertion sequence number. The number is global to the store (not per scope)
 * so that `listAll` can order across scopes and a persistent backend can restore every order
 * from one column. A replacement keeps the number; a re-insertion after a delete gets a new one.
 */
export interface Entry {
  record: AnyRecord;
  readonly seq: number;
}

/** The ids of one index value, kept in `seq` order lazily: see `sortedEntries`. */
interface Bucket {
  readonly entries: Set<Entry>;
  maxSeq: number;
  sorted: boolean;
  cache: readonly AnyRecord[] | undefined;
}

class KindData {
  readonly scopes = new Map<string, Map<string, ScopeData>>();
  /** Scopes in creation order, for `listAll`. */
  readonly scopeList: ScopeData[] = [];
  allCache: readonly ScopedRecord[] | undefined;

  constructor(
    readonly name: string,
    readonly indexedFields: ReadonlySet<string>,
  ) {}
}

export class ScopeData {
  readonly scope: Scope;
  /** Map iteration order is insertion order, which is what `list` promises. */
  readonly records = new Map<string, Entry>();
  readonly indexes = new Map<string, Map<string, Bucket>>();
  listCache: readonly AnyRecord[] | undefined;

  constructor(
    readonly kind: KindData,
    account: string,
    region: string,
  ) {
    this.scope = Object.freeze({ account, region });
    for (const field of kind.indexedFields) this.indexes.set(field, new Map());
  }
}

/** A transaction's pending record changes per scope: an entry to write, or null to delete. */
export type ScopeChanges = Map<string, Entry | null>;

/** What a committing write transaction changed, handed to a persistent backend before it applies. */
export interface PendingChanges {
  readonly records: ReadonlyMap<ScopeData, ScopeChanges>;
  readonly meta: ReadonlyMap<string, string> | undefined;
}

export interface EngineHooks {
  /**
   * Makes the changes durable. Runs before memory changes; if it throws, the transaction is
   * discarded and the error propagates, so memory never holds what storage lacks.
   */
  readonly persist?: (changes: PendingChanges) => void;
  readonly close?: () => void;
}

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The in-memory store, also the read mirror of persistent backends (which load it with `load`
 * and `loadMeta` and pass a `persist` hook).
 */
export class MemoryEngine implements Store<Record<string, AnyRecord>> {
  readonly kinds = new Map<string, KindData>();
  readonly meta = new Map<string, string>();
  readonly freeze: boolean;
  nextSeq = 1;
  #version = 0;
  #readDepth = 0;
  #activeWrite: WriteTransaction | undefined;
  #closed = false;
  readonly #reader: CommittedReader;
  readonly #hooks: EngineHooks;

  constructor(schema: AnySchema, options: MemoryStoreOptions = {}, hooks: EngineHooks = {}) {
    for (const [name, kindOptions] of Object.entries(schema)) {
      const indexes = kindOptions?.indexes;
      if (!Array.isArray(indexes)) throw new TypeError(`store schema: kind ${name} has no indexes array`);
      for (const field of indexes) {
        if (typeof field !== "string" || field === "") {
          throw new TypeError(`store schema: kind ${name} has an invalid index field ${String(field)}`);
        }
      }
      this.kinds.set(name, new KindData(name, new Set(indexes)));
    }
    this.freeze = options.freeze === true;
    this.#hooks = hooks;
    this.#reader = new CommittedReader(this);
  }

  get version(): number {
    return this.#version;
  }

  read<R>(fn: (tx: ReadTx<Record<string, AnyRecord>>) => R): R {
    this.#assertOpen();
    if (this.#activeWrite !== undefined) {
      throw new Error(
        "store.read called inside a write transaction: transactions do not nest; read through the write tx",
      );
    }
    this.#readDepth++;
    try {
      return fn(this.#reader);
    } finally {
      this.#readDepth--;
    }
  }

  write<R>(fn: (tx: WriteTx<Record<string, AnyRecord>>) => R): R {
    this.#assertOpen();
    if (this.#activeWrite !== undefined) {
      throw new Error("store.write called inside a write transaction: transactions do not nest; pass the tx");
    }
    if (this.#readDepth > 0) {
      throw new Error("store.write called inside a read transaction: transactions do not nest");
    }
    const tx = new WriteTransaction(this);
    const seqAtStart = this.nextSeq;
    this.#activeWrite = tx;
    try {
      const result = fn(tx);
      if (isThenable(result)) {
        // Swallow the abandoned promise's eventual rejection (it will hit the closed tx).
        result.then(undefined, () => {});
        throw new Error(
          "store.write callback returned a Promise: transactions are synchronous, so work after an await " +
            "would run outside it; the transaction was rolled back",
        );
      }
      tx.open = false;
      this.#commit(tx);
      return result;
    } catch (error) {
      // Sequence numbers handed out by the discarded transaction are reused: no gaps on rollback.
      this.nextSeq = seqAtStart;
      throw error;
    } finally {
      tx.open = false;
      this.#activeWrite = undefined;
    }
  }

  /** Nothing to write: the memory store is as durable as its process. */
  durable(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#hooks.close?.();
  }

  /**
   * Adds a record read from storage, or replaces in place the one loaded earlier with the same
   * sequence number (a replay of a committed replacement). Only before the store is used;
   * bypasses transactions. The same id under another sequence number means the storage is
   * inconsistent (a re-insertion is always stored as a delete first), so it throws.
   */
  load(kind: string, account: string, region: string, record: AnyRecord, seq: number): void {
    const kindData = this.kinds.get(kind);
    if (kindData === undefined) throw new Error(`store: stored kind ${kind} is not in the schema`);
    if (this.freeze) deepFreezePlainData(record, kind);
    const scopeData = this.scopeData(kindData, account, region, true);
    const existing = scopeData.records.get(record.id);
    if (existing !== undefined && existing.seq !== seq) {
      throw new Error(
        `store: ${kind} ${record.id} in ${account}/${region} is stored twice, with sequence numbers ${existing.seq} and ${seq}`,
      );
    }
    applyChange(scopeData, record.id, { record, seq });
    scopeData.listCache = undefined;
    kindData.allCache = undefined;
    if (seq >= this.nextSeq) this.nextSeq = seq + 1;
  }

  /** Removes a loaded record (a replayed delete). Only before the store is used. */
  unload(kind: string, account: string, region: string, id: string): boolean {
    const kindData = this.kinds.get(kind);
    if (kindData === undefined) throw new Error(`store: stored kind ${kind} is not in the schema`);
    const scopeData = this.scopeData(kindData, account, region, false);
    if (scopeData?.records.has(id) !== true) return false;
    applyChange(scopeData, id, null);
    return true;
  }

  loadMeta(key: string, value: string): void {
    this.meta.set(key, value);
  }

  kind(name: string): KindData {
    const kindData = this.kinds.get(name);
    if (kindData === undefined) throw new Error(`store: unknown kind ${String(name)}`);
    return kindData;
  }

  scopeData(kindData: KindData, account: string, region: string, create: true): ScopeData;
  scopeData(kindData: KindData, account: string, region: string, create: false): ScopeData | undefined;
  scopeData(kindData: KindData, account: string, region: string, create: boolean): ScopeData | undefined {
    let byRegion = kindData.scopes.get(account);
    if (byRegion === undefined) {
      if (!create) return undefined;
      byRegion = new Map();
      kindData.scopes.set(account, byRegion);
    }
    let scopeData = byRegion.get(region);
    if (scopeData === undefined && create) {
      if (typeof account !== "string" || typeof region !== "string") {
        throw new TypeError("store: a scope needs a string account and region");
      }
      scopeData = new ScopeData(kindData, account, region);
      byRegion.set(region, scopeData);
      kindData.scopeList.push(scopeData);
    }
    return scopeData;
  }

  assertReading(): void {
    if (this.#readDepth === 0 || this.#closed) throw new Error("store: read transaction used after it ended");
  }

  list(scopeData: ScopeData): readonly AnyRecord[] {
    let list = scopeData.listCache;
    if (list === undefined) {
      const records: AnyRecord[] = new Array(scopeData.records.size);
      let i = 0;
      for (const entry of scopeData.records.values()) records[i++] = entry.record;
      list = this.freeze ? Object.freeze(records) : records;
      scopeData.listCache = list;
    }
    return list;
  }

  listBy(scopeData: ScopeData, field: string, value: string): readonly AnyRecord[] {
    const bucket = bucketOf(scopeData, field, value);
    if (bucket === undefined) return EMPTY;
    let list = bucket.cache;
    if (list === undefined) {
      const records: AnyRecord[] = new Array(bucket.entries.size);
      let i = 0;
      for (const entry of sortedEntries(bucket)) records[i++] = entry.record;
      list = this.freeze ? Object.freeze(records) : records;
      bucket.cache = list;
    }
    return list;
  }

  listAll(kindData: KindData): readonly ScopedRecord[] {
    let list = kindData.allCache;
    if (list === undefined) {
      const items: { seq: number; item: ScopedRecord }[] = [];
      for (const scopeData of kindData.scopeList) {
        for (const entry of scopeData.records.values()) {
          items.push({
            seq: entry.seq,
            item: this.#frozen({ scope: scopeData.scope, record: entry.record }),
          });
        }
      }
      // Each scope's run is already in order, which TimSort merges in near-linear time.
      items.sort(bySeqField);
      const all = items.map((x) => x.item);
      list = this.freeze ? Object.freeze(all) : all;
      kindData.allCache = list;
    }
    return list;
  }

  #frozen<V extends object>(value: V): V {
    return this.freeze ? Object.freeze(value) : value;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error("store: the store is closed");
  }

  #commit(tx: WriteTransaction): void {
    const records = tx.overlay;
    const meta = tx.metaOverlay;
    let changed = meta !== undefined && meta.size > 0;
    if (!changed && records !== undefined) {
      for (const changes of records.values()) {
        if (changes.size > 0) {
          changed = true;
          break;
        }
      }
    }
    if (!changed) return;
    this.#hooks.persist?.({ records: records ?? new Map(), meta });
    // Nothing below throws: memory follows storage once storage has accepted the changes.
    if (records !== undefined) {
      for (const [scopeData, changes] of records) {
        if (changes.size === 0) continue;
        for (const [id, pending] of changes) applyChange(scopeData, id, pending);
        scopeData.listCache = undefined;
        scopeData.kind.allCache = undefined;
      }
    }
    if (meta !== undefined) for (const [key, value] of meta) this.meta.set(key, value);
    this.#version++;
  }
}

function applyChange(scopeData: ScopeData, id: string, pending: Entry | null): void {
  const current = scopeData.records.get(id);
  if (pending === null) {
    if (current !== undefined) {
      scopeData.records.delete(id);
      removeEntry(scopeData, current);
    }
  } else if (current !== undefined && current.seq === pending.seq) {
    const previous = current.record;
    current.record = pending.record;
    for (const field of scopeData.kind.indexedFields) {
      reindexField(scopeData, field, current, previous[field], pending.record[field]);
    }
  } else {
    if (current !== undefined) {
      scopeData.records.delete(id);
      removeEntry(scopeData, current);
    }
    insertEntry(scopeData, pending);
  }
}

// Insertion and removal loop over index values inline rather than through a callback: they run
// once per record when a persistent store loads, where a closure per field is measurable.
function insertEntry(scopeData: ScopeData, entry: Entry): void {
  scopeData.records.set(entry.record.id, entry);
  for (const field of scopeData.kind.indexedFields) {
    const value = entry.record[field];
    if (typeof value === "string") addToBucket(scopeData, field, value, entry);
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "string") addToBucket(scopeData, field, item, entry);
    }
  }
  scopeData.listCache = undefined;
  scopeData.kind.allCache = undefined;
}

/** Unindexes an entry already removed from `records`. */
function removeEntry(scopeData: ScopeData, entry: Entry): void {
  for (const field of scopeData.kind.indexedFields) {
    const value = entry.record[field];
    if (typeof value === "string") removeFromBucket(scopeData, field, value, entry);
    else if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "string") removeFromBucket(scopeData, field, item, entry);
    }
  }
  scopeData.listCache = undefined;
  scopeData.kind.allCache = undefined;
}

function reindexField(
  scopeData: ScopeData,
  field: string,
  entry: Entry,
  before: unknown,
  after: unknown,
): void {
  if (typeof before === "string" && typeof after === "string") {
    // The common case (a `vpcId`), handled without allocating.
    if (before === after) {
      const bucket = bucketOf(scopeData, field, before);
      if (bucket !== undefined) bucket.cache = undefined;
    } else {
      removeFromBucket(scopeData, field, before, entry);
      addToBucket(scopeData, field, after, entry);
    }
    return;
  }
  const oldValues = indexValues(before);
  const newValues = indexValues(after);
  for (const value of oldValues) {
    if (newValues.includes(value)) {
      const bucket = bucketOf(scopeData, field, value);
      if (bucket !== undefined) bucket.cache = undefined;
    } else {
      removeFromBucket(scopeData, field, value, entry);
    }
  }
  for (const value of newValues) {
    if (!oldValues.includes(value)) addToBucket(scopeData, field, value, entry);
  }
}

function bucketOf(scopeData: ScopeData, field: string, value: string): Bucket | undefined {
  const index = scopeData.indexes.get(field);
  if (index === undefined) {
    throw new Error(`store: kind ${scopeData.kind.name} has no index on field ${String(field)}`);
  }
  return index.get(value);
}

function addToBucket(scopeData: ScopeData, field: string, value: string, entry: Entry): void {
  const index = scopeData.indexes.get(field)!;
  let bucket = index.get(value);
  if (bucket === undefined) {
    bucket = { entries: new Set(), maxSeq: 0, sorted: true, cache: undefined };
    index.set(value, bucket);
  }
  bucket.entries.add(entry);
  // A record moving into this bucket from another value may be older than its members.
  if (entry.seq < bucket.maxSeq) bucket.sorted = false;
  else bucket.maxSeq = entry.seq;
  bucket.cache = undefined;
}

function removeFromBucket(scopeData: ScopeData, field: string, value: string, entry: Entry): void {
  const index = scopeData.indexes.get(field)!;
  const bucket = index.get(value);
  if (bucket === undefined) return;
  bucket.entries.delete(entry);
  bucket.cache = undefined;
  // Dropping empty buckets keeps memory proportional to live values, not to history.
  if (bucket.entries.size === 0) index.delete(value);
}

function sortedEntries(bucket: Bucket): Set<Entry> {
  if (!bucket.sorted) {
    const entries = [...bucket.entries].sort(bySeq);
    bucket.entries.clear();
    for (const entry of entries) bucket.entries.add(entry);
    bucket.sorted = true;
  }
  return bucket.entries;
}

function indexValues(value: unknown): readonly string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return EMPTY;
}

function hasIndexValue(record: AnyRecord, field: string, value: string): boolean {
  const fieldValue = record[field];
  if (typeof fieldValue === "string") return fieldValue === value;
  return Array.isArray(fieldValue) && fieldValue.includes(value);
}

function bySeq(a: Entry, b: Entry): number {
  return a.seq - b.seq;
}

function bySeqField(a: { seq: number }, b: { seq: number }): number {
  return a.seq - b.seq;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Reads committed state. One instance per store: a read transaction allocates nothing. */
class CommittedReader implements ReadTx<Record<string, AnyRecord>> {
  constructor(private readonly engine: MemoryEngine) {}

  get(kind: string, scope: Scope, id: string): AnyRecord | undefined {
    this.engine.assertReading();
    return this.engine.scopeData(this.engine.kind(kind), scope.account, scope.region, false)?.records.get(id)
      ?.record;
  }

  list(kind: string, scope: Scope): readonly AnyRecord[] {
    this.engine.assertReading();
    const scopeData = this.engine.scopeData(this.engine.kind(kind), scope.account, scope.region, false);
    return scopeData === undefined ? EMPTY : this.engine.list(scopeData);
  }

  listBy(kind: string, scope: Scope, field: string, value: string): readonly AnyRecord[] {
    this.engine.assertReading();
    const kindData = this.engine.kind(kind);
    assertIndexed(kindData, field);
    const scopeData = this.engine.scopeData(kindData, scope.account, scope.region, false);
    return scopeData === undefined ? EMPTY : this.engine.listBy(scopeData, field, value);
  }

  count(kind: string, scope: Scope): number {
    this.engine.assertReading();
    return (
      this.engine.scopeData(this.engine.kind(kind), scope.account, scope.region, false)?.records.size ?? 0
    );
  }

  listAll(kind: string): readonly ScopedRecord[] {
    this.engine.assertReading();
    return this.engine.listAll(this.engine.kind(kind));
  }

  getMeta(key: string): string | undefined {
    this.engine.assertReading();
    return this.engine.meta.get(key);
  }
}

function assertIndexed(kindData: KindData, field: string): void {
  if (!kindData.indexedFields.has(field)) {
    throw new Error(`store: kind ${kindData.name} has no index on field ${String(field)}`);
  }
}

/**
 * A write transaction: changes go to an overlay that its own reads consult and that commit
 * applies. Overlay invariant: entries with a sequence number new to this transaction appear in
 * the overlay map in sequence order (a re-insertion after a delete is moved to the end), so
 * merged reads append them without sorting.
 */
class WriteTransaction implements WriteTx<Record<string, AnyRecord>> {
  open = true;
  overlay: Map<ScopeData, ScopeChanges> | undefined;
  metaOverlay: Map<string, string> | undefined;

  constructor(private readonly engine: MemoryEngine) {}

  get(kind: string, scope: Scope, id: string): AnyRecord | undefined {
    this.#assertOpen();
    const scopeData = this.engine.scopeData(this.engine.kind(kind), scope.account, scope.region, false);
    if (scopeData === undefined) return undefined;
    const pending = this.overlay?.get(scopeData)?.get(id);
    if (pending !== undefined) return pending?.record;
    return scopeData.records.get(id)?.record;
  }

  list(kind: string, scope: Scope): readonly AnyRecord[] {
    this.#assertOpen();
    const scopeData = this.engine.scopeData(this.engine.kind(kind), scope.account, scope.region, false);
    if (scopeData === undefined) return EMPTY;
    const changes = this.overlay?.get(scopeData);
    if (changes === undefined || changes.size === 0) return this.engine.list(scopeData);
    return mergedEntries(scopeData, changes).map((entry) => entry.record);
  }

  listBy(kind: string, scope: Scope, field: string, value: string): readonly AnyRecord[] {
    this.#assertOpen();
    const kindData = this.engine.kind(kind);
    assertIndexed(kindData, field);
    const scopeData = this.engine.scopeData(kindData, scope.account, scope.region, false);
    if (scopeData === undefined) return EMPTY;
    const changes = this.overlay?.get(scopeData);
    if (changes === undefined || changes.size === 0) return this.engine.listBy(scopeData, field, value);
    const matches: Entry[] = [];
    const bucket = bucketOf(scopeData, field, value);
    if (bucket !== undefined) {
      for (const entry of bucket.entries) if (!changes.has(entry.record.id)) matches.push(entry);
    }
    for (const pending of changes.values()) {
      if (pending !== null && hasIndexValue(pending.record, field, value)) matches.push(pending);
    }
    return matches.sort(bySeq).map((entry) => entry.record);
  }

  count(kind: string, scope: Scope): number {
    this.#assertOpen();
    const scopeData = this.engine.scopeData(this.engine.kind(kind), scope.account, scope.region, false);
    if (scopeData === undefined) return 0;
    let count = scopeData.records.size;
    const changes = this.overlay?.get(scopeData);
    if (changes !== undefined) {
      for (const [id, pending] of changes) {
        const committed = scopeData.records.has(id);
        if (pending === null && committed) count--;
        else if (pending !== null && !committed) count++;
      }
    }
    return count;
  }

  listAll(kind: string): readonly ScopedRecord[] {
    this.#assertOpen();
    const kindData = this.engine.kind(kind);
    const overlay = this.overlay;
    let touched = false;
    if (overlay !== undefined) {
      for (const scopeData of kindData.scopeList) {
        if ((overlay.get(scopeData)?.size ?? 0) > 0) {
          touched = true;
          break;
        }
      }
    }
    if (!touched) return this.engine.listAll(kindData);
    const items: { seq: number; item: ScopedRecord }[] = [];
    for (const scopeData of kindData.scopeList) {
      const changes = overlay?.get(scopeData);
      const entries = changes === undefined ? scopeData.records.values() : mergedEntries(scopeData, changes);
      for (const entry of entries)
        items.push({ seq: entry.seq, item: { scope: scopeData.scope, record: entry.record } });
    }
    return items.sort(bySeqField).map((x) => x.item);
  }

  getMeta(key: string): string | undefined {
    this.#assertOpen();
    const pending = this.metaOverlay?.get(key);
    return pending !== undefined ? pending : this.engine.meta.get(key);
  }

  put(kind: string, scope: Scope, record: AnyRecord): void {
    this.#assertOpen();
    const kindData = this.engine.kind(kind);
    if (typeof record !== "object" || record === null || typeof record.id !== "string" || record.id === "") {
      throw new TypeError(`store: a ${kind} record needs a non-empty string id`);
    }
    if (this.engine.freeze) deepFreezePlainData(record, `${kind} ${record.id}`);
    const scopeData = this.engine.scopeData(kindData, scope.account, scope.region, true);
    this.overlay ??= new Map();
    let changes = this.overlay.get(scopeData);
    if (changes === undefined) {
      changes = new Map();
      this.overlay.set(scopeData, changes);
    }
    const id = record.id;
    const pending = changes.get(id);
    if (pending === undefined) {
      const committed = scopeData.records.get(id);
      changes.set(id, { record, seq: committed !== undefined ? committed.seq : this.engine.nextSeq++ });
    } else if (pending === null) {
      // Deleted earlier in this transaction: a re-insertion, which goes to the end.
      changes.delete(id);
      changes.set(id, { record, seq: this.engine.nextSeq++ });
    } else {
      pending.record = record;
    }
  }

  delete(kind: string, scope: Scope, id: string): boolean {
    this.#assertOpen();
    const scopeData = this.engine.scopeData(this.engine.kind(kind), scope.account, scope.region, false);
    if (scopeData === undefined) return false;
    const committed = scopeData.records.has(id);
    let changes = this.overlay?.get(scopeData);
    const pending = changes?.get(id);
    if (pending === null) return false;
    if (pending === undefined && !committed) return false;
    if (committed) {
      if (changes === undefined) {
        this.overlay ??= new Map();
        changes = new Map();
        this.overlay.set(scopeData, changes);
      }
      changes.set(id, null);
    } else {
      // Inserted by this transaction only: forgetting it leaves no trace, so no version bump.
      changes?.delete(id);
    }
    return true;
  }

  setMeta(key: string, value: string): void {
    this.#assertOpen();
    if (typeof key !== "string" || typeof value !== "string") {
      throw new TypeError("store: meta keys and values are strings");
    }
    if (key.startsWith(RESERVED_META_PREFIX)) {
      throw new Error(`store: meta key ${key} is reserved (keys beginning with ${RESERVED_META_PREFIX})`);
    }
    if (this.engine.meta.get(key) === value) {
      this.metaOverlay?.delete(key);
    } else {
      this.metaOverlay ??= new Map();
      this.metaOverlay.set(key, value);
    }
  }

  #assertOpen(): void {
    if (!this.open) throw new Error("store: write transaction used after it ended");
  }
}

/** Committed entries with a transaction's changes applied, in insertion order. */
function mergedEntries(scopeData: ScopeData, changes: ScopeChanges): Entry[] {
  const out: Entry[] = [];
  for (const [id, entry] of scopeData.records) {
    const pending = changes.get(id);
    if (pending === undefined) out.push(entry);
    else if (pending !== null && pending.seq === entry.seq) out.push(pending);
  }
  for (const [id, pending] of changes) {
    if (pending !== null && scopeData.records.get(id)?.seq !== pending.seq) out.push(pending);
  }
  return out;
}

// Objects frozen by this module, so that re-putting records that share parts with earlier ones
// (an unchanged `tags` array) does not walk them again. An object someone else froze is still
// walked: its children may be neither frozen nor plain.
const deepFrozen = new WeakSet<object>();

function deepFreezePlainData(value: unknown, path: string): void {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "bigint":
    case "undefined":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`store: ${path} is ${value}, which JSON cannot hold`);
      return;
    case "object":
      break;
    default:
      throw new TypeError(`store: ${path} is a ${typeof value}; records hold plain data only`);
  }
  if (value === null || deepFrozen.has(value)) return;
  if (value instanceof Date) {
    // Freezing a Date does not stop setTime, but it marks intent and costs nothing.
    Object.freeze(value);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) deepFreezePlainData(value[i], `${path}[${i}]`);
    Object.freeze(value);
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? "object";
      throw new TypeError(
        `store: ${path} is a ${name}; records hold plain data only (objects, arrays, strings, numbers, booleans, null, Date)`,
      );
    }
    for (const [key, child] of Object.entries(value)) deepFreezePlainData(child, `${path}.${key}`);
    Object.freeze(value);
  }
  deepFrozen.add(value);
}
