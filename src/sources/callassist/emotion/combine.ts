/**
 * The combined emotion: the first emotion (sentiment lexicon over the recognized words) turned into a
 * distribution over the four labels by a fixed soft mapping, mixed with the second emotion's
 * probabilities (words + voice model) by configurable weights. The label is the most probable one of the
 * mixture; intensity is 1 − P(neutral) of the mixture: how far from neutral the utterance sounds, whatever
 * the direction.
 *
 * The mapping reflects how much a lexicon verdict is worth: with no sentiment word found the lexicon knows
 * little (LEXICON_NO_HITS, a mild lean to neutral, so the second emotion decides); with hits its label gets
 * LEXICON_MIN_CONFIDENCE … LEXICON_MAX_CONFIDENCE growing with its intensity, and the rest spills to the
 * labels it is most often confused with (LEXICON_SPILL: irritated ↔ negative, positive → neutral).
 */
import { NudgeError, round4 } from "../../../core/index.js";
import type { LexiconLabel, LexiconScore } from "./lexicon.js";

/** The labels, in the order of the dialogue set's EMOTIONS (ties go to the earlier). */
const LABELS: readonly LexiconLabel[] = ["positive", "neutral", "negative", "irritated"];

/** Weights of the two emotions in the mixture (normalized to sum 1). */
export interface EmotionWeights {
  first: number;
  second: number;
}

/** The default: 0.4 lexicon, 0.6 model. */
export const DEFAULT_EMOTION_WEIGHTS: EmotionWeights = { first: 0.4, second: 0.6 };
/** The lexicon label's probability at intensity 0 (a weak hit)… */
export const LEXICON_MIN_CONFIDENCE = 0.5;
/** …and at intensity 1. */
export const LEXICON_MAX_CONFIDENCE = 0.85;
/** The lexicon's distribution when it found no sentiment word. */
export const LEXICON_NO_HITS: Readonly<Record<LexiconLabel, number>> = {
  positive: 0.15,
  neutral: 0.55,
  negative: 0.2,
  irritated: 0.1,
};
/** Where the rest of the lexicon's mass goes, per lexicon label (each row sums to 1). */
export const LEXICON_SPILL: Readonly<Record<LexiconLabel, Readonly<Record<LexiconLabel, number>>>> = {
  positive: { positive: 0, neutral: 0.8, negative: 0.15, irritated: 0.05 },
  neutral: { positive: 0.35, neutral: 0, negative: 0.45, irritated: 0.2 },
  negative: { positive: 0.1, neutral: 0.5, negative: 0, irritated: 0.4 },
  irritated: { positive: 0.05, neutral: 0.3, negative: 0.65, irritated: 0 },
};

/** The combined emotion of one utterance, with both parts and the weights used. */
export interface CombinedEmotion {
  label: LexiconLabel;
  /** 0 … 1: 1 − P(neutral) of the mixture. */
  intensity: number;
  /** The mixture. */
  probabilities: Record<LexiconLabel, number>;
  first: { label: LexiconLabel; score: number; intensity: number };
  second: { label: LexiconLabel; confidence: number };
  weights: EmotionWeights;
}

/** The lexicon verdict as a distribution over the four labels (see the module comment). */
export function lexiconDistribution(first: LexiconScore): Record<LexiconLabel, number> {
  if (first.hits.length === 0) return { ...LEXICON_NO_HITS };
  const strength = Math.min(1, Math.max(0, first.intensity));
  const confidence = LEXICON_MIN_CONFIDENCE + (LEXICON_MAX_CONFIDENCE - LEXICON_MIN_CONFIDENCE) * strength;
  const spill = LEXICON_SPILL[first.label];
  return Object.fromEntries(
    LABELS.map((label) => [label, label === first.label ? confidence : (1 - confidence) * spill[label]]),
  ) as Record<LexiconLabel, number>;
}

/** Mixes the lexicon's (first) and the model's (second) emotion; weights default to 0.4 / 0.6. */
export function combineEmotion(
  first: LexiconScore,
  second: { probabilities: Readonly<Record<LexiconLabel, number>> },
  weights: EmotionWeights = DEFAULT_EMOTION_WEIGHTS,
): CombinedEmotion {
  const total = checkedWeights(weights);
  const lexicon = lexiconDistribution(first);
  const model = normalized(second.probabilities);
  const mixture = Object.fromEntries(
    LABELS.map((label) => [label, (weights.first * lexicon[label] + weights.second * model[label]) / total]),
  ) as Record<LexiconLabel, number>;
  const label = mostProbable(mixture);
  const secondLabel = mostProbable(model);
  return {
    label,
    intensity: round4(1 - mixture.neutral),
    probabilities: Object.fromEntries(LABELS.map((l) => [l, round4(mixture[l])])) as Record<
      LexiconLabel,
      number
    >,
    first: { label: first.label, score: first.score, intensity: first.intensity },
    second: { label: secondLabel, confidence: round4(model[secondLabel]) },
    weights: { ...weights },
  };
}

function checkedWeights(weights: EmotionWeights): number {
  const { first, second } = weights;
  if (!(Number.isFinite(first) && Number.isFinite(second) && first >= 0 && second >= 0 && first + second > 0))
    throw new NudgeError("INPUT_INVALID", "emotion weights must be non-negative numbers, not both zero", {
      first,
      second,
    });
  return first + second;
}

/** The model's probabilities over the four labels, missing ones as 0, rescaled to sum 1. */
function normalized(p: Readonly<Record<LexiconLabel, number>>): Record<LexiconLabel, number> {
  const values = LABELS.map((label) => {
    const v = p[label] ?? 0;
    if (!Number.isFinite(v) || v < 0)
      throw new NudgeError("INPUT_INVALID", `second emotion probability of ${label} is ${v}`);
    return v;
  });
  const sum = values.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new NudgeError("INPUT_INVALID", "second emotion probabilities sum to 0");
  return Object.fromEntries(LABELS.map((label, i) => [label, (values[i] as number) / sum])) as Record<
    LexiconLabel,
    number
  >;
}

function mostProbable(p: Readonly<Record<LexiconLabel, number>>): LexiconLabel {
  return LABELS.reduce((best, label) => (p[label] > p[best] ? label : best));
}
