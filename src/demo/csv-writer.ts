/** A small buffered CSV writer with RFC 4180 quoting and backpressure, for generated files of any size. */

import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";

const FLUSH_CHARS = 1 << 20;
const NEEDS_QUOTES = /[",\r\n]/;

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export class CsvWriter {
  readonly #stream: WriteStream;
  #buffer = "";
  rows = 0;

  constructor(path: string, header: readonly string[]) {
    this.#stream = createWriteStream(path, { encoding: "utf8" });
    this.#buffer = `${header.join(",")}\n`;
  }

  /** Adds one row; call `await writer.drain()` now and then (every row is fine) to bound memory. */
  row(values: readonly (string | number | null | undefined)[]): void {
    this.#buffer += `${values.map(cell).join(",")}\n`;
    this.rows++;
  }

  /** Flushes when the buffer is large, waiting for the file to catch up. */
  async drain(): Promise<void> {
    if (this.#buffer.length < FLUSH_CHARS) return;
    const text = this.#buffer;
    this.#buffer = "";
    if (!this.#stream.write(text)) await once(this.#stream, "drain");
  }

  async close(): Promise<number> {
    this.#stream.end(this.#buffer);
    this.#buffer = "";
    await once(this.#stream, "finish");
    return this.rows;
  }
}
