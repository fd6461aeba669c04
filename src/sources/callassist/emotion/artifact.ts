/**
 * The emotion model in the model registry (kind `emotion`): measured on held-out calls of the dialogue
 * set with its synthetic voices (split by call, seeded; lexicon, words-only, words + voice and combined
 * figures), then refitted on every call; the held-out figures travel as its metrics.
 */
import { NudgeError } from "../../../core/index.js";
import type { ModelArtifact, StoredModel } from "../../../ml/index.js";
import type { Voice } from "../audio/index.js";
import type { DialogueRow } from "../dialogue/calls.js";
import { type EmotionMetrics, emotionRows, evaluateSplit } from "./evaluate.js";
import {
  EMOTION_KIND,
  type EmotionModel,
  type EmotionModelJSON,
  emotionModelFromJSON,
  emotionModelToJSON,
  trainEmotionModel,
} from "./voice-model.js";

/** Share of the calls held out to measure the model before it is refitted on all (splitByCall's). */
export const EMOTION_TEST_SHARE = 0.3;

/** The registry's `metrics` of an emotion model. */
export interface EmotionReport {
  split: { by: "call"; seed: number; testShare: number; trainRows: number; testRows: number };
  heldOut: Omit<EmotionMetrics, "split">;
}

/** An emotion model with its held-out report. */
export interface TrainedEmotion {
  model: EmotionModel;
  report: EmotionReport;
}

/** Measures on held-out calls (`splitByCall(rows, seed)`), then refits on every row. */
export function trainEmotionWithReport(
  rows: readonly DialogueRow[],
  voices: ReadonlyMap<string, Voice>,
  seed: number,
): TrainedEmotion {
  const { model: _, split: __, ...heldOut } = evaluateSplit(rows, voices, seed);
  const testRows = heldOut.lexicon.rows;
  return {
    model: trainEmotionModel(emotionRows(rows, voices), { seed }),
    report: {
      split: {
        by: "call",
        seed,
        testShare: EMOTION_TEST_SHARE,
        trainRows: rows.length - testRows,
        testRows,
      },
      heldOut,
    },
  };
}

/** The registry artifact of a trained emotion model: `params` is `EmotionModelJSON`, `metrics` the report. */
export function emotionArtifact(trained: TrainedEmotion, name: string, fingerprint: string): ModelArtifact {
  return {
    kind: EMOTION_KIND,
    name,
    features: ["text", "voice"],
    encoder: null,
    params: emotionModelToJSON(trained.model),
    fingerprint,
    metrics: trained.report,
    weights: new Float32Array(0),
  };
}

/** A stored emotion model, decoded (for a ModelLoader). */
export function emotionModelOf(stored: StoredModel): EmotionModel {
  if (stored.kind !== EMOTION_KIND)
    throw new NudgeError(
      "INPUT_INVALID",
      `model '${stored.id}' is a ${stored.kind} model, not an emotion model`,
    );
  return emotionModelFromJSON(stored.params as EmotionModelJSON);
}
