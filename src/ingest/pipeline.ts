/**
 * The ingest pipeline, the same for files and API batches: map columns, type
 * each row with the kind's zod schema and the attribute types, then write
 * batch by batch, each batch in one transaction with the run's counters, so a
 * crash leaves whole batches only and a re-run converges to the same state.
 */
import { type Clock, errorMessage, NudgeError, newId, systemClock } from "../core/index.js";
import type { AttributeType, Store } from "../store/index.js";
import { convertAttribute, inferAttributeType } from "./attributes.js";
import { type ColumnPlan, planColumns, ROW_NUMBER_COLUMN, requireColumns } from "./columns.js";
import { PersonKeyer } from "./identity.js";
import type { IngestKind, KindSpec, ParsedRow, RowError, WriteContext } from "./kind.js";
import { kindSpec } from "./kinds/index.js";
import type { RawRecord, ReadItem } from "./readers/index.js";
import { isBlank, ValueError } from "./values.js";

/** How many errors a report lists; all are counted. */
export const MAX_REPORTED_ERRORS = 100;
/** Rows written per transaction. */
export const WRITE_BATCH_ROWS = 5000;

export interface IngestOptions {
  /** Where the rows come from, for the run record and the audit log (file path or "api"). */
  source: string;
  /** Who asked (CLI user or API key id), for the audit log. */
  actor?: string;
  /** source column → canonical field */
  mapping?: ReadonlyMap<string, string>;
  /** Declared attribute types; others are inferred from the first rows. */
  attributeTypes?: ReadonlyMap<string, AttributeType>;
  subsidiary?: string;
  idPrefix?: string;
  /** Secret for hashing personal identifiers; required when the input has them. */
  piiKey?: string;
  clock?: Clock;
  /** Called after every batch with the rows seen so far. */
  onProgress?: (rowsSeen: number) => void;
}

/** What an ingest run did. */
export interface IngestReport {
  run: string;
  kind: IngestKind;
  source: string;
  inserted: number;
  updated: number;
  rejected: number;
  /** The first MAX_REPORTED_ERRORS rejects, in row order. */
  errors: RowError[];
  /** Input columns that were not used, with why. */
  ignoredColumns: { column: string; reason: string }[];
  seconds: number;
}

class Run {
  readonly report: IngestReport;
  readonly started = performance.now();
  rowsSeen = 0;

  constructor(kind: IngestKind, source: string, run: string) {
    this.report = {
      run,
      kind,
      source,
      inserted: 0,
      updated: 0,
      rejected: 0,
      errors: [],
      ignoredColumns: [],
      seconds: 0,
    };
  }

  reject(errors: readonly RowError[]): void {
    this.report.rejected += errors.length;
    for (const error of errors) {
      if (this.report.errors.length >= MAX_REPORTED_ERRORS) break;
      this.report.errors.push(error);
    }
  }
}

/** Ingests batches of records (from a file reader or an API body) into the store. */
export async function ingest(
  store: Store,
  kind: IngestKind,
  batches: AsyncIterable<ReadItem[]> | Iterable<ReadItem[]>,
  options: IngestOptions,
  fixedColumns: readonly string[] | null = null,
): Promise<IngestReport> {
  const spec = kindSpec(kind) as KindSpec<Record<string, unknown>>;
  const clock = options.clock ?? systemClock;
  const mapping = options.mapping ?? new Map();
  const run = new Run(kind, options.source, newId("run"));
  const attributeTypes = await prepareAttributeTypes(store, spec, options.attributeTypes, clock);
  const plans = new Map<string, ColumnPlan>();
  let keyer: PersonKeyer | undefined;

  const planFor = (columns: readonly string[]): ColumnPlan => {
    const signature = columns.join("\u0000");
    let plan = plans.get(signature);
    if (!plan) {
      plan = planColumns(spec as KindSpec<unknown>, columns, mapping);
      if (fixedColumns) requireColumns(spec as KindSpec<unknown>, plan, columns);
      for (const c of plan.columns) {
        if (c.role === "ignored" && !run.report.ignoredColumns.some((i) => i.column === c.source)) {
          run.report.ignoredColumns.push({ column: c.source, reason: c.why ?? "not used" });
        }
      }
      if (!keyer && plan.columns.some((c) => c.role === "standard" && spec.piiColumns.includes(c.target))) {
        keyer = new PersonKeyer(options.piiKey);
      }
      plans.set(signature, plan);
    }
    return plan;
  };
  if (fixedColumns) planFor(fixedColumns);

  await store.ingestRuns.start({
    id: run.report.run,
    kind,
    source: options.source,
    started_at: clock.now().toISOString(),
    finished_at: null,
    status: "running",
    inserted: 0,
    updated: 0,
    rejected: 0,
  });

  let status = "failed";
  try {
    let pending: RawRecord[] = [];
    let unreadable: RowError[] = [];
    let analyzedAt = 0;
    const flush = async () => {
      if (pending.length === 0 && unreadable.length === 0) return;
      const records = pending;
      const lineErrors = unreadable;
      pending = [];
      unreadable = [];
      await writeBatch(store, spec, records, lineErrors, run, {
        planFor,
        attributeTypes,
        keyer: () => keyer,
        clock,
        options,
      });
      // Statistics after the first batch and then each time the load doubles: log(n) refreshes in all.
      const written = run.report.inserted;
      if (written > 0 && written >= analyzedAt * 2) {
        analyzedAt = written;
        await store.refreshStatistics(spec.tables);
      }
      options.onProgress?.(run.rowsSeen);
    };
    for await (const items of batches) {
      for (const item of items) {
        run.rowsSeen++;
        if (item.kind === "error") {
          unreadable.push({
            row: item.error.row,
            field: item.error.field ?? "(line)",
            message: item.error.message,
          });
        } else {
          pending.push(item.record);
          if (pending.length >= WRITE_BATCH_ROWS) await flush();
        }
      }
    }
    await flush();
    status = "done";
  } finally {
    run.report.seconds = Math.round((performance.now() - run.started) / 10) / 100;
    const finishedAt = clock.now().toISOString();
    const { inserted, updated, rejected } = run.report;
    await store.ingestRuns
      .finish(run.report.run, { status, finished_at: finishedAt, inserted, updated, rejected })
      .catch(() => {});
    await store.audit
      .record({
        id: newId("aud"),
        at: finishedAt,
        actor: options.actor ?? "cli",
        action: `ingest.${kind}`,
        target: options.source,
        details: JSON.stringify({ run: run.report.run, status, inserted, updated, rejected }),
      })
      .catch(() => {});
  }
  return run.report;
}

interface BatchTools {
  planFor: (columns: readonly string[]) => ColumnPlan;
  attributeTypes: Map<string, AttributeType>;
  keyer: () => PersonKeyer | undefined;
  clock: Clock;
  options: IngestOptions;
}

async function writeBatch(
  store: Store,
  spec: KindSpec<Record<string, unknown>>,
  records: RawRecord[],
  lineErrors: RowError[],
  run: Run,
  tools: BatchTools,
): Promise<void> {
  const plans = records.map((r) => tools.planFor(Object.keys(r.values)));
  const newAttributes = declareNewAttributes(spec, records, plans, tools);
  const parsed: ParsedRow<Record<string, unknown>>[] = [];
  const errors: RowError[] = [...lineErrors];
  records.forEach((record, i) => {
    const result = parseRecord(spec, record, plans[i] as ColumnPlan, tools.attributeTypes);
    if ("error" in result) errors.push(result.error);
    else parsed.push(result);
  });
  const now = tools.clock.now().toISOString();
  await store.transaction(async (tx) => {
    if (spec.attributeEntity && newAttributes.size > 0)
      await tx.attributes.declare(spec.attributeEntity, newAttributes, now);
    const context: WriteContext = {
      store: tx,
      runId: run.report.run,
      now,
      subsidiary: tools.options.subsidiary,
      idPrefix: tools.options.idPrefix ?? "",
      keyer: tools.keyer(),
    };
    const result =
      parsed.length > 0 ? await spec.write(parsed, context) : { inserted: 0, updated: 0, errors: [] };
    const batchErrors = [...errors, ...result.errors].sort((a, b) => a.row - b.row);
    run.report.inserted += result.inserted;
    run.report.updated += result.updated;
    run.reject(batchErrors);
    const { inserted, updated, rejected } = run.report;
    await tx.ingestRuns.finish(run.report.run, {
      status: "running",
      finished_at: now,
      inserted,
      updated,
      rejected,
    });
  });
}

function parseRecord(
  spec: KindSpec<Record<string, unknown>>,
  record: RawRecord,
  plan: ColumnPlan,
  attributeTypes: ReadonlyMap<string, AttributeType>,
): ParsedRow<Record<string, unknown>> | { error: RowError } {
  const standard: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const column of plan.columns) {
    const value = column.source === ROW_NUMBER_COLUMN ? String(record.row) : record.values[column.source];
    if (column.role === "standard") standard[column.target] = value;
    else if (column.role === "attribute" && !isBlank(value)) {
      const type = attributeTypes.get(column.target) ?? "string";
      try {
        attributes[column.target] = convertAttribute(type, value);
      } catch (error) {
        const reason = error instanceof ValueError ? error.message : errorMessage(error);
        return {
          error: { row: record.row, field: column.target, message: `${reason} (the attribute is ${type})` },
        };
      }
    }
  }
  const result = spec.row.parse(standard);
  if ("error" in result) return { error: { row: record.row, ...result.error } };
  return { row: record.row, value: result.value, attributes };
}

/** Declared types are recorded before any row; a declaration that contradicts a stored type is refused. */
async function prepareAttributeTypes(
  store: Store,
  spec: KindSpec<unknown>,
  declared: ReadonlyMap<string, AttributeType> | undefined,
  clock: Clock,
): Promise<Map<string, AttributeType>> {
  if (!spec.attributeEntity) return new Map();
  const stored = await store.attributes.types(spec.attributeEntity);
  for (const [name, type] of declared ?? []) {
    const existing = stored.get(name);
    if (existing && existing !== type) {
      throw new NudgeError(
        "CONFLICT",
        `attribute '${name}' is stored as ${existing}; it cannot be declared ${type}. Use another name for the new meaning`,
      );
    }
  }
  const fresh = new Map([...(declared ?? [])].filter(([name]) => !stored.has(name)));
  await store.attributes.declare(spec.attributeEntity, fresh, clock.now().toISOString());
  return new Map([...stored, ...fresh]);
}

/** Infers the types of attributes first seen in this batch, from this batch's values. */
function declareNewAttributes(
  spec: KindSpec<unknown>,
  records: readonly RawRecord[],
  plans: readonly ColumnPlan[],
  tools: BatchTools,
): Map<string, AttributeType> {
  const fresh = new Map<string, AttributeType>();
  if (!spec.attributeEntity) return fresh;
  const unseen = new Map<string, string>();
  for (const plan of new Set(plans)) {
    for (const c of plan.columns) {
      if (c.role === "attribute" && !tools.attributeTypes.has(c.target)) unseen.set(c.target, c.source);
    }
  }
  for (const [target, source] of unseen) {
    const type = inferAttributeType(records.map((r) => r.values[source]));
    fresh.set(target, type);
    tools.attributeTypes.set(target, type);
  }
  return fresh;
}
