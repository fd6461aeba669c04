/** Streaming readers for ingestion: CSV, JSONL and Parquet files → batches of records with row numbers. */
import { NudgeError } from "../../core/index.js";
import { openCsv } from "./csv-reader.js";
import { openJsonl } from "./jsonl-reader.js";
import { openParquet } from "./parquet-reader.js";
import type { ReadOptions, RecordSource } from "./record.js";
import { assertText, detectFormat, fileHead } from "./sniff.js";

export type {
  FileFormat,
  RawRecord,
  RawValue,
  ReadItem,
  ReadOptions,
  RecordError,
  RecordSource,
} from "./record.js";
export { detectFormat, formatFromName } from "./sniff.js";

/** Opens a file for streaming; fails with INPUT_UNREADABLE when it is missing, empty or not of its format. */
export async function openRecords(path: string, options: ReadOptions = {}): Promise<RecordSource> {
  const { size, head } = await fileHead(path);
  const format = options.format ?? detectFormat(path, head);
  if (format === "parquet") return openParquet(path, size);
  if (format !== "csv" && format !== "jsonl") {
    throw new NudgeError("INPUT_INVALID", `unknown format '${format}': use csv, jsonl or parquet`);
  }
  if ((options.encoding ?? "utf8").toLowerCase().startsWith("utf")) assertText(path, head, format);
  return format === "csv" ? openCsv(path, size, options) : openJsonl(path, size, options);
}
