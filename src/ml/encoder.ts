/**
 * Feature encoding fitted on training rows and saved with the model, so scoring applies exactly the same
 * transform. Numbers get a clipped z-score, a piecewise-linear encoding over training quantiles (which lets
 * an MLP bend a feature the way a tree ensemble would) and, when training saw gaps, a missing indicator.
 * Strings get one-hot over their frequent levels plus one slot for rare and unseen values.
 */
import { NudgeError } from "../core/index.js";
import { type Cell, isMissing, numberOf, type Table } from "./table.js";

/** Piecewise-linear bins per numeric feature (fewer when the feature has fewer distinct values). */
export const QUANTILE_BINS = 8;
/** z-scores are clipped here so one extreme value cannot dominate a batch. */
export const Z_CLIP = 5;
/** At most this many one-hot levels per category; the rest share the "other" slot. */
export const MAX_LEVELS = 64;
/** A level needs this many training rows to get its own slot. */
export const MIN_LEVEL_COUNT = 5;
/** A column is numeric when at least this share of its present values are numbers. */
const NUMERIC_SHARE = 0.98;

export interface NumericColumn {
  name: string;
  type: "numeric";
  mean: number;
  sd: number;
  /** Bin edges e0 < e1 < … from training quantiles; bin t encodes clamp((x − e(t−1)) / (e(t) − e(t−1)), 0, 1). */
  edges: number[];
  /** Whether a missing-indicator slot follows. */
  missing: boolean;
}

export interface CategoryColumn {
  name: string;
  type: "category";
  /** Levels with their own slot; one more slot takes everything else. */
  levels: string[];
}

export type EncodedColumn = NumericColumn | CategoryColumn;

/** The fitted transform: JSON, stored in the model row. */
export interface Encoder {
  version: 1;
  columns: EncodedColumn[];
  /** Encoded width: the number of network inputs. */
  width: number;
}

/** Width of one encoded column. */
function widthOf(column: EncodedColumn): number {
  if (column.type === "category") return column.levels.length + 1;
  return 1 + Math.max(0, column.edges.length - 1) + (column.missing ? 1 : 0);
}

function textOf(cell: Cell): string {
  return isMissing(cell) ? "" : String(cell).trim();
}

function fitNumeric(name: string, values: readonly number[], anyMissing: boolean): NumericColumn {
  const present = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  const n = present.length;
  const mean = n === 0 ? 0 : present.reduce((s, v) => s + v, 0) / n;
  const variance = n === 0 ? 0 : present.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  const edges: number[] = [];
  for (let q = 0; q <= QUANTILE_BINS && n > 0; q++) {
    const value = present[Math.min(n - 1, Math.floor((q / QUANTILE_BINS) * (n - 1)))] as number;
    if (edges.length === 0 || value > (edges[edges.length - 1] as number)) edges.push(value);
  }
  return { name, type: "numeric", mean, sd: Math.sqrt(variance) || 1, edges, missing: anyMissing };
}

function fitCategory(name: string, cells: readonly Cell[]): CategoryColumn {
  const counts = new Map<string, number>();
  for (const cell of cells) {
    const text = textOf(cell);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const levels = [...counts]
    .filter(([, count]) => count >= MIN_LEVEL_COUNT)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_LEVELS)
    .map(([level]) => level);
  return { name, type: "category", levels };
}

/** Fits the encoder of `features` on the training table; a column's type is inferred from its values. */
export function fitEncoder(table: Table, features: readonly string[]): Encoder {
  if (features.length === 0) throw new NudgeError("INPUT_INVALID", "no feature columns to learn from");
  const columns = features.map((name): EncodedColumn => {
    const cells = table.column(name);
    const numbers = cells.map(numberOf);
    let present = 0;
    let numeric = 0;
    for (let i = 0; i < cells.length; i++) {
      if (isMissing(cells[i])) continue;
      present++;
      if (!Number.isNaN(numbers[i] as number)) numeric++;
    }
    const isNumeric = present > 0 && numeric >= NUMERIC_SHARE * present;
    return isNumeric ? fitNumeric(name, numbers, present < cells.length) : fitCategory(name, cells);
  });
  return { version: 1, columns, width: columns.reduce((s, c) => s + widthOf(c), 0) };
}

/** How a category column encodes: the slot of each level, the "other" slot, and the slot of a missing value. */
interface CategoryCode {
  slots: Map<string, number>;
  other: number;
  missing: number;
}

/** Built once per column (encoders are read-only once fitted). */
const codes = new WeakMap<CategoryColumn, CategoryCode>();

function codeOf(column: CategoryColumn): CategoryCode {
  let code = codes.get(column);
  if (!code) {
    const slots = new Map(column.levels.map((level, i) => [level, i]));
    const other = column.levels.length;
    // Missing markers were fitted as "": they take its slot when it has one.
    code = { slots, other, missing: slots.get("") ?? other };
    codes.set(column, code);
  }
  return code;
}

/** Writes a category cell's one-hot at `out[at …]` (slots zero). Unknown levels go to "other". */
function encodeCategory(code: CategoryCode, cell: Cell, out: Float32Array, at: number): void {
  // The common case first: the trimmed text is a level.
  const text = typeof cell === "string" ? cell.trim() : cell === null ? "" : String(cell);
  out[at + (code.slots.get(text) ?? (isMissing(text) ? code.missing : code.other))] = 1;
}

/** Writes a numeric cell's z-score and bins at `out[at …]` (slots zero); a missing one sets its indicator. */
function encodeNumber(column: NumericColumn, cell: Cell, out: Float32Array, at: number): void {
  const { mean, sd, edges } = column;
  const bins = Math.max(0, edges.length - 1);
  const x = numberOf(cell);
  if (Number.isNaN(x)) {
    if (column.missing) out[at + 1 + bins] = 1;
    return;
  }
  out[at] = Math.max(-Z_CLIP, Math.min(Z_CLIP, (x - mean) / sd));
  for (let t = 1; t <= bins; t++) {
    const lo = edges[t - 1] as number;
    const hi = edges[t] as number;
    out[at + t] = x >= hi ? 1 : x <= lo ? 0 : (x - lo) / (hi - lo);
  }
}

/** Writes one cell's encoding at `out[at …]`, whose slots must be zero. */
function encodeCell(column: EncodedColumn, cell: Cell, out: Float32Array, at: number): void {
  if (column.type === "category") encodeCategory(codeOf(column), cell, out, at);
  else encodeNumber(column, cell, out, at);
}

/** Encodes rows of `table` into a row-major matrix (rows × encoder.width). Unknown levels go to "other". */
export function encode(encoder: Encoder, table: Table): Float32Array {
  const n = table.rows;
  const width = encoder.width;
  const out = new Float32Array(n * width);
  let offset = 0;
  for (const column of encoder.columns) {
    const cells = table.column(column.name);
    // One loop per column type, so each stays monomorphic.
    if (column.type === "category") {
      const code = codeOf(column);
      for (let r = 0; r < n; r++) encodeCategory(code, cells[r] ?? null, out, r * width + offset);
    } else for (let r = 0; r < n; r++) encodeNumber(column, cells[r] ?? null, out, r * width + offset);
    offset += widthOf(column);
  }
  return out;
}

/** Where each column's slots start in an encoded row, in `encoder.columns` order. */
export function columnOffsets(encoder: Encoder): number[] {
  const offsets: number[] = [];
  let offset = 0;
  for (const column of encoder.columns) {
    offsets.push(offset);
    offset += widthOf(column);
  }
  return offsets;
}

/** Encodes one record (a missing key reads as missing) into `out` at `base`, whose slots must be zero. */
export function encodeRecord(
  encoder: Encoder,
  record: Readonly<Record<string, Cell | undefined>>,
  out: Float32Array = new Float32Array(encoder.width),
  base = 0,
): Float32Array {
  let offset = base;
  for (const column of encoder.columns) {
    encodeCell(column, record[column.name] ?? null, out, offset);
    offset += widthOf(column);
  }
  return out;
}

/**
 * Overwrites the slots of column `index` in the encoded row at `out[base …]` with the encoding of a
 * missing value, as if the record had no such field.
 */
export function blankColumn(
  encoder: Encoder,
  index: number,
  offset: number,
  out: Float32Array,
  base: number,
): void {
  const column = encoder.columns[index] as EncodedColumn;
  out.fill(0, base + offset, base + offset + widthOf(column));
  encodeCell(column, null, out, base + offset);
}

/** The encoded input names, one per slot (for reasons and for debugging). */
export function encodedNames(encoder: Encoder): string[] {
  const names: string[] = [];
  for (const column of encoder.columns) {
    if (column.type === "category") {
      for (const level of column.levels) names.push(`${column.name}=${level}`);
      names.push(`${column.name}=(other)`);
    } else {
      names.push(column.name);
      for (let t = 1; t < column.edges.length; t++) names.push(`${column.name}≥${column.edges[t - 1]}`);
      if (column.missing) names.push(`${column.name}=(missing)`);
    }
  }
  return names;
}
