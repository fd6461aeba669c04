import { describe, expect, it } from "vitest";
import { KnnClassifier } from "./knn.js";
import { textClassifierFromJSON } from "./model.js";
import { sparseFromDense } from "./sparse.js";
import { expectInvalid } from "./test-support/expect-invalid.js";

// Unit rows: cosine similarity is the dot product.
const train = sparseFromDense(
  [
    [1, 0, 0, 0],
    [0.6, 0.8, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
  ],
  4,
);
const labels = Int32Array.from([0, 1, 1, 0]);
const classes = ["a", "b"];
// Similarities to the training rows: [0.8, 0.96, 0.6, 0]; [0, 0, 0, 1]; none; [0, 0, 0, 0].
const queries = sparseFromDense([[0.8, 0.6, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], []], 4);

function probabilities(model: KnnClassifier): number[][] {
  const proba = model.predictProba(queries);
  return Array.from({ length: queries.rows }, (_, r) => [proba[2 * r]!, proba[2 * r + 1]!]);
}

function expectRows(actual: number[][], expected: number[][]): void {
  actual.forEach((row, r) => {
    row.forEach((p, c) => {
      expect(p, `row ${r} class ${c}`).toBeCloseTo(expected[r]![c]!, 6);
    });
  });
}

describe("k nearest neighbours", () => {
  it("weighs the k most similar rows by cosine (hand-computed)", () => {
    expectRows(probabilities(new KnnClassifier({ k: 2 }).fit(train, labels, classes)), [
      [0.8 / 1.76, 0.96 / 1.76], // rows 1 (0.96, b) and 0 (0.8, a)
      [1, 0], // only row 3 shares a term
      [0.5, 0.5], // no shared term: the training class shares
      [0.5, 0.5],
    ]);
    expectRows(probabilities(new KnnClassifier({ k: 3 }).fit(train, labels, classes)).slice(0, 1), [
      [0.8 / 2.36, 1.56 / 2.36],
    ]);
  });

  it("counts one vote per neighbour when uniform", () => {
    const model = new KnnClassifier({ k: 3, weighting: "uniform" }).fit(train, labels, classes);
    expectRows(probabilities(model).slice(0, 2), [
      [1 / 3, 2 / 3],
      [1, 0],
    ]);
  });

  it("breaks similarity ties by the lower training row", () => {
    const twins = sparseFromDense(
      [
        [1, 0],
        [1, 0],
        [0, 1],
      ],
      2,
    );
    const model = new KnnClassifier({ k: 1 }).fit(twins, Int32Array.from([1, 0, 0]), classes);
    expect([...model.predictProba(sparseFromDense([[1, 0]], 2))]).toEqual([0, 1]);
  });

  it("survives a JSON round trip", () => {
    const model = new KnnClassifier({ k: 2 }).fit(train, labels, classes);
    const restored = textClassifierFromJSON(JSON.stringify(model));
    expect(restored.predictProba(queries)).toEqual(model.predictProba(queries));
  });

  it("refuses k = 0 and rows of another width", () => {
    expectInvalid(() => new KnnClassifier({ k: 0 }), /k must be/);
    const model = new KnnClassifier().fit(train, labels, classes);
    expectInvalid(
      () => model.predictProba(sparseFromDense([[1]], 1)),
      /1 columns, the model was fitted on 4/,
    );
  });
});
