/**
 * The speech recognition port: audio in, text out. Each engine is an adapter in its own file; the rest of
 * call assist sees only this interface, so a bank's own recognition server, a local Kaldi model or a fixed
 * transcript are interchangeable.
 */
import type { Audio } from "../audio/index.js";

/** Languages call assist handles. */
export type SpeechLang = "zh" | "en";

/** What the caller knows before recognition starts. */
export interface RecognitionHint {
  /** The language spoken, when known; engines that detect it themselves may ignore it. */
  lang?: SpeechLang;
}

/** One recognised utterance. */
export interface Recognition {
  /** The transcript, trimmed; empty when nothing was recognised. */
  text: string;
  /** Language of the transcript when the engine reports or was told it ("zh", "en", …). */
  lang?: string;
  /** Engine's confidence in [0, 1], when it gives one. */
  confidence?: number;
  /** Which adapter produced it, e.g. "pocketsphinx" or "sherpa:sense-voice". */
  engine: string;
  /** Wall-clock time the recognition took. */
  elapsedMs: number;
}

/** A speech recognition engine. */
export interface SpeechRecognizer {
  /** Short name of the engine, as it appears in `Recognition.engine`. */
  readonly name: string;
  /**
   * The transcript of one utterance (16 kHz mono, typically a VAD segment). Rejects with UNAVAILABLE when
   * the engine cannot run (missing binary, model or server), UNSUPPORTED for a language it does not know.
   */
  recognize(audio: Audio, hint?: RecognitionHint): Promise<Recognition>;
}
