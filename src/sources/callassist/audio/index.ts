/** Call audio: bytes → 16 kHz mono samples, speech segments (Silero VAD), and voice features (pitch, energy, pace, pauses). */

/** The audio shape every step takes: 16 kHz mono floats with a note of each conversion; helpers to build and measure it. */
export { type Audio, audioOf, DBFS_FLOOR, dbfs, rms, SAMPLE_RATE } from "./audio.js";
/** Pitch of one frame by YIN, with its search range and threshold. */
export {
  PITCH_MAX_HZ,
  PITCH_MIN_HZ,
  type PitchOptions,
  YIN_THRESHOLD,
  YIN_WINDOW,
  yinFrameLength,
  yinPitch,
} from "./pitch.js";
/** Voice features of an utterance: pitch mean, range and slope, energy, speech rate, pauses, voiced share. */
export {
  ACTIVE_FLOOR_DBFS,
  ACTIVE_RANGE_DB,
  MIN_PAUSE_S,
  SYLLABLE_PROMINENCE_DB,
  syllableNuclei,
  type Voice,
  type VoiceOptions,
  voiceFeatures,
} from "./prosody.js";
/** Band-limited (windowed sinc) resampling between any two rates. */
export { CUTOFF_ROLLOFF, resample, SINC_ZERO_CROSSINGS } from "./resample.js";
/** sherpa-onnx-node loaded on first use and typed, and the check a model file passes before native code sees it. */
export {
  loadSherpaOnnx,
  type NativeOfflineRecognizer,
  type NativeOnlineRecognizer,
  type NativeRecognitionResult,
  type NativeVad,
  onnxFileProblem,
  type SherpaOnnx,
  type Waveform,
} from "./sherpa-onnx.js";
/** Speech segments by Silero VAD, for a whole recording or a stream cut as it arrives. */
export {
  DEFAULT_VAD_MODEL,
  MAX_SPEECH_S,
  MIN_SILENCE_S,
  MIN_SPEECH_S,
  type SpeechSegment,
  speechSegments,
  UtteranceCutter,
  VAD_THRESHOLD,
  type VadOptions,
} from "./vad.js";
/** WAV (PCM/float, any rate and channels) or raw s16le bytes decoded to `Audio`; `Audio` written as WAV. */
export {
  type AudioFormat,
  type DecodeOptions,
  decodeAudio,
  encodeWav,
  MAX_SAMPLE_RATE,
  MIN_SAMPLE_RATE,
  peakFrameDbfs,
  SILENCE_DBFS,
  toPcm16,
} from "./wav.js";
