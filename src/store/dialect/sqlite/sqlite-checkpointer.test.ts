import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../connect.js";
import { CHECKPOINT_INTERVAL_MS } from "./sqlite-checkpointer.js";

describe("background WAL checkpoints", () => {
  const dir = mkdtempSync(join(tmpdir(), "nudge-checkpoint-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copy committed pages into the database file while the connection goes on writing", async () => {
    const path = join(dir, "w.db");
    const store = await openStore(`sqlite:${path}`);
    store.checkpointInBackground((message) => {
      throw new Error(message);
    });
    const rows = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: `cand_${from + i}`,
        customer_id: `c${from + i}`,
        offer_id: "p1",
        offer_kind: "product",
        source: "test",
        score: 0.5,
        expected_value: null,
        reason: "x".repeat(500),
        model_id: null,
        status: "open",
        created_at: "2026-12-01T00:00:00.000Z",
        expires_at: null,
      }));
    const before = statSync(path).size;
    for (let i = 0; i < 20; i++) await store.candidates.insert(rows(100, i * 100));
    // Without the worker these pages would sit in the WAL until it reached the writer's 256 MB backstop.
    await new Promise((resolve) => setTimeout(resolve, 4 * CHECKPOINT_INTERVAL_MS));
    expect(statSync(path).size).toBeGreaterThan(before + 500 * 2000);
    expect(await store.candidates.open("c1999")).toHaveLength(1);
    await store.close();
  });
});
