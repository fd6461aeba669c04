/**
 * The script model: which script worked after an utterance in its context, as a text classifier from
 * src/text (TF-IDF over the features of features.ts, family chosen by cross-validation) whose classes are
 * script ids. It is plain JSON, whole (`scriptModelToJSON`) or as a registry artifact (`scriptArtifact`).
 * Training and the held-out report are in train.ts.
 */
import { NudgeError } from "../../../core/index.js";
import type { ModelArtifact, StoredModel } from "../../../ml/index.js";
import {
  type ClassifierKind,
  type TextClassifier,
  type TextClassifierJSON,
  textClassifierFromJSON,
} from "../../../text/classify/index.js";
import { type TfidfModel, transformTfidf } from "../../../text/index.js";
import type { ScriptContext } from "./examples.js";
import { SCRIPT_FEATURES, scriptFeatures } from "./features.js";

/** Registry kind of script models. */
export const SCRIPT_KIND = "scripts";
/** Format tag and layout version of a serialized script model. */
export const SCRIPT_MODEL_FORMAT = "nudge-script-model";
export const SCRIPT_MODEL_VERSION = 1;

/** Top-1 and top-3 accuracy against the example's script. */
export interface TopAccuracy {
  top1: number;
  top3: number;
}

/** How the model was trained and how well it did on calls it never saw. */
export interface ScriptReport {
  split: {
    by: "call";
    seed: number;
    testShare: number;
    trainCalls: number;
    testCalls: number;
    trainExamples: number;
    testExamples: number;
  };
  /** The family and parameters chosen by cross-validation on the training calls. */
  selection: { kind: ClassifierKind; params: unknown; cvMacroF1: number };
  /** On the test calls, fitted on the training calls only. */
  heldOut: {
    /** The classifier's probabilities alone. */
    model: TopAccuracy;
    /** recommendScripts: the model blended with the context terms, as the agent sees it. */
    ranked: TopAccuracy;
    /** Expected accuracy of a random script of the example's scene and language. */
    sceneBaseline: TopAccuracy;
  };
  /** The returned model is the chosen recipe refitted on every example (training and test calls). */
  refit: { examples: number; calls: number; scripts: number };
  vocabulary: number;
}

/** A fitted script classifier, what ranking needs. */
export interface FittedScriptModel {
  tfidf: TfidfModel;
  classifier: TextClassifier;
  /** Script ids, the classifier's classes. */
  classes: readonly string[];
  /** Per script id, the calls whose examples name it: what "worked in N similar calls" counts. */
  support: Readonly<Record<string, number>>;
  contextTurns: number;
}

/** A trained script model with its held-out report. */
export interface ScriptModel extends FittedScriptModel {
  report: ScriptReport;
}

/** A script model as plain JSON. */
export interface ScriptModelJSON {
  format: typeof SCRIPT_MODEL_FORMAT;
  version: number;
  tfidf: TfidfModel;
  classifier: TextClassifierJSON;
  support: Record<string, number>;
  contextTurns: number;
  report: ScriptReport;
}

/** Probability of every class (script id, in `model.classes` order) after an utterance in its context. */
export function scriptProbabilities(
  model: FittedScriptModel,
  text: string,
  context: ScriptContext,
): Float32Array {
  const tokens = scriptFeatures(text, context, model.contextTurns);
  return model.classifier.predictProba(transformTfidf(model.tfidf, [tokens]));
}

/** The whole model as JSON (what `scriptModelFromJSON` reads back). */
export function scriptModelToJSON(model: ScriptModel): ScriptModelJSON {
  return {
    format: SCRIPT_MODEL_FORMAT,
    version: SCRIPT_MODEL_VERSION,
    tfidf: model.tfidf,
    classifier: model.classifier.toJSON(),
    support: { ...model.support },
    contextTurns: model.contextTurns,
    report: model.report,
  };
}

/** Reads back a model written by `scriptModelToJSON` (the object or its JSON text). */
export function scriptModelFromJSON(input: ScriptModelJSON | string): ScriptModel {
  const json = (typeof input === "string" ? JSON.parse(input) : input) as Partial<ScriptModelJSON>;
  if (json.format !== SCRIPT_MODEL_FORMAT || json.version !== SCRIPT_MODEL_VERSION)
    throw new NudgeError("INPUT_INVALID", `not a ${SCRIPT_MODEL_FORMAT} v${SCRIPT_MODEL_VERSION} model`);
  if (json.tfidf === undefined || json.classifier === undefined || json.report === undefined)
    throw new NudgeError("INPUT_INVALID", "stored script model lacks tfidf, classifier or report");
  return assemble(json.tfidf, json.classifier, json.support ?? {}, json.contextTurns, json.report);
}

/** The registry artifact: TF-IDF as encoder; classifier, support and context turns as params. */
export function scriptArtifact(model: ScriptModel, name: string, fingerprint: string): ModelArtifact {
  return {
    kind: SCRIPT_KIND,
    name,
    features: [...SCRIPT_FEATURES],
    encoder: model.tfidf,
    params: {
      classifier: model.classifier.toJSON(),
      support: { ...model.support },
      contextTurns: model.contextTurns,
    },
    fingerprint,
    metrics: model.report,
    weights: new Float32Array(0),
  };
}

/** A stored script model, decoded (for a ModelLoader). */
export function scriptModelOf(stored: StoredModel): ScriptModel {
  if (stored.kind !== SCRIPT_KIND)
    throw new NudgeError(
      "INPUT_INVALID",
      `model '${stored.id}' is a ${stored.kind} model, not a script model`,
    );
  const params = stored.params as {
    classifier: TextClassifierJSON;
    support: Record<string, number>;
    contextTurns: number;
  };
  return assemble(
    stored.encoder as TfidfModel,
    params.classifier,
    params.support,
    params.contextTurns,
    stored.metrics as ScriptReport,
  );
}

function assemble(
  tfidf: TfidfModel,
  classifierJSON: TextClassifierJSON,
  support: Record<string, number>,
  contextTurns: number | undefined,
  report: ScriptReport,
): ScriptModel {
  if (!Number.isInteger(contextTurns) || (contextTurns as number) < 0)
    throw new NudgeError("INPUT_INVALID", `stored script model has contextTurns ${contextTurns}`);
  const classifier = textClassifierFromJSON(classifierJSON);
  return {
    tfidf,
    classifier,
    classes: classifier.classes,
    support: { ...support },
    contextTurns: contextTurns as number,
    report,
  };
}
