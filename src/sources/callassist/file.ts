/**
 * A recorded call analysed from its file (`nudge call analyze`): the audio is decoded (converted to 16 kHz
 * mono when it is not), cut into utterances by voice activity detection, and each utterance is
 * recognized — or taken from a transcript — measured and analysed with the earlier ones as context. With a
 * transcript, its lines are the utterances: each gets the voice of its own speech segment when the
 * detector found as many segments as there are lines, otherwise the voice of the whole recording.
 */
import { NudgeError, roundTo } from "../../core/index.js";
import { analyzeUtterance, type UtteranceAnalysis } from "./analyze.js";
import type { SpeechRecognizer } from "./asr/index.js";
import {
  type Audio,
  decodeAudio,
  type SpeechSegment,
  speechSegments,
  type Voice,
  voiceFeatures,
} from "./audio/index.js";
import type { DialogueLanguage } from "./dialogue/index.js";
import type { EmotionWeights } from "./emotion/index.js";
import type { CallModels } from "./models.js";

export interface CallFileOptions {
  /** The utterances' words, one a line; stands in for recognition. */
  transcript?: readonly string[];
  recognizer?: SpeechRecognizer;
  lang?: DialogueLanguage;
  weights?: EmotionWeights;
}

export interface AnalysedSegment extends UtteranceAnalysis {
  startS: number | null;
  endS: number | null;
  recognitionMs: number;
  analysisMs: number;
}

export interface CallFileAnalysis {
  durationS: number;
  converted: string[];
  segments: number;
  /** Where the words came from. */
  words: "transcript" | string;
  /** Voice of the whole recording. */
  voice: Voice;
  utterances: AnalysedSegment[];
  /** Recognition seconds per second of audio (null with a transcript). */
  realTimeFactor: number | null;
}

/** Analyses a recorded call. */
export async function analyzeCallFile(
  models: CallModels,
  bytes: Uint8Array,
  options: CallFileOptions,
): Promise<CallFileAnalysis> {
  const audio = decodeAudio(bytes);
  const segments = speechSegments(audio);
  const lines = options.transcript?.map((l) => l.trim()).filter((l) => l !== "");
  if (lines && lines.length === 0) throw new NudgeError("INPUT_INVALID", "the transcript has no lines");
  if (!lines && !options.recognizer)
    throw new NudgeError("INPUT_INVALID", "give a transcript or a speech recognizer for this audio");
  if (!lines && segments.length === 0)
    throw new NudgeError("INPUT_INVALID", "no speech found in the audio", { field: "audio" });
  const whole = voiceFeatures(audio);
  const paired = lines !== undefined && lines.length === segments.length;
  const count = lines?.length ?? segments.length;
  const previous: string[] = [];
  const shown: string[] = [];
  const utterances: AnalysedSegment[] = [];
  let recognitionS = 0;
  for (let i = 0; i < count; i++) {
    const segment: SpeechSegment | undefined = lines && !paired ? undefined : segments[i];
    const part: Audio | null = segment
      ? { ...audio, samples: segment.samples, durationS: segment.endS - segment.startS }
      : null;
    const recognitionStart = performance.now();
    const text = lines
      ? (lines[i] as string)
      : (
          await (options.recognizer as SpeechRecognizer).recognize(
            part as Audio,
            options.lang ? { lang: options.lang } : undefined,
          )
        ).text;
    const recognitionMs = performance.now() - recognitionStart;
    if (!lines) recognitionS += recognitionMs / 1000;
    if (text.trim() === "") continue;
    const analysisStart = performance.now();
    const analysis = analyzeUtterance(
      models,
      { text, lang: options.lang, voice: part ? voiceFeatures(part) : whole },
      { previous, alreadyShown: shown, weights: options.weights },
    );
    utterances.push({
      ...analysis,
      startS: segment ? roundTo(segment.startS, 2) : null,
      endS: segment ? roundTo(segment.endS, 2) : null,
      recognitionMs: lines ? 0 : roundTo(recognitionMs, 1),
      analysisMs: roundTo(performance.now() - analysisStart, 1),
    });
    previous.push(analysis.text);
    shown.push(...analysis.scripts.map((s) => s.id));
  }
  return {
    durationS: roundTo(audio.durationS, 2),
    converted: audio.converted,
    segments: segments.length,
    words: lines ? "transcript" : (options.recognizer as SpeechRecognizer).name,
    voice: whole,
    utterances,
    realTimeFactor: lines ? null : Math.round((recognitionS / audio.durationS) * 1000) / 1000,
  };
}
