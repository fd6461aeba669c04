/** Guessing what a file is: format by name or content, text or binary, present and non-empty or not. */
import { closeSync, openSync, readSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { extname } from "node:path";
import { NudgeError } from "../../core/index.js";
import type { FileFormat } from "./record.js";

/** Bytes looked at to tell text from binary and to guess a format. */
export const SNIFF_BYTES = 4096;
/** Share of control characters (other than tab, newlines, form feed) above which text is called binary. */
const MAX_CONTROL_SHARE = 0.01;

const BY_EXTENSION: Record<string, FileFormat> = {
  ".csv": "csv",
  ".tsv": "csv",
  ".tab": "csv",
  ".txt": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "jsonl",
  ".parquet": "parquet",
  ".pq": "parquet",
};

/** Files people often hand over instead of CSV, by their first bytes, with what to do instead. */
const SIGNATURES: { magic: number[]; what: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: "a ZIP archive or an Excel .xlsx workbook (save it as CSV)" },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel .xls workbook (save it as CSV)" },
  { magic: [0x1f, 0x8b], what: "gzip-compressed (decompress it first)" },
  { magic: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { magic: [0xff, 0xfe], what: "UTF-16 text (convert it to UTF-8 or pass --encoding utf16le)" },
  { magic: [0xfe, 0xff], what: "UTF-16 text (convert it to UTF-8 or pass --encoding utf16be)" },
];

/** The format a file name implies (.csv .tsv .txt → csv, .jsonl .ndjson → jsonl, .parquet → parquet), or null. */
export function formatFromName(path: string): FileFormat | null {
  return BY_EXTENSION[extname(path).toLowerCase()] ?? null;
}

/** The format a file's first bytes show: Parquet magic, a JSON object, else CSV. */
export function formatFromContent(head: Uint8Array): FileFormat {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.subarray(0, 4).toString("latin1") === "PAR1") return "parquet";
  return bytes
    .toString("utf8")
    .replace(/^\ufeff/, "")
    .trimStart()
    .startsWith("{")
    ? "jsonl"
    : "csv";
}

/**
 * The format of a file: Parquet by its magic bytes whatever its name (when `head` is given), else by
 * extension, else by content (the first bytes are read here when `head` is absent).
 */
export function detectFormat(path: string, head?: Uint8Array): FileFormat {
  if (head && formatFromContent(head) === "parquet") return "parquet";
  const byName = formatFromName(path);
  if (byName) return byName;
  return formatFromContent(head ?? readHeadSync(path));
}

function readHeadSync(path: string): Uint8Array {
  const head = Buffer.alloc(SNIFF_BYTES);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    return head.subarray(0, readSync(fd, head, 0, SNIFF_BYTES, 0));
  } catch {
    return head.subarray(0, 0);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The size and first bytes of a file; INPUT_UNREADABLE when it is missing, not a file, unreadable or empty. */
export async function fileHead(path: string): Promise<{ size: number; head: Buffer }> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error("not a regular file");
    size = info.size;
    if (size === 0) throw new NudgeError("INPUT_UNREADABLE", `${path}: file is empty`);
    const handle = await open(path, "r");
    try {
      const head = Buffer.alloc(Math.min(SNIFF_BYTES, size));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      return { size, head: head.subarray(0, bytesRead) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof NudgeError) throw error;
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `cannot open ${path}: ${(error as Error).message}`,
      {},
      {
        cause: error,
      },
    );
  }
}

/** What a binary file looks like, when it is one: a known signature, NUL bytes or many control characters. */
export function binaryKind(head: Uint8Array): string | null {
  for (const { magic, what } of SIGNATURES) {
    if (magic.every((byte, i) => head[i] === byte)) return what;
  }
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return "binary data (NUL bytes)";
    if ((byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 12 && byte !== 13) || byte === 0x7f) controls++;
  }
  return controls > head.length * MAX_CONTROL_SHARE ? "binary data (control bytes)" : null;
}

/** Refuses a file that is not text, naming the file and what it seems to be. */
export function assertText(path: string, head: Uint8Array, format: FileFormat): void {
  const kind = binaryKind(head);
  if (kind) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `${path} is not ${format.toUpperCase()} text: it looks like ${kind}`,
      { format },
    );
  }
}
