/**
 * The behaviour every `Store` backend must have, as one vitest suite that each backend's test
 * file runs against its own factory (as hono does for its routers). Imported by tests only.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { ReadTx, Scope, Store, StoreSchema, WriteTx } from "./store.js";

export interface StoreUnderTest {
  readonly store: Store<TestKinds>;
  /** Opens the same data again. The suite closes `store` (and any earlier reopen) first. */
  readonly reopen?: () => Store<TestKinds>;
}

/** Builds a fresh, empty store of the suite's schema; with `reopen` when the backend persists. */
export type MakeStore = (schema: StoreSchema<TestKinds>) => StoreUnderTest;

// An interface, not a type alias, on purpose: the store's generics must accept one.
export interface TestKinds {
  vpc: TestVpc;
  subnet: TestSubnet;
  instance: TestInstance;
}

interface TestVpc {
  readonly id: string;
  readonly cidrBlock: string;
  readonly createdAt: Date;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly note?: string | undefined;
}

interface TestSubnet {
  readonly id: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly cidrBlock: string;
}

interface TestInstance {
  readonly id: string;
  readonly subnetId?: string | undefined;
  readonly securityGroupIds: readonly string[];
  readonly launchTime: Date;
  readonly history?: readonly { readonly at: Date; readonly state: string }[];
}

export const TEST_SCHEMA: StoreSchema<TestKinds> = {
  vpc: { indexes: [] },
  subnet: { indexes: ["vpcId", "availabilityZone"] },
  instance: { indexes: ["subnetId", "securityGroupIds"] },
};

type Tx = ReadTx<TestKinds>;
type TestStore = Store<TestKinds>;

const A: Scope = { account: "111111111111", region: "us-east-1" };
/** Same account as A, another region. */
const B: Scope = { account: "111111111111", region: "eu-west-1" };
/** Same region as A, another account. */
const C: Scope = { account: "222222222222", region: "us-east-1" };
const SCOPES = [A, B, C] as const;

const T0 = new Date("2024-01-02T03:04:05.678Z");

function subnet(id: string, vpcId: string, availabilityZone = "us-east-1a"): TestSubnet {
  return { id, vpcId, availabilityZone, cidrBlock: "10.0.0.0/24" };
}

function instance(
  id: string,
  subnetId: string | undefined,
  securityGroupIds: readonly string[],
): TestInstance {
  return { id, subnetId, securityGroupIds, launchTime: T0 };
}

function vpc(id: string, note?: string): TestVpc {
  return { id, cidrBlock: "10.0.0.0/16", createdAt: T0, tags: [{ key: "Name", value: id }], note };
}

const ids = (records: readonly { readonly id: string }[]): string[] => records.map((r) => r.id);

/** Everything observable about a store's contents, for whole-state comparisons. */
function observe(tx: Tx): unknown {
  const perScope = SCOPES.map((scope) => ({
    scope,
    vpcs: tx.list("vpc", scope),
    subnets: tx.list("subnet", scope),
    instances: tx.list("instance", scope),
    counts: [tx.count("vpc", scope), tx.count("subnet", scope), tx.count("instance", scope)],
    byVpc: ["vpc-1", "vpc-2", "vpc-3"].map((v) => ids(tx.listBy("subnet", scope, "vpcId", v))),
    byAz: ["us-east-1a", "us-east-1b"].map((az) => ids(tx.listBy("subnet", scope, "availabilityZone", az))),
    bySubnet: ["subnet-1", "subnet-2", "subnet-3"].map((s) =>
      ids(tx.listBy("instance", scope, "subnetId", s)),
    ),
    bySg: ["sg-1", "sg-2", "sg-3"].map((g) => ids(tx.listBy("instance", scope, "securityGroupIds", g))),
  }));
  return {
    perScope,
    all: (["vpc", "subnet", "instance"] as const).map((kind) =>
      tx.listAll(kind).map(({ scope, record }) => [scope.account, scope.region, record.id]),
    ),
    meta: ["counter", "setting", "empty"].map((key) => tx.getMeta(key)),
  };
}

/** A state with replacements, a re-insertion, moved index values and several scopes. */
function populate(store: TestStore): void {
  store.write((tx) => {
    tx.put("vpc", A, vpc("vpc-1"));
    tx.put("vpc", A, vpc("vpc-2", "second"));
    tx.put("subnet", A, subnet("subnet-3", "vpc-1"));
    tx.put("subnet", A, subnet("subnet-1", "vpc-2", "us-east-1b"));
    tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
    tx.put("subnet", B, subnet("subnet-1", "vpc-3"));
    tx.put("subnet", C, subnet("subnet-1", "vpc-1"));
    tx.put("instance", A, instance("i-1", "subnet-1", ["sg-1", "sg-2"]));
    tx.put("instance", A, instance("i-2", "subnet-2", ["sg-2"]));
    tx.put("instance", A, instance("i-3", undefined, []));
    tx.setMeta("counter", "7");
    tx.setMeta("empty", "");
  });
  store.write((tx) => {
    // subnet-3 moves into vpc-2's bucket, where it is older than subnet-1.
    tx.put("subnet", A, subnet("subnet-3", "vpc-2"));
    tx.delete("subnet", A, "subnet-1");
    tx.put("subnet", A, subnet("subnet-1", "vpc-2"));
    tx.put("instance", A, instance("i-1", "subnet-2", ["sg-2", "sg-3"]));
    tx.put("vpc", B, vpc("vpc-1"));
    tx.setMeta("setting", "on");
  });
}

export function runStoreConformance(name: string, makeStore: MakeStore): void {
  describe(`Store conformance: ${name}`, () => {
    const opened: TestStore[] = [];
    afterEach(() => {
      for (const store of opened.splice(0)) store.close();
    });

    function open(): { store: TestStore; reopen: (() => TestStore) | undefined } {
      const made = makeStore(TEST_SCHEMA);
      opened.push(made.store);
      return { store: made.store, reopen: made.reopen };
    }

    /** Closes `store` and opens its data again. */
    function restart(store: TestStore, reopen: () => TestStore): TestStore {
      store.close();
      const again = reopen();
      opened.push(again);
      return again;
    }

    describe("records", () => {
      it("returns undefined for a missing record and the stored record after put", () => {
        const { store } = open();
        expect(store.read((tx) => tx.get("subnet", A, "subnet-1"))).toBeUndefined();
        store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
        expect(store.read((tx) => tx.get("subnet", A, "subnet-1"))).toEqual(subnet("subnet-1", "vpc-1"));
        expect(store.read((tx) => tx.get("subnet", A, "subnet-2"))).toBeUndefined();
      });

      it("replaces a record with the same id in place", () => {
        const { store } = open();
        store.write((tx) => {
          for (const id of ["subnet-1", "subnet-2", "subnet-3"]) tx.put("subnet", A, subnet(id, "vpc-1"));
        });
        store.write((tx) =>
          tx.put("subnet", A, { ...subnet("subnet-1", "vpc-1"), cidrBlock: "10.0.9.0/24" }),
        );
        store.read((tx) => {
          expect(ids(tx.list("subnet", A))).toEqual(["subnet-1", "subnet-2", "subnet-3"]);
          expect(tx.get("subnet", A, "subnet-1")?.cidrBlock).toBe("10.0.9.0/24");
          expect(tx.count("subnet", A)).toBe(3);
        });
      });

      it("deletes a record from every view and reports whether it was there", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
          tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
        });
        expect(store.write((tx) => tx.delete("subnet", A, "subnet-1"))).toBe(true);
        expect(store.write((tx) => tx.delete("subnet", A, "subnet-1"))).toBe(false);
        expect(store.write((tx) => tx.delete("subnet", A, "never-there"))).toBe(false);
        expect(store.write((tx) => tx.delete("instance", C, "i-1"))).toBe(false);
        store.read((tx) => {
          expect(tx.get("subnet", A, "subnet-1")).toBeUndefined();
          expect(ids(tx.list("subnet", A))).toEqual(["subnet-2"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(["subnet-2"]);
          expect(tx.count("subnet", A)).toBe(1);
          expect(tx.listAll("subnet").map((x) => x.record.id)).toEqual(["subnet-2"]);
        });
      });

      it("lists in insertion order, not id order", () => {
        const { store } = open();
        const order = Array.from(
          { length: 40 },
          (_, i) => `subnet-${((i * 17) % 40).toString().padStart(2, "0")}`,
        );
        store.write((tx) => {
          for (const id of order.slice(0, 25)) tx.put("subnet", A, subnet(id, "vpc-1"));
        });
        store.write((tx) => {
          for (const id of order.slice(25)) tx.put("subnet", A, subnet(id, "vpc-1"));
        });
        store.read((tx) => {
          expect(ids(tx.list("subnet", A))).toEqual(order);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(order);
        });
      });

      it("puts a deleted and re-inserted record at the end, in one transaction or two", () => {
        const { store } = open();
        store.write((tx) => {
          for (const id of ["subnet-1", "subnet-2", "subnet-3", "subnet-4"])
            tx.put("subnet", A, subnet(id, "vpc-1"));
        });
        store.write((tx) => tx.delete("subnet", A, "subnet-1"));
        store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
        store.write((tx) => {
          tx.delete("subnet", A, "subnet-2");
          tx.put("subnet", A, subnet("subnet-5", "vpc-1"));
          tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
        });
        const expected = ["subnet-3", "subnet-4", "subnet-1", "subnet-5", "subnet-2"];
        store.read((tx) => {
          expect(ids(tx.list("subnet", A))).toEqual(expected);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(expected);
          expect(tx.listAll("subnet").map((x) => x.record.id)).toEqual(expected);
        });
      });

      it("keeps kinds apart", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("subnet", A, subnet("x-1", "vpc-1"));
          tx.put("instance", A, instance("x-1", "subnet-1", []));
        });
        expect(store.write((tx) => tx.delete("subnet", A, "x-1"))).toBe(true);
        store.read((tx) => {
          expect(tx.get("subnet", A, "x-1")).toBeUndefined();
          expect(tx.get("instance", A, "x-1")?.subnetId).toBe("subnet-1");
          expect(tx.count("instance", A)).toBe(1);
        });
      });

      it("isolates scopes: the same id in another account or region is another record", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-1", "vpc-a"));
          tx.put("subnet", B, subnet("subnet-1", "vpc-b"));
          tx.put("subnet", C, subnet("subnet-1", "vpc-c"));
          tx.put("subnet", C, subnet("subnet-2", "vpc-a"));
        });
        store.read((tx) => {
          expect(tx.get("subnet", A, "subnet-1")?.vpcId).toBe("vpc-a");
          expect(tx.get("subnet", B, "subnet-1")?.vpcId).toBe("vpc-b");
          expect(tx.get("subnet", C, "subnet-1")?.vpcId).toBe("vpc-c");
          expect(tx.get("subnet", A, "subnet-2")).toBeUndefined();
          expect(tx.get("subnet", { account: A.account, region: "ap-south-1" }, "subnet-1")).toBeUndefined();
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-a"))).toEqual(["subnet-1"]);
          expect(ids(tx.listBy("subnet", C, "vpcId", "vpc-a"))).toEqual(["subnet-2"]);
          expect(tx.listBy("subnet", B, "vpcId", "vpc-a")).toEqual([]);
          expect([tx.count("subnet", A), tx.count("subnet", B), tx.count("subnet", C)]).toEqual([1, 1, 2]);
        });
        store.write((tx) => tx.delete("subnet", B, "subnet-1"));
        store.read((tx) => {
          expect(tx.get("subnet", A, "subnet-1")?.vpcId).toBe("vpc-a");
          expect(tx.get("subnet", C, "subnet-1")?.vpcId).toBe("vpc-c");
          expect(tx.list("subnet", B)).toEqual([]);
        });
      });

      it("accepts a scope object it has not seen before, matching by value", () => {
        const { store } = open();
        store.write((tx) => tx.put("subnet", { ...A }, subnet("subnet-1", "vpc-1")));
        expect(
          store.read((tx) => tx.get("subnet", { account: A.account, region: A.region }, "subnet-1")),
        ).toBeDefined();
      });

      it("rejects unknown kinds and records without an id", () => {
        const { store } = open();
        expect(() => store.read((tx) => tx.get("volume" as never, A, "vol-1"))).toThrow(/unknown kind/);
        expect(() => store.write((tx) => tx.put("volume" as never, A, { id: "vol-1" } as never))).toThrow(
          /unknown kind/,
        );
        expect(() => store.write((tx) => tx.put("subnet", A, { vpcId: "vpc-1" } as never))).toThrow(/id/);
        expect(store.read((tx) => tx.count("subnet", A))).toBe(0);
      });

      it("does not change a list returned earlier when later writes happen", () => {
        const { store } = open();
        store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
        const before = store.read((tx) => tx.list("subnet", A));
        const byVpcBefore = store.read((tx) => tx.listBy("subnet", A, "vpcId", "vpc-1"));
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
          tx.put("subnet", A, subnet("subnet-1", "vpc-9"));
        });
        expect(before).toEqual([subnet("subnet-1", "vpc-1")]);
        expect(byVpcBefore).toEqual([subnet("subnet-1", "vpc-1")]);
        expect(ids(store.read((tx) => tx.list("subnet", A)))).toEqual(["subnet-1", "subnet-2"]);
      });
    });

    describe("indexes", () => {
      it("finds records by a string field, in insertion order", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-3", "vpc-1", "us-east-1b"));
          tx.put("subnet", A, subnet("subnet-1", "vpc-2", "us-east-1a"));
          tx.put("subnet", A, subnet("subnet-2", "vpc-1", "us-east-1a"));
        });
        store.read((tx) => {
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(["subnet-3", "subnet-2"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-2"))).toEqual(["subnet-1"]);
          expect(ids(tx.listBy("subnet", A, "availabilityZone", "us-east-1a"))).toEqual([
            "subnet-1",
            "subnet-2",
          ]);
          expect(tx.listBy("subnet", A, "vpcId", "vpc-404")).toEqual([]);
        });
      });

      it("finds records by each element of an array field", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("instance", A, instance("i-1", "subnet-1", ["sg-1", "sg-2"]));
          tx.put("instance", A, instance("i-2", "subnet-1", ["sg-2", "sg-2"]));
          tx.put("instance", A, instance("i-3", "subnet-1", []));
        });
        store.read((tx) => {
          expect(ids(tx.listBy("instance", A, "securityGroupIds", "sg-1"))).toEqual(["i-1"]);
          expect(ids(tx.listBy("instance", A, "securityGroupIds", "sg-2"))).toEqual(["i-1", "i-2"]);
          expect(tx.listBy("instance", A, "securityGroupIds", "sg-3")).toEqual([]);
        });
      });

      it("moves a record between buckets when its indexed field changes, keeping insertion order", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-a", "vpc-1"));
          tx.put("subnet", A, subnet("subnet-b", "vpc-2"));
          tx.put("subnet", A, subnet("subnet-c", "vpc-1"));
        });
        store.read((tx) => expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-2"))).toEqual(["subnet-b"]));
        store.write((tx) => tx.put("subnet", A, subnet("subnet-a", "vpc-2")));
        store.read((tx) => {
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(["subnet-c"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-2"))).toEqual(["subnet-a", "subnet-b"]);
        });
        store.write((tx) => tx.put("subnet", A, subnet("subnet-a", "vpc-1")));
        store.read((tx) => {
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(["subnet-a", "subnet-c"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-2"))).toEqual(["subnet-b"]);
        });
      });

      it("follows updates of array fields element by element", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("instance", A, instance("i-1", "subnet-1", ["sg-1", "sg-2"]));
          tx.put("instance", A, instance("i-2", "subnet-1", ["sg-3"]));
        });
        store.write((tx) => tx.put("instance", A, instance("i-1", "subnet-1", ["sg-2", "sg-3"])));
        store.read((tx) => {
          expect(tx.listBy("instance", A, "securityGroupIds", "sg-1")).toEqual([]);
          expect(ids(tx.listBy("instance", A, "securityGroupIds", "sg-2"))).toEqual(["i-1"]);
          expect(ids(tx.listBy("instance", A, "securityGroupIds", "sg-3"))).toEqual(["i-1", "i-2"]);
        });
      });

      it("returns the new version of a replaced record even when its indexed value is unchanged", () => {
        const { store } = open();
        store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
        expect(store.read((tx) => tx.listBy("subnet", A, "vpcId", "vpc-1")[0]?.cidrBlock)).toBe(
          "10.0.0.0/24",
        );
        store.write((tx) =>
          tx.put("subnet", A, { ...subnet("subnet-1", "vpc-1"), cidrBlock: "10.0.7.0/24" }),
        );
        expect(store.read((tx) => tx.listBy("subnet", A, "vpcId", "vpc-1")[0]?.cidrBlock)).toBe(
          "10.0.7.0/24",
        );
        expect(store.read((tx) => tx.listAll("subnet")[0]?.record.cidrBlock)).toBe("10.0.7.0/24");
        store.write((tx) => tx.put("instance", A, instance("i-1", "subnet-1", ["sg-1"])));
        expect(
          store.read((tx) => tx.listBy("instance", A, "securityGroupIds", "sg-1")[0]?.launchTime),
        ).toEqual(T0);
        const later = new Date(T0.getTime() + 1000);
        store.write((tx) =>
          tx.put("instance", A, { ...instance("i-1", "subnet-1", ["sg-1"]), launchTime: later }),
        );
        expect(
          store.read((tx) => tx.listBy("instance", A, "securityGroupIds", "sg-1")[0]?.launchTime),
        ).toEqual(later);
      });

      it("leaves records whose indexed field is absent out of every bucket", () => {
        const { store } = open();
        store.write((tx) => tx.put("instance", A, instance("i-1", undefined, [])));
        store.write((tx) => tx.put("instance", A, instance("i-2", "subnet-1", [])));
        store.read((tx) => {
          expect(ids(tx.listBy("instance", A, "subnetId", "subnet-1"))).toEqual(["i-2"]);
          expect(tx.listBy("instance", A, "subnetId", "undefined")).toEqual([]);
        });
        store.write((tx) => tx.put("instance", A, instance("i-2", undefined, [])));
        expect(store.read((tx) => tx.listBy("instance", A, "subnetId", "subnet-1"))).toEqual([]);
      });

      it("refuses a field that is not declared as an index", () => {
        const { store } = open();
        store.write((tx) => tx.put("subnet", A, subnet("subnet-1", "vpc-1")));
        expect(() => store.read((tx) => tx.listBy("subnet", A, "cidrBlock", "10.0.0.0/24"))).toThrow(
          /no index/,
        );
        expect(() => store.write((tx) => tx.listBy("vpc", A, "cidrBlock", "10.0.0.0/16"))).toThrow(
          /no index/,
        );
      });
    });

    describe("listAll", () => {
      it("returns every scope's records with their scope, in insertion order across scopes", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
          tx.put("subnet", B, subnet("subnet-1", "vpc-2"));
        });
        store.write((tx) => {
          tx.put("subnet", C, subnet("subnet-9", "vpc-3"));
          tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
          tx.put("subnet", B, subnet("subnet-1", "vpc-5"));
        });
        const all = store.read((tx) => tx.listAll("subnet"));
        expect(
          all.map(({ scope, record }) => [scope.account, scope.region, record.id, record.vpcId]),
        ).toEqual([
          [A.account, A.region, "subnet-1", "vpc-1"],
          [B.account, B.region, "subnet-1", "vpc-5"],
          [C.account, C.region, "subnet-9", "vpc-3"],
          [A.account, A.region, "subnet-2", "vpc-1"],
        ]);
        expect(store.read((tx) => tx.listAll("vpc"))).toEqual([]);
      });
    });

    describe("meta", () => {
      it("stores string values by key", () => {
        const { store } = open();
        expect(store.read((tx) => tx.getMeta("counter"))).toBeUndefined();
        store.write((tx) => {
          tx.setMeta("counter", "1");
          tx.setMeta("empty", "");
        });
        store.write((tx) => tx.setMeta("counter", "2"));
        store.read((tx) => {
          expect(tx.getMeta("counter")).toBe("2");
          expect(tx.getMeta("empty")).toBe("");
          expect(tx.getMeta("other")).toBeUndefined();
        });
      });

      it("reserves keys beginning with store.", () => {
        const { store } = open();
        expect(() => store.write((tx) => tx.setMeta("store.schema_version", "9"))).toThrow(/reserved/);
        expect(store.read((tx) => tx.getMeta("store.schema_version"))).toBeUndefined();
      });
    });

    describe("transactions", () => {
      it("returns the callback's value from read and write", () => {
        const { store } = open();
        expect(store.write(() => 42)).toBe(42);
        expect(store.read(() => "x")).toBe("x");
      });

      it("lets reads inside a write see its own writes", () => {
        const { store } = open();
        populate(store);
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-9", "vpc-1"));
          tx.put("subnet", A, { ...subnet("subnet-2", "vpc-3"), cidrBlock: "10.0.2.0/24" });
          tx.delete("subnet", A, "subnet-3");
          expect(tx.get("subnet", A, "subnet-9")?.vpcId).toBe("vpc-1");
          expect(tx.get("subnet", A, "subnet-2")?.cidrBlock).toBe("10.0.2.0/24");
          expect(tx.get("subnet", A, "subnet-3")).toBeUndefined();
          expect(ids(tx.list("subnet", A))).toEqual(["subnet-2", "subnet-1", "subnet-9"]);
          expect(tx.count("subnet", A)).toBe(3);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(["subnet-9"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-2"))).toEqual(["subnet-1"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-3"))).toEqual(["subnet-2"]);
          // Re-inserting the deleted one puts it after the one inserted earlier in this transaction.
          tx.put("subnet", A, subnet("subnet-3", "vpc-1"));
          expect(ids(tx.list("subnet", A))).toEqual(["subnet-2", "subnet-1", "subnet-9", "subnet-3"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(["subnet-9", "subnet-3"]);
          expect(
            tx.listAll("subnet").map(({ scope, record }) => `${scope.region}/${scope.account}/${record.id}`),
          ).toEqual([
            `us-east-1/${A.account}/subnet-2`,
            `eu-west-1/${B.account}/subnet-1`,
            `us-east-1/${C.account}/subnet-1`,
            `us-east-1/${A.account}/subnet-1`,
            `us-east-1/${A.account}/subnet-9`,
            `us-east-1/${A.account}/subnet-3`,
          ]);
          tx.put("instance", A, instance("i-2", "subnet-2", ["sg-1"]));
          expect(ids(tx.listBy("instance", A, "securityGroupIds", "sg-1"))).toEqual(["i-2"]);
          expect(ids(tx.listBy("instance", A, "securityGroupIds", "sg-2"))).toEqual(["i-1"]);
          expect(ids(tx.listBy("instance", A, "subnetId", "subnet-2"))).toEqual(["i-1", "i-2"]);
          tx.setMeta("counter", "8");
          expect(tx.getMeta("counter")).toBe("8");
          expect(tx.getMeta("setting")).toBe("on");
          // A record put and deleted within the transaction is gone again.
          tx.put("vpc", C, vpc("vpc-tmp"));
          expect(tx.count("vpc", C)).toBe(1);
          expect(tx.delete("vpc", C, "vpc-tmp")).toBe(true);
          expect(tx.delete("vpc", C, "vpc-tmp")).toBe(false);
          expect(tx.get("vpc", C, "vpc-tmp")).toBeUndefined();
          expect(tx.count("vpc", C)).toBe(0);
        });
        store.read((tx) => {
          expect(ids(tx.list("subnet", A))).toEqual(["subnet-2", "subnet-1", "subnet-9", "subnet-3"]);
          expect(ids(tx.listBy("subnet", A, "vpcId", "vpc-1"))).toEqual(["subnet-9", "subnet-3"]);
          expect(tx.getMeta("counter")).toBe("8");
          expect(tx.list("vpc", C)).toEqual([]);
        });
      });

      it("leaves nothing behind when the callback throws, after puts, deletes and meta", () => {
        const { store } = open();
        populate(store);
        const before = store.read(observe);
        const version = store.version;
        const failure = new Error("boom");
        expect(() =>
          store.write((tx) => {
            tx.put("subnet", A, subnet("subnet-new", "vpc-1"));
            tx.put("subnet", A, subnet("subnet-2", "vpc-3"));
            tx.delete("subnet", A, "subnet-3");
            tx.put("subnet", A, subnet("subnet-3", "vpc-3"));
            tx.delete("subnet", C, "subnet-1");
            tx.put("instance", A, instance("i-1", "subnet-3", ["sg-1"]));
            tx.delete("instance", A, "i-2");
            tx.put("vpc", C, vpc("vpc-9"));
            tx.setMeta("counter", "100");
            tx.setMeta("fresh", "yes");
            throw failure;
          }),
        ).toThrow(failure);
        expect(store.read(observe)).toEqual(before);
        expect(store.read((tx) => tx.getMeta("fresh"))).toBeUndefined();
        expect(store.read((tx) => tx.get("vpc", C, "vpc-9"))).toBeUndefined();
        expect(store.version).toBe(version);
        // The store still works, and new records still go to the end.
        store.write((tx) => tx.put("subnet", A, subnet("subnet-4", "vpc-2")));
        expect(ids(store.read((tx) => tx.list("subnet", A)))).toEqual([
          "subnet-3",
          "subnet-2",
          "subnet-1",
          "subnet-4",
        ]);
        expect(ids(store.read((tx) => tx.listBy("subnet", A, "vpcId", "vpc-2")))).toEqual([
          "subnet-3",
          "subnet-1",
          "subnet-4",
        ]);
      });

      it("bumps the version once per committed write that changed something", () => {
        const { store } = open();
        const v0 = store.version;
        store.read((tx) => tx.list("subnet", A));
        store.write(() => undefined);
        store.write((tx) => tx.get("subnet", A, "subnet-1"));
        expect(store.version).toBe(v0);
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
          tx.put("subnet", A, subnet("subnet-2", "vpc-1"));
          tx.setMeta("counter", "1");
        });
        expect(store.version).toBe(v0 + 1);
        store.write((tx) => tx.delete("subnet", A, "missing"));
        store.write((tx) => tx.setMeta("counter", "1"));
        store.write((tx) => {
          tx.put("subnet", B, subnet("subnet-tmp", "vpc-1"));
          tx.delete("subnet", B, "subnet-tmp");
        });
        expect(() =>
          store.write((tx) => {
            tx.put("subnet", A, subnet("subnet-3", "vpc-1"));
            throw new Error("no");
          }),
        ).toThrow("no");
        expect(store.version).toBe(v0 + 1);
        store.write((tx) => tx.delete("subnet", A, "subnet-1"));
        expect(store.version).toBe(v0 + 2);
        store.write((tx) => tx.setMeta("counter", "2"));
        expect(store.version).toBe(v0 + 3);
        // A put counts even when the record is equal to the stored one: there is no deep compare.
        store.write((tx) => tx.put("subnet", A, subnet("subnet-2", "vpc-1")));
        expect(store.version).toBe(v0 + 4);
      });

      it("refuses nested transactions, and the outer one still commits", () => {
        const { store } = open();
        store.write((tx) => {
          tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
          expect(() => store.write((inner) => inner.put("subnet", A, subnet("subnet-2", "vpc-1")))).toThrow(
            /do not nest/,
          );
          expect(() => store.read((inner) => inner.count("subnet", A))).toThrow(/do not nest/);
        });
        store.read(() => {
          expect(() => store.write((inner) => inner.put("subnet", A, subnet("subnet-3", "vpc-1")))).toThrow(
            /do not nest/,
          );
          expect(store.read((inner) => inner.count("subnet", A))).toBe(1);
        });
        expect(ids(store.read((tx) => tx.list("subnet", A)))).toEqual(["subnet-1"]);
      });

      it("rolls back a write whose callback returns a Promise", () => {
        const { store } = open();
        const version = store.version;
        expect(() =>
          store.write(async (tx) => {
            tx.put("subnet", A, subnet("subnet-1", "vpc-1"));
          }),
        ).toThrow(/Promise/);
        expect(store.read((tx) => tx.count("subnet", A))).toBe(0);
        expect(store.version).toBe(version);
      });

      it("refuses a transaction used after its callback returned", () => {
        const { store } = open();
        const writeTx = store.write((tx) => tx);
        const readTx = store.read((tx) => tx);
        expect(() => writeTx.put("subnet", A, subnet("subnet-1", "vpc-1"))).toThrow(/after it ended/);
        expect(() => writeTx.get("subnet", A, "subnet-1")).toThrow(/after it ended/);
        expect(() => readTx.list("subnet", A)).toThrow(/after it ended/);
        expect(store.read((tx) => tx.count("subnet", A))).toBe(0);
      });

      it("refuses reads and writes once closed, and closes twice without error", () => {
        const { store } = open();
        store.close();
        store.close();
        expect(() => store.read((tx) => tx.count("subnet", A))).toThrow(/closed/);
        expect(() => store.write((tx) => tx.setMeta("k", "v"))).toThrow(/closed/);
      });
    });

    describe("data", () => {
      it("keeps Dates as Dates, also nested in objects and arrays", () => {
        const { store } = open();
        const history = [
          { at: new Date("2024-05-06T07:08:09.010Z"), state: "pending" },
          { at: new Date("2024-05-06T07:08:19.010Z"), state: "running" },
        ];
        store.write((tx) => tx.put("instance", A, { ...instance("i-1", "subnet-1", []), history }));
        const got = store.read((tx) => tx.get("instance", A, "i-1"));
        expect(got?.launchTime).toBeInstanceOf(Date);
        expect(got?.launchTime.getTime()).toBe(T0.getTime());
        expect(got?.history?.[1]?.at).toBeInstanceOf(Date);
        expect(got?.history?.[1]?.at.toISOString()).toBe("2024-05-06T07:08:19.010Z");
      });

      it("agrees with a simple model over random transactions, some of them failing", () => {
        checkAgainstModel(open, restart);
      });
    });

    // Known only once a store exists: probe with one and let it go.
    const probe = makeStore(TEST_SCHEMA);
    probe.store.close();
    const persistent = probe.reopen !== undefined;

    if (persistent) describePersistence();

    function describePersistence(): void {
      describe("persistence", () => {
        it("keeps records, order, indexes and meta across a reopen", () => {
          const { store, reopen } = open();
          populate(store);
          const before = store.read(observe);
          const again = restart(store, reopen!);
          expect(again.read(observe)).toEqual(before);
          again.read((tx) => {
            const v = tx.get("vpc", A, "vpc-1");
            expect(v?.createdAt).toBeInstanceOf(Date);
            expect(v?.createdAt.getTime()).toBe(T0.getTime());
            expect(tx.get("instance", A, "i-1")?.launchTime).toBeInstanceOf(Date);
          });
        });

        it("keeps a rolled-back transaction off the disk", () => {
          const { store, reopen } = open();
          populate(store);
          const before = store.read(observe);
          expect(() =>
            store.write((tx) => {
              tx.put("subnet", A, subnet("subnet-new", "vpc-1"));
              tx.delete("subnet", A, "subnet-2");
              tx.setMeta("counter", "99");
              throw new Error("rolled back");
            }),
          ).toThrow("rolled back");
          const again = restart(store, reopen!);
          expect(again.read(observe)).toEqual(before);
          expect(again.read((tx) => tx.get("subnet", A, "subnet-new"))).toBeUndefined();
        });

        it("continues insertion order after a reopen", () => {
          const { store, reopen } = open();
          populate(store);
          const again = restart(store, reopen!);
          again.write((tx) => {
            tx.put("subnet", A, subnet("subnet-0", "vpc-2"));
            tx.put("subnet", A, subnet("subnet-2", "vpc-2"));
          });
          const expected = ["subnet-3", "subnet-2", "subnet-1", "subnet-0"];
          expect(ids(again.read((tx) => tx.list("subnet", A)))).toEqual(expected);
          const third = restart(again, reopen!);
          expect(ids(third.read((tx) => tx.list("subnet", A)))).toEqual(expected);
          expect(ids(third.read((tx) => tx.listBy("subnet", A, "vpcId", "vpc-2")))).toEqual(expected);
          expect(third.read((tx) => tx.listAll("subnet").at(-1)?.record.id)).toBe("subnet-0");
        });

        it("drops undefined members and keeps the rest", () => {
          const { store, reopen } = open();
          store.write((tx) => tx.put("vpc", A, vpc("vpc-1", undefined)));
          const again = restart(store, reopen!);
          const got = again.read((tx) => tx.get("vpc", A, "vpc-1"));
          expect(got).toEqual(vpc("vpc-1"));
          expect(got !== undefined && "note" in got).toBe(false);
        });
      });
    }
  });
}

type Op =
  | {
      readonly type: "put";
      readonly scope: number;
      readonly id: string;
      readonly subnetId?: string;
      readonly sgs: string[];
    }
  | { readonly type: "delete"; readonly scope: number; readonly id: string }
  | { readonly type: "meta"; readonly key: string; readonly value: string };

/** The contract in its simplest form: arrays in insertion order, filtered on every read. */
class Model {
  scopes: TestInstance[][] = SCOPES.map(() => []);
  /** Every live record as [scope index, id], in insertion order across scopes. */
  all: [number, string][] = [];
  meta = new Map<string, string>();

  clone(): Model {
    const copy = new Model();
    copy.scopes = this.scopes.map((records) => [...records]);
    copy.all = [...this.all];
    copy.meta = new Map(this.meta);
    return copy;
  }

  apply(op: Op): void {
    if (op.type === "meta") {
      this.meta.set(op.key, op.value);
      return;
    }
    const records = this.scopes[op.scope]!;
    const at = records.findIndex((r) => r.id === op.id);
    if (op.type === "put") {
      const record = instance(op.id, op.subnetId, op.sgs);
      if (at >= 0) records[at] = record;
      else {
        records.push(record);
        this.all.push([op.scope, op.id]);
      }
    } else if (at >= 0) {
      records.splice(at, 1);
      this.all = this.all.filter(([scope, id]) => scope !== op.scope || id !== op.id);
    }
  }
}

const SUBNET_POOL = ["subnet-1", "subnet-2", "subnet-3"];
const SG_POOL = ["sg-1", "sg-2", "sg-3"];
const ID_POOL = ["i-1", "i-2", "i-3", "i-4", "i-5"];

function expectAgreement(tx: Tx, model: Model): void {
  SCOPES.forEach((scope, s) => {
    const expected = model.scopes[s]!;
    expect(tx.list("instance", scope)).toEqual(expected);
    expect(tx.count("instance", scope)).toBe(expected.length);
    for (const id of ID_POOL)
      expect(tx.get("instance", scope, id)).toEqual(expected.find((r) => r.id === id));
    for (const value of SUBNET_POOL) {
      expect(ids(tx.listBy("instance", scope, "subnetId", value))).toEqual(
        ids(expected.filter((r) => r.subnetId === value)),
      );
    }
    for (const value of SG_POOL) {
      expect(ids(tx.listBy("instance", scope, "securityGroupIds", value))).toEqual(
        ids(expected.filter((r) => r.securityGroupIds.includes(value))),
      );
    }
  });
  expect(
    tx
      .listAll("instance")
      .map(({ scope, record }) => [
        SCOPES.findIndex((x) => x.account === scope.account && x.region === scope.region),
        record.id,
      ]),
  ).toEqual(model.all);
  for (const key of ["a", "b"]) expect(tx.getMeta(key)).toBe(model.meta.get(key));
}

function checkAgainstModel(
  open: () => { store: TestStore; reopen: (() => TestStore) | undefined },
  restart: (store: TestStore, reopen: () => TestStore) => TestStore,
): void {
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        type: fc.constant("put" as const),
        scope: fc.integer({ min: 0, max: SCOPES.length - 1 }),
        id: fc.constantFrom(...ID_POOL),
        subnetId: fc.option(fc.constantFrom(...SUBNET_POOL), { nil: undefined }),
        sgs: fc.array(fc.constantFrom(...SG_POOL), { maxLength: 3 }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        type: fc.constant("delete" as const),
        scope: fc.integer({ min: 0, max: SCOPES.length - 1 }),
        id: fc.constantFrom(...ID_POOL),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        type: fc.constant("meta" as const),
        key: fc.constantFrom("a", "b"),
        value: fc.constantFrom("", "1", "2"),
      }),
    },
  );
  const transaction = fc.record({ ops: fc.array(op, { minLength: 1, maxLength: 6 }), fails: fc.boolean() });
  fc.assert(
    fc.property(fc.array(transaction, { minLength: 1, maxLength: 12 }), (transactions) => {
      let { store, reopen } = open();
      let model = new Model();
      for (const { ops, fails } of transactions) {
        const working = model.clone();
        const versionBefore = store.version;
        try {
          store.write((tx: WriteTx<TestKinds>) => {
            for (const o of ops) {
              if (o.type === "put") tx.put("instance", SCOPES[o.scope]!, instance(o.id, o.subnetId, o.sgs));
              else if (o.type === "delete") {
                const existed = working.scopes[o.scope]!.some((r) => r.id === o.id);
                expect(tx.delete("instance", SCOPES[o.scope]!, o.id)).toBe(existed);
              } else tx.setMeta(o.key, o.value);
              working.apply(o);
              expectAgreement(tx, working);
            }
            if (fails) throw new Error("planned failure");
          });
          model = working;
          expect(store.version).toBeGreaterThanOrEqual(versionBefore);
        } catch (error) {
          if (!(error instanceof Error && error.message === "planned failure")) throw error;
          expect(store.version).toBe(versionBefore);
        }
        store.read((tx) => expectAgreement(tx, model));
      }
      if (reopen !== undefined) {
        store = restart(store, reopen);
        store.read((tx) => expectAgreement(tx, model));
      }
      // Sixty runs would otherwise hold sixty open stores until the test ends.
      store.close();
    }),
    { numRuns: 60 },
  );
}
