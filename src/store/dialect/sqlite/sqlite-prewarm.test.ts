import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../connect.js";
import { storeKinds } from "../../test-support/stores.js";

/** Bytes this process has read through read/pread calls, file cache hits included (Linux). */
const bytesRead = () => Number(/rchar: (\d+)/.exec(readFileSync("/proc/self/io", "utf8"))?.[1]);
const T = "2026-12-01T00:00:00.000Z";
const PORTRAITS = 3000;

describe("prewarming the real-time tables", () => {
  const dir = mkdtempSync(join(tmpdir(), "nudge-prewarm-"));
  const path = join(dir, "p.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const store = await openStore(`sqlite:${path}`);
    const doc = JSON.stringify({ tags: { interest: "x".repeat(900) } });
    for (let from = 0; from < PORTRAITS; from += 500) {
      await store.db
        .insertInto("portraits")
        .values(
          Array.from({ length: 500 }, (_, i) => ({
            customer_id: `c${from + i}`,
            doc,
            as_of: T,
            built_at: T,
          })),
        )
        .execute();
    }
    await store.close();
  });

  /** File bytes read by a scan of every portrait, on a freshly opened store prewarmed with `cacheMb`. */
  async function scanReads(cacheMb: number) {
    const store = await openStore(`sqlite:${path}`);
    try {
      const prewarm = store.prewarm(cacheMb);
      const before = bytesRead();
      // Synchronous underneath (better-sqlite3), so nothing else in this process reads meanwhile.
      const { rows } = await sql<{ n: number }>`select sum(length(doc)) as n from portraits`.execute(
        store.db,
      );
      expect(rows[0]?.n).toBeGreaterThan(PORTRAITS * 900);
      return { prewarm, read: bytesRead() - before };
    } finally {
      await store.close();
    }
  }

  it.runIf(existsSync("/proc/self/io"))(
    "serves reads from memory afterwards, not from the file",
    async () => {
      const cold = await scanReads(0);
      expect(cold.prewarm).toBeUndefined();
      expect(cold.read).toBeGreaterThan(PORTRAITS * 900);
      const warm = await scanReads(64);
      expect(warm.prewarm?.trees.map((t) => t.name)).toEqual(["portraits", "sqlite_autoindex_portraits_1"]);
      expect(warm.prewarm?.mb).toBeGreaterThan(2);
      // What is left is the check of the file's header that starts each read transaction: no page.
      expect(warm.read).toBeLessThan(4096);
    },
  );

  it("stops at its budget and says what it left cold", async () => {
    const store = await openStore(`sqlite:${path}`);
    try {
      // ~3.5 MB of portraits: the table crosses 80% of a 1 MB cache, so its key index is skipped.
      const prewarm = store.prewarm(1);
      expect(prewarm?.trees.map((t) => t.name)).toEqual(["portraits"]);
      expect(prewarm?.skipped[0]).toBe("sqlite_autoindex_portraits_1");
      expect(prewarm?.skipped).toContain("holdings");
    } finally {
      await store.close();
    }
  });

  it.each(storeKinds().filter((k) => k.name !== "sqlite"))("is nothing to do on $name", async (kind) => {
    const store = await kind.open();
    try {
      expect(store.prewarm(64)).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
