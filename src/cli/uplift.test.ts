import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../core/index.js";
import { cli } from "./test-support.js";

/** A randomized campaign: the incentive lifts response by 0.3 only where a > 0. */
function campaign(rows: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = ["id,a,b,region,treated,responded"];
  for (let i = 0; i < rows; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const region = rng.pick(["north", "south", "east"]);
    const treated = rng.chance(0.5) ? 1 : 0;
    const base = 0.15 + 0.1 * (b > 0 ? 1 : 0);
    const p = base + (treated && a > 0 ? 0.3 : 0);
    lines.push(`c${i},${a.toFixed(3)},${b.toFixed(3)},${region},${treated},${rng.chance(p) ? 1 : 0}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("nudge model train uplift / score", () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nudge-uplift-cli-"));
    db = `sqlite:${join(dir, "u.db")}`;
    writeFileSync(join(dir, "history.csv"), campaign(6000, 1));
    writeFileSync(join(dir, "new.csv"), campaign(500, 2));
    writeFileSync(join(dir, "bad.csv"), "id,a,treated,responded\nc1,0.1,1,0\nc2,0.2,maybe,1\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints held-out Qini and AUUC for the model and each baseline, with the split and seed", async () => {
    const run = await cli([
      "model",
      "train",
      "uplift",
      "--data",
      join(dir, "history.csv"),
      "--treatment",
      "treated",
      "--outcome",
      "responded",
      "--id",
      "id",
      "--seed",
      "3",
      "--db",
      db,
      "--json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = run.json() as {
      model: { id: string; kind: string };
      split: { train: number; validation: number; test: number; seed: number };
      test: Record<string, { qini: number; auuc: number; upliftAt: Record<string, number> }>;
    };
    expect(report.model).toMatchObject({ id: "uplift-v1", kind: "uplift" });
    expect(report.split).toMatchObject({ seed: 3, test: 900 });
    expect(Object.keys(report.test).sort()).toEqual(["sLearner", "tLearner", "twoHead", "xLearner"]);
    for (const [name, r] of Object.entries(report.test)) {
      expect(r.qini, name).toBeGreaterThan(0.05);
      expect(Object.keys(r.upliftAt)).toEqual(["10", "20", "30"]);
    }

    const out = join(dir, "scores.csv");
    const score = await cli([
      "model",
      "score",
      "uplift",
      "--data",
      join(dir, "new.csv"),
      "--out",
      out,
      "--db",
      db,
    ]);
    expect(score.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("id,uplift,p1,p2");
    expect(lines).toHaveLength(501);
    // The uplift is higher where the planted effect is (a > 0).
    const rows = readFileSync(join(dir, "new.csv"), "utf8").trim().split("\n").slice(1);
    const a = new Map(rows.map((r) => [r.split(",")[0], Number(r.split(",")[1])]));
    const mean = (keep: (x: number) => boolean) => {
      const u = lines.slice(1).filter((l) => keep(a.get(l.split(",")[0] as string) as number));
      return u.reduce((s, l) => s + Number(l.split(",")[1]), 0) / u.length;
    };
    expect(mean((x) => x > 0) - mean((x) => x <= 0)).toBeGreaterThan(0.1);
  }, 120_000);

  it("learns over a relations graph with --graph, and scoring such a model needs the graph", async () => {
    // Communities of 20 share whether the incentive works.
    const rng = new Rng(9);
    const lines = ["id,a,treated,responded"];
    const edges = ["src,dst"];
    for (let i = 0; i < 2000; i++) {
      const works = Math.floor(i / 20) % 2 === 0;
      const treated = rng.chance(0.5) ? 1 : 0;
      const p = 0.15 + (treated && works ? 0.4 : 0);
      // Each customer's own feature hints weakly at their community; neighbours together say it clearly.
      lines.push(
        `g${i},${((works ? 0.5 : -0.5) + rng.normal()).toFixed(3)},${treated},${rng.chance(p) ? 1 : 0}`,
      );
      for (let k = 0; k < 3; k++) edges.push(`g${i},g${Math.floor(i / 20) * 20 + rng.int(0, 19)}`);
    }
    writeFileSync(join(dir, "graph-history.csv"), `${lines.join("\n")}\n`);
    writeFileSync(join(dir, "edges.csv"), `${edges.join("\n")}\n`);
    const run = await cli([
      "model",
      "train",
      "uplift",
      "--data",
      join(dir, "graph-history.csv"),
      "--treatment",
      "treated",
      "--outcome",
      "responded",
      "--id",
      "id",
      "--graph",
      join(dir, "edges.csv"),
      "--name",
      "graphed",
      "--db",
      db,
      "--json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = run.json() as {
      graph: { edges: number; sampleNeighbours: number | null };
      test: Record<string, { qini: number }>;
    };
    expect(report.graph).toEqual({ edges: 6000, sampleNeighbours: null });
    // Wiring only: how well the graph model learns is graph.test.ts's subject.
    expect(Object.keys(report.test).sort()).toEqual(["sLearner", "tLearner", "twoHead", "xLearner"]);

    const out = join(dir, "graph-scores.csv");
    const without = await cli([
      "model",
      "score",
      "graphed",
      "--data",
      join(dir, "graph-history.csv"),
      "--out",
      out,
      "--db",
      db,
    ]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/learned over a graph: give --graph EDGES/);
    const withGraph = await cli([
      "model",
      "score",
      "graphed",
      "--data",
      join(dir, "graph-history.csv"),
      "--graph",
      join(dir, "edges.csv"),
      "--out",
      out,
      "--db",
      db,
    ]);
    expect(withGraph.code).toBe(0);
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe("id,uplift,p1,p2");
  }, 180_000);

  it("learns from the store's outcomes (--from-store) and writes incentive candidates (uplift candidates)", async () => {
    const storeDb = `sqlite:${join(dir, "store.db")}`;
    const rng = new Rng(12);
    const customers = ["id,age"];
    const outcomes = ["customer_id,campaign,treated,responded"];
    for (let i = 0; i < 2000; i++) {
      const age = rng.int(20, 70);
      const treated = rng.chance(0.5) ? 1 : 0;
      customers.push(`s${i},${age}`);
      outcomes.push(`s${i},coupon,${treated},${rng.chance(0.1 + (treated && age < 40 ? 0.5 : 0)) ? 1 : 0}`);
    }
    writeFileSync(join(dir, "customers.csv"), `${customers.join("\n")}\n`);
    writeFileSync(join(dir, "outcomes.csv"), `${outcomes.join("\n")}\n`);
    for (const kind of ["customers", "outcomes"])
      expect((await cli(["ingest", kind, join(dir, `${kind}.csv`), "--db", storeDb, "--json"])).code).toBe(0);

    const train = await cli(["model", "train", "uplift", "--from-store", "--db", storeDb, "--json"]);
    expect(train.stderr).toBe("");
    expect(train.code).toBe(0);
    expect((train.json() as { model: { id: string } }).model.id).toBe("uplift-coupon-v1");

    const offer = await cli([
      "uplift",
      "candidates",
      "--model",
      "uplift-coupon",
      "--offer",
      "coupon10",
      "--value",
      "100",
      "--cost",
      "10",
      "--budget",
      "50",
      "--db",
      storeDb,
      "--json",
    ]);
    expect(offer.code).toBe(0);
    expect(offer.json()).toMatchObject({ model: "uplift-coupon-v1", scored: 2000, candidates: 50 });

    const list = await cli(["model", "list", "--db", storeDb]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/uplift-coupon-v1\s+uplift\s+\S+\s+twoHead: Qini -?\d/);
  }, 120_000);

  it("names the row and field of a treatment that is not 0/1", async () => {
    const run = await cli([
      "model",
      "train",
      "uplift",
      "--data",
      join(dir, "bad.csv"),
      "--treatment",
      "treated",
      "--outcome",
      "responded",
      "--db",
      db,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/row 2: field 'treated' must be 0 or 1 \(the treatment\), got 'maybe'/);
  });
});
