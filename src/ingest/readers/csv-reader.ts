/** CSV files: the header row names the columns, then records in batches with per-row errors. */
import { NudgeError } from "../../core/index.js";
import { CsvParser, detectDelimiter } from "./csv-parser.js";
import { MAX_FIELD_CHARS, READ_BATCH, type ReadItem, type ReadOptions, type RecordSource } from "./record.js";
import { textChunks } from "./text-chunks.js";

const TAB_NAMES = new Set(["tab", "\\t", "\t"]);

/** A delimiter option as one character: `tab` and a typed `\t` both name the tab. */
export function delimiterChar(option: string): string {
  if (TAB_NAMES.has(option.toLowerCase())) return "\t";
  if (option.length !== 1 || option === '"' || option === "\n" || option === "\r") {
    throw new NudgeError(
      "INPUT_INVALID",
      `the delimiter must be one character other than a quote or newline, not '${option}'`,
    );
  }
  return option;
}

/** The first non-blank line of `text`, or null while it is not complete. */
function firstLine(text: string): string | null {
  const start = text.search(/\S/);
  const end = start === -1 ? -1 : text.indexOf("\n", start);
  return end === -1 ? null : text.slice(start, end);
}

const shown = (delimiter: string) => (delimiter === "\t" ? "tab" : `'${delimiter}'`);

/** Trimmed header names; refuses a header with blank, duplicate or reserved names. */
function columnNames(path: string, header: string[]): string[] {
  const names = header.map((h) => h.trim());
  if (names.every((n) => n === "")) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `${path}: the first line should name the columns, but it is blank`,
    );
  }
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === "")
      throw new NudgeError("INPUT_UNREADABLE", `${path}: column ${i + 1} of the header has no name`);
    if (seen.has(name))
      throw new NudgeError("INPUT_UNREADABLE", `${path}: the header names column '${name}' twice`);
    // Assigning it would set the prototype of the record instead of a value.
    if (name === "__proto__")
      throw new NudgeError("INPUT_UNREADABLE", `${path}: '__proto__' cannot be a column name`);
    seen.add(name);
  });
  return names;
}

/** Opens a CSV file and reads its header; the records are read as `items` is iterated. */
export async function openCsv(path: string, totalBytes: number, options: ReadOptions): Promise<RecordSource> {
  const maxField = options.maxFieldBytes ?? MAX_FIELD_CHARS;
  const text = textChunks(path, options.encoding, options.highWaterMark);
  const chunks = text.chunks[Symbol.asyncIterator]();
  const fields: string[] = [];
  let parser: CsvParser;
  let columns: string[];
  const pull = async () => {
    const next = await chunks.next();
    if (next.done) parser.end();
    else parser.push(next.value);
  };

  try {
    // The first non-blank line chooses the delimiter, so read until it is complete.
    let head = "";
    while (firstLine(head) === null && head.length <= maxField) {
      const next = await chunks.next();
      if (next.done) break;
      head += next.value;
    }
    if (head.trim() === "") throw new NudgeError("INPUT_UNREADABLE", `${path}: file is empty`);
    const delimiter =
      options.delimiter !== undefined
        ? delimiterChar(options.delimiter)
        : detectDelimiter(firstLine(head) ?? head.trim());
    parser = new CsvParser(delimiter, maxField);
    parser.push(head);
    let step = parser.next(fields);
    while (step === "more") {
      await pull();
      step = parser.next(fields);
    }
    if (step !== "record") {
      const reason = step === "error" ? parser.error : "there is no header line";
      throw new NudgeError("INPUT_UNREADABLE", `${path}: the header line cannot be read as CSV (${reason})`);
    }
    columns = columnNames(path, fields);
  } catch (error) {
    await chunks.return?.();
    throw error;
  }

  const width = columns.length;
  const delimiterShown = shown(parser.delimiter);

  function item(row: number): ReadItem {
    if (fields.length !== width) {
      const message = `has ${fields.length} fields but the header has ${width} (delimiter ${delimiterShown})`;
      return { kind: "error", error: { row, message } };
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < width; i++) values[columns[i] as string] = fields[i] as string;
    return { kind: "record", record: { row, values } };
  }

  function refused(row: number): ReadItem {
    const field = columns[parser.errorField];
    return {
      kind: "error",
      error: field ? { row, field, message: parser.error } : { row, message: parser.error },
    };
  }

  async function* read(): AsyncGenerator<ReadItem[]> {
    let row = 0;
    let batch: ReadItem[] = [];
    try {
      for (;;) {
        const step = parser.next(fields);
        if (step === "more") {
          await pull();
          continue;
        }
        if (step === "end") break;
        row++;
        batch.push(step === "record" ? item(row) : refused(row));
        if (batch.length >= READ_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } finally {
      await chunks.return?.();
    }
  }

  const items = read();
  return {
    format: "csv",
    columns,
    totalBytes,
    bytesRead: text.bytesRead,
    items,
    close: async () => {
      await items.return(undefined);
      await chunks.return?.();
    },
  };
}
