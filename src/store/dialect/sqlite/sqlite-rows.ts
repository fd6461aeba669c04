/**
 * Bulk rows on SQLite through cached prepared statements: SQLite runs in-process, so a cached statement
 * inside one transaction beats compiling a large multi-row statement per batch. Upserts bind
 * ROWS_PER_STATEMENT rows per call (about a quarter less time per row than one row per call), the rest
 * one by one. Key lookups send the batch's keys as one JSON array joined in SQL (`json_each`): one call
 * per batch (per value of the other key columns) instead of one per key, which cost twenty times as
 * much per key. Used only inside a transaction, where the connection is ours (see Store.transaction).
 */
import type BetterSqlite3 from "better-sqlite3";
import { type BulkRows, type ExistingRows, keyOf, quoteIdentifier, upsertPlan } from "../../rows.js";

const quote = quoteIdentifier;

/** Rows bound per upsert statement: past ~32 the gain flattens. */
const ROWS_PER_STATEMENT = 32;
/** SQLite allows 32,766 bound parameters per statement; stay well below. */
const MAX_PARAMETERS = 30_000;

/** better-sqlite3 binds numbers, strings, bigints, buffers and null only. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

/** Whether a key value survives a trip through JSON unchanged. */
const jsonSafe = (value: unknown) => value === null || typeof value === "string" || typeof value === "number";

type Found = ExistingRows extends Map<string, infer V> ? V : never;

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
      const width = columns.length;
      const tuple = `(${columns.map(() => "?").join(", ")})`;
      const insert = (count: number) =>
        prepare(
          `insert into ${quote(table)} (${columns.map(quote).join(", ")}) values ${new Array(count).fill(tuple).join(", ")} ${conflict}`,
        );
      const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / width)));
      /** Binds `count` rows from `from` into `values` and runs `statement` (made for that many rows). */
      const write = (
        statement: ReturnType<typeof insert>,
        values: unknown[],
        from: number,
        count: number,
      ) => {
        let v = 0;
        for (let r = from; r < from + count; r++) {
          const row = unique[r] as Record<string, unknown>;
          for (let c = 0; c < width; c++) values[v++] = bindable(row[columns[c] as string]);
        }
        statement.run(values);
      };
      // Whole groups of perStatement rows, then the rest one by one.
      let i = 0;
      if (unique.length >= perStatement) {
        const statement = insert(perStatement);
        const values = new Array<unknown>(width * perStatement);
        for (; i + perStatement <= unique.length; i += perStatement)
          write(statement, values, i, perStatement);
      }
      if (i < unique.length) {
        const statement = insert(1);
        const values = new Array<unknown>(width);
        for (; i < unique.length; i++) write(statement, values, i, 1);
      }
    },

    async existing(table, keys, rows, select = []) {
      const found: ExistingRows = new Map();
      if (rows.length === 0) return found;
      const columns = [...new Set([...keys, ...select, "ingest_run", "ingest_row"])];
      const wanted = new Map<string, unknown>();
      for (const row of rows) {
        const key = keyOf(row, keys);
        if (wanted.has(key)) continue;
        const values = keys.map((k) => bindable(row[k]));
        wanted.set(key, keys.length === 1 ? values[0] : values);
      }
      if ([...wanted.values()].every((v) => (Array.isArray(v) ? v.every(jsonSafe) : jsonSafe(v)))) {
        // The first key column's values go as one JSON array, per distinct value of the other key
        // columns (a handful of subsidiaries, say): one call per group, one index probe per key.
        const groups = new Map<string, { rest: unknown[]; firsts: unknown[] }>();
        for (const value of wanted.values()) {
          const [first, ...rest] = keys.length === 1 ? [value] : (value as unknown[]);
          const signature = rest.length === 1 ? `${typeof rest[0]}:${rest[0]}` : JSON.stringify(rest);
          let group = groups.get(signature);
          if (!group) {
            group = { rest, firsts: [] };
            groups.set(signature, group);
          }
          group.firsts.push(first);
        }
        const [head, ...tail] = keys.map(quote);
        // CROSS JOIN keeps the keys as the outer loop whatever the statistics say.
        const statement = prepare(
          `select ${columns.map((c) => `t.${quote(c)}`).join(", ")} from json_each(?) k cross join ${quote(table)} t ` +
            `on t.${head} = k.value ${tail.map((k) => `and t.${k} = ?`).join(" ")} ` +
            // Redundant for the join, but it lets the planner use partial indexes (… where key is not null).
            `where ${keys.map((k) => `t.${quote(k)} is not null`).join(" and ")}`,
        );
        for (const { rest, firsts } of groups.values()) {
          for (const stored of statement.all(JSON.stringify(firsts), ...rest) as Found[])
            found.set(keyOf(stored, keys), stored);
        }
        return found;
      }
      const statement = prepare(
        `select ${columns.map(quote).join(", ")} from ${quote(table)} where ${keys.map((k) => `${quote(k)} = ?`).join(" and ")}`,
      );
      for (const [key, value] of wanted) {
        const stored = statement.get(keys.length === 1 ? [value] : (value as unknown[])) as Found | undefined;
        if (stored) found.set(key, stored);
      }
      return found;
    },
  };
}
