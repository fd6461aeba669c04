/**
 * Parquet through hyparquet: one row group at a time, the file read by byte ranges (never whole), the
 * group's decoded columns turned into records one batch at a time.
 */
import * as zlib from "node:zlib";
import {
  type AsyncBuffer,
  asyncBufferFromFile,
  type ColumnData,
  type Compressors,
  type DecodedArray,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
} from "hyparquet";
import { NudgeError } from "../../core/index.js";
import { type RawValue, READ_BATCH, type ReadItem, type RecordSource } from "./record.js";

/** Codecs hyparquet lacks (it has snappy), from node:zlib; zstd only where this Node has it (22.15+). */
function zlibCompressors(): Compressors {
  const zstd = (zlib as unknown as Record<string, unknown>).zstdDecompressSync as
    | ((input: Uint8Array) => Buffer)
    | undefined;
  return {
    GZIP: (input) => new Uint8Array(zlib.gunzipSync(input)),
    BROTLI: (input) => new Uint8Array(zlib.brotliDecompressSync(input)),
    ...(zstd ? { ZSTD: (input: Uint8Array) => new Uint8Array(zstd(input)) } : {}),
  };
}

/** A Parquet value as a raw value: safe big integers as numbers, others as text; dates as ISO text. */
export function plainValue(value: unknown): RawValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") {
    const number = Number(value);
    return Number.isSafeInteger(number) ? number : value.toString();
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** The decoded pieces of one column within a row group, walked forward as rows are read. */
class ColumnCursor {
  private readonly pieces: ColumnData[] = [];
  private index = 0;
  private sorted = true;

  add(piece: ColumnData): void {
    this.pieces.push(piece);
    this.sorted = false;
  }

  /** The value at absolute row `row`; rows must be asked for in increasing order. */
  at(row: number): unknown {
    if (!this.sorted) {
      this.pieces.sort((a, b) => a.rowStart - b.rowStart);
      this.sorted = true;
    }
    let piece = this.pieces[this.index];
    while (piece && row >= piece.rowEnd) piece = this.pieces[++this.index];
    if (!piece || row < piece.rowStart) return null;
    return (piece.columnData as DecodedArray)[row - piece.rowStart];
  }
}

function unreadable(path: string, error: unknown, where = ""): NudgeError {
  const message = `${path} is not a readable Parquet file${where}: ${(error as Error).message}`;
  return new NudgeError("INPUT_UNREADABLE", message, {}, { cause: error });
}

/** Opens a Parquet file and reads its footer (schema, row groups); the rows are read as `items` is iterated. */
export async function openParquet(path: string, totalBytes: number): Promise<RecordSource> {
  let bytes = 0;
  let file: AsyncBuffer;
  let metadata: FileMetaData;
  try {
    const disk = await asyncBufferFromFile(path);
    file = {
      byteLength: disk.byteLength,
      slice: async (start, end) => {
        const buffer = await disk.slice(start, end);
        bytes += buffer.byteLength;
        return buffer;
      },
    };
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw unreadable(path, error);
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  if (columns.includes("__proto__")) {
    throw new NudgeError("INPUT_UNREADABLE", `${path}: '__proto__' cannot be a column name`);
  }
  const compressors = zlibCompressors();

  async function* read(): AsyncGenerator<ReadItem[]> {
    let groupStart = 0;
    for (const [index, group] of metadata.row_groups.entries()) {
      const groupEnd = groupStart + Number(group.num_rows);
      const cursors = new Map(columns.map((name) => [name, new ColumnCursor()]));
      try {
        await parquetRead({
          file,
          metadata,
          compressors,
          rowStart: groupStart,
          rowEnd: groupEnd,
          onChunk: (piece) => cursors.get(piece.columnName)?.add(piece),
        });
      } catch (error) {
        throw unreadable(path, error, ` (row group ${index + 1}, rows ${groupStart + 1}–${groupEnd})`);
      }
      const readers = columns.map((name) => [name, cursors.get(name) as ColumnCursor] as const);
      for (let start = groupStart; start < groupEnd; start += READ_BATCH) {
        const end = Math.min(start + READ_BATCH, groupEnd);
        const batch: ReadItem[] = [];
        for (let row = start; row < end; row++) {
          const values: Record<string, RawValue> = {};
          for (const [name, cursor] of readers) values[name] = plainValue(cursor.at(row));
          batch.push({ kind: "record", record: { row: row + 1, values } });
        }
        yield batch;
      }
      groupStart = groupEnd;
    }
  }

  const items = read();
  return {
    format: "parquet",
    columns,
    totalBytes,
    bytesRead: () => Math.min(bytes, totalBytes),
    items,
    close: async () => {
      await items.return(undefined);
    },
  };
}
