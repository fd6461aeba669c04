// The peer for bench/ingest.js on SQLite: how fast SQLite itself takes the same rows on this machine.
// Reads the same CSV by splitting lines (the generated file has no quoted fields), then inserts each
// row into customers and identities of the migrated schema through cached prepared statements with
// Nudge's pragmas, one transaction per 5,000 rows, looking up person keys as linking must. No
// validation, typing, attributes, merging or reports: an upper bound that no ingest path can beat.
// Prints {rows, seconds, rowsPerSecond, peakRssMB}.
import { createHmac } from "node:crypto";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { createSqliteDialect } from "../dist/store/dialect/sqlite/sqlite-dialect.js";
import { openStore } from "../dist/store/index.js";

const [path, file] = process.argv.slice(2);
await (await openStore(`sqlite:${path}`)).close(); // migrate
const { database } = createSqliteDialect(path);
const customerColumns = ["id", "age", "gender", "region", "tz", "risk_tolerance", "subsidiary"];
const insertCustomer = database.prepare(
  `insert into customers (${customerColumns}, consents, attributes, person_key, created_at, updated_at) ` +
    `values (${customerColumns.map(() => "?")}, '{}', '{}', ?, ?, ?) on conflict (id) do nothing`,
);
const insertIdentity = database.prepare(
  "insert into identities (source_id, subsidiary, customer_id, person_key, created_at) values (?, ?, ?, ?, ?) " +
    "on conflict (source_id, subsidiary) do nothing",
);
const findPerson = database.prepare("select id from customers where person_key = ?");
const now = new Date().toISOString();
const BATCH = 5000;

const t0 = performance.now();
let header;
let rows = 0;
const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
const flush = database.transaction((batch) => {
  for (const cells of batch) {
    const value = (name) => cells[header.get(name)] ?? null;
    let personKey = null;
    if (header.has("name")) {
      personKey = createHmac("sha256", "bench-pii-key-0123456789")
        .update(`${value("name")}\u0000${value("id_number")}\u0000${value("phone")}`)
        .digest("base64url");
      findPerson.get(personKey);
    }
    insertCustomer.run([...customerColumns.map(value), personKey, now, now]);
    insertIdentity.run([value("id"), value("subsidiary") ?? "default", value("id"), personKey, now]);
  }
});
let batch = [];
for await (const line of lines) {
  if (!header) {
    header = new Map(line.split(",").map((name, i) => [name, i]));
    continue;
  }
  batch.push(line.split(","));
  if (batch.length === BATCH) {
    flush(batch);
    rows += batch.length;
    batch = [];
  }
}
flush(batch);
rows += batch.length;
const seconds = (performance.now() - t0) / 1000;
database.close();
process.stdout.write(
  JSON.stringify({
    rows,
    seconds: Math.round(seconds * 100) / 100,
    rowsPerSecond: Math.round(rows / seconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
