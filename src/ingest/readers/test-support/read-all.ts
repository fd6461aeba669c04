/** Test helpers: temporary input files and reading a source to the end. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openRecords, type RawRecord, type ReadItem, type ReadOptions, type RecordError } from "../index.js";

/** A scratch folder; `write` puts a file in it, `remove` deletes it all. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), "nudge-readers-"));
  let count = 0;
  return {
    dir,
    write(content: string | Uint8Array, extension = "csv"): string {
      const path = join(dir, `input-${count++}.${extension}`);
      writeFileSync(path, content);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Opens `path` and reads every batch; also returns the batch sizes. */
export async function readAll(path: string, options: ReadOptions = {}) {
  const source = await openRecords(path, options);
  const items: ReadItem[] = [];
  const batchSizes: number[] = [];
  for await (const batch of source.items) {
    batchSizes.push(batch.length);
    items.push(...batch);
  }
  return { source, items, batchSizes };
}

export const recordsOf = (items: ReadItem[]): RawRecord[] =>
  items.flatMap((i) => (i.kind === "record" ? [i.record] : []));

export const errorsOf = (items: ReadItem[]): RecordError[] =>
  items.flatMap((i) => (i.kind === "error" ? [i.error] : []));

export const rowsOf = (items: ReadItem[]): number[] =>
  items.map((i) => (i.kind === "record" ? i.record.row : i.error.row));

/** The rejection of a promise, or null when it resolves. */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  );
}
