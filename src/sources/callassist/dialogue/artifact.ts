/**
 * The scene and intent model in the model registry (kind `scene`): trained on the calls of the dialogue
 * set but a held-out share (split by call, seeded) to measure it, then refitted on every call; the
 * held-out figures travel as its metrics.
 */
import { NudgeError } from "../../../core/index.js";
import type { ModelArtifact, StoredModel } from "../../../ml/index.js";
import { type TextClassifierJSON, textClassifierFromJSON } from "../../../text/classify/index.js";
import type { TfidfModel } from "../../../text/index.js";
import { type DialogueRow, splitByCall } from "./calls.js";
import {
  evaluateSceneModel,
  type LabelClassifier,
  type LabelQuality,
  type SceneFeatures,
  type SceneModel,
  trainSceneModel,
} from "./scene.js";

/** Registry kind of scene and intent models. */
export const SCENE_KIND = "scene";
/** Share of the calls held out to measure the model before it is refitted on all. */
export const SCENE_TEST_SHARE = 0.3;

/** A scene model with its held-out report. */
export interface TrainedScene {
  model: SceneModel;
  report: {
    split: { by: "call"; seed: number; testShare: number; trainRows: number; testRows: number };
    heldOut: { scene: LabelQuality; intent: LabelQuality };
  };
}

/** Measures on held-out calls, then refits on every row. */
export function trainSceneWithReport(rows: readonly DialogueRow[], seed: number): TrainedScene {
  const { train, test } = splitByCall(rows, seed, SCENE_TEST_SHARE);
  const heldOut = evaluateSceneModel(trainSceneModel(train, { seed }), test);
  return {
    model: trainSceneModel(rows, { seed }),
    report: {
      split: {
        by: "call",
        seed,
        testShare: SCENE_TEST_SHARE,
        trainRows: train.length,
        testRows: test.length,
      },
      heldOut,
    },
  };
}

interface LabelJSON {
  tfidf: TfidfModel;
  classifier: TextClassifierJSON;
  classes: string[];
}

const labelJSON = (label: LabelClassifier): LabelJSON => ({
  tfidf: label.tfidf,
  classifier: label.classifier.toJSON(),
  classes: [...label.classes],
});

const labelOf = (json: LabelJSON): LabelClassifier => ({
  tfidf: json.tfidf,
  classifier: textClassifierFromJSON(json.classifier),
  classes: json.classes,
});

/** The registry artifact of a trained scene model. */
export function sceneArtifact(trained: TrainedScene, name: string, fingerprint: string): ModelArtifact {
  return {
    kind: SCENE_KIND,
    name,
    features: ["text", "previous"],
    encoder: null,
    params: {
      features: trained.model.features,
      scene: labelJSON(trained.model.scene),
      intent: labelJSON(trained.model.intent),
    },
    fingerprint,
    metrics: trained.report,
    weights: new Float32Array(0),
  };
}

/** A stored scene model, decoded (for a ModelLoader). */
export function sceneModelOf(stored: StoredModel): SceneModel {
  if (stored.kind !== SCENE_KIND)
    throw new NudgeError(
      "INPUT_INVALID",
      `model '${stored.id}' is a ${stored.kind} model, not a scene model`,
    );
  const params = stored.params as { features: SceneFeatures; scene: LabelJSON; intent: LabelJSON };
  return { features: params.features, scene: labelOf(params.scene), intent: labelOf(params.intent) };
}
