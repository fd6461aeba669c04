/**
 * The features of the second emotion: the utterance's words (TF-IDF over tokens with stop words kept, so
 * "not" and 不 stay, plus marks for exclamations and questions that the tokenizer drops, and adjacent
 * pairs of them) and its voice
 * (standardized per language, clipped, with an indicator for missing pitch and one for no voice at all,
 * so a text-only utterance is a valid input). Words and voice become one sparse row: the TF-IDF columns,
 * then VOICE_COLUMNS scaled by the model's voice scale.
 */
import { type SparseRows, type TfidfModel, tokenize, transformTfidf } from "../../../text/index.js";
import type { Voice } from "../audio/index.js";
import type { LexiconLanguage } from "./lexicon-tables.js";

/** The voice measurements used, each a number of one utterance (pauses per second of speech, not a count). */
export const VOICE_MEASURES = [
  "pitchMeanHz",
  "pitchRangeHz",
  "pitchSlope",
  "energy",
  "speechRate",
  "pauseRate",
  "voicedRatio",
  "durationS",
] as const;
/** The voice columns appended to the TF-IDF row: the standardized measures, then two indicators. */
export const VOICE_COLUMNS = [...VOICE_MEASURES, "pitchMissing", "noVoice"] as const;
/** Standardized measures are clipped here: one odd recording must not dominate a linear model. */
export const VOICE_Z_CLIP = 3;
/** A measure whose spread is below this is not scaled up (division by a near-zero deviation). */
const MIN_SPREAD = 1e-6;
/** Tokens marking punctuation the tokenizer drops but that carries emotion. */
export const EXCLAMATION_TOKEN = "<!>";
export const QUESTION_TOKEN = "<?>";

type VoiceMeasure = (typeof VOICE_MEASURES)[number];

/** Mean and standard deviation of every measure, per language (voices differ between the two). */
export type VoiceScaling = Record<LexiconLanguage, { mean: number[]; sd: number[] }>;

/**
 * The word tokens of an utterance: its tokens with stop words kept, and marks for the punctuation the
 * tokenizer drops. Nothing from the lexicon: the second emotion is an independent opinion, so mixing it
 * with the first adds information. The model's TF-IDF adds each pair of adjacent tokens (`not
 * interested`, `别 再`): on a few hundred training rows the pairs carry negation and set phrases that
 * single words miss.
 */
export function emotionTokens(text: string): string[] {
  const tokens = tokenize(text, { stopWords: false });
  if (/[!！]/u.test(text)) tokens.push(EXCLAMATION_TOKEN);
  if (/[?？]/u.test(text)) tokens.push(QUESTION_TOKEN);
  return tokens;
}

/** One measure of a voice; null when the voice has none (pitch of an unvoiced utterance). */
export function voiceMeasure(voice: Voice, measure: VoiceMeasure): number | null {
  if (measure === "pauseRate") return voice.durationS > 0 ? voice.pauses.count / voice.durationS : 0;
  return voice[measure];
}

/** Per-language mean and deviation of every measure over the voices given (a language without any gets 0 / 1). */
export function fitVoiceScaling(
  voices: readonly { lang: LexiconLanguage; voice: Voice | null }[],
): VoiceScaling {
  const scalingOf = (lang: LexiconLanguage) => {
    const mean: number[] = [];
    const sd: number[] = [];
    for (const measure of VOICE_MEASURES) {
      const values: number[] = [];
      for (const row of voices) {
        const value = row.lang === lang && row.voice !== null ? voiceMeasure(row.voice, measure) : null;
        if (value !== null) values.push(value);
      }
      const m = values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0;
      const variance = values.length > 1 ? values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length : 1;
      mean.push(m);
      sd.push(Math.max(MIN_SPREAD, Math.sqrt(variance)));
    }
    return { mean, sd };
  };
  return { zh: scalingOf("zh"), en: scalingOf("en") };
}

/** The voice columns of an utterance (unscaled): clipped z-scores, pitchMissing, noVoice. */
export function voiceVector(voice: Voice | null, lang: LexiconLanguage, scaling: VoiceScaling): number[] {
  if (voice === null) return [...VOICE_MEASURES.map(() => 0), 0, 1];
  const { mean, sd } = scaling[lang];
  const z = VOICE_MEASURES.map((measure, i) => {
    const value = voiceMeasure(voice, measure);
    if (value === null) return 0;
    const score = (value - (mean[i] as number)) / (sd[i] as number);
    return Math.max(-VOICE_Z_CLIP, Math.min(VOICE_Z_CLIP, score));
  });
  return [...z, voice.pitchMeanHz === null ? 1 : 0, 0];
}

/** The TF-IDF rows of the token lists with, when voices are given, the voice columns × voiceScale appended. */
export function featureRows(
  tfidf: TfidfModel,
  docs: readonly (readonly string[])[],
  voice: { vectors: readonly (readonly number[])[]; scale: number } | null,
): SparseRows {
  const words = transformTfidf(tfidf, docs);
  if (voice === null) return words;
  const extra = VOICE_COLUMNS.length;
  const indptr = new Int32Array(words.rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < words.rows; r++) {
    for (let p = words.indptr[r] as number; p < (words.indptr[r + 1] as number); p++) {
      indices.push(words.indices[p] as number);
      values.push(words.values[p] as number);
    }
    (voice.vectors[r] ?? []).forEach((v, c) => {
      if (v !== 0) {
        indices.push(words.cols + c);
        values.push(v * voice.scale);
      }
    });
    indptr[r + 1] = indices.length;
  }
  return {
    rows: words.rows,
    cols: words.cols + extra,
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}
