import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { MemoryEngine, type PendingChanges, RESERVED_META_PREFIX } from "./memory-store.js";
import type { RecordTypes, Store, StoredRecord, StoreSchema } from "./store.js";

export interface SqliteStoreOptions {
  /** The database file; its directory is created if missing. */
  readonly path: string;
  /** As for the memory store: deep-freezes records and checks they are plain data. */
  readonly freeze?: boolean;
}

/** The layout this build writes. Bump it with a migration in `MIGRATIONS` when the layout changes. */
export const SQLITE_SCHEMA_VERSION = 1;

export const SCHEMA_VERSION_KEY = `${RESERVED_META_PREFIX}schema_version`;

export type Migration = (db: Database.Database) => void;

/** `MIGRATIONS[n]` turns a version-n file into a version n+1 one; all run in one transaction. */
const MIGRATIONS: Readonly<Record<number, Migration>> = {};

/**
 * Opens (or creates) a store kept in a SQLite file. Reads are served from an in-memory mirror
 * loaded at open; each committed write transaction is written in one SQLite transaction before it
 * reaches the mirror. The file is locked for the life of the store: the mirror would go stale if
 * another process wrote to it, so a second opener fails instead.
 */
export function openSqliteStore<T extends RecordTypes<T>>(
  schema: StoreSchema<T>,
  options: SqliteStoreOptions,
): Store<T> {
  const path = resolve(options.path);
  mkdirSync(dirname(path), { recursive: true });
  // No busy wait: the only other holder of the lock can be another store, which keeps it.
  const db = new Database(path, { timeout: 0 });
  try {
    // Before the first access to the file, so that the lock is taken and held from then on and
    // WAL runs without a shared-memory index.
    db.pragma("locking_mode = EXCLUSIVE");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    prepareSchema(db, path);
    return new SqliteBackedStore(db, schema, options) as unknown as Store<T>;
  } catch (error) {
    db.close();
    if (isBusy(error)) {
      throw new Error(`store: ${path} is in use by another process (or another store in this one)`, {
        cause: error,
      });
    }
    throw error;
  }
}

type AnyRecord = StoredRecord & { readonly [field: string]: unknown };

interface RecordRow {
  kind: string;
  account: string;
  region: string;
  id: string;
  seq: number;
  data: string;
}

class SqliteBackedStore extends MemoryEngine {
  constructor(
    db: Database.Database,
    schema: StoreSchema<Record<string, AnyRecord>>,
    options: SqliteStoreOptions,
  ) {
    const upsertRecord = db.prepare<[string, string, string, string, number, string]>(
      `INSERT INTO records (kind, account, region, id, seq, data) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (kind, account, region, id) DO UPDATE SET seq = excluded.seq, data = excluded.data`,
    );
    const deleteRecord = db.prepare<[string, string, string, string]>(
      "DELETE FROM records WHERE kind = ? AND account = ? AND region = ? AND id = ?",
    );
    const upsertMeta = db.prepare<[string, string]>(
      "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    const persist = db.transaction((changes: PendingChanges) => {
      for (const [scopeData, scopeChanges] of changes.records) {
        const kind = scopeData.kind.name;
        const { account, region } = scopeData.scope;
        for (const [id, pending] of scopeChanges) {
          if (pending === null) deleteRecord.run(kind, account, region, id);
          else upsertRecord.run(kind, account, region, id, pending.seq, encodeRecord(pending.record));
        }
      }
      if (changes.meta !== undefined) for (const [key, value] of changes.meta) upsertMeta.run(key, value);
    });
    super(schema, options, { persist: (changes) => persist.immediate(changes), close: () => db.close() });

    const rows = db
      .prepare<[], RecordRow>("SELECT kind, account, region, id, seq, data FROM records ORDER BY seq")
      .iterate();
    for (const row of rows) {
      const record = decodeRecord(row.data) as AnyRecord;
      if (record?.id !== row.id) {
        throw new Error(`store: row ${row.kind} ${row.id} in ${db.name} holds a record with another id`);
      }
      this.load(row.kind, row.account, row.region, record, row.seq);
    }
    for (const row of db
      .prepare<[], { key: string; value: string }>("SELECT key, value FROM meta")
      .iterate()) {
      if (!row.key.startsWith(RESERVED_META_PREFIX)) this.loadMeta(row.key, row.value);
    }
  }
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
        CREATE TABLE records (
          kind TEXT NOT NULL,
          account TEXT NOT NULL,
          region TEXT NOT NULL,
          id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          data TEXT NOT NULL,
          PRIMARY KEY (kind, account, region, id)
        );
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
 * JSON with tagged Dates and bigints. The replacer reads the holder's original member because
 * `Date.prototype.toJSON` has already turned a Date into a string by the time a replacer sees
 * the value.
 */
export function encodeRecord(record: object): string {
  return JSON.stringify(record, taggingReplacer);
}

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
