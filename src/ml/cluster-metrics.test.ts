import { describe, expect, it } from "vitest";
import { isNudgeError } from "../core/index.js";
import { adjustedRandIndex, chooseK, silhouette } from "./cluster-metrics.js";
import { plantedBlobs, sklearnClusters } from "./test-support/blobs.js";

/** Tolerance against sklearn (the same sums in another order). */
const SKLEARN_TOLERANCE = 1e-9;

function expectInvalid(run: () => unknown, message?: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isNudgeError(thrown, "INPUT_INVALID"), String(thrown)).toBe(true);
  if (message) expect(String((thrown as Error).message)).toMatch(message);
}

describe("silhouette", () => {
  it("matches hand-computed values", () => {
    // Points 0, 1 | 4, 5 on a line: a = 1 everywhere; b = 4.5, 3.5, 3.5, 4.5.
    const line = Float64Array.from([0, 1, 4, 5]);
    expect(silhouette(line, 4, 1, [0, 0, 1, 1])).toBeCloseTo((7 / 9 + 5 / 7) / 2, 14);
    // A singleton scores 0: (0.9 + 8/9 + 0) / 3.
    expect(silhouette(Float64Array.from([0, 1, 10]), 3, 1, [5, 5, 2])).toBeCloseTo((0.9 + 8 / 9) / 3, 14);
    // Two dimensions, three clusters: (0,0) (0,1) | (3,0) | (3,4) (4,4).
    const plane = Float64Array.from([0, 0, 0, 1, 3, 0, 3, 4, 4, 4]);
    const b0 = Math.min(3, (5 + Math.hypot(4, 4)) / 2);
    const b1 = Math.min(Math.hypot(3, 1), (Math.hypot(3, 3) + Math.hypot(4, 3)) / 2);
    const b3 = Math.min((5 + Math.hypot(3, 3)) / 2, 4);
    const b4 = Math.min((Math.hypot(4, 4) + Math.hypot(4, 3)) / 2, Math.hypot(1, 4));
    const expected = ((b0 - 1) / b0 + (b1 - 1) / b1 + 0 + (b3 - 1) / b3 + (b4 - 1) / b4) / 5;
    expect(silhouette(plane, 5, 2, [0, 0, 1, 2, 2])).toBeCloseTo(expected, 14);
  });

  it("equals scikit-learn's silhouette_score on the fixture", () => {
    for (const c of sklearnClusters.cases) {
      const x = Float64Array.from(c.x);
      for (const [name, value] of Object.entries(c.silhouette)) {
        const ours = silhouette(x, c.rows, c.dims, c.labelings[name]!);
        expect(Math.abs(ours - value), `${c.name} ${name}`).toBeLessThan(SKLEARN_TOLERANCE);
      }
    }
  });

  it("on a seeded sample: the same seed gives the same value, near the exact one", () => {
    const { x, rows, dims, labels } = plantedBlobs(2000, 4, 5, 31, 4, 1.5);
    const exact = silhouette(x, rows, dims, labels);
    const sampled = silhouette(x, rows, dims, labels, { sample: 500, seed: 3 });
    expect(silhouette(x, rows, dims, labels, { sample: 500, seed: 3 })).toBe(sampled);
    expect(silhouette(x, rows, dims, labels, { sample: 500, seed: 4 })).not.toBe(sampled);
    expect(Math.abs(sampled - exact)).toBeLessThan(0.05);
    expect(silhouette(x, rows, dims, labels, { sample: 5000 })).toBe(exact);
  });

  it("accepts float32 rows", () => {
    const c = sklearnClusters.cases[0]!;
    const single = Float32Array.from(c.x);
    const ours = silhouette(single, c.rows, c.dims, c.labelings.planted!);
    expect(ours).toBeCloseTo(silhouette(Float64Array.from(single), c.rows, c.dims, c.labelings.planted!), 12);
  });

  it("needs 2 ≤ clusters ≤ rows − 1 and one label per row", () => {
    const x = Float64Array.from([0, 1, 4, 5]);
    expectInvalid(() => silhouette(x, 4, 1, [1, 1, 1, 1]), /between 2 and 3 clusters/);
    expectInvalid(() => silhouette(x, 4, 1, [0, 1, 2, 3]), /got 4/);
    expectInvalid(() => silhouette(x, 4, 1, [0, 1, 1]), /3 labels for 4 rows/);
    expectInvalid(() => silhouette(x, 4, 1, [0, 1, Number.NaN, 1]), /row 2/);
    expectInvalid(() => silhouette(x, 4, 1, [0, 0, 1, 1], { sample: 1 }), /sample/);
  });
});

describe("adjustedRandIndex", () => {
  it("matches hand-computed values", () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [7, 7, 3, 3])).toBe(1); // renaming does not matter
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 15); // sklearn's docs: 0.57…
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    // Pairs together in both: 2 of 15; 6 together in a, 3 in b: 2 (2·15 − 18) / (9·15 − 36) = 24/99.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(24 / 99, 15);
    expect(adjustedRandIndex([0, 1, 2], [0, 1, 2])).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 15);
  });

  it("equals scikit-learn's adjusted_rand_score on the fixture", () => {
    for (const c of sklearnClusters.cases)
      for (const { a, b, ari } of c.ari) {
        const ours = adjustedRandIndex(c.labelings[a]!, c.labelings[b]!);
        expect(Math.abs(ours - ari), `${c.name} ${a}/${b}`).toBeLessThan(SKLEARN_TOLERANCE);
      }
  });

  it("is exact on a million rows", () => {
    const n = 1_000_000;
    const a = Int32Array.from({ length: n }, (_, i) => i % 7);
    const b = Int32Array.from({ length: n }, (_, i) => (i % 7 === 3 && i % 2 === 0 ? 9 : i % 7));
    const value = adjustedRandIndex(a, b);
    expect(value).toBeGreaterThan(0.9);
    expect(value).toBeLessThan(1);
    expect(adjustedRandIndex(b, a)).toBe(value);
  });

  it("refuses labelings of different lengths", () => {
    expectInvalid(() => adjustedRandIndex([0, 1], [0, 1, 1]), /differ in length/);
  });
});

describe("chooseK", () => {
  it("picks the planted k on well-separated blobs and returns its fit", () => {
    const { x, rows, dims } = plantedBlobs(3000, 5, 6, 41, 10, 1);
    const chosen = chooseK(x, rows, dims, { seed: 2, sample: 1000 });
    expect(chosen.k).toBe(6);
    expect(chosen.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const best = Math.max(...chosen.scores.map((s) => s.silhouette));
    expect(chosen.scores.find((s) => s.k === 6)!.silhouette).toBe(best);
    expect(chosen.result.k).toBe(6);
    expect(chosen.result.labels.length).toBe(rows);
  });

  it("takes given candidates, caps them below the rows and passes k-means options on", () => {
    const x = Float64Array.from([0, 0.1, 5, 5.1, 10]);
    const chosen = chooseK(x, 5, 1, { seed: 1, candidates: [2, 3, 4, 5, 6], kmeans: { starts: 3 } });
    expect(chosen.scores.map((s) => s.k)).toEqual([2, 3, 4]);
    expect(chosen.k).toBe(3);
    expectInvalid(() => chooseK(x, 5, 1, { seed: 1, candidates: [1] }), /≥ 2/);
    expectInvalid(() => chooseK(Float64Array.from([0, 1]), 2, 1, { seed: 1 }), /no candidate k/);
  });

  it("survives identical rows: every silhouette is 0 and the smallest k wins", () => {
    const chosen = chooseK(new Float64Array(12).fill(1), 6, 2, { seed: 1 });
    expect(chosen.scores).toEqual([2, 3, 4, 5].map((k) => ({ k, silhouette: 0 })));
    expect(chosen.k).toBe(2);
  });
});
