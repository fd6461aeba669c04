import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../core/index.js";
import {
  accuracy,
  averagePrecision,
  binaryReport,
  calibrationTable,
  logLoss,
  macroF1,
  PROBABILITY_CLIP,
  rocAuc,
  rocCurve,
} from "./metrics.js";

interface SklearnCase {
  name: string;
  n: number;
  labels: number[];
  scores: number[];
  roc_auc: number;
  average_precision: number;
  log_loss: number;
  log_loss_sklearn_default: number;
  accuracy: number;
  macro_f1: number;
}

interface SklearnFixture {
  sklearn_version: string;
  threshold: number;
  log_loss_eps: number;
  cases: SklearnCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/sklearn-metrics.json", import.meta.url), "utf8"),
) as SklearnFixture;

/** Tolerance for floating-point metrics against sklearn (different but equivalent summation orders). */
const SKLEARN_TOLERANCE = 1e-9;

/** The running example of sklearn's docs. */
const CLASSIC = { labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8] };

function expectInvalid(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isNudgeError(thrown, "INPUT_INVALID"), String(thrown)).toBe(true);
}

/** O(n²) Mann–Whitney over all positive/negative pairs. */
function bruteAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i]! > scores[j]!) wins++;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** Average precision straight from its definition: one step per distinct threshold, descending. */
function bruteAp(labels: number[], scores: number[]): number {
  const positives = labels.filter((y) => y === 1).length;
  const thresholds = [...new Set(scores)].sort((a, b) => b - a);
  let previousRecall = 0;
  let ap = 0;
  for (const t of thresholds) {
    let tp = 0;
    let fp = 0;
    for (let i = 0; i < labels.length; i++) {
      if (scores[i]! < t) continue;
      if (labels[i] === 1) tp++;
      else fp++;
    }
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
  }
  return ap;
}

describe("rocAuc", () => {
  const cases: [string, number[], number[], number][] = [
    ["perfect ranking", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1],
    ["reversed ranking", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9], 0],
    ["all scores tied", [0, 1, 0, 1, 1], [0.3, 0.3, 0.3, 0.3, 0.3], 0.5],
    ["classic example", CLASSIC.labels, CLASSIC.scores, 0.75],
    ["one tied pair counts half", [0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9], 3.5 / 4],
    ["two rows", [1, 0], [0.2, 0.7], 0],
    ["scores need not be probabilities", [0, 1, 1], [-3, 10, -3], 0.75],
  ];
  for (const [name, labels, scores, expected] of cases)
    it(name, () => expect(rocAuc(labels, scores)).toBeCloseTo(expected, 15));

  it("is NaN with only one class", () => {
    expect(rocAuc([1, 1, 1], [0.1, 0.5, 0.9])).toBeNaN();
    expect(rocAuc([0, 0], [0.1, 0.5])).toBeNaN();
  });

  it("accepts typed arrays", () => {
    expect(rocAuc(Uint8Array.from(CLASSIC.labels), Float64Array.from(CLASSIC.scores))).toBeCloseTo(0.75, 15);
  });
});

describe("rocCurve", () => {
  it("matches sklearn's roc_curve on the classic example (drop_intermediate=False)", () => {
    // Thresholds inf, 0.8, 0.4, 0.35, 0.1.
    expect(rocCurve(CLASSIC.labels, CLASSIC.scores)).toEqual({
      fpr: [0, 0, 0.5, 0.5, 1],
      tpr: [0, 0.5, 0.5, 1, 1],
    });
  });

  it("makes one point of tied scores", () => {
    // P = 3, N = 2. At 0.9: tp 1, fp 1; at 0.5: tp 2, fp 1; at 0.2: tp 3, fp 2.
    const curve = rocCurve([1, 0, 1, 0, 1], [0.9, 0.9, 0.5, 0.2, 0.2]);
    expect(curve.fpr).toEqual([0, 0.5, 0.5, 1]);
    expect(curve.tpr).toEqual([0, 1 / 3, 2 / 3, 1]);
  });

  it("thins long curves to the points asked, keeping both ends", () => {
    expect(rocCurve(CLASSIC.labels, CLASSIC.scores, 3)).toEqual({ fpr: [0, 0.5, 1], tpr: [0, 0.5, 1] });
    const rng = new Rng(3);
    const labels = Array.from({ length: 2000 }, () => (rng.chance(0.3) ? 1 : 0));
    const scores = labels.map((y) => 0.3 * y + 0.7 * rng.next());
    const curve = rocCurve(labels, scores);
    expect(curve.fpr).toHaveLength(50);
    expect([curve.fpr[0], curve.tpr[0], curve.fpr[49], curve.tpr[49]]).toEqual([0, 0, 1, 1]);
    for (let i = 1; i < 50; i++) {
      expect(curve.fpr[i]).toBeGreaterThanOrEqual(curve.fpr[i - 1] as number);
      expect(curve.tpr[i]).toBeGreaterThanOrEqual(curve.tpr[i - 1] as number);
    }
  });

  it("has the ROC AUC as its trapezoidal area before thinning", () => {
    const rng = new Rng(4);
    const labels = Array.from({ length: 300 }, () => (rng.chance(0.4) ? 1 : 0));
    const scores = labels.map((y) => Math.round((0.2 * y + 0.8 * rng.next()) * 20) / 20);
    const { fpr, tpr } = rocCurve(labels, scores, 1000);
    let area = 0;
    for (let i = 1; i < fpr.length; i++)
      area +=
        (((fpr[i] as number) - (fpr[i - 1] as number)) * ((tpr[i] as number) + (tpr[i - 1] as number))) / 2;
    expect(area).toBeCloseTo(rocAuc(labels, scores), 12);
  });

  it("is empty with one class and refuses fewer than two points", () => {
    expect(rocCurve([1, 1], [0.2, 0.4])).toEqual({ fpr: [], tpr: [] });
    expectInvalid(() => rocCurve(CLASSIC.labels, CLASSIC.scores, 1));
    expectInvalid(() => rocCurve([0, 2], [0.1, 0.2]));
  });
});

describe("averagePrecision", () => {
  const cases: [string, number[], number[], number][] = [
    ["classic example", CLASSIC.labels, CLASSIC.scores, 0.5 * 1 + 0.5 * (2 / 3)],
    ["perfect ranking", [0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9], 1],
    ["reversed ranking", [1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9], 0.5 * (1 / 3) + 0.5 * (2 / 4)],
    ["all tied is the positive rate", [1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5], 0.5],
    ["a tie forms one threshold", [1, 0, 0, 1], [0.9, 0.5, 0.5, 0.5], 0.5 * 1 + 0.5 * 0.5],
    ["only positives", [1, 1], [0.2, 0.4], 1],
  ];
  for (const [name, labels, scores, expected] of cases)
    it(name, () => expect(averagePrecision(labels, scores)).toBeCloseTo(expected, 15));

  it("classic example is 0.8333…", () => {
    expect(averagePrecision(CLASSIC.labels, CLASSIC.scores)).toBeCloseTo(0.8333333333333333, 15);
  });

  it("is NaN without positives", () => {
    expect(averagePrecision([0, 0, 0], [0.1, 0.2, 0.3])).toBeNaN();
  });
});

describe("ranking metrics against brute force", () => {
  it("agree on random samples with many ties", () => {
    const rng = new Rng(17);
    for (let round = 0; round < 200; round++) {
      const n = rng.int(2, 60);
      const levels = rng.int(1, 8);
      const labels = Array.from({ length: n }, () => (rng.chance(0.4) ? 1 : 0));
      const scores = Array.from({ length: n }, () => rng.int(0, levels) / levels);
      const positives = labels.filter((y) => y === 1).length;
      if (positives > 0 && positives < n)
        expect(rocAuc(labels, scores)).toBeCloseTo(bruteAuc(labels, scores), 12);
      if (positives > 0) expect(averagePrecision(labels, scores)).toBeCloseTo(bruteAp(labels, scores), 12);
    }
  });
});

describe("logLoss", () => {
  const cases: [string, number[], number[], number][] = [
    ["coin flip", [1], [0.5], Math.LN2],
    ["two rows", [1, 0], [0.8, 0.3], -(Math.log(0.8) + Math.log(0.7)) / 2],
    [
      "classic example",
      CLASSIC.labels,
      CLASSIC.scores,
      -(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4,
    ],
    [
      "certain and right",
      [1, 0],
      [1, 0],
      -(Math.log(1 - PROBABILITY_CLIP) + Math.log(1 - PROBABILITY_CLIP)) / 2,
    ],
    [
      "certain and wrong is clipped, not infinite",
      [1, 0],
      [0, 1],
      -(Math.log(PROBABILITY_CLIP) + Math.log(1 - (1 - PROBABILITY_CLIP))) / 2,
    ],
  ];
  for (const [name, labels, scores, expected] of cases)
    it(name, () => expect(logLoss(labels, scores)).toBeCloseTo(expected, 12));

  it("caps a confident miss near -ln(1e-15) ≈ 34.54", () => {
    expect(logLoss([1], [0])).toBeCloseTo(34.538776394910684, 12);
    expect(Number.isFinite(logLoss([0], [1]))).toBe(true);
    expect(logLoss([0], [1])).toBeCloseTo(34.54, 2);
  });
});

describe("accuracy", () => {
  const labels = [1, 0, 1, 0];
  const scores = [0.5, 0.49, 0.2, 0.7];
  const cases: [number | undefined, number][] = [
    [undefined, 0.5],
    [0.5, 0.5],
    [0.1, 0.5],
    [0.6, 0.25],
    [0.8, 0.5],
  ];
  for (const [threshold, expected] of cases)
    it(`at threshold ${threshold ?? "default"}`, () =>
      expect(accuracy(labels, scores, threshold)).toBe(expected));

  it("is 1 for perfect thresholded predictions", () => {
    expect(accuracy(CLASSIC.labels, [0.2, 0.1, 0.5, 0.9])).toBe(1);
  });
});

describe("macroF1", () => {
  const cases: [string, number[], number[], number][] = [
    // tp 2, fp 1, fn 1, tn 1: F1(1) = 4/6, F1(0) = 2/4.
    ["mixed", [1, 1, 1, 0, 0], [0.9, 0.8, 0.2, 0.6, 0.1], (2 / 3 + 1 / 2) / 2],
    // Everything predicted positive: F1(1) = 4/6, F1(0) = 0.
    ["all predicted positive", [1, 0, 1, 0], [0.9, 0.9, 0.9, 0.9], 1 / 3],
    ["perfect", [1, 0, 1, 0], [0.9, 0.1, 0.5, 0.49], 1],
    ["all wrong", [1, 0], [0.1, 0.9], 0],
    // Class 0 has no true and no predicted members: it counts 0 (zero_division=0 over labels [0, 1]).
    ["absent class counts 0", [1, 1], [0.7, 0.9], 0.5],
  ];
  for (const [name, labels, scores, expected] of cases)
    it(name, () => expect(macroF1(labels, scores)).toBeCloseTo(expected, 15));

  it("honours the threshold", () => {
    // At 0.85 only the 0.9 is positive: tp 1, fp 0, fn 2, tn 2 → F1(1) = 2/4, F1(0) = 4/6.
    expect(macroF1([1, 1, 1, 0, 0], [0.9, 0.8, 0.2, 0.6, 0.1], 0.85)).toBeCloseTo((1 / 2 + 2 / 3) / 2, 15);
  });
});

describe("calibrationTable", () => {
  it("bins scores, keeps only non-empty bins, and puts 1.0 in the last bin", () => {
    const table = calibrationTable([0, 1, 1, 0, 1], [0.05, 0.15, 0.1, 0.95, 1.0]);
    expect(table.map((row) => [row.lower, row.upper, row.count])).toEqual([
      [0, 0.1, 1],
      [0.1, 0.2, 2],
      [0.9, 1, 2],
    ]);
    expect(table[0]!.meanPredicted).toBeCloseTo(0.05, 15);
    expect(table[0]!.observedRate).toBe(0);
    expect(table[1]!.meanPredicted).toBeCloseTo(0.125, 15);
    expect(table[1]!.observedRate).toBe(1);
    expect(table[2]!.meanPredicted).toBeCloseTo(0.975, 15);
    expect(table[2]!.observedRate).toBe(0.5);
  });

  it("puts a score on an edge in the bin it opens", () => {
    for (const bins of [3, 7, 10, 20]) {
      for (let b = 0; b < bins; b++) {
        const [row] = calibrationTable([1], [b / bins], bins);
        expect(row!.lower, `${b}/${bins}`).toBe(b / bins);
      }
    }
  });

  it("honours the bin count", () => {
    const table = calibrationTable([0, 0, 1, 1, 1], [0, 0.2, 0.25, 0.6, 0.8], 4);
    expect(table).toEqual([
      { lower: 0, upper: 0.25, count: 2, meanPredicted: 0.1, observedRate: 0 },
      { lower: 0.25, upper: 0.5, count: 1, meanPredicted: 0.25, observedRate: 1 },
      { lower: 0.5, upper: 0.75, count: 1, meanPredicted: 0.6, observedRate: 1 },
      { lower: 0.75, upper: 1, count: 1, meanPredicted: 0.8, observedRate: 1 },
    ]);
  });

  it("refuses scores outside [0, 1] and bad bin counts", () => {
    expectInvalid(() => calibrationTable([1], [1.5]));
    expectInvalid(() => calibrationTable([1], [-0.1]));
    expectInvalid(() => calibrationTable([1], [0.5], 0));
    expectInvalid(() => calibrationTable([1], [0.5], 2.5));
  });
});

describe("input checks", () => {
  const metrics: [string, (labels: number[], scores: number[]) => unknown][] = [
    ["rocAuc", rocAuc],
    ["averagePrecision", averagePrecision],
    ["logLoss", logLoss],
    ["accuracy", (l, s) => accuracy(l, s)],
    ["macroF1", (l, s) => macroF1(l, s)],
    ["calibrationTable", (l, s) => calibrationTable(l, s)],
    ["binaryReport", binaryReport],
  ];
  for (const [name, metric] of metrics)
    it(`${name} refuses bad input`, () => {
      expectInvalid(() => metric([0, 1], [0.5]));
      expectInvalid(() => metric([], []));
      expectInvalid(() => metric([0, 2], [0.1, 0.2]));
      expectInvalid(() => metric([0, 1], [0.1, Number.NaN]));
    });
});

describe("binaryReport", () => {
  it("gathers every metric", () => {
    const report = binaryReport(CLASSIC.labels, CLASSIC.scores);
    expect(report.n).toBe(4);
    expect(report.positives).toBe(2);
    expect(report.rocAuc).toBeCloseTo(0.75, 15);
    expect(report.prAuc).toBeCloseTo(0.8333333333333333, 15);
    expect(report.logLoss).toBeCloseTo(logLoss(CLASSIC.labels, CLASSIC.scores), 15);
    // Predictions at 0.5: [0, 0, 0, 1] → 3 of 4 right; F1(1) = 2/3, F1(0) = 4/5.
    expect(report.accuracy).toBe(0.75);
    expect(report.macroF1).toBeCloseTo((2 / 3 + 4 / 5) / 2, 15);
    expect(report.calibration.map((row) => row.lower)).toEqual([0.1, 0.3, 0.4, 0.8]);
  });

  it("handles a million rows quickly", () => {
    const n = 1_000_000;
    const rng = new Rng(5);
    const labels = new Uint8Array(n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = rng.chance(0.2) ? 1 : 0;
      scores[i] = Math.round((0.3 * labels[i]! + 0.7 * rng.next()) * 1000) / 1000;
    }
    const started = performance.now();
    const report = binaryReport(labels, scores);
    const elapsed = performance.now() - started;
    expect(report.n).toBe(n);
    expect(report.rocAuc).toBeGreaterThan(0.5);
    expect(report.calibration.reduce((sum, row) => sum + row.count, 0)).toBe(n);
    // Generous bound for loaded CI machines; typically a few hundred milliseconds at most.
    expect(elapsed).toBeLessThan(3000);
  });
});

describe(`agreement with scikit-learn ${fixture.sklearn_version}`, () => {
  it("fixture matches the product's conventions", () => {
    expect(fixture.threshold).toBe(0.5);
    expect(fixture.log_loss_eps).toBe(PROBABILITY_CLIP);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const c of fixture.cases)
    it(`${c.name} (${c.n} rows)`, () => {
      const { labels, scores } = c;
      expect(labels.length).toBe(c.n);
      expect(Math.abs(rocAuc(labels, scores) - c.roc_auc)).toBeLessThan(SKLEARN_TOLERANCE);
      expect(Math.abs(averagePrecision(labels, scores) - c.average_precision)).toBeLessThan(
        SKLEARN_TOLERANCE,
      );
      expect(Math.abs(logLoss(labels, scores) - c.log_loss)).toBeLessThan(SKLEARN_TOLERANCE);
      expect(accuracy(labels, scores)).toBe(c.accuracy);
      expect(macroF1(labels, scores)).toBe(c.macro_f1);

      const report = binaryReport(labels, scores);
      expect(report.rocAuc).toBe(rocAuc(labels, scores));
      expect(report.prAuc).toBe(averagePrecision(labels, scores));
      expect(report.logLoss).toBe(logLoss(labels, scores));
      expect(report.accuracy).toBe(c.accuracy);
      expect(report.macroF1).toBe(c.macro_f1);
    });
});
