import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../core/index.js";
import { generateDemoData } from "../demo/index.js";
import { ingestFile, ingestObjects, maskPii } from "../ingest/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import {
  buildPortraits,
  DEFAULT_DEFINITIONS,
  portraitOf,
  recordNegativeFeedback,
  revertAdjustment,
  setModelTags,
  suppressedCategories,
  validateDefinitions,
} from "./index.js";
import { parseDoc, termsOf } from "./terms.js";

const PII_KEY = "test-pii-key-0123456789";
const here = new URL(".", import.meta.url).pathname;
/** bank-full.csv from NUDGE_DATA_DIR (default ../shared/data) when NUDGE_TEST_FULL_BANK is set, else the 2,000-row slice that ships. */
const BANK_FULL = join(process.env.NUDGE_DATA_DIR ?? join(here, "../../../shared/data"), "bank-full.csv");
const BANK =
  existsSync(BANK_FULL) && process.env.NUDGE_TEST_FULL_BANK
    ? BANK_FULL
    : join(here, "../demo/data/bank-sample.csv");

const bankDefinitions = validateDefinitions({
  version: 1,
  tags: [
    {
      name: "age_band",
      kind: "fact",
      type: "band",
      rule: { from: "profile", field: "age" },
      bands: [30, 40, 50, 60],
    },
    { name: "job", kind: "fact", type: "category", rule: { from: "profile", field: "attributes.job" } },
    {
      name: "job_masked",
      kind: "fact",
      type: "category",
      rule: { from: "profile", field: "attributes.job" },
      mask: true,
    },
    {
      name: "marital",
      kind: "fact",
      type: "category",
      rule: { from: "profile", field: "attributes.marital" },
    },
    {
      name: "education",
      kind: "fact",
      type: "category",
      rule: { from: "profile", field: "attributes.education" },
    },
    {
      name: "balance_band",
      kind: "fact",
      type: "band",
      rule: { from: "profile", field: "attributes.balance" },
      bands: [0, 1000, 5000],
    },
  ],
});

/** Every stored document frequency equals the number of portraits that carry the term. */
async function expectConsistentFrequencies(store: Store): Promise<void> {
  const counted = new Map<number, number>();
  for (const row of await store.db.selectFrom("portraits").select("doc").execute())
    for (const id of termsOf(parseDoc(row.doc))) counted.set(id, (counted.get(id) ?? 0) + 1);
  for (const term of await store.portraits.terms())
    expect([term.name, term.value, Number(term.df)]).toEqual([
      term.name,
      term.value,
      counted.get(term.id) ?? 0,
    ]);
}

describe.each(storeKinds())("portraits on $name", (kind) => {
  describe("fact tags of the bank marketing data", () => {
    let store: Store;
    beforeAll(async () => {
      store = await kind.open();
      const report = await ingestFile(store, "customers", BANK, { mapping: new Map([["@row", "id"]]) });
      expect(report.rejected).toBe(0);
      await buildPortraits(store, {
        definitions: bankDefinitions,
        clock: fixedClock("2026-11-01T00:00:00Z"),
      });
    }, 120_000);
    afterAll(async () => store.close());

    const attribute = (name: string) =>
      store.dialect === "sqlite"
        ? sql<string>`json_extract(attributes, ${sql.lit(`$.${name}`)})`
        : sql<string>`(attributes::jsonb ->> ${sql.lit(name)})`;
    const number = (name: string) =>
      store.dialect === "sqlite"
        ? attribute(name)
        : sql<number>`(attributes::jsonb ->> ${sql.lit(name)})::numeric`;

    async function tagCounts(name: string): Promise<Record<string, number>> {
      const terms = await store.portraits.terms();
      return Object.fromEntries(terms.filter((t) => t.name === name).map((t) => [t.value, Number(t.df)]));
    }

    async function sqlCount(where: ReturnType<typeof sql<boolean>>): Promise<number> {
      const row = await store.db
        .selectFrom("customers")
        .select((eb) => eb.fn.countAll().as("n"))
        .where(where)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    }

    it("age bands equal SQL counts", async () => {
      expect(await tagCounts("age_band")).toEqual({
        "<30": await sqlCount(sql`age < 30`),
        "30-39": await sqlCount(sql`age >= 30 and age < 40`),
        "40-49": await sqlCount(sql`age >= 40 and age < 50`),
        "50-59": await sqlCount(sql`age >= 50 and age < 60`),
        "60+": await sqlCount(sql`age >= 60`),
      });
    });

    it.each(["job", "marital", "education"])("%s categories equal SQL counts", async (name) => {
      const rows = await store.db
        .selectFrom("customers")
        .select([attribute(name).as("value"), (eb) => eb.fn.countAll().as("n")])
        .where(attribute(name), "is not", null)
        .where(attribute(name), "!=", "")
        .groupBy(attribute(name))
        .execute();
      const expected = Object.fromEntries(rows.map((r) => [String(r.value), Number(r.n)]));
      expect(Object.keys(expected).length).toBeGreaterThan(2);
      expect(await tagCounts(name)).toEqual(expected);
    });

    it("balance bands equal SQL counts", async () => {
      const b = number("balance");
      expect(await tagCounts("balance_band")).toEqual({
        "<0": await sqlCount(sql`${b} < 0`),
        "0-999": await sqlCount(sql`${b} >= 0 and ${b} < 1000`),
        "1000-4999": await sqlCount(sql`${b} >= 1000 and ${b} < 5000`),
        "5000+": await sqlCount(sql`${b} >= 5000`),
      });
      await expectConsistentFrequencies(store);
    });

    it("shows values of a tag defined with mask masked, and others in clear", async () => {
      const view = await portraitOf(store, "1");
      const job = view.tags.find((t) => t.name === "job")?.value;
      const masked = view.tags.find((t) => t.name === "job_masked")?.value;
      expect(typeof job).toBe("string");
      expect(masked).not.toBe(job);
      expect(masked).toBe(maskPii(String(job)));
    });
  });

  describe("builds over behaviour, incremental and interrupted", () => {
    let store: Store;
    let dir: string;
    const T0 = "2026-11-01T00:00:00Z";
    const asOf = new Date("2026-10-31T23:59:59.999Z");
    beforeAll(async () => {
      store = await kind.open();
      dir = mkdtempSync(join(tmpdir(), "nudge-portrait-"));
      const manifest = await generateDemoData({ seed: 3, customers: 200, outDir: dir });
      for (const k of ["products", "customers", "holdings", "events", "relations"] as const) {
        const file = manifest.files[k];
        if (file) await ingestFile(store, k, file.path, { piiKey: PII_KEY, clock: fixedClock(T0) });
      }
    }, 120_000);
    afterAll(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it("counts events per type in a window as SQL does", async () => {
      await buildPortraits(store, { full: true, asOf, clock: fixedClock("2026-11-02T00:00:00Z") });
      const since = new Date(asOf.getTime() - 30 * 86_400_000).toISOString();
      const perCustomer = await store.db
        .selectFrom("events")
        .select(["customer_id", (eb) => eb.fn.countAll().as("n")])
        .where("type", "=", "login")
        .where("ts", ">", since)
        .where("ts", "<=", asOf.toISOString())
        .groupBy("customer_id")
        .execute();
      const band = (n: number) => (n < 3 ? "1-2" : n < 10 ? "3-9" : n < 30 ? "10-29" : "30+");
      const expected: Record<string, number> = {};
      for (const r of perCustomer) expected[band(Number(r.n))] = (expected[band(Number(r.n))] ?? 0) + 1;
      const terms = await store.portraits.terms();
      const got = Object.fromEntries(
        terms.filter((t) => t.name === "events_30d.login").map((t) => [t.value, Number(t.df)]),
      );
      expect(got).toEqual(expected);
      expect(Object.values(got).reduce((a, b) => a + b, 0)).toBeGreaterThan(50);
      await expectConsistentFrequencies(store);
    });

    it("rebuilds only customers with new data, to the same result as a full build", async () => {
      const customer = "c000010";
      const before = await portraitOf(store, customer);
      await ingestObjects(
        store,
        "events",
        Array.from({ length: 12 }, (_, i) => ({
          customer_id: customer,
          type: "login",
          ts: new Date(asOf.getTime() - (i + 1) * 3_600_000).toISOString(),
        })),
        { source: "test", clock: fixedClock("2026-11-03T00:00:00Z") },
      );
      const incremental = await buildPortraits(store, { asOf, clock: fixedClock("2026-11-04T00:00:00Z") });
      expect(incremental).toMatchObject({ mode: "incremental", customers: 1 });
      const after = await portraitOf(store, customer);
      expect(after.tags.find((t) => t.name === "events_7d.login")?.value).not.toBe(
        before.tags.find((t) => t.name === "events_7d.login")?.value,
      );
      const nothing = await buildPortraits(store, { asOf, clock: fixedClock("2026-11-05T00:00:00Z") });
      expect(nothing.customers).toBe(0);

      await buildPortraits(store, { full: true, asOf, clock: fixedClock("2026-11-06T00:00:00Z") });
      const full = await portraitOf(store, customer);
      const shape = (v: typeof after) => v.tags.map((t) => [t.name, t.value, t.evidence]).sort();
      expect(shape(full)).toEqual(shape(after));
      await expectConsistentFrequencies(store);
    });

    it("resumes an interrupted full build and ends as a clean one", async () => {
      const clean = (await store.portraits.terms()).map((t) => [t.name, t.value, Number(t.df)]);
      let chunks = 0;
      await expect(
        buildPortraits(store, {
          full: true,
          asOf,
          chunkSize: 40,
          clock: fixedClock("2026-11-07T00:00:00Z"),
          onProgress: (done) => {
            if (done > 0 && ++chunks === 2) throw new Error("killed");
          },
        }),
      ).rejects.toThrow("killed");
      expect(await store.portraits.lastBuild()).toMatchObject({ status: "running", customers: 80 });
      const resumed = await buildPortraits(store, {
        full: true,
        asOf,
        chunkSize: 40,
        clock: fixedClock("2026-11-07T01:00:00Z"),
      });
      expect(resumed.resumed).toBe(true);
      expect(resumed.customers).toBe(await store.portraits.count());
      expect((await store.portraits.terms()).map((t) => [t.name, t.value, Number(t.df)])).toEqual(clean);
      await expectConsistentFrequencies(store);
    });

    it("refuses an incremental build with changed definitions", async () => {
      const changed = { ...DEFAULT_DEFINITIONS, version: DEFAULT_DEFINITIONS.version + 1 };
      await expect(buildPortraits(store, { definitions: changed, asOf })).rejects.toThrow(
        "run a full build (--full)",
      );
    });

    it("keeps predicted tags set by a model through rebuilds", async () => {
      await setModelTags(
        store,
        "model:churn1",
        new Map([["c000011", [{ name: "churn_risk", value: 0.82 }]]]),
        {
          clock: fixedClock("2026-11-08T00:00:00Z"),
        },
      );
      await expect(
        setModelTags(store, "model:x", new Map([["c000011", [{ name: "region", value: "x" }]]])),
      ).rejects.toThrow("'region' is not a predicted tag");
      await buildPortraits(store, { full: true, asOf, clock: fixedClock("2026-11-09T00:00:00Z") });
      const churn = (await portraitOf(store, "c000011")).tags.find((t) => t.name === "churn_risk");
      expect(churn).toMatchObject({ kind: "predicted", value: 0.82, source: "model:churn1" });
      expect(churn?.explanation).toContain("set by model:churn1");
      await expectConsistentFrequencies(store);
    });

    it("negative feedback lowers weights, suppresses the category until it expires, and reverts", async () => {
      const customer = "c000012";
      const view = await portraitOf(store, customer);
      const target = view.tags.find((t) => t.name === "interest") ?? view.tags[0];
      if (!target) throw new Error("no tags");
      const pattern = `${target.name}=${target.value}`;
      const at = new Date("2026-11-10T00:00:00Z");
      const adjustment = await recordNegativeFeedback(
        store,
        { customerId: customer, type: "complaint", tags: [pattern], category: "fund" },
        { clock: fixedClock(at) },
      );
      const lowered = (await portraitOf(store, customer, { clock: fixedClock(at) })).tags.find(
        (t) => t.name === target.name && t.value === target.value,
      );
      expect(lowered?.factor).toBe(0.3);
      expect(lowered?.weight).toBeCloseTo(target.weight * 0.3, 3);
      expect(lowered?.adjustments).toEqual([adjustment.id]);
      const day = 86_400_000;
      expect(
        (await suppressedCategories(store, customer, new Date(at.getTime() + day))).map((s) => s.category),
      ).toEqual(["fund"]);
      expect(await suppressedCategories(store, customer, new Date(at.getTime() + 91 * day))).toEqual([]);

      await revertAdjustment(store, adjustment.id, { clock: fixedClock(at) });
      const restored = (await portraitOf(store, customer)).tags.find(
        (t) => t.name === target.name && t.value === target.value,
      );
      expect(restored?.factor).toBe(1);
      expect(restored?.weight).toBeCloseTo(target.weight, 4);
      await expect(revertAdjustment(store, adjustment.id)).rejects.toThrow("already reverted");
      await expect(recordNegativeFeedback(store, { customerId: customer, type: "dismiss" })).rejects.toThrow(
        "needs tags or a category",
      );
    });
  });
});
