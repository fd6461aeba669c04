/**
 * Every attribute as numbers: numbers and booleans as they are, dates as days before the run's as-of
 * time (ages, recencies), categories one indicator column per frequent level plus one for the rest.
 * Money and counts are usually heavy-tailed: a column skewed beyond SKEWED (either way) is read on the
 * signed log scale sign(x)·ln(1 + |x|), so that the rich form a cluster instead of being cleaned away as
 * outliers, and overdrawn balances keep their sign.
 * Missing values stay NaN for the outlier step to fill. The column plan is JSON and saved with the model,
 * so the same transform applies to customers the run never saw.
 */
import { type Cell, isMissing, numberOf } from "../../ml/index.js";

/** A numeric column (money, counts, ages; dates become days before the as-of time). */
export interface NumberColumn {
  kind: "number";
  name: string;
  /** "days" when the source held dates. */
  unit?: "days";
  /** "log": the column holds sign(value)·ln(1 + |value|). */
  scale?: "log";
}

/** One level of a category: 1 when the value is that level (`level` null: any rarer level), else 0. */
export interface LevelColumn {
  kind: "level";
  name: string;
  source: string;
  level: string | null;
}

export type SegmentColumn = NumberColumn | LevelColumn;

/** Levels kept per category; rarer ones share one "other" column. */
export const MAX_LEVELS = 12;
/** A level needs this share of the present values to get a column of its own. */
export const MIN_LEVEL_SHARE = 0.01;
/** Sample skewness (in absolute value) above which a column is taken on the signed log scale. */
export const SKEWED = 1;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const MS_PER_DAY = 86_400_000;

export interface ColumnPlan {
  columns: SegmentColumn[];
  /** Source columns left out and why (no values, a single value). */
  skipped: { name: string; reason: string }[];
}

/** Decides each source column's type and levels from its values. */
export function planColumns(
  source: ReadonlyMap<string, readonly Cell[]>,
  options: { exclude?: readonly string[]; only?: readonly string[] } = {},
): ColumnPlan {
  const columns: SegmentColumn[] = [];
  const skipped: ColumnPlan["skipped"] = [];
  for (const [name, values] of source) {
    if (options.only && !options.only.includes(name)) continue;
    if (options.exclude?.includes(name)) continue;
    const present = values.filter((v) => !isMissing(v));
    const distinct = new Set(present);
    if (present.length === 0) skipped.push({ name, reason: "no values" });
    else if (distinct.size === 1) skipped.push({ name, reason: "a single value" });
    else if (present.every((v) => !Number.isNaN(numberOf(v))))
      columns.push({
        kind: "number",
        name,
        ...(skewed(present.map(numberOf)) ? { scale: "log" as const } : {}),
      });
    else if (present.every((v) => typeof v === "string" && ISO_DATE.test(v.trim())))
      columns.push({ kind: "number", name, unit: "days" });
    else columns.push(...levelColumns(name, present));
  }
  return { columns, skipped };
}

/** Skewed beyond SKEWED either way (the sample skewness, third standardized moment). */
function skewed(values: readonly number[]): boolean {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  let m2 = 0;
  let m3 = 0;
  for (const v of values) {
    m2 += (v - mean) ** 2;
    m3 += (v - mean) ** 3;
  }
  return m2 > 0 && Math.abs(m3 / n / (m2 / n) ** 1.5) > SKEWED;
}

function levelColumns(name: string, present: readonly Cell[]): LevelColumn[] {
  const counts = new Map<string, number>();
  for (const v of present) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = ranked
    .filter(([, n], i) => i < MAX_LEVELS && n >= MIN_LEVEL_SHARE * present.length)
    .map(([level]) => level);
  const columns: LevelColumn[] = kept.map((level) => ({
    kind: "level",
    name: `${name}=${level}`,
    source: name,
    level,
  }));
  if (kept.length < ranked.length)
    columns.push({ kind: "level", name: `${name}=(other)`, source: name, level: null });
  return columns;
}

/** The planned columns of the source values, one Float64Array per column (NaN where missing). */
export function numericize(
  source: ReadonlyMap<string, readonly Cell[]>,
  rows: number,
  plan: readonly SegmentColumn[],
  asOf: Date,
): Float64Array[] {
  const now = asOf.getTime();
  return plan.map((column) => {
    const values = source.get(column.kind === "level" ? column.source : column.name) ?? [];
    const out = new Float64Array(rows);
    if (column.kind === "number") {
      for (let r = 0; r < rows; r++) {
        const v = values[r] ?? null;
        out[r] =
          column.unit === "days"
            ? typeof v === "string"
              ? (now - Date.parse(v.trim())) / MS_PER_DAY
              : Number.NaN
            : numberOf(v);
        if (column.scale === "log") out[r] = signedLog(out[r] as number);
      }
      return out;
    }
    const known = column.level === null ? otherLevels(plan, column.source) : null;
    for (let r = 0; r < rows; r++) {
      const v = values[r] ?? null;
      if (isMissing(v)) out[r] = 0;
      else out[r] = known ? (known.has(String(v)) ? 0 : 1) : String(v) === column.level ? 1 : 0;
    }
    return out;
  });
}

/** The levels with columns of their own, which the "other" column of `source` excludes. */
function otherLevels(plan: readonly SegmentColumn[], source: string): Set<string> {
  return new Set(
    plan.flatMap((c) => (c.kind === "level" && c.source === source && c.level !== null ? [c.level] : [])),
  );
}

/** sign(x)·ln(1 + |x|): a log scale that keeps zero at zero and negatives negative. */
export function signedLog(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}

/** The inverse of signedLog. */
export function signedExp(y: number): number {
  return Math.sign(y) * Math.expm1(Math.abs(y));
}
