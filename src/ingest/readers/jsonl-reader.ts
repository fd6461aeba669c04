/** JSON Lines: one object per line; a line that is not a JSON object is an error for that row only. */
import {
  MAX_FIELD_CHARS,
  type RawValue,
  READ_BATCH,
  type ReadItem,
  type ReadOptions,
  type RecordSource,
} from "./record.js";
import { textChunks } from "./text-chunks.js";

function flat(value: unknown): RawValue {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  return JSON.stringify(value);
}

export function openJsonl(path: string, totalBytes: number, options: ReadOptions): RecordSource {
  const maxLine = options.maxFieldBytes ?? MAX_FIELD_CHARS;
  const text = textChunks(path, options.encoding, options.highWaterMark);

  async function* items(): AsyncGenerator<ReadItem[]> {
    let rest = "";
    let row = 0;
    let batch: ReadItem[] = [];
    const line = (raw: string) => {
      const trimmed = raw.trim();
      if (trimmed === "") return;
      row++;
      if (trimmed.length > maxLine) {
        batch.push({
          kind: "error",
          error: { row, message: `the line is longer than ${maxLine} characters` },
        });
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch (error) {
        batch.push({ kind: "error", error: { row, message: `not valid JSON: ${(error as Error).message}` } });
        return;
      }
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        batch.push({ kind: "error", error: { row, message: "each line must be a JSON object" } });
        return;
      }
      const values: Record<string, RawValue> = {};
      for (const [key, value] of Object.entries(parsed)) values[key] = flat(value);
      batch.push({ kind: "record", record: { row, values } });
    };
    for await (const chunk of text.chunks) {
      rest += chunk;
      let start = 0;
      for (let newline = rest.indexOf("\n"); newline !== -1; newline = rest.indexOf("\n", start)) {
        line(rest.slice(start, newline));
        start = newline + 1;
      }
      rest = rest.slice(start);
      if (batch.length >= READ_BATCH) {
        yield batch;
        batch = [];
      }
    }
    line(rest);
    if (batch.length > 0) yield batch;
  }

  return { format: "jsonl", columns: null, totalBytes, bytesRead: text.bytesRead, items: items() };
}
