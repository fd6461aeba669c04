import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/index.js";
import { AFFINITY_PRODUCTS, affinityData } from "../../demo/index.js";
import { ingestObjects } from "../../ingest/index.js";
import { buildPortraits, PortraitFeatures, portraitOf, withoutTags } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";
import { storeKinds } from "../../store/test-support/stores.js";
import {
  LEAKING_TAGS,
  OFFER_PREFIX,
  PropensityScorer,
  PropensityTriggers,
  trainPropensityFromStore,
} from "./index.js";

const END = new Date("2026-11-30T23:59:59Z");
const clock = fixedClock("2026-12-01T08:00:00Z");
const data = affinityData({ seed: 11, customers: 5000, end: END });
/** The bar for planted affinities, per product, on held-out customers. */
const MIN_AUC = 0.85;

describe.each(storeKinds())("propensity on $name", (kind) => {
  let store: Store;
  let result: Awaited<ReturnType<typeof trainPropensityFromStore>>;
  beforeAll(async () => {
    store = await kind.open();
    for (const k of ["products", "customers", "holdings", "events"] as const) {
      const report = await ingestObjects(store, k, data[k], { source: "test", actor: "test" });
      expect(report.rejected, `${k}: ${JSON.stringify(report.errors[0])}`).toBe(0);
    }
    await buildPortraits(store, { full: true, asOf: END, clock });
    result = await trainPropensityFromStore(store, { seed: 5, clock });
  }, 240_000);
  afterAll(async () => store.close());

  it("learns every planted affinity: per-product ROC AUC on held-out customers at least 0.85", () => {
    expect(result.products.sort()).toEqual(AFFINITY_PRODUCTS.map((p) => p.id).sort());
    const aucs = Object.fromEntries(
      Object.entries(result.report.test).map(([target, r]) => [target.slice(OFFER_PREFIX.length), r.rocAuc]),
    );
    for (const product of AFFINITY_PRODUCTS)
      expect(aucs[product.id], product.id).toBeGreaterThanOrEqual(MIN_AUC);
    expect(result.report.split.rows.test).toBe(750);
    expect(result.model.id).toBe("propensity-v1");
  });

  it("stores each target's held-out ROC curve next to its AUC, from (0, 0) to (1, 1)", async () => {
    const stored = (await store.models.list("propensity")).find((m) => m.id === result.model.id);
    const test = (JSON.parse(stored?.metrics ?? "{}") as typeof result.report).test;
    expect(Object.keys(test).sort()).toEqual(Object.keys(result.report.test).sort());
    for (const [target, r] of Object.entries(test)) {
      const { fpr, tpr } = r.roc;
      expect(fpr.length, target).toBeGreaterThan(2);
      expect(fpr.length, target).toBeLessThanOrEqual(50);
      expect(tpr).toHaveLength(fpr.length);
      expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
      // A curve well above the diagonal: true positives climb faster than false ones.
      expect(tpr[Math.floor(fpr.length / 4)], target).toBeGreaterThan(
        fpr[Math.floor(fpr.length / 4)] as number,
      );
    }
  });

  it("writes predicted demand per category into portraits, with the model version", async () => {
    expect(result.tagged).toBe(5000);
    const view = await portraitOf(store, "a000001", { clock });
    const demand = view.tags.filter((t) => t.name.startsWith("demand."));
    expect(demand.length).toBeGreaterThan(0);
    for (const tag of demand) {
      expect(tag.kind).toBe("predicted");
      expect(tag.value as number).toBeGreaterThanOrEqual(0);
      expect(tag.value as number).toBeLessThanOrEqual(1);
      expect(tag.explanation).toContain("propensity-v1");
    }
  });

  it("ranks offers the customer does not hold, with reasons, and writes them as candidates", async () => {
    // An older customer without the annuity: the planted rule says they are likely to take it.
    const senior = data.customers.find(
      (c) =>
        (c.age as number) >= 62 &&
        !data.holdings.some((h) => h.customer_id === c.id && h.product_id === "aff_annuity"),
    );
    if (!senior) throw new Error("fixture has no senior without annuity");
    const scorer = new PropensityScorer(store, { clock });
    const list = await scorer.offers(String(senior.id), { context: "login", limit: 3 });
    const held = new Set(data.holdings.filter((h) => h.customer_id === senior.id).map((h) => h.product_id));
    expect(list.offers.length).toBeGreaterThan(0);
    expect(list.offers.some((o) => held.has(o.productId))).toBe(false);
    expect(list.offers[0]?.productId).toBe("aff_annuity");
    expect(list.offers[0]?.reason).toMatch(/age/);
    const probabilities = list.offers.map((o) => o.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    const candidates = await store.candidates.open(String(senior.id));
    expect(candidates.filter((c) => c.source === "propensity")).toHaveLength(list.offers.length);
    expect(candidates[0]?.model_id).toBe("propensity-v1");
    expect(JSON.parse(candidates[0]?.reason ?? "{}")).toMatchObject({ context: "login" });
  });

  it("scores the same from a feature record with every tag, read once for the policies", async () => {
    const features = await PortraitFeatures.load(store);
    for (const id of ["a000004", "a000005", "a000006"]) {
      const [customer, portrait, holdings] = await Promise.all([
        store.customers.get(id),
        store.portraits.get(id),
        store.holdings.forCustomer(id),
      ]);
      if (!customer) throw new Error(`no customer ${id}`);
      const record = await features.of(customer, portrait);
      // The record carries tags the model must not see; the scorer leaves them out itself.
      expect(Object.keys(record).some((k) => LEAKING_TAGS.some((t) => k.startsWith(`tag.${t}`)))).toBe(true);
      expect(withoutTags(record, LEAKING_TAGS)).toEqual(await features.of(customer, portrait, LEAKING_TAGS));
      const scorer = new PropensityScorer(store, { clock });
      const given = await scorer.offers(id, {
        write: false,
        limit: 5,
        loaded: { customer, portrait, holdings, features: record },
      });
      expect(given).toEqual(await scorer.offers(id, { write: false, limit: 5 }));
    }
  });

  it("scores logins and expands purchases to lookalike customers", async () => {
    const triggers = new PropensityTriggers(store, { clock });
    const buyer = "a000002";
    const report = await triggers.onEvents([
      { customerId: "a000003", type: "login" },
      { customerId: "nobody", type: "login" },
      { customerId: buyer, type: "purchase", itemId: "aff_sme_loan" },
      { customerId: buyer, type: "purchase", itemId: "not-a-product" },
    ]);
    expect(report.logins.map((l) => l.customerId)).toEqual(["a000003"]);
    expect(report.expansionsQueued).toBe(1);
    await triggers.idle();
    const expanded = await store.db
      .selectFrom("candidates")
      .selectAll()
      .where("source", "=", "lookalike")
      .where("offer_id", "=", "aff_sme_loan")
      .execute();
    expect(expanded.length).toBeGreaterThan(0);
    const holders = new Set(
      data.holdings.filter((h) => h.product_id === "aff_sme_loan").map((h) => h.customer_id),
    );
    expect(expanded.some((c) => holders.has(c.customer_id) || c.customer_id === buyer)).toBe(false);
  });
});
