/**
 * WAL checkpoints on a worker thread, so that their fsyncs never stop the event loop.
 *
 * A checkpoint copies WAL frames into the database file and syncs both files: a few milliseconds
 * of waiting on the disk, mostly for the two fsyncs, whatever the number of frames. On the main
 * thread that wait delays every request in flight. Here a second SQLite connection, owned by a
 * worker thread, runs `wal_checkpoint(PASSIVE)`: SQLite lets one connection checkpoint while
 * another writes (the writer appends frames past the ones being copied) and never blocks the
 * writer for it.
 *
 * `close()` is synchronous, like the store's: it asks the worker to close its connection and
 * waits on a shared flag (at most the length of a checkpoint in progress), so that the store's
 * own connection is the last one and SQLite removes the WAL when it closes.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export interface CheckpointResult {
  /** Frames in the WAL when the checkpoint ran (`log` of `wal_checkpoint`). */
  readonly frames: number;
}

/** CommonJS, evaluated in the worker: Node runs `eval` workers as CommonJS scripts. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path, { timeout: 1000 });
db.pragma("synchronous = NORMAL");
const closed = new Int32Array(workerData.closed);
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ frames: row.log });
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message ? error.message : error) });
  }
});
`;

/** The longest `close()` waits for the worker before it gives up on it. */
const CLOSE_TIMEOUT_MILLIS = 10_000;

export class Checkpointer {
  readonly #worker: Worker;
  readonly #closed = new Int32Array(new SharedArrayBuffer(4));
  #running = false;
  #open = true;

  constructor(path: string, onDone: (result: CheckpointResult) => void, onError: (error: unknown) => void) {
    const module = createRequire(import.meta.url).resolve("better-sqlite3");
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module, path, closed: this.#closed.buffer },
    });
    // Pending checkpoints must not keep a process alive: the WAL is safe as it is.
    this.#worker.unref();
    this.#worker.on("message", (message: CheckpointResult | { error: string }) => {
      this.#running = false;
      if (!this.#open) return;
      if ("error" in message) onError(new Error(`checkpoint failed: ${message.error}`));
      else onDone(message);
    });
    this.#worker.on("error", (error) => {
      this.#running = false;
      if (this.#open) onError(error);
    });
  }

  /** Whether a checkpoint is running now. */
  get running(): boolean {
    return this.#running;
  }

  /** Starts a checkpoint unless one is running; returns whether it started one. */
  start(): boolean {
    if (this.#running || !this.#open) return false;
    this.#running = true;
    this.#worker.postMessage("checkpoint");
    return true;
  }

  /** Closes the worker's connection (after a checkpoint in progress) and ends the worker. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#worker.postMessage("close");
    Atomics.wait(this.#closed, 0, 0, CLOSE_TIMEOUT_MILLIS);
    void this.#worker.terminate();
  }
}
