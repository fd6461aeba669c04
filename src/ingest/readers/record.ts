/** What every reader yields: records with their row numbers, or per-row errors that do not stop the stream. */

export type FileFormat = "csv" | "jsonl" | "parquet";
export type RawValue = string | number | boolean | null;

/** One input record; `row` counts data records from 1 (a CSV header is not a row; blank lines are skipped). */
export interface RawRecord {
  row: number;
  values: Record<string, RawValue>;
}

/** A record that could not be read at all (malformed line, bad JSON). */
export interface RecordError {
  row: number;
  field?: string;
  message: string;
}

export type ReadItem = { kind: "record"; record: RawRecord } | { kind: "error"; error: RecordError };

export interface ReadOptions {
  /** csv | jsonl | parquet; from the file name (or content) when absent. */
  format?: FileFormat;
  /** Text encoding for CSV and JSONL: utf8 (default), gbk, gb18030, latin1… */
  encoding?: string;
  /** CSV delimiter; detected from the header when absent. */
  delimiter?: string;
  /** Largest field (and line) accepted, in characters; default 4 MiB. */
  maxFieldBytes?: number;
  /** Read-stream chunk size (tests use small ones to cross chunk boundaries). */
  highWaterMark?: number;
}

/** An open input: its columns (null when records carry their own, as JSONL), size and batches. */
export interface RecordSource {
  format: FileFormat;
  columns: string[] | null;
  totalBytes: number | null;
  bytesRead(): number;
  items: AsyncIterable<ReadItem[]>;
}

/** Records per yielded batch. */
export const READ_BATCH = 2000;
/** Default cap on one field or line. */
export const MAX_FIELD_CHARS = 4 * 1024 * 1024;
