import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isNudgeError } from "../core/index.js";
import {
  DEFAULT_CONFIDENCE,
  differenceInterval,
  liftSummary,
  normalQuantile,
  type Proportion,
  relativeLift,
  twoProportionTest,
  wilsonInterval,
} from "./stats.js";

interface SingleCase {
  successes: number;
  n: number;
  confidence: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

interface PairCase {
  a: Proportion;
  b: Proportion;
  confidence: number;
  difference: number | null;
  difference_low: number | null;
  difference_high: number | null;
  p_value: number | null;
  lift: number | null;
  lift_low: number | null;
  lift_high: number | null;
}

interface Reference {
  mpmath_version: string;
  quantiles: [number, number][];
  singles: SingleCase[];
  pairs: PairCase[];
}

/** 50-digit values from fixtures/lift-stats-reference.py (run by hand, not by the tests). */
const reference = JSON.parse(
  readFileSync(new URL("./fixtures/lift-stats-reference.json", import.meta.url), "utf8"),
) as Reference;

/** Relative tolerance against the 50-digit reference; observed errors stay below 1e-13. */
const REFERENCE_TOLERANCE = 1e-12;

/** z of a 95% interval, Φ⁻¹(0.975). */
const Z95 = 1.959963984540054;

function expectClose(actual: number | null, expected: number | null, label = ""): void {
  if (expected === null || actual === null || expected === 0) {
    expect(actual, label).toBe(expected);
    return;
  }
  const error = Math.abs(actual - expected) / Math.abs(expected);
  expect(error, `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(REFERENCE_TOLERANCE);
}

/** Rounds to four decimals, as Newcombe's tables print. */
function fourDecimals(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e4) / 1e4;
}

function expectInvalid(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isNudgeError(thrown, "INPUT_INVALID"), String(thrown)).toBe(true);
}

describe("normalQuantile", () => {
  it("matches the reference from the far tails to the centre", () => {
    expect(reference.quantiles.length).toBeGreaterThan(20);
    for (const [p, z] of reference.quantiles) expectClose(normalQuantile(p), z, `p = ${p}`);
  });

  it("gives the familiar points and is antisymmetric", () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.975)).toBeCloseTo(Z95, 15);
    expect(normalQuantile(0.025)).toBeCloseTo(-Z95, 15);
    for (const p of [0.001, 0.01, 0.3, 0.45])
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 9);
  });

  it("is infinite at 0 and 1 and refuses anything outside", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    for (const p of [-0.1, 1.1, Number.NaN]) expectInvalid(() => normalQuantile(p));
  });
});

describe("wilsonInterval", () => {
  it("matches the reference for every count and confidence level", () => {
    for (const c of reference.singles) {
      const interval = wilsonInterval(c.successes, c.n, c.confidence);
      const label = `${c.successes}/${c.n} at ${c.confidence}`;
      expectClose(interval.rate, c.rate, `${label} rate`);
      expectClose(interval.low, c.low, `${label} low`);
      expectClose(interval.high, c.high, `${label} high`);
    }
  });

  // Newcombe (1998a), "Two-sided confidence intervals for the single proportion", method 3 (score).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("gives Newcombe's published interval for %i/%i", (successes, n, low, high) => {
    const interval = wilsonInterval(successes, n);
    expect([fourDecimals(interval.low), fourDecimals(interval.high)]).toEqual([low, high]);
  });

  it("has closed forms at the edges: z²/(n + z²) above no success, n/(n + z²) below all successes", () => {
    const z2 = Z95 * Z95;
    expect(wilsonInterval(0, 10)).toEqual({ rate: 0, low: 0, high: expect.closeTo(z2 / (10 + z2), 15) });
    expect(wilsonInterval(10, 10)).toEqual({ rate: 1, low: expect.closeTo(10 / (10 + z2), 15), high: 1 });
    expect(wilsonInterval(0, 10).high).toBeCloseTo(0.277533, 6);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.722467, 6);
    expect(wilsonInterval(1, 1).low).toBeCloseTo(1 / (1 + z2), 15);
    expect(wilsonInterval(0, 1).high).toBeCloseTo(z2 / (1 + z2), 15);
  });

  it("is symmetric around one half at 5/10", () => {
    const { rate, low, high } = wilsonInterval(5, 10);
    expect(rate).toBe(0.5);
    expect(low! + high!).toBeCloseTo(1, 15);
    expect(low).toBeCloseTo(0.236593, 6);
  });

  it("narrows as the confidence level drops and keeps its digits at ten million", () => {
    const at99 = wilsonInterval(50, 100, 0.99);
    const at80 = wilsonInterval(50, 100, 0.8);
    expect(at99.low!).toBeLessThan(at80.low!);
    expect(at99.high!).toBeGreaterThan(at80.high!);
    const large = wilsonInterval(1, 10_000_000);
    expect(large.low!).toBeGreaterThan(0);
    expect(large.high!).toBeLessThan(1e-6);
  });

  it("gives nulls for an empty group", () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: null, low: null, high: null });
  });

  it("refuses impossible counts and confidence levels", () => {
    for (const [successes, n] of [
      [3, 2],
      [-1, 5],
      [1.5, 5],
      [1, Number.NaN],
      [0, Number.POSITIVE_INFINITY],
    ] as const)
      expectInvalid(() => wilsonInterval(successes, n));
    for (const confidence of [0, 1, 95, -0.5, Number.NaN])
      expectInvalid(() => wilsonInterval(1, 2, confidence));
  });
});

describe("differenceInterval", () => {
  it("matches the reference for every pair and confidence level", () => {
    for (const c of reference.pairs) {
      const interval = differenceInterval(c.a, c.b, c.confidence);
      const label = `${c.a.successes}/${c.a.n} - ${c.b.successes}/${c.b.n} at ${c.confidence}`;
      expectClose(interval.difference, c.difference, `${label} difference`);
      expectClose(interval.low, c.difference_low, `${label} low`);
      expectClose(interval.high, c.difference_high, `${label} high`);
    }
  });

  // Newcombe (1998b), "Interval estimation for the difference between independent proportions",
  // table II, method 10 (hybrid score without continuity correction); example (c) is left to the fixture.
  it.each([
    ["a", 56, 70, 48, 80, 0.0524, 0.3339],
    ["b", 9, 10, 3, 10, 0.1705, 0.809],
    ["d", 5, 56, 0, 29, -0.0381, 0.1926],
    ["e", 0, 10, 0, 20, -0.1611, 0.2775],
    ["f", 0, 10, 0, 10, -0.2775, 0.2775],
    ["g", 10, 10, 0, 20, 0.6791, 1],
    ["h", 10, 10, 0, 10, 0.6075, 1],
  ])("gives Newcombe's example (%s), %i/%i - %i/%i", (_, x1, n1, x2, n2, low, high) => {
    const interval = differenceInterval({ successes: x1, n: n1 }, { successes: x2, n: n2 });
    expect([fourDecimals(interval.low), fourDecimals(interval.high)]).toEqual([low, high]);
  });

  it("is the difference of the Wilson distances at 56/70 - 48/80", () => {
    const a = wilsonInterval(56, 70);
    const b = wilsonInterval(48, 80);
    const interval = differenceInterval({ successes: 56, n: 70 }, { successes: 48, n: 80 });
    expect(interval.difference).toBeCloseTo(0.2, 15);
    expect(interval.low).toBeCloseTo(0.2 - Math.hypot(0.8 - a.low!, b.high! - 0.6), 14);
    expect(interval.high).toBeCloseTo(0.2 + Math.hypot(a.high! - 0.8, 0.6 - b.low!), 14);
  });

  it("flips sign when the groups swap", () => {
    const forward = differenceInterval({ successes: 81, n: 263 }, { successes: 15, n: 148 });
    const backward = differenceInterval({ successes: 15, n: 148 }, { successes: 81, n: 263 });
    expect(backward.difference).toBeCloseTo(-forward.difference!, 15);
    expect(backward.low).toBeCloseTo(-forward.high!, 15);
    expect(backward.high).toBeCloseTo(-forward.low!, 15);
  });

  it("gives nulls when either group is empty", () => {
    const none = { difference: null, low: null, high: null };
    expect(differenceInterval({ successes: 0, n: 0 }, { successes: 5, n: 10 })).toEqual(none);
    expect(differenceInterval({ successes: 5, n: 10 }, { successes: 0, n: 0 })).toEqual(none);
  });

  it("refuses impossible counts", () => {
    expectInvalid(() => differenceInterval({ successes: 11, n: 10 }, { successes: 1, n: 10 }));
    expectInvalid(() => differenceInterval({ successes: 1, n: 10 }, { successes: 1, n: -10 }));
  });
});

describe("twoProportionTest", () => {
  it("matches the reference, from p = 1 down to an underflow at z = 98", () => {
    for (const c of reference.pairs) {
      const label = `${c.a.successes}/${c.a.n} vs ${c.b.successes}/${c.b.n}`;
      expectClose(twoProportionTest(c.a, c.b), c.p_value, label);
    }
  });

  it("gives 1 for equal rates and the textbook value at z = 2", () => {
    expect(twoProportionTest({ successes: 5, n: 10 }, { successes: 5, n: 10 })).toBe(1);
    // 60/100 vs 40/100: pooled 0.5, se = √(0.25 · 0.02) = 0.0707…, z = 2√2; p = erfc(2) = 0.004677734981047266.
    expect(twoProportionTest({ successes: 60, n: 100 }, { successes: 40, n: 100 })).toBeCloseTo(
      0.004677734981047266,
      15,
    );
  });

  it("gives null when the statistic is undefined", () => {
    expect(twoProportionTest({ successes: 0, n: 0 }, { successes: 5, n: 10 })).toBeNull();
    expect(twoProportionTest({ successes: 0, n: 10 }, { successes: 0, n: 20 })).toBeNull();
    expect(twoProportionTest({ successes: 7, n: 7 }, { successes: 3, n: 3 })).toBeNull();
  });
});

describe("relativeLift", () => {
  it("matches the reference for every pair and confidence level", () => {
    for (const c of reference.pairs) {
      const lift = relativeLift(c.a, c.b, c.confidence);
      const label = `${c.a.successes}/${c.a.n} over ${c.b.successes}/${c.b.n} at ${c.confidence}`;
      expectClose(lift.lift, c.lift, `${label} lift`);
      expectClose(lift.low, c.lift_low, `${label} low`);
      expectClose(lift.high, c.lift_high, `${label} high`);
    }
  });

  it("is exp(log RR ± z·se) − 1 at 56/70 over 48/80", () => {
    const se = Math.sqrt(1 / 56 - 1 / 70 + 1 / 48 - 1 / 80);
    const lift = relativeLift({ successes: 56, n: 70 }, { successes: 48, n: 80 });
    expect(lift.lift).toBeCloseTo(1 / 3, 15);
    expect(lift.low).toBeCloseTo((4 / 3) * Math.exp(-Z95 * se) - 1, 14);
    expect(lift.high).toBeCloseTo((4 / 3) * Math.exp(Z95 * se) - 1, 14);
  });

  it("gives nulls with no conversion on either side or an empty group", () => {
    const none = { lift: null, low: null, high: null };
    expect(relativeLift({ successes: 0, n: 10 }, { successes: 3, n: 10 })).toEqual(none);
    expect(relativeLift({ successes: 3, n: 10 }, { successes: 0, n: 10 })).toEqual(none);
    expect(relativeLift({ successes: 0, n: 0 }, { successes: 3, n: 10 })).toEqual(none);
  });
});

describe("liftSummary", () => {
  it("reports both arms, the difference, the lift and the test, rounded to six decimals", () => {
    const summary = liftSummary({
      contacted: { n: 10_000, conversions: 300 },
      baseline: { n: 10_000, conversions: 250 },
    });
    expect(summary).toEqual({
      confidence: DEFAULT_CONFIDENCE,
      contacted: { n: 10_000, conversions: 300, rate: 0.03, low: 0.026833, high: 0.033528 },
      baseline: { n: 10_000, conversions: 250, rate: 0.025, low: 0.022118, high: 0.028247 },
      difference: { difference: 0.005, low: 0.000464, high: 0.009556 },
      relative: { lift: 0.2, low: 0.016926, high: 0.416032 },
      pValue: 0.030623,
      significant: true,
    });
  });

  it("is not significant when the interval of the difference holds 0", () => {
    const summary = liftSummary({
      contacted: { n: 1_000, conversions: 52 },
      baseline: { n: 1_000, conversions: 50 },
      confidence: 0.9,
    });
    expect(summary.confidence).toBe(0.9);
    expect(summary.difference.low!).toBeLessThan(0);
    expect(summary.difference.high!).toBeGreaterThan(0);
    expect(summary.significant).toBe(false);
  });

  it("counts a lower contacted rate as significant too", () => {
    const summary = liftSummary({
      contacted: { n: 10_000_000, conversions: 500_000 },
      baseline: { n: 10_000_000, conversions: 600_000 },
    });
    expect(summary.difference.high!).toBeLessThan(0);
    expect(summary.pValue).toBe(0);
    expect(summary.significant).toBe(true);
  });

  it("decides significance before rounding and never prints −0", () => {
    // 3 vs 0 of ten million each: the difference, 3e-7, rounds to 0.
    const summary = liftSummary({
      contacted: { n: 10_000_000, conversions: 0 },
      baseline: { n: 10_000_000, conversions: 3 },
    });
    expect(summary.difference.difference).toBe(0);
    expect(Object.is(summary.difference.difference, -0)).toBe(false);
    expect(Object.is(summary.contacted.low, -0)).toBe(false);
    expect(summary.relative).toEqual({ lift: null, low: null, high: null });
    expect(summary.significant).toBe(false);
  });

  it("prints n/a material (nulls) for an empty baseline", () => {
    const summary = liftSummary({ contacted: { n: 40, conversions: 4 }, baseline: { n: 0, conversions: 0 } });
    expect(summary.baseline).toEqual({ n: 0, conversions: 0, rate: null, low: null, high: null });
    expect(summary.contacted.rate).toBe(0.1);
    expect(summary.difference).toEqual({ difference: null, low: null, high: null });
    expect(summary.relative).toEqual({ lift: null, low: null, high: null });
    expect(summary.pValue).toBeNull();
    expect(summary.significant).toBe(false);
  });

  it("refuses more conversions than contacts", () => {
    expectInvalid(() =>
      liftSummary({ contacted: { n: 5, conversions: 6 }, baseline: { n: 5, conversions: 1 } }),
    );
  });
});

describe("intervals (property)", () => {
  const group = fc
    .integer({ min: 1, max: 10_000_000 })
    .chain((n) => fc.record({ n: fc.constant(n), successes: fc.integer({ min: 0, max: n }) }));
  const confidence = fc.double({ min: 0.5, max: 0.999, noNaN: true });

  it("keeps every rate inside its interval inside [0, 1]", () => {
    fc.assert(
      fc.property(group, confidence, ({ successes, n }, level) => {
        const { rate, low, high } = wilsonInterval(successes, n, level);
        expect(0 <= low! && low! <= rate! && rate! <= high! && high! <= 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the difference inside its interval inside [−1, 1], and the lift above −1", () => {
    fc.assert(
      fc.property(group, group, confidence, (a, b, level) => {
        const { difference, low, high } = differenceInterval(a, b, level);
        expect(-1 <= low! && low! <= difference! && difference! <= high! && high! <= 1).toBe(true);
        const lift = relativeLift(a, b, level);
        if (lift.lift !== null)
          expect(-1 <= lift.low! && lift.low! <= lift.lift && lift.lift <= lift.high!).toBe(true);
        const p = twoProportionTest(a, b);
        if (p !== null) expect(p >= 0 && p <= 1).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
