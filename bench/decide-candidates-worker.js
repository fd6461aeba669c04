// Open candidates from a second source for bench/decide.js, so arbitration at login weighs more than the
// propensity model's live offers: a share of the customers (every customer with probability SHARE) gets
// one to three open "segment" candidates for distinct products of the catalog, scores uniform in
// [0.02, 0.4] (the range of the model's probabilities, so either source can win), half of them with a
// JSON reason ({"summary": …}) and half with plain text, half without expiry and half expiring in 2099.
// Written straight into the SQLite file with prepared statements, like bench/propensity-data-worker.js.
// Usage: node decide-candidates-worker.js DB CUSTOMERS SHARE SEED.
// Prints {customersWithCandidates, candidates, seconds}.
import Database from "better-sqlite3";
import { Rng } from "../dist/core/index.js";

const [path, customersArg, shareArg, seedArg] = process.argv.slice(2);
const customers = Number(customersArg);
const share = Number(shareArg);
const rng = new Rng(Number(seedArg));
const width = Math.max(7, String(customers).length);
const CREATED_AT = "2026-11-01T00:00:00.000Z";
const FAR_EXPIRY = "2099-01-01T00:00:00.000Z";
const SEGMENTS = ["young savers", "growing families", "pre-retirement", "affluent investors"];

const db = new Database(path);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = OFF");
const products = db
  .prepare("select id, value from products order by id")
  .all()
  .map((p) => ({ id: p.id, value: Number(p.value ?? 0) }));
const insert = db.prepare(
  "insert into candidates (id, customer_id, offer_id, offer_kind, source, score, expected_value, reason, model_id, status, created_at, expires_at) values (?, ?, ?, 'product', 'segment', ?, ?, ?, null, 'open', ?, ?)",
);
const start = performance.now();
let written = 0;
let withCandidates = 0;
const writeRange = db.transaction((from, to) => {
  for (let i = from; i <= to; i++) {
    if (rng.next() >= share) continue;
    withCandidates++;
    const customerId = `c${String(i).padStart(width, "0")}`;
    const picked = new Set();
    const n = rng.int(1, 3);
    while (picked.size < n) picked.add(products[rng.int(0, products.length - 1)]);
    for (const product of picked) {
      written++;
      const score = Math.round((0.02 + 0.38 * rng.next()) * 1e4) / 1e4;
      const segment = SEGMENTS[rng.int(0, SEGMENTS.length - 1)];
      const reason =
        rng.next() < 0.5
          ? JSON.stringify({ summary: `segment: ${segment}`, segment })
          : `in segment ${segment}`;
      insert.run(
        `cand_seg_${written}`,
        customerId,
        product.id,
        score,
        score * product.value,
        reason,
        CREATED_AT,
        rng.next() < 0.5 ? null : FAR_EXPIRY,
      );
    }
  }
});
for (let from = 1; from <= customers; from += 50_000) writeRange(from, Math.min(customers, from + 49_999));
db.exec("analyze candidates");
db.close();
process.stdout.write(
  JSON.stringify({
    customersWithCandidates: withCandidates,
    candidates: written,
    seconds: Math.round((performance.now() - start) / 100) / 10,
  }),
);
