import { describe, expect, it } from "vitest";
import { runStoreConformance, TEST_SCHEMA } from "./conformance.js";
import { createMemoryStore } from "./memory-store.js";

runStoreConformance("memory", (schema) => ({ store: createMemoryStore(schema) }));
runStoreConformance("memory (freeze)", (schema) => ({ store: createMemoryStore(schema, { freeze: true }) }));

const A = { account: "111111111111", region: "us-east-1" };
const T0 = new Date("2024-01-02T03:04:05.678Z");

describe("memory store", () => {
  it("returns the stored objects themselves, and the same list until something changes", () => {
    const store = createMemoryStore(TEST_SCHEMA);
    const record = {
      id: "subnet-1",
      vpcId: "vpc-1",
      availabilityZone: "us-east-1a",
      cidrBlock: "10.0.0.0/24",
    };
    store.write((tx) => tx.put("subnet", A, record));
    store.read((tx) => {
      expect(tx.get("subnet", A, "subnet-1")).toBe(record);
      expect(tx.list("subnet", A)).toBe(tx.list("subnet", A));
      expect(tx.listBy("subnet", A, "vpcId", "vpc-1")).toBe(tx.listBy("subnet", A, "vpcId", "vpc-1"));
      expect(tx.listAll("subnet")).toBe(tx.listAll("subnet"));
    });
    const before = store.read((tx) => tx.list("subnet", A));
    store.write((tx) => tx.put("subnet", A, { ...record, id: "subnet-2" }));
    expect(store.read((tx) => tx.list("subnet", A))).not.toBe(before);
    expect(Object.isFrozen(record)).toBe(false);
  });

  describe("with freeze", () => {
    it("deep-freezes stored records and returned arrays", () => {
      const store = createMemoryStore(TEST_SCHEMA, { freeze: true });
      const record = {
        id: "i-1",
        subnetId: "subnet-1",
        securityGroupIds: ["sg-1"],
        launchTime: T0,
        history: [{ at: T0, state: "pending" }],
      };
      store.write((tx) => tx.put("instance", A, record));
      expect(() => {
        (record as { subnetId: string }).subnetId = "subnet-2";
      }).toThrow(TypeError);
      expect(() => (record.securityGroupIds as string[]).push("sg-2")).toThrow(TypeError);
      expect(() => {
        (record.history[0] as { state: string }).state = "running";
      }).toThrow(TypeError);
      store.read((tx) => {
        expect(Object.isFrozen(tx.list("instance", A))).toBe(true);
        expect(Object.isFrozen(tx.listBy("instance", A, "securityGroupIds", "sg-1"))).toBe(true);
        expect(Object.isFrozen(tx.listAll("instance"))).toBe(true);
        expect(Object.isFrozen(tx.listAll("instance")[0])).toBe(true);
      });
    });

    it("rejects what a persistent store could not round-trip, and keeps nothing of that write", () => {
      const store = createMemoryStore(TEST_SCHEMA, { freeze: true });
      class Cidr {
        constructor(readonly text: string) {}
      }
      const bad = [
        { id: "vpc-1", cidr: new Cidr("10.0.0.0/16") },
        { id: "vpc-1", tags: new Map() },
        { id: "vpc-1", weight: Number.NaN },
        { id: "vpc-1", nested: [{ f: () => 1 }] },
      ];
      for (const record of bad) {
        expect(() => store.write((tx) => tx.put("vpc", A, record as never))).toThrow(/vpc vpc-1/);
      }
      expect(store.read((tx) => tx.count("vpc", A))).toBe(0);
      expect(() =>
        store.write((tx) => tx.put("vpc", A, { id: "vpc-2", big: 10n, at: T0, none: null } as never)),
      ).not.toThrow();
    });
  });
});
