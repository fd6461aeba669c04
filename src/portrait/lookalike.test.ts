import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Rng } from "../core/index.js";
import { plantedPopulation } from "../demo/index.js";
import { ingestObjects } from "../ingest/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { buildPortraits, lookalike } from "./index.js";

const END = new Date("2026-10-31T23:59:59Z");
const CUSTOMERS = 600;
const GROUPS = 3;

describe.each(storeKinds())("lookalike on $name", (kind) => {
  let store: Store;
  const groupOf = new Map<string, number>();
  beforeAll(async () => {
    store = await kind.open();
    const customers = [];
    const events = [];
    for (const c of plantedPopulation({
      seed: 11,
      customers: CUSTOMERS,
      groups: GROUPS,
      eventsPerCustomer: 20,
      end: END,
    })) {
      groupOf.set(c.id, c.group);
      customers.push(c.customer);
      events.push(...c.events);
    }
    const clock = fixedClock("2026-11-01T00:00:00Z");
    await ingestObjects(store, "customers", customers, { source: "test", clock });
    await ingestObjects(store, "events", events, { source: "test", clock });
    await buildPortraits(store, { asOf: END, clock: fixedClock("2026-11-02T00:00:00Z") });
  }, 120_000);
  afterAll(async () => store.close());

  it("finds the seed's planted group with precision@N of at least 0.9", async () => {
    const rng = new Rng(5);
    const members = [...groupOf].filter(([, g]) => g === 1).map(([id]) => id);
    const seeds = members.filter(() => rng.chance(0.2));
    const size = 100;
    const result = await lookalike(store, { seeds, size, threshold: 0 });
    expect(result.candidates).toHaveLength(size);
    expect(result.candidates.some((c) => seeds.includes(c.customerId))).toBe(false);
    const precision = result.candidates.filter((c) => groupOf.get(c.customerId) === 1).length / size;
    expect(precision).toBeGreaterThanOrEqual(0.9);
    const first = result.candidates[0];
    expect(first?.reasons.length).toBeGreaterThan(0);
    expect(first?.similarity).toBeGreaterThan(result.candidates[size - 1]?.similarity ?? 1);
  });

  it("honours the threshold and rejects an empty seed", async () => {
    const seeds = [...groupOf]
      .filter(([, g]) => g === 0)
      .map(([id]) => id)
      .slice(0, 20);
    const strict = await lookalike(store, { seeds, size: 1000, threshold: 0.99 });
    expect(strict.candidates.every((c) => c.similarity >= 0.99)).toBe(true);
    await expect(lookalike(store, { seeds: [], size: 5 })).rejects.toThrow("the seed audience is empty");
    await expect(lookalike(store, { product: "nope", size: 5 })).rejects.toThrow("no product 'nope'");
  });
});
