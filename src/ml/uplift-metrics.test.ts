import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../core/index.js";
import {
  auuc,
  DEFAULT_REPORT_POINTS,
  perfectQiniCurve,
  perfectUpliftCurve,
  qiniCoefficient,
  qiniCurve,
  type UpliftCurve,
  upliftAtK,
  upliftCurve,
  upliftReport,
} from "./uplift-metrics.js";

/** A number the fixture wrote as a string because JSON has none ("NaN", "Infinity", "-Infinity"). */
type FixtureNumber = number | string;

interface SkliftCase {
  name: string;
  n: number;
  treated: number;
  outcome: number[];
  uplift: number[];
  treatment: number[];
  uplift_curve: UpliftCurve;
  qini_curve: UpliftCurve;
  perfect_uplift_curve: UpliftCurve;
  perfect_qini_curve: UpliftCurve;
  perfect_qini_curve_no_negative: UpliftCurve;
  uplift_auc_score: FixtureNumber;
  qini_auc_score: FixtureNumber;
  /** null where scikit-learn's auc refused the non-monotonic perfect curve. */
  qini_auc_score_no_negative: FixtureNumber | null;
  uplift_at_k: { k: number; value: FixtureNumber }[];
}

interface SkliftFixture {
  sklearn_version: string;
  cases: SkliftCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/uplift-metrics.json", import.meta.url), "utf8"),
) as SkliftFixture;

/** Tolerance against the sklift re-implementation (same sums; only the area's summation order differs). */
const SKLIFT_TOLERANCE = 1e-9;

function expectInvalid(run: () => unknown, message?: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isNudgeError(thrown, "INPUT_INVALID"), String(thrown)).toBe(true);
  if (message) expect(String(thrown)).toMatch(message);
}

/** Equal within SKLIFT_TOLERANCE relative to the value's size (curves reach hundreds), NaN and ±Infinity alike. */
function expectClose(actual: number, expected: FixtureNumber): void {
  const value = Number(expected);
  if (!Number.isFinite(value)) {
    expect(actual).toBe(value);
    return;
  }
  expect(Math.abs(actual - value)).toBeLessThanOrEqual(SKLIFT_TOLERANCE * Math.max(1, Math.abs(value)));
}

function expectCurve(actual: UpliftCurve, expected: UpliftCurve): void {
  expect(actual.x).toEqual(expected.x);
  expect(actual.y.length).toBe(expected.y.length);
  actual.y.forEach((y, k) => {
    expectClose(y, expected.y[k]!);
  });
}

describe("hand-computed cases", () => {
  // Scores already descending, one row per threshold:
  //   row  t y   N N_T Y_T N_C Y_C   Qini Y_T − Y_C·N_T/N_C   uplift (Y_T/N_T − Y_C/N_C)·N
  //   0    1 1   1  1   1   0   0    1 − 0         =  1       (1 − 0)·1   =  1     (N_C = 0: the rate is 0)
  //   1    1 0   2  2   1   0   0    1 − 0         =  1       (½ − 0)·2   =  1
  //   2    0 1   3  2   1   1   1    1 − 1·2/1     = −1       (½ − 1)·3   = −1.5
  //   3    0 0   4  2   1   2   1    1 − 1·2/2     =  0       (½ − ½)·4   =  0
  const small = { outcome: [1, 0, 1, 0], uplift: [0.9, 0.8, 0.7, 0.6], treatment: [1, 1, 0, 0] };

  it("gives sklift's Qini and uplift curves", () => {
    expect(qiniCurve(small.outcome, small.uplift, small.treatment)).toEqual({
      x: [0, 1, 2, 3, 4],
      y: [0, 1, 1, -1, 0],
    });
    expect(upliftCurve(small.outcome, small.uplift, small.treatment)).toEqual({
      x: [0, 1, 2, 3, 4],
      y: [0, 1, 1, -1.5, 0],
    });
  });

  it("gives sklift's perfect curves", () => {
    // Qini oracle scores y·t − y·(1 − t) = [1, 0, −1, 0]; rows 1 and 3 tie at 0, so one point at N = 3:
    //   N=1 {0}: 1;  N=3 {0,1,3}: Y_T 1, Y_C 0 → 1;  N=4: 1 − 1·2/2 = 0.
    expect(perfectQiniCurve(small.outcome, small.treatment)).toEqual({ x: [0, 1, 3, 4], y: [0, 1, 1, 0] });
    // Without negative effects: g = Y_T − N_T·Y_C/N_C = 1 − 2·1/2 = 0 → (0,0), (0,0), (4,0).
    expect(perfectQiniCurve(small.outcome, small.treatment, false)).toEqual({ x: [0, 0, 4], y: [0, 0, 0] });
    // Uplift oracle: control responders 1 (row 2), treated non-responders 1 (row 1), not more → summand t;
    // score 2·[y = t] + t = [3, 1, 0, 2], order rows 0, 3, 1, 2:
    //   N=1: (1/1 − 0)·1 = 1;  N=2: (1/1 − 0/1)·2 = 2;  N=3: (1/2 − 0/1)·3 = 1.5;  N=4: (1/2 − 1/2)·4 = 0.
    expect(perfectUpliftCurve(small.outcome, small.treatment)).toEqual({
      x: [0, 1, 2, 3, 4],
      y: [0, 1, 2, 1.5, 0],
    });
  });

  it("normalizes the areas by the perfect curves", () => {
    // Random line ends at (4, 0): area 0. Model Qini area ½ + 1 + 0 − ½ = 1; perfect ½ + 2 + ½ = 3 → 1/3.
    expect(qiniCoefficient(small.outcome, small.uplift, small.treatment)).toBeCloseTo(1 / 3, 15);
    // Model uplift area ½ + 1 − ¼ − ¾ = ½; perfect ½ + 3/2 + 7/4 + ¾ = 9/2 → 1/9.
    expect(auuc(small.outcome, small.uplift, small.treatment)).toBeCloseTo(1 / 9, 15);
    // Perfect curve without negative effects has no area over its random line: 1 / 0.
    expect(qiniCoefficient(small.outcome, small.uplift, small.treatment, false)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });

  it.each([
    // k     ⌊4k⌋ rows      treated mean − control mean
    [0.5, Number.NaN], //   2  {0, 1}    no control among them → NaN, as numpy's mean of nothing
    [0.75, -0.5], //        3  {0, 1, 2} ½ − 1
    [1, 0], //              4  all       ½ − ½
  ])("uplift at k = %s is %s", (k, expected) => {
    expect(upliftAtK(small.outcome, small.uplift, small.treatment, k)).toBe(expected);
  });

  // Two tie groups of three rows:
  //   group 0.5 rows 0,1,2 (t 1,0,1; y 1,1,0): N 3, N_T 2, Y_T 1, N_C 1, Y_C 1 → Qini 1 − 1·2/1 = −1,
  //                                                                            uplift (½ − 1)·3 = −1.5
  //   group 0.2 rows 3,4,5 (t 0,1,0; y 0,1,0): N 6, N_T 3, Y_T 2, N_C 3, Y_C 1 → Qini 2 − 1·3/3 = 1,
  //                                                                            uplift (⅔ − ⅓)·6 = 2
  const tied = {
    outcome: [1, 1, 0, 0, 1, 0],
    uplift: [0.5, 0.5, 0.5, 0.2, 0.2, 0.2],
    treatment: [1, 0, 1, 0, 1, 0],
  };

  it("puts tied scores in one point", () => {
    expect(qiniCurve(tied.outcome, tied.uplift, tied.treatment)).toEqual({ x: [0, 3, 6], y: [0, -1, 1] });
    const gain = upliftCurve(tied.outcome, tied.uplift, tied.treatment);
    expect(gain.x).toEqual([0, 3, 6]);
    expect(gain.y[1]).toBe(-1.5);
    expect(gain.y[2]).toBeCloseTo(2, 14);
  });

  it("breaks ties in uplift at k as sklift's reversed stable argsort: later rows first", () => {
    // ⌊6·⅓⌋ = 2 rows of the tie at 0.5, taken as rows 2 then 1: treated y 0, control y 1 → −1.
    expect(upliftAtK(tied.outcome, tied.uplift, tied.treatment, 1 / 3)).toBe(-1);
    // ⌊6·½⌋ = 3: the whole group, treated ½ − control 1.
    expect(upliftAtK(tied.outcome, tied.uplift, tied.treatment, 0.5)).toBe(-0.5);
  });

  // From sklift's own tests (sklift/tests/test_metrics.py, test_qini_auc_score and test_uplift_auc_score).
  it.each([
    { outcome: [1, 1], uplift: [0.1, 0.3], treatment: [0, 1], qini: 1, auuc: 1 },
    { outcome: [1, 1], uplift: [0.1, 0.3], treatment: [1, 0], qini: 0, auuc: -1 },
    { outcome: [0, 1], uplift: [0.1, 0.3], treatment: [1, 0], qini: 1, auuc: 0 },
    { outcome: [1, 0], uplift: [0.1, 0.3], treatment: [0, 1], qini: 1, auuc: 1 },
    { outcome: [0, 1, 2], uplift: [0.1, 0.3, 0.9], treatment: [0, 1, 0], qini: -0.5, auuc: -4 / 3 },
    { outcome: [0, 1, 2], uplift: [0.1, 0.3, 0.9], treatment: [1, 0, 1], qini: 0.75, auuc: 4 / 3 },
  ])("matches sklift's test case $outcome / $treatment", (c) => {
    expect(qiniCoefficient(c.outcome, c.uplift, c.treatment)).toBeCloseTo(c.qini, 12);
    expect(auuc(c.outcome, c.uplift, c.treatment)).toBeCloseTo(c.auuc, 12);
  });
});

describe("against sklift's formulas (fixture)", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s: curves", (_name, c) => {
    expectCurve(upliftCurve(c.outcome, c.uplift, c.treatment), c.uplift_curve);
    expectCurve(qiniCurve(c.outcome, c.uplift, c.treatment), c.qini_curve);
    expectCurve(perfectUpliftCurve(c.outcome, c.treatment), c.perfect_uplift_curve);
    expectCurve(perfectQiniCurve(c.outcome, c.treatment), c.perfect_qini_curve);
    const flat = perfectQiniCurve(c.outcome, c.treatment, false);
    flat.x.forEach((x, k) => {
      expectClose(x, c.perfect_qini_curve_no_negative.x[k]!);
    });
    flat.y.forEach((y, k) => {
      expectClose(y, c.perfect_qini_curve_no_negative.y[k]!);
    });
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s: scores", (_name, c) => {
    expectClose(qiniCoefficient(c.outcome, c.uplift, c.treatment), c.qini_auc_score);
    expectClose(auuc(c.outcome, c.uplift, c.treatment), c.uplift_auc_score);
    const noNegative = c.qini_auc_score_no_negative;
    if (noNegative === null)
      expectInvalid(() => qiniCoefficient(c.outcome, c.uplift, c.treatment, false), /neither increasing/);
    else expectClose(qiniCoefficient(c.outcome, c.uplift, c.treatment, false), noNegative);
    for (const { k, value } of c.uplift_at_k)
      expectClose(upliftAtK(c.outcome, c.uplift, c.treatment, k), value);
  });

  it("covers ties, real outcomes, unbalanced groups and a refused perfect curve", () => {
    const names = fixture.cases.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["binary-unbalanced", "real-spend", "harmful"]));
    const unbalanced = fixture.cases.find((c) => c.name === "binary-unbalanced")!;
    expect(unbalanced.qini_curve.x.length).toBeLessThan(unbalanced.n); // tied scores share points
    expect(fixture.cases.some((c) => c.qini_auc_score_no_negative === null)).toBe(true);
  });
});

/** A seeded campaign where the treatment helps rows with a high latent score and hurts the lowest ones. */
function campaign(n: number, seed: number) {
  const rng = new Rng(seed);
  const latent: number[] = [];
  const outcome: number[] = [];
  const treatment: number[] = [];
  for (let i = 0; i < n; i++) {
    const l = rng.next();
    const t = rng.chance(0.4) ? 1 : 0;
    latent.push(l);
    treatment.push(t);
    outcome.push(rng.chance(0.2 + t * (0.5 * l - 0.1)) ? 1 : 0);
  }
  return { latent, outcome, treatment };
}

describe("ranking quality", () => {
  const data = campaign(20_000, 7);
  // The oracle score sklift's perfect Qini curve sorts by: treated responders first, control responders last.
  const oracle = data.outcome.map((y, i) => y * data.treatment[i]! - y * (1 - data.treatment[i]!));

  it("gives 1 to the perfect ranking", () => {
    expect(qiniCoefficient(data.outcome, oracle, data.treatment)).toBeCloseTo(1, 12);
  });

  it("gives about 0 to a random ranking", () => {
    const rng = new Rng(11);
    const random = data.outcome.map(() => rng.next());
    expect(Math.abs(qiniCoefficient(data.outcome, random, data.treatment))).toBeLessThan(0.05);
  });

  it("gives a negative score to the reversed ranking, a positive one to an informative score", () => {
    expect(
      qiniCoefficient(
        data.outcome,
        oracle.map((s) => -s),
        data.treatment,
      ),
    ).toBeLessThan(0);
    expect(
      qiniCoefficient(
        data.outcome,
        data.latent.map((l) => -l),
        data.treatment,
      ),
    ).toBeLessThan(0);
    expect(qiniCoefficient(data.outcome, data.latent, data.treatment)).toBeGreaterThan(0);
    expect(auuc(data.outcome, data.latent, data.treatment)).toBeGreaterThan(0);
    expect(upliftAtK(data.outcome, data.latent, data.treatment, 0.1)).toBeGreaterThan(0.2);
  });
});

describe("upliftReport", () => {
  const data = campaign(2_000, 3);

  it("equals the separate metrics", () => {
    const report = upliftReport(data.outcome, data.latent, data.treatment);
    expect(report.qini).toBe(qiniCoefficient(data.outcome, data.latent, data.treatment));
    expect(report.auuc).toBe(auuc(data.outcome, data.latent, data.treatment));
    expect(report.upliftAt).toEqual({
      10: upliftAtK(data.outcome, data.latent, data.treatment, 0.1),
      20: upliftAtK(data.outcome, data.latent, data.treatment, 0.2),
      30: upliftAtK(data.outcome, data.latent, data.treatment, 0.3),
    });
  });

  it.each([
    [2, 2],
    [10, 10],
    [DEFAULT_REPORT_POINTS, DEFAULT_REPORT_POINTS],
    [5_000, 2_001], // more than the curve has: every point (2,000 distinct scores + the origin)
  ])("thins curves to at most %i points, keeping both ends", (points, expected) => {
    const full = qiniCurve(data.outcome, data.latent, data.treatment);
    const { curves } = upliftReport(data.outcome, data.latent, data.treatment, { points });
    for (const curve of [curves.qini, curves.uplift]) {
      expect(curve.x.length).toBe(expected);
      expect(curve.y.length).toBe(expected);
      expect(curve.x[0]).toBe(0);
      expect(curve.x.at(-1)).toBe(2_000);
      for (let k = 1; k < curve.x.length; k++) expect(curve.x[k]!).toBeGreaterThan(curve.x[k - 1]!);
    }
    expect(curves.qini.y.at(-1)).toBe(full.y.at(-1));
    expect(curves.random).toEqual({ x: [0, 2_000], y: [0, full.y.at(-1)] });
  });

  it.each([1, 0, 2.5, Number.NaN])("refuses %s points", (points) => {
    expectInvalid(() => upliftReport(data.outcome, data.latent, data.treatment, { points }), /points/);
  });
});

describe("validation", () => {
  const ok = { outcome: [1, 0, 1, 0], uplift: [0.4, 0.3, 0.2, 0.1], treatment: [1, 0, 1, 0] };

  it.each([
    ["length of uplift", () => qiniCurve(ok.outcome, [0.1, 0.2], ok.treatment), /differ in length/],
    ["length of treatment", () => perfectQiniCurve(ok.outcome, [1, 0]), /differ in length/],
    ["treatment not 0/1", () => auuc(ok.outcome, ok.uplift, [1, 0, 2, 0]), /treatment at row 2 is 2/],
    ["no control", () => qiniCoefficient(ok.outcome, ok.uplift, [1, 1, 1, 1]), /no control rows/],
    ["no treated", () => upliftCurve(ok.outcome, ok.uplift, [0, 0, 0, 0]), /no treated rows/],
    ["empty input", () => perfectUpliftCurve([], []), /no treated rows/],
    [
      "NaN score",
      () => upliftAtK(ok.outcome, [0.4, Number.NaN, 0.2, 0.1], ok.treatment, 0.5),
      /uplift score at row 1/,
    ],
    [
      "infinite score",
      () => qiniCurve(ok.outcome, [Number.POSITIVE_INFINITY, 0, 0, 0], ok.treatment),
      /row 0/,
    ],
    ["NaN outcome", () => qiniCurve([1, Number.NaN, 0, 0], ok.uplift, ok.treatment), /outcome at row 1/],
    ["k = 0", () => upliftAtK(ok.outcome, ok.uplift, ok.treatment, 0), /k must be/],
    ["k > 1", () => upliftAtK(ok.outcome, ok.uplift, ok.treatment, 1.5), /k must be/],
  ])("refuses %s", (_name, run, message) => {
    expectInvalid(run, message);
  });

  it("accepts typed arrays", () => {
    const curve = qiniCurve(
      Float64Array.from(ok.outcome),
      Float64Array.from(ok.uplift),
      Float64Array.from(ok.treatment),
    );
    expect(curve).toEqual(qiniCurve(ok.outcome, ok.uplift, ok.treatment));
  });
});
