import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../core/index.js";
import { affinityData } from "../demo/index.js";
import { ingestObjects } from "../ingest/index.js";
import { buildPortraits } from "../portrait/index.js";
import { openStore } from "../store/index.js";
import { cli } from "./test-support.js";

/** Generated marketing texts: category words in varied sentence frames, Chinese and English. */
const WORDS: Record<string, string[]> = {
  fund: ["指数基金", "债券基金", "基金定投", "index fund", "bond fund", "fund subscription"],
  insurance: ["重疾险", "意外险", "养老年金", "health insurance", "life cover", "accident insurance"],
  loan: ["消费贷款", "房贷", "经营贷款", "personal loan", "mortgage", "credit line"],
};
const FRAMES = [
  "新客专享{w}，限时优惠",
  "{w}火热上线，立即了解",
  "Discover our {w} today",
  "Limited offer on {w} for members",
];

function corpus(rows: number, seed: number): string {
  const rng = new Rng(seed);
  const lines = ["id,text,category"];
  for (let i = 0; i < rows; i++) {
    const category = rng.pick(Object.keys(WORDS));
    const text = rng.pick(FRAMES).replace("{w}", rng.pick(WORDS[category] as string[]));
    lines.push(`t${i},"${text}",${category}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("nudge model train text, nudge message tag|match", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nudge-message-cli-"));
    db = `sqlite:${join(dir, "m.db")}`;
    writeFileSync(join(dir, "train.csv"), corpus(300, 1));
    writeFileSync(join(dir, "new.csv"), corpus(40, 2));
    writeFileSync(
      join(dir, "messages.csv"),
      'id,text,channel\nm1,"指数基金定投新客专享，风险等级R3，60岁以下客户",inapp\nm2,"Personal loan from 3.45% a year",sms\nm3,,inapp\n',
    );
    const store = await openStore(db);
    const data = affinityData({ seed: 4, customers: 300, end: new Date("2026-11-30T23:59:59Z") });
    const customers = data.customers.map((c, i) => ({ ...c, risk_tolerance: (i % 5) + 1 }));
    for (const [kind, rows] of [
      ["products", data.products],
      ["customers", customers],
      ["holdings", data.holdings],
      ["events", data.events],
    ] as const)
      await ingestObjects(store, kind, rows, { source: "test" });
    await buildPortraits(store, { full: true, asOf: new Date("2026-11-30T23:59:59Z") });
    await store.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("trains a text model, prints held-out accuracy and macro-F1 with the split and seed, and scores a file", async () => {
    const train = await cli([
      "model",
      "train",
      "text",
      "--data",
      join(dir, "train.csv"),
      "--text",
      "text",
      "--label",
      "category",
      "--seed",
      "5",
      "--name",
      "messages",
      "--db",
      db,
      "--json",
    ]);
    expect(train.stderr).toBe("");
    expect(train.code).toBe(0);
    const report = train.json() as {
      model: { id: string; kind: string };
      split: { train: number; test: number; seed: number };
      test: { accuracy: number; macroF1: number };
      best: { kind: string };
      selection: unknown[];
    };
    expect(report.model).toMatchObject({ id: "messages-v1", kind: "text" });
    expect(report.split).toMatchObject({ train: 240, test: 60, seed: 5 });
    expect(report.test.accuracy).toBeGreaterThan(0.95);
    expect(report.selection.length).toBeGreaterThanOrEqual(4);

    const out = join(dir, "scores.csv");
    const score = await cli([
      "model",
      "score",
      "messages",
      "--data",
      join(dir, "new.csv"),
      "--id",
      "id",
      "--out",
      out,
      "--db",
      db,
      "--json",
    ]);
    expect(score.code).toBe(0);
    const lines = readFileSync(out, "utf8").trim().split("\n");
    expect(lines[0]).toBe("id,label,p_fund,p_insurance,p_loan");
    expect(lines).toHaveLength(41);
    const truth = corpus(40, 2)
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",").pop());
    const right = lines.slice(1).filter((l, i) => l.split(",")[1] === truth[i]).length;
    expect(right).toBeGreaterThanOrEqual(38);
  }, 120_000);

  it("message tag loads and tags messages, naming a bad row; message match writes candidates", async () => {
    const tag = await cli(["message", "tag", join(dir, "messages.csv"), "--db", db, "--json"]);
    expect(tag.code).toBe(0);
    const tagged = tag.json() as {
      loaded: { inserted: number; rejected: number; errors: { row: number; field: string }[] };
      messages: { id: string; category: string; path: string; tags: { riskLevel: number | null } }[];
    };
    expect(tagged.loaded).toMatchObject({ inserted: 2, rejected: 1 });
    expect(tagged.loaded.errors[0]).toMatchObject({ row: 3, field: "text" });
    // The trained `messages` model is confident on these, so it decides.
    expect(tagged.messages.find((m) => m.id === "m1")).toMatchObject({
      category: "fund",
      path: "classifier",
    });
    expect(tagged.messages.find((m) => m.id === "m2")).toMatchObject({ category: "loan" });

    const match = await cli(["message", "match", "m1", "--top", "20", "--db", db, "--json"]);
    expect(match.code).toBe(0);
    const result = match.json() as { category: string; matched: { matched: string[] }[]; candidates: number };
    expect(result.category).toBe("fund");
    expect(result.matched.length).toBeGreaterThan(0);
    expect(result.candidates).toBe(result.matched.length);
    expect(result.matched[0]?.matched).toContain("interest=fund");

    const missing = await cli(["message", "match", "nope", "--db", db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no message 'nope'/);
  }, 120_000);
});
