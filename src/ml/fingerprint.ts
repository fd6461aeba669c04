/** A training data fingerprint: the same columns and values give the same hash, in any file format. */
import { createHash } from "node:crypto";
import type { Table } from "./table.js";

/** sha256 over column names and every cell, column by column. */
export function fingerprintOf(table: Table): string {
  const hash = createHash("sha256");
  for (const column of table.columns) {
    hash.update(column);
    hash.update("\u001e");
    const cells = table.column(column);
    // Cells joined per block: one update per cell would dominate the cost on large tables.
    for (let start = 0; start < cells.length; start += 4096)
      hash.update(
        cells
          .slice(start, start + 4096)
          .map((c) => (c === null ? "\u0000" : String(c)))
          .join("\u001f"),
      );
  }
  return `sha256:${hash.digest("hex")}`;
}
