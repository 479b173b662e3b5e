/**
 * `npm run bench`: runs every benchmark and prints one JSON document. Not part of the test suite;
 * nothing here asserts a time. `BENCH_MILLIS` sets the duration of each timed sample.
 */
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { runApiBench } from "./api.bench.js";
import { runDataplaneBench } from "./dataplane.bench.js";
import { runDescribeBench } from "./describe.bench.js";
import { runSendBench } from "./send.bench.js";

// The API benchmark runs the built server (`dist/vpcsim.mjs`), as users do.
execFileSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"] });

const results = {
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
  api: await runApiBench(),
  describe: runDescribeBench(),
  dataplane: runDataplaneBench(),
  send: await runSendBench(),
};
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
