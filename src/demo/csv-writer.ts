/** A buffered CSV writer with RFC 4180 quoting and backpressure, for generated files of any size. */
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";

/** Bytes encoded into one chunk before it goes to the file stream. */
const CHUNK_BYTES = 1 << 20;
/** The most bytes one UTF-16 code unit can take in UTF-8. */
const MAX_BYTES_PER_UNIT = 3;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: blank for null, quoted (with doubled quotes) when it holds a comma, quote or line break. */
export type Cell = string | number | null | undefined;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV line with its terminating newline. */
export function csvLine(values: readonly Cell[]): string {
  let line = csvCell(values[0]);
  for (let i = 1; i < values.length; i++) line += `,${csvCell(values[i])}`;
  return `${line}\n`;
}

/** Writes a header, then rows; `await drain()` now and then keeps memory bounded whatever the file size. */
export class CsvWriter {
  readonly path: string;
  readonly #stream: WriteStream;
  // Lines are encoded at once into a chunk rather than concatenated: long strings of short lines
  // cost more in garbage collection and flattening than the encoding does.
  #chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  #used = 0;
  #full = false;
  #rows = 0;
  #failure: Error | undefined;

  constructor(path: string, header: readonly string[]) {
    this.path = path;
    this.#stream = createWriteStream(path, { encoding: "utf8" });
    // Kept and rethrown by drain/close: an unheard stream error would crash the process.
    this.#stream.on("error", (error) => {
      this.#failure = error;
    });
    this.#append(csvLine(header));
  }

  #append(line: string): void {
    const worst = line.length * MAX_BYTES_PER_UNIT;
    if (CHUNK_BYTES - this.#used < worst) {
      this.#flushChunk();
      if (worst > CHUNK_BYTES) {
        this.#stream.write(line);
        return;
      }
    }
    this.#used += this.#chunk.write(line, this.#used);
  }

  #flushChunk(): void {
    if (this.#used === 0) return;
    this.#stream.write(this.#chunk.subarray(0, this.#used));
    this.#chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.#used = 0;
    this.#full = true;
  }

  /** Data rows written so far (the header is not counted). */
  get rows(): number {
    return this.#rows;
  }

  row(values: readonly Cell[]): void {
    this.#append(csvLine(values));
    this.#rows++;
  }

  /** Waits while the file catches up, once a chunk has gone to it since the last call. */
  async drain(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (!this.#full) return;
    this.#full = false;
    if (this.#stream.writableNeedDrain) await once(this.#stream, "drain");
  }

  /** Stops writing, leaving whatever reached the file (after a failure elsewhere). */
  abort(): void {
    this.#stream.destroy();
  }

  /** Writes what is left and closes the file; answers the number of data rows. */
  async close(): Promise<number> {
    if (this.#failure) throw this.#failure;
    const finished = once(this.#stream, "finish");
    this.#stream.end(this.#chunk.subarray(0, this.#used));
    this.#used = 0;
    await finished;
    return this.#rows;
  }
}
