/**
 * Builds text classifiers by kind and reads fitted ones back from JSON. The contract they share is in
 * `classifier.ts`; each family is a file of its own.
 */
import { NudgeError } from "../../core/index.js";
import {
  type ClassifierKind,
  type ClassifierParamsByKind,
  TEXT_CLASSIFIER_FORMAT,
  TEXT_CLASSIFIER_VERSION,
  type TextClassifier,
  type TextClassifierJSON,
} from "./classifier.js";
import { RandomForestClassifier } from "./forest.js";
import { KnnClassifier } from "./knn.js";
import { LogisticClassifier } from "./logistic.js";
import { MultinomialNaiveBayes } from "./naive-bayes.js";

/** A family and the parameters to fit it with; omitted parameters take the family's defaults. */
export type CandidateSpec = {
  [K in ClassifierKind]: { kind: K; params?: Partial<ClassifierParamsByKind[K]> };
}[ClassifierKind];

/** An unfitted classifier of the given family and parameters. */
export function createTextClassifier(spec: CandidateSpec): TextClassifier {
  switch (spec.kind) {
    case "nb":
      return new MultinomialNaiveBayes(spec.params);
    case "logistic":
      return new LogisticClassifier(spec.params);
    case "knn":
      return new KnnClassifier(spec.params);
    case "forest":
      return new RandomForestClassifier(spec.params);
    default:
      throw new NudgeError(
        "INPUT_INVALID",
        `unknown classifier kind ${String((spec as { kind: unknown }).kind)}`,
      );
  }
}

/** Reads back a classifier written by `toJSON` (the parsed object or its JSON text). */
export function textClassifierFromJSON(input: TextClassifierJSON | string): TextClassifier {
  const json = (typeof input === "string" ? JSON.parse(input) : input) as Partial<TextClassifierJSON>;
  if (json.format !== TEXT_CLASSIFIER_FORMAT || json.version !== TEXT_CLASSIFIER_VERSION)
    throw new NudgeError(
      "INPUT_INVALID",
      `not a ${TEXT_CLASSIFIER_FORMAT} v${TEXT_CLASSIFIER_VERSION} model`,
    );
  if (!Array.isArray(json.classes) || typeof json.cols !== "number" || typeof json.state !== "object")
    throw new NudgeError("INPUT_INVALID", "stored text classifier lacks classes, cols or state");
  if (json.classes.length < 2 || !json.classes.every((name) => typeof name === "string"))
    throw new NudgeError("INPUT_INVALID", "stored text classifier needs at least two class names");
  const spec = { kind: json.kind, params: json.params } as CandidateSpec;
  return createTextClassifier(spec).restore(json as TextClassifierJSON);
}
