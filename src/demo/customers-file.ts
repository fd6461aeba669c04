/**
 * A plain customers file for benchmarks: the columns of the demo's
 * customers.csv, one row per person (no person known to two subsidiaries),
 * streamed so a million rows take seconds and little memory.
 */
import { Rng } from "../core/index.js";
import { historyWindow } from "./calendar.js";
import { CsvWriter } from "./csv-writer.js";
import { DEFAULT_REFERENCE_DATE, HISTORY_DAYS } from "./generate.js";
import {
  CUSTOMER_COLUMNS,
  customerRow,
  drawPerson,
  IDENTIFIER_COLUMNS,
  personId,
  population,
} from "./people.js";

/** Rows between two waits for the file to catch up (each wait costs a turn of the event loop). */
const DRAIN_EVERY = 256;

/**
 * Writes `count` customer rows drawn with `seed` to `path` and answers the number written. Without
 * `identifiers`, the name, ID number and phone columns are left out (files that need no PII key).
 */
export async function writeCustomersCsv(
  path: string,
  count: number,
  seed: number,
  identifiers = true,
): Promise<number> {
  const rng = new Rng(seed);
  const end = historyWindow(DEFAULT_REFERENCE_DATE, HISTORY_DAYS, []).end;
  const people = population(end);
  const dropped = new Set<string>(identifiers ? [] : IDENTIFIER_COLUMNS);
  const keep = CUSTOMER_COLUMNS.map((column) => !dropped.has(column));
  const writer = new CsvWriter(
    path,
    CUSTOMER_COLUMNS.filter((_, i) => keep[i]),
  );
  for (let i = 0; i < count; i++) {
    const person = drawPerson(rng, i, people);
    const row = customerRow(person, personId(i), person.primary);
    writer.row(identifiers ? row : row.filter((_, j) => keep[j]));
    if (i % DRAIN_EVERY === 0) await writer.drain();
  }
  return writer.close();
}
