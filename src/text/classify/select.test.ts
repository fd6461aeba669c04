import { describe, expect, it } from "vitest";
import type { CandidateSpec } from "./model.js";
import { oneStandardError, selectTextClassifier, type TextClassifierSelection } from "./select.js";
import { expectInvalid } from "./test-support/expect-invalid.js";
import { plantedProblem } from "./test-support/planted.js";

const { x, y, classes } = plantedProblem({
  rows: 600,
  cols: 2000,
  classes: 4,
  termsPerRow: 8,
  ownShare: 0.4,
  termsPerClass: 100,
  seed: 11,
});

/** Fast candidates, the first deliberately poor (one stump cannot tell four classes apart). */
const CANDIDATES: CandidateSpec[] = [
  { kind: "forest", params: { trees: 1, maxDepth: 1 } },
  { kind: "nb", params: { alpha: 0.1 } },
  { kind: "logistic", params: { l2: 1e-3 } },
  { kind: "knn", params: { k: 5 } },
  { kind: "forest", params: { trees: 10 } },
];

/** Everything but the wall-clock seconds. */
function comparable(selection: TextClassifierSelection) {
  return {
    best: selection.best,
    table: selection.table.map(({ seconds: _, ...row }) => row),
    skipped: selection.skipped,
    model: selection.model.toJSON(),
  };
}

describe("text classifier selection", () => {
  const selection = selectTextClassifier(x, y, classes, { seed: 1, candidates: CANDIDATES });

  it("picks the candidate of best cross-validated macro-F1 and refits it", () => {
    expect(selection.table.map((row) => row.kind)).toEqual(["forest", "nb", "logistic", "knn", "forest"]);
    const top = Math.max(...selection.table.map((row) => row.cvMacroF1));
    expect(selection.best.cvMacroF1).toBe(top);
    expect(selection.best.cvMacroF1).toBeGreaterThan(0.8);
    expect(selection.table[0]!.cvMacroF1).toBeLessThan(0.5);
    expect(selection.model.kind).toBe(selection.best.kind);
    expect(selection.model.params).toEqual(selection.best.params);
    for (const row of selection.table) expect(row.foldMacroF1).toHaveLength(5);
  });

  it("is deterministic by seed", () => {
    const again = selectTextClassifier(x, y, classes, { seed: 1, candidates: CANDIDATES });
    expect(comparable(again)).toEqual(comparable(selection));
    const other = selectTextClassifier(x, y, classes, { seed: 2, candidates: CANDIDATES, folds: 3 });
    expect(other.table[1]!.foldMacroF1).not.toEqual(selection.table[1]!.foldMacroF1);
  });

  it("shrinks or skips forests past the work budget and says so", () => {
    const forest: CandidateSpec[] = [{ kind: "nb" }, { kind: "forest", params: { trees: 100 } }];
    const shrunk = selectTextClassifier(x, y, classes, {
      seed: 1,
      candidates: forest,
      forestBudget: 600 * 5 * 25,
    });
    expect(shrunk.table[1]!.params).toMatchObject({ trees: 25, seed: 1 });
    expect(shrunk.skipped[0]!.reason).toMatch(/shrunk from 100 to 25 trees/);
    const skipped = selectTextClassifier(x, y, classes, {
      seed: 1,
      candidates: forest,
      forestBudget: 600 * 5,
    });
    expect(skipped.table.map((row) => row.kind)).toEqual(["nb"]);
    expect(skipped.skipped[0]!.reason).toMatch(/skipped/);
  });

  it("reports progress per fold, before the refit and when done", () => {
    const stages: string[] = [];
    selectTextClassifier(x, y, classes, {
      seed: 1,
      folds: 2,
      candidates: [{ kind: "nb" }],
      onProgress: (done, total, p) =>
        stages.push(`${done}/${total} ${p.stage}:${p.candidate}/${p.candidates}:${p.fold}/${p.folds}`),
    });
    expect(stages).toEqual([
      "1/3 cross-validation:1/1:1/2",
      "2/3 cross-validation:1/1:2/2",
      "2/3 refit:1/1:0/2",
      "3/3 done:1/1:0/2",
    ]);
  });

  it("refuses bad input, naming the problem", () => {
    expectInvalid(
      () => selectTextClassifier(x, y.subarray(1), classes, { seed: 1 }),
      /rows and labels differ in count \(600 vs 599\)/,
    );
    expectInvalid(
      () => selectTextClassifier(x, new Int32Array(600), classes, { seed: 1 }),
      /only one class \(class-0\)/,
    );
    expectInvalid(() => selectTextClassifier(x, y, ["only"], { seed: 1 }), /at least two classes/);
    const outOfRange = Int32Array.from(y);
    outOfRange[7] = 9;
    expectInvalid(() => selectTextClassifier(x, outOfRange, classes, { seed: 1 }), /label at row 7 is 9/);
    expectInvalid(() => selectTextClassifier(x, y, classes, { seed: 1, folds: 1 }), /folds must be/);
    expectInvalid(() => selectTextClassifier(x, y, classes, { seed: 1, candidates: [] }), /no candidate/);
  });
});

describe("oneStandardError", () => {
  const row = (kind: "nb" | "logistic" | "knn" | "forest", foldMacroF1: number[]) => ({
    kind,
    params: {} as never,
    cvMacroF1: foldMacroF1.reduce((a, b) => a + b, 0) / foldMacroF1.length,
    foldMacroF1,
    seconds: 0,
  });
  it("prefers the simpler family within one standard error of the best", () => {
    // Best: logistic 0.80 ± SE 0.01 (folds 0.78, 0.80, 0.82 → sd 0.02, SE 0.0115); nb at 0.795 is within.
    const table = [
      row("nb", [0.79, 0.795, 0.8]),
      row("logistic", [0.78, 0.8, 0.82]),
      row("forest", [0.6, 0.6, 0.6]),
    ];
    expect(oneStandardError(table)).toBe(0);
  });
  it("keeps the best when its lead is larger than the folds' noise", () => {
    const table = [row("nb", [0.7, 0.71, 0.72]), row("logistic", [0.85, 0.86, 0.87])];
    expect(oneStandardError(table)).toBe(1);
  });
  it("among near-equals of one family takes the higher score", () => {
    const table = [
      row("nb", [0.79, 0.8, 0.81]),
      row("nb", [0.8, 0.801, 0.802]),
      row("logistic", [0.79, 0.81, 0.83]),
    ];
    expect(oneStandardError(table)).toBe(1);
  });
});
