import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runStoreConformance, TEST_SCHEMA, type TestKinds } from "./conformance.js";
import { createMemoryStore } from "./memory-store.js";
import {
  type CompactionOptions,
  decodeRecord,
  encodeRecord,
  openSqliteStore,
  prepareSchema,
  SCHEMA_VERSION_KEY,
  SQLITE_SCHEMA_VERSION,
  type SqliteStore,
} from "./sqlite-store.js";
import type { ReadTx, Store, WriteTx } from "./store.js";

const root = mkdtempSync(join(tmpdir(), "vpcsim-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let files = 0;
/** A path in a directory that does not exist yet. */
function freshPath(): string {
  files++;
  return join(root, `store-${files}`, "vpcsim.db");
}

runStoreConformance("sqlite", (schema) => {
  const path = freshPath();
  return { store: openSqliteStore(schema, { path }), reopen: () => openSqliteStore(schema, { path }) };
});

// Every reopen replays the whole log: nothing is ever folded, as after a crash.
const LOG_ONLY: CompactionOptions = { background: false, onClose: false };
runStoreConformance("sqlite (replaying the log)", (schema) => {
  const path = freshPath();
  const open = () => openSqliteStore(schema, { path, compaction: LOG_ONLY });
  return { store: open(), reopen: open };
});

// Every reopen folds a few log rows and leaves the rest: the next one loads both.
runStoreConformance("sqlite (part of the log folded)", (schema) => {
  const path = freshPath();
  const open = () => openSqliteStore(schema, { path, compaction: { ...LOG_ONLY, stepChanges: 3 } });
  return {
    store: open(),
    reopen: () => {
      const store = open();
      store.compactStep();
      return store;
    },
  };
});

const A = { account: "111111111111", region: "us-east-1" };
const B = { account: "222222222222", region: "eu-west-1" };
const T0 = new Date("2024-01-02T03:04:05.678Z");

function subnet(id: string, vpcId: string, note = "") {
  return { id, vpcId, availabilityZone: "us-east-1a", cidrBlock: `10.0.0.0/24${note}` };
}

interface RecordRow {
  seq: number;
  kind: string;
  account: string;
  region: string;
  id: string;
  data: string;
}

/** Reads a closed store's file directly. */
function inspect<R>(path: string, fn: (db: Database.Database) => R): R {
  const db = new Database(path, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

const recordRows = (db: Database.Database) =>
  db.prepare("SELECT seq, kind, account, region, id, data FROM records ORDER BY seq").all() as RecordRow[];
const logRows = (db: Database.Database) =>
  db.prepare("SELECT seq, changes FROM log ORDER BY seq").all() as { seq: number; changes: string }[];

/** Everything observable about a store's contents. */
function dump(tx: ReadTx<TestKinds>): unknown {
  const scoped = (kind: keyof TestKinds) =>
    tx.listAll(kind).map(({ scope, record }) => [scope.account, scope.region, record]);
  return {
    vpcs: scoped("vpc"),
    subnets: scoped("subnet"),
    instances: scoped("instance"),
    lists: [A, B].map((scope) => [
      tx.list("subnet", scope).map((r) => r.id),
      ["vpc-1", "vpc-2", "vpc-3"].map((v) => tx.listBy("subnet", scope, "vpcId", v).map((r) => r.id)),
    ]),
    meta: ["a", "b"].map((key) => tx.getMeta(key)),
  };
}

describe("sqlite store", () => {
  it("creates missing directories, and leaves one row per record and an empty log after close", () => {
    const path = join(root, "deep", "er", "still", "vpcsim.db");
    const store = openSqliteStore(TEST_SCHEMA, { path });
    store.write((tx) => {
      tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
      tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
      tx.put("instance", A, { id: "i-1", securityGroupIds: ["sg-1"], launchTime: T0 });
      tx.setMeta("counter", "3");
    });
    store.write((tx) => tx.delete("subnet", A, "subnet-2"));
    store.close();
    expect(existsSync(path)).toBe(true);

    inspect(path, (db) => {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const rows = recordRows(db);
      expect(rows.map((r) => [r.kind, r.account, r.region, r.id])).toEqual([
        ["subnet", A.account, A.region, "subnet-1"],
        ["instance", A.account, A.region, "i-1"],
      ]);
      expect(rows[0]!.seq).toBeLessThan(rows[1]!.seq);
      expect(JSON.parse(rows[1]!.data)).toEqual({
        id: "i-1",
        securityGroupIds: ["sg-1"],
        launchTime: { $date: T0.getTime() },
      });
      const meta = db.prepare("SELECT key, value FROM meta ORDER BY key").all();
      expect(meta).toEqual([
        { key: "counter", value: "3" },
        { key: SCHEMA_VERSION_KEY, value: String(SQLITE_SCHEMA_VERSION) },
      ]);
      expect(logRows(db)).toEqual([]);
    });
  });

  it("refuses a file written by a newer schema version, and leaves it untouched", () => {
    const path = freshPath();
    openSqliteStore(TEST_SCHEMA, { path }).close();
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = ? WHERE key = ?").run(
      String(SQLITE_SCHEMA_VERSION + 1),
      SCHEMA_VERSION_KEY,
    );
    db.close();
    expect(() => openSqliteStore(TEST_SCHEMA, { path })).toThrow(
      `has schema version ${SQLITE_SCHEMA_VERSION + 1}, newer than the ${SQLITE_SCHEMA_VERSION} this vpcsim understands`,
    );
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(SCHEMA_VERSION_KEY)).toBe(
      String(SQLITE_SCHEMA_VERSION + 1),
    );
    check.close();
  });

  it("refuses a SQLite file that is not a store", () => {
    const path = freshPath();
    openSqliteStore(TEST_SCHEMA, { path }).close();
    rmSync(path);
    const db = new Database(path);
    db.exec("CREATE TABLE unrelated (x)");
    db.close();
    expect(() => openSqliteStore(TEST_SCHEMA, { path })).toThrow(/not a vpcsim store/);
  });

  it("refuses a file holding a kind the schema lacks, in the snapshot or in the log", () => {
    const { subnet: _dropped, ...withoutSubnet } = TEST_SCHEMA;
    for (const compaction of [{}, LOG_ONLY]) {
      const path = freshPath();
      const store = openSqliteStore(TEST_SCHEMA, { path, compaction });
      store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
      store.close();
      expect(() => openSqliteStore(withoutSubnet as typeof TEST_SCHEMA, { path })).toThrow(
        /kind subnet is not in the schema/,
      );
    }
  });

  it("runs migrations from an older version in one transaction", () => {
    const path = freshPath();
    openSqliteStore(TEST_SCHEMA, { path }).close();
    const db = new Database(path);
    try {
      const version = () =>
        db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(SCHEMA_VERSION_KEY);
      const current = SQLITE_SCHEMA_VERSION;
      const failing = {
        [current]: (d: Database.Database) => d.exec("CREATE TABLE extra (x)"),
        [current + 1]: () => {
          throw new Error("second migration failed");
        },
      };
      expect(() => prepareSchema(db, path, current + 2, failing)).toThrow("second migration failed");
      expect(version()).toBe(String(current));
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'extra'").get()).toBeUndefined();

      prepareSchema(db, path, current + 1, {
        [current]: (d) => d.exec("ALTER TABLE records ADD COLUMN note TEXT"),
      });
      expect(version()).toBe(String(current + 1));
      expect(db.prepare("SELECT note FROM records").all()).toEqual([]);
      expect(() => prepareSchema(db, path, current + 2, {})).toThrow(
        `no migration from schema version ${current + 1}`,
      );
    } finally {
      db.close();
    }
  });

  it("migrates a version 1 file: same records, order and meta, then a log and records keyed by seq", () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    // The version 1 layout, as the first release wrote it.
    const v1 = new Database(path);
    v1.pragma("journal_mode = WAL");
    v1.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE records (
        kind TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, id TEXT NOT NULL,
        seq INTEGER NOT NULL, data TEXT NOT NULL,
        PRIMARY KEY (kind, account, region, id)
      );
    `);
    const insert = v1.prepare("INSERT INTO records VALUES (?, ?, ?, ?, ?, ?)");
    // Key order differs from insertion (seq) order, which is what must survive.
    insert.run("subnet", A.account, A.region, "subnet-a", 7, JSON.stringify(subnet("subnet-a", "vpc-2")));
    insert.run("subnet", A.account, A.region, "subnet-b", 2, JSON.stringify(subnet("subnet-b", "vpc-1")));
    insert.run("subnet", B.account, B.region, "subnet-a", 4, JSON.stringify(subnet("subnet-a", "vpc-1")));
    insert.run(
      "instance",
      A.account,
      A.region,
      "i-1",
      5,
      encodeRecord({ id: "i-1", subnetId: "subnet-b", securityGroupIds: ["sg-1"], launchTime: T0 }),
    );
    v1.prepare("INSERT INTO meta VALUES (?, ?), (?, ?)").run(SCHEMA_VERSION_KEY, "1", "a", "kept");
    v1.close();

    const store = openSqliteStore(TEST_SCHEMA, { path });
    store.read((tx) => {
      expect(tx.list("subnet", A).map((r) => r.id)).toEqual(["subnet-b", "subnet-a"]);
      expect(tx.listAll("subnet").map(({ scope, record }) => `${scope.account}/${record.id}`)).toEqual([
        `${A.account}/subnet-b`,
        `${B.account}/subnet-a`,
        `${A.account}/subnet-a`,
      ]);
      expect(tx.listBy("instance", A, "securityGroupIds", "sg-1")[0]?.launchTime).toEqual(T0);
      expect(tx.getMeta("a")).toBe("kept");
    });
    // New records go after the migrated ones.
    store.write((tx) => tx.put("subnet", A, subnet("subnet-c", "vpc-1")));
    store.close();

    inspect(path, (db) => {
      expect(db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(SCHEMA_VERSION_KEY)).toBe("2");
      const columns = db.pragma("table_info(records)") as { name: string; pk: number }[];
      expect(columns.filter((c) => c.pk > 0).map((c) => c.name)).toEqual(["seq"]);
      expect(recordRows(db).map((r) => [r.seq, r.id])).toEqual([
        [2, "subnet-b"],
        [4, "subnet-a"],
        [5, "i-1"],
        [7, "subnet-a"],
        [8, "subnet-c"],
      ]);
      expect(logRows(db)).toEqual([]);
    });
    const again = openSqliteStore(TEST_SCHEMA, { path });
    expect(again.read((tx) => tx.list("subnet", A).map((r) => r.id))).toEqual([
      "subnet-b",
      "subnet-a",
      "subnet-c",
    ]);
    again.close();
  });

  it("refuses a second store on a file that is open", () => {
    const path = freshPath();
    const first = openSqliteStore(TEST_SCHEMA, { path });
    try {
      expect(() => openSqliteStore(TEST_SCHEMA, { path })).toThrow(/in use/);
      first.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
    } finally {
      first.close();
    }
    const again = openSqliteStore(TEST_SCHEMA, { path });
    expect(again.read((tx) => tx.count("subnet", A))).toBe(1);
    again.close();
  });

  it("refuses a second store in another process, through the lock file, which leaves no journal", () => {
    const path = freshPath();
    const first = openSqliteStore(TEST_SCHEMA, { path });
    try {
      expect(existsSync(`${path}.lock`)).toBe(true);
      expect(existsSync(`${path}.lock-journal`)).toBe(false);
      const child = join(root, "second-opener.ts");
      const storeModule = fileURLToPath(new URL("./sqlite-store.ts", import.meta.url));
      writeFileSync(
        child,
        `
        import { openSqliteStore } from ${JSON.stringify(storeModule)};
        try {
          openSqliteStore({ subnet: { indexes: [] } }, { path: process.argv[2] });
          console.log("opened");
        } catch (error) {
          console.log(String(error));
        }
        `,
      );
      const repo = fileURLToPath(new URL("../..", import.meta.url));
      const result = spawnSync(process.execPath, ["--import", "tsx", child, path], {
        cwd: repo,
        encoding: "utf8",
      });
      expect(result.stdout).toMatch(/is in use by another process/);
    } finally {
      first.close();
    }
  });

  it("leaves memory and disk unchanged when writing to SQLite fails", () => {
    const path = freshPath();
    const store = openSqliteStore(TEST_SCHEMA, { path });
    store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
    const version = store.version;
    const log = store.logSize;
    const circular: Record<string, unknown> = { ...subnet("subnet-2", "vpc-1") };
    circular.self = circular;
    expect(() =>
      store.write((tx) => {
        tx.put("subnet", A, subnet("subnet-0", "vpc-1"));
        tx.delete("subnet", A, "subnet-1");
        tx.put("subnet", A, circular as never);
      }),
    ).toThrow(/circular/i);
    expect(store.version).toBe(version);
    expect(store.logSize).toEqual(log);
    store.read((tx) => {
      expect(tx.list("subnet", A).map((r) => r.id)).toEqual(["subnet-1"]);
      expect(tx.listBy("subnet", A, "vpcId", "vpc-1").map((r) => r.id)).toEqual(["subnet-1"]);
    });
    store.close();
    const again = openSqliteStore(TEST_SCHEMA, { path });
    expect(again.read((tx) => tx.list("subnet", A).map((r) => r.id))).toEqual(["subnet-1"]);
    again.close();
  });
});

describe("sqlite store log", () => {
  it("appends exactly one log row per committed write transaction, and nothing else", () => {
    const path = freshPath();
    const store = openSqliteStore(TEST_SCHEMA, { path, compaction: LOG_ONLY });
    store.write((tx) => {
      tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
      tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
      tx.put("subnet", B, subnet("subnet-1", "vpc-2"));
      tx.setMeta("a", "1");
    });
    store.write(() => undefined);
    store.write((tx) => tx.delete("subnet", A, "missing"));
    expect(() =>
      store.write((tx) => {
        tx.put("subnet", A, subnet("subnet-9", "vpc-1"));
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    store.write((tx) => {
      // Deleted and re-inserted: the row with the old sequence number goes, a new one comes.
      tx.delete("subnet", A, "subnet-1");
      tx.put("subnet", A, subnet("subnet-1", "vpc-2"));
      tx.delete("subnet", B, "subnet-1");
    });
    expect(store.logSize.rows).toBe(2);
    store.close();

    inspect(path, (db) => {
      expect(recordRows(db)).toEqual([]);
      const rows = logRows(db);
      expect(rows).toHaveLength(2);
      expect(rows[0]!.changes.split("\n")).toEqual([
        `["p","subnet","${A.account}","${A.region}","subnet-1",1]\t${JSON.stringify(subnet("subnet-1", "vpc-1"))}`,
        `["p","subnet","${A.account}","${A.region}","subnet-2",2]\t${JSON.stringify(subnet("subnet-2", "vpc-1"))}`,
        `["p","subnet","${B.account}","${B.region}","subnet-1",3]\t${JSON.stringify(subnet("subnet-1", "vpc-2"))}`,
        `["m","a","1"]`,
      ]);
      expect(rows[1]!.changes.split("\n")).toEqual([
        `["d","subnet","${A.account}","${A.region}","subnet-1",1]`,
        `["p","subnet","${A.account}","${A.region}","subnet-1",4]\t${JSON.stringify(subnet("subnet-1", "vpc-2"))}`,
        `["d","subnet","${B.account}","${B.region}","subnet-1",3]`,
      ]);
    });

    // Replayed on open, then folded into the snapshot by close.
    const again = openSqliteStore(TEST_SCHEMA, { path });
    expect(again.logSize.rows).toBe(2);
    again.read((tx) => {
      expect(tx.list("subnet", A).map((r) => [r.id, r.vpcId])).toEqual([
        ["subnet-2", "vpc-1"],
        ["subnet-1", "vpc-2"],
      ]);
      expect(tx.list("subnet", B)).toEqual([]);
      expect(tx.getMeta("a")).toBe("1");
    });
    again.close();
    inspect(path, (db) => {
      expect(recordRows(db).map((r) => [r.seq, r.account, r.id])).toEqual([
        [2, A.account, "subnet-2"],
        [4, A.account, "subnet-1"],
      ]);
      expect(logRows(db)).toEqual([]);
    });
  });

  it("keeps ids, scopes, meta and data with newlines, tabs and quotes intact through the log", () => {
    const odd = { account: 'acc\n"1"\t', region: "r\u2028é\\" };
    const id = 'subnet-\n\t"x"\\\u2029';
    const record = { ...subnet(id, "vpc-\t1"), cidrBlock: 'line\nbreak\ttab "q" \u2028' };
    for (const compaction of [LOG_ONLY, {}]) {
      const path = freshPath();
      const store = openSqliteStore(TEST_SCHEMA, { path, compaction });
      store.write((tx) => {
        tx.put("subnet", odd, record);
        tx.put("subnet", odd, subnet("plain", "vpc-1"));
        tx.setMeta('k\n"\t', 'v\n\t"\\');
      });
      store.write((tx) => tx.delete("subnet", odd, "plain"));
      store.close();
      const again = openSqliteStore(TEST_SCHEMA, { path, compaction });
      again.read((tx) => {
        expect(tx.list("subnet", odd)).toEqual([record]);
        expect(tx.listBy("subnet", odd, "vpcId", "vpc-\t1").map((r) => r.id)).toEqual([id]);
        expect(tx.getMeta('k\n"\t')).toBe('v\n\t"\\');
      });
      again.close();
    }
  });

  it("keeps only the last state of each record when folding", () => {
    const path = freshPath();
    const store = openSqliteStore(TEST_SCHEMA, { path, compaction: LOG_ONLY });
    for (let i = 0; i < 10; i++) {
      store.write((tx) => {
        tx.put("subnet", A, subnet("subnet-1", "vpc-1", `#${i}`));
        tx.setMeta("a", String(i));
      });
    }
    store.write((tx) => tx.put("subnet", A, subnet("subnet-gone", "vpc-1")));
    store.write((tx) => tx.delete("subnet", A, "subnet-gone"));
    store.compact();
    expect(store.logSize).toEqual({ rows: 0, chars: 0 });
    store.close();
    inspect(path, (db) => {
      expect(recordRows(db).map((r) => [r.seq, JSON.parse(r.data).cidrBlock])).toEqual([
        [1, "10.0.0.0/24#9"],
      ]);
      expect(db.prepare("SELECT value FROM meta WHERE key = 'a'").pluck().get()).toBe("9");
    });
  });

  it("folds in bounded steps, oldest first, each reopening to the same state", () => {
    const path = freshPath();
    const compaction = { ...LOG_ONLY, stepChanges: 3 };
    let store = openSqliteStore(TEST_SCHEMA, { path, compaction });
    for (let i = 1; i <= 7; i++) {
      store.write((tx) => {
        tx.put("subnet", A, subnet(`subnet-${i}`, `vpc-${(i % 3) + 1}`));
        if (i % 2 === 0) tx.put("subnet", A, subnet(`subnet-${i - 1}`, "vpc-3"));
      });
    }
    const expected = store.read(dump);
    const remaining: number[] = [];
    // Rows of 1, 2, 1, 2, 1, 2, 1 changes: a step takes rows until it has 3 changes or more.
    // Bounded, so that a step that folds nothing fails the test instead of hanging it.
    for (let step = 0; step < 10 && store.compactStep(); step++) {
      remaining.push(store.logSize.rows);
      store.close();
      store = openSqliteStore(TEST_SCHEMA, { path, compaction });
      expect(store.read(dump)).toEqual(expected);
    }
    expect(remaining).toEqual([5, 3, 1]);
    expect(store.logSize.rows).toBe(0);
    store.close();
    store = openSqliteStore(TEST_SCHEMA, { path, compaction });
    expect(store.read(dump)).toEqual(expected);
    store.close();
  });

  it("compacts in the background once the log passes its threshold, and drains it", async () => {
    const path = freshPath();
    const store = openSqliteStore(TEST_SCHEMA, {
      path,
      compaction: { maxLogRows: 4, stepChanges: 2, idleMs: 0 },
    });
    for (let i = 0; i < 4; i++) store.write((tx) => tx.put("subnet", A, subnet(`subnet-${i}`, "vpc-1")));
    await turns(3);
    expect(store.logSize.rows).toBe(4);
    store.write((tx) => tx.put("subnet", A, subnet("subnet-4", "vpc-2")));
    expect(store.logSize.rows).toBe(5);
    await turns(1);
    expect(store.logSize.rows).toBe(3);
    await turns(10);
    expect(store.logSize).toEqual({ rows: 0, chars: 0 });
    const expected = store.read(dump);
    store.close();
    const again = openSqliteStore(TEST_SCHEMA, { path, compaction: LOG_ONLY });
    expect(again.read(dump)).toEqual(expected);
    again.close();
  });

  it("checkpoints the WAL on the checkpointer thread while writes go on, losing nothing", async () => {
    const path = freshPath();
    const errors: unknown[] = [];
    const store = openSqliteStore(TEST_SCHEMA, {
      path,
      // Checkpoints only: the log stays below the compaction thresholds.
      compaction: { maxLogChars: 1e9, onError: (e) => errors.push(e) },
    });
    // About 10 MB through the WAL: past the first checkpoint threshold (4 MB) several times.
    const padding = "p".repeat(8000);
    for (let i = 0; i < 1200; i++) {
      store.write((tx) =>
        tx.put("subnet", A, { ...subnet(`subnet-${i % 300}`, "vpc-1"), cidrBlock: padding }),
      );
      if (i % 50 === 49) await turns(2);
    }
    // The checkpointer thread answers between turns of the event loop.
    for (let i = 0; i < 500 && store.checkpoints === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(store.checkpoints).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(store.logSize.rows).toBe(1200);
    const expected = store.read(dump);
    store.close();
    const again = openSqliteStore(TEST_SCHEMA, { path, compaction: LOG_ONLY });
    expect(again.read(dump)).toEqual(expected);
    expect(again.read((tx) => tx.count("subnet", A))).toBe(300);
    again.close();
  });

  it("reports a failed background step, keeps the log, and retries once it has grown", async () => {
    const path = freshPath();
    const errors: unknown[] = [];
    let failures = 1;
    const compaction: CompactionOptions = {
      maxLogRows: 2,
      idleMs: 0,
      onClose: false,
      onError: (error) => errors.push(error),
      beforeStepCommit: () => {
        if (failures-- > 0) throw new Error("disk trouble");
      },
    };
    const store = openSqliteStore(TEST_SCHEMA, { path, compaction });
    for (let i = 0; i < 3; i++) store.write((tx) => tx.put("subnet", A, subnet(`subnet-${i}`, "vpc-1")));
    await turns(3);
    expect(errors).toEqual([new Error("disk trouble")]);
    expect(store.logSize.rows).toBe(3);
    // Paused until two more rows (the threshold) arrive.
    store.write((tx) => tx.put("subnet", A, subnet("subnet-3", "vpc-1")));
    await turns(3);
    expect(store.logSize.rows).toBe(4);
    store.write((tx) => tx.put("subnet", A, subnet("subnet-4", "vpc-1")));
    await turns(3);
    expect(store.logSize.rows).toBe(0);
    const expected = store.read(dump);
    store.close();
    const again = openSqliteStore(TEST_SCHEMA, { path, compaction: LOG_ONLY });
    expect(again.read(dump)).toEqual(expected);
    again.close();
  });

  it("rolls a failing compaction back entirely: the store goes on and the file reopens the same", () => {
    const path = freshPath();
    let fail = false;
    const compaction: CompactionOptions = {
      ...LOG_ONLY,
      beforeStepCommit: () => {
        if (fail) throw new Error("crash inside the step");
      },
    };
    const store = openSqliteStore(TEST_SCHEMA, { path, compaction });
    store.write((tx) => {
      tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
      tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
    });
    store.compact();
    store.write((tx) => {
      tx.delete("subnet", A, "subnet-1");
      tx.put("subnet", A, subnet("subnet-2", "vpc-2"));
      tx.setMeta("a", "x");
    });
    const log = store.logSize;
    fail = true;
    expect(() => store.compact()).toThrow("crash inside the step");
    expect(() => store.compactStep()).toThrow("crash inside the step");
    expect(store.logSize).toEqual(log);
    store.write((tx) => tx.put("subnet", A, subnet("subnet-3", "vpc-2")));
    const expected = store.read(dump);
    store.close();
    inspect(path, (db) => {
      // The snapshot as of the first compaction; both later transactions only in the log.
      expect(recordRows(db).map((r) => r.id)).toEqual(["subnet-1", "subnet-2"]);
      expect(logRows(db)).toHaveLength(2);
    });
    fail = false;
    const again = openSqliteStore(TEST_SCHEMA, { path, compaction });
    expect(again.read(dump)).toEqual(expected);
    again.compact();
    again.close();
    const third = openSqliteStore(TEST_SCHEMA, { path, compaction });
    expect(third.logSize.rows).toBe(0);
    expect(third.read(dump)).toEqual(expected);
    third.close();
  });

  it("survives a killed process: every returned write, also when killed inside a compaction", () => {
    const child = join(root, "crash-child.ts");
    const storeModule = fileURLToPath(new URL("./sqlite-store.ts", import.meta.url));
    writeFileSync(
      child,
      `
      import { openSqliteStore } from ${JSON.stringify(storeModule)};
      const [path, mode] = process.argv.slice(2);
      const schema = { vpc: { indexes: [] }, subnet: { indexes: ["vpcId"] }, instance: { indexes: [] } };
      const die = () => process.kill(process.pid, "SIGKILL");
      const store = openSqliteStore(schema, {
        path,
        compaction: { background: false, beforeStepCommit: mode === "in-compaction" ? die : undefined },
      });
      const scope = { account: "111111111111", region: "us-east-1" };
      // About 4 MB of changes: more than SQLite's page cache, so the step spills into the WAL
      // before it dies.
      const padding = "x".repeat(1000);
      for (let i = 0; i < 2000; i++) {
        store.write((tx) => {
          tx.put("subnet", scope, { id: "subnet-" + i, vpcId: "vpc-" + (i % 7), padding });
          tx.put("subnet", scope, { id: "subnet-" + (i >> 1), vpcId: "vpc-" + (i % 5), padding, i });
          tx.setMeta("last", String(i));
        });
      }
      process.stdout.write("written\\n");
      if (mode === "in-compaction") store.compact();
      die();
      `,
    );
    const repo = fileURLToPath(new URL("../..", import.meta.url));
    for (const mode of ["after-writes", "in-compaction"]) {
      const path = freshPath();
      const result = spawnSync(process.execPath, ["--import", "tsx", child, path, mode], {
        cwd: repo,
        encoding: "utf8",
      });
      expect({ signal: result.signal, stdout: result.stdout, stderr: result.stderr }).toEqual({
        signal: "SIGKILL",
        stdout: "written\n",
        stderr: "",
      });
      expect(existsSync(`${path}-wal`)).toBe(true);
      const store = openSqliteStore(TEST_SCHEMA, { path, compaction: LOG_ONLY });
      expect(store.logSize.rows).toBe(2000);
      store.read((tx) => {
        expect(tx.getMeta("last")).toBe("1999");
        const subnets = tx.list("subnet", { account: "111111111111", region: "us-east-1" });
        expect(subnets).toHaveLength(2000);
        expect(subnets[999]).toMatchObject({ id: "subnet-999", vpcId: `vpc-${1999 % 5}`, i: 1999 });
        expect(subnets[1999]).toEqual({
          id: "subnet-1999",
          vpcId: `vpc-${1999 % 7}`,
          padding: "x".repeat(1000),
        });
      });
      store.close();
    }
  });

  it("agrees with the memory store over random writes, compaction steps and crashes", () => {
    type Op =
      | { type: "put"; scope: 0 | 1; id: string; vpcId: string }
      | { type: "delete"; scope: 0 | 1; id: string }
      | { type: "meta"; key: string; value: string };
    type Step =
      | { type: "write"; ops: Op[]; fails: boolean }
      | { type: "compactStep" }
      | { type: "compact" }
      // Closes the store and opens it again; `fold` says whether its next close folds the log
      // (a graceful close) or leaves it (as a crash would).
      | { type: "reopen"; fold: boolean };
    const id = fc.constantFrom("subnet-1", "subnet-2", "subnet-3", "subnet-4");
    const scope = fc.constantFrom(0 as const, 1 as const);
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        type: fc.constant("put" as const),
        scope,
        id,
        vpcId: fc.constantFrom("vpc-1", "vpc-2", "vpc-3"),
      }),
      fc.record({ type: fc.constant("delete" as const), scope, id }),
      fc.record({ type: fc.constant("meta" as const), key: fc.constantFrom("a", "b"), value: fc.string() }),
    );
    const step: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({
          type: fc.constant("write" as const),
          ops: fc.array(op, { minLength: 1, maxLength: 5 }),
          fails: fc.boolean(),
        }),
      },
      { weight: 2, arbitrary: fc.constant({ type: "compactStep" as const }) },
      { weight: 1, arbitrary: fc.constant({ type: "compact" as const }) },
      { weight: 2, arbitrary: fc.record({ type: fc.constant("reopen" as const), fold: fc.boolean() }) },
    );
    const apply = (tx: WriteTx<TestKinds>, o: Op) => {
      if (o.type === "put") tx.put("subnet", [A, B][o.scope]!, subnet(o.id, o.vpcId));
      else if (o.type === "delete") tx.delete("subnet", [A, B][o.scope]!, o.id);
      else tx.setMeta(o.key, o.value);
    };
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 25 }), (steps) => {
        const path = freshPath();
        const open = (onClose: boolean): SqliteStore<TestKinds> =>
          openSqliteStore(TEST_SCHEMA, { path, compaction: { background: false, onClose, stepChanges: 4 } });
        const model: Store<TestKinds> = createMemoryStore(TEST_SCHEMA);
        let store = open(true);
        const reopen = (fold: boolean) => {
          store.close();
          store = open(fold);
        };
        for (const s of steps) {
          if (s.type === "write") {
            for (const target of [model, store] as Store<TestKinds>[]) {
              try {
                target.write((tx) => {
                  for (const o of s.ops) apply(tx, o);
                  if (s.fails) throw new Error("planned");
                });
              } catch (error) {
                if (!(error instanceof Error && error.message === "planned")) throw error;
              }
            }
          } else if (s.type === "compactStep") store.compactStep();
          else if (s.type === "compact") store.compact();
          else reopen(s.fold);
          expect(store.read(dump)).toEqual(model.read(dump));
        }
        reopen(true);
        expect(store.read(dump)).toEqual(model.read(dump));
        store.close();
        model.close();
      }),
      { numRuns: 40 },
    );
  });

  it("refuses a damaged log or snapshot instead of guessing", () => {
    const damage = [
      "INSERT INTO log (changes) VALUES ('not json')",
      `INSERT INTO log (changes) VALUES ('["x","subnet"]')`,
      `INSERT INTO log (changes) VALUES ('["d","subnet","${A.account}","${A.region}","subnet-404",9]')`,
      `INSERT INTO records VALUES (9, 'subnet', '${A.account}', '${A.region}', 'subnet-1', '{"id":"subnet-1"}')`,
    ];
    const messages = [
      /log row \d+ is damaged/,
      /unknown change/,
      /subnet-404, which is not there/,
      /stored twice/,
    ];
    damage.forEach((sql, i) => {
      const path = freshPath();
      const store = openSqliteStore(TEST_SCHEMA, { path });
      store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
      store.close();
      const db = new Database(path);
      db.exec(sql);
      db.close();
      expect(() => openSqliteStore(TEST_SCHEMA, { path })).toThrow(messages[i]!);
    });
  });

  it("refuses compaction once closed", () => {
    const store = openSqliteStore(TEST_SCHEMA, { path: freshPath() });
    store.close();
    expect(() => store.compact()).toThrow(/closed/);
    expect(() => store.compactStep()).toThrow(/closed/);
  });
});

/** Lets the event loop run `n` times, so that `setImmediate` work queued before (and by it) runs. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((done) => setImmediate(done));
}

describe("record encoding", () => {
  it("tags Dates and bigints, and drops undefined members", () => {
    const record = {
      id: "x",
      at: T0,
      list: [T0, { when: new Date(0) }],
      big: 12345678901234567890n,
      gone: undefined,
      plain: { $date: "not a tag: another key beside it", n: 1 },
    };
    const text = encodeRecord(record);
    expect(JSON.parse(text)).toEqual({
      id: "x",
      at: { $date: T0.getTime() },
      list: [{ $date: T0.getTime() }, { when: { $date: 0 } }],
      big: { $bigint: "12345678901234567890" },
      plain: { $date: "not a tag: another key beside it", n: 1 },
    });
    const decoded = decodeRecord(text) as typeof record;
    expect(decoded.at).toBeInstanceOf(Date);
    expect(decoded.at.getTime()).toBe(T0.getTime());
    expect((decoded.list[1] as { when: Date }).when).toEqual(new Date(0));
    expect(decoded.big).toBe(12345678901234567890n);
    expect("gone" in decoded).toBe(false);
    expect(decoded.plain).toEqual(record.plain);
  });

  it("finds a Date or bigint wherever it is nested", () => {
    const deep = { id: "x", a: [{ b: [1, "s", null, { c: { d: [new Date(5)] } }] }] };
    expect(JSON.parse(encodeRecord(deep)).a[0].b[3].c.d[0]).toEqual({ $date: 5 });
    const bigInArray = { id: "x", values: [1, 2n] };
    expect(JSON.parse(encodeRecord(bigInArray)).values).toEqual([1, { $bigint: "2" }]);
  });

  it("writes plain JSON for records without Dates or bigints", () => {
    const record = {
      id: "vpc-1",
      n: 1,
      ok: true,
      none: null,
      gone: undefined,
      tags: [{ key: "k", value: "v" }],
    };
    expect(encodeRecord(record)).toBe(JSON.stringify(record));
  });

  it("reports a cycle as JSON.stringify does", () => {
    const cyclic: Record<string, unknown> = { id: "x" };
    cyclic.self = { back: cyclic };
    expect(() => encodeRecord(cyclic)).toThrow(/circular/i);
  });

  it("keeps an invalid Date invalid", () => {
    const decoded = decodeRecord(encodeRecord({ id: "x", at: new Date(Number.NaN) })) as { at: Date };
    expect(decoded.at).toBeInstanceOf(Date);
    expect(Number.isNaN(decoded.at.getTime())).toBe(true);
  });
});

describe("group commit", () => {
  it("answers durable() once queued transactions are in the file, and keeps their order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vpcsim-group-"));
    try {
      const path = join(dir, "s.db");
      const schema = { thing: { indexes: [] } } as const;
      type Things = { thing: { readonly id: string; readonly n: number } };
      const store = openSqliteStore<Things>(schema, {
        path,
        groupCommit: true,
        compaction: { onClose: false },
      });
      const scope = { account: "111122223333", region: "us-east-1" };
      for (let n = 0; n < 50; n++) store.write((tx) => tx.put("thing", scope, { id: `t${n % 7}`, n }));
      // Visible at once in memory, before the file has them.
      expect(store.read((tx) => tx.get("thing", scope, "t1"))?.n).toBe(43);
      await store.durable();
      // Closing without folding leaves exactly the flushed log, as a crash after durable() would.
      store.close();
      const again = openSqliteStore<Things>(schema, { path });
      expect(again.read((tx) => tx.list("thing", scope).map((t) => [t.id, t.n]))).toEqual(
        [0, 1, 2, 3, 4, 5, 6].map((i) => [`t${i}`, 49 - ((49 - i) % 7)]),
      );
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes what is still queued when the store closes", () => {
    const dir = mkdtempSync(join(tmpdir(), "vpcsim-group-"));
    try {
      const path = join(dir, "s.db");
      const schema = { thing: { indexes: [] } } as const;
      type Things = { thing: { readonly id: string } };
      const store = openSqliteStore<Things>(schema, { path, groupCommit: true });
      const scope = { account: "111122223333", region: "us-east-1" };
      store.write((tx) => tx.put("thing", scope, { id: "kept" }));
      store.close();
      const again = openSqliteStore<Things>(schema, { path });
      expect(again.read((tx) => tx.get("thing", scope, "kept"))).toEqual({ id: "kept" });
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("background work under load", () => {
  it("waits for writes to pause before folding the log", async () => {
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "setImmediate", "clearImmediate", "performance"],
    });
    const dir = mkdtempSync(join(tmpdir(), "vpcsim-idle-"));
    try {
      const path = join(dir, "s.db");
      const store = openSqliteStore(TEST_SCHEMA, { path, compaction: { maxLogRows: 4, idleMs: 50 } });
      const scope = { account: "111122223333", region: "us-east-1" };
      for (let n = 0; n < 10; n++) {
        store.write((tx) =>
          tx.put("vpc", scope, {
            id: `vpc-${n}`,
            cidrBlock: "10.0.0.0/16",
            createdAt: new Date(0),
            tags: [],
            note: "",
          }),
        );
        vi.advanceTimersByTime(5);
      }
      // Writes kept coming every 5 ms: nothing folded yet.
      expect(store.logSize.rows).toBe(10);
      await vi.advanceTimersByTimeAsync(200);
      expect(store.logSize.rows).toBe(0);
      store.close();
    } finally {
      vi.useRealTimers();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
