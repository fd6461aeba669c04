/**
 * Chi-square feature scores as scikit-learn's `chi2`: per feature, observed per-class weight sums against
 * what class shares alone would give. Used to keep the few thousand most class-related terms before trees
 * are grown, so tree building never walks the whole vocabulary.
 */
import { classCounts, type SparseRows } from "./sparse.js";

/** Chi-square statistic per column; 0 for a column no row uses. */
export function chiSquareScores(x: SparseRows, y: Int32Array, classes: number): Float64Array {
  const observed = new Float64Array(x.cols * classes);
  const featureSum = new Float64Array(x.cols);
  for (let r = 0; r < x.rows; r++)
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      const j = x.indices[p]!;
      observed[j * classes + y[r]!]! += x.values[p]!;
      featureSum[j]! += x.values[p]!;
    }
  const share = classCounts(y, classes).map((count) => count / x.rows);
  const scores = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) {
    if (featureSum[j] === 0) continue;
    let chi = 0;
    for (let c = 0; c < classes; c++) {
      const expected = share[c]! * featureSum[j]!;
      if (expected === 0) continue;
      const gap = observed[j * classes + c]! - expected;
      chi += (gap * gap) / expected;
    }
    scores[j] = chi;
  }
  return scores;
}

/** The columns of the `count` highest positive scores, in ascending column order (ties: lower column). */
export function topColumns(scores: Float64Array, count: number): Int32Array {
  const used: number[] = [];
  for (let j = 0; j < scores.length; j++) if (scores[j]! > 0) used.push(j);
  used.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return Int32Array.from(used.slice(0, count)).sort();
}

/** The rows restricted to `columns` (ascending), renumbered 0..columns.length−1. */
export function keepColumns(x: SparseRows, columns: Int32Array): SparseRows {
  const local = new Int32Array(x.cols).fill(-1);
  columns.forEach((column, i) => {
    local[column] = i;
  });
  const indptr = new Int32Array(x.rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < x.rows; r++) {
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      const i = local[x.indices[p]!]!;
      if (i < 0) continue;
      indices.push(i);
      values.push(x.values[p]!);
    }
    indptr[r + 1] = indices.length;
  }
  return {
    rows: x.rows,
    cols: columns.length,
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}
