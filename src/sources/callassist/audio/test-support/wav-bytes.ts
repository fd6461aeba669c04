/** WAV files of any layout for decoder tests, and synthetic tones. */
import { SAMPLE_RATE } from "../audio.js";

export interface WavLayout {
  sampleRate: number;
  channels: number;
  bitsPerSample: 8 | 16 | 24 | 32 | 64;
  float?: boolean;
  /** Format tag written instead of PCM/float (e.g. 0x0002 ADPCM). */
  formatTag?: number;
}

/** A WAV file holding `channels` (one array per channel, same length) in `layout`. */
export function wavBytes(channels: Float32Array[], layout: WavLayout): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const bytesPerSample = layout.bitsPerSample / 8;
  const blockAlign = bytesPerSample * layout.channels;
  const dataBytes = frames * blockAlign;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(at + i, text.charCodeAt(i));
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, layout.formatTag ?? (layout.float ? 3 : 1), true);
  view.setUint16(22, layout.channels, true);
  view.setUint32(24, layout.sampleRate, true);
  view.setUint32(28, layout.sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, layout.bitsPerSample, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  for (let f = 0; f < frames; f++)
    for (let c = 0; c < layout.channels; c++) {
      const x = channels[c]![f]!;
      const at = 44 + f * blockAlign + c * bytesPerSample;
      if (layout.float && layout.bitsPerSample === 32) view.setFloat32(at, x, true);
      else if (layout.float) view.setFloat64(at, x, true);
      else if (layout.bitsPerSample === 8) view.setUint8(at, Math.round(x * 127) + 128);
      else if (layout.bitsPerSample === 16) view.setInt16(at, Math.round(x * 32767), true);
      else if (layout.bitsPerSample === 24) {
        const v = Math.round(x * 8388607);
        view.setUint8(at, v & 0xff);
        view.setUint16(at + 1, (v >> 8) & 0xffff, true);
      } else view.setInt32(at, Math.round(x * 2147483647), true);
    }
  return bytes;
}

/** A sine of `hz` at `amplitude` for `seconds`. */
export function sine(hz: number, seconds: number, rate = SAMPLE_RATE, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

/** A band-limited sawtooth (harmonics up to the Nyquist frequency) of `hz`. */
export function sawtooth(hz: number, seconds: number, rate = SAMPLE_RATE, amplitude = 0.5): Float32Array {
  const harmonics = Math.floor(rate / 2 / hz);
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => {
    let x = 0;
    for (let k = 1; k <= harmonics; k++) x += Math.sin((2 * Math.PI * k * hz * i) / rate) / k;
    return (amplitude * 2 * x) / Math.PI;
  });
}
