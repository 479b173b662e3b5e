/**
 * Store micro-benchmark: `npx tsx bench/store.bench.ts` prints JSON (operations per second and
 * microseconds per operation) for the memory store and the SQLite store in a temporary directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createMemoryStore,
  openSqliteStore,
  type Scope,
  type Store,
  type StoreSchema,
} from "../src/store/index.js";

interface Subnet {
  readonly id: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  readonly cidrBlock: string;
  readonly createdAt: Date;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

interface Kinds {
  subnet: Subnet;
}

const schema: StoreSchema<Kinds> = { subnet: { indexes: ["vpcId", "availabilityZone"] } };
const scope: Scope = { account: "123456789012", region: "us-east-1" };
const POPULATION = 1000;
const VPCS = 10;

function subnet(n: number, version: number): Subnet {
  return {
    id: `subnet-${n.toString(16).padStart(17, "0")}`,
    // Every few versions a subnet changes VPC, so index maintenance is part of what is measured.
    vpcId: `vpc-${(n + (version % 3 === 0 ? 1 : 0)) % VPCS}`,
    availabilityZone: `us-east-1${"abc"[n % 3]}`,
    cidrBlock: `10.${n >> 8}.${n & 255}.0/24`,
    createdAt: new Date(1_700_000_000_000 + n),
    tags: [{ key: "Name", value: `subnet ${n} v${version}` }],
  };
}

interface Result {
  readonly opsPerSecond: number;
  readonly microsecondsPerOp: number;
  readonly iterations: number;
}

/** Runs `fn` repeatedly for about `millis` after a warm-up, and reports its rate. */
function measure(millis: number, fn: (i: number) => void): Result {
  for (let i = 0; i < 1000; i++) fn(i);
  let iterations = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(millis) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 100; k++) fn(iterations++);
    now = process.hrtime.bigint();
  }
  const seconds = Number(now - start) / 1e9;
  return {
    opsPerSecond: Math.round(iterations / seconds),
    microsecondsPerOp: Number(((seconds / iterations) * 1e6).toFixed(3)),
    iterations,
  };
}

function benchStore(open: () => Store<Kinds>, millis: number): Record<string, Result> {
  const store = open();
  store.write((tx) => {
    for (let n = 0; n < POPULATION; n++) tx.put("subnet", scope, subnet(n, 1));
  });
  const ids = Array.from({ length: POPULATION }, (_, n) => subnet(n, 0).id);
  const prebuilt = Array.from({ length: 4 * POPULATION }, (_, i) => subnet(i % POPULATION, i));
  let sink = 0;
  const results: Record<string, Result> = {
    writeTx4PutsReplacing: measure(millis, (i) => {
      store.write((tx) => {
        for (let k = 0; k < 4; k++) tx.put("subnet", scope, subnet((i * 4 + k) % POPULATION, i));
      });
    }),
    // The same, with records built beforehand: the store's own share of the cost.
    writeTx4PutsPrebuilt: measure(millis, (i) => {
      store.write((tx) => {
        for (let k = 0; k < 4; k++) tx.put("subnet", scope, prebuilt[(i * 4 + k) % prebuilt.length]!);
      });
    }),
    readTxEmpty: measure(millis, () => {
      sink += store.read(() => 1);
    }),
    get: measure(millis, (i) => {
      sink += store.read((tx) => (tx.get("subnet", scope, ids[i % POPULATION]!) === undefined ? 0 : 1));
    }),
    listByUnchanged: measure(millis, (i) => {
      sink += store.read((tx) => tx.listBy("subnet", scope, "vpcId", `vpc-${i % VPCS}`).length);
    }),
    writeTx1PutThenListBy: measure(millis, (i) => {
      store.write((tx) => tx.put("subnet", scope, subnet(i % POPULATION, i)));
      sink += store.read((tx) => tx.listBy("subnet", scope, "vpcId", `vpc-${i % VPCS}`).length);
    }),
  };
  store.close();
  // Inserting grows the store, so it runs last, on a store of its own.
  const growing = open();
  results.writeTx4PutsInserting = measure(millis, (i) => {
    growing.write((tx) => {
      for (let k = 0; k < 4; k++) tx.put("subnet", scope, subnet(i * 4 + k, 1));
    });
  });
  growing.close();
  if (sink === -1) console.error("unreachable: keeps reads from being optimised away");
  return results;
}

const millis = Number(process.env.BENCH_MILLIS ?? 400);
const dir = mkdtempSync(join(tmpdir(), "vpcsim-store-bench-"));
try {
  let files = 0;
  const memoryResults = benchStore(() => createMemoryStore(schema), millis);
  const sqliteResults = benchStore(
    () => openSqliteStore(schema, { path: join(dir, `bench-${files++}.db`) }),
    millis,
  );
  console.log(
    JSON.stringify(
      {
        benchmark: "store",
        node: process.version,
        population: POPULATION,
        listByResultSize: POPULATION / VPCS,
        memory: memoryResults,
        sqlite: sqliteResults,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
