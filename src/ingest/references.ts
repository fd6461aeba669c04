/**
 * Shared batch steps: resolving customer references through identities and
 * splitting a batch into new rows, updates and duplicates of rows already
 * taken from the same input.
 */
import { AMBIGUOUS, keyOf, type Provenance } from "../store/index.js";
import type { RowError, WriteContext } from "./kind.js";

/**
 * Replaces the customer id in `fields` of each row by the stored customer it
 * names; rows naming unknown or ambiguous customers become errors.
 */
export async function resolveCustomers<R extends { row: number; value: Record<string, unknown> }>(
  batch: readonly R[],
  fields: readonly string[],
  context: WriteContext,
): Promise<{ resolved: R[]; errors: RowError[] }> {
  const ids = batch.flatMap((r) => fields.map((f) => r.value[f] as string));
  const known = await context.store.identities.resolve(ids, context.subsidiary);
  const resolved: R[] = [];
  const errors: RowError[] = [];
  for (const item of batch) {
    const problem = fields.find((f) => {
      const id = known.get(item.value[f] as string);
      return id === undefined || id === AMBIGUOUS;
    });
    if (problem === undefined) {
      const value = { ...item.value };
      for (const f of fields) value[f] = known.get(item.value[f] as string);
      resolved.push({ ...item, value });
      continue;
    }
    const id = item.value[problem] as string;
    const message =
      known.get(id) === AMBIGUOUS
        ? `customer '${id}' is ambiguous: several subsidiaries use this id; pass --subsidiary`
        : `unknown customer '${id}'${context.subsidiary ? ` in subsidiary ${context.subsidiary}` : ""}: ingest customers first`;
    errors.push({ row: item.row, field: problem, message });
  }
  return { resolved, errors };
}

/**
 * Splits rows by whether their key is already stored. A key stored by this
 * same run (or repeated inside the batch) is a duplicate in the input: the
 * first occurrence is kept, later ones are rejected naming it.
 */
export function splitByExisting<R extends { row: number; value: Record<string, unknown> }>(
  batch: readonly R[],
  keys: readonly string[],
  existing: ReadonlyMap<string, Provenance>,
  context: WriteContext,
  describe: (row: R) => string = (r) => keys.map((k) => String(r.value[k])).join("/"),
  field: string = keys.join("+"),
): { fresh: R[]; known: R[]; errors: RowError[] } {
  const fresh: R[] = [];
  const known: R[] = [];
  const errors: RowError[] = [];
  const firstInBatch = new Map<string, number>();
  for (const item of batch) {
    const key = keyOf(item.value, keys);
    const stored = existing.get(key);
    const firstRow =
      firstInBatch.get(key) ?? (stored?.ingest_run === context.runId ? stored.ingest_row : undefined);
    if (firstRow !== undefined && firstRow !== null) {
      errors.push({
        row: item.row,
        field,
        message: `duplicate of row ${firstRow} (${describe(item)}); the first is kept`,
      });
      continue;
    }
    firstInBatch.set(key, item.row);
    (stored ? known : fresh).push(item);
  }
  return { fresh, known, errors };
}
