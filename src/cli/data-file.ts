/** Reads a whole data file (CSV, JSONL, Parquet) into a column table for model training and scoring. */
import { NudgeError } from "../core/index.js";
import { openRecords, type RecordError } from "../ingest/index.js";
import { type Cell, Table } from "../ml/index.js";

/** Errors listed in the message before "…and N more". */
const SHOWN_ERRORS = 5;

/** A record the reader could not read, as error messages name it: `row 12 (age): …`. */
export function describeRecordError(error: RecordError): string {
  return `row ${error.row}${error.field ? ` (${error.field})` : ""}: ${error.message}`;
}

/** The table of a file; a row that cannot be read fails the whole read, naming the row and reason. */
export async function readTable(path: string): Promise<Table> {
  const source = await openRecords(path);
  const records: { row: number; values: Record<string, Cell> }[] = [];
  const errors: string[] = [];
  const columns = new Set(source.columns ?? []);
  for await (const batch of source.items) {
    for (const item of batch) {
      if (item.kind === "error") {
        errors.push(describeRecordError(item.error));
        continue;
      }
      if (!source.columns) for (const name of Object.keys(item.record.values)) columns.add(name);
      records.push(item.record);
    }
  }
  if (errors.length > 0)
    throw new NudgeError(
      "INPUT_INVALID",
      `${path}: ${errors.slice(0, SHOWN_ERRORS).join("; ")}${errors.length > SHOWN_ERRORS ? `; …and ${errors.length - SHOWN_ERRORS} more` : ""}`,
      { file: path, errors: errors.length },
    );
  if (records.length === 0) throw new NudgeError("INPUT_INVALID", `${path}: no data rows`, { file: path });
  return Table.fromRecords([...columns], records);
}
