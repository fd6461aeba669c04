/**
 * A table of raw values held by column: what datasets are read into before encoding. Values are the
 * readers' raw values (string, number, boolean or null); a CSV gives strings, JSONL and Parquet typed values.
 */
import { NudgeError } from "../core/index.js";

export type Cell = string | number | boolean | null;

export class Table {
  private constructor(
    /** Column names in input order. */
    readonly columns: readonly string[],
    private readonly data: ReadonlyMap<string, Cell[]>,
    /** The source row number of each row (1-based, as the readers number them). */
    readonly rowNumbers: readonly number[],
  ) {}

  /** Number of rows. */
  get rows(): number {
    return this.rowNumbers.length;
  }

  /** Builds a table from records; a column missing from a record is null there. */
  static fromRecords(
    columns: readonly string[],
    records: Iterable<{ row: number; values: Record<string, Cell | undefined> }>,
  ): Table {
    const data = new Map<string, Cell[]>(columns.map((c) => [c, []]));
    const rowNumbers: number[] = [];
    for (const record of records) {
      rowNumbers.push(record.row);
      for (const column of columns) (data.get(column) as Cell[]).push(record.values[column] ?? null);
    }
    return new Table(columns, data, rowNumbers);
  }

  /** The values of one column; fails naming the column when it is absent. */
  column(name: string): readonly Cell[] {
    const values = this.data.get(name);
    if (!values)
      throw new NudgeError("INPUT_INVALID", `no column '${name}' (columns: ${this.columns.join(", ")})`, {
        field: name,
      });
    return values;
  }

  has(name: string): boolean {
    return this.data.has(name);
  }

  /** The rows at the given positions, in that order. */
  pick(rows: ArrayLike<number>): Table {
    const data = new Map<string, Cell[]>();
    for (const [name, values] of this.data)
      data.set(
        name,
        Array.from(rows, (r) => values[r] ?? null),
      );
    return new Table(
      this.columns,
      data,
      Array.from(rows, (r) => this.rowNumbers[r] ?? r + 1),
    );
  }
}

/** Cells that mean "no value" in files: empty, NA, null, NaN, ?. */
const MISSING_TEXT = new Set(["", "na", "n/a", "nan", "null", "none", "?"]);

/** True when a cell holds no value. */
export function isMissing(cell: Cell | undefined): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === "number") return !Number.isFinite(cell);
  if (typeof cell === "string") return MISSING_TEXT.has(cell.trim().toLowerCase());
  return false;
}

/** The number in a cell, or NaN when it holds none (booleans count 1/0). */
export function numberOf(cell: Cell | undefined): number {
  if (typeof cell === "number") return Number.isFinite(cell) ? cell : Number.NaN;
  if (typeof cell === "boolean") return cell ? 1 : 0;
  if (typeof cell !== "string") return Number.NaN;
  // Number() is the fast path (this runs once per cell when encoding millions of rows); it also accepts
  // "" (as 0), "0x1f", "0b1" and "0o7", which are not numbers in data files.
  const text = cell.trim();
  if (text === "") return Number.NaN;
  const second = text.charCodeAt(1);
  if (text.charCodeAt(0) === ZERO && (RADIX_LETTERS as readonly number[]).includes(second)) return Number.NaN;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

const ZERO = 48;
/** x, X, b, B, o, O after a leading zero: radix prefixes Number() understands. */
const RADIX_LETTERS = [120, 88, 98, 66, 111, 79] as const;
