import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { cli } from "./test-support.js";

const ENV = { NUDGE_PII_KEY: "cli-test-pii-key-012345" };

describe.each(storeKinds())("nudge ingest ($name)", (kind) => {
  let dir: string;
  let db: string;
  let cleanup: () => Promise<void>;
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const ingest = (args: string[], env: Record<string, string> = ENV) =>
    cli(["ingest", ...args, "--db", db, "--json"], env);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nudge-cli-"));
    // PGlite lives in one process's memory, so CLI tests use a PGlite data folder that each command reopens.
    const fresh =
      kind.name === "pglite"
        ? { url: `pglite:${join(dir, "pg")}`, cleanup: async () => {} }
        : await kind.freshUrl();
    db = fresh.url;
    cleanup = fresh.cleanup;
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("rejects exactly the 40 rows of 41,000 whose age is 'forty', naming the field", async () => {
    const lines = ["id,age,region"];
    for (let i = 1; i <= 41_000; i++)
      lines.push(`c${i},${i % 1025 === 0 ? "forty" : 20 + (i % 60)},r${i % 7}`);
    const result = await ingest(["customers", file("forty.csv", lines.join("\n"))]);
    expect(result.code).toBe(0);
    const report = result.json();
    expect(report).toMatchObject({ inserted: 40_960, updated: 0, rejected: 40 });
    const errors = report.errors as { row: number; field: string; message: string }[];
    expect(errors).toHaveLength(40);
    expect(errors.every((e) => e.field === "age" && e.message === "'forty' is not a whole number")).toBe(
      true,
    );
    expect(errors.map((e) => e.row)).toEqual(Array.from({ length: 40 }, (_, i) => (i + 1) * 1025));
    expect(typeof report.seconds).toBe("number");
  });

  it("keeps good rows around malformed lines, wrong types, missing fields, duplicates and a 1 MB field", async () => {
    const big = "x".repeat(1024 * 1024);
    const csv = [
      "id;age;note",
      "m1;30;ok",
      'm2;31;"unterminated',
      "m3;abc;bad type",
      ";40;no id",
      "m1;33;duplicate",
      `m4;35;${big}`,
      "m5;36;fine",
    ].join("\n");
    const result = await ingest(["customers", file("messy.csv", csv)]);
    const report = result.json();
    expect(result.code).toBe(0);
    expect(report.inserted).toBeGreaterThanOrEqual(2);
    const errors = report.errors as { row: number; field: string; message: string }[];
    expect(errors.find((e) => e.row === 3)).toMatchObject({ field: "age" });
    expect(errors.find((e) => e.row === 4)).toMatchObject({ field: "id", message: "is required" });
    expect(errors.find((e) => e.row === 5)?.message).toMatch(/duplicate of row 1/);
    expect(errors.some((e) => e.row === 2)).toBe(true);
    const store = await openStore(db);
    try {
      expect(await store.customers.get("m5")).toBeDefined();
      expect(await store.customers.get("m1")).toMatchObject({ age: 30 });
    } finally {
      await store.close();
    }
  });

  it("fails clearly on an empty file, a non-CSV file, a missing file and a missing id column", async () => {
    const empty = await ingest(["customers", file("empty.csv", "")]);
    expect(empty.code).toBe(1);
    expect(empty.json()).toMatchObject({ error: { code: "INPUT_UNREADABLE" } });
    const binary = await ingest([
      "customers",
      file("photo.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3])),
    ]);
    expect(binary.code).toBe(1);
    expect(String((binary.json().error as { message: string }).message)).toMatch(/photo\.csv/);
    const missing = await ingest(["customers", join(dir, "nope.csv")]);
    expect(missing.code).toBe(1);
    const noId = await ingest(["customers", file("noid.csv", "age,job\n30,admin\n")]);
    expect(noId.code).toBe(2);
    expect((noId.json().error as { message: string }).message).toMatch(/need column id.*--map/);
  });

  it("reads GBK with --encoding and renames columns with --map", async () => {
    const csv = iconv.encode("客户号,年龄,地区\nz1,45,上海\nz2,52,北京\n", "gbk");
    const result = await ingest([
      "customers",
      file("gbk.csv", csv),
      "--encoding",
      "gbk",
      "--map",
      "客户号=id",
      "--map",
      "年龄=age",
      "--map",
      "地区=region",
    ]);
    expect(result.json()).toMatchObject({ inserted: 2, rejected: 0 });
    const store = await openStore(db);
    try {
      expect(await store.customers.get("z2")).toMatchObject({ age: 52, region: "北京" });
    } finally {
      await store.close();
    }
  });

  it("refuses personal identifiers without NUDGE_PII_KEY", async () => {
    const result = await ingest(["customers", file("pii.csv", "id,name,id_number,phone\nq1,Li,1,2\n")], {});
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({ error: { code: "PII_KEY_MISSING" } });
  });

  it("loads JSONL and is idempotent on re-runs", async () => {
    const jsonl = file(
      "events.jsonl",
      [
        JSON.stringify({ customer_id: "m1", type: "login", ts: "2026-10-01T00:00:00Z" }),
        "{broken",
        JSON.stringify({ customer_id: "m5", type: "purchase", ts: "2026-10-02T00:00:00Z", value: 10 }),
      ].join("\n"),
    );
    const first = (await ingest(["events", jsonl])).json();
    const second = (await ingest(["events", jsonl])).json();
    expect(first).toMatchObject({ inserted: 2, rejected: 1 });
    expect(second).toMatchObject({ inserted: 0, updated: 2, rejected: 1 });
  });

  it("prints a human summary without --json", async () => {
    const result = await cli(
      [
        "ingest",
        "products",
        file("p.csv", "id,name,category,value\np1,Deposit,deposit,100\np2,Fund,fund,1.5\n"),
        "--db",
        db,
      ],
      ENV,
    );
    expect(result.stdout).toMatch(/^products: 1 inserted, 0 updated, 1 rejected in [\d.]+ s/);
    expect(result.stdout).toMatch(/row 2, value: '1.5' is not whole minor units/);
  });
});

describe("customer validation never crashes", () => {
  it("accepts or rejects arbitrary rows with a named field (property)", async () => {
    const store = await openStore("sqlite::memory:");
    const { ingestObjects } = await import("../ingest/index.js");
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.string({ unit: "grapheme" }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            id: value,
            age: value,
            tz: value,
            risk_tolerance: value,
            consent_email: value,
            birth_date: value,
            extra: value,
          }),
          { minLength: 1, maxLength: 20 },
        ),
        async (rows) => {
          const report = await ingestObjects(store, "customers", rows as Record<string, unknown>[], {
            source: "prop",
          });
          expect(report.inserted + report.updated + report.rejected).toBe(rows.length);
          for (const e of report.errors) {
            expect(e.row).toBeGreaterThanOrEqual(1);
            expect(e.field.length).toBeGreaterThan(0);
            expect(e.message.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 150 },
    );
    await store.close();
  });
});
