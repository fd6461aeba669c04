/**
 * The RIFF/WAVE container: walks the chunks, reads the `fmt ` chunk and finds the `data` chunk. Knows
 * nothing about sample values; `wav.ts` turns the located bytes into samples.
 */
import { NudgeError } from "../../../core/index.js";

/** Bytes of "RIFF", size, "WAVE" before the first chunk. */
const RIFF_HEADER_BYTES = 12;
const CHUNK_HEADER_BYTES = 8;
/** The smallest `fmt ` chunk (WAVEFORMAT with bits per sample). */
const FMT_MIN_BYTES = 16;
/** WAVEFORMATEXTENSIBLE: cbSize, valid bits, channel mask, then the sub-format GUID whose first 2 bytes are the codec. */
const EXTENSIBLE_SUBFORMAT_OFFSET = 24;
const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Codec names for the format tags people most often send by mistake. */
const KNOWN_CODECS: Record<number, string> = {
  2: "Microsoft ADPCM",
  6: "A-law",
  7: "µ-law",
  17: "IMA ADPCM",
  49: "GSM 6.10",
  85: "MP3",
  255: "AAC",
};

/** How the samples of a WAVE file are stored. */
export interface WaveFormat {
  encoding: "int" | "float";
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  /** Bytes per frame (one sample of every channel). */
  blockAlign: number;
}

/** The format and the bytes of the `data` chunk, cut to what the file really holds. */
export interface WaveBody {
  format: WaveFormat;
  data: Uint8Array;
  /** Bytes the `data` chunk declares; more than `data.length` when the file was cut short. */
  declaredBytes: number;
}

/** An INPUT_INVALID error about the audio bytes, with a stable `reason`. */
export function audioInvalid(
  reason: string,
  message: string,
  extra: Record<string, unknown> = {},
): NudgeError {
  return new NudgeError("INPUT_INVALID", `audio (${reason}): ${message}`, {
    field: "audio",
    reason,
    ...extra,
  });
}

function tag(view: DataView, offset: number): string {
  return String.fromCharCode(
    view.getUint8(offset),
    view.getUint8(offset + 1),
    view.getUint8(offset + 2),
    view.getUint8(offset + 3),
  );
}

function readFormat(view: DataView, offset: number, size: number): WaveFormat {
  if (size < FMT_MIN_BYTES) throw audioInvalid("truncated-header", `fmt chunk of ${size} bytes is too short`);
  let code = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const blockAlign = view.getUint16(offset + 12, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  if (code === FORMAT_EXTENSIBLE) {
    if (size < EXTENSIBLE_SUBFORMAT_OFFSET + 2)
      throw audioInvalid("truncated-header", "extensible fmt chunk lacks its sub-format");
    code = view.getUint16(offset + EXTENSIBLE_SUBFORMAT_OFFSET, true);
  }
  if (code !== FORMAT_PCM && code !== FORMAT_FLOAT) {
    const name = KNOWN_CODECS[code] ?? `format tag 0x${code.toString(16).padStart(4, "0")}`;
    throw audioInvalid("unsupported-codec", `${name} is not supported; send PCM or float WAV`, {
      codec: code,
    });
  }
  const encoding = code === FORMAT_FLOAT ? "float" : "int";
  const depths = encoding === "float" ? [32, 64] : [8, 16, 24, 32];
  if (!depths.includes(bitsPerSample))
    throw audioInvalid("unsupported-codec", `${bitsPerSample}-bit ${encoding} samples are not supported`, {
      bitsPerSample,
    });
  if (channels === 0) throw audioInvalid("bad-format", "the fmt chunk declares no channels");
  if (blockAlign !== (channels * bitsPerSample) / 8)
    throw audioInvalid(
      "bad-format",
      `block align ${blockAlign} does not match ${channels} × ${bitsPerSample} bits`,
    );
  return { encoding, channels, sampleRate, bitsPerSample, blockAlign };
}

/** The format and sample bytes of a RIFF/WAVE file, or INPUT_INVALID saying what is wrong with it. */
export function readWave(bytes: Uint8Array): WaveBody {
  if (bytes.length === 0) throw audioInvalid("empty", "no bytes");
  if (bytes.length < RIFF_HEADER_BYTES + CHUNK_HEADER_BYTES)
    throw audioInvalid("truncated-header", `${bytes.length} bytes is shorter than a WAV header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (tag(view, 0) !== "RIFF" || tag(view, 8) !== "WAVE")
    throw audioInvalid("not-wav", "not a RIFF/WAVE file", { magic: tag(view, 0) });
  let format: WaveFormat | null = null;
  let offset = RIFF_HEADER_BYTES;
  while (offset + CHUNK_HEADER_BYTES <= bytes.length) {
    const id = tag(view, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + CHUNK_HEADER_BYTES;
    const available = bytes.length - body;
    if (id === "fmt ") {
      if (size > available) throw audioInvalid("truncated-header", "the fmt chunk is cut short");
      format = readFormat(view, body, size);
    } else if (id === "data") {
      if (!format) throw audioInvalid("bad-format", "the data chunk comes before any fmt chunk");
      const kept = Math.min(size, available);
      return { format, data: bytes.subarray(body, body + kept), declaredBytes: size };
    }
    // Chunks are padded to an even length.
    offset = body + size + (size % 2);
  }
  if (!format) throw audioInvalid("truncated-header", "no fmt chunk before the end of the file");
  throw audioInvalid("truncated-header", "no data chunk before the end of the file");
}
