/**
 * The second emotion: a softmax regression (src/text's LogisticClassifier, L-BFGS, deterministic) over an
 * utterance's words (TF-IDF) and voice (standardized measures and indicators, emotion-features.ts) giving
 * probabilities over the four labels. The penalty and the weight of the voice columns are chosen by
 * cross-validated macro-F1 over folds of whole calls (turns of a call share wording and speaker), and so
 * is a prior correction that macro-F1 rewards. The features hold nothing from the lexicon, so the second
 * emotion is an opinion independent of the first (README: an earlier version that read the lexicon's
 * verdict beat the lexicon alone but added little to it in the mixture). Every training row is also
 * learned once without its voice, so the model answers text-only utterances (noVoice = 1).
 */
import { NudgeError, Rng, round4 } from "../../../core/index.js";
import {
  classMacroF1,
  LogisticClassifier,
  type TextClassifierJSON,
  textClassifierFromJSON,
} from "../../../text/classify/index.js";
import { fitTfidf, type TfidfModel } from "../../../text/index.js";
import type { Voice } from "../audio/index.js";
import {
  emotionTokens,
  featureRows,
  fitVoiceScaling,
  type VoiceScaling,
  voiceVector,
} from "./emotion-features.js";
import { detectLanguage, type LexiconLabel } from "./lexicon.js";
import type { LexiconLanguage } from "./lexicon-tables.js";

/** The model registry kind of emotion models. */
export const EMOTION_KIND = "emotion";
/** The labels, in the order of the dialogue set's EMOTIONS. */
export const EMOTION_LABELS: readonly LexiconLabel[] = ["positive", "neutral", "negative", "irritated"];
/** Penalties tried (mean cross-entropy + l2/2·‖W‖²). */
export const EMOTION_L2_GRID: readonly number[] = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3];
/** Multipliers of the voice columns tried: a larger one lets voice speak louder under the same penalty. */
export const EMOTION_VOICE_SCALES: readonly number[] = [0.25, 0.5, 1];
/** Folds of whole calls in the selection. */
export const EMOTION_CV_FOLDS = 5;
/**
 * Powers of the prior correction tried: probabilities are divided by (training share of the label)^power
 * and renormalized. 0 keeps the fitted probabilities; 1 acts as if the labels were equally common, which
 * macro-F1 rewards (neutral is 65% of the rows).
 */
export const EMOTION_PRIOR_POWERS: readonly number[] = [0, 0.5, 1];
/** L-BFGS iterations: the selection fits many small models; more changed no held-out figure. */
const MAX_ITERATIONS = 200;
/** A label never seen in training is treated as this rare, not infinitely rare. */
const MIN_PRIOR = 0.01;
const FORMAT = "nudge-emotion-model";
/** 2: word pairs, no lexicon-verdict tokens (version 1 models are retrained, see models.ts). */
export const EMOTION_MODEL_VERSION = 2;
const VERSION = EMOTION_MODEL_VERSION;

/** One labeled utterance; `callId` groups the cross-validation (each row its own group without it). */
export interface EmotionTrainingRow {
  text: string;
  lang: LexiconLanguage;
  voice: Voice | null;
  label: LexiconLabel;
  callId?: string;
}

export interface EmotionModelOptions {
  seed: number;
  /** Learn from voice (default true); false gives the words-only model. */
  voice?: boolean;
  folds?: number;
  l2Grid?: readonly number[];
  voiceScales?: readonly number[];
  priorPowers?: readonly number[];
}

/** One setting tried in the selection and its cross-validated macro-F1. */
export interface EmotionCandidate {
  l2: number;
  voiceScale: number;
  priorPower: number;
  cvMacroF1: number;
}

export interface EmotionModel {
  labels: readonly LexiconLabel[];
  tfidf: TfidfModel;
  /** Voice standardization and column weight; null for a words-only model. */
  voice: { scaling: VoiceScaling; scale: number } | null;
  classifier: LogisticClassifier;
  /** Share of each label (EMOTION_LABELS order) among the training rows, and the power they are divided out with. */
  priors: number[];
  priorPower: number;
  selection: EmotionCandidate[];
}

/** The model as plain JSON: the registry's `params` for kind EMOTION_KIND. */
export interface EmotionModelJSON {
  format: typeof FORMAT;
  version: number;
  labels: LexiconLabel[];
  tfidf: TfidfModel;
  voice: { scaling: VoiceScaling; scale: number } | null;
  classifier: TextClassifierJSON;
  priors: number[];
  priorPower: number;
  selection: EmotionCandidate[];
}

export interface EmotionPrediction {
  label: LexiconLabel;
  probabilities: Record<LexiconLabel, number>;
}

/** Fits TF-IDF and voice scaling on the rows, picks the settings by grouped CV, refits on all rows. */
export function trainEmotionModel(
  rows: readonly EmotionTrainingRow[],
  options: EmotionModelOptions,
): EmotionModel {
  if (new Set(rows.map((r) => r.label)).size < 2)
    throw new NudgeError("INPUT_INVALID", "emotion training rows need at least two labels");
  const useVoice = options.voice ?? true;
  const examples = rows.map((row) => ({ ...row, tokens: emotionTokens(row.text) }));
  const scales = useVoice ? (options.voiceScales ?? EMOTION_VOICE_SCALES) : [null];
  const powers = options.priorPowers ?? EMOTION_PRIOR_POWERS;
  const fold = groupFolds(rows, options.folds ?? EMOTION_CV_FOLDS, options.seed);
  const folds = Math.max(...fold) + 1;
  const selection: EmotionCandidate[] = [];
  for (const l2 of options.l2Grid ?? EMOTION_L2_GRID)
    for (const voiceScale of scales) {
      const sums = powers.map(() => 0);
      for (let f = 0; f < folds; f++) {
        const test = examples.filter((_, i) => fold[i] === f);
        const fitted = fitModel(
          examples.filter((_, i) => fold[i] !== f),
          l2,
          voiceScale,
        );
        const truth = Int32Array.from(test, (r) => EMOTION_LABELS.indexOf(r.label));
        powers.forEach((priorPower, p) => {
          const guess = predictPrepared({ ...fitted, priorPower }, test);
          const labels = Int32Array.from(guess, (g) => EMOTION_LABELS.indexOf(g.label));
          sums[p] = (sums[p] as number) + classMacroF1(truth, labels, EMOTION_LABELS.length);
        });
      }
      powers.forEach((priorPower, p) => {
        const cvMacroF1 = round4((sums[p] as number) / folds);
        selection.push({ l2, voiceScale: voiceScale ?? 0, priorPower, cvMacroF1 });
      });
    }
  // The best mean wins; ties go to the earlier candidate.
  const best = selection.reduce((a, b) => (b.cvMacroF1 > a.cvMacroF1 ? b : a));
  const fitted = fitModel(examples, best.l2, useVoice ? best.voiceScale : null);
  return { ...fitted, priorPower: best.priorPower, selection };
}

/** The second emotion of one utterance; the language (for voice scaling and lexicon) is detected when not given. */
export function predictEmotion(
  model: EmotionModel,
  text: string,
  voice: Voice | null,
  lang: LexiconLanguage = detectLanguage(text),
): EmotionPrediction {
  return predictRows(model, [{ text, voice, lang }])[0] as EmotionPrediction;
}

/** The second emotion of many utterances at once (one feature matrix). */
export function predictRows(
  model: EmotionModel,
  rows: readonly { text: string; voice: Voice | null; lang: LexiconLanguage }[],
): EmotionPrediction[] {
  return predictPrepared(
    model,
    rows.map((row) => ({ ...row, tokens: emotionTokens(row.text) })),
  );
}

/** The model as plain JSON (the registry's `params`). */
export function emotionModelToJSON(model: EmotionModel): EmotionModelJSON {
  return {
    format: FORMAT,
    version: VERSION,
    labels: [...model.labels],
    tfidf: model.tfidf,
    voice: model.voice,
    classifier: model.classifier.toJSON(),
    priors: model.priors,
    priorPower: model.priorPower,
    selection: model.selection,
  };
}

/** A model back from `emotionModelToJSON` (checked: format, version, classifier family). */
export function emotionModelFromJSON(json: EmotionModelJSON): EmotionModel {
  if (json?.format !== FORMAT || json.version !== VERSION)
    throw new NudgeError("INPUT_INVALID", `not a ${FORMAT} of version ${VERSION}`);
  const classifier = textClassifierFromJSON(json.classifier);
  if (!(classifier instanceof LogisticClassifier))
    throw new NudgeError(
      "INPUT_INVALID",
      `an emotion model holds a logistic classifier, not ${classifier.kind}`,
    );
  const { format: _, version: __, ...rest } = json;
  return { ...rest, classifier };
}

/** A row with its word features computed once. */
interface Prepared {
  voice: Voice | null;
  lang: LexiconLanguage;
  tokens: string[];
}

function fitModel(
  rows: readonly (Prepared & { label: LexiconLabel })[],
  l2: number,
  voiceScale: number | null,
): Omit<EmotionModel, "selection" | "priorPower"> {
  const tfidf = fitTfidf(
    rows.map((r) => r.tokens),
    { bigrams: true },
  );
  const voice = voiceScale === null ? null : { scaling: fitVoiceScaling(rows), scale: voiceScale };
  const partial = { labels: EMOTION_LABELS, tfidf, voice };
  const priors = EMOTION_LABELS.map((label) => rows.filter((r) => r.label === label).length / rows.length);
  // With voice, every row is learned twice: as heard, and as text alone (noVoice = 1).
  const examples = voice === null ? rows : [...rows, ...rows.map((r) => ({ ...r, voice: null }))];
  const y = Int32Array.from(examples, (r) => EMOTION_LABELS.indexOf(r.label));
  const fitted = new LogisticClassifier({ l2, maxIterations: MAX_ITERATIONS }).fit(
    featuresOf(partial, examples),
    y,
    EMOTION_LABELS,
  );
  // Through JSON at once (float32 weights), so a saved and reloaded model predicts exactly the same.
  const classifier = new LogisticClassifier(fitted.params).restore(fitted.toJSON());
  return { ...partial, classifier, priors };
}

/** Probabilities divided by prior^priorPower and renormalized; the label is the most probable. */
function predictPrepared(
  model: Omit<EmotionModel, "selection">,
  rows: readonly Prepared[],
): EmotionPrediction[] {
  const k = model.labels.length;
  const p = model.classifier.predictProba(featuresOf(model, rows));
  const divisors = model.priors.map((prior) => Math.max(MIN_PRIOR, prior) ** model.priorPower);
  return rows.map((_, r) => {
    const corrected = model.labels.map((_, c) => (p[r * k + c] as number) / (divisors[c] as number));
    const sum = corrected.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let c = 1; c < k; c++) if ((corrected[c] as number) > (corrected[best] as number)) best = c;
    const probabilities = Object.fromEntries(
      model.labels.map((label, c) => [label, round4((corrected[c] as number) / sum)]),
    ) as Record<LexiconLabel, number>;
    return { label: model.labels[best] as LexiconLabel, probabilities };
  });
}

function featuresOf(model: Pick<EmotionModel, "tfidf" | "voice">, rows: readonly Prepared[]) {
  const docs = rows.map((r) => r.tokens);
  const { voice } = model;
  if (voice === null) return featureRows(model.tfidf, docs, null);
  const vectors = rows.map((r) => voiceVector(r.voice, r.lang, voice.scaling));
  return featureRows(model.tfidf, docs, { vectors, scale: voice.scale });
}

/** A seeded fold per row: the distinct groups (calls) shuffled and dealt in turn. */
function groupFolds(rows: readonly EmotionTrainingRow[], folds: number, seed: number): number[] {
  const groups = rows.map((r, i) => r.callId ?? `row-${i}`);
  const distinct = [...new Set(groups)].sort();
  const rng = new Rng(seed);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j] as string, distinct[i] as string];
  }
  const k = Math.max(2, Math.min(folds, distinct.length));
  const foldOf = new Map(distinct.map((g, i) => [g, i % k]));
  return groups.map((g) => foldOf.get(g) as number);
}
