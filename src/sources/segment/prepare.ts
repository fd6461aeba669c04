/**
 * From raw columns to the matrix clustering reads: numericize, clean outliers per number column,
 * standardize (z-scores; level indicators stay 0/1 so a category weighs as much as about one standard
 * deviation), row-major float32. Everything fitted here is JSON, kept in the model.
 */
import type { Cell } from "../../ml/index.js";
import { type ColumnPlan, numericize, planColumns, type SegmentColumn } from "./numericize.js";
import { type CleaningReport, cleanColumn, type OutlierRule, type Replacement } from "./outliers.js";

export interface Prepared {
  plan: ColumnPlan;
  /** Cleaning of each number column (level columns are never cleaned). */
  cleaning: CleaningReport[];
  /** Per planned column: the mean and standard deviation its z-score used (level columns: 0 and 1). */
  scaling: { mean: number; sd: number }[];
  /** The planned columns after cleaning, in original units (for describing clusters). */
  values: Float64Array[];
  /** rows × columns, row-major, standardized. */
  matrix: Float32Array;
  rows: number;
}

export interface PrepareOptions {
  only?: readonly string[];
  exclude?: readonly string[];
  rule: OutlierRule;
  replacement: Replacement;
  asOf: Date;
}

export function prepareMatrix(
  source: ReadonlyMap<string, readonly Cell[]>,
  rows: number,
  options: PrepareOptions,
): Prepared {
  const plan = planColumns(source, options);
  const values = numericize(source, rows, plan.columns, options.asOf);
  const cleaning: CleaningReport[] = [];
  const scaling = plan.columns.map((column: SegmentColumn, c) => {
    const data = values[c] as Float64Array;
    if (column.kind === "level") return { mean: 0, sd: Math.SQRT2 };
    const report = cleanColumn(data, column.name, options.rule, options.replacement);
    cleaning.push(column.scale ? { ...report, scale: column.scale } : report);
    return meanAndSd(data);
  });
  const width = plan.columns.length;
  const matrix = new Float32Array(rows * width);
  for (let c = 0; c < width; c++) {
    const column = values[c] as Float64Array;
    const { mean, sd } = scaling[c] as { mean: number; sd: number };
    // A constant column (sd 0) carries nothing; it stays at 0 rather than dividing by zero.
    const scale = sd > 0 ? 1 / sd : 0;
    for (let r = 0; r < rows; r++) matrix[r * width + c] = ((column[r] as number) - mean) * scale;
  }
  return { plan, cleaning, scaling, values, matrix, rows };
}

function meanAndSd(values: Float64Array): { mean: number; sd: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = values.length > 0 ? sum / values.length : 0;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, sd: values.length > 0 ? Math.sqrt(squares / values.length) : 0 };
}
