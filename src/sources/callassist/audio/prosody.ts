/**
 * How someone speaks, from the signal alone: pitch level, range and drift (YIN), loudness, pace and
 * pauses. Computed over 10 ms frames. A frame is *active* when its level is within `ACTIVE_RANGE_DB` of
 * the loudest frame and above `ACTIVE_FLOOR_DBFS`; the speech span runs from the first active frame to the
 * last, and inactive runs inside it at least `MIN_PAUSE_S` long are pauses.
 */
import { type Audio, dbfs, rms, SAMPLE_RATE } from "./audio.js";
import { yinFrameLength, yinPitch } from "./pitch.js";

/** Frame step (10 ms). */
const HOP = 160;
/** Frame length for level (25 ms). */
const LEVEL_WINDOW = 400;
/** A frame this far below the loudest frame is silence, whatever the recording level. */
export const ACTIVE_RANGE_DB = 30;
/** And any frame below this level is silence. */
export const ACTIVE_FLOOR_DBFS = -50;
/** Shorter gaps are the breaks between words, not pauses. */
export const MIN_PAUSE_S = 0.3;
/** A level peak counts as a syllable when it rises this far above the dips on both sides. */
export const SYLLABLE_PROMINENCE_DB = 2;
/** Frames in the moving average that smooths the level before peaks are sought (50 ms). */
const SMOOTHING_FRAMES = 5;
/** Fewer voiced frames than this (0.1 s) give no pitch figures. */
const MIN_VOICED_FRAMES = 10;
const RANGE_LOW_PERCENTILE = 0.05;
const RANGE_HIGH_PERCENTILE = 0.95;

/** Voice features of one utterance. Pitch figures are null when under 0.1 s of it is voiced. */
export interface Voice {
  /** Mean fundamental frequency over voiced frames, Hz. */
  pitchMeanHz: number | null;
  /** 95th minus 5th percentile of voiced-frame pitch, Hz. */
  pitchRangeHz: number | null;
  /** Least-squares slope of pitch over time across voiced frames, Hz per second (rising > 0). */
  pitchSlope: number | null;
  /** RMS level of the active frames, dBFS (0 is full scale; speech is typically -35 to -10). */
  energy: number;
  /** Syllables (level peaks in voiced frames) or, when the word count is given, words per second of speaking time (speech span less pauses). */
  speechRate: number;
  speechRateUnit: "syllables/s" | "words/s";
  /** Silences inside the speech span of at least `MIN_PAUSE_S`. */
  pauses: { count: number; totalS: number };
  /** Share of active frames that have a pitch. */
  voicedRatio: number;
  durationS: number;
}

/** What is known besides the signal, and the pause threshold. */
export interface VoiceOptions {
  /** Words spoken (from the transcript): speech rate is then words per second instead of syllables. */
  words?: number;
  minPauseS?: number;
}

interface Frames {
  levelDb: Float32Array;
  active: boolean[];
  pitch: (number | null)[];
}

function analyse(samples: Float32Array): Frames {
  const count = samples.length < LEVEL_WINDOW ? 1 : Math.floor((samples.length - LEVEL_WINDOW) / HOP) + 1;
  const levelDb = new Float32Array(count);
  for (let i = 0; i < count; i++)
    levelDb[i] = dbfs(rms(samples, i * HOP, Math.min(samples.length, i * HOP + LEVEL_WINDOW)));
  const gate = Math.max(ACTIVE_FLOOR_DBFS, Math.max(...levelDb) - ACTIVE_RANGE_DB);
  const active = Array.from(levelDb, (level) => level >= gate);
  const pitchFrame = yinFrameLength();
  const pitch = active.map((on, i) => {
    if (!on) return null;
    // Centre the longer pitch frame on the level frame, clamped inside the signal.
    const start = Math.min(
      Math.max(0, i * HOP + LEVEL_WINDOW / 2 - pitchFrame / 2),
      samples.length - pitchFrame,
    );
    return start < 0 ? null : yinPitch(samples, Math.round(start));
  });
  return { levelDb, active, pitch };
}

function percentile(sorted: number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.min(sorted.length - 1, low + 1);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

function pitchFigures(pitch: (number | null)[]): Pick<Voice, "pitchMeanHz" | "pitchRangeHz" | "pitchSlope"> {
  const points = pitch.flatMap((hz, i) => (hz === null ? [] : [{ t: (i * HOP) / SAMPLE_RATE, hz }]));
  if (points.length < MIN_VOICED_FRAMES) return { pitchMeanHz: null, pitchRangeHz: null, pitchSlope: null };
  const meanHz = points.reduce((s, p) => s + p.hz, 0) / points.length;
  const meanT = points.reduce((s, p) => s + p.t, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const p of points) {
    covariance += (p.t - meanT) * (p.hz - meanHz);
    variance += (p.t - meanT) ** 2;
  }
  const sorted = points.map((p) => p.hz).sort((a, b) => a - b);
  return {
    pitchMeanHz: meanHz,
    pitchRangeHz: percentile(sorted, RANGE_HIGH_PERCENTILE) - percentile(sorted, RANGE_LOW_PERCENTILE),
    pitchSlope: variance > 0 ? covariance / variance : 0,
  };
}

function movingAverage(values: Float32Array, width: number): Float32Array {
  const half = Math.floor(width / 2);
  return Float32Array.from(values, (_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(values.length - 1, i + half);
    let sum = 0;
    for (let j = from; j <= to; j++) sum += values[j]!;
    return sum / (to - from + 1);
  });
}

/**
 * Frames of syllable nuclei: peaks of the smoothed level that rise `SYLLABLE_PROMINENCE_DB` above the dip
 * before them and fall as far after (or the signal ends), kept when the peak frame is voiced.
 */
export function syllableNuclei(levelDb: Float32Array, voiced: readonly boolean[]): number[] {
  const smooth = movingAverage(levelDb, SMOOTHING_FRAMES);
  const nuclei: number[] = [];
  let rising = false;
  let extreme = smooth[0] ?? 0;
  let peakAt = 0;
  for (let i = 1; i < smooth.length; i++) {
    const level = smooth[i]!;
    if (rising) {
      if (level > extreme) {
        extreme = level;
        peakAt = i;
      } else if (extreme - level >= SYLLABLE_PROMINENCE_DB) {
        if (voiced[peakAt]) nuclei.push(peakAt);
        rising = false;
        extreme = level;
      }
    } else if (level < extreme) extreme = level;
    else if (level - extreme >= SYLLABLE_PROMINENCE_DB) {
      rising = true;
      extreme = level;
      peakAt = i;
    }
  }
  if (rising && voiced[peakAt]) nuclei.push(peakAt);
  return nuclei;
}

/** Voice features of `audio` (16 kHz mono). */
export function voiceFeatures(audio: Audio | Float32Array, options: VoiceOptions = {}): Voice {
  const samples = audio instanceof Float32Array ? audio : audio.samples;
  const durationS = samples.length / SAMPLE_RATE;
  const { levelDb, active, pitch } = analyse(samples);
  const first = active.indexOf(true);
  const last = active.lastIndexOf(true);
  const minPauseFrames = Math.ceil(((options.minPauseS ?? MIN_PAUSE_S) * SAMPLE_RATE) / HOP);
  const pauses = { count: 0, totalS: 0 };
  for (let i = first, run = 0; first >= 0 && i <= last + 1; i++) {
    if (i <= last && !active[i]) run++;
    else {
      if (run >= minPauseFrames) {
        pauses.count++;
        pauses.totalS += (run * HOP) / SAMPLE_RATE;
      }
      run = 0;
    }
  }
  const spanS = first < 0 ? 0 : ((last - first + 1) * HOP) / SAMPLE_RATE;
  const speakingS = Math.max(spanS - pauses.totalS, HOP / SAMPLE_RATE);
  let power = 0;
  let activeCount = 0;
  levelDb.forEach((level, i) => {
    if (active[i]) {
      power += 10 ** (level / 10);
      activeCount++;
    }
  });
  const voicedCount = pitch.filter((hz) => hz !== null).length;
  const units =
    options.words ??
    syllableNuclei(
      levelDb,
      pitch.map((hz) => hz !== null),
    ).length;
  return {
    ...pitchFigures(pitch),
    energy: activeCount > 0 ? 10 * Math.log10(power / activeCount) : dbfs(0),
    speechRate: activeCount > 0 ? units / speakingS : 0,
    speechRateUnit: options.words === undefined ? "syllables/s" : "words/s",
    pauses: { count: pauses.count, totalS: Number(pauses.totalS.toFixed(3)) },
    voicedRatio: activeCount > 0 ? voicedCount / activeCount : 0,
    durationS,
  };
}
