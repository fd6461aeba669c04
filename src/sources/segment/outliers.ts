/**
 * Outlier cleaning, one feature at a time: a normal interval is built around the column's centre, and
 * values outside it (and missing values) are replaced by the mean of the normal values or clipped to the
 * interval. The default is the median-interval rule: median q ± n × m × MAD with n = 3 and m = 1.4826 (m
 * makes the MAD a consistent estimate of the standard deviation for normal data, n is how many of those
 * are still normal; n > m). Pure functions over Float64Array columns, NaN meaning missing.
 */
import { NudgeError } from "../../core/index.js";

export type OutlierRule =
  /** q ± n × m × MAD (m scales the MAD to a standard deviation; n counts deviations). */
  | { rule: "median"; n: number; m: number }
  /** [Q1 − k × IQR, Q3 + k × IQR] (Tukey's fences). */
  | { rule: "iqr"; k: number }
  /** mean ± k × standard deviation. */
  | { rule: "zscore"; k: number };

/** What happens to a value outside the normal interval. */
export type Replacement = "mean" | "clip";

export const DEFAULT_OUTLIER_RULE: OutlierRule = { rule: "median", n: 3, m: 1.4826 };
export const DEFAULT_REPLACEMENT: Replacement = "mean";
/**
 * When more than half of a column equals its median the MAD is 0 and every other value would be an
 * outlier (a count that is mostly zero). Then the mean absolute deviation around the median, times this
 * factor (√(π/2), its consistency constant for normal data), stands in, as in the modified z-score.
 */
const MEAN_ABSOLUTE_DEVIATION_SCALE = Math.sqrt(Math.PI / 2);

/** How one feature was cleaned. */
export interface CleaningReport {
  feature: string;
  /** The normal interval; null when the column has no values at all. */
  low: number | null;
  high: number | null;
  /** Values outside the interval, replaced or clipped. */
  outliers: number;
  /** Missing values, filled with the mean of the normal values. */
  missing: number;
  /** The mean of the normal values (what replaces outliers under "mean" and fills missing values). */
  fill: number;
  /** "log" when the interval and fill are on the log(1 + x) scale the column was read on. */
  scale?: "log";
}

/** Checks a rule's constants, naming the one that is wrong. */
export function validateRule(rule: OutlierRule): OutlierRule {
  const positive = (name: string, value: number) => {
    if (!Number.isFinite(value) || value <= 0)
      throw new NudgeError("INPUT_INVALID", `outlier rule ${rule.rule}: ${name} must be a positive number`);
  };
  if (rule.rule === "median") {
    positive("n", rule.n);
    positive("m", rule.m);
    if (!(rule.n > rule.m))
      throw new NudgeError(
        "INPUT_INVALID",
        `outlier rule median: n (${rule.n}) must be greater than m (${rule.m})`,
      );
  } else positive("k", rule.k);
  return rule;
}

/** The normal interval of the present (non-NaN) values, sorted ascending. */
export function normalInterval(sorted: Float64Array, rule: OutlierRule): { low: number; high: number } {
  if (sorted.length === 0) throw new NudgeError("INPUT_INVALID", "no values to build an interval from");
  switch (rule.rule) {
    case "median": {
      const q = quantile(sorted, 0.5);
      const deviations = new Float64Array(sorted.length);
      for (let i = 0; i < sorted.length; i++) deviations[i] = Math.abs((sorted[i] as number) - q);
      deviations.sort();
      let spread = rule.m * quantile(deviations, 0.5);
      if (spread === 0) spread = MEAN_ABSOLUTE_DEVIATION_SCALE * mean(deviations);
      return { low: q - rule.n * spread, high: q + rule.n * spread };
    }
    case "iqr": {
      const q1 = quantile(sorted, 0.25);
      const q3 = quantile(sorted, 0.75);
      return { low: q1 - rule.k * (q3 - q1), high: q3 + rule.k * (q3 - q1) };
    }
    case "zscore": {
      const mu = mean(sorted);
      let squares = 0;
      for (const v of sorted) squares += (v - mu) ** 2;
      const sd = Math.sqrt(squares / sorted.length);
      return { low: mu - rule.k * sd, high: mu + rule.k * sd };
    }
  }
}

/**
 * Cleans one column in place: values outside the rule's interval are replaced (by the mean of the normal
 * values, or clipped to the interval) and missing values (NaN) are filled with that mean. A column with no
 * values at all is filled with 0 and says so (low and high null).
 */
export function cleanColumn(
  values: Float64Array,
  feature: string,
  rule: OutlierRule = DEFAULT_OUTLIER_RULE,
  replacement: Replacement = DEFAULT_REPLACEMENT,
): CleaningReport {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  const missing = values.length - present.length;
  if (present.length === 0) {
    values.fill(0);
    return { feature, low: null, high: null, outliers: 0, missing, fill: 0 };
  }
  const { low, high } = normalInterval(present, rule);
  let sum = 0;
  let count = 0;
  for (const v of present)
    if (v >= low && v <= high) {
      sum += v;
      count++;
    }
  // An interval holding none of the values (possible only with odd constants) falls back to the median.
  const fill = count > 0 ? sum / count : quantile(present, 0.5);
  let outliers = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) values[i] = fill;
    else if (v < low || v > high) {
      outliers++;
      values[i] = replacement === "mean" ? fill : v < low ? low : high;
    }
  }
  return { feature, low, high, outliers, missing, fill };
}

/** The q-quantile of sorted values with linear interpolation between order statistics (numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (at - below);
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
