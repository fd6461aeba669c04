import { describe, expect, it } from "vitest";
import type { ClassifierKind } from "./classifier.js";
import { type CandidateSpec, createTextClassifier, textClassifierFromJSON } from "./model.js";
import { packFloat32, packInt32, unpackFloat32, unpackInt32 } from "./packed.js";
import { expectInvalid } from "./test-support/expect-invalid.js";
import { plantedProblem } from "./test-support/planted.js";

const { x, y, classes } = plantedProblem({
  rows: 200,
  cols: 500,
  classes: 3,
  termsPerRow: 6,
  ownShare: 0.5,
  termsPerClass: 50,
  seed: 2,
});

const SPECS: CandidateSpec[] = [
  { kind: "nb", params: { alpha: 0.5 } },
  { kind: "logistic", params: { l2: 1e-3 } },
  { kind: "knn", params: { k: 3, weighting: "uniform" } },
  { kind: "forest", params: { trees: 5, seed: 9 } },
];

describe("text classifier models", () => {
  it.each(SPECS.map((spec) => [spec.kind, spec] as const))(
    "%s: fits, gives rows of probabilities and reads back from JSON text",
    (kind: ClassifierKind, spec) => {
      const model = createTextClassifier(spec).fit(x, y, classes);
      const proba = model.predictProba(x);
      expect(proba).toHaveLength(x.rows * classes.length);
      for (let r = 0; r < x.rows; r++) {
        const row = proba.subarray(r * 3, r * 3 + 3);
        expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 5);
      }
      const text = JSON.stringify(model);
      const restored = textClassifierFromJSON(text);
      expect(restored.kind).toBe(kind);
      expect(restored.params).toEqual(model.params);
      expect(restored.classes).toEqual(classes);
      const again = restored.predictProba(x);
      for (let i = 0; i < proba.length; i++) expect(again[i]).toBeCloseTo(proba[i]!, 5);
      expect(JSON.stringify(restored)).toBe(text);
    },
  );

  it("refuses what is not a stored model or is cut short", () => {
    expectInvalid(
      () =>
        textClassifierFromJSON({
          ...createTextClassifier({ kind: "nb" }).fit(x, y, classes).toJSON(),
          version: 99,
        }),
      /not a nudge-text-classifier v1/,
    );
    const json = createTextClassifier({ kind: "logistic" }).fit(x, y, classes).toJSON();
    const cut = { ...json, state: { weights: (json.state.weights as string).slice(0, 40) } };
    expectInvalid(
      () => textClassifierFromJSON(cut),
      /logistic weights has 7 values, expected 1503|truncated/,
    );
    expectInvalid(
      () => createTextClassifier({ kind: "svm" } as unknown as CandidateSpec),
      /unknown classifier kind svm/,
    );
  });

  it("packs typed arrays as little-endian base64", () => {
    expect(packInt32([1, -2])).toBe(Buffer.from([1, 0, 0, 0, 254, 255, 255, 255]).toString("base64"));
    expect([...unpackInt32(packInt32([7, -9, 2 ** 31 - 1]), "ints")]).toEqual([7, -9, 2 ** 31 - 1]);
    const floats = [0.1, -Infinity, 3.5];
    expect([...unpackFloat32(packFloat32(floats), "floats")]).toEqual([...Float32Array.from(floats)]);
    expectInvalid(() => unpackFloat32(packFloat32([1, 2]), "floats", 3), /floats has 2 values, expected 3/);
  });
});
