// Writes the store of bench/segment.js's pipeline section straight into a migrated SQLite file: the
// planted segment population of src/demo/segment-population.ts (four clusters, a planted favourite
// product each, log-normal money with 1% wild balances), made in chunks of 50,000 with their own seeds.
// Usage: node segment-data-worker.js DB CUSTOMERS. Prints {customers, holdings, seconds}.
import Database from "better-sqlite3";
import { segmentPopulation } from "../dist/demo/index.js";
import { openStore } from "../dist/store/index.js";

const [path, customersArg] = process.argv.slice(2);
const customers = Number(customersArg);
const CHUNK = 50_000;
const AS_OF = new Date("2026-12-01T00:00:00Z");
const AT = "2026-11-30T00:00:00.000Z";
const RUN = "run_bench_segment";

await (await openStore(`sqlite:${path}`)).close();
const db = new Database(path);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = OFF");
const t0 = performance.now();
const insertProduct = db.prepare(
  "insert or ignore into products (id, name, category, risk_level, value, attributes, created_at, updated_at, ingest_run, ingest_row) values (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)",
);
const insertCustomer = db.prepare(
  "insert into customers (id, age, gender, region, tz, risk_tolerance, subsidiary, consents, attributes, created_at, updated_at, ingest_run, ingest_row) values (?, ?, ?, ?, 'Asia/Shanghai', ?, 'bank', '{}', ?, ?, ?, ?, ?)",
);
const insertHolding = db.prepare(
  "insert into holdings (customer_id, product_id, since, amount, updated_at, ingest_run, ingest_row) values (?, ?, ?, ?, ?, ?, ?)",
);
let holdings = 0;
let row = 0;
const width = String(customers).length;
for (let first = 0; first < customers; first += CHUNK) {
  const chunk = segmentPopulation({
    customers: Math.min(CHUNK, customers - first),
    seed: 1000 + first / CHUNK,
    asOf: AS_OF,
    first,
    idWidth: width,
  });
  db.transaction(() => {
    if (first === 0)
      for (const [i, p] of chunk.products.entries())
        insertProduct.run(p.id, p.name, p.category, p.risk_level, p.value, AT, AT, RUN, i + 1);
    for (const c of chunk.customers) {
      row++;
      const attributes = JSON.stringify({ balance: c.balance, income: c.income, opened: c.opened });
      insertCustomer.run(c.id, c.age, c.gender, c.region, c.risk_tolerance, attributes, AT, AT, RUN, row);
    }
    for (const h of chunk.holdings) {
      holdings++;
      insertHolding.run(h.customer_id, h.product_id, h.since, h.amount, AT, RUN, holdings);
    }
  })();
}
db.close();
process.stdout.write(
  `${JSON.stringify({ customers, holdings, seconds: Math.round((performance.now() - t0) / 100) / 10 })}\n`,
);
