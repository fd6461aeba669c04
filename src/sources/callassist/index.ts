/**
 * Call assist: a sales call's customer utterances (audio or text) → recognition → voice features → scene,
 * intent and emotion → the top scripts on the agent's screen; agents' ratings train the script model.
 * The parts are folders with their own index: audio, asr, dialogue, emotion, scripts.
 */

/** One utterance understood in the context of its call (no storage, no audio). */
export {
  analyzeUtterance,
  type CallContext,
  type UtteranceAnalysis,
  type UtteranceInput,
} from "./analyze.js";
/** Speech recognition: the port, the recognizer a configuration names, error rates. */
export {
  characterErrorRate,
  parseRecognizerConfig,
  type RecognizerConfig,
  recognizerFrom,
  type SpeechRecognizer,
  wordErrorRate,
} from "./asr/index.js";
/** Audio in: bytes decoded to 16 kHz mono, speech cut by voice activity detection as it streams. */
export {
  type Audio,
  type AudioFormat,
  decodeAudio,
  encodeWav,
  speechSegments,
  UtteranceCutter,
  type Voice,
} from "./audio/index.js";
/** The recognizer and lexicon words the configuration's files name. */
export { addLexiconFile, callAssistSettings, defaultRecognizer, recognizerFromFile } from "./configure.js";
/** General sentiment word lists a deployment adds to the lexicon (e.g. licensed HowNet/NTUSD). */
export { addSentimentWords } from "./emotion/index.js";
/** A recorded call analysed utterance by utterance (`nudge call analyze`). */
export {
  type AnalysedSegment,
  analyzeCallFile,
  type CallFileAnalysis,
  type CallFileOptions,
} from "./file.js";
/** Interest heard during a call as offer candidates (source `callassist`) for the call's customer. */
export {
  CALL_SOURCE,
  type CallLead,
  LEAD_INTENTS,
  LEAD_OFFERS,
  PRODUCT_CATEGORIES,
  proposeLeads,
  showsInterest,
} from "./leads.js";
/** The registered scene, emotion and script models (trained from the bundled data on first use). */
export {
  CALL_MODEL_SEED,
  CALL_MODELS,
  type CallModelOptions,
  type CallModels,
  loadCallModels,
  retrainScripts,
} from "./models.js";
/** `nudge serve`'s retraining of the script model when ratings added examples. */
export { type ScriptRetrainOutcome, ScriptRetrainSchedule } from "./schedule.js";
/** Ratings at or above this become training examples of the script model. */
export { RATING_THRESHOLD } from "./scripts/index.js";
/** Live calls over the store: utterances in, analyses stored and published, ratings, retraining. */
export {
  CallAssist,
  type CallAssistOptions,
  CONTEXT_UTTERANCES,
  MODEL_CHECK_MS,
  type Speaker,
  type UtteranceRequest,
  type UtteranceResult,
  utteranceView,
} from "./session.js";
