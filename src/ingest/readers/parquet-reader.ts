/** Parquet: row group by row group through hyparquet, reading the file by ranges, never whole. */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from "hyparquet";
import { NudgeError } from "../../core/index.js";
import { type RawValue, READ_BATCH, type ReadItem, type RecordSource } from "./record.js";

function plain(value: unknown): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint")
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

export async function openParquet(path: string, totalBytes: number): Promise<RecordSource> {
  let file: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    file = await asyncBufferFromFile(path);
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `${path} is not a readable Parquet file: ${(error as Error).message}`,
    );
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  let bytes = 0;

  async function* items(): AsyncGenerator<ReadItem[]> {
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      for (let start = rowStart; start < rowStart + groupRows; start += READ_BATCH) {
        const end = Math.min(start + READ_BATCH, rowStart + groupRows);
        const rows = (await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end })) as Record<
          string,
          unknown
        >[];
        yield rows.map((object, i) => {
          const values: Record<string, RawValue> = {};
          for (const column of columns) values[column] = plain(object[column]);
          return { kind: "record", record: { row: start + i + 1, values } } as ReadItem;
        });
      }
      rowStart += groupRows;
      bytes += Number(group.total_byte_size);
    }
  }

  return {
    format: "parquet",
    columns,
    totalBytes,
    bytesRead: () => Math.min(bytes, totalBytes),
    items: items(),
  };
}
