/**
 * Typed arrays as base64 of their little-endian bytes, so fitted models are plain JSON of a reasonable
 * size (a float32 costs 5.3 characters instead of about 10 as a decimal number).
 */
import { NudgeError } from "../../core/index.js";

/** Bytes per element of the packed types. */
const WORD = 4;

/** Float32 values as base64. */
export function packFloat32(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * WORD));
  for (let i = 0; i < values.length; i++) view.setFloat32(i * WORD, values[i]!, true);
  return Buffer.from(view.buffer).toString("base64");
}

/** Int32 values as base64. */
export function packInt32(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(values.length * WORD));
  for (let i = 0; i < values.length; i++) view.setInt32(i * WORD, values[i]!, true);
  return Buffer.from(view.buffer).toString("base64");
}

/** Decodes base64 bytes, checking the element count when one is expected. */
function bytesOf(text: unknown, what: string, length?: number): DataView {
  if (typeof text !== "string")
    throw new NudgeError("INPUT_INVALID", `stored ${what} is not a base64 string`);
  const bytes = Buffer.from(text, "base64");
  if (bytes.length % WORD !== 0) throw new NudgeError("INPUT_INVALID", `stored ${what} is truncated`);
  if (length !== undefined && bytes.length !== length * WORD)
    throw new NudgeError(
      "INPUT_INVALID",
      `stored ${what} has ${bytes.length / WORD} values, expected ${length}`,
    );
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The inverse of packFloat32. */
export function unpackFloat32(text: unknown, what: string, length?: number): Float32Array {
  const view = bytesOf(text, what, length);
  const out = new Float32Array(view.byteLength / WORD);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * WORD, true);
  return out;
}

/** The inverse of packInt32. */
export function unpackInt32(text: unknown, what: string, length?: number): Int32Array {
  const view = bytesOf(text, what, length);
  const out = new Int32Array(view.byteLength / WORD);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt32(i * WORD, true);
  return out;
}
