/**
 * Kill -9 in the middle of a large file, run again: the final state must equal
 * one clean run (no duplicates, no half batch). Runs the built CLI in a child
 * process (a real SIGKILL needs a real process). PGlite is left out: its data
 * folder belongs to one process at a time, and the crash guarantee comes from
 * the server's transactions, which the SQLite and PostgreSQL-server runs test.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore, type Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";

const ROWS = 200_000;
const BIN = new URL("../../bin/nudge.js", import.meta.url).pathname;

function runIngest(db: string, file: string) {
  return spawn(process.execPath, [BIN, "ingest", "customers", file, "--db", db, "--json"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function finished(child: ReturnType<typeof runIngest>): Promise<number | null> {
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  if (code !== 0 && code !== null) process.stderr.write(`ingest exited ${code}: ${stderr}\n`);
  return code;
}

async function snapshot(store: Store) {
  const rows = await store.db
    .selectFrom("customers")
    .select(["id", "age", "region", "tz", "risk_tolerance", "consents", "attributes"])
    .orderBy("id")
    .execute();
  return rows;
}

describe.each(storeKinds().filter((k) => k.name !== "pglite"))("crash safety of ingest ($name)", (kind) => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nudge-crash-"));
    const lines = ["id,age,region,tz,risk_tolerance,consent_email,balance"];
    for (let i = 0; i < ROWS; i++)
      lines.push(`k${i},${20 + (i % 70)},r${i % 13},Asia/Shanghai,${1 + (i % 5)},${i % 2},${i * 7}`);
    file = join(dir, "big.csv");
    writeFileSync(file, lines.join("\n"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("after kill -9 and a re-run, equals one clean run", async () => {
    const crashed = await kind.freshUrl();
    const clean = await kind.freshUrl();
    try {
      const child = runIngest(crashed.url, file);
      // Wait until some batches are committed, then kill without warning.
      const watcher = await openStore(crashed.url);
      let committed = 0;
      for (let i = 0; i < 600 && committed === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        committed = await watcher.customers.count().catch(() => 0);
      }
      child.kill("SIGKILL");
      await finished(child);
      const partial = await watcher.customers.count();
      await watcher.close();
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(ROWS);

      expect(await finished(runIngest(crashed.url, file))).toBe(0);
      expect(await finished(runIngest(clean.url, file))).toBe(0);

      const a = await openStore(crashed.url);
      const b = await openStore(clean.url);
      try {
        expect(await a.customers.count()).toBe(ROWS);
        const [left, right] = [await snapshot(a), await snapshot(b)];
        expect(left.length).toBe(right.length);
        expect(left).toEqual(right);
        const runs = await a.ingestRuns.list();
        expect(runs.map((r) => r.status).sort()).toEqual(["done", "running"]);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await crashed.cleanup();
      await clean.cleanup();
    }
  });
});
