/**
 * What every ingest kind provides: its canonical columns, a row schema (zod)
 * that validates and types one row, and a batch writer that resolves references, rejects
 * duplicates and upserts. The pipeline (pipeline.ts) is the same for all kinds.
 */
import type { Store, TableName } from "../store/index.js";
import type { RowSchema } from "./fields.js";
import type { PersonKeyer } from "./identity.js";

export const INGEST_KINDS = [
  "customers",
  "products",
  "holdings",
  "events",
  "relations",
  "outcomes",
  "messages",
] as const;
/** The kinds of rows Nudge ingests. */
export type IngestKind = (typeof INGEST_KINDS)[number];

/** Why one input row was not stored. */
export interface RowError {
  row: number;
  field: string;
  message: string;
}

/** A validated row: standard fields typed by the kind's schema, extras typed as attributes. */
export interface ParsedRow<P> {
  row: number;
  value: P;
  attributes: Record<string, unknown>;
}

/** Counts of one written batch, plus the rows the writer refused. */
export interface BatchResult {
  inserted: number;
  updated: number;
  errors: RowError[];
}

/** What a batch writer may use: the transaction's store and the run's settings. */
export interface WriteContext {
  store: Store;
  runId: string;
  now: string;
  /** Restricts customer references to one subsidiary's ids; names the source of customer rows. */
  subsidiary: string | undefined;
  /** Prepended to customer ids of new customers (keeps subsidiaries' id spaces apart). */
  idPrefix: string;
  /** Present when the input carries personal identifiers. */
  keyer: PersonKeyer | undefined;
}

export interface KindSpec<P> {
  kind: IngestKind;
  /** Tables the writer fills (their planner statistics are refreshed as they grow). */
  tables: readonly TableName[];
  /** The attribute entity when extra columns are kept as typed attributes, else extras are ignored. */
  attributeEntity: "customer" | "product" | undefined;
  /** Personal identifier columns (hashed, never stored) — customers only. */
  piiColumns: readonly string[];
  /** Validates (zod) and converts one row of standard fields; knows the canonical and required columns. */
  row: RowSchema<P>;
  write(batch: ParsedRow<P>[], context: WriteContext): Promise<BatchResult>;
}
