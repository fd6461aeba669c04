import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./test-support.js";

describe("nudge portrait and audience", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nudge-portrait-cli-"));
    db = `sqlite:${join(dir, "demo.db")}`;
    const demo = await cli(["demo", "--no-serve", "--customers", "200", "--db", db, "--json"]);
    expect(demo.code).toBe(0);
    expect(demo.json()).toMatchObject({
      portraits: { customers: expect.any(Number), asOf: "2026-10-31T23:59:59.999Z" },
    });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("shows a portrait with kinds, weights and explanations, as JSON and as text", async () => {
    const shown = await cli(["portrait", "show", "c000001", "--db", db, "--json"]);
    expect(shown.code).toBe(0);
    const view = shown.json() as { tags: { kind: string; weight: number; explanation: string }[] };
    expect(new Set(view.tags.map((t) => t.kind))).toEqual(new Set(["fact", "model", "predicted"]));
    expect(view.tags.every((t) => t.explanation.length > 0)).toBe(true);
    const text = await cli(["portrait", "show", "c000001", "--db", db]);
    expect(text.stdout).toMatch(/^customer c000001: \d+ tags/);
    const missing = await cli(["portrait", "show", "nobody", "--db", db, "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("builds incrementally by default and fully on request", async () => {
    // The demo's campaigns recorded feedback after its build: the first incremental build takes
    // those customers, the next one finds nothing new.
    const catchUp = (await cli(["portrait", "build", "--db", db, "--json"])).json();
    expect(catchUp).toMatchObject({ mode: "incremental" });
    expect(catchUp.customers).toBeGreaterThan(0);
    const again = (await cli(["portrait", "build", "--db", db, "--json"])).json();
    expect(again).toMatchObject({ mode: "incremental", customers: 0 });
    const full = (
      await cli(["portrait", "build", "--full", "--as-of", "2026-10-31T23:59:59.999Z", "--db", db, "--json"])
    ).json();
    expect(full).toMatchObject({ mode: "full", resumed: false });
    expect(full.customers).toBeGreaterThan(150);
  });

  it("validates definitions files with the tag's name", async () => {
    const bad = join(dir, "tags.json");
    writeFileSync(
      bad,
      JSON.stringify({
        version: 1,
        tags: [{ name: "x", kind: "fact", type: "band", rule: { from: "profile", field: "age" } }],
      }),
    );
    const checked = await cli(["portrait", "definitions", "--check", bad, "--json"]);
    expect(checked.code).toBe(2);
    expect(checked.json()).toMatchObject({
      error: { code: "INPUT_INVALID", message: `${bad}: tag 'x': band tags need bands` },
    });
    const defaults = (await cli(["portrait", "definitions", "--defaults", "--json"])).json() as {
      tags: unknown[];
    };
    expect(defaults.tags.length).toBeGreaterThan(15);
  });

  it("finds lookalikes of a product's holders and stores them as candidates", async () => {
    const found = await cli([
      "audience",
      "lookalike",
      "--product",
      "p_fund_index",
      "--size",
      "10",
      "--save",
      "--db",
      db,
      "--json",
    ]);
    expect(found.code).toBe(0);
    const result = found.json() as {
      candidates: { similarity: number; reasons: string[] }[];
      written: number;
    };
    expect(result.candidates.length).toBeGreaterThan(0);
    expect(result.written).toBe(result.candidates.length);
    expect(result.candidates[0]?.reasons.length).toBeGreaterThan(0);
    const ids = join(dir, "seeds.csv");
    writeFileSync(ids, "id\nc000001\nc000002\n");
    const bySeeds = (
      await cli(["audience", "lookalike", "--seeds", ids, "--size", "5", "--db", db, "--json"])
    ).json();
    expect(bySeeds).toMatchObject({ seeds: 2, written: 0 });
    const neither = await cli(["audience", "lookalike", "--size", "5", "--db", db]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain("give --product or --seeds");
  });

  it("records negative feedback and reverts it", async () => {
    const recorded = await cli([
      "portrait",
      "feedback",
      "c000001",
      "--type",
      "complaint",
      "--tags",
      "interest",
      "--category",
      "fund",
      "--db",
      db,
      "--json",
    ]);
    expect(recorded.code).toBe(0);
    const adjustment = recorded.json() as {
      id: string;
      factor: number;
      terms: string[];
      suppressed_until: string;
    };
    expect(adjustment).toMatchObject({ factor: 0.3, terms: ["interest"], category: "fund" });
    const view = (await cli(["portrait", "show", "c000001", "--db", db, "--json"])).json() as {
      tags: { name: string; factor: number }[];
      suppressions: { category: string }[];
    };
    expect(view.tags.filter((t) => t.name === "interest").every((t) => t.factor === 0.3)).toBe(true);
    expect(view.suppressions.map((s) => s.category)).toEqual(["fund"]);
    expect((await cli(["portrait", "revert", adjustment.id, "--db", db, "--json"])).json()).toEqual({
      id: adjustment.id,
      reverted: true,
    });
    const again = await cli(["portrait", "revert", adjustment.id, "--db", db, "--json"]);
    expect(again.json()).toMatchObject({ error: { code: "CONFLICT" } });
  });
});
