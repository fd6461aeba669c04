// Writes the real-time store of bench/propensity.js straight into a migrated SQLite file: the planted
// population of src/demo/planted.ts (customers in groups with favourite categories, and their events),
// each customer with a risk tolerance, a subsidiary and a balance attribute; 50 products in 8 categories;
// and holdings drawn with planted affinities, so a propensity model has something to find:
//   logit P(hold p) = base(p) + 1.6·[p's category is one of the group's two favourites]
//     + age and balance slopes per category (pension and insurance rise with age, cards and loans fall;
//       wealth, securities and funds rise with balance) − 0.5·|risk tolerance − p's risk level|
//     + 0.7 when the customer's subsidiary sells that kind of product.
// Everything is stamped with finished ingest runs. Usage: node propensity-data-worker.js DB CUSTOMERS
// EVENTS_PER_CUSTOMER. Prints {customers, products, holdings, holdingsPerCustomer, events, seconds}.
import Database from "better-sqlite3";
import { Rng } from "../dist/core/index.js";
import { plantedGroup, plantedPopulation } from "../dist/demo/index.js";
import { openStore } from "../dist/store/index.js";

const [path, customersArg, perCustomerArg] = process.argv.slice(2);
const customers = Number(customersArg);
const perCustomer = Number(perCustomerArg);
const GROUPS = 8;
const INGESTED_AT = "2026-11-01T00:00:00.000Z";
const END = new Date("2026-10-31T23:59:59Z");
const RUNS = {
  customers: "run_bench_prop_customers",
  products: "run_bench_prop_products",
  holdings: "run_bench_prop_holdings",
  events: "run_bench_prop_events",
};

/** Categories: the six of the planted population (events name p_<category>_1..3) and two more. */
const CATEGORIES = [
  { name: "deposit", count: 7, risk: [1, 1], value: [20_000, 200_000], age: 0.1, balance: 0.2, sub: "bank" },
  { name: "fund", count: 7, risk: [3, 4], value: [50_000, 500_000], age: 0, balance: 0.4, sub: "securities" },
  {
    name: "insurance",
    count: 6,
    risk: [2, 2],
    value: [30_000, 300_000],
    age: 0.5,
    balance: 0,
    sub: "insurance",
  },
  {
    name: "securities",
    count: 6,
    risk: [4, 5],
    value: [100_000, 1_000_000],
    age: -0.1,
    balance: 0.6,
    sub: "securities",
  },
  {
    name: "loan",
    count: 6,
    risk: [2, 3],
    value: [200_000, 2_000_000],
    age: -0.4,
    balance: -0.5,
    sub: "bank",
  },
  { name: "card", count: 6, risk: [1, 2], value: [10_000, 60_000], age: -0.6, balance: 0, sub: "bank" },
  {
    name: "pension",
    count: 6,
    risk: [2, 3],
    value: [100_000, 800_000],
    age: 0.9,
    balance: 0.2,
    sub: "insurance",
  },
  {
    name: "wealth",
    count: 6,
    risk: [3, 5],
    value: [500_000, 5_000_000],
    age: 0.1,
    balance: 0.9,
    sub: "securities",
  },
];
const SUBSIDIARIES = ["bank", "securities", "insurance"];
const BASE = -2.9;

const rng = new Rng(7);
const products = [];
for (const c of CATEGORIES)
  for (let n = 1; n <= c.count; n++)
    products.push({
      id: `p_${c.name}_${n}`,
      name: `${c.name[0].toUpperCase()}${c.name.slice(1)} ${n}`,
      category: c.name,
      categoryInfo: c,
      risk: rng.int(c.risk[0], c.risk[1]),
      value: Math.round(rng.int(c.value[0], c.value[1]) / 1000) * 1000,
      base: BASE - 0.2 * (n - 1),
    });

await (await openStore(`sqlite:${path}`)).close();
const db = new Database(path);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = OFF");
db.pragma("cache_size = -262144");
const t0 = performance.now();
const insertProduct = db.prepare(
  "insert into products (id, name, category, risk_level, value, attributes, created_at, updated_at, ingest_run, ingest_row) values (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)",
);
db.transaction(() => {
  for (const [i, p] of products.entries())
    insertProduct.run(
      p.id,
      p.name,
      p.category,
      p.risk,
      p.value,
      INGESTED_AT,
      INGESTED_AT,
      RUNS.products,
      i + 1,
    );
})();
const insertCustomer = db.prepare(
  "insert into customers (id, age, gender, region, tz, risk_tolerance, subsidiary, consents, attributes, created_at, updated_at, ingest_run, ingest_row) values (?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
);
const insertIdentity = db.prepare(
  "insert into identities (subsidiary, source_id, customer_id, created_at, ingest_run, ingest_row) values ('default', ?, ?, ?, ?, ?)",
);
const insertEvent = db.prepare(
  "insert into events (id, customer_id, type, item_id, category, ts, value, ingest_run, ingest_row) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
);
const insertHolding = db.prepare(
  "insert into holdings (customer_id, product_id, since, amount, updated_at, ingest_run, ingest_row) values (?, ?, ?, ?, ?, ?, ?)",
);
let events = 0;
let holdings = 0;
let row = 0;
const SINCE_START = Date.parse("2021-11-01T00:00:00Z");
const SINCE_SPAN = Date.parse("2026-10-01T00:00:00Z") - SINCE_START;
const write = db.transaction((batch) => {
  for (const c of batch) {
    row++;
    const { age, gender } = c.customer;
    const favourites = plantedGroup(c.group).categories;
    const risk = Math.max(1, Math.min(5, Math.round(3 + (45 - age) / 20 + rng.normal(0, 0.8))));
    const subsidiary = SUBSIDIARIES[rng.int(0, 2)];
    const logBalance = rng.normal(11 + 0.03 * (age - 20), 1.2);
    const balance = Math.round(Math.exp(logBalance));
    const zAge = (age - 47) / 16;
    const zBalance = (logBalance - 11.8) / 1.2;
    insertCustomer.run(
      c.id,
      age,
      gender,
      c.customer.region,
      c.customer.tz,
      risk,
      subsidiary,
      `{"balance":${balance}}`,
      INGESTED_AT,
      INGESTED_AT,
      RUNS.customers,
      row,
    );
    insertIdentity.run(c.id, c.id, INGESTED_AT, RUNS.customers, row);
    for (const e of c.events) {
      events++;
      insertEvent.run(
        `e${events}`,
        e.customer_id,
        e.type,
        e.item_id,
        e.category,
        e.ts,
        e.value,
        RUNS.events,
        events,
      );
    }
    for (const p of products) {
      const k = p.categoryInfo;
      const logit =
        p.base +
        (favourites.includes(p.category) ? 1.6 : 0) +
        k.age * zAge +
        k.balance * zBalance -
        0.5 * Math.abs(risk - p.risk) +
        (k.sub === subsidiary ? 0.7 : 0) +
        (gender === "F" && p.category === "insurance" ? 0.2 : 0);
      if (rng.next() >= 1 / (1 + Math.exp(-logit))) continue;
      holdings++;
      const since = new Date(SINCE_START + Math.floor(rng.next() * SINCE_SPAN)).toISOString();
      const amount = Math.round((p.value * (0.5 + 2.5 * rng.next())) / 100) * 100;
      insertHolding.run(c.id, p.id, since, amount, INGESTED_AT, RUNS.holdings, holdings);
    }
  }
});
let batch = [];
let seen = 0;
for (const c of plantedPopulation({
  seed: 42,
  customers,
  groups: GROUPS,
  eventsPerCustomer: perCustomer,
  end: END,
})) {
  batch.push(c);
  seen++;
  if (batch.length === 10_000) {
    write(batch);
    batch = [];
    if (seen % 200_000 === 0) process.stderr.write(`propensity data: ${seen} customers\n`);
  }
}
write(batch);
const insertRun = db.prepare(
  "insert into ingest_runs (id, kind, source, started_at, finished_at, status, inserted, updated, rejected) values (?, ?, 'bench', ?, ?, 'done', ?, 0, 0)",
);
insertRun.run(RUNS.products, "products", INGESTED_AT, INGESTED_AT, products.length);
insertRun.run(RUNS.customers, "customers", INGESTED_AT, INGESTED_AT, customers);
insertRun.run(RUNS.holdings, "holdings", INGESTED_AT, INGESTED_AT, holdings);
insertRun.run(RUNS.events, "events", INGESTED_AT, INGESTED_AT, events);
db.exec("analyze");
db.close();
process.stdout.write(
  JSON.stringify({
    customers,
    products: products.length,
    categories: CATEGORIES.length,
    holdings,
    holdingsPerCustomer: Math.round((holdings / customers) * 100) / 100,
    events,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  }),
);
