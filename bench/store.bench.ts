/**
 * Store micro-benchmark: `npx tsx bench/store.bench.ts` prints JSON for the memory store and the
 * SQLite store in a temporary directory. Times are wall-clock; `cpu…` figures are this process's
 * user + system CPU time, which moves less when other processes share the machine.
 *
 * - `memory`, `sqlite`: operations in a tight loop. Write transactions put records built
 *   beforehand (`…Prebuilt`: the store's own share of the cost), shaped like the model's subnets
 *   (~580 bytes of JSON, no Dates, as the resources hold none). The loop never yields, so for
 *   SQLite this is `write()` with SQLite's backstop checkpoints inline and no background work.
 * - `sqliteServerLike`: 1- and 4-put transactions as a server issues them, yielding to the event
 *   loop every few writes so that background compaction and checkpoints run in between: the mean
 *   and p99 time inside `write()` (a request's share), and wall and CPU time per transaction
 *   with all background work included (what bounds throughput).
 * - `sqliteCompaction`: 5,000 transactions written without yielding, then folded by the
 *   background; each event-loop turn is timed (how long background work blocks the loop).
 * - `sqliteOpen`: opening a store of `BENCH_OPEN_RECORDS` (100,000) records whose file also
 *   holds a log of `BENCH_OPEN_LOG_ROWS` (5,000) rows of 4 puts.
 *
 * `BENCH_MILLIS` sets the length of each tight-loop sample.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createMemoryStore,
  openSqliteStore,
  type Scope,
  type SqliteStoreOptions,
  type Store,
  type StoreSchema,
} from "../src/store/index.js";

interface Subnet {
  readonly id: string;
  readonly ownerId: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  readonly vpcId: string;
  readonly state: string;
  readonly cidrBlock: string;
  readonly ipv6CidrBlockAssociations: readonly never[];
  readonly availabilityZone: string;
  readonly availabilityZoneId: string;
  readonly defaultForAz: boolean;
  readonly mapPublicIpOnLaunch: boolean;
  readonly mapCustomerOwnedIpOnLaunch: boolean;
  readonly assignIpv6AddressOnCreation: boolean;
  readonly enableDns64: boolean;
  readonly ipv6Native: boolean;
  readonly privateDnsHostnameType: string;
  readonly enableResourceNameDnsARecord: boolean;
  readonly enableResourceNameDnsAAAARecord: boolean;
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
    ownerId: scope.account,
    tags: [
      { key: "Name", value: `subnet ${n} v${version}` },
      { key: "team", value: "network" },
    ],
    // Every few versions a subnet changes VPC, so index maintenance is part of what is measured.
    vpcId: `vpc-${((n + (version % 3 === 0 ? 1 : 0)) % VPCS).toString(16).padStart(17, "0")}`,
    state: "available",
    cidrBlock: `10.${(n >> 8) & 255}.${n & 255}.0/24`,
    ipv6CidrBlockAssociations: [],
    availabilityZone: `us-east-1${"abc"[n % 3]}`,
    availabilityZoneId: `use1-az${(n % 3) + 1}`,
    defaultForAz: false,
    mapPublicIpOnLaunch: false,
    mapCustomerOwnedIpOnLaunch: false,
    assignIpv6AddressOnCreation: false,
    enableDns64: false,
    ipv6Native: false,
    privateDnsHostnameType: "ip-name",
    enableResourceNameDnsARecord: false,
    enableResourceNameDnsAAAARecord: false,
  };
}

interface Result {
  readonly opsPerSecond: number;
  readonly microsecondsPerOp: number;
  /** This process's CPU time (user + system) per operation: less sensitive to other load. */
  readonly cpuMicrosecondsPerOp: number;
  readonly iterations: number;
}

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Runs `fn` repeatedly for about `millis` after a warm-up, and reports its rate. */
function measure(millis: number, fn: (i: number) => void): Result {
  for (let i = 0; i < 1000; i++) fn(i);
  let iterations = 0;
  const cpuStart = cpuMicros();
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
    microsecondsPerOp: round((seconds / iterations) * 1e6),
    cpuMicrosecondsPerOp: round((cpuMicros() - cpuStart) / iterations),
    iterations,
  };
}

function round(value: number, digits = 3): number {
  return Number(value.toFixed(digits));
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
    writeTx1PutPrebuilt: measure(millis, (i) => {
      store.write((tx) => tx.put("subnet", scope, prebuilt[i % prebuilt.length]!));
    }),
    writeTx4PutsPrebuilt: measure(millis, (i) => {
      store.write((tx) => {
        for (let k = 0; k < 4; k++) tx.put("subnet", scope, prebuilt[(i * 4 + k) % prebuilt.length]!);
      });
    }),
    // The same, building the records inside the transaction.
    writeTx4PutsReplacing: measure(millis, (i) => {
      store.write((tx) => {
        for (let k = 0; k < 4; k++) tx.put("subnet", scope, subnet((i * 4 + k) % POPULATION, i));
      });
    }),
    readTxEmpty: measure(millis, () => {
      sink += store.read(() => 1);
    }),
    get: measure(millis, (i) => {
      sink += store.read((tx) => (tx.get("subnet", scope, ids[i % POPULATION]!) === undefined ? 0 : 1));
    }),
    listByUnchanged: measure(millis, (i) => {
      sink += store.read((tx) => tx.listBy("subnet", scope, "vpcId", subnet(i % VPCS, 1).vpcId).length);
    }),
    writeTx1PutThenListBy: measure(millis, (i) => {
      const record = prebuilt[i % prebuilt.length]!;
      store.write((tx) => tx.put("subnet", scope, record));
      sink += store.read((tx) => tx.listBy("subnet", scope, "vpcId", record.vpcId).length);
    }),
  };
  store.close();
  // Inserting grows the store, so it runs last, on a store of its own.
  const growing = open();
  const inserts = Array.from({ length: 400_000 }, (_, n) => subnet(n, 1));
  results.writeTx4PutsInsertingPrebuilt = measure(millis, (i) => {
    growing.write((tx) => {
      for (let k = 0; k < 4; k++) tx.put("subnet", scope, inserts[(i * 4 + k) % inserts.length]!);
    });
  });
  growing.close();
  if (sink === -1) console.error("unreachable: keeps reads from being optimised away");
  return results;
}

function stats(millis: number[]) {
  const sorted = [...millis].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    meanMs: round(total / sorted.length),
    p99Ms: round(sorted[Math.floor(sorted.length * 0.99)]!),
    maxMs: round(sorted.at(-1)!),
    totalMs: round(total, 1),
  };
}

const nextTurn = () => new Promise<void>((done) => setImmediate(done));

/**
 * Writes `transactions` 4-put transactions without yielding, then lets background compaction
 * fold the log they made, timing each event-loop turn (one background step or checkpoint each):
 * how long the background blocks the loop, and what a write costs with its share of folding.
 */
async function benchCompaction(
  path: string,
  population: number,
  transactions: number,
  record: (i: number) => Subnet,
): Promise<Record<string, unknown>> {
  // Threshold 0: the background folds as soon as the loop turns.
  const store = openSqliteStore(schema, { path, compaction: { maxLogRows: 0 } });
  for (let n = 0; n < population; n += 1000) {
    store.write((tx) => {
      for (let k = n; k < Math.min(population, n + 1000); k++) tx.put("subnet", scope, subnet(k, 0));
    });
  }
  store.compact();
  const records = Array.from({ length: transactions * 4 }, (_, i) => record(i));
  const start = performance.now();
  for (let i = 0; i < transactions; i++) {
    store.write((tx) => {
      for (let k = 0; k < 4; k++) tx.put("subnet", scope, records[i * 4 + k]!);
    });
  }
  const writeMs = performance.now() - start;
  const logChars = store.logSize.chars;
  const turns: number[] = [];
  let last = performance.now();
  while (store.logSize.rows > 0) {
    await nextTurn();
    const now = performance.now();
    turns.push(now - last);
    last = now;
  }
  const fold = stats(turns);
  store.close();
  return {
    population,
    transactions,
    logMegabytes: round(logChars / 1e6, 1),
    writeMicrosecondsPerTx: round((writeMs * 1000) / transactions),
    backgroundTurns: fold,
    writeAndFoldMicrosecondsPerTx: round(((writeMs + fold.totalMs) * 1000) / transactions),
  };
}

/**
 * Writes as a server does: a few requests per event-loop turn, with background compaction and
 * checkpoints running between turns. Reports the time inside `write()` (a request's share) and
 * the wall time per transaction, background work included (what bounds throughput).
 */
async function benchServerLike(path: string, transactions: number, perTurn: number) {
  const store = openSqliteStore(schema, { path });
  store.write((tx) => {
    for (let n = 0; n < POPULATION; n++) tx.put("subnet", scope, subnet(n, 1));
  });
  const records = Array.from({ length: 4 * POPULATION }, (_, i) => subnet(i % POPULATION, i + 2));
  const run = async (puts: number, count: number) => {
    const times = new Float64Array(count);
    const cpuStart = cpuMicros();
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const before = performance.now();
      store.write((tx) => {
        for (let k = 0; k < puts; k++) tx.put("subnet", scope, records[(i * puts + k) % records.length]!);
      });
      times[i] = performance.now() - before;
      if (i % perTurn === perTurn - 1) await nextTurn();
    }
    // Fold what is left in the log (below the threshold, the background leaves it for later),
    // so that every transaction's share of compaction is counted.
    while (store.compactStep()) await nextTurn();
    const wall = performance.now() - start;
    const cpu = cpuMicros() - cpuStart;
    const sorted = Array.from(times).sort((a, b) => a - b);
    return {
      transactions: count,
      writeMicrosecondsMean: round((sorted.reduce((a, b) => a + b, 0) * 1000) / count),
      writeMicrosecondsP99: round(sorted[Math.floor(count * 0.99)]! * 1000),
      wallMicrosecondsPerTx: round((wall * 1000) / count),
      cpuMicrosecondsPerTx: round(cpu / count),
    };
  };
  await run(4, 2000);
  const results = { writeTx1Put: await run(1, transactions), writeTx4Puts: await run(4, transactions) };
  store.close();
  return { writesPerTurn: perTurn, ...results };
}

/** Opens a store of `records` records whose file also holds a log of `logRows` 4-put rows. */
function benchOpen(path: string, records: number, logRows: number): Record<string, unknown> {
  const options: SqliteStoreOptions = { path, compaction: { background: false, onClose: false } };
  const store = openSqliteStore(schema, options);
  for (let n = 0; n < records; n += 1000) {
    store.write((tx) => {
      for (let k = n; k < Math.min(records, n + 1000); k++) tx.put("subnet", scope, subnet(k, 0));
    });
  }
  store.compact();
  // Updates of records spread over the whole store: nothing for replay to coalesce.
  for (let i = 0; i < logRows; i++) {
    store.write((tx) => {
      for (let k = 0; k < 4; k++)
        tx.put("subnet", scope, subnet((i * 4 * 7919 + k * 104729) % records, i + 1));
    });
  }
  store.close();
  const opens: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    const cpuStart = cpuMicros();
    const start = performance.now();
    const again = openSqliteStore(schema, options);
    opens.push(performance.now() - start);
    cpu.push((cpuMicros() - cpuStart) / 1000);
    const count = again.read((tx) => tx.count("subnet", scope));
    if (count !== records || again.logSize.rows !== logRows) {
      throw new Error(`opened ${count} records and ${again.logSize.rows} log rows`);
    }
    again.close();
  }
  return {
    records,
    logRows,
    openMs: opens.map((ms) => round(ms, 1)),
    meanOpenMs: round(opens.reduce((a, b) => a + b, 0) / opens.length, 1),
    openCpuMs: cpu.map((ms) => round(ms, 1)),
  };
}

const millis = Number(process.env.BENCH_MILLIS ?? 400);
const openRecords = Number(process.env.BENCH_OPEN_RECORDS ?? 100_000);
const openLogRows = Number(process.env.BENCH_OPEN_LOG_ROWS ?? 5_000);
const dir = mkdtempSync(join(tmpdir(), "vpcsim-store-bench-"));
try {
  let files = 0;
  const file = () => join(dir, `bench-${files++}.db`);
  const memoryResults = benchStore(() => createMemoryStore(schema), millis);
  const sqliteResults = benchStore(() => openSqliteStore(schema, { path: file() }), millis);
  const sqliteCompaction = {
    // The benchmark's records replaced over and over: folding keeps one state per record.
    replacing: await benchCompaction(file(), POPULATION, 5000, (i) => subnet(i % POPULATION, i)),
    // New records only: they go to the end of the snapshot, which is the cheap case.
    inserting: await benchCompaction(file(), POPULATION, 5000, (i) => subnet(POPULATION + i, 0)),
    // Updates spread over a large store: every one a different page, the worst case.
    updatingLargeStore: await benchCompaction(file(), 100_000, 5000, (i) =>
      subnet((i * 7919) % 100_000, i + 1),
    ),
  };
  const sqliteServerLike = await benchServerLike(file(), 20_000, 4);
  const open = benchOpen(file(), openRecords, openLogRows);
  console.log(
    JSON.stringify(
      {
        benchmark: "store",
        node: process.version,
        population: POPULATION,
        recordBytes: JSON.stringify(subnet(0, 0)).length,
        listByResultSize: POPULATION / VPCS,
        memory: memoryResults,
        sqlite: sqliteResults,
        sqliteServerLike,
        sqliteCompaction,
        sqliteOpen: open,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
