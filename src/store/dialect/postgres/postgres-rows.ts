/**
 * Bulk rows on PostgreSQL with one array parameter per column:
 * `insert … select * from unnest($1::text[], $2::integer[], …) on conflict …`.
 * A batch of any size is one short statement with a handful of parameters,
 * instead of a multi-row VALUES list whose SQL text and parameter count grow
 * with the batch (and hit the 65,535-parameter limit).
 */
import { CompiledQuery, type Kysely } from "kysely";
import {
  type BulkRows,
  type ExistingRows,
  keyOf,
  lastPerKey,
  quoteIdentifier,
  upsertPlan,
} from "../../rows.js";
import type { Database } from "../../schema.js";

const quote = quoteIdentifier;

/** Column → SQL type, per table; shared by a store and its transactions. */
export type ColumnTypes = Map<string, Promise<Map<string, string>>>;

export function postgresRows(db: Kysely<Database>, columnTypes: ColumnTypes): BulkRows {
  /** Column → SQL type of a table in the current schema, looked up once. */
  const typesOf = (table: string) => {
    let types = columnTypes.get(table);
    if (!types) {
      types = db
        .executeQuery<{ column_name: string; data_type: string }>(
          CompiledQuery.raw(
            "select column_name, data_type from information_schema.columns where table_schema = current_schema() and table_name = $1",
            [table],
          ),
        )
        .then((result) => new Map(result.rows.map((r) => [r.column_name, r.data_type])));
      columnTypes.set(table, types);
    }
    return types;
  };

  const arrays = async (
    table: string,
    columns: readonly string[],
    rows: readonly Record<string, unknown>[],
  ) => {
    const types = await typesOf(table);
    const casts = columns.map((c, i) => `$${i + 1}::${types.get(c) ?? "text"}[]`);
    const values = columns.map((c) => rows.map((r) => r[c] ?? null));
    return { casts, values };
  };

  return {
    async upsert(table, rows, keys, keep = []) {
      if (rows.length === 0) return;
      const { unique, columns, conflict } = upsertPlan(rows, keys, keep);
      const { casts, values } = await arrays(table, columns, unique);
      await db.executeQuery(
        CompiledQuery.raw(
          `insert into ${quote(table)} (${columns.map(quote).join(", ")}) ` +
            `select * from unnest(${casts.join(", ")}) ${conflict}`,
          values,
        ),
      );
    },

    async existing(table, keys, rows, select = []) {
      const found: ExistingRows = new Map();
      if (rows.length === 0) return found;
      const unique = lastPerKey(rows, keys) as readonly Record<string, unknown>[];
      const { casts, values } = await arrays(table, keys, unique);
      const columns = [...new Set([...keys, ...select, "ingest_run", "ingest_row"])];
      // One index probe per key, forced: a plain join of the keys lets the planner pick a hash or merge
      // join over the whole table, whose cost grows with the table (it made a 1,000,000-row load
      // quadratic). OFFSET 0 keeps the lateral subquery from being flattened back into such a join.
      const result = await db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(
          `select ${columns.map((c) => `t.${quote(c)}`).join(", ")} ` +
            `from unnest(${casts.join(", ")}) as k(${keys.map(quote).join(", ")}) cross join lateral (` +
            `select ${columns.map((c) => `s.${quote(c)}`).join(", ")} from ${quote(table)} s ` +
            `where ${keys.map((k) => `s.${quote(k)} = k.${quote(k)}`).join(" and ")} ` +
            // Redundant for the match, but it lets the planner use partial indexes (… where key is not null).
            `and ${keys.map((k) => `s.${quote(k)} is not null`).join(" and ")} offset 0) t`,
          values,
        ),
      );
      for (const row of result.rows)
        found.set(keyOf(row, keys), row as ExistingRows extends Map<string, infer V> ? V : never);
      return found;
    },
  };
}
