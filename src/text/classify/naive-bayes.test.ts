import { describe, expect, it } from "vitest";
import { textClassifierFromJSON } from "./model.js";
import { MultinomialNaiveBayes } from "./naive-bayes.js";
import { sparseFromDense } from "./sparse.js";
import { expectInvalid } from "./test-support/expect-invalid.js";
import { classNames, rowsOf, textSklearnFixture } from "./test-support/fixture.js";

const { naive_bayes: fixture } = textSklearnFixture;
const train = rowsOf(fixture.train);
const test = rowsOf(fixture.test);
const yTrain = Int32Array.from(fixture.y_train);
const classes = classNames(fixture.classes);

/** Agreement with scikit-learn's float64 probabilities. */
const PROBA_TOLERANCE = 1e-6;
/** After a JSON round trip the log-probabilities are float32. */
const STORED_TOLERANCE = 1e-5;

function maxGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let gap = 0;
  for (let i = 0; i < a.length; i++) gap = Math.max(gap, Math.abs(a[i]! - b[i]!));
  return gap;
}

describe("multinomial naive Bayes", () => {
  it.each(fixture.fits.map((fit) => [fit.alpha, fit] as const))(
    "matches scikit-learn MultinomialNB predict_proba at alpha %s",
    (alpha, fit) => {
      const model = new MultinomialNaiveBayes({ alpha }).fit(train, yTrain, classes);
      expect(maxGap(model.predictProba(test), fit.proba)).toBeLessThan(PROBA_TOLERANCE);
      const state = model.toJSON();
      const restored = textClassifierFromJSON(JSON.stringify(state));
      expect(maxGap(restored.predictProba(test), fit.proba)).toBeLessThan(STORED_TOLERANCE);
    },
  );

  it("gives a class absent from training probability 0", () => {
    const x = sparseFromDense(
      [
        [1, 0],
        [0, 1],
        [0.6, 0.8],
      ],
      2,
    );
    const model = new MultinomialNaiveBayes().fit(x, Int32Array.from([0, 2, 0]), ["a", "b", "c"]);
    const proba = model.predictProba(x);
    for (let r = 0; r < 3; r++) {
      expect(proba[r * 3 + 1]).toBe(0);
      expect(proba[r * 3]! + proba[r * 3 + 2]!).toBeCloseTo(1, 6);
    }
    expect(textClassifierFromJSON(JSON.parse(JSON.stringify(model))).predictProba(x)[1]).toBe(0);
  });

  it("refuses a smoothing of zero and unfitted use", () => {
    expectInvalid(() => new MultinomialNaiveBayes({ alpha: 0 }), /alpha/);
    expectInvalid(() => new MultinomialNaiveBayes().predictProba(test), /not fitted/);
  });
});
