import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { runStoreConformance, TEST_SCHEMA } from "./conformance.js";
import {
  decodeRecord,
  encodeRecord,
  openSqliteStore,
  prepareSchema,
  SCHEMA_VERSION_KEY,
  SQLITE_SCHEMA_VERSION,
} from "./sqlite-store.js";

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

const A = { account: "111111111111", region: "us-east-1" };
const T0 = new Date("2024-01-02T03:04:05.678Z");

function subnet(id: string, vpcId: string) {
  return { id, vpcId, availabilityZone: "us-east-1a", cidrBlock: "10.0.0.0/24" };
}

describe("sqlite store", () => {
  it("creates missing directories and writes one row per record, in a WAL file", () => {
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

    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const rows = db
        .prepare("SELECT kind, account, region, id, seq, data FROM records ORDER BY seq")
        .all() as {
        kind: string;
        account: string;
        region: string;
        id: string;
        seq: number;
        data: string;
      }[];
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
    } finally {
      db.close();
    }
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

  it("refuses a file holding a kind the schema lacks", () => {
    const path = freshPath();
    const store = openSqliteStore(TEST_SCHEMA, { path });
    store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
    store.close();
    const { subnet: _dropped, ...withoutSubnet } = TEST_SCHEMA;
    expect(() => openSqliteStore(withoutSubnet as typeof TEST_SCHEMA, { path })).toThrow(
      /kind subnet is not in the schema/,
    );
  });

  it("runs migrations from an older version in one transaction", () => {
    const path = freshPath();
    openSqliteStore(TEST_SCHEMA, { path }).close();
    const db = new Database(path);
    try {
      const version = () =>
        db.prepare("SELECT value FROM meta WHERE key = ?").pluck().get(SCHEMA_VERSION_KEY);
      const failing = {
        1: (d: Database.Database) => d.exec("CREATE TABLE extra (x)"),
        2: () => {
          throw new Error("migration 2 failed");
        },
      };
      expect(() => prepareSchema(db, path, 3, failing)).toThrow("migration 2 failed");
      expect(version()).toBe("1");
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'extra'").get()).toBeUndefined();

      prepareSchema(db, path, 2, { 1: (d) => d.exec("ALTER TABLE records ADD COLUMN note TEXT") });
      expect(version()).toBe("2");
      expect(db.prepare("SELECT note FROM records").all()).toEqual([]);
      expect(() => prepareSchema(db, path, 3, {})).toThrow(/no migration from schema version 2/);
    } finally {
      db.close();
    }
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

  it("leaves memory and disk unchanged when writing to SQLite fails", () => {
    const path = freshPath();
    const store = openSqliteStore(TEST_SCHEMA, { path });
    store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
    const version = store.version;
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

  it("keeps an invalid Date invalid", () => {
    const decoded = decodeRecord(encodeRecord({ id: "x", at: new Date(Number.NaN) })) as { at: Date };
    expect(decoded.at).toBeInstanceOf(Date);
    expect(Number.isNaN(decoded.at.getTime())).toBe(true);
  });
});
