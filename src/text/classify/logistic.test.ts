import { describe, expect, it } from "vitest";
import { classAccuracy, predictedClasses } from "./class-metrics.js";
import { LogisticClassifier } from "./logistic.js";
import { textClassifierFromJSON } from "./model.js";
import { selectLabels, selectRows } from "./sparse.js";
import { classNames, rowsOf, textSklearnFixture } from "./test-support/fixture.js";
import { plantedProblem } from "./test-support/planted.js";

const { logistic: fixture } = textSklearnFixture;
const train = rowsOf(fixture.train);
const test = rowsOf(fixture.test);
const yTrain = Int32Array.from(fixture.y_train);
const yTest = Int32Array.from(fixture.y_test);
const classes = classNames(fixture.classes);

/** Test accuracy may differ from scikit-learn's by this much. */
const ACCURACY_GAP = 0.03;
/** Run to convergence, both minimize the same objective: probabilities agree to this. */
const CONVERGED_PROBA_GAP = 5e-4;

describe("softmax logistic regression", () => {
  it("is near-perfect on a separable planted problem", () => {
    const {
      x,
      y,
      classes: names,
    } = plantedProblem({
      rows: 1200,
      cols: 3000,
      classes: 6,
      termsPerRow: 6,
      ownShare: 1,
      termsPerClass: 300,
      seed: 3,
    });
    const rows = Array.from({ length: x.rows }, (_, i) => i);
    const fitRows = rows.filter((i) => i % 4 !== 0);
    const heldOut = rows.filter((i) => i % 4 === 0);
    const model = new LogisticClassifier({ l2: 1e-4 }).fit(
      selectRows(x, fitRows),
      selectLabels(y, fitRows),
      names,
    );
    const predicted = predictedClasses(model.predictProba(selectRows(x, heldOut)), names.length);
    expect(classAccuracy(selectLabels(y, heldOut), predicted)).toBeGreaterThanOrEqual(0.99);
  });

  it("matches scikit-learn LogisticRegression(multinomial) on the fixture", () => {
    const model = new LogisticClassifier({ l2: fixture.l2 }).fit(train, yTrain, classes);
    const accuracy = classAccuracy(yTest, predictedClasses(model.predictProba(test), classes.length));
    expect(Math.abs(accuracy - fixture.accuracy)).toBeLessThanOrEqual(ACCURACY_GAP);

    const converged = new LogisticClassifier({ l2: fixture.l2, tolerance: 1e-7, maxIterations: 1000 });
    const proba = converged.fit(train, yTrain, classes).predictProba(test);
    let gap = 0;
    for (let i = 0; i < proba.length; i++) gap = Math.max(gap, Math.abs(proba[i]! - fixture.proba[i]!));
    expect(gap).toBeLessThan(CONVERGED_PROBA_GAP);
  });

  it("is deterministic and survives a JSON round trip", () => {
    const a = new LogisticClassifier({ l2: 1e-3 }).fit(train, yTrain, classes);
    const b = new LogisticClassifier({ l2: 1e-3 }).fit(train, yTrain, classes);
    expect(a.predictProba(test)).toEqual(b.predictProba(test));
    const restored = textClassifierFromJSON(JSON.stringify(a));
    expect(restored.kind).toBe("logistic");
    const before = a.predictProba(test);
    const after = restored.predictProba(test);
    for (let i = 0; i < before.length; i++) expect(after[i]).toBeCloseTo(before[i]!, 5);
  });
});
