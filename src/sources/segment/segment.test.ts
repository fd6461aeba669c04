import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/index.js";
import { PLANTED_SEGMENTS, segmentPopulation } from "../../demo/index.js";
import { ingestObjects } from "../../ingest/index.js";
import { adjustedRandIndex } from "../../ml/index.js";
import type { Store } from "../../store/index.js";
import { storeKinds } from "../../store/test-support/stores.js";
import { latestSegments, runSegments, SEGMENT_SOURCE, type SegmentReport } from "./index.js";

const AS_OF = new Date("2026-12-01T00:00:00Z");
const clock = fixedClock("2026-12-01T08:00:00Z");
const data = segmentPopulation({ customers: 2000, seed: 7, asOf: AS_OF });
/** The bar for recovering planted clusters. */
const MIN_ARI = 0.9;

async function seeded(store: Store): Promise<void> {
  for (const [kind, rows] of [
    ["products", data.products],
    ["customers", data.customers],
    ["holdings", data.holdings],
  ] as const) {
    const report = await ingestObjects(store, kind, rows, { source: "test", actor: "test" });
    expect(report.rejected, `${kind}: ${JSON.stringify(report.errors[0])}`).toBe(0);
  }
}

/** Planted segment of each clustered customer, in the run's order, and the run's own labels. */
function agreement(report: SegmentReport, labels: Map<string, number>) {
  const truthOf = new Map(data.customers.map((c, i) => [String(c.id), data.truth[i] as number]));
  const ids = [...labels.keys()];
  return {
    ari: adjustedRandIndex(
      ids.map((id) => truthOf.get(id) as number),
      ids.map((id) => labels.get(id) as number),
    ),
    majority: report.clusters.map((c) => {
      const counts = new Array<number>(PLANTED_SEGMENTS.length).fill(0);
      for (const [id, label] of labels) {
        const planted = truthOf.get(id) as number;
        if (label === c.id) counts[planted] = (counts[planted] as number) + 1;
      }
      return counts.indexOf(Math.max(...counts));
    }),
  };
}

describe.each(storeKinds())("segment push on $name", (kind) => {
  let store: Store;
  let report: SegmentReport;
  let labels: Map<string, number>;
  beforeAll(async () => {
    store = await kind.open();
    await seeded(store);
    report = await runSegments(store, { k: 4, seed: 3, clock, withLabels: true });
    labels = new Map(report.labels?.map(([id, label]) => [id, label]));
  }, 240_000);
  afterAll(async () => store.close());

  it("finds the four planted clusters with adjusted Rand index at least 0.9", () => {
    expect(report.population).toBe(2000);
    expect(report.k).toBe(PLANTED_SEGMENTS.length);
    const { ari, majority } = agreement(report, labels);
    expect(ari).toBeGreaterThanOrEqual(MIN_ARI);
    expect(new Set(majority).size).toBe(PLANTED_SEGMENTS.length);
    expect(report.silhouette).toBeGreaterThan(0.3);
  });

  it("pushes each cluster's planted product, with the share as the reason", () => {
    const { majority } = agreement(report, labels);
    for (const cluster of report.clusters) {
      const planted = PLANTED_SEGMENTS[majority[cluster.id] as number]?.product;
      expect(cluster.push?.productId, `cluster ${cluster.id}`).toBe(planted);
      expect(cluster.topProducts[0]?.productId).toBe(planted);
      expect(cluster.push?.share).toBeGreaterThan(0.5);
      expect(cluster.push?.reason).toMatch(/^held by \d+% of [\d,]+ similar customers$/);
    }
  });

  it("describes centroids in original units and reports the cleaning", () => {
    const affluent = report.clusters.find((c) => c.push?.productId === "seg_wealth");
    const young = report.clusters.find((c) => c.push?.productId === "seg_mmf");
    // Typical balances near the planted medians (900k and 8k), not dragged by the wild ×1000 values.
    expect(affluent?.centroid["attr.balance"] as number).toBeGreaterThan(500_000);
    expect(affluent?.centroid["attr.balance"] as number).toBeLessThan(1_500_000);
    expect(young?.centroid["attr.balance"] as number).toBeLessThan(15_000);
    expect(young?.centroid.age as number).toBeLessThan(32);
    expect(young?.centroid.region).toMatchObject({ level: "north" });
    const balance = report.cleaning.find((c) => c.feature === "attr.balance");
    expect(balance).toMatchObject({ scale: "log" });
    // 1% of balances are planted × 1000. On the log scale the normal interval spans the whole population,
    // so the wild balances of the two richest segments always fall outside it, the young savers' (5,000 ×
    // 1,000) stay inside, since the affluent hold that much too, and no ordinary balance is caught.
    const wild = (names: string[]) =>
      data.customers.filter((c, i) => {
        const planted = PLANTED_SEGMENTS[data.truth[i] as number] as (typeof PLANTED_SEGMENTS)[number];
        return (c.balance as number) > 100 * planted.balance && names.includes(planted.name);
      }).length;
    expect(wild(["affluent", "retiree"])).toBeGreaterThan(5);
    expect(balance?.outliers).toBeGreaterThanOrEqual(wild(["affluent", "retiree"]));
    expect(balance?.outliers).toBeLessThanOrEqual(wild(PLANTED_SEGMENTS.map((p) => p.name)));
    expect(report.features).toMatchObject({ extractor: "autoencoder", reached: true });
  });

  it("clusters on the attributes asked for and no others", async () => {
    const narrow = await runSegments(store, {
      k: 4,
      seed: 3,
      clock,
      write: false,
      features: ["age", "attr.balance", "region"],
      extractor: "none",
    });
    // Four region levels become four 0/1 columns.
    expect(narrow.features).toMatchObject({ extractor: "none", inputs: 6, dimensions: 6 });
    expect(Object.keys(narrow.clusters[0]?.centroid ?? {}).sort()).toEqual(["age", "attr.balance", "region"]);
  });

  it("chooses k by silhouette when none is given", async () => {
    const auto = await runSegments(store, { seed: 3, clock, write: false });
    expect(auto.kScores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const best = auto.kScores.reduce((a, b) => (b.silhouette > a.silhouette ? b : a));
    expect(auto.k).toBe(best.k);
    expect(auto.model).toBeNull();
  });

  it("writes one candidate per member lacking the pushed product, and a fresh run replaces them", async () => {
    const open = await openSegmentCandidates(store);
    expect(open.length).toBe(report.candidates);
    const holders = new Set(data.holdings.map((h) => `${h.customer_id} ${h.product_id}`));
    for (const c of open) expect(holders.has(`${c.customer_id} ${c.offer_id}`)).toBe(false);
    expect(open.every((c) => c.model_id === report.model)).toBe(true);

    const again = await runSegments(store, { seed: 3, clock, k: 4, extractor: "pca", mode: "minibatch" });
    const reopened = await openSegmentCandidates(store);
    expect(reopened.length).toBe(again.candidates);
    expect(reopened.every((c) => c.model_id === again.model)).toBe(true);
    const view = await latestSegments(store);
    expect(view?.model).toBe(again.model);
    expect(view?.clusters.length).toBe(4);
    expect(view?.projection.length).toBe(2000);
  });
});

describe("segment run input errors", () => {
  it("names what is wrong", async () => {
    const store = await (storeKinds()[0] as ReturnType<typeof storeKinds>[number]).open();
    try {
      await expect(runSegments(store)).rejects.toThrow(/0 customers hold at least 2 products/);
      await seeded(store);
      await expect(runSegments(store, { features: ["shoe_size"] })).rejects.toThrow(
        /no attribute 'shoe_size'/,
      );
      await expect(runSegments(store, { k: 0 })).rejects.toThrow(/k must be a positive integer/);
      await expect(runSegments(store, { outliers: { rule: "median", n: 1, m: 2 } })).rejects.toThrow(
        /n \(1\) must be greater than m/,
      );
    } finally {
      await store.close();
    }
  });
});

async function openSegmentCandidates(store: Store) {
  const ids = data.customers.map((c) => String(c.id));
  return store.candidates.openFor(ids, SEGMENT_SOURCE, clock.now().toISOString());
}
