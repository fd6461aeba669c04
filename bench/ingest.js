// Ingest throughput: 1,000,000 generated customer rows, CSV → SQLite and CSV → PostgreSQL.
// Each load runs in its own process so its peak RSS is its own.
// Targets (issue 3): SQLite ≥ 150,000 rows/s with peak RSS < 400 MB; PostgreSQL ≥ 50,000 rows/s.
// Options: --rows N (default 1,000,000); PostgreSQL URL from NUDGE_BENCH_PG_URL or NUDGE_TEST_PG_URL.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const worker = new URL("./ingest-worker.js", import.meta.url).pathname;

function load(url, file) {
  const out = execFileSync(process.execPath, [worker, url, file], {
    env: { ...process.env, NUDGE_PII_KEY: "bench-pii-key-0123456789" },
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.toString());
}

export async function main(args) {
  const rowsArg = args.indexOf("--rows");
  const rows = rowsArg >= 0 ? Number(args[rowsArg + 1]) : 1_000_000;
  const { writeCustomersCsv } = await import("../dist/demo/index.js");
  const dir = mkdtempSync(join(tmpdir(), "nudge-bench-"));
  try {
    const file = join(dir, "customers.csv");
    const t0 = performance.now();
    await writeCustomersCsv(file, rows, 42);
    const generateSeconds = (performance.now() - t0) / 1000;
    const result = {
      benchmark: "ingest",
      rows,
      fileMB: Math.round(statSync(file).size / 1e5) / 10,
      generateSeconds: Math.round(generateSeconds * 100) / 100,
      machine: { cpus: cpus().length, node: process.version },
      targets: { sqliteRowsPerSecond: 150_000, sqlitePeakRssMB: 400, postgresRowsPerSecond: 50_000 },
    };
    result.sqlite = load(`sqlite:${join(dir, "bench.db")}`, file);
    const pgUrl = process.env.NUDGE_BENCH_PG_URL ?? process.env.NUDGE_TEST_PG_URL;
    if (pgUrl) {
      const schema = `bench_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      try {
        const url = new URL(pgUrl);
        url.searchParams.set("schema", schema);
        result.postgres = load(url.toString(), file);
      } finally {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      }
    } else {
      result.postgres = { skipped: "set NUDGE_BENCH_PG_URL (or NUDGE_TEST_PG_URL) to a PostgreSQL server" };
    }
    result.pass =
      result.sqlite.rowsPerSecond >= 150_000 &&
      result.sqlite.peakRssMB < 400 &&
      (result.postgres.skipped !== undefined || result.postgres.rowsPerSecond >= 50_000);
    return result;
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
