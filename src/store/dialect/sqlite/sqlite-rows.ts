/**
 * Bulk rows on SQLite through cached prepared statements, one row per call:
 * SQLite runs in-process, so a prepared single-row upsert inside one
 * transaction is several times faster than compiling and preparing a large
 * multi-row statement per batch. Used only inside a transaction, where the
 * connection is ours (see Store.transaction).
 */
import type BetterSqlite3 from "better-sqlite3";
import { type BulkRows, type ExistingRows, keyOf, quoteIdentifier, upsertPlan } from "../../rows.js";

const quote = quoteIdentifier;

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

export function sqliteRows(database: BetterSqlite3.Database): BulkRows {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  return {
    async upsert(table, rows, keys, keep = []) {
      if (rows.length === 0) return;
      const { unique, columns, conflict } = upsertPlan(rows, keys, keep);
      const statement = prepare(
        `insert into ${quote(table)} (${columns.map(quote).join(", ")}) values (${columns.map(() => "?").join(", ")}) ${conflict}`,
      );
      const values = new Array<unknown>(columns.length);
      for (const row of unique) {
        for (let i = 0; i < columns.length; i++) values[i] = bindable(row[columns[i] as string]);
        statement.run(values);
      }
    },

    async existing(table, keys, rows, select = []) {
      const found: ExistingRows = new Map();
      const columns = [...new Set([...keys, ...select, "ingest_run", "ingest_row"])];
      const statement = prepare(
        `select ${columns.map(quote).join(", ")} from ${quote(table)} where ${keys.map((k) => `${quote(k)} = ?`).join(" and ")}`,
      );
      const seen = new Set<string>();
      for (const row of rows) {
        const key = keyOf(row, keys);
        if (seen.has(key)) continue;
        seen.add(key);
        const stored = statement.get(keys.map((k) => bindable(row[k]))) as ExistingRows extends Map<
          string,
          infer V
        >
          ? V | undefined
          : never;
        if (stored) found.set(key, stored);
      }
      return found;
    },
  };
}
