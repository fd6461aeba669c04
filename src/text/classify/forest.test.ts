import { describe, expect, it } from "vitest";
import { Rng } from "../../core/index.js";
import { chiSquareScores, topColumns } from "./chi-square.js";
import { classAccuracy, predictedClasses } from "./class-metrics.js";
import { RandomForestClassifier } from "./forest.js";
import { textClassifierFromJSON } from "./model.js";
import { type SparseRows, sparseFromDense } from "./sparse.js";

const COLS = 40;

/** Random short rows; the class is 1 if term 0 weighs over 0.4, else 2 if term 1 is present, else 0. */
function ruleProblem(rows: number, seed: number): { x: SparseRows; y: Int32Array } {
  const rng = new Rng(seed);
  const dense: number[][] = [];
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = new Array<number>(COLS).fill(0);
    for (let t = 0; t < 4; t++) row[rng.int(0, COLS - 1)] = rng.next();
    const norm = Math.hypot(...row);
    dense.push(row.map((v) => v / norm));
    y[r] = dense[r]![0]! > 0.4 ? 1 : dense[r]![1]! > 0 ? 2 : 0;
  }
  return { x: sparseFromDense(dense, COLS), y };
}

describe("random forest", () => {
  const classes = ["none", "zero", "one"];
  const train = ruleProblem(600, 1);
  const test = ruleProblem(300, 2);

  it("learns a planted rule", () => {
    const model = new RandomForestClassifier({ trees: 25, seed: 5 }).fit(train.x, train.y, classes);
    const predicted = predictedClasses(model.predictProba(test.x), classes.length);
    expect(classAccuracy(test.y, predicted)).toBeGreaterThanOrEqual(0.95);
  });

  it("is deterministic by seed and survives a JSON round trip", () => {
    const grow = (seed: number) =>
      new RandomForestClassifier({ trees: 10, seed }).fit(train.x, train.y, classes);
    const model = grow(5);
    expect(grow(5).toJSON()).toEqual(model.toJSON());
    expect(grow(6).toJSON()).not.toEqual(model.toJSON());
    const restored = textClassifierFromJSON(JSON.stringify(model));
    expect(restored.predictProba(test.x)).toEqual(model.predictProba(test.x));
  });

  it("splits only on the columns of highest chi-square", () => {
    const model = new RandomForestClassifier({ trees: 5, selectedFeatures: 2, seed: 1 }).fit(
      train.x,
      train.y,
      classes,
    );
    const kept = topColumns(chiSquareScores(train.x, train.y, classes.length), 2);
    expect([...kept]).toEqual([0, 1]);
    const features = Buffer.from(model.toJSON().state.feature as string, "base64");
    const used = new Set(Array.from({ length: features.length / 4 }, (_, i) => features.readInt32LE(i * 4)));
    for (const f of used) expect([-1, 0, 1]).toContain(f);
  });

  it("scores chi-square as scikit-learn's chi2 (hand-computed)", () => {
    // Classes 0,0,1; term 0 only in class 0 (sum 2), term 1 in both (1 each).
    const x = sparseFromDense(
      [
        [1, 0],
        [1, 1],
        [0, 1],
      ],
      2,
    );
    const scores = chiSquareScores(x, Int32Array.from([0, 0, 1]), 2);
    // Term 0: expected [4/3, 2/3], observed [2, 0] → 1/3 + 2/3 = 1. Term 1: expected [4/3, 2/3], observed [1, 1] → 1/12 + 1/6.
    expect(scores[0]).toBeCloseTo(1, 12);
    expect(scores[1]).toBeCloseTo(0.25, 12);
  });
});
