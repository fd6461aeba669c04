/** Speech recognition for call assist: one port, adapters for each engine, selection by config, and error rates. */

/** Word and character error rates by Levenshtein distance, and the tokenisers behind them. */
export {
  characterErrorRate,
  chineseCharacters,
  englishWords,
  levenshtein,
  wordErrorRate,
} from "./error-rate.js";
/** A bank's recognition server over HTTP (WAV in, JSON `{text}` out). */
export { HTTP_RECOGNIZER_TIMEOUT_MS, HttpRecognizer, type HttpRecognizerOptions } from "./http.js";
/** A fixed or computed transcript, for audio that comes already transcribed. */
export { type PassthroughOptions, PassthroughRecognizer } from "./passthrough.js";
/** US English recognition by a resident pocketsphinx decoder (Debian's libpocketsphinx3 through koffi). */
export {
  POCKETSPHINX_FAST_FLAGS,
  POCKETSPHINX_LIBRARIES,
  POCKETSPHINX_MODEL_DIR,
  type PocketsphinxOptions,
  PocketsphinxRecognizer,
} from "./pocketsphinx.js";
/** The port every engine implements, and what it returns. */
export type { Recognition, RecognitionHint, SpeechLang, SpeechRecognizer } from "./port.js";
/** The recognizer a configuration names, and the schema of that configuration. */
export {
  parseRecognizerConfig,
  type RecognizerConfig,
  recognizerConfigSchema,
  recognizerFrom,
} from "./select.js";
/** Local Next-gen Kaldi models (SenseVoice, Paraformer, zipformer transducers) through sherpa-onnx-node. */
export { type SherpaOptions, SherpaRecognizer } from "./sherpa.js";
/** A model folder's kind and files, and the sherpa-onnx-node config that loads it. */
export {
  detectSherpaModel,
  type SherpaModelFiles,
  type SherpaModelKind,
  type SherpaModelOptions,
  type SherpaRecognizerConfig,
  type SherpaRuntimeOptions,
  sherpaRecognizerConfig,
} from "./sherpa-model.js";
