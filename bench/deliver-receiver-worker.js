// The loopback webhook receiver of bench/deliver.js, in its own process so its CPU is its own and not
// counted in a dispatcher's event loop (it still shares the machine's 2 cores). Every POST is checked as a
// real receiver would: the signature over the raw body (verifyWebhookSignature), and the Idempotency-Key
// counted, so the bench can tell whether each delivery arrived exactly once. It answers 200 at once.
// GET /stats answers {received, unique, duplicates, badSignatures, missingKey}; POST /reset clears them.
// Keep-alive is held for a minute, longer than any run's gaps, so the dispatcher's pooled connections
// are not closed under it (a race that would turn into retries).
// Usage: node deliver-receiver-worker.js SECRET. Prints {"port": N} once listening.
import { createServer } from "node:http";
import { verifyWebhookSignature } from "../dist/deliver/index.js";

const [secret] = process.argv.slice(2);
let seen = new Map();
let stats = { received: 0, duplicates: 0, badSignatures: 0, missingKey: 0 };

function reset() {
  seen = new Map();
  stats = { received: 0, duplicates: 0, badSignatures: 0, missingKey: 0 };
}

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/stats") {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ ...stats, unique: seen.size }));
    return;
  }
  if (request.method === "POST" && request.url === "/reset") {
    reset();
    response.end("{}");
    return;
  }
  const chunks = [];
  request.on("data", (c) => chunks.push(c));
  request.on("end", () => {
    stats.received++;
    const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const signed = verifyWebhookSignature(
      secret,
      String(request.headers["x-nudge-timestamp"] ?? ""),
      body,
      String(request.headers["x-nudge-signature"] ?? ""),
    );
    if (!signed) stats.badSignatures++;
    const key = request.headers["idempotency-key"];
    if (typeof key !== "string") stats.missingKey++;
    else if (seen.has(key)) stats.duplicates++;
    else seen.set(key, true);
    response.setHeader("content-type", "application/json");
    response.end("{}");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
