/** Reads the scikit-learn fixture (`fixtures/text-sklearn.json`) into typed rows. */
import { readFileSync } from "node:fs";
import type { SparseRows } from "../sparse.js";

/** CSR rows as the fixture writes them. */
interface FixtureRows {
  rows: number;
  cols: number;
  indptr: number[];
  indices: number[];
  values: number[];
}

/** One train/test problem of the fixture. */
interface FixtureCase {
  classes: number;
  train: FixtureRows;
  y_train: number[];
  test: FixtureRows;
  y_test: number[];
}

/** The fixture file. */
export interface TextSklearnFixture {
  sklearn_version: string;
  naive_bayes: FixtureCase & {
    fits: { alpha: number; class_log_prior: number[]; feature_log_prob: number[]; proba: number[] }[];
  };
  logistic: FixtureCase & { l2: number; accuracy: number; proba: number[] };
}

/** The parsed fixture. */
export const textSklearnFixture = JSON.parse(
  readFileSync(new URL("../fixtures/text-sklearn.json", import.meta.url), "utf8"),
) as TextSklearnFixture;

/** Typed CSR rows of a fixture matrix. */
export function rowsOf(rows: FixtureRows): SparseRows {
  return {
    rows: rows.rows,
    cols: rows.cols,
    indptr: Int32Array.from(rows.indptr),
    indices: Int32Array.from(rows.indices),
    values: Float32Array.from(rows.values),
  };
}

/** Class names "c0".."c{n−1}". */
export function classNames(count: number): string[] {
  return Array.from({ length: count }, (_, c) => `c${c}`);
}
