/** JSON Lines: one object per line; a line that is not a JSON object is an error for that line only. */
import { NudgeError } from "../../core/index.js";
import { MAX_FIELD_CHARS, READ_BATCH, type ReadItem, type ReadOptions, type RecordSource } from "./record.js";
import { textChunks } from "./text-chunks.js";

/** One line → a record (nested values become JSON text), an error, or null for a blank line. */
function lineItem(row: number, line: string): ReadItem | null {
  const trimmed = line.trim();
  if (trimmed === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    return { kind: "error", error: { row, message: `not valid JSON: ${(error as Error).message}` } };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return { kind: "error", error: { row, message: "each line must be a JSON object" } };
  }
  // The parsed object becomes the record itself: no copy per line.
  const values = parsed as Record<string, unknown>;
  for (const field of Object.keys(values)) {
    const value = values[field];
    if (field === "__proto__") {
      return { kind: "error", error: { row, field, message: "'__proto__' cannot be a field name" } };
    }
    if (typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
      // JSON.parse has already rounded it: refusing beats storing a silently altered id or amount.
      const message = "an integer beyond 2^53 loses digits as a JSON number; write it as a string";
      return { kind: "error", error: { row, field, message } };
    }
    if (value !== null && typeof value === "object") values[field] = JSON.stringify(value);
  }
  return {
    kind: "record",
    record: { row, values: values as Record<string, string | number | boolean | null> },
  };
}

function tooLong(row: number, maxLine: number): ReadItem {
  return { kind: "error", error: { row, message: `the line is longer than ${maxLine} characters` } };
}

/** Opens a JSON Lines file; `head` (its first bytes) lets a JSON array be refused with a hint. */
export function openJsonl(
  path: string,
  totalBytes: number,
  options: ReadOptions,
  head: Buffer,
): RecordSource {
  const maxLine = options.maxFieldBytes ?? MAX_FIELD_CHARS;
  if (/^(\ufeff)?\s*\[/.test(head.toString("utf8"))) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `${path} holds a JSON array, not JSON Lines (one object per line); convert it with: jq -c '.[]'`,
    );
  }
  const text = textChunks(path, options.encoding, options.highWaterMark);
  const chunks = text.chunks[Symbol.asyncIterator]();

  async function* read(): AsyncGenerator<ReadItem[]> {
    let rest = "";
    let line = 0;
    let skipping = false;
    let batch: ReadItem[] = [];
    try {
      for (;;) {
        const next = await chunks.next();
        if (!next.done) rest += next.value;
        let start = 0;
        for (let newline = rest.indexOf("\n"); newline !== -1; newline = rest.indexOf("\n", start)) {
          if (skipping) skipping = false;
          else {
            line++;
            const item =
              newline - start > maxLine ? tooLong(line, maxLine) : lineItem(line, rest.slice(start, newline));
            if (item) batch.push(item);
          }
          start = newline + 1;
          if (batch.length >= READ_BATCH) {
            yield batch;
            batch = [];
          }
        }
        rest = rest.slice(start);
        if (next.done) {
          if (!skipping) {
            const item = rest.length > maxLine ? tooLong(line + 1, maxLine) : lineItem(line + 1, rest);
            if (item) batch.push(item);
          }
          break;
        }
        if (!skipping && rest.length > maxLine) {
          // Do not buffer an endless line: report it and drop text up to its newline.
          line++;
          batch.push(tooLong(line, maxLine));
          skipping = true;
        }
        if (skipping) rest = "";
      }
      if (batch.length > 0) yield batch;
    } finally {
      await chunks.return?.();
    }
  }

  const items = read();
  return {
    format: "jsonl",
    columns: null,
    totalBytes,
    bytesRead: text.bytesRead,
    items,
    close: async () => {
      await items.return(undefined);
      await chunks.return?.();
    },
  };
}
