/**
 * A text classifier as a registered model: the tokenizer (jieba + financial terms, English with stop
 * words), TF-IDF over the words and Chinese character uni- and bigrams fitted on the training rows, and the classifier family and parameters chosen by k-fold
 * macro-F1 among naive Bayes, logistic regression, k-nearest neighbours and random forest. Quality is
 * reported on a seeded, stratified test share the selection never saw.
 */
import { NudgeError, round4 } from "../core/index.js";
import { type ModelArtifact, type StoredModel, stratifiedSplit } from "../ml/index.js";
import {
  classAccuracy,
  classMacroF1,
  predictedClasses,
  selectTextClassifier,
  type TextClassifier,
  type TextClassifierJSON,
  textClassifierFromJSON,
} from "./classify/index.js";
import { fitTfidf, type TfidfModel, transformTfidf } from "./tfidf.js";
import { tokenize } from "./tokenize.js";

export const TEXT_KIND = "text";
/** Share of rows held out for the report; the rest is cross-validated and then learned from. */
export const TEXT_TEST_SHARE = 0.2;
/**
 * Terms must appear in at least this many training texts to become features. 1, not 2: on short texts
 * (THUCNews titles) dropping once-seen terms halved the vocabulary and cost about a point of accuracy.
 */
const MIN_DF = 1;
/**
 * Chinese character n-grams up to pairs join the words as terms: they make up for segmentation errors and
 * unknown words (names, new terms), which short texts cannot afford. Texts without Chinese are unaffected.
 */
const HAN_NGRAMS = 2;

export interface TextModel {
  tfidf: TfidfModel;
  classifier: TextClassifier;
  classes: readonly string[];
}

export interface TextReport {
  split: { train: number; test: number; seed: number; testShare: number };
  selection: { kind: string; params: unknown; cvMacroF1: number; seconds?: number }[];
  best: { kind: string; params: unknown; cvMacroF1: number };
  test: { accuracy: number; macroF1: number; confusion: ConfusionMatrix };
  classes: string[];
  vocabulary: number;
}

/** Held-out counts: `matrix[t][p]` texts of true class `classes[t]` predicted as `classes[p]`. */
export interface ConfusionMatrix {
  classes: string[];
  matrix: number[][];
}

/** Counts true (rows) against predicted (columns) class indices. */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: readonly string[],
): ConfusionMatrix {
  const matrix = classes.map(() => classes.map(() => 0));
  for (let i = 0; i < truth.length; i++) {
    const row = matrix[truth[i] as number];
    const column = predicted[i] as number;
    if (row && column >= 0 && column < classes.length) row[column] = (row[column] as number) + 1;
  }
  return { classes: [...classes], matrix };
}

export interface TrainedText {
  model: TextModel;
  report: TextReport;
}

/** Trains on texts and their labels: split, tokenize, TF-IDF on the training share, select, test. */
export function trainTextModel(
  texts: readonly string[],
  labels: readonly string[],
  options: { seed: number; folds?: number; onProgress?: (done: number, total: number) => void },
): TrainedText {
  if (texts.length !== labels.length)
    throw new NudgeError("INPUT_INVALID", `${texts.length} texts but ${labels.length} labels`);
  const classes = [...new Set(labels)].sort();
  if (classes.length < 2)
    throw new NudgeError(
      "INPUT_INVALID",
      `the label column needs at least two classes, found ${classes.length}`,
    );
  const split = stratifiedSplit(labels, options.seed, {
    train: 1 - TEXT_TEST_SHARE,
    validation: 0,
    test: TEXT_TEST_SHARE,
  });
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const tokens = texts.map((t) => tokenize(t));
  const pick = (rows: Uint32Array) => Array.from(rows, (r) => tokens[r] as string[]);
  const y = (rows: Uint32Array) =>
    Int32Array.from(rows, (r) => classIndex.get(labels[r] as string) as number);
  const tfidf = fitTfidf(pick(split.train), { minDf: MIN_DF, hanNgrams: HAN_NGRAMS });
  const selected = selectTextClassifier(transformTfidf(tfidf, pick(split.train)), y(split.train), classes, {
    seed: options.seed,
    folds: options.folds,
    onProgress: options.onProgress,
  });
  const testX = transformTfidf(tfidf, pick(split.test));
  const predicted = predictedClasses(selected.model.predictProba(testX), classes.length);
  const truth = y(split.test);
  return {
    model: { tfidf, classifier: selected.model, classes },
    report: {
      split: {
        train: split.train.length,
        test: split.test.length,
        seed: options.seed,
        testShare: TEXT_TEST_SHARE,
      },
      selection: selected.table,
      best: selected.best,
      test: {
        accuracy: round4(classAccuracy(truth, predicted)),
        macroF1: round4(classMacroF1(truth, predicted, classes.length)),
        confusion: confusionMatrix(truth, predicted, classes),
      },
      classes,
      vocabulary: tfidf.vocabulary.length,
    },
  };
}

/** Per text: the most likely class, its probability, and every class's probability. */
export function predictText(
  model: TextModel,
  texts: readonly string[],
): { label: string; confidence: number; probabilities: Record<string, number> }[] {
  const k = model.classes.length;
  const p = model.classifier.predictProba(
    transformTfidf(
      model.tfidf,
      texts.map((t) => tokenize(t)),
    ),
  );
  return texts.map((_, r) => {
    let best = 0;
    for (let c = 1; c < k; c++) if ((p[r * k + c] as number) > (p[r * k + best] as number)) best = c;
    const probabilities: Record<string, number> = {};
    model.classes.forEach((name, c) => {
      probabilities[name] = round4(p[r * k + c] as number);
    });
    return {
      label: model.classes[best] as string,
      confidence: round4(p[r * k + best] as number),
      probabilities,
    };
  });
}

/** The registry artifact of a trained text model (everything is JSON; no float weights). */
export function textArtifact(trained: TrainedText, name: string, fingerprint: string): ModelArtifact {
  return {
    kind: TEXT_KIND,
    name,
    features: ["text"],
    encoder: trained.model.tfidf,
    params: trained.model.classifier.toJSON(),
    fingerprint,
    metrics: { test: trained.report.test, best: trained.report.best, split: trained.report.split },
    weights: new Float32Array(0),
  };
}

/** A stored text model, decoded (for ModelLoader). */
export function textModelOf(stored: StoredModel): TextModel {
  if (stored.kind !== TEXT_KIND)
    throw new NudgeError("INPUT_INVALID", `model '${stored.id}' is a ${stored.kind} model, not a text model`);
  const classifier = textClassifierFromJSON(stored.params as TextClassifierJSON);
  return { tfidf: stored.encoder as TfidfModel, classifier, classes: classifier.classes };
}
