/**
 * The SQLite backend: an in-memory mirror (the memory engine) for reads, and a log-structured
 * file for persistence.
 *
 * Layout (schema version 2)
 * - `records (seq INTEGER PRIMARY KEY, kind, account, region, id, data)`: a snapshot of every
 *   record as of some committed store transaction, keyed by the record's insertion sequence
 *   number. The number is unique among live records, so it identifies a record; keying by it
 *   makes a scan return insertion order without a sort, and puts the records written recently
 *   (the ones updated again soon: state transitions, tags) next to each other, so folding them
 *   touches few pages. No index on (kind, account, region, id): the mirror enforces uniqueness,
 *   and opening checks it.
 * - `meta (key, value)`: user meta as of the same transaction, plus the reserved
 *   `store.schema_version`.
 * - `log (seq INTEGER PRIMARY KEY, changes TEXT)`: one row per committed store write transaction
 *   after the snapshot, in commit order. `changes` is one line per change (format below).
 *
 * Why a log: upserting records in place costs a random B-tree update per record (~80-90 µs for a
 * transaction of four puts in the version 1 layout); appending the whole transaction as one row
 * at the end of `log` costs one INSERT, whose commit writes about three WAL pages. Compaction
 * later folds many transactions at once, keeping only the last state of each record.
 *
 * Invariant: `records` + `meta` hold exactly the state after some committed transaction N, and
 * `log` holds exactly the transactions after N. Opening loads the snapshot, then replays the log
 * in order (puts replace, deletes remove, meta applies), which rebuilds the mirror as it was.
 * A compaction step folds the oldest log rows into the snapshot and deletes those rows in ONE
 * SQLite transaction, so the invariant holds after every commit, and a crash inside a step
 * (SQLite rolls the step back) or between steps leaves a file that reopens to the same state.
 *
 * Compaction runs (a) in the background once the log exceeds `maxLogRows` rows or `maxLogChars`
 * characters, then until the log is empty: one step per `setImmediate` turn, so the store API
 * stays synchronous and requests are served between steps; a step's size adapts to take about
 * STEP_TARGET_MILLIS (never more than `stepChanges` changes, always at least one log row);
 * (b) completely in `close()`; (c) on demand with `compact()` / `compactStep()`.
 * WAL checkpoints (at about CHECKPOINT_TARGET_FRAMES frames) run on a worker thread with a
 * connection of its own (checkpointer.ts), rather than inside the commit of whichever write fills
 * the WAL: their fsyncs take milliseconds that would otherwise stop every request in flight.
 * SQLite's own automatic checkpoint stays as a backstop for when the event loop does not turn.
 *
 * Durability: the log INSERT is the commit of the store transaction, and `write()` returns only
 * after it. With WAL and `synchronous = NORMAL`, a commit's pages are handed to the operating
 * system (written, not fsynced) before it returns. So:
 * - process crash (kill -9, uncaught exception, OOM) at any point, also inside a compaction step
 *   or a checkpoint: every transaction whose `write()` returned survives; none that threw (or
 *   was still running) is visible.
 * - power loss or OS crash: SQLite's `synchronous = NORMAL` semantics in WAL mode. The file stays
 *   consistent and reopens to some committed state, but transactions committed since the last
 *   checkpoint synced the WAL (a few MB of writes at most) may be lost.
 *
 * The file is locked for the life of the store (an exclusive lock on `<path>.lock`, see
 * `lockDatabase`): the mirror would go stale if another process wrote to it, so a second opener
 * fails instead.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { Checkpointer, type CheckpointResult } from "./checkpointer.js";
import { MemoryEngine, type PendingChanges, RESERVED_META_PREFIX, type ScopeData } from "./memory-store.js";
import type { ReadTx, RecordTypes, Store, StoredRecord, StoreSchema } from "./store.js";

export interface SqliteStoreOptions {
  /** The database file; its directory is created if missing. */
  readonly path: string;
  /** As for the memory store: deep-freezes records and checks they are plain data. */
  readonly freeze?: boolean;
  readonly compaction?: CompactionOptions;
  /**
   * Group commit: `write()` applies a transaction to the mirror at once and queues its log row;
   * the queue is written in one SQLite transaction on the next turn of the event loop, and
   * `durable()` resolves after that. A server answers each request after `durable()`, so
   * concurrent requests share one commit. Default false: `write()` commits to the file before it
   * returns.
   */
  readonly groupCommit?: boolean;
}

export interface CompactionOptions {
  /** Start folding the log in the background once it holds more rows than this. Default 5,000. */
  readonly maxLogRows?: number;
  /** ... or more characters than this (about bytes: records are mostly ASCII). Default 8 Mi. */
  readonly maxLogChars?: number;
  /**
   * The most changes one step folds (a step folds at least one log row, whatever its size).
   * `compactStep()` folds up to this many; background steps adapt below it to take about 2 ms,
   * which bounds how long they block the event loop. Default 256.
   */
  readonly stepChanges?: number;
  /**
   * `false`: no background work: only `compact()` and `close()` fold, and SQLite checkpoints
   * inside commits as it does by default. Default true.
   */
  readonly background?: boolean;
  /** `false`: `close()` leaves the log as it is, as a crash would (tests). Default true. */
  readonly onClose?: boolean;
  /**
   * Background work waits until no read or write has come for this long (while the log and the
   * WAL stay below 20 times their thresholds), so that under load it does not compete with
   * requests for the one thread. Default 20 ms; 0 runs it on the next turn of the event loop.
   */
  readonly idleMs?: number;
  /**
   * Called when background work fails: a compaction step (its transaction rolls back, the log
   * is kept and replayed on open, so nothing is lost; background compaction pauses until the log
   * has grown by another threshold) or a checkpoint (the WAL is kept; SQLite retries).
   * Default: a process warning.
   */
  readonly onError?: (error: unknown) => void;
  /**
   * Tests only: runs inside every compaction step's SQLite transaction, after its writes and
   * before its commit. Throwing rolls the step back.
   */
  readonly beforeStepCommit?: () => void;
}

/** A store backed by SQLite, with control over compaction (see the module comment). */
export interface SqliteStore<T extends RecordTypes<T>> extends Store<T> {
  /** Folds the whole log into the snapshot now, in one SQLite transaction. */
  compact(): void;
  /** Folds the oldest log rows, up to `stepChanges` changes; returns whether rows remain. */
  compactStep(): boolean;
  /** The log rows not folded yet, and their length in characters. */
  readonly logSize: { readonly rows: number; readonly chars: number };
  /** Background checkpoints completed by the checkpointer thread since the store opened. */
  readonly checkpoints: number;
  /** Group commit: writes the queued log rows now. */
  flush(): void;
}

/** The layout this build writes. Bump it with a migration in `MIGRATIONS` when the layout changes. */
export const SQLITE_SCHEMA_VERSION = 2;

export const SCHEMA_VERSION_KEY = `${RESERVED_META_PREFIX}schema_version`;

const DEFAULT_MAX_LOG_ROWS = 5000;
const DEFAULT_MAX_LOG_CHARS = 8 * 1024 * 1024;
const DEFAULT_STEP_CHANGES = 256;
/** Background steps adapt their size to take about this long. */
const STEP_TARGET_MILLIS = 2;
const MIN_STEP_CHANGES = 8;
const INITIAL_STEP_CHANGES = 32;
/**
 * Background checkpoints aim at WALs of this many frames, SQLite's own default: each costs two
 * fsyncs, so checkpointing more often costs more in all.
 */
const CHECKPOINT_TARGET_FRAMES = 1000;
/**
 * SQLite's own checkpoint inside a commit, left as a backstop for when the event loop does not
 * turn for a long time (a synchronous import): in pages, twice the default.
 */
const INLINE_CHECKPOINT_PAGES = 20000;
/** Past this multiple of its threshold, compaction runs even while writes keep coming. */
const BUSY_LIMIT_FACTOR = 20;
const DEFAULT_IDLE_MS = 20;
const PAGE_BYTES = 4096;
const MIN_CHECKPOINT_AT_BYTES = 256 * 1024;
const MAX_CHECKPOINT_AT_BYTES = 256 * 1024 * 1024;

export type Migration = (db: Database.Database) => void;

const CREATE_RECORDS = `
  CREATE TABLE records (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    id TEXT NOT NULL,
    data TEXT NOT NULL
  )`;
const CREATE_LOG = "CREATE TABLE log (seq INTEGER PRIMARY KEY, changes TEXT NOT NULL)";

/** `MIGRATIONS[n]` turns a version-n file into a version n+1 one; all run in one transaction. */
const MIGRATIONS: Readonly<Record<number, Migration>> = {
  // Version 1 kept records keyed by (kind, account, region, id) and wrote them in place.
  1: (db) => {
    db.exec(`
      ${CREATE_RECORDS.replace("records", "records_v2")};
      INSERT INTO records_v2 (seq, kind, account, region, id, data)
        SELECT seq, kind, account, region, id, data FROM records ORDER BY seq;
      DROP TABLE records;
      ALTER TABLE records_v2 RENAME TO records;
      ${CREATE_LOG};
    `);
  },
};

/**
 * Opens (or creates) a store kept in a SQLite file; see the module comment for the layout, the
 * compaction and what survives a crash.
 */
export function openSqliteStore<T extends RecordTypes<T>>(
  schema: StoreSchema<T>,
  options: SqliteStoreOptions,
): SqliteStore<T> {
  const path = resolve(options.path);
  mkdirSync(dirname(path), { recursive: true });
  // No busy wait: the only other holder of the lock can be another store, which keeps it.
  const lock = lockDatabase(path);
  const db = new Database(path, { timeout: LOCK_WAIT_MILLIS });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    prepareSchema(db, path);
    return new SqliteBackedStore(db, lock, schema, options) as unknown as SqliteStore<T>;
  } catch (error) {
    db.close();
    lock.close();
    throw error;
  }
}

/**
 * How long a statement of the store waits for a lock on the database file. Only the store's own
 * checkpointer (see checkpointer.ts) shares the file, and a PASSIVE checkpoint takes no lock a
 * writer waits for; this covers the moment the checkpointer opens its connection.
 */
const LOCK_WAIT_MILLIS = 1000;

/**
 * Takes the lock that keeps a second store (in this process or another) off the file for the life
 * of this one: the mirror would go stale if another writer changed the file. An exclusive lock on
 * a small companion database (`<path>.lock`), held until the store closes; the operating system
 * releases it if the process dies. Not the database file itself: its checkpointer needs a
 * second connection to it.
 */
function lockDatabase(path: string): Database.Database {
  const lock = new Database(`${path}.lock`, { timeout: 0 });
  try {
    lock.pragma("locking_mode = EXCLUSIVE");
    // Nothing is ever written to it: no journal file next to it either.
    lock.pragma("journal_mode = MEMORY");
    // In exclusive locking mode the lock a transaction takes outlives its commit.
    lock.exec("BEGIN EXCLUSIVE; COMMIT");
    return lock;
  } catch (error) {
    lock.close();
    if (isBusy(error)) {
      throw new Error(`store: ${path} is in use by another process (or another store in this one)`, {
        cause: error,
      });
    }
    throw error;
  }
}

type AnyRecord = StoredRecord & { readonly [field: string]: unknown };

interface LogRow {
  seq: number;
  changes: string;
}

/*
 * Log line format, one change per line, lines joined by "\n":
 *   put     ["p",kind,account,region,id,seq]<TAB><record as encodeRecord writes it>
 *   delete  ["d",kind,account,region,id,seq]
 *   meta    ["m",key,value]
 * JSON.stringify never emits a raw tab or newline (it escapes control characters in strings), so
 * splitting on them is exact, and the record text is kept verbatim for the snapshot. A put whose
 * record replaces one with another sequence number (deleted and re-inserted in one transaction)
 * is preceded by a delete of the old number.
 */
type LogHeader =
  | readonly ["p" | "d", string, string, string, string, number]
  | readonly ["m", string, string];

/** One record change folded by a compaction step: the row to write, or null to delete it. */
interface FoldedRecord {
  readonly kind: string;
  readonly account: string;
  readonly region: string;
  readonly id: string;
  readonly data: string;
}

class SqliteBackedStore extends MemoryEngine {
  readonly #db: Database.Database;
  readonly #lock: Database.Database;
  readonly #path: string;
  readonly #appendLog: Database.Statement<[string]>;
  readonly #compactStepTx: Database.Transaction<(maxChanges: number) => void>;
  readonly #maxLogRows: number;
  readonly #maxLogChars: number;
  readonly #stepChanges: number;
  readonly #background: boolean;
  readonly #compactOnClose: boolean;
  readonly #onError: (error: unknown) => void;
  /** Per scope: the JSON of `kind,account,region,` as log lines spell it. */
  readonly #scopePrefixes = new WeakMap<ScopeData, string>();
  #logRows = 0;
  #logChars = 0;
  /** Background compaction waits until the log has this many rows (raised after a failure). */
  #resumeAtRows = 0;
  #resumeAtChars = 0;
  /** The one pending background tick. */
  #scheduled: NodeJS.Immediate | NodeJS.Timeout | undefined;
  /** Folding in the background until the log is empty. */
  #draining = false;
  /** Changes per background step, adapted to STEP_TARGET_MILLIS, at most `stepChanges`. */
  #stepBudget: number;
  /** About how many bytes were written to the WAL since the last checkpoint (an estimate). */
  #walBytes = 0;
  /**
   * The estimate at which a background checkpoint runs, steered by what each checkpoint finds:
   * the estimate is rough (a folded record may or may not share a page with another).
   */
  #checkpointAtBytes = CHECKPOINT_TARGET_FRAMES * PAGE_BYTES;
  /** Runs checkpoints off the event loop; started with the first checkpoint. */
  #checkpointer: Checkpointer | undefined;
  #checkpoints = 0;
  #open = true;
  readonly #groupCommit: boolean;
  readonly #idleMs: number;
  /** The last read or write, for `idleMs`. */
  #lastActivityAt = 0;
  readonly #appendBatch: Database.Transaction<(rows: readonly string[]) => void>;
  /** Group commit: log rows of committed transactions not yet written, and who waits for them. */
  #queued: string[] = [];
  #waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  #flushScheduled: NodeJS.Immediate | undefined;
  /** A failed group write leaves the mirror ahead of the file: no further write is accepted. */
  #failure: unknown;

  constructor(
    db: Database.Database,
    lock: Database.Database,
    schema: StoreSchema<Record<string, AnyRecord>>,
    options: SqliteStoreOptions,
  ) {
    // The engine calls the hooks only after construction: `this` is set by then.
    super(schema, options, {
      persist: (changes) => this.#append(changes),
      close: () => this.#close(),
    });
    this.#db = db;
    this.#lock = lock;
    this.#path = db.name;
    const compaction = options.compaction ?? {};
    this.#maxLogRows = compaction.maxLogRows ?? DEFAULT_MAX_LOG_ROWS;
    this.#maxLogChars = compaction.maxLogChars ?? DEFAULT_MAX_LOG_CHARS;
    this.#stepChanges = Math.max(1, compaction.stepChanges ?? DEFAULT_STEP_CHANGES);
    // Start small: how long a change takes to fold depends on the disk and on where it lands.
    this.#stepBudget = Math.min(this.#stepChanges, INITIAL_STEP_CHANGES);
    this.#background = compaction.background ?? true;
    this.#compactOnClose = compaction.onClose ?? true;
    this.#onError =
      compaction.onError ??
      ((error) =>
        process.emitWarning(
          `vpcsim store: background work on ${this.#path} failed; nothing is lost, and it will be retried: ${String(error)}`,
        ));
    const beforeStepCommit = compaction.beforeStepCommit;

    // Checkpoints run on the checkpointer's thread rather than in the commit of the write that
    // happens to fill the WAL; SQLite's own is the backstop.
    if (this.#background) db.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
    this.#appendLog = db.prepare<[string]>("INSERT INTO log (changes) VALUES (?)");
    this.#groupCommit = options.groupCommit ?? false;
    this.#idleMs = compaction.idleMs ?? DEFAULT_IDLE_MS;
    this.#appendBatch = db.transaction((rows: readonly string[]) => {
      for (const row of rows) this.#appendLog.run(row);
    });
    const selectLog = db.prepare<[number], LogRow>("SELECT seq, changes FROM log ORDER BY seq LIMIT ?");
    const putRecord = db.prepare<[number, string, string, string, string, string]>(
      "INSERT OR REPLACE INTO records (seq, kind, account, region, id, data) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const deleteRecord = db.prepare<[number]>("DELETE FROM records WHERE seq = ?");
    const upsertMeta = db.prepare<[string, string]>(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    const deleteLog = db.prepare<[number]>("DELETE FROM log WHERE seq <= ?");

    this.#compactStepTx = db.transaction((maxChanges: number) => {
      // The last state of each record (by its sequence number, which identifies one live
      // record at a time) and of each meta key; later lines overwrite earlier ones.
      const records = new Map<number, FoldedRecord | null>();
      const meta = new Map<string, string>();
      let changes = 0;
      let foldedRows = 0;
      let foldedChars = 0;
      let lastSeq = 0;
      // Rows hold at least one change each, so this many rows are enough for the budget. Leaving
      // the loop early ends the query, so the writes below can run.
      for (const row of selectLog.iterate(Number.isFinite(maxChanges) ? maxChanges : -1)) {
        if (foldedRows > 0 && changes >= maxChanges) break;
        forEachLogLine(row.changes, row.seq, (header, data) => {
          changes++;
          if (header[0] === "m") meta.set(header[1], header[2]);
          else if (header[0] === "d") records.set(header[5], null);
          else {
            const [, kind, account, region, id, seq] = header;
            records.set(seq, { kind, account, region, id, data: data! });
          }
        });
        foldedRows++;
        foldedChars += row.changes.length;
        lastSeq = row.seq;
      }
      if (foldedRows === 0) return;
      // In key order: the B-tree is walked forwards, and neighbouring records share pages.
      const seqs = [...records.keys()].sort((a, b) => a - b);
      for (const seq of seqs) {
        const folded = records.get(seq)!;
        if (folded === null) deleteRecord.run(seq);
        else putRecord.run(seq, folded.kind, folded.account, folded.region, folded.id, folded.data);
      }
      for (const [key, value] of meta) upsertMeta.run(key, value);
      deleteLog.run(lastSeq);
      beforeStepCommit?.();
      // Past the last statement that can fail; a failing COMMIT would undo these, see #compactRun.
      this.#logRows -= foldedRows;
      this.#logChars -= foldedChars;
      this.#walBytes += (records.size + 2) * PAGE_BYTES;
    });

    this.#loadSnapshot();
    this.#replayLog();
    this.#maybeSchedule();
  }

  get logSize(): { readonly rows: number; readonly chars: number } {
    return { rows: this.#logRows, chars: this.#logChars };
  }

  get checkpoints(): number {
    return this.#checkpoints;
  }

  /** Reads count as activity too: background work waits for the server to be quiet. */
  override read<R>(fn: (tx: ReadTx<Record<string, AnyRecord>>) => R): R {
    this.#lastActivityAt = performance.now();
    return super.read(fn);
  }

  override durable(): Promise<void> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#queued.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  flush(): void {
    if (this.#flushScheduled !== undefined) {
      clearImmediate(this.#flushScheduled);
      this.#flushScheduled = undefined;
    }
    const rows = this.#queued;
    const waiters = this.#waiters;
    this.#queued = [];
    this.#waiters = [];
    if (rows.length > 0) {
      try {
        this.#appendBatch.immediate(rows);
      } catch (error) {
        this.#failure = new Error(
          `store: writing ${this.#path} failed; the server's state is ahead of its file and it accepts no more writes: ${String(error)}`,
          { cause: error },
        );
        for (const w of waiters) w.reject(this.#failure);
        this.#onError(this.#failure);
        return;
      }
    }
    for (const w of waiters) w.resolve();
  }

  compact(): void {
    this.#assertUsable();
    this.#compactRun(Number.POSITIVE_INFINITY);
  }

  compactStep(): boolean {
    this.#assertUsable();
    this.#compactRun(this.#stepChanges);
    return this.#logRows > 0;
  }

  #assertUsable(): void {
    if (!this.#open) throw new Error("store: the store is closed");
  }

  #compactRun(maxChanges: number): void {
    const rows = this.#logRows;
    const chars = this.#logChars;
    try {
      this.#compactStepTx.immediate(maxChanges);
    } catch (error) {
      // The step rolled back: its rows are still in the log.
      this.#logRows = rows;
      this.#logChars = chars;
      throw error;
    }
  }

  #loadSnapshot(): void {
    const db = this.#db;
    // Rowid order is sequence order: the mirror is built in insertion order without a sort.
    // Rows as arrays: building an object per row costs a third of the scan.
    const rows = db
      .prepare<[], unknown>("SELECT seq, kind, account, region, id, data FROM records")
      .raw()
      .iterate() as IterableIterator<[number, string, string, string, string, string]>;
    for (const [seq, kind, account, region, id, data] of rows) {
      const record = decodeRecord(data) as AnyRecord;
      if (record?.id !== id) {
        throw new Error(`store: row ${kind} ${id} in ${this.#path} holds a record with another id`);
      }
      this.load(kind, account, region, record, seq);
    }
    for (const row of db
      .prepare<[], { key: string; value: string }>("SELECT key, value FROM meta")
      .iterate()) {
      if (!row.key.startsWith(RESERVED_META_PREFIX)) this.loadMeta(row.key, row.value);
    }
  }

  #replayLog(): void {
    const rows = this.#db
      .prepare<[], unknown>("SELECT seq, changes FROM log ORDER BY seq")
      .raw()
      .iterate() as IterableIterator<[number, string]>;
    for (const [rowSeq, changes] of rows) {
      forEachLogLine(changes, rowSeq, (header, data) => {
        if (header[0] === "m") {
          if (!header[1].startsWith(RESERVED_META_PREFIX)) this.loadMeta(header[1], header[2]);
          return;
        }
        const [op, kind, account, region, id, seq] = header;
        if (op === "d") {
          if (!this.unload(kind, account, region, id)) {
            throw new Error(
              `store: log row ${rowSeq} in ${this.#path} deletes ${kind} ${id}, which is not there`,
            );
          }
          return;
        }
        const record = decodeRecord(data!) as AnyRecord;
        if (record?.id !== id) {
          throw new Error(`store: log row ${rowSeq} in ${this.#path} holds a ${kind} ${id} with another id`);
        }
        this.load(kind, account, region, record, seq);
      });
      this.#logRows++;
      this.#logChars += changes.length;
    }
  }

  /** The persist hook: one log row per store transaction, before the mirror changes. */
  #append(changes: PendingChanges): void {
    // Encode everything first: a record that cannot be encoded fails the transaction before
    // anything reaches the file.
    const lines: string[] = [];
    for (const [scopeData, scopeChanges] of changes.records) {
      if (scopeChanges.size === 0) continue;
      const prefix = this.#scopePrefix(scopeData);
      for (const [id, pending] of scopeChanges) {
        const committed = scopeData.records.get(id);
        if (committed !== undefined && (pending === null || pending.seq !== committed.seq)) {
          lines.push(`["d",${prefix}${JSON.stringify(id)},${committed.seq}]`);
        }
        if (pending !== null) {
          lines.push(`["p",${prefix}${JSON.stringify(id)},${pending.seq}]\t${encodeRecord(pending.record)}`);
        }
      }
    }
    if (changes.meta !== undefined) {
      for (const [key, value] of changes.meta)
        lines.push(`["m",${JSON.stringify(key)},${JSON.stringify(value)}]`);
    }
    if (lines.length === 0) return;
    const text = lines.join("\n");
    if (this.#failure !== undefined) throw this.#failure;
    this.#lastActivityAt = performance.now();
    if (this.#groupCommit) {
      this.#queued.push(text);
      this.#flushScheduled ??= setImmediate(() => this.flush());
    } else {
      // One statement in autocommit mode: the INSERT is the commit.
      this.#appendLog.run(text);
    }
    this.#logRows++;
    this.#logChars += text.length;
    // The row's pages, the B-tree page above them and the header page.
    this.#walBytes += text.length + 2 * PAGE_BYTES;
    this.#maybeSchedule();
  }

  #scopePrefix(scopeData: ScopeData): string {
    let prefix = this.#scopePrefixes.get(scopeData);
    if (prefix === undefined) {
      const { account, region } = scopeData.scope;
      prefix = `${JSON.stringify(scopeData.kind.name)},${JSON.stringify(account)},${JSON.stringify(region)},`;
      this.#scopePrefixes.set(scopeData, prefix);
    }
    return prefix;
  }

  /**
   * Starts a checkpoint on the worker once the WAL has grown enough (at any time: it does not
   * run on the event loop), and queues a background tick if the log needs folding.
   */
  #maybeSchedule(): void {
    if (!this.#background || !this.#open) return;
    if (this.#walBytes >= this.#checkpointAtBytes) this.#startCheckpoint();
    if (this.#scheduled !== undefined) return;
    if (
      !this.#draining &&
      (this.#logRows > this.#maxLogRows || this.#logChars > this.#maxLogChars) &&
      (this.#logRows >= this.#resumeAtRows || this.#logChars >= this.#resumeAtChars)
    ) {
      this.#draining = true;
    }
    if (!this.#draining) return;
    const sinceWrite = performance.now() - this.#lastActivityAt;
    const overBusyLimits =
      this.#logRows > this.#maxLogRows * BUSY_LIMIT_FACTOR ||
      this.#logChars > this.#maxLogChars * BUSY_LIMIT_FACTOR;
    if (sinceWrite < this.#idleMs && !overBusyLimits) {
      // Writes are coming: look again once they pause.
      const timer = setTimeout(
        () => {
          this.#scheduled = undefined;
          this.#maybeSchedule();
        },
        this.#idleMs - sinceWrite + 1,
      );
      timer.unref();
      this.#scheduled = timer;
      return;
    }
    const immediate = setImmediate(() => this.#tick());
    // Pending work must not keep a process alive: the log is safe on disk as it is.
    immediate.unref();
    this.#scheduled = immediate;
  }

  #startCheckpoint(): void {
    try {
      this.#checkpointer ??= new Checkpointer(
        this.#path,
        (result) => this.#checkpointDone(result),
        // Nothing is lost: the WAL is kept, and the next checkpoint (or SQLite's own) tries again.
        (error) => this.#onError(error),
      );
    } catch (error) {
      this.#walBytes = 0;
      this.#onError(error);
      return;
    }
    if (this.#checkpointer.start()) this.#walBytes = 0;
  }

  /** Steers the estimate that starts checkpoints by what the last one found. */
  #checkpointDone({ frames }: CheckpointResult): void {
    this.#checkpoints++;
    if (frames > 0) {
      const ratio = Math.min(2, Math.max(0.5, CHECKPOINT_TARGET_FRAMES / frames));
      this.#checkpointAtBytes = Math.min(
        MAX_CHECKPOINT_AT_BYTES,
        Math.max(MIN_CHECKPOINT_AT_BYTES, this.#checkpointAtBytes * ratio),
      );
    }
    this.#maybeSchedule();
  }

  /** One bounded piece of background work, then the next is queued behind whatever else waits. */
  #tick(): void {
    this.#scheduled = undefined;
    if (!this.#open) return;
    if (this.#draining) {
      const start = performance.now();
      try {
        this.#compactRun(this.#stepBudget);
      } catch (error) {
        this.#draining = false;
        this.#resumeAtRows = this.#logRows + this.#maxLogRows;
        this.#resumeAtChars = this.#logChars + this.#maxLogChars;
        this.#onError(error);
        return;
      }
      const millis = performance.now() - start;
      if (millis > STEP_TARGET_MILLIS) {
        this.#stepBudget = Math.max(
          Math.min(MIN_STEP_CHANGES, this.#stepChanges),
          Math.floor((this.#stepBudget * STEP_TARGET_MILLIS) / millis),
        );
      } else if (millis < STEP_TARGET_MILLIS / 2) {
        this.#stepBudget = Math.min(this.#stepChanges, this.#stepBudget * 2);
      }
      // Once started, drain the whole log: steps interleave with whatever else the loop runs.
      if (this.#logRows === 0) {
        this.#draining = false;
        this.#resumeAtRows = 0;
        this.#resumeAtChars = 0;
      }
    }
    this.#maybeSchedule();
  }

  #close(): void {
    if (this.#queued.length > 0 && this.#failure === undefined) this.flush();
    this.#open = false;
    // First, so that the store's connection is the last one and its close removes the WAL.
    this.#checkpointer?.close();
    if (this.#scheduled !== undefined) {
      const pending = this.#scheduled;
      if ("hasRef" in pending && "refresh" in pending) clearTimeout(pending as NodeJS.Timeout);
      else clearImmediate(pending as NodeJS.Immediate);
      this.#scheduled = undefined;
    }
    try {
      // Nothing is lost if this fails: the log stays and is replayed on the next open.
      if (this.#compactOnClose && this.#logRows > 0) this.#compactRun(Number.POSITIVE_INFINITY);
    } finally {
      this.#db.close();
      this.#lock.close();
    }
  }
}

/** Calls `fn` for each change of a log row, with the record text for puts. */
function forEachLogLine(
  changes: string,
  rowSeq: number,
  fn: (header: LogHeader, data: string | undefined) => void,
): void {
  let start = 0;
  while (start <= changes.length) {
    // Only put lines have a tab, so the search for one never runs past its own line.
    const tab = changes.startsWith('["p"', start) ? changes.indexOf("\t", start) : -1;
    let end = changes.indexOf("\n", tab === -1 ? start : tab);
    if (end === -1) end = changes.length;
    const hasData = tab !== -1 && tab < end;
    let header: unknown;
    try {
      header = JSON.parse(changes.slice(start, hasData ? tab : end));
    } catch (error) {
      throw new Error(`store: log row ${rowSeq} is damaged`, { cause: error });
    }
    if (!isLogHeader(header, hasData)) throw new Error(`store: log row ${rowSeq} holds an unknown change`);
    fn(header, hasData ? changes.slice(tab + 1, end) : undefined);
    start = end + 1;
  }
}

function isLogHeader(header: unknown, hasData: boolean): header is LogHeader {
  if (!Array.isArray(header)) return false;
  const op = header[0];
  if (op === "m")
    return !hasData && header.length === 3 && typeof header[1] === "string" && typeof header[2] === "string";
  if (op !== "p" && op !== "d") return false;
  return (
    hasData === (op === "p") &&
    header.length === 6 &&
    typeof header[1] === "string" &&
    typeof header[2] === "string" &&
    typeof header[3] === "string" &&
    typeof header[4] === "string" &&
    Number.isSafeInteger(header[5])
  );
}

/**
 * Brings the file to `target`: creates the tables in a new file, runs migrations on an older
 * one, and refuses a newer one (its layout is unknown to this build, and writing to it could
 * corrupt it). Exported for tests of the migration path.
 */
export function prepareSchema(
  db: Database.Database,
  path: string,
  target: number = SQLITE_SCHEMA_VERSION,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
): void {
  const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
  if (tables.length === 0) {
    db.transaction(() => {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        ${CREATE_RECORDS};
        ${CREATE_LOG};
      `);
      db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)").run(SCHEMA_VERSION_KEY, String(target));
    }).immediate();
    return;
  }
  const stored = tables.includes("meta")
    ? db.prepare<[string], string>("SELECT value FROM meta WHERE key = ?").pluck().get(SCHEMA_VERSION_KEY)
    : undefined;
  const version = stored === undefined ? Number.NaN : Number(stored);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new Error(`store: ${path} is not a vpcsim store (it has tables but no ${SCHEMA_VERSION_KEY})`);
  }
  if (version > target) {
    throw new Error(
      `store: ${path} has schema version ${version}, newer than the ${target} this vpcsim understands; ` +
        "it was written by a newer vpcsim: upgrade, or use another file",
    );
  }
  if (version === target) return;
  db.transaction(() => {
    for (let from = version; from < target; from++) {
      const migration = migrations[from];
      if (migration === undefined) throw new Error(`store: no migration from schema version ${from}`);
      migration(db);
    }
    db.prepare("UPDATE meta SET value = ? WHERE key = ?").run(String(target), SCHEMA_VERSION_KEY);
  }).immediate();
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_BUSY" || code === "SQLITE_LOCKED";
}

/**
 * JSON with tagged Dates and bigints. Most records hold neither, and a scan for them costs a
 * fraction of the tagging replacer (which runs a call per value), so those go through plain
 * `JSON.stringify`, which writes the same text for them.
 */
export function encodeRecord(record: object): string {
  return needsTags(record) ? JSON.stringify(record, taggingReplacer) : JSON.stringify(record);
}

/** Deeper than any record; past it the scan gives up (a cycle?) and lets the replacer decide. */
const MAX_SCAN_DEPTH = 64;

/**
 * Whether a value holds a Date or a bigint anywhere JSON.stringify would visit (or is nested too
 * deep to tell: JSON.stringify with the replacer then reports a cycle as it would without it).
 */
function needsTags(value: object, depth = 0): boolean {
  if (value instanceof Date || depth > MAX_SCAN_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" ? item !== null && needsTags(item, depth + 1) : typeof item === "bigint") {
        return true;
      }
    }
    return false;
  }
  for (const key in value) {
    const member: unknown = (value as Record<string, unknown>)[key];
    if (
      typeof member === "object"
        ? member !== null && needsTags(member, depth + 1)
        : typeof member === "bigint"
    ) {
      return true;
    }
  }
  return false;
}

/**
 * The replacer reads the holder's original member because `Date.prototype.toJSON` has already
 * turned a Date into a string by the time a replacer sees the value.
 */
function taggingReplacer(this: unknown, key: string, value: unknown): unknown {
  const original = (this as Record<string, unknown>)[key];
  if (original instanceof Date) {
    const time = original.getTime();
    return { $date: Number.isNaN(time) ? null : time };
  }
  if (typeof value === "bigint") return { $bigint: value.toString() };
  return value;
}

export function decodeRecord(text: string): unknown {
  // Most records hold no tag: skip the reviver, which costs a call per value.
  return text.includes('"$') ? JSON.parse(text, untaggingReviver) : JSON.parse(text);
}

function untaggingReviver(_key: string, value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const tagged = value as { $date?: unknown; $bigint?: unknown };
  if (tagged.$date !== undefined && Object.keys(value).length === 1) {
    return new Date(typeof tagged.$date === "number" ? tagged.$date : Number.NaN);
  }
  if (typeof tagged.$bigint === "string" && Object.keys(value).length === 1) return BigInt(tagged.$bigint);
  return value;
}
