/** What every reader yields: records with their row numbers, or per-row errors that do not stop the stream. */

export type FileFormat = "csv" | "jsonl" | "parquet";
export type RawValue = string | number | boolean | null;

/**
 * One input record. `row` is the 1-based data record number for CSV (the header is not a row, blank lines
 * are skipped) and Parquet, and the 1-based line number for JSONL.
 */
export interface RawRecord {
  row: number;
  values: Record<string, RawValue>;
}

/** A record that could not be read at all (malformed line, bad JSON, oversized field). */
export interface RecordError {
  row: number;
  field?: string;
  message: string;
}

export type ReadItem = { kind: "record"; record: RawRecord } | { kind: "error"; error: RecordError };

export interface ReadOptions {
  /** csv | jsonl | parquet; from the file name (or content) when absent. */
  format?: FileFormat;
  /** Text encoding for CSV and JSONL: utf8 (default), gbk, gb18030, latin1, utf16le… */
  encoding?: string;
  /** CSV delimiter, one character (`tab` and `\t` name the tab); detected from the header when absent. */
  delimiter?: string;
  /** Largest field (a JSONL line) accepted, in characters (bytes for ASCII text); default 4 MiB. */
  maxFieldBytes?: number;
  /** Read-stream chunk size in bytes (tests use tiny ones to cross chunk boundaries). */
  highWaterMark?: number;
}

/** An open input: its columns (null when records carry their own, as in JSONL), size and batches. */
export interface RecordSource {
  format: FileFormat;
  /** Column names from the header (CSV) or schema (Parquet); null for JSONL. */
  columns: string[] | null;
  /** File size in bytes, for a progress bar. */
  totalBytes: number | null;
  /** Bytes consumed so far (runs at most one read chunk ahead of the records yielded). */
  bytesRead(): number;
  /** Batches of at most READ_BATCH items, in row order; iterate once. */
  items: AsyncIterable<ReadItem[]>;
  /** Stops early and releases the file; not needed after iterating to the end. */
  close(): Promise<void>;
}

/**
 * Items per yielded batch. Small enough that a batch dies young (large batches get promoted to the old
 * generation and garbage collection then dominates), large enough that per-batch overhead vanishes.
 */
export const READ_BATCH = 1000;
/** Default cap on one field (and on one JSONL line), in characters. */
export const MAX_FIELD_CHARS = 4 * 1024 * 1024;
/** A CSV record may hold several large fields; the whole record is capped at this many times the field cap. */
export const RECORD_TO_FIELD_RATIO = 4;
/** Bytes read from disk at a time. */
export const READ_CHUNK_BYTES = 1024 * 1024;
