/**
 * The contract every text classifier family fulfils and the JSON envelope they share. Implementations
 * import only this file; `model.ts` builds and restores them by kind.
 */
import { NudgeError } from "../../core/index.js";
import type { ForestParams } from "./forest.js";
import type { KnnParams } from "./knn.js";
import type { LogisticParams } from "./logistic.js";
import type { NaiveBayesParams } from "./naive-bayes.js";
import type { SparseRows } from "./sparse.js";

/** The classifier families. */
export type ClassifierKind = "nb" | "logistic" | "knn" | "forest";

/** Parameters of each family, complete (defaults filled in). */
export interface ClassifierParamsByKind {
  nb: NaiveBayesParams;
  logistic: LogisticParams;
  knn: KnnParams;
  forest: ForestParams;
}

/** Parameters of any family. */
export type ClassifierParams = ClassifierParamsByKind[ClassifierKind];

/** Format tag of serialized classifiers. */
export const TEXT_CLASSIFIER_FORMAT = "nudge-text-classifier";

/** Version of the serialized layout; bumped when a state field changes meaning. */
export const TEXT_CLASSIFIER_VERSION = 1;

/** A fitted classifier as plain JSON: the envelope is shared, `state` is the family's own. */
export interface TextClassifierJSON {
  format: typeof TEXT_CLASSIFIER_FORMAT;
  version: number;
  kind: ClassifierKind;
  params: Record<string, unknown>;
  classes: string[];
  cols: number;
  state: Record<string, unknown>;
}

/** A text classifier of one family. */
export interface TextClassifier {
  /** Which family. */
  readonly kind: ClassifierKind;
  /** The parameters it is (or will be) fitted with, defaults filled in. */
  readonly params: ClassifierParams;
  /** Class names, set by fit. */
  readonly classes: readonly string[];
  /** Learns from rows and their class indices (0..classes.length−1); returns itself. */
  fit(x: SparseRows, y: Int32Array, classes: readonly string[]): this;
  /** Class probabilities, rows × classes, row-major; each row sums to 1. */
  predictProba(x: SparseRows): Float32Array;
  /** The fitted model as plain JSON. */
  toJSON(): TextClassifierJSON;
  /** Takes the fitted state of a `toJSON` result of the same family (what `textClassifierFromJSON` calls). */
  restore(json: TextClassifierJSON): this;
}

/** The JSON envelope around a family's state. */
export function envelope(
  model: TextClassifier,
  cols: number,
  state: Record<string, unknown>,
): TextClassifierJSON {
  return {
    format: TEXT_CLASSIFIER_FORMAT,
    version: TEXT_CLASSIFIER_VERSION,
    kind: model.kind,
    params: { ...model.params },
    classes: [...model.classes],
    cols,
    state,
  };
}

/** The error for a model used before fit. */
export function notFitted(kind: ClassifierKind): NudgeError {
  return new NudgeError("INPUT_INVALID", `the ${kind} classifier is not fitted yet`);
}

/** Checks a parameter is a finite number within [min, max]; returns it. */
export function checkParam(
  kind: ClassifierKind,
  name: string,
  value: number,
  min: number,
  max = Infinity,
): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max)
    throw new NudgeError(
      "INPUT_INVALID",
      `${kind} parameter ${name} must be a number in [${min}, ${max}], got ${value}`,
    );
  return value;
}

/** Checks a parameter is a whole number within [min, max]; returns it. */
export function checkWholeParam(
  kind: ClassifierKind,
  name: string,
  value: number,
  min: number,
  max = Infinity,
): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new NudgeError(
      "INPUT_INVALID",
      `${kind} parameter ${name} must be a whole number in [${min}, ${max}], got ${value}`,
    );
  return value;
}
