import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./test-support.js";

const BANK = new URL("../ml/fixtures/bank-slice.csv", import.meta.url).pathname;

describe("nudge model", () => {
  let dir: string;
  let db: string;
  let trained: Record<string, unknown>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nudge-model-cli-"));
    db = `sqlite:${join(dir, "m.db")}`;
    const run = await cli([
      "model",
      "train",
      "propensity",
      "--data",
      BANK,
      "--target",
      "y",
      "--exclude",
      "duration",
      "--seed",
      "9",
      "--name",
      "bank",
      "--db",
      db,
      "--json",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    trained = run.json();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("trains from a file and prints held-out metrics, the split, the seed and the model id", () => {
    expect(trained).toMatchObject({
      model: { id: "bank-v1", kind: "propensity", name: "bank", version: 1 },
      seed: 9,
      split: { train: 0.7, validation: 0.15, test: 0.15, rows: { test: expect.any(Number) } },
      features: 15,
    });
    const y = (trained.test as Record<string, { rocAuc: number; n: number; calibration: unknown[] }>).y;
    expect(y?.rocAuc).toBeGreaterThan(0.65);
    expect(y?.calibration.length).toBeGreaterThan(0);
  });

  it("prints the same in words without --json", async () => {
    const run = await cli(["model", "train", "propensity", "--data", BANK, "--target", "y", "--db", db]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^trained propensity-v1 on 16 features/);
    expect(run.stdout).toMatch(/split \(seed 42\): train [\d,]+, validation [\d,]+, test [\d,]+ rows/);
    expect(run.stdout).toMatch(/test y: ROC AUC 0\.\d{4}/);
  });

  it("scores rows it never saw: the id column or the row number, and p_<target>", async () => {
    const data = join(dir, "new.csv");
    writeFileSync(
      data,
      [
        "client,age,job,marital,education,default,balance,housing,loan,contact,day,month,campaign,pdays,previous,poutcome",
        "k1,35,management,married,tertiary,no,1200,yes,no,cellular,5,may,1,-1,0,unknown",
        "k2,70,retired,married,primary,no,9000,no,no,telephone,12,oct,1,90,3,success",
        "k3,,astronaut,,,,,,,,,,,,,",
      ].join("\n"),
    );
    const out = join(dir, "scores.csv");
    const run = await cli(["model", "score", "bank", "--data", data, "--out", out, "--db", db, "--json"]);
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ model: "bank-v1", rows: 3, columns: ["row", "p_y"] });
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("row,p_y");
    const scores = lines.slice(1).map((l) => l.split(","));
    expect(scores.map((s) => s[0])).toEqual(["1", "2", "3"]);
    for (const [, p] of scores) expect(Number(p)).toBeGreaterThan(0);
    // a retired customer whose previous campaign succeeded is far likelier to subscribe
    expect(Number(scores[1]?.[1])).toBeGreaterThan(Number(scores[0]?.[1]));
  });

  it("scores the same on a second thread from the built package as inline from sources", async () => {
    // In-process tests run the TypeScript sources, where `model score` predicts inline; the built CLI
    // (bin/nudge.js → dist/, which `npm test` builds first) predicts on a worker thread.
    const data = join(dir, "many.csv");
    const lines = readFileSync(BANK, "utf8").trim().split("\n");
    writeFileSync(
      data,
      `${[lines[0], ...Array.from({ length: 5000 }, (_, i) => lines[1 + (i % (lines.length - 1))])].join("\n")}\n`,
    );
    const inline = join(dir, "inline.csv");
    expect((await cli(["model", "score", "bank", "--data", data, "--out", inline, "--db", db])).code).toBe(0);
    const threaded = join(dir, "threaded.csv");
    const bin = new URL("../../bin/nudge.js", import.meta.url).pathname;
    execFileSync(process.execPath, [
      bin,
      "model",
      "score",
      "bank",
      "--data",
      data,
      "--out",
      threaded,
      "--db",
      db,
    ]);
    expect(readFileSync(threaded, "utf8")).toBe(readFileSync(inline, "utf8"));
    expect(readFileSync(threaded, "utf8").trim().split("\n")).toHaveLength(5001);
  });

  it("writes the id column when the model was trained with one", async () => {
    const data = join(dir, "with-id.csv");
    writeFileSync(
      data,
      "id,x,y\n" +
        Array.from({ length: 200 }, (_, i) => `r${i},${i % 10},${i % 10 > 6 ? "yes" : "no"}`).join("\n"),
    );
    const train = await cli([
      "model",
      "train",
      "propensity",
      "--data",
      data,
      "--target",
      "y",
      "--id",
      "id",
      "--name",
      "ids",
      "--db",
      db,
      "--json",
    ]);
    expect(train.code).toBe(0);
    expect(train.json()).toMatchObject({ features: 1 });
    const out = join(dir, "ids.csv");
    const run = await cli(["model", "score", "ids", "--data", data, "--out", out, "--db", db, "--json"]);
    expect(run.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("id,p_y");
    expect(lines[1]).toMatch(/^r0,0\.\d+/);
    expect(lines).toHaveLength(201);
  });

  it("lists and shows the registry", async () => {
    const list = (await cli(["model", "list", "--db", db, "--json"])).json() as { models: { id: string }[] };
    expect(list.models.map((m) => m.id).sort()).toEqual(["bank-v1", "ids-v1", "propensity-v1"]);
    const shown = await cli(["model", "show", "bank-v1", "--db", db, "--json"]);
    expect(shown.json()).toMatchObject({
      id: "bank-v1",
      kind: "propensity",
      features: expect.arrayContaining(["age", "job", "poutcome"]),
      fingerprint: expect.stringMatching(/^sha256:/),
      parameters: expect.any(Number),
      encoder: { version: 1 },
    });
    expect(shown.stdout).not.toContain("weights");
    const text = await cli(["model", "list", "--db", db]);
    expect(text.stdout).toMatch(/bank-v1\s+propensity/);
  });

  it("fails with clear errors and leaves no half-written output", async () => {
    const wrongTarget = await cli([
      "model",
      "train",
      "propensity",
      "--data",
      BANK,
      "--target",
      "z",
      "--db",
      db,
      "--json",
    ]);
    expect(wrongTarget.code).toBe(2);
    expect(wrongTarget.json()).toMatchObject({
      error: { code: "INPUT_INVALID", message: expect.stringContaining("no column 'z'") },
    });
    const multi = await cli(["model", "train", "propensity", "--data", BANK, "--target", "job", "--db", db]);
    expect(multi.stderr).toMatch(/target 'job' must have two values, found 12/);
    const kind = await cli(["model", "train", "forecast", "--data", BANK, "--target", "y", "--db", db]);
    expect(kind.stderr).toMatch(/unknown model kind 'forecast'/);
    const both = await cli(["model", "train", "propensity", "--db", db]);
    expect(both.stderr).toMatch(/either --data FILE or --from-store/);
    const unknown = await cli([
      "model",
      "score",
      "nope",
      "--data",
      BANK,
      "--out",
      join(dir, "x.csv"),
      "--db",
      db,
      "--json",
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
    const lacking = join(dir, "lacking.csv");
    writeFileSync(lacking, "age,job\n30,admin.\n");
    const short = await cli([
      "model",
      "score",
      "bank",
      "--data",
      lacking,
      "--out",
      join(dir, "l.csv"),
      "--db",
      db,
    ]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/lacks feature column\(s\) the model was trained on: marital, education/);
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, `${readFileSync(BANK, "utf8").split("\n").slice(0, 3).join("\n")}\n"unterminated;x\n`);
    const out = join(dir, "bad-out.csv");
    const broken = await cli(["model", "score", "bank", "--data", bad, "--out", out, "--db", db]);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/row \d+/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
  });
});
