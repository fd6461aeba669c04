/**
 * A file as a stream of decoded text chunks: UTF-8 (BOM dropped) or any encoding iconv-lite knows (GBK,
 * GB18030, latin1, UTF-16…), with characters split across reads put back together, and a count of the
 * bytes read for progress. Pull-based: the next chunk is read from disk only when the previous one is
 * consumed, so memory does not grow with the file.
 */
import { isAscii } from "node:buffer";
import { createReadStream } from "node:fs";
import iconv from "iconv-lite";
import { NudgeError } from "../../core/index.js";
import { READ_CHUNK_BYTES } from "./record.js";

const UTF8 = new Set(["utf8", "utf-8"]);

export interface TextChunks {
  chunks: AsyncIterable<string>;
  bytesRead(): number;
}

interface Decoder {
  write(buffer: Buffer): string;
  end(): string | undefined;
}

/**
 * UTF-8 with a fast path: a read that is pure ASCII (most chunks of most bank exports) is taken as
 * latin1, several times faster than UTF-8 decoding. A character split across reads is carried over.
 */
class Utf8Decoder implements Decoder {
  private carry: Buffer | null = null;

  write(input: Buffer): string {
    const buffer = this.carry ? Buffer.concat([this.carry, input]) : input;
    const end = completeLength(buffer);
    this.carry = end < buffer.length ? Buffer.from(buffer.subarray(end)) : null;
    const body = buffer.subarray(0, end);
    return isAscii(body) ? body.toString("latin1") : body.toString("utf8");
  }

  end(): string | undefined {
    return this.carry?.toString("utf8");
  }
}

/** The length of the prefix of `buffer` that ends on a UTF-8 character boundary. */
function completeLength(buffer: Buffer): number {
  const length = buffer.length;
  let lead = length - 1;
  while (lead >= 0 && lead > length - 4 && ((buffer[lead] as number) & 0xc0) === 0x80) lead--;
  if (lead < 0) return length;
  const byte = buffer[lead] as number;
  const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return lead + size <= length ? length : lead;
}

/** True for encodings whose text legitimately holds NUL bytes (so the binary sniff must not apply). */
export function isWideEncoding(encoding: string): boolean {
  return /^(utf-?16|utf-?32|ucs-?2)/i.test(encoding);
}

/** Refuses an unknown encoding name before any file is opened. */
export function checkEncoding(encoding: string): void {
  const name = encoding.toLowerCase();
  if (!UTF8.has(name) && !iconv.encodingExists(name)) {
    throw new NudgeError("INPUT_INVALID", `unknown encoding '${encoding}' (try utf8, gbk, gb18030, latin1)`);
  }
}

/** Decoded text of `path`, chunk by chunk; read errors become INPUT_UNREADABLE naming the file. */
export function textChunks(path: string, encoding = "utf8", highWaterMark = READ_CHUNK_BYTES): TextChunks {
  checkEncoding(encoding);
  const name = encoding.toLowerCase();
  let bytes = 0;
  async function* generate(): AsyncGenerator<string> {
    const decoder: Decoder = UTF8.has(name) ? new Utf8Decoder() : iconv.getDecoder(name);
    let first = true;
    try {
      for await (const buffer of createReadStream(path, { highWaterMark }) as AsyncIterable<Buffer>) {
        bytes += buffer.length;
        let text = decoder.write(buffer);
        if (first && text.length > 0) {
          first = false;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        if (text.length > 0) yield text;
      }
    } catch (error) {
      throw new NudgeError(
        "INPUT_UNREADABLE",
        `cannot read ${path}: ${(error as Error).message}`,
        {},
        {
          cause: error,
        },
      );
    }
    const rest = decoder.end();
    if (rest) yield first && rest.charCodeAt(0) === 0xfeff ? rest.slice(1) : rest;
  }
  return { chunks: generate(), bytesRead: () => bytes };
}
