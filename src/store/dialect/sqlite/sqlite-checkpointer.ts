/**
 * WAL checkpoints off the request path. SQLite copies the WAL back into the database in the commit that
 * crosses the checkpoint threshold, on the writer's thread: a server writing candidates at 500 requests/s
 * stalled ~60 ms every few seconds (p99 52 ms), and checkpointing from a timer on the same thread still
 * stalled ~10 ms each time (the fsync). Here a worker thread with its own connection checkpoints passively
 * every CHECKPOINT_INTERVAL_MS, so writers never wait and the WAL stays small.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** How often the worker checkpoints. */
export const CHECKPOINT_INTERVAL_MS = 200;

// Source of the worker, run with `eval` so it needs no file of its own beside the compiled code.
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 1000");
const timer = setInterval(() => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (error) { parentPort.postMessage(String(error)); }
}, workerData.interval);
parentPort.on("message", () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /** Stops the worker after a last checkpoint attempt. */
  stop(): Promise<void>;
}

/** Starts checkpointing the SQLite file at `path` from a worker thread. */
export function startCheckpointer(path: string, onError: (message: string) => void = () => {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver, path, interval: CHECKPOINT_INTERVAL_MS },
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
  };
}
