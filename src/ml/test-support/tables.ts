/** Small tables for tests: column names and rows of cells. */
import { type Cell, Table } from "../table.js";

export function tableOf(columns: string[], rows: Cell[][]): Table {
  return Table.fromRecords(
    columns,
    rows.map((values, i) => ({
      row: i + 1,
      values: Object.fromEntries(columns.map((c, j) => [c, values[j] ?? null])),
    })),
  );
}
