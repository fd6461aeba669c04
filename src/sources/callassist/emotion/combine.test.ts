import { describe, expect, it } from "vitest";
import {
  combineEmotion,
  DEFAULT_EMOTION_WEIGHTS,
  type EmotionWeights,
  LEXICON_MAX_CONFIDENCE,
  LEXICON_MIN_CONFIDENCE,
  LEXICON_NO_HITS,
  type LexiconLabel,
  type LexiconScore,
  lexiconDistribution,
  lexiconEmotion,
} from "./index.js";

type Distribution = Record<LexiconLabel, number>;

/** A lexicon verdict with one hit (or none), for tables independent of the word lists. */
function verdict(label: LexiconLabel, intensity: number, hits = true): LexiconScore {
  const sign = label === "positive" ? 1 : label === "neutral" ? 0 : -1;
  return {
    score: sign * intensity,
    label,
    intensity,
    lang: "en",
    hits: hits
      ? [{ word: "w", weight: sign * 3, negated: false, degree: 1, irritation: label === "irritated" }]
      : [],
  };
}

const model = (p: Partial<Distribution>): { probabilities: Distribution } => ({
  probabilities: { positive: 0, neutral: 0, negative: 0, irritated: 0, ...p },
});
const calm = model({ neutral: 0.9, negative: 0.05, positive: 0.05 });
const unsure = model({ neutral: 0.5, irritated: 0.3, negative: 0.2 });
const upset = model({ negative: 0.6, neutral: 0.3, irritated: 0.1 });
const angry = model({ irritated: 0.7, negative: 0.2, neutral: 0.1 });

describe("lexiconDistribution", () => {
  it("gives the lexicon's label MIN…MAX_CONFIDENCE by intensity, the rest spilled to its neighbours", () => {
    const strong = lexiconDistribution(verdict("irritated", 1));
    expect(strong.irritated).toBeCloseTo(LEXICON_MAX_CONFIDENCE);
    expect(strong.negative).toBeGreaterThan(strong.neutral);
    expect(lexiconDistribution(verdict("positive", 0)).positive).toBeCloseTo(LEXICON_MIN_CONFIDENCE);
    for (const label of ["positive", "neutral", "negative", "irritated"] as const) {
      const d = lexiconDistribution(verdict(label, 0.6));
      expect(Object.values(d).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    }
  });

  it("knows little without a sentiment word: LEXICON_NO_HITS", () => {
    expect(lexiconDistribution(verdict("neutral", 0, false))).toEqual(LEXICON_NO_HITS);
  });
});

describe("combineEmotion", () => {
  it.each<[string, LexiconScore, { probabilities: Distribution }, EmotionWeights, LexiconLabel]>([
    [
      "a strong lexicon 'irritated' with a calm, confident model: the model's 0.6 wins",
      verdict("irritated", 1),
      calm,
      DEFAULT_EMOTION_WEIGHTS,
      "neutral",
    ],
    [
      "a strong lexicon 'irritated' with an unsure model",
      verdict("irritated", 1),
      unsure,
      DEFAULT_EMOTION_WEIGHTS,
      "irritated",
    ],
    [
      "a strong lexicon 'irritated' with a calm model, lexicon weighted 0.7",
      verdict("irritated", 1),
      calm,
      { first: 0.7, second: 0.3 },
      "irritated",
    ],
    [
      "no sentiment word, the model hears a negative speaker",
      verdict("neutral", 0, false),
      upset,
      DEFAULT_EMOTION_WEIGHTS,
      "negative",
    ],
    [
      "no sentiment word, a calm model",
      verdict("neutral", 0, false),
      calm,
      DEFAULT_EMOTION_WEIGHTS,
      "neutral",
    ],
    [
      "a weak lexicon 'positive' against an angry model",
      verdict("positive", 0.3),
      angry,
      DEFAULT_EMOTION_WEIGHTS,
      "irritated",
    ],
    [
      "a lexicon 'negative' and a model between negative and irritated",
      verdict("negative", 0.8),
      angry,
      DEFAULT_EMOTION_WEIGHTS,
      "irritated",
    ],
    [
      "weights 1 / 0 give the lexicon's label",
      verdict("positive", 0.2),
      angry,
      { first: 1, second: 0 },
      "positive",
    ],
    [
      "weights 0 / 1 give the model's label",
      verdict("positive", 1),
      upset,
      { first: 0, second: 1 },
      "negative",
    ],
    [
      "weights need not sum to 1 (2 / 3 is 0.4 / 0.6)",
      verdict("irritated", 1),
      unsure,
      { first: 2, second: 3 },
      "irritated",
    ],
  ])("%s", (_, first, second, weights, label) => {
    expect(combineEmotion(first, second, weights).label).toBe(label);
  });

  it("reports both parts, the weights and intensity = 1 − P(neutral) of the mixture", () => {
    const combined = combineEmotion(verdict("irritated", 1), unsure);
    expect(combined.first).toEqual({ label: "irritated", score: -1, intensity: 1 });
    expect(combined.second).toEqual({ label: "neutral", confidence: 0.5 });
    expect(combined.weights).toEqual(DEFAULT_EMOTION_WEIGHTS);
    const neutral = 0.4 * (1 - LEXICON_MAX_CONFIDENCE) * 0.3 + 0.6 * 0.5;
    expect(combined.probabilities.neutral).toBeCloseTo(neutral, 4);
    expect(combined.intensity).toBeCloseTo(1 - neutral, 4);
    expect(Object.values(combined.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it("is calm and of low intensity when both parts are calm", () => {
    const combined = combineEmotion(lexiconEmotion("What is the interest rate?"), calm);
    expect(combined.label).toBe("neutral");
    expect(combined.intensity).toBeLessThan(0.3);
  });

  it("renormalizes the model's probabilities and refuses bad weights or probabilities", () => {
    const halves = combineEmotion(verdict("neutral", 0, false), model({ negative: 3, neutral: 1 }));
    expect(halves.second).toEqual({ label: "negative", confidence: 0.75 });
    const first = verdict("neutral", 0, false);
    expect(() => combineEmotion(first, calm, { first: 0, second: 0 })).toThrow(/weights/);
    expect(() => combineEmotion(first, calm, { first: -1, second: 1 })).toThrow(/weights/);
    expect(() => combineEmotion(first, model({}))).toThrow(/sum to 0/);
    expect(() => combineEmotion(first, model({ neutral: Number.NaN }))).toThrow(/probability/);
  });
});
