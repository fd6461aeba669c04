/**
 * Bulk row operations shared by every repository: upsert by natural key, and
 * a lookup of which keys of a batch already exist (with their provenance).
 * Three implementations behind one interface: PostgreSQL uses one array
 * parameter per column (dialect/postgres/postgres-rows.ts); SQLite inside a
 * transaction uses cached prepared statements (dialect/sqlite/sqlite-rows.ts);
 * `kyselyRows` here, portable multi-row statements, serves SQLite outside
 * transactions, where the raw handle must not be used.
 */
import { type Insertable, type Kysely, sql } from "kysely";
import type { Database, TableName } from "./schema.js";

/** SQLite allows 32,766 bound parameters per statement, PostgreSQL 65,535; stay well below both. */
const MAX_PARAMETERS = 30_000;

// biome-ignore lint/suspicious/noExplicitAny: generic helpers over any table compile to the same SQL
type AnyDb = Kysely<any>;

/** Key columns → a single string, used to match rows to existing ones. */
export function keyOf(row: Record<string, unknown>, keys: readonly string[]): string {
  return keys.length === 1 ? String(row[keys[0] as string]) : keys.map((k) => String(row[k])).join("\u001f");
}

/** Where an existing row last came from. */
export interface Provenance {
  ingest_run: string | null;
  ingest_row: number | null;
}

/** Stored rows found by key, keyed by `keyOf`. */
export type ExistingRows = Map<string, Provenance & Record<string, unknown>>;

export interface BulkRows {
  /**
   * Inserts rows, replacing the non-key columns of rows whose key exists.
   * `keep` columns are written on insert but never overwritten (e.g. created_at).
   * The same key twice keeps the last row.
   */
  upsert<T extends TableName>(
    table: T,
    rows: readonly Insertable<Database[T]>[],
    keys: readonly string[],
    keep?: readonly string[],
  ): Promise<void>;
  /** For the key columns of `rows`, the stored rows (`select` columns plus provenance), keyed by `keyOf`. */
  existing(
    table: TableName,
    keys: readonly string[],
    rows: readonly Record<string, unknown>[],
    select?: readonly string[],
  ): Promise<ExistingRows>;
}

/** SQL identifier quoting shared by the raw-SQL bulk paths. */
export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What every upsert needs: the rows with one per key (the last), their
 * columns, and the `on conflict … do …` clause that replaces non-key columns
 * except `keep`.
 */
export function upsertPlan(rows: readonly object[], keys: readonly string[], keep: readonly string[]) {
  const unique = lastPerKey(rows, keys) as readonly Record<string, unknown>[];
  const columns = Object.keys(unique[0] ?? {});
  const update = columns.filter((c) => !keys.includes(c) && !keep.includes(c));
  const action =
    update.length === 0
      ? "do nothing"
      : `do update set ${update.map((c) => `${quoteIdentifier(c)} = excluded.${quoteIdentifier(c)}`).join(", ")}`;
  return { unique, columns, conflict: `on conflict (${keys.map(quoteIdentifier).join(", ")}) ${action}` };
}

/** Bulk rows through Kysely: portable multi-row statements. */
export function kyselyRows(db: Kysely<Database>): BulkRows {
  return {
    upsert: (table, rows, keys, keep = []) => upsertRows(db, table, rows, keys, keep),
    existing: (table, keys, rows, select = []) => existingRows(db, table, keys, rows, select),
  };
}

async function upsertRows<T extends TableName>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  keys: readonly string[],
  keep: readonly string[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  rows = lastPerKey(rows, keys);
  const columns = Object.keys(rows[0] as object);
  const update = columns.filter((c) => !keys.includes(c) && !keep.includes(c));
  const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    await (db as AnyDb)
      .insertInto(table)
      .values(slice as Record<string, unknown>[])
      .onConflict((oc) =>
        update.length === 0
          ? oc.columns(keys as string[]).doNothing()
          : oc.columns(keys as string[]).doUpdateSet(
              // biome-ignore lint/suspicious/noExplicitAny: column names are checked by the caller's Insertable type
              Object.fromEntries(update.map((c) => [c, sql.ref(`excluded.${c}`)])) as any,
            ),
      )
      .execute();
  }
}

/**
 * PostgreSQL refuses to upsert one key twice in a statement; SQLite applies
 * both in order. Keeping the last row per key gives both dialects SQLite's result.
 */
export function lastPerKey<R>(rows: readonly R[], keys: readonly string[]): readonly R[] {
  const byKey = new Map<string, R>();
  for (const row of rows) byKey.set(keyOf(row as Record<string, unknown>, keys), row);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

/** Composite keys are narrowed by every key column's value set and then matched exactly. */
async function existingRows(
  db: Kysely<Database>,
  table: TableName,
  keys: readonly string[],
  rows: readonly Record<string, unknown>[],
  extra: readonly string[] = [],
): Promise<ExistingRows> {
  const found: ExistingRows = new Map();
  if (rows.length === 0) return found;
  const wanted = new Set(rows.map((r) => keyOf(r, keys)));
  const perKeyValues = keys.map((k) => [...new Set(rows.map((r) => r[k] as string))]);
  const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / keys.length));
  const first = perKeyValues[0] as string[];
  for (let i = 0; i < first.length; i += chunk) {
    let query = (db as AnyDb)
      .selectFrom(table)
      .select([...new Set([...keys, ...extra, "ingest_run", "ingest_row"])])
      .where(keys[0] as string, "in", first.slice(i, i + chunk));
    keys.slice(1).forEach((k, j) => {
      query = query.where(k, "in", perKeyValues[j + 1] as string[]);
    });
    for (const row of (await query.execute()) as (Provenance & Record<string, unknown>)[]) {
      const key = keyOf(row, keys);
      if (wanted.has(key)) found.set(key, row);
    }
  }
  return found;
}

/** Parses a JSON text column, answering `fallback` for null or empty. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === "") return fallback;
  return JSON.parse(text) as T;
}
