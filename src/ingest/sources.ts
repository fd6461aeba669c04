/** Entry points of ingestion: a file (streamed) or a batch of objects from the API. */
import type { Store } from "../store/index.js";
import type { IngestKind } from "./kind.js";
import { type IngestOptions, type IngestReport, ingest } from "./pipeline.js";
import { openRecords, type RawValue, type ReadItem, type ReadOptions } from "./readers/index.js";

export interface FileProgress {
  rows: number;
  bytesRead: number;
  totalBytes: number | null;
}

/** Streams a CSV, JSONL or Parquet file into the store. */
export async function ingestFile(
  store: Store,
  kind: IngestKind,
  path: string,
  options: Omit<IngestOptions, "source" | "onProgress"> & {
    read?: ReadOptions;
    onProgress?: (p: FileProgress) => void;
  },
): Promise<IngestReport> {
  const source = await openRecords(path, options.read);
  return ingest(
    store,
    kind,
    source.items,
    {
      ...options,
      source: path,
      onProgress: (rows) =>
        options.onProgress?.({ rows, bytesRead: source.bytesRead(), totalBytes: source.totalBytes }),
    },
    source.columns,
  );
}

function toRawValue(value: unknown): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** Ingests rows given as objects (an API request body); row numbers count from 1 in the given order. */
export function ingestObjects(
  store: Store,
  kind: IngestKind,
  rows: readonly Record<string, unknown>[],
  options: IngestOptions,
): Promise<IngestReport> {
  const items: ReadItem[] = rows.map((values, i) => ({
    kind: "record",
    record: {
      row: i + 1,
      values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toRawValue(v)])),
    },
  }));
  return ingest(store, kind, [items], options);
}
