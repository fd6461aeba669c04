/**
 * Fundamental frequency by YIN (de Cheveigné & Kawahara, 2002): the difference function of the frame with
 * itself shifted by each lag, normalised by its running mean; the first lag whose normalised difference
 * dips below a threshold is the period, refined by a parabola through its neighbours. Frames where no lag
 * dips low enough are unvoiced.
 */
import { SAMPLE_RATE } from "./audio.js";

/** Lowest pitch sought: a deep male voice at the bottom of a falling tone. */
export const PITCH_MIN_HZ = 50;
/** Highest pitch sought: above a raised female voice. */
export const PITCH_MAX_HZ = 500;
/** Normalised difference below which a lag counts as a period: YIN's paper uses 0.10–0.15 for clean tones; speech, whose pitch moves within a frame, needs a little more room. */
export const YIN_THRESHOLD = 0.2;
/** Samples compared at each lag (25 ms at 16 kHz): longer than the longest period sought. */
export const YIN_WINDOW = 400;

/** Where and how hard YIN looks; every field has the default named above. */
export interface PitchOptions {
  sampleRate?: number;
  minHz?: number;
  maxHz?: number;
  threshold?: number;
  /** Samples compared at each lag; default `YIN_WINDOW`. */
  window?: number;
}

/** Samples one YIN frame needs: the window plus the longest lag. */
export function yinFrameLength(options: PitchOptions = {}): number {
  const rate = options.sampleRate ?? SAMPLE_RATE;
  return (options.window ?? YIN_WINDOW) + Math.ceil(rate / (options.minHz ?? PITCH_MIN_HZ)) + 1;
}

/**
 * Pitch in Hz of the frame starting at `start` in `samples`, or null when unvoiced or when fewer than
 * `yinFrameLength(options)` samples remain.
 */
export function yinPitch(samples: Float32Array, start = 0, options: PitchOptions = {}): number | null {
  const rate = options.sampleRate ?? SAMPLE_RATE;
  const window = options.window ?? YIN_WINDOW;
  const threshold = options.threshold ?? YIN_THRESHOLD;
  const minLag = Math.max(2, Math.floor(rate / (options.maxHz ?? PITCH_MAX_HZ)));
  const maxLag = Math.ceil(rate / (options.minHz ?? PITCH_MIN_HZ));
  if (start + window + maxLag + 1 > samples.length) return null;
  // Cumulative mean normalised difference d'(τ) for τ in [1, maxLag + 1].
  const normalised = new Float32Array(maxLag + 2);
  normalised[0] = 1;
  let running = 0;
  for (let lag = 1; lag <= maxLag + 1; lag++) {
    let difference = 0;
    for (let j = start; j < start + window; j++) {
      const delta = samples[j]! - samples[j + lag]!;
      difference += delta * delta;
    }
    running += difference;
    normalised[lag] = running > 0 ? (difference * lag) / running : 1;
  }
  let lag = minLag;
  while (lag <= maxLag && normalised[lag]! >= threshold) lag++;
  if (lag > maxLag) return null;
  // Walk down to the bottom of this dip, not just its first point under the threshold.
  while (lag < maxLag && normalised[lag + 1]! < normalised[lag]!) lag++;
  const before = normalised[lag - 1]!;
  const at = normalised[lag]!;
  const after = normalised[lag + 1]!;
  const curvature = before - 2 * at + after;
  const shift = curvature > 0 ? (before - after) / (2 * curvature) : 0;
  return rate / (lag + shift);
}
