/**
 * The batch writer shared by every kind except customers: resolve customer
 * references, split by existing keys (rejecting duplicates of this input),
 * then upsert rows built by the kind.
 */
import type { Insertable } from "kysely";
import type { Database, Store, TableName } from "../../store/index.js";
import type { BatchResult, ParsedRow, RowError, WriteContext } from "../kind.js";
import { resolveCustomers, splitByExisting } from "../references.js";

export interface KeyedWriterSpec<P, T extends TableName> {
  /** Store repository of the table. */
  repository: (store: Store) => {
    existing(
      rows: readonly Record<string, unknown>[],
    ): Promise<Map<string, { ingest_run: string | null; ingest_row: number | null }>>;
    upsert(rows: readonly Insertable<Database[T]>[]): Promise<void>;
  };
  keys: readonly string[];
  /** Fields that hold customer ids, resolved through identities. */
  customerFields: readonly string[];
  /** Extra checks on resolved rows (e.g. unknown products); answers the rows kept. */
  check?: (
    batch: ParsedRow<P>[],
    context: WriteContext,
  ) => Promise<{ kept: ParsedRow<P>[]; errors: RowError[] }>;
  /** The stored row (without provenance, which the writer adds). */
  toRow: (
    item: ParsedRow<P>,
    context: WriteContext,
  ) => Omit<Insertable<Database[T]>, "ingest_run" | "ingest_row">;
}

export function keyedWriter<P extends Record<string, unknown>, T extends TableName>(
  spec: KeyedWriterSpec<P, T>,
) {
  return async (batch: ParsedRow<P>[], context: WriteContext): Promise<BatchResult> => {
    const errors: RowError[] = [];
    let rows = batch;
    if (spec.customerFields.length > 0) {
      const result = await resolveCustomers(rows, spec.customerFields, context);
      rows = result.resolved;
      errors.push(...result.errors);
    }
    if (spec.check) {
      const result = await spec.check(rows, context);
      rows = result.kept;
      errors.push(...result.errors);
    }
    const built = rows.map((item) => ({ item, row: spec.toRow(item, context) as Record<string, unknown> }));
    const repo = spec.repository(context.store);
    const existing = await repo.existing(built.map((b) => b.row));
    const split = splitByExisting(
      built.map((b) => ({ row: b.item.row, value: b.row })),
      spec.keys,
      existing,
      context,
    );
    errors.push(...split.errors);
    const accepted = [...split.fresh, ...split.known];
    await repo.upsert(
      accepted.map(
        (a) =>
          ({ ...a.value, ingest_run: context.runId, ingest_row: a.row }) as unknown as Insertable<
            Database[T]
          >,
      ),
    );
    return { inserted: split.fresh.length, updated: split.known.length, errors };
  };
}
