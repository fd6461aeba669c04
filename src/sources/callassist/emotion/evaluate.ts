/**
 * Held-out quality of the emotion parts on the dialogue set with its synthetic voices: the lexicon alone,
 * the words-only model, the second model (words + voice) and the combination, always on whole calls the
 * models never saw. Also a sweep of the lexicon's weight judged on the training calls only (out-of-fold
 * predictions of the second model), never on the held-out ones.
 */
import { NudgeError, round4 } from "../../../core/index.js";
import { classAccuracy, classMacroF1 } from "../../../text/classify/index.js";
import type { Voice } from "../audio/index.js";
import { callFolds, type DialogueRow, splitByCall } from "../dialogue/calls.js";
import { combineEmotion, DEFAULT_EMOTION_WEIGHTS, type EmotionWeights } from "./combine.js";
import { type LexiconLabel, type LexiconScore, lexiconEmotion } from "./lexicon.js";
import type { LexiconLanguage } from "./lexicon-tables.js";
import {
  EMOTION_LABELS,
  type EmotionModel,
  type EmotionModelOptions,
  type EmotionPrediction,
  type EmotionTrainingRow,
  predictRows,
  trainEmotionModel,
} from "./voice-model.js";

/** Accuracy and macro-F1 over the four labels. */
export interface EmotionScores {
  rows: number;
  accuracy: number;
  macroF1: number;
}

/** Scores of one part, overall and per language. */
export interface PartScores extends EmotionScores {
  byLang: Record<LexiconLanguage, EmotionScores>;
}

/** The four parts on the same held-out rows; the registry's `metrics` for kind "emotion". */
export interface EmotionMetrics {
  split: string;
  weights: EmotionWeights;
  lexicon: PartScores;
  wordsOnly: PartScores;
  secondModel: PartScores;
  combined: PartScores;
}

/** Lexicon weights of the sweep (the second's weight is 1 − this). */
export const SWEEP_FIRST_WEIGHTS: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

/** The dialogue rows joined with their voices (every row must have one) as emotion training rows. */
export function emotionRows(
  calls: readonly DialogueRow[],
  voices: ReadonlyMap<string, Voice>,
): EmotionTrainingRow[] {
  return calls.map((row) => {
    const voice = voices.get(row.id);
    if (voice === undefined) throw new NudgeError("INPUT_INVALID", `no voice for dialogue row ${row.id}`);
    return { text: row.text, lang: row.lang, voice, label: row.emotion, callId: row.callId };
  });
}

/** How the held-out figures are made: combination weights and model options other than seed and voice. */
export interface EvaluationOptions {
  weights?: EmotionWeights;
  model?: Omit<EmotionModelOptions, "seed" | "voice">;
}

/** Trains the words-only and the second model on `train` and scores all four parts on `test`. */
export function evaluateHeldOut(
  train: readonly EmotionTrainingRow[],
  test: readonly EmotionTrainingRow[],
  options: EvaluationOptions & { seed: number; split: string },
): EmotionMetrics & { model: EmotionModel } {
  const weights = options.weights ?? DEFAULT_EMOTION_WEIGHTS;
  const model = trainEmotionModel(train, { ...options.model, seed: options.seed });
  const wordsOnly = trainEmotionModel(train, { ...options.model, seed: options.seed, voice: false });
  const lexicon = test.map((r) => lexiconEmotion(r.text, r.lang));
  const second = predictRows(model, test);
  const combined = combinedLabels(lexicon, second, weights);
  return {
    split: options.split,
    weights,
    lexicon: partScores(
      test,
      lexicon.map((l) => l.label),
    ),
    wordsOnly: partScores(
      test,
      predictRows(wordsOnly, test).map((p) => p.label),
    ),
    secondModel: partScores(
      test,
      second.map((p) => p.label),
    ),
    combined: partScores(test, combined),
    model,
  };
}

/** Held-out metrics of the 70/30 split of whole calls (`splitByCall`, per language). */
export function evaluateSplit(
  calls: readonly DialogueRow[],
  voices: ReadonlyMap<string, Voice>,
  seed = 42,
  options: EvaluationOptions = {},
): EmotionMetrics & { model: EmotionModel } {
  const { train, test } = splitByCall(calls, seed);
  const split = `splitByCall seed ${seed}: ${train.length} train / ${test.length} test rows`;
  return evaluateHeldOut(emotionRows(train, voices), emotionRows(test, voices), { ...options, seed, split });
}

/** Metrics of every held-out fold of k folds of whole calls, for each seed (`callFolds`). */
export function evaluateFolds(
  calls: readonly DialogueRow[],
  voices: ReadonlyMap<string, Voice>,
  options: EvaluationOptions & { folds?: number; seeds?: readonly number[] } = {},
): EmotionMetrics[] {
  const folds = options.folds ?? 5;
  const results: EmotionMetrics[] = [];
  for (const seed of options.seeds ?? [1, 2]) {
    const foldOf = callFolds(calls, folds, seed);
    for (let f = 0; f < folds; f++) {
      const train = calls.filter((r) => foldOf.get(r.callId) !== f);
      const test = calls.filter((r) => foldOf.get(r.callId) === f);
      const { model: _, ...metrics } = evaluateHeldOut(
        emotionRows(train, voices),
        emotionRows(test, voices),
        {
          ...options,
          seed,
          split: `callFolds ${folds} seed ${seed} fold ${f}`,
        },
      );
      results.push(metrics);
    }
  }
  return results;
}

/**
 * Combined macro-F1 per lexicon weight, on training rows only: the second model's probabilities are
 * out-of-fold (refitted without each call fold, with the given model's penalty and voice scale).
 */
export function sweepFirstWeight(
  train: readonly EmotionTrainingRow[],
  model: EmotionModel,
  seed: number,
  folds = 5,
): { first: number; macroF1: number }[] {
  const best = model.selection.reduce((a, b) => (b.cvMacroF1 > a.cvMacroF1 ? b : a));
  const calls = [...new Set(train.map((r) => r.callId ?? ""))].sort();
  const second: EmotionPrediction[] = new Array(train.length);
  for (let f = 0; f < folds; f++) {
    const held = new Set(calls.filter((_, i) => (i + seed) % folds === f));
    const inner = train.filter((r) => !held.has(r.callId ?? ""));
    const fitted = trainEmotionModel(inner, {
      seed,
      voice: model.voice !== null,
      l2Grid: [best.l2],
      voiceScales: [best.voiceScale],
      priorPowers: [best.priorPower],
      folds: 2,
    });
    const at = train.flatMap((r, i) => (held.has(r.callId ?? "") ? [i] : []));
    predictRows(
      fitted,
      at.map((i) => train[i] as EmotionTrainingRow),
    ).forEach((p, j) => {
      second[at[j] as number] = p;
    });
  }
  const lexicon = train.map((r) => lexiconEmotion(r.text, r.lang));
  return SWEEP_FIRST_WEIGHTS.map((first) => ({
    first,
    macroF1: partScores(train, combinedLabels(lexicon, second, { first, second: 1 - first })).macroF1,
  }));
}

/** Mean of each figure over several held-out results. */
export function meanMetrics(results: readonly EmotionMetrics[]): Omit<EmotionMetrics, "split" | "weights"> {
  const mean = (pick: (m: EmotionMetrics) => EmotionScores): EmotionScores => ({
    rows: results.reduce((a, m) => a + pick(m).rows, 0),
    accuracy: round4(results.reduce((a, m) => a + pick(m).accuracy, 0) / results.length),
    macroF1: round4(results.reduce((a, m) => a + pick(m).macroF1, 0) / results.length),
  });
  const part = (name: "lexicon" | "wordsOnly" | "secondModel" | "combined"): PartScores => ({
    ...mean((m) => m[name]),
    byLang: { zh: mean((m) => m[name].byLang.zh), en: mean((m) => m[name].byLang.en) },
  });
  return {
    lexicon: part("lexicon"),
    wordsOnly: part("wordsOnly"),
    secondModel: part("secondModel"),
    combined: part("combined"),
  };
}

function combinedLabels(
  lexicon: readonly LexiconScore[],
  second: readonly EmotionPrediction[],
  weights: EmotionWeights,
): LexiconLabel[] {
  return lexicon.map((first, i) => combineEmotion(first, second[i] as EmotionPrediction, weights).label);
}

function partScores(rows: readonly EmotionTrainingRow[], predicted: readonly LexiconLabel[]): PartScores {
  const scores = (keep: (r: EmotionTrainingRow) => boolean): EmotionScores => {
    const at = rows.flatMap((r, i) => (keep(r) ? [i] : []));
    const truth = Int32Array.from(at, (i) => EMOTION_LABELS.indexOf((rows[i] as EmotionTrainingRow).label));
    const guess = Int32Array.from(at, (i) => EMOTION_LABELS.indexOf(predicted[i] as LexiconLabel));
    return {
      rows: at.length,
      accuracy: round4(classAccuracy(truth, guess)),
      macroF1: round4(classMacroF1(truth, guess, EMOTION_LABELS.length)),
    };
  };
  return {
    ...scores(() => true),
    byLang: { zh: scores((r) => r.lang === "zh"), en: scores((r) => r.lang === "en") },
  };
}
