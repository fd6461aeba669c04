/**
 * Where people speak: Silero VAD through sherpa-onnx-node. `UtteranceCutter` takes audio as it arrives (a
 * WebSocket's chunks, any length) and hands back each utterance once the silence after it is long enough;
 * `speechSegments` runs one over a whole recording. Times are seconds from the first sample pushed.
 */
import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { NudgeError } from "../../../core/index.js";
import { type Audio, SAMPLE_RATE } from "./audio.js";
import { loadSherpaOnnx, type NativeVad, onnxFileProblem } from "./sherpa-onnx.js";

/** Speech probability above which a window counts as speech. */
export const VAD_THRESHOLD = 0.5;
/** Silence that ends an utterance; shorter pauses stay inside it. */
export const MIN_SILENCE_S = 0.5;
/** Shorter bursts (a click, a cough) are dropped. */
export const MIN_SPEECH_S = 0.25;
/** A longer monologue is cut into pieces of at most this length, so a listener is never kept waiting. */
export const MAX_SPEECH_S = 20;
/** The Silero model, relative to the package root (not the working directory). */
export const DEFAULT_VAD_MODEL = "models/silero_vad.onnx";
/** Silero at 16 kHz scores 512-sample windows; the addon misplaces segments when fed other lengths. */
const WINDOW = 512;
/** Room the addon keeps for the segment in progress; above MAX_SPEECH_S. */
const BUFFER_S = 60;

/** One stretch of speech. */
export interface SpeechSegment {
  /** Seconds from the start of the stream. */
  startS: number;
  endS: number;
  /** The speech itself, 16 kHz mono. */
  samples: Float32Array;
}

/** The model and Silero's settings; each defaults to the constant above. */
export interface VadOptions {
  /** Silero VAD ONNX file; default `DEFAULT_VAD_MODEL` under the package root. Relative paths: from the package root. */
  modelPath?: string;
  threshold?: number;
  minSilenceS?: number;
  minSpeechS?: number;
  maxSpeechS?: number;
}

let root: string | null = null;

/** The nearest folder above this file holding a package.json: the repository or the installed package. */
export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  root = dir;
  return root;
}

function vadConfig(options: VadOptions): object {
  const path = options.modelPath ?? DEFAULT_VAD_MODEL;
  const model = isAbsolute(path) ? path : resolve(packageRoot(), path);
  const problem = onnxFileProblem(model);
  if (problem)
    throw new NudgeError("UNAVAILABLE", `the Silero VAD model ${model} ${problem}`, { path: model, problem });
  const config = {
    threshold: options.threshold ?? VAD_THRESHOLD,
    minSilenceDuration: options.minSilenceS ?? MIN_SILENCE_S,
    minSpeechDuration: options.minSpeechS ?? MIN_SPEECH_S,
    maxSpeechDuration: options.maxSpeechS ?? MAX_SPEECH_S,
  };
  if (!(config.threshold > 0 && config.threshold < 1))
    throw new NudgeError("INPUT_INVALID", `VAD threshold must be in (0, 1), got ${config.threshold}`, {
      field: "threshold",
    });
  for (const [field, value] of Object.entries(config))
    if (!(value > 0))
      throw new NudgeError("INPUT_INVALID", `VAD ${field} must be positive, got ${value}`, { field });
  if (config.maxSpeechDuration >= BUFFER_S)
    throw new NudgeError("INPUT_INVALID", `VAD maxSpeechS must be below ${BUFFER_S}`, {
      field: "maxSpeechS",
    });
  return {
    sileroVad: { model, windowSize: WINDOW, ...config },
    sampleRate: SAMPLE_RATE,
    numThreads: 1,
    provider: "cpu",
    debug: 0,
  };
}

/** Cuts a stream of 16 kHz mono samples into utterances as it arrives. Not safe to share between streams. */
export class UtteranceCutter {
  private readonly vad: NativeVad;
  private readonly window = new Float32Array(WINDOW);
  private filled = 0;
  /** Samples given to the detector since it was last reset, and before that. */
  private fed = 0;
  private base = 0;

  constructor(options: VadOptions = {}) {
    const config = vadConfig(options);
    this.vad = new (loadSherpaOnnx().Vad)(config, BUFFER_S);
  }

  /** Takes the next chunk; returns the utterances it completed (usually none). */
  push(samples: Float32Array): SpeechSegment[] {
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(WINDOW - this.filled, samples.length - at);
      this.window.set(samples.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === WINDOW) {
        this.vad.acceptWaveform(this.window.slice());
        this.fed += WINDOW;
        this.filled = 0;
      }
    }
    return this.drain();
  }

  /** Ends the stream: returns the utterance in progress, if any. Later pushes continue the same timeline. */
  flush(): SpeechSegment[] {
    const end = this.base + this.fed + this.filled;
    if (this.filled > 0) {
      // The last partial window goes in padded with zeros; the padding is cut off the segment again.
      this.window.fill(0, this.filled);
      this.vad.acceptWaveform(this.window.slice());
      this.fed += WINDOW;
      this.filled = 0;
    }
    this.vad.flush();
    const last = this.drain().map((segment) => clipTo(segment, end));
    this.vad.reset();
    this.base += this.fed;
    this.fed = 0;
    return last;
  }

  private drain(): SpeechSegment[] {
    const out: SpeechSegment[] = [];
    while (!this.vad.isEmpty()) {
      // false: copy the samples out of the addon's buffer, which pop() reuses.
      const segment = this.vad.front(false);
      this.vad.pop();
      const start = this.base + segment.start;
      out.push({
        startS: start / SAMPLE_RATE,
        endS: (start + segment.samples.length) / SAMPLE_RATE,
        samples: segment.samples,
      });
    }
    return out;
  }
}

function clipTo(segment: SpeechSegment, end: number): SpeechSegment {
  const start = Math.round(segment.startS * SAMPLE_RATE);
  if (start + segment.samples.length <= end) return segment;
  const samples = segment.samples.subarray(0, Math.max(0, end - start));
  return { startS: segment.startS, endS: (start + samples.length) / SAMPLE_RATE, samples };
}

/** The utterances of a whole recording. */
export function speechSegments(audio: Audio | Float32Array, options: VadOptions = {}): SpeechSegment[] {
  const samples = audio instanceof Float32Array ? audio : audio.samples;
  const cutter = new UtteranceCutter(options);
  return [...cutter.push(samples), ...cutter.flush()];
}
