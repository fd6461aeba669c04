/**
 * The shared shape of ingested aggregates: rows with a natural key that are
 * upserted in batches and checked for prior existence. Specific repositories
 * extend it with their own reads.
 */
import { type Insertable, type Kysely, sql } from "kysely";
import type { BulkRows } from "../rows.js";
import type { Database, TableName } from "../schema.js";

export class KeyedRepository<T extends TableName> {
  constructor(
    protected readonly db: Kysely<Database>,
    protected readonly rows: BulkRows,
    readonly table: T,
    readonly keys: readonly string[],
    private readonly keep: readonly string[] = [],
  ) {}

  /** Inserts rows or replaces those whose key exists (except `keep` columns). */
  async upsert(rows: readonly Insertable<Database[T]>[]): Promise<void> {
    await this.rows.upsert(this.table, rows, this.keys, this.keep);
  }

  /** Provenance of the rows among `rows` (by key) that are already stored. */
  existing(rows: readonly Record<string, unknown>[]) {
    return this.rows.existing(this.table, this.keys, rows);
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom(this.table as TableName)
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
