// Writes the planted population for bench/portrait.js straight into a migrated SQLite file:
// customers, their events and relations within groups, all stamped with one finished ingest run.
// Prints {customers, events, relations, seconds}.
import Database from "better-sqlite3";
import { plantedPopulation } from "../dist/demo/index.js";
import { openStore } from "../dist/store/index.js";

const [path, customersArg, perCustomerArg] = process.argv.slice(2);
const customers = Number(customersArg);
const perCustomer = Number(perCustomerArg);
const GROUPS = 8;
const RUN = "run_bench_portrait";
const INGESTED_AT = "2026-11-01T00:00:00.000Z";
const END = new Date("2026-10-31T23:59:59Z");

await (await openStore(`sqlite:${path}`)).close();
const db = new Database(path);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = OFF");
db.pragma("cache_size = -262144");
const t0 = performance.now();
const insertCustomer = db.prepare(
  "insert into customers (id, age, gender, region, tz, consents, attributes, created_at, updated_at, ingest_run, ingest_row) values (?, ?, ?, ?, ?, '{}', ?, ?, ?, ?, ?)",
);
const insertIdentity = db.prepare(
  "insert into identities (subsidiary, source_id, customer_id, created_at, ingest_run, ingest_row) values ('default', ?, ?, ?, ?, ?)",
);
const insertEvent = db.prepare(
  "insert into events (id, customer_id, type, item_id, category, ts, value, ingest_run, ingest_row) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
);
const insertRelation = db.prepare(
  "insert or ignore into relations (src, dst, type, weight, ingest_run, ingest_row) values (?, ?, 'family', 1, ?, ?)",
);
let events = 0;
let relations = 0;
let row = 0;
const ids = [];
const write = db.transaction((batch) => {
  for (const c of batch) {
    row++;
    insertCustomer.run(
      c.id,
      c.customer.age,
      c.customer.gender,
      c.customer.region,
      c.customer.tz,
      `{"balance":${(row % 97) * 100000}}`,
      INGESTED_AT,
      INGESTED_AT,
      RUN,
      row,
    );
    insertIdentity.run(c.id, c.id, INGESTED_AT, RUN, row);
    for (const e of c.events) {
      events++;
      insertEvent.run(`e${events}`, e.customer_id, e.type, e.item_id, e.category, e.ts, e.value, RUN, events);
    }
  }
});
let batch = [];
for (const c of plantedPopulation({
  seed: 42,
  customers,
  groups: GROUPS,
  eventsPerCustomer: perCustomer,
  end: END,
})) {
  ids.push(c.id);
  batch.push(c);
  if (batch.length === 10_000) {
    write(batch);
    batch = [];
    if (ids.length % 100_000 === 0) process.stderr.write(`portrait data: ${ids.length} customers\n`);
  }
}
write(batch);
// One relation per customer, to another member of the same group (ids are assigned group by group in turn).
const link = db.transaction(() => {
  for (let i = 0; i < ids.length; i++) {
    const j = (i + GROUPS * (1 + ((i * 7919) % 50))) % ids.length;
    if (j === i) continue;
    relations += insertRelation.run(ids[i], ids[j], RUN, i + 1).changes;
  }
});
link();
db.prepare(
  "insert into ingest_runs (id, kind, source, started_at, finished_at, status, inserted, updated, rejected) values (?, 'events', 'bench', ?, ?, 'done', ?, 0, 0)",
).run(RUN, INGESTED_AT, INGESTED_AT, events);
db.exec("analyze");
db.close();
process.stdout.write(
  JSON.stringify({
    customers: ids.length,
    events,
    relations,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  }),
);
