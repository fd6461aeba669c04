/**
 * Local recognition by a Next-gen Kaldi model (SenseVoice, Paraformer, zipformer transducer) through
 * sherpa-onnx-node. The folder is checked when the recognizer is made, so a wrong path fails at start-up;
 * the native recognizer is created on the first utterance. Offline models decode off the main thread;
 * streaming transducers decode a whole utterance synchronously (fast, but it does hold the event loop).
 *
 * Native code aborts the process on a corrupt model file; folder detection rejects files that are not
 * ONNX at all (a Git LFS pointer, an HTML error page), not ones damaged inside.
 */
import {
  type Audio,
  loadSherpaOnnx,
  type NativeOfflineRecognizer,
  type NativeOnlineRecognizer,
  type NativeRecognitionResult,
} from "../audio/index.js";
import type { Recognition, RecognitionHint, SpeechRecognizer } from "./port.js";
import {
  detectSherpaModel,
  type SherpaModelFiles,
  type SherpaModelOptions,
  type SherpaRecognizerConfig,
  type SherpaRuntimeOptions,
  sherpaRecognizerConfig,
} from "./sherpa-model.js";

/** Silence appended before a streaming model finishes, so it sees the right context of the last word. */
const STREAMING_TAIL_S = 0.3;

/** The model folder, how to read it and how to run it. */
export interface SherpaOptions extends SherpaModelOptions, SherpaRuntimeOptions {
  /** The unpacked model folder (relative paths from the working directory). */
  modelDir: string;
}

type Native =
  | { mode: "offline"; recognizer: NativeOfflineRecognizer }
  | { mode: "online"; recognizer: NativeOnlineRecognizer };

/** "<|zh|>" → "zh"; SenseVoice wraps its language in these markers. */
function plainLang(lang: string | undefined): string | undefined {
  const plain = lang?.replace(/^<\|/, "").replace(/\|>$/, "").trim();
  return plain ? plain : undefined;
}

/** Recognition by a local sherpa-onnx model folder. */
export class SherpaRecognizer implements SpeechRecognizer {
  readonly name: string;
  /** The files the model loads from. */
  readonly model: SherpaModelFiles;
  /** The config handed to sherpa-onnx-node. */
  readonly config: SherpaRecognizerConfig;
  private native: Promise<Native> | null = null;

  constructor(options: SherpaOptions) {
    this.model = detectSherpaModel(options.modelDir, options);
    this.config = sherpaRecognizerConfig(this.model, options);
    this.name = `sherpa:${this.model.kind}`;
  }

  async recognize(audio: Audio, hint: RecognitionHint = {}): Promise<Recognition> {
    const started = performance.now();
    const native = await this.load();
    const wave = { samples: audio.samples, sampleRate: audio.sampleRate };
    let result: NativeRecognitionResult;
    if (native.mode === "offline") {
      const stream = native.recognizer.createStream();
      stream.acceptWaveform(wave);
      result = await native.recognizer.decodeAsync(stream);
    } else {
      const stream = native.recognizer.createStream();
      stream.acceptWaveform(wave);
      stream.acceptWaveform({
        samples: new Float32Array(Math.round(STREAMING_TAIL_S * audio.sampleRate)),
        sampleRate: audio.sampleRate,
      });
      stream.inputFinished();
      while (native.recognizer.isReady(stream)) native.recognizer.decode(stream);
      result = native.recognizer.getResult(stream);
    }
    const lang = plainLang(result.lang) ?? hint.lang;
    return {
      text: result.text.trim(),
      ...(lang === undefined ? {} : { lang }),
      engine: this.name,
      elapsedMs: performance.now() - started,
    };
  }

  private load(): Promise<Native> {
    if (!this.native) {
      const sherpa = loadSherpaOnnx();
      const { mode, config } = this.config;
      this.native =
        mode === "offline"
          ? sherpa.OfflineRecognizer.createAsync(config).then((recognizer) => ({ mode, recognizer }))
          : Promise.resolve({ mode, recognizer: new sherpa.OnlineRecognizer(config) });
      // A failed load is retried on the next utterance rather than remembered.
      this.native.catch(() => {
        this.native = null;
      });
    }
    return this.native;
  }
}
