/**
 * Exactly once across crashes and across dispatchers, against a loopback webhook receiver that applies
 * each idempotency key once. The crash test runs dispatchers as child processes on the built package
 * (`npm test` builds first), so it needs a database two processes can share: a SQLite file, and the
 * PostgreSQL server when NUDGE_TEST_PG_URL names one (PGlite lives inside one process and is left out).
 * Two dispatchers side by side need two connections, so that test runs on the server only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { webhookChannel } from "./channels/index.js";
import { Dispatcher, type RoundReport } from "./dispatcher.js";
import { deliveryRow, enqueueAll } from "./test-support/deliveries.js";
import { startReceiver, type WebhookReceiver } from "./test-support/receiver.js";

const SECRET = "whsec-crash-test-0123456789";
const WORKER = fileURLToPath(new URL("./test-support/dispatch-worker.mjs", import.meta.url));
const BUILT = fileURLToPath(new URL("../../dist/deliver/index.js", import.meta.url));

const CRASH = {
  deliveries: 2_000,
  leaseMs: 1_500,
  batchSize: 50,
  concurrency: 10,
  /** The first worker is killed once the receiver has applied this many: mid-batch, not at its end. */
  killAfter: 330,
  /** Per request at the receiver, so the kill lands with sends in flight. */
  receiverDelayMs: 2,
};

/** Enqueues `count` webhook deliveries due now; answers their idempotency keys. */
async function enqueue(store: Store, count: number): Promise<string[]> {
  const at = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => deliveryRow(String(i), at));
  await enqueueAll(store, rows);
  return rows.map((row) => row.idempotency_key);
}

interface Worker {
  child: ChildProcess;
  output: () => string;
  exited: Promise<void>;
}

function startWorker(databaseUrl: string, webhookUrl: string): Worker {
  const { leaseMs, batchSize, concurrency } = CRASH;
  const args = [WORKER, databaseUrl, webhookUrl, SECRET, leaseMs, batchSize, concurrency].map(String);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, output: () => output, exited };
}

async function waitFor(what: string, done: () => Promise<boolean>, timeoutMs: number, log: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const sharedKinds = storeKinds().filter((kind) => kind.name !== "pglite");

describe.each(sharedKinds)("a dispatcher killed with SIGKILL mid-run ($name)", (kind) => {
  it("restarted, delivers every delivery exactly once to a receiver that dedupes", async ({ annotate }) => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: run \`npm run build\` first`);
    const { url, cleanup } = await kind.freshUrl();
    const store = await openStore(url);
    let receiver: WebhookReceiver | undefined;
    const workers: Worker[] = [];
    try {
      const keys = await enqueue(store, CRASH.deliveries);
      receiver = await startReceiver(SECRET, CRASH.receiverDelayMs);
      const applied = receiver.applied;
      let killed = false;
      receiver.answer(() => {
        if (!killed && applied.size >= CRASH.killAfter) {
          killed = true;
          workers[0]?.child.kill("SIGKILL");
        }
        return 200;
      });
      const log = () => workers.map((w, i) => `worker ${i + 1}: ${w.output()}`).join("\n");

      workers.push(startWorker(url, `${receiver.url}/first`));
      const firstEnded = async () =>
        workers[0]?.child.exitCode !== null || workers[0]?.child.signalCode !== null;
      await waitFor("the first worker to be killed", firstEnded, 10_000, log);
      expect(killed, log()).toBe(true);
      const sentBeforeKill = (await store.deliveries.counts()).sent ?? 0;
      expect(applied.size).toBeLessThan(CRASH.deliveries);

      workers.push(startWorker(url, `${receiver.url}/second`));
      const allSent = async () => (await store.deliveries.counts()).sent === CRASH.deliveries;
      await waitFor("every delivery to be sent", allSent, 15_000, log);
      workers[1]?.child.kill("SIGTERM");
      await workers[1]?.exited;
      const totals = JSON.parse(workers[1]?.output().trim().split("\n").at(-1) ?? "{}") as RoundReport;

      expect(await store.deliveries.counts()).toEqual({ sent: CRASH.deliveries });
      expect(applied).toEqual(new Set(keys));
      expect(receiver.requests.every((r) => r.signatureValid)).toBe(true);
      const redelivered = receiver.requests.filter((r) => r.duplicate);
      expect(receiver.requests.length - redelivered.length).toBe(CRASH.deliveries);
      // Only the killed worker's last batch (sent, never settled) can arrive twice, and only via the
      // second worker once the lease ran out.
      expect(redelivered.length).toBeLessThanOrEqual(CRASH.batchSize);
      const firstAt = new Map(receiver.requests.filter((r) => r.seen === 1).map((r) => [r.key, r.atMs]));
      for (const request of redelivered) {
        expect(request.path).toBe("/second");
        expect(receiver.received.get(request.key)).toBe(2);
        // Claimed again only when the killed worker's lease ran out, not at once.
        expect(request.atMs - (firstAt.get(request.key) ?? 0)).toBeGreaterThan(CRASH.leaseMs / 2);
      }
      expect(totals.sent).toBe(CRASH.deliveries - sentBeforeKill);
      await annotate(
        `first worker: ${receiver.requests.filter((r) => r.path === "/first").length} requests, ` +
          `${sentBeforeKill} settled before SIGKILL; second worker sent ${totals.sent}; ` +
          `redelivered ${redelivered.length} (batch size ${CRASH.batchSize})`,
      );
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
      await Promise.all(workers.map((w) => w.exited));
      await receiver?.close();
      await store.close();
      await cleanup();
    }
  }, 20_000);
});

const server = storeKinds().find((kind) => kind.name === "postgres-server");

describe("two dispatchers on one PostgreSQL database", () => {
  it.skipIf(!server)(
    "share 3000 deliveries, none sent twice (needs NUDGE_TEST_PG_URL)",
    async ({ annotate }) => {
      const { url, cleanup } = await (server as NonNullable<typeof server>).freshUrl();
      const stores = [await openStore(url), await openStore(url)];
      const receiver = await startReceiver(SECRET);
      try {
        const [first, second] = stores as [Store, Store];
        const keys = await enqueue(first, 3_000);
        const dispatchers = stores.map(
          (store) =>
            new Dispatcher(store, [webhookChannel({ url: receiver.url, secret: SECRET })], {
              batchSize: 100,
              concurrency: 16,
            }),
        );
        const reports = await Promise.all(dispatchers.map((d) => d.drain()));

        expect(await second.deliveries.counts()).toEqual({ sent: 3_000 });
        expect(receiver.requests).toHaveLength(3_000);
        expect(receiver.duplicates()).toBe(0);
        expect(new Set(receiver.received.keys())).toEqual(new Set(keys));
        expect(reports.map((r) => r.sent).reduce((a, b) => a + b)).toBe(3_000);
        for (const report of reports) expect(report.sent).toBeGreaterThan(0);
        await annotate(`sent per dispatcher: ${reports.map((r) => r.sent).join(" + ")}`);
      } finally {
        await receiver.close();
        await Promise.all(stores.map((s) => s.close()));
        await cleanup();
      }
    },
  );
});
