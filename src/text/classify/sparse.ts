/**
 * The sparse input of every text classifier and the checks shared by all of them. `SparseRows` is the type
 * `src/text/tfidf.ts` produces: CSR rows, row-wise L2-normalized TF-IDF, column indices sorted within a row.
 */
import { NudgeError } from "../../core/index.js";
import type { SparseRows } from "../tfidf.js";

/** CSR matrix: row r holds `indices[indptr[r]..indptr[r+1])` with the matching `values`. */
export type { SparseRows };

/** Checks the CSR arrays agree with each other and with rows × cols. */
export function checkSparseRows(x: SparseRows, what = "rows"): void {
  if (!Number.isInteger(x.rows) || x.rows < 0 || !Number.isInteger(x.cols) || x.cols < 0)
    throw new NudgeError("INPUT_INVALID", `${what}: rows and cols must be non-negative integers`);
  if (x.indptr.length !== x.rows + 1)
    throw new NudgeError("INPUT_INVALID", `${what}: indptr has ${x.indptr.length} entries, not rows + 1`, {
      rows: x.rows,
      indptr: x.indptr.length,
    });
  const nonzeros = x.indptr[x.rows] ?? 0;
  if (x.indptr[0] !== 0 || x.indices.length !== nonzeros || x.values.length !== nonzeros)
    throw new NudgeError(
      "INPUT_INVALID",
      `${what}: indptr, indices and values disagree on the nonzero count`,
    );
  for (let r = 0; r < x.rows; r++) {
    const start = x.indptr[r]!;
    const end = x.indptr[r + 1]!;
    if (end < start)
      throw new NudgeError("INPUT_INVALID", `${what}: indptr decreases at row ${r}`, { row: r });
    for (let k = start; k < end; k++) {
      const column = x.indices[k]!;
      if (column < 0 || column >= x.cols)
        throw new NudgeError(
          "INPUT_INVALID",
          `${what}: row ${r} has column ${column} outside 0..${x.cols - 1}`,
          {
            row: r,
            column,
          },
        );
    }
  }
}

/** Checks training rows and labels: same count, labels in 0..classes−1, at least two classes present. */
export function checkTrainingSet(x: SparseRows, y: Int32Array, classes: readonly string[]): void {
  checkSparseRows(x, "training rows");
  if (x.rows !== y.length)
    throw new NudgeError(
      "INPUT_INVALID",
      `training rows and labels differ in count (${x.rows} vs ${y.length})`,
      {
        rows: x.rows,
        labels: y.length,
      },
    );
  if (classes.length < 2)
    throw new NudgeError("INPUT_INVALID", `a classifier needs at least two classes, got ${classes.length}`);
  const seen = new Set<number>();
  for (let i = 0; i < y.length; i++) {
    const label = y[i]!;
    if (label < 0 || label >= classes.length)
      throw new NudgeError(
        "INPUT_INVALID",
        `label at row ${i} is ${label}, not a class index 0..${classes.length - 1}`,
        {
          row: i,
        },
      );
    seen.add(label);
  }
  if (seen.size < 2)
    throw new NudgeError(
      "INPUT_INVALID",
      `training labels hold only one class (${seen.size === 1 ? classes[[...seen][0]!] : "none"})`,
      {
        classes: seen.size,
      },
    );
}

/** Checks rows to score have the column count the model was fitted on. */
export function checkScoringRows(x: SparseRows, cols: number): void {
  checkSparseRows(x, "rows to score");
  if (x.cols !== cols)
    throw new NudgeError(
      "INPUT_INVALID",
      `rows to score have ${x.cols} columns, the model was fitted on ${cols}`,
      {
        cols: x.cols,
        expected: cols,
      },
    );
}

/** The sub-matrix of the given rows, in the given order. */
export function selectRows(x: SparseRows, rows: ArrayLike<number>): SparseRows {
  let nonzeros = 0;
  for (let i = 0; i < rows.length; i++) nonzeros += x.indptr[rows[i]! + 1]! - x.indptr[rows[i]!]!;
  const indptr = new Int32Array(rows.length + 1);
  const indices = new Int32Array(nonzeros);
  const values = new Float32Array(nonzeros);
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const start = x.indptr[rows[i]!]!;
    const end = x.indptr[rows[i]! + 1]!;
    indices.set(x.indices.subarray(start, end), at);
    values.set(x.values.subarray(start, end), at);
    at += end - start;
    indptr[i + 1] = at;
  }
  return { rows: rows.length, cols: x.cols, indptr, indices, values };
}

/** The labels of the given rows, in the given order. */
export function selectLabels(y: Int32Array, rows: ArrayLike<number>): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]!]!;
  return out;
}

/** Rows per class. */
export function classCounts(y: Int32Array, classes: number): Float64Array {
  const counts = new Float64Array(classes);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  return counts;
}

/** Builds CSR rows from dense row arrays (zeros dropped); for tests and small examples. */
export function sparseFromDense(dense: readonly (readonly number[])[], cols: number): SparseRows {
  const indptr = new Int32Array(dense.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  dense.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v !== 0) {
        indices.push(c);
        values.push(v);
      }
    });
    indptr[r + 1] = indices.length;
  });
  return {
    rows: dense.length,
    cols,
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}
