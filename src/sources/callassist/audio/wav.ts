/**
 * Bytes in, 16 kHz mono float audio out: WAV (PCM 8/16/24/32-bit integer, 32/64-bit float, any channel
 * count and rate) or raw 16 kHz mono s16le. Several channels are averaged to one and other rates resampled
 * by windowed sinc; each such step is noted in `converted`. A WAV whose data chunk is shorter than it
 * declares (a recording cut off mid-write, or a streaming writer that never patched the size) is kept up
 * to its last whole frame and the cut is noted, rather than rejected: in a call, most of the audio is
 * better than none. Audio whose loudest frame is below `SILENCE_DBFS` is rejected as silent.
 */
import { type Audio, audioOf, dbfs, rms, SAMPLE_RATE } from "./audio.js";
import { resample } from "./resample.js";
import { audioInvalid, readWave, type WaveFormat } from "./riff.js";

/** Audio whose loudest 20 ms frame is quieter than this (dB full scale) holds nothing to hear. */
export const SILENCE_DBFS = -55;
/** Frame length for the silence check, in samples at 16 kHz (20 ms). */
const SILENCE_FRAME = 320;
/** Below this a declared rate is taken for a corrupt header. */
export const MIN_SAMPLE_RATE = 4000;
/** Above this a declared rate is taken for a corrupt header. */
export const MAX_SAMPLE_RATE = 384000;
const WAV_HEADER_BYTES = 44;
const INT16_SCALE = 32768;

/** How the bytes are encoded: a WAV file, or headerless 16 kHz mono signed 16-bit little-endian. */
export type AudioFormat = "wav" | "pcm16";

/** How to read the bytes. */
export interface DecodeOptions {
  /** Default "wav". */
  format?: AudioFormat;
  /** Accept audio with no sound in it (a quiet stretch of a stream); default false, rejected as "silent". */
  allowSilence?: boolean;
}

/** One channel-interleaved sample at `offset`, scaled to [-1, 1). */
function sampleReader(format: WaveFormat, view: DataView): (offset: number) => number {
  if (format.encoding === "float")
    return format.bitsPerSample === 32 ? (o) => view.getFloat32(o, true) : (o) => view.getFloat64(o, true);
  switch (format.bitsPerSample) {
    case 8:
      return (o) => (view.getUint8(o) - 128) / 128; // 8-bit WAV is unsigned
    case 16:
      return (o) => view.getInt16(o, true) / INT16_SCALE;
    case 24:
      return (o) => ((view.getUint8(o + 2) << 24) | (view.getUint16(o, true) << 8)) / 2 ** 31;
    default:
      return (o) => view.getInt32(o, true) / 2 ** 31;
  }
}

/** Interleaved frames of `data` averaged to mono floats; non-finite floats rejected, overs clipped. */
function toMono(format: WaveFormat, data: Uint8Array, converted: string[]): Float32Array {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = sampleReader(format, view);
  const frames = Math.floor(data.length / format.blockAlign);
  const bytesPerSample = format.bitsPerSample / 8;
  const mono = new Float32Array(frames);
  let clipped = 0;
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < format.channels; c++) sum += read(f * format.blockAlign + c * bytesPerSample);
    let x = sum / format.channels;
    if (!Number.isFinite(x)) throw audioInvalid("non-finite", `sample ${f} is not a finite number`);
    if (x > 1 || x < -1) {
      x = Math.max(-1, Math.min(1, x));
      clipped++;
    }
    mono[f] = x;
  }
  if (format.channels > 1) converted.push(`mixed ${format.channels} channels to mono by averaging`);
  if (clipped > 0) converted.push(`clipped ${clipped} float samples beyond full scale`);
  return mono;
}

function decodeWav(bytes: Uint8Array, converted: string[]): Float32Array {
  const { format, data, declaredBytes } = readWave(bytes);
  if (format.sampleRate < MIN_SAMPLE_RATE || format.sampleRate > MAX_SAMPLE_RATE)
    throw audioInvalid(
      "bad-format",
      `sample rate ${format.sampleRate} Hz is outside ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE}`,
    );
  const frames = Math.floor(data.length / format.blockAlign);
  if (frames === 0) throw audioInvalid("empty", "the data chunk holds no samples");
  if (data.length < declaredBytes || data.length % format.blockAlign !== 0)
    converted.push(
      `truncated: the data chunk declares ${declaredBytes} bytes, ${data.length} are present; kept ${frames} whole frames`,
    );
  const mono = toMono(format, data, converted);
  if (format.sampleRate === SAMPLE_RATE) return mono;
  converted.push(`resampled ${format.sampleRate} Hz to ${SAMPLE_RATE} Hz (windowed sinc)`);
  return resample(mono, format.sampleRate, SAMPLE_RATE);
}

function decodePcm16(bytes: Uint8Array): Float32Array {
  if (bytes.length === 0) throw audioInvalid("empty", "no bytes");
  if (bytes.length % 2 !== 0)
    throw audioInvalid("odd-byte-count", `${bytes.length} bytes cannot be 16-bit samples`, {
      bytes: bytes.length,
    });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = new Float32Array(bytes.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true) / INT16_SCALE;
  return samples;
}

/** Level of the loudest 20 ms frame, in dBFS. */
export function peakFrameDbfs(samples: Float32Array): number {
  let loudest = 0;
  for (let start = 0; start < samples.length; start += SILENCE_FRAME)
    loudest = Math.max(loudest, rms(samples, start, Math.min(samples.length, start + SILENCE_FRAME)));
  return dbfs(loudest);
}

/** Decoded 16 kHz mono audio, or INPUT_INVALID (`details.reason`) for bytes that are not usable audio. */
export function decodeAudio(bytes: Uint8Array, options: DecodeOptions = {}): Audio {
  const converted: string[] = [];
  const format = options.format ?? "wav";
  const samples = format === "pcm16" ? decodePcm16(bytes) : decodeWav(bytes, converted);
  if (!options.allowSilence) {
    const peak = peakFrameDbfs(samples);
    if (peak < SILENCE_DBFS)
      throw audioInvalid("silent", `the loudest frame is ${peak.toFixed(1)} dBFS, below ${SILENCE_DBFS}`, {
        peakDbfs: peak,
      });
  }
  return audioOf(samples, converted);
}

/** Samples in [-1, 1] as 16-bit PCM (beyond full scale clipped), the inverse of decoding `pcm16`. */
export function toPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const x = Math.max(-1, Math.min(1, samples[i] as number));
    out[i] = Math.round(x < 0 ? x * INT16_SCALE : x * (INT16_SCALE - 1));
  }
  return out;
}

/** `audio` as a 16 kHz mono 16-bit PCM WAV file (samples beyond full scale are clipped). */
export function encodeWav(audio: Pick<Audio, "samples">): Uint8Array {
  const dataBytes = audio.samples.length * 2;
  const bytes = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, WAV_HEADER_BYTES - 8 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE, true);
  view.setUint32(28, SAMPLE_RATE * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  const pcm = toPcm16(audio.samples);
  for (let i = 0; i < pcm.length; i++) view.setInt16(WAV_HEADER_BYTES + i * 2, pcm[i] as number, true);
  return bytes;
}
