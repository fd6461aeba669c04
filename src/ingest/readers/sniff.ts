/** Guessing what a file is: format by name or content, binary or text, empty or not. */
import { open, stat } from "node:fs/promises";
import { extname } from "node:path";
import { NudgeError } from "../../core/index.js";
import type { FileFormat } from "./record.js";

const SNIFF_BYTES = 4096;
const PARQUET_MAGIC = "PAR1";

/** The format a file name implies (.csv .tsv .txt → csv, .jsonl .ndjson → jsonl, .parquet → parquet), or null. */
export function formatFromName(path: string): FileFormat | null {
  const ext = extname(path).toLowerCase();
  if ([".csv", ".tsv", ".txt", ".tab"].includes(ext)) return "csv";
  if ([".jsonl", ".ndjson", ".json"].includes(ext)) return "jsonl";
  if ([".parquet", ".pq"].includes(ext)) return "parquet";
  return null;
}

/** Opens the head of a file: its size and first bytes; fails clearly when it is missing or empty. */
export async function fileHead(path: string): Promise<{ size: number; head: Buffer }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a regular file");
    size = info.size;
  } catch (error) {
    throw new NudgeError("INPUT_UNREADABLE", `cannot open ${path}: ${(error as Error).message}`);
  }
  if (size === 0) throw new NudgeError("INPUT_UNREADABLE", `${path}: file is empty`);
  const handle = await open(path, "r");
  try {
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    return { size, head };
  } finally {
    await handle.close();
  }
}

/** The format of a file: by name, else by content. */
export function detectFormat(path: string, head: Buffer): FileFormat {
  if (head.subarray(0, 4).toString("latin1") === PARQUET_MAGIC) return "parquet";
  const byName = formatFromName(path);
  if (byName) return byName;
  const text = head.toString("utf8").trimStart();
  return text.startsWith("{") ? "jsonl" : "csv";
}

/** Text files have no NUL bytes (UTF-16 exports are refused with a hint rather than read as garbage). */
export function assertText(path: string, head: Buffer, format: string): void {
  if (head.includes(0)) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `${path} does not look like ${format.toUpperCase()}: it contains binary data (if it is UTF-16 text, convert it to UTF-8)`,
    );
  }
}
