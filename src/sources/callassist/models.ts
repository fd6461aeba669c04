/**
 * The three models call assist runs, kept in the model registry under fixed names: the scene and intent
 * classifier (kind `scene`), the emotion model over words and voice (kind `emotion`), and the script model
 * (kind `scripts`). A store that has none gets them trained from the bundled data on first use (the
 * labeled dialogue set, its synthetic voice features, the script library and its seed examples) and
 * registered, so every recommendation names the model versions behind it. `retrainScripts` adds the
 * examples agents' ratings made and registers the next version.
 */
import { type Clock, systemClock } from "../../core/index.js";
import { ModelLoader, registerModel, type StoredModel } from "../../ml/index.js";
import type { Store } from "../../store/index.js";
import {
  type DialogueRow,
  readCalls,
  type SceneModel,
  sceneArtifact,
  sceneModelOf,
  trainSceneWithReport,
} from "./dialogue/index.js";
import {
  EMOTION_MODEL_VERSION,
  type EmotionModel,
  emotionArtifact,
  emotionModelOf,
  readVoiceFeatures,
  trainEmotionWithReport,
} from "./emotion/index.js";
import {
  type FittedScriptModel,
  loadLibrary,
  type Script,
  type ScriptExample,
  scriptArtifact,
  scriptModelOf,
  seedExamples,
  trainScriptModel,
} from "./scripts/index.js";

/** Registry names of call assist's models. */
export const CALL_MODELS = { scene: "call-scene", emotion: "call-emotion", scripts: "call-scripts" } as const;
/** Seed of the models trained on first use. */
export const CALL_MODEL_SEED = 42;

/** What analysing an utterance needs, with the registry id of each model. */
export interface CallModels {
  scene: SceneModel;
  emotion: EmotionModel;
  scripts: FittedScriptModel;
  library: readonly Script[];
  versions: { scene: string; emotion: string; scripts: string };
}

export interface CallModelOptions {
  seed?: number;
  /** A bank's own script library (default: the bundled one). */
  library?: readonly Script[];
  clock?: Clock;
}

/** The latest registered version of each call model, training and registering what is missing. */
export async function loadCallModels(store: Store, options: CallModelOptions = {}): Promise<CallModels> {
  const seed = options.seed ?? CALL_MODEL_SEED;
  const library = options.library ?? loadLibrary();
  const clock = options.clock ?? systemClock;
  let rows: DialogueRow[] | undefined;
  const dialogue = () => {
    rows ??= readCalls();
    return rows;
  };
  const scene = await latestOr(store, CALL_MODELS.scene, () =>
    registerModel(
      store,
      sceneArtifact(trainSceneWithReport(dialogue(), seed), CALL_MODELS.scene, "bundled:dialogue"),
      clock,
    ),
  );
  const emotion = await latestOr(
    store,
    CALL_MODELS.emotion,
    () =>
      registerModel(
        store,
        emotionArtifact(
          trainEmotionWithReport(dialogue(), readVoiceFeatures(), seed),
          CALL_MODELS.emotion,
          "bundled:dialogue+voice",
        ),
        clock,
      ),
    (stored) => (stored.params as { version?: unknown }).version === EMOTION_MODEL_VERSION,
  );
  const scripts = await latestOr(store, CALL_MODELS.scripts, () =>
    registerScripts(store, seedExamples(dialogue(), library), [], { seed, library, clock }),
  );
  return {
    scene: sceneModelOf(scene),
    emotion: emotionModelOf(emotion),
    scripts: scriptModelOf(scripts),
    library,
    versions: { scene: scene.id, emotion: emotion.id, scripts: scripts.id },
  };
}

/**
 * Trains the next script model on the seed examples plus every example agents' ratings made, and
 * registers it; answers its id, its held-out report and the number of rated examples it learned from.
 */
export async function retrainScripts(
  store: Store,
  options: CallModelOptions = {},
): Promise<{ model: string; rated: number; examples: number; report: unknown }> {
  const seed = options.seed ?? CALL_MODEL_SEED;
  const library = options.library ?? loadLibrary();
  const rated = (await store.calls.examples()).map((row): ScriptExample => {
    const { callId, ...context } = JSON.parse(row.context) as StoredContext;
    return { text: row.text, context, scriptId: row.script_id, ...(callId ? { callId } : {}) };
  });
  const seeded = seedExamples(readCalls(), library);
  const stored = await registerScripts(store, seeded, rated, {
    seed,
    library,
    clock: options.clock ?? systemClock,
  });
  return {
    model: stored.id,
    rated: rated.length,
    examples: seeded.length + rated.length,
    report: stored.metrics,
  };
}

/** A rated example's context as stored: the script context and the call it came from. */
export type StoredContext = ScriptExample["context"] & { callId?: string };

async function registerScripts(
  store: Store,
  seeded: readonly ScriptExample[],
  rated: readonly ScriptExample[],
  options: { seed: number; library: readonly Script[]; clock: Clock },
): Promise<StoredModel> {
  const model = trainScriptModel([...seeded, ...rated], { seed: options.seed, library: options.library });
  return registerModel(
    store,
    scriptArtifact(model, CALL_MODELS.scripts, `seed:${seeded.length}+rated:${rated.length}`),
    options.clock,
  );
}

/**
 * The latest version of a named model, or what `train` registers when there is none or the latest is of
 * a format this code no longer reads (`current` false: it stays in the registry, a new version is added).
 */
async function latestOr(
  store: Store,
  name: string,
  train: () => Promise<StoredModel>,
  current: (stored: StoredModel) => boolean = () => true,
): Promise<StoredModel> {
  const found = await store.models.resolve(name);
  const stored = found ? await new ModelLoader(store).stored(found.id) : null;
  return stored && current(stored) ? stored : train();
}
