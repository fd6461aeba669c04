/** Seeded stratified k-fold assignment: every class is spread over the folds as evenly as its size allows. */
import { NudgeError, Rng } from "../../core/index.js";

/**
 * The fold (0..folds−1) of every row. Classes are taken in index order; each class's rows are shuffled with
 * the seed and dealt round-robin, starting where the previous class stopped, so fold sizes differ by at
 * most one and each class's count per fold by at most one.
 */
export function stratifiedFolds(y: Int32Array, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2 || folds > y.length)
    throw new NudgeError(
      "INPUT_INVALID",
      `folds must be a whole number in [2, rows = ${y.length}], got ${folds}`,
    );
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const rows = byClass.get(y[i]!);
    if (rows) rows.push(i);
    else byClass.set(y[i]!, [i]);
  }
  const rng = new Rng(seed);
  const fold = new Int32Array(y.length);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(label)!;
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
    }
    for (const row of rows) {
      fold[row] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

/** Row numbers of one fold and of all the others, each ascending. */
export function foldRows(fold: Int32Array, which: number): { train: Int32Array; test: Int32Array } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === which ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}
