// One dispatcher for bench/deliver.js, in its own process: opens the store, builds the Dispatcher
// (src/deliver/dispatcher.ts) with the webhook channel to the loopback receiver, says it is ready, and on
// "go" (a line on stdin, so several dispatchers start together) drains the queue: rounds of claim, send
// with bounded concurrency, settle, until a round claims nothing.
// Usage: node deliver-dispatch-worker.js DB_URL WEBHOOK_URL SECRET BATCH_SIZE CONCURRENCY.
// Prints {"ready": true}, then {totals, startedAt, endedAt (epoch ms), seconds, cpuSeconds, peakRssMB}.
import { createInterface } from "node:readline";
import { Dispatcher, webhookChannel } from "../dist/deliver/index.js";
import { openStore } from "../dist/store/index.js";

const [dbUrl, url, secret, batchArg, concurrencyArg] = process.argv.slice(2);
const store = await openStore(dbUrl);
const dispatcher = new Dispatcher(store, [webhookChannel({ url, secret })], {
  batchSize: Number(batchArg),
  concurrency: Number(concurrencyArg),
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === "go") break;
lines.close();

const cpuBefore = process.cpuUsage();
const startedAt = Date.now();
const start = performance.now();
const totals = await dispatcher.drain();
const seconds = (performance.now() - start) / 1000;
const endedAt = Date.now();
const cpu = process.cpuUsage(cpuBefore);
await dispatcher.close();
await store.close();
process.stdout.write(
  `${JSON.stringify({
    totals,
    startedAt,
    endedAt,
    seconds: Math.round(seconds * 1000) / 1000,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
process.exit(0);
