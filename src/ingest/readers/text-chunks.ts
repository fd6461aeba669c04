/**
 * A file as a stream of decoded text chunks: UTF-8 (BOM dropped) or any
 * encoding iconv-lite knows (GBK, GB18030…), split multi-byte characters
 * handled, and a count of the bytes read for progress.
 */
import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import iconv from "iconv-lite";
import { NudgeError } from "../../core/index.js";

const UTF8 = new Set(["utf8", "utf-8"]);
const DEFAULT_CHUNK = 1024 * 1024;

export interface TextChunks {
  chunks: AsyncIterable<string>;
  bytesRead(): number;
}

export function textChunks(path: string, encoding = "utf8", highWaterMark = DEFAULT_CHUNK): TextChunks {
  const name = encoding.toLowerCase();
  if (!UTF8.has(name) && !iconv.encodingExists(name)) {
    throw new NudgeError("INPUT_INVALID", `unknown encoding '${encoding}' (try utf8, gbk, gb18030, latin1)`);
  }
  let bytes = 0;
  async function* generate(): AsyncGenerator<string> {
    const stream = createReadStream(path, { highWaterMark });
    const decoder = UTF8.has(name) ? new StringDecoder("utf8") : iconv.getDecoder(name);
    let first = true;
    for await (const buffer of stream as AsyncIterable<Buffer>) {
      bytes += buffer.length;
      let text = decoder.write(buffer);
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (text.length > 0) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  }
  return { chunks: generate(), bytesRead: () => bytes };
}
