import { describe, expect, it } from "vitest";
import { classAccuracy, classMacroF1, predictedClasses } from "./class-metrics.js";
import { stratifiedFolds } from "./folds.js";

describe("multi-class scores", () => {
  // Values from scikit-learn's f1_score(average="macro") and accuracy_score.
  it.each([
    {
      truth: [0, 1, 2, 0, 1, 2],
      predicted: [0, 2, 1, 0, 0, 1],
      macroF1: 0.26666666666666666,
      accuracy: 1 / 3,
    },
    { truth: [0, 0, 1, 1], predicted: [0, 0, 1, 1], macroF1: 1, accuracy: 1 },
    // Class 2 exists but nobody has or predicts it: it does not count.
    { truth: [0, 0, 1, 1], predicted: [0, 1, 1, 1], macroF1: 0.7333333333333334, accuracy: 0.75 },
    // Class 2 predicted but absent from the truth: it counts, with F1 0.
    { truth: [0, 0, 1, 1], predicted: [0, 2, 1, 1], macroF1: 0.5555555555555555, accuracy: 0.75 },
  ])("macro-F1 $macroF1 for $predicted against $truth", ({ truth, predicted, macroF1, accuracy }) => {
    const t = Int32Array.from(truth);
    const p = Int32Array.from(predicted);
    expect(classMacroF1(t, p, 3)).toBeCloseTo(macroF1, 12);
    expect(classAccuracy(t, p)).toBeCloseTo(accuracy, 12);
  });

  it("predicts the most probable class, the lower on ties", () => {
    const proba = Float32Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2]);
    expect([...predictedClasses(proba, 3)]).toEqual([1, 0]);
  });
});

describe("stratified folds", () => {
  const labels = Int32Array.from({ length: 103 }, (_, i) => (i % 10 === 0 ? 1 : i % 3 === 0 ? 2 : 0));

  it("spreads every class evenly and the same way for the same seed", () => {
    const fold = stratifiedFolds(labels, 5, 3);
    for (const label of [0, 1, 2]) {
      const perFold = [0, 0, 0, 0, 0];
      labels.forEach((y, i) => {
        if (y === label) perFold[fold[i]!]!++;
      });
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    const sizes = [0, 1, 2, 3, 4].map((f) => fold.filter((v) => v === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(stratifiedFolds(labels, 5, 3)).toEqual(fold);
    expect(stratifiedFolds(labels, 5, 4)).not.toEqual(fold);
  });
});
