// Ingest throughput: 1,000,000 generated customer rows, CSV → SQLite and CSV → PostgreSQL, each load in
// its own process so its peak RSS is its own. Two files: profile rows with the three identifiers
// (name, ID number, phone: hashed and linked) and the same rows without them.
// Targets (issue 3): SQLite ≥ 150,000 rows/s with peak RSS < 400 MB; PostgreSQL ≥ 50,000 rows/s.
// Each SQLite run carries `sqliteItself`: the same rows inserted by bare prepared statements with no
// validation (bench/sqlite-ceiling-worker.js), the peer that bounds what any ingest path can reach here.
// Options: --rows N (default 1,000,000); PostgreSQL from NUDGE_BENCH_PG_URL or NUDGE_TEST_PG_URL.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const worker = new URL("./ingest-worker.js", import.meta.url).pathname;
const ceilingWorker = new URL("./sqlite-ceiling-worker.js", import.meta.url).pathname;
const TARGETS = { sqliteRowsPerSecond: 150_000, sqlitePeakRssMB: 400, postgresRowsPerSecond: 50_000 };

function load(url, file, script = worker) {
  const out = execFileSync(process.execPath, [script, url, file], {
    env: { ...process.env, NUDGE_PII_KEY: "bench-pii-key-0123456789" },
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.toString());
}

async function inFreshSchema(server, work) {
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  try {
    const url = new URL(server);
    url.searchParams.set("schema", schema);
    return work(url.toString());
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

export async function main(args) {
  const rowsArg = args.indexOf("--rows");
  const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
  const { writeCustomersCsv } = await import("../dist/demo/index.js");
  const dir = mkdtempSync(join(tmpdir(), "nudge-bench-"));
  const pgUrl = process.env.NUDGE_BENCH_PG_URL ?? process.env.NUDGE_TEST_PG_URL;
  try {
    const result = {
      benchmark: "ingest",
      rows,
      machine: { cpus: cpus().length, node: process.version },
      targets: TARGETS,
      runs: [],
    };
    for (const identifiers of [false, true]) {
      const file = join(dir, identifiers ? "with-identifiers.csv" : "plain.csv");
      await writeCustomersCsv(file, rows, 42, identifiers);
      const variant = identifiers
        ? "with name, ID number and phone (hashed, linked)"
        : "profile columns only";
      const fileMB = Math.round(statSync(file).size / 1e5) / 10;
      const sqliteItself = load(join(dir, `${identifiers}-itself.db`), file, ceilingWorker);
      const nudge = load(`sqlite:${join(dir, `${identifiers}.db`)}`, file);
      result.runs.push({ variant, fileMB, ...nudge, sqliteItself });
      if (pgUrl)
        result.runs.push({ variant, fileMB, ...(await inFreshSchema(pgUrl, (url) => load(url, file))) });
    }
    if (!pgUrl)
      result.postgres = { skipped: "set NUDGE_BENCH_PG_URL (or NUDGE_TEST_PG_URL) to a PostgreSQL server" };
    result.pass = result.runs.every((r) =>
      r.database === "sqlite"
        ? r.rowsPerSecond >= TARGETS.sqliteRowsPerSecond && r.peakRssMB < TARGETS.sqlitePeakRssMB
        : r.rowsPerSecond >= TARGETS.postgresRowsPerSecond,
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
