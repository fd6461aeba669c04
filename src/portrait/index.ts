/**
 * Customer portraits: tags from definitions (fact and model tags by rule, predicted tags set by
 * models), TF-IDF weights, incremental builds, lookalike audiences and negative feedback.
 */
export {
  type BuildOptions,
  type BuildReport,
  buildPortraits,
  currentDefinitions,
  type ModelTag,
  setModelTags,
} from "./build.js";
export {
  bandOf,
  DEFAULT_DEFINITIONS,
  loadDefinitions,
  TAG_KINDS,
  TAG_TYPES,
  type TagDefinition,
  type TagDefinitions,
  validateDefinitions,
} from "./definitions.js";
/** Profile and rule tags flattened into model features. */
export { type FeatureValue, PortraitFeatures, profileFeatures, withoutTags } from "./features.js";
export {
  DEFAULT_FEEDBACK_POLICY,
  type FeedbackPolicy,
  NEGATIVE_FEEDBACK_TYPES,
  type NegativeFeedback,
  type NegativeFeedbackType,
  recordNegativeFeedback,
  revertAdjustment,
  suppressedCategories,
} from "./feedback.js";
export {
  type LookalikeCandidate,
  type LookalikeOptions,
  type LookalikeResult,
  lookalike,
} from "./lookalike.js";
/** Portraits as unit TF-IDF vectors, streamed (lookalikes and message matching read them). */
export { type PortraitVector, PortraitVectors } from "./vectors.js";
export { type PortraitTag, type PortraitView, portraitOf } from "./view.js";
