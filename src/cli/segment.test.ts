import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentPopulation } from "../demo/index.js";
import { ingestObjects } from "../ingest/index.js";
import { openStore } from "../store/index.js";
import { cli } from "./test-support.js";

describe("nudge segment", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nudge-segment-cli-"));
    db = `sqlite:${join(dir, "s.db")}`;
    const data = segmentPopulation({ customers: 800, seed: 5, asOf: new Date("2026-12-01T00:00:00Z") });
    const store = await openStore(db);
    for (const [kind, rows] of [
      ["products", data.products],
      ["customers", data.customers],
      ["holdings", data.holdings],
    ] as const)
      await ingestObjects(store, kind, rows, { source: "test", actor: "test" });
    await store.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("run --json prints clusters with sizes, centroids, top products and g, the silhouette and candidates", async () => {
    const run = await cli(["segment", "run", "--k", "4", "--seed", "2", "--db", db, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = run.json() as {
      model: string;
      k: number;
      silhouette: number;
      candidates: number;
      seed: number;
      clusters: {
        size: number;
        centroid: Record<string, unknown>;
        topProducts: { productId: string; share: number }[];
        push: { candidates: number } | null;
      }[];
    };
    expect(report.model).toBe("segment-v1");
    expect(report.k).toBe(4);
    expect(report.seed).toBe(2);
    expect(report.clusters.reduce((n, c) => n + c.size, 0)).toBe(800);
    expect(report.silhouette).toBeGreaterThan(0);
    for (const cluster of report.clusters) {
      expect(cluster.centroid.age).toEqual(expect.any(Number));
      expect(cluster.topProducts[0]?.share).toBeGreaterThan(0);
    }
    expect(report.candidates).toBe(report.clusters.reduce((n, c) => n + (c.push?.candidates ?? 0), 0));
    expect(report.candidates).toBeGreaterThan(0);

    const show = await cli(["segment", "show", "--db", db, "--json"]);
    expect(show.code).toBe(0);
    expect(show.json()).toMatchObject({ model: "segment-v1", k: 4, candidates: report.candidates });

    const human = await cli(["segment", "show", "--db", db]);
    expect(human.stdout).toMatch(/segment-v1: 800 customers in 4 clusters/);
    expect(human.stdout).toMatch(/push seg_\w+ to [\d,]+ \(held by \d+% of [\d,]+ similar customers\)/);
  }, 120_000);

  it("refuses bad options with exit code 2, naming the option", async () => {
    const rule = await cli(["segment", "run", "--outliers", "tukey", "--db", db, "--json"]);
    expect(rule.code).toBe(2);
    expect(rule.stdout).toMatch(/--outliers must be median\[:n,m\], iqr\[:k\] or zscore\[:k\]/);
    const extractor = await cli(["segment", "run", "--extractor", "umap", "--db", db]);
    expect(extractor.code).toBe(2);
    expect(extractor.stderr).toMatch(/--extractor must be one of autoencoder, pca, none/);
    const order = await cli(["segment", "run", "--outliers", "median:1,2", "--db", db]);
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/n \(1\) must be greater than m \(2\)/);
  }, 60_000);
});
