/** CSV files: header row → column names, then records in batches with per-row errors. */
import { NudgeError } from "../../core/index.js";
import { csvLines, detectDelimiter } from "./csv-parser.js";
import { MAX_FIELD_CHARS, READ_BATCH, type ReadItem, type ReadOptions, type RecordSource } from "./record.js";
import { textChunks } from "./text-chunks.js";

async function* prepend(first: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

function checkHeader(path: string, header: string[]): string[] {
  const names = header.map((h) => h.trim());
  if (names.length === 0 || names.every((n) => n === "")) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `${path}: the first line should name the columns, but it is empty`,
    );
  }
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === "")
      throw new NudgeError("INPUT_UNREADABLE", `${path}: column ${i + 1} of the header has no name`);
    if (seen.has(name))
      throw new NudgeError("INPUT_UNREADABLE", `${path}: the header names column '${name}' twice`);
    seen.add(name);
  });
  return names;
}

export async function openCsv(path: string, totalBytes: number, options: ReadOptions): Promise<RecordSource> {
  const maxField = options.maxFieldBytes ?? MAX_FIELD_CHARS;
  const text = textChunks(path, options.encoding, options.highWaterMark);
  const iterator = text.chunks[Symbol.asyncIterator]();
  // Read until the header line is complete to choose the delimiter.
  let head = "";
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    head += next.value;
    if (head.includes("\n") || head.length > maxField) break;
  }
  if (head.trim() === "") throw new NudgeError("INPUT_UNREADABLE", `${path}: file is empty`);
  const firstLine = head.slice(0, head.includes("\n") ? head.indexOf("\n") : head.length);
  const delimiter = options.delimiter ?? detectDelimiter(firstLine);
  if (delimiter.length !== 1)
    throw new NudgeError("INPUT_INVALID", `the delimiter must be one character, not '${delimiter}'`);

  const lines = csvLines(prepend(head, iterator), delimiter, maxField);
  const firstBatch = await lines.next();
  const firstLines = firstBatch.done ? [] : firstBatch.value;
  const headerLine = firstLines.shift();
  if (!headerLine || "error" in headerLine) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `${path}: the header line cannot be read as CSV${headerLine ? ` (${headerLine.error})` : ""}`,
    );
  }
  const columns = checkHeader(path, headerLine.fields);

  async function* items(): AsyncGenerator<ReadItem[]> {
    let row = 0;
    let batch: ReadItem[] = [];
    const take = (parsed: typeof firstLines) => {
      for (const line of parsed) {
        row++;
        if ("error" in line) {
          batch.push({ kind: "error", error: { row, message: line.error } });
        } else if (line.fields.length !== columns.length) {
          batch.push({
            kind: "error",
            error: {
              row,
              message: `has ${line.fields.length} fields but the header has ${columns.length} (delimiter '${delimiter === "\t" ? "\\t" : delimiter}')`,
            },
          });
        } else {
          const values: Record<string, string> = {};
          for (let i = 0; i < columns.length; i++) values[columns[i] as string] = line.fields[i] as string;
          batch.push({ kind: "record", record: { row, values } });
        }
      }
    };
    take(firstLines);
    for await (const parsed of lines) {
      take(parsed);
      if (batch.length >= READ_BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  return { format: "csv", columns, totalBytes, bytesRead: text.bytesRead, items: items() };
}
