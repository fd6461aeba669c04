/**
 * The one audio shape the call-assist pipeline works on: 16 kHz mono float samples in [-1, 1], with a note
 * of every conversion made on the way in (channel mix, resampling, truncation) so a caller can tell what
 * happened to the bytes it sent.
 */

/** Every `Audio` is at this rate: what Silero VAD, pocketsphinx and the Kaldi recognizers expect. */
export const SAMPLE_RATE = 16000;

/** Decoded, converted audio ready for VAD, prosody and recognition. */
export interface Audio {
  /** Always 16 kHz. */
  sampleRate: typeof SAMPLE_RATE;
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
  /** Length in seconds (`samples.length / sampleRate`). */
  durationS: number;
  /** One human-readable note per conversion made while decoding; empty when the input was already 16 kHz mono. */
  converted: string[];
}

/** An `Audio` around 16 kHz mono samples (no copy). */
export function audioOf(samples: Float32Array, converted: string[] = []): Audio {
  return { sampleRate: SAMPLE_RATE, samples, durationS: samples.length / SAMPLE_RATE, converted };
}

/** Root mean square of `samples` (0 for none). */
export function rms(samples: Float32Array, start = 0, end = samples.length): number {
  if (end <= start) return 0;
  let sum = 0;
  for (let i = start; i < end; i++) {
    const x = samples[i]!;
    sum += x * x;
  }
  return Math.sqrt(sum / (end - start));
}

/** Quietest level `dbfs` reports; keeps digital silence finite. */
export const DBFS_FLOOR = -120;

/** A linear amplitude in dB relative to full scale (1.0), floored at `DBFS_FLOOR`. */
export function dbfs(amplitude: number): number {
  return amplitude > 0 ? Math.max(DBFS_FLOOR, 20 * Math.log10(amplitude)) : DBFS_FLOOR;
}
