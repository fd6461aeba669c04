/**
 * A dispatcher process for the crash test, on the built package (run `npm run build` first):
 *
 *   node dispatch-worker.mjs <database-url> <webhook-url> <secret> <leaseMs> <batchSize> <concurrency>
 *
 * Dispatches to the webhook until SIGTERM, then stops after the round in flight and prints its totals
 * as one JSON line. SIGKILL is the crash under test.
 */
import { createLogger } from "../../../dist/core/index.js";
import { Dispatcher, webhookChannel } from "../../../dist/deliver/index.js";
import { openStore } from "../../../dist/store/index.js";

const [databaseUrl, webhookUrl, secret, leaseMs, batchSize, concurrency] = process.argv.slice(2);
const store = await openStore(databaseUrl);
const channel = webhookChannel({ url: webhookUrl, secret, timeoutMs: 1_000 });
const dispatcher = new Dispatcher(store, [channel], {
  leaseMs: Number(leaseMs),
  batchSize: Number(batchSize),
  concurrency: Number(concurrency),
  idleMs: 50,
  logger: createLogger("warn"),
});
dispatcher.start();
process.stdout.write("started\n");

process.once("SIGTERM", async () => {
  await dispatcher.close();
  await store.close();
  process.stdout.write(`${JSON.stringify(dispatcher.totals)}\n`);
  process.exit(0);
});
