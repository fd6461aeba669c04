/**
 * Scene and intent of a customer utterance, each from its own text classifier (TF-IDF + naive Bayes or
 * logistic regression, chosen by cross-validated macro-F1, src/text). Features: the utterance's tokens
 * (stop words kept: 吗, "what", "not" tell intents apart) and the call's structure so far — the turn's
 * position and its relation to the previous utterance (question, answer, follow-up, statement). The
 * previous utterances' own tokens can be added as context (CONTEXT_PREFIX marks them as separate
 * features); measured on held-out calls they did not help, so by default they are left out (README).
 */
import { round4 } from "../../../core/index.js";
import {
  type CandidateSpec,
  classAccuracy,
  classMacroF1,
  predictedClasses,
  selectTextClassifier,
  type TextClassifier,
} from "../../../text/classify/index.js";
import { fitTfidf, type TfidfModel, tokenize, transformTfidf } from "../../../text/index.js";
import { type DialogueRow, type Intent, previousUtterances, type Scene } from "./calls.js";
import { relationOf } from "./relation.js";

/** Previous utterances whose tokens are features by default: none (they cost held-out macro-F1, README). */
export const SCENE_CONTEXT_TURNS = 0;
/** Marks a context token as a feature of its own. */
export const CONTEXT_PREFIX = "prev_";
/** Turn positions past this one share a feature: late turns look alike. */
export const POSITION_CAP = 8;
/**
 * The default classifier candidates: naive Bayes and logistic regression. On a few hundred short texts
 * k-nearest neighbours and forests never won the cross-validation and forests took most of the time.
 */
export const SCENE_CANDIDATES: readonly CandidateSpec[] = [
  { kind: "nb", params: { alpha: 0.1 } },
  { kind: "nb", params: { alpha: 0.3 } },
  { kind: "nb", params: { alpha: 1 } },
  { kind: "logistic", params: { l2: 1e-4 } },
  { kind: "logistic", params: { l2: 1e-3 } },
  { kind: "logistic", params: { l2: 1e-2 } },
];

/** Which context the features carry. */
export interface SceneFeatures {
  /** Previous utterances whose tokens are added with CONTEXT_PREFIX (0: none). */
  contextTurns: number;
  /** The turn's position and its relation to the previous utterance. */
  structure: boolean;
}

/** The features the model uses when not told otherwise. */
export const SCENE_FEATURES: SceneFeatures = { contextTurns: SCENE_CONTEXT_TURNS, structure: true };

/** One fitted label classifier: its TF-IDF, classifier and class names. */
export interface LabelClassifier {
  tfidf: TfidfModel;
  classifier: TextClassifier;
  classes: readonly string[];
}

export interface SceneModel {
  scene: LabelClassifier;
  intent: LabelClassifier;
  features: SceneFeatures;
}

export interface SceneModelOptions {
  seed: number;
  /** Context in the features (default SCENE_FEATURES). */
  features?: Partial<SceneFeatures>;
  /** Cross-validation folds of the classifier selection (default 5). */
  folds?: number;
  /** Classifier candidates (default SCENE_CANDIDATES). */
  candidates?: readonly CandidateSpec[];
}

export interface ScenePrediction {
  scene: Scene;
  sceneConfidence: number;
  intent: Intent;
  intentConfidence: number;
}

/** Held-out quality of one label. */
export interface LabelQuality {
  accuracy: number;
  macroF1: number;
}

/** The features of an utterance given the earlier utterances of its call, oldest first. */
export function sceneTokens(text: string, previous: readonly string[], features: SceneFeatures): string[] {
  const tokens = tokenize(text, { stopWords: false });
  if (features.structure) {
    tokens.push(`pos_${Math.min(previous.length, POSITION_CAP)}`);
    tokens.push(`rel_${relationOf(previous.at(-1), text)}`);
  }
  const context = features.contextTurns > 0 ? previous.slice(-features.contextTurns) : [];
  for (const earlier of context)
    for (const token of tokenize(earlier, { stopWords: false })) tokens.push(`${CONTEXT_PREFIX}${token}`);
  return tokens;
}

/** Trains the scene and the intent classifier on the rows (their calls give the context). */
export function trainSceneModel(rows: readonly DialogueRow[], options: SceneModelOptions): SceneModel {
  const features = { ...SCENE_FEATURES, ...options.features };
  const previous = previousUtterances(rows);
  const docs = rows.map((row, i) => sceneTokens(row.text, previous[i] ?? [], features));
  return {
    scene: trainLabel(
      docs,
      rows.map((r) => r.scene),
      options,
    ),
    intent: trainLabel(
      docs,
      rows.map((r) => r.intent),
      options,
    ),
    features,
  };
}

/** Scene and intent of an utterance given the earlier utterances of its call (oldest first). */
export function predictScene(model: SceneModel, text: string, previous: readonly string[]): ScenePrediction {
  const tokens = sceneTokens(text, previous, model.features);
  const scene = mostLikely(model.scene, [tokens])[0] as { label: string; confidence: number };
  const intent = mostLikely(model.intent, [tokens])[0] as { label: string; confidence: number };
  return {
    scene: scene.label as Scene,
    sceneConfidence: scene.confidence,
    intent: intent.label as Intent,
    intentConfidence: intent.confidence,
  };
}

/** Accuracy and macro-F1 of scene and intent on rows the model never saw (whole calls). */
export function evaluateSceneModel(
  model: SceneModel,
  rows: readonly DialogueRow[],
): { scene: LabelQuality; intent: LabelQuality } {
  const previous = previousUtterances(rows);
  const docs = rows.map((row, i) => sceneTokens(row.text, previous[i] ?? [], model.features));
  return {
    scene: quality(
      model.scene,
      docs,
      rows.map((r) => r.scene),
    ),
    intent: quality(
      model.intent,
      docs,
      rows.map((r) => r.intent),
    ),
  };
}

function trainLabel(
  docs: readonly string[][],
  labels: readonly string[],
  options: SceneModelOptions,
): LabelClassifier {
  const classes = [...new Set(labels)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const tfidf = fitTfidf(docs);
  const selected = selectTextClassifier(
    transformTfidf(tfidf, docs),
    Int32Array.from(labels, (l) => index.get(l) as number),
    classes,
    { seed: options.seed, folds: options.folds, candidates: options.candidates ?? SCENE_CANDIDATES },
  );
  return { tfidf, classifier: selected.model, classes };
}

function mostLikely(
  model: LabelClassifier,
  docs: readonly string[][],
): { label: string; confidence: number }[] {
  const k = model.classes.length;
  const p = model.classifier.predictProba(transformTfidf(model.tfidf, docs));
  const best = predictedClasses(p, k);
  return Array.from(best, (c, r) => ({
    label: model.classes[c] as string,
    confidence: round4(p[r * k + c] as number),
  }));
}

function quality(model: LabelClassifier, docs: readonly string[][], labels: readonly string[]): LabelQuality {
  // Labels the model never learned get an index past its classes: they count as misses.
  const classes = [...model.classes, ...new Set(labels.filter((l) => !model.classes.includes(l)))];
  const index = new Map(classes.map((c, i) => [c, i]));
  const truth = Int32Array.from(labels, (l) => index.get(l) as number);
  const predicted = Int32Array.from(mostLikely(model, docs), (p) => index.get(p.label) as number);
  return {
    accuracy: round4(classAccuracy(truth, predicted)),
    macroF1: round4(classMacroF1(truth, predicted, classes.length)),
  };
}
