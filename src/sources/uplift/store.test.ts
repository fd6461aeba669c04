import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { ingestObjects } from "../../ingest/index.js";
import { registerModel } from "../../ml/index.js";
import type { Store } from "../../store/index.js";
import { storeKinds } from "../../store/test-support/stores.js";
import {
  incentiveCandidates,
  trainUplift,
  UPLIFT_SOURCE,
  upliftArtifact,
  upliftTableFromStore,
} from "./index.js";

/** Customers under 40 are persuadable by the coupon; others buy at a base rate either way. */
function history(customers: number, seed: number) {
  const rng = new Rng(seed);
  const rows = { customers: [] as Record<string, unknown>[], outcomes: [] as Record<string, unknown>[] };
  for (let i = 0; i < customers; i++) {
    const id = `u${String(i).padStart(5, "0")}`;
    const age = rng.int(20, 70);
    const treated = rng.chance(0.5) ? 1 : 0;
    const p = 0.1 + (treated && age < 40 ? 0.5 : 0);
    rows.customers.push({ id, age, region: rng.pick(["north", "south"]) });
    rows.outcomes.push({ customer_id: id, campaign: "coupon", treated, responded: rng.chance(p) ? 1 : 0 });
  }
  return rows;
}

describe.each(storeKinds())("uplift from the store on $name", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    const data = history(3000, 4);
    await ingestObjects(store, "customers", data.customers, { source: "test" });
    const report = await ingestObjects(store, "outcomes", data.outcomes, { source: "test" });
    expect(report.rejected, JSON.stringify(report.errors[0])).toBe(0);
  }, 60_000);
  afterAll(async () => store.close());

  it("learns from a campaign's outcomes and writes incentive candidates by net value under a budget", async () => {
    const { campaign, table, graph } = await upliftTableFromStore(store);
    expect(campaign).toBe("coupon");
    expect(table.rows).toBe(3000);
    expect(graph).toBeUndefined();
    const trained = trainUplift(table, {
      treatment: "treated",
      outcome: "responded",
      id: "customer_id",
      seed: 2,
    });
    expect(trained.report.test.twoHead.qini).toBeGreaterThan(0.1);
    await registerModel(store, upliftArtifact(trained, "coupon-uplift", "test"));

    const result = await incentiveCandidates(store, {
      model: "coupon-uplift",
      offerId: "coupon10",
      value: 100,
      cost: 10,
      budget: 500,
    });
    expect(result.scored).toBe(3000);
    expect(result.candidates).toBe(500);
    const open = await store.db
      .selectFrom("candidates")
      .selectAll()
      .where("source", "=", UPLIFT_SOURCE)
      .execute();
    expect(open).toHaveLength(500);
    const ages = new Map(
      table.column("customer_id").map((id, r) => [String(id), Number(table.column("age")[r])]),
    );
    // The persuadable are the young: nearly every chosen customer is under 40.
    const young = open.filter((c) => (ages.get(c.customer_id) as number) < 40).length;
    expect(young / open.length).toBeGreaterThan(0.9);
    for (const c of open) {
      const reason = JSON.parse(c.reason) as { persuadable: number; netValue: number };
      expect(reason.netValue).toBeGreaterThan(0);
      // persuadable is rounded to 4 decimals, so × 100 agrees to 2.
      expect(reason.persuadable * 100 - 10).toBeCloseTo(reason.netValue, 1);
      expect(c.expected_value).toBeCloseTo(reason.netValue, 3);
    }
  }, 120_000);

  it("says which campaign to name, and refuses bad values", async () => {
    await ingestObjects(
      store,
      "outcomes",
      [{ customer_id: "u00001", campaign: "other", treated: 1, responded: 0 }],
      {
        source: "test",
      },
    );
    await expect(upliftTableFromStore(store)).rejects.toThrow(
      /outcomes of 2 campaigns: name one with --campaign \(coupon, other\)/,
    );
    await expect(upliftTableFromStore(store, { campaign: "nope" })).rejects.toThrow(
      /no outcomes of campaign 'nope'/,
    );
    await expect(
      incentiveCandidates(store, { model: "coupon-uplift", offerId: "x", value: -1, cost: 0 }),
    ).rejects.toThrow(/value must be positive/);
  });
});
