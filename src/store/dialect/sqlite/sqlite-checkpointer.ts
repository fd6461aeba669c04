/**
 * WAL checkpoints off the request path. SQLite copies the WAL back into the database in the commit that
 * crosses the checkpoint threshold, on the writer's thread: a server writing candidates at 500 requests/s
 * stalled ~60 ms every few seconds (p99 52 ms), and checkpointing from a timer on the same thread still
 * stalled ~10 ms each time (the fsync). Here a worker thread with its own connection checkpoints passively
 * every CHECKPOINT_INTERVAL_MS, so writers rarely wait.
 *
 * Rarely, not never: SQLite only rewinds the WAL when a transaction begins on a log that is wholly copied
 * back, and under steady writes a commit nearly always lands while the worker is copying. So the WAL still
 * grows to the writer's own threshold, and that commit checkpoints on the writer's thread: it copies what the
 * worker has not yet copied, and fsyncs the database. That fsync was the stall: 20–48 ms every ~4 s on a
 * server deciding 500 times a second, because it flushed every page the worker had copied since the last
 * rewind. The worker now flushes the database file after each pass it copied pages in, so the writer's fsync
 * finds little to write (1–8 ms measured), and `checkpointInBackground` raises the writer's threshold to
 * BACKSTOP_PAGES so that it comes a quarter as often.
 */
import { closeSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** How often the worker checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 200;

/** The writer's own checkpoint threshold, in pages, while the worker runs (256 MB of WAL). */
export const BACKSTOP_PAGES = 65_536;

// Source of the worker, run with `eval` so it needs no file of its own beside the compiled code.
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const { fdatasyncSync } = require("node:fs");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 1000");
let copied = 0;
const timer = setInterval(() => {
  try {
    const [{ checkpointed }] = db.pragma("wal_checkpoint(PASSIVE)");
    if (checkpointed > 0 && checkpointed !== copied) fdatasyncSync(workerData.file);
    copied = checkpointed;
  } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.interval);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /** Stops the worker after a last checkpoint attempt. */
  stop(): Promise<void>;
  /**
   * Closes the descriptor the worker flushed the file through. Call it only once every connection of this
   * process to the file is closed: closing any descriptor of a file drops all of the process's POSIX locks
   * on it, SQLite's included (the classic way to corrupt a database in use).
   */
  release(): void;
}

/** Starts checkpointing the SQLite file at `path` from a worker thread. */
export function startCheckpointer(path: string, onError: (message: string) => void = () => {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  // A descriptor of the database file only to flush it: fdatasync writes out the file's dirty pages whichever
  // descriptor wrote them. Opened here, not in the worker, so that it is closed after the connections.
  const file = openSync(path, "r");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path, file, interval: CHECKPOINT_INTERVAL_MS },
  });
  worker.on("message", (message: string) => onError(message));
  worker.unref();
  return {
    async stop() {
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      // Referenced again so the process waits for the worker to close its connection.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
    release() {
      closeSync(file);
    },
  };
}
