/** Streaming readers for ingestion: CSV, JSONL and Parquet files → batches of records with row numbers. */
import { NudgeError } from "../../core/index.js";
import { openCsv } from "./csv-reader.js";
import { openJsonl } from "./jsonl-reader.js";
import { openParquet } from "./parquet-reader.js";
import type { FileFormat, ReadOptions, RecordSource } from "./record.js";
import { assertText, detectFormat, fileHead } from "./sniff.js";
import { checkEncoding, isWideEncoding } from "./text-chunks.js";

/** The record types every reader yields, and the options and handle of an open file. */
export type {
  FileFormat,
  RawRecord,
  RawValue,
  ReadItem,
  ReadOptions,
  RecordError,
  RecordSource,
} from "./record.js";
/** Items per batch and the default field cap. */
export { MAX_FIELD_CHARS, READ_BATCH } from "./record.js";
/** The format of a file: by extension, else by its first bytes. */
export { detectFormat, formatFromName } from "./sniff.js";

const FORMATS: readonly FileFormat[] = ["csv", "jsonl", "parquet"];

/**
 * Opens a file for streaming: reads its header (CSV) or footer (Parquet) now and its records as
 * `items` is iterated. Fails with INPUT_UNREADABLE, naming the file, when it is missing, empty or not
 * of its format; with INPUT_INVALID on a bad option.
 */
export async function openRecords(path: string, options: ReadOptions = {}): Promise<RecordSource> {
  if (options.format !== undefined && !FORMATS.includes(options.format)) {
    throw new NudgeError("INPUT_INVALID", `unknown format '${options.format}': use csv, jsonl or parquet`);
  }
  const encoding = options.encoding ?? "utf8";
  checkEncoding(encoding);
  const { size, head } = await fileHead(path);
  const format = options.format ?? detectFormat(path, head);
  if (format === "parquet") return openParquet(path, size);
  if (!isWideEncoding(encoding)) assertText(path, head, format);
  return format === "csv" ? openCsv(path, size, options) : openJsonl(path, size, options, head);
}
