/** The labeled call dialogue set, scene and intent classification with call context, sentence relations. */

/** The scene model in the registry: held-out report on whole calls, artifact and decoding. */
export {
  SCENE_KIND,
  SCENE_TEST_SHARE,
  sceneArtifact,
  sceneModelOf,
  type TrainedScene,
  trainSceneWithReport,
} from "./artifact.js";
/** Label sets, row type, CSV reader, earlier turns of each row and call-wise splits of the dialogue set. */
export {
  callFolds,
  type DialogueLanguage,
  type DialogueRow,
  EMOTIONS,
  type Emotion,
  INTENTS,
  type Intent,
  LANGUAGES,
  parseCalls,
  previousUtterances,
  readCalls,
  SCENES,
  type Scene,
  SHIPPED_CALLS,
  splitByCall,
} from "./calls.js";
/** The lexicon-only emotion labels scored against the dialogue set's emotion column. */
export { type EmotionBaseline, lexiconBaseline } from "./emotion-baseline.js";
/** Question, answer, follow-up or statement, by rules; and whether a text asks something. */
export { isQuestion, relationOf, type SentenceRelation } from "./relation.js";
/** Scene and intent classifiers: features, training, prediction, held-out quality, defaults. */
export {
  CONTEXT_PREFIX,
  evaluateSceneModel,
  type LabelClassifier,
  type LabelQuality,
  POSITION_CAP,
  predictScene,
  SCENE_CANDIDATES,
  SCENE_CONTEXT_TURNS,
  SCENE_FEATURES,
  type SceneFeatures,
  type SceneModel,
  type SceneModelOptions,
  type ScenePrediction,
  sceneTokens,
  trainSceneModel,
} from "./scene.js";
