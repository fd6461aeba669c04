/** Binary targets from table columns: which value counts as the positive class, and 0/1 per row. */
import { NudgeError } from "../core/index.js";
import { type Cell, isMissing, type Table } from "./table.js";

/** Values read as "yes" in a target column (case-insensitive). */
const POSITIVE = new Set(["1", "yes", "y", "true", "t"]);
/** Values read as "no". */
const NEGATIVE = new Set(["0", "no", "n", "false", "f"]);

export interface Target {
  column: string;
  /** The value that means positive, as written in the data. */
  positive: string;
}

function textOf(cell: Cell): string {
  return String(cell).trim();
}

/**
 * Finds the positive value of a binary target column: yes/true/1 when the column uses those words, else the
 * rarer of exactly two values. Fails naming the column (and a row) when it is not binary or has gaps.
 */
export function targetOf(table: Table, column: string): Target {
  const cells = table.column(column);
  const counts = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (isMissing(cell))
      throw new NudgeError("INPUT_INVALID", `row ${table.rowNumbers[i]}: target '${column}' is empty`, {
        row: table.rowNumbers[i],
        field: column,
      });
    const text = textOf(cell);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  });
  const values = [...counts.keys()];
  if (values.length > 2)
    throw new NudgeError(
      "INPUT_INVALID",
      `target '${column}' must have two values, found ${values.length} (${values.slice(0, 5).join(", ")}…)`,
      { field: column },
    );
  const known = values.find((v) => POSITIVE.has(v.toLowerCase()));
  if (known !== undefined) return { column, positive: known };
  if (values.length === 2 && values.every((v) => !NEGATIVE.has(v.toLowerCase()))) {
    const [a, b] = values as [string, string];
    const rarer = (counts.get(a) ?? 0) <= (counts.get(b) ?? 0) ? a : b;
    return { column, positive: rarer };
  }
  throw new NudgeError(
    "INPUT_INVALID",
    `target '${column}' has no positive rows (values: ${values.join(", ")})`,
    {
      field: column,
    },
  );
}

/** 0/1 per row and target, row-major (rows × targets). */
export function labelMatrix(table: Table, targets: readonly Target[]): Float32Array {
  const out = new Float32Array(table.rows * targets.length);
  targets.forEach((target, k) => {
    const cells = table.column(target.column);
    for (let r = 0; r < table.rows; r++)
      out[r * targets.length + k] = textOf(cells[r] ?? "") === target.positive ? 1 : 0;
  });
  return out;
}
