/** Call assist scripts: the script library, seed and rated training examples, the script model, and the ranking shown to the agent. */

/** Training examples (utterance, context, script that worked), and the examples agents' ratings ≥ 80 give. */
export {
  examplesFromRatings,
  RATING_THRESHOLD,
  type ScriptContext,
  type ScriptExample,
  type ScriptRating,
} from "./examples.js";
/** The model's feature tokens of an utterance in its context, and their description for the registry. */
export { CONTEXT_REPEAT, SCRIPT_CONTEXT_TURNS, SCRIPT_FEATURES, scriptFeatures } from "./features.js";
/** The script library: its row type, tones, products, and the zod-checked loader (bundled file by default). */
export {
  loadLibrary,
  MAX_SCRIPT_CHARS,
  PRODUCTS,
  type Product,
  parseLibrary,
  type Script,
  TONES,
  type Tone,
} from "./library.js";
/** The script model, its JSON form, registry artifact, and per-script probabilities. */
export {
  type FittedScriptModel,
  SCRIPT_KIND,
  SCRIPT_MODEL_FORMAT,
  SCRIPT_MODEL_VERSION,
  type ScriptModel,
  type ScriptModelJSON,
  type ScriptReport,
  scriptArtifact,
  scriptModelFromJSON,
  scriptModelOf,
  scriptModelToJSON,
  scriptProbabilities,
  type TopAccuracy,
} from "./model.js";
/** The top scripts for a moment of the call, with reasons, and the weights of their score. */
export {
  ALREADY_SHOWN_PENALTY,
  DEFAULT_TOP,
  INTENSITY_FLOOR,
  INTENT_TONE_WEIGHT,
  INTENT_TONES,
  MODEL_CANDIDATE_MIN_PROBABILITY,
  MODEL_CANDIDATES,
  MODEL_REASON_MIN_PROBABILITY,
  MODEL_WEIGHT,
  PRODUCT_MATCH_WEIGHT,
  PRODUCT_MISMATCH_PENALTY,
  type RankContext,
  type RecommendedScript,
  recommendScripts,
  SCENE_MATCH_WEIGHT,
  TONE_FIT,
  TONE_FIT_WEIGHT,
} from "./rank.js";
/** Rule-derived seed examples from the labeled dialogue set, and the product an utterance is about. */
export {
  EXIT_INTENTS,
  productDiscussed,
  productMentioned,
  SEED_PICK_SEED,
  SEED_TONES,
  seedExamples,
} from "./seed.js";
/** Trains the script model with a held-out report on whole calls. */
export {
  SCRIPT_CANDIDATES,
  SCRIPT_TEST_SHARE,
  type ScriptTrainingOptions,
  trainScriptModel,
} from "./train.js";
