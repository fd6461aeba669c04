/** Emotion of a customer's utterance in a sales call; this part: the sentiment-lexicon baseline. */

/** The emotion model in the model registry (kind "emotion"): held-out report, artifact, decoding. */
export {
  EMOTION_TEST_SHARE,
  type EmotionReport,
  emotionArtifact,
  emotionModelOf,
  type TrainedEmotion,
  trainEmotionWithReport,
} from "./artifact.js";
/** The combined emotion: the lexicon verdict as a distribution, mixed with the second emotion by weights (0.4 / 0.6). */
export {
  type CombinedEmotion,
  combineEmotion,
  DEFAULT_EMOTION_WEIGHTS,
  type EmotionWeights,
  LEXICON_MAX_CONFIDENCE,
  LEXICON_MIN_CONFIDENCE,
  LEXICON_NO_HITS,
  LEXICON_SPILL,
  lexiconDistribution,
} from "./combine.js";
/** Word tokens (with punctuation marks) and standardized voice columns of the second emotion. */
export {
  EXCLAMATION_TOKEN,
  emotionTokens,
  featureRows,
  fitVoiceScaling,
  QUESTION_TOKEN,
  VOICE_COLUMNS,
  VOICE_MEASURES,
  VOICE_Z_CLIP,
  type VoiceScaling,
  voiceMeasure,
  voiceVector,
} from "./emotion-features.js";
/** Held-out figures of lexicon, words-only, words + voice and combined on whole calls; the weight sweep on training calls. */
export {
  type EmotionMetrics,
  type EmotionScores,
  type EvaluationOptions,
  emotionRows,
  evaluateFolds,
  evaluateHeldOut,
  evaluateSplit,
  meanMetrics,
  type PartScores,
  SWEEP_FIRST_WEIGHTS,
  sweepFirstWeight,
} from "./evaluate.js";
/** Score, label (positive, neutral, negative, irritated), intensity and hits of one utterance; its constants. */
export {
  DEGREE_WINDOW,
  DOUBLE_NEGATION,
  detectLanguage,
  EXCLAMATION_BOOST,
  HAN_SHARE_FOR_ZH,
  hasRepetition,
  type LexiconHit,
  type LexiconLabel,
  type LexiconScore,
  lexiconEmotion,
  MAX_EXCLAMATIONS,
  NEGATED_NEGATIVE,
  NEGATED_POSITIVE,
  NEGATION_WINDOW,
  POLARITY_THRESHOLD,
  QUESTION_DAMPING,
  REPETITION_BOOST,
  SCORE_SCALE,
  STRONG_NEGATIVE,
} from "./lexicon.js";
/** The per-language phrase tables (built once) and their entry types. */
export {
  addSentimentWords,
  type LexiconEntry,
  type LexiconLanguage,
  type LexiconTable,
  lexiconTable,
  MAX_PHRASE_TOKENS,
  ZH_LIST_WEIGHT,
} from "./lexicon-tables.js";
/** The hand-curated English domain, irritation, negator and degree word lists. */
export { EN_DEGREE_WORDS, EN_DOMAIN_WORDS, EN_IRRITATION_WORDS, EN_NEGATORS } from "./lexicon-words-en.js";
/** The hand-curated Chinese domain, irritation, negator and degree word lists. */
export { ZH_DEGREE_WORDS, ZH_DOMAIN_WORDS, ZH_IRRITATION_WORDS, ZH_NEGATORS } from "./lexicon-words-zh.js";
/** The second emotion: softmax regression over words and voice, trained with grouped CV, JSON for the registry (kind "emotion"). */
export {
  EMOTION_CV_FOLDS,
  EMOTION_KIND,
  EMOTION_L2_GRID,
  EMOTION_LABELS,
  EMOTION_MODEL_VERSION,
  EMOTION_PRIOR_POWERS,
  EMOTION_VOICE_SCALES,
  type EmotionCandidate,
  type EmotionModel,
  type EmotionModelJSON,
  type EmotionModelOptions,
  type EmotionPrediction,
  type EmotionTrainingRow,
  emotionModelFromJSON,
  emotionModelToJSON,
  predictEmotion,
  predictRows,
  trainEmotionModel,
} from "./voice-model.js";
/** The voice features of every dialogue utterance (voice.csv, synthetic speech) and their reader. */
export {
  parseVoiceFeatures,
  readVoiceFeatures,
  SHIPPED_VOICES,
  VOICE_CSV_COLUMNS,
  type VoiceCsvColumn,
  voiceFromColumns,
} from "./voice-set.js";
