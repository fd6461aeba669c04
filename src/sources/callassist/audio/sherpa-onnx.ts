/**
 * sherpa-onnx-node (Next-gen Kaldi's Node addon), typed for the parts call assist uses and loaded on first
 * use, so importing this module costs nothing on a machine that never runs VAD or a Kaldi model. The
 * package ships no TypeScript types; the shapes below follow its `types.js`.
 *
 * Native code trusts its inputs: a missing model file yields a dead handle and a corrupt one aborts the
 * whole process. `onnxFileProblem` checks a file before it reaches the addon.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { errorMessage, NudgeError } from "../../../core/index.js";

/** Mono samples with their rate, as the addon takes them. */
export interface Waveform {
  samples: Float32Array;
  sampleRate: number;
}

/** One speech segment as the addon's VAD reports it: start index into the stream, and the samples. */
export interface NativeSpeechSegment {
  start: number;
  samples: Float32Array;
}

/** The addon's voice activity detector (sherpa-onnx `Vad`). */
export interface NativeVad {
  acceptWaveform(samples: Float32Array): void;
  isEmpty(): boolean;
  front(enableExternalBuffer?: boolean): NativeSpeechSegment;
  pop(): void;
  flush(): void;
  reset(): void;
}

/** What a recognizer returns (SenseVoice adds `lang`, `emotion` and `event`). */
export interface NativeRecognitionResult {
  text: string;
  lang?: string;
  emotion?: string;
  tokens?: string[];
}

/** One utterance fed to an offline recognizer. */
export interface NativeOfflineStream {
  acceptWaveform(wave: Waveform): void;
}

/** A non-streaming recognizer (SenseVoice, Paraformer, offline transducer). */
export interface NativeOfflineRecognizer {
  createStream(): NativeOfflineStream;
  decodeAsync(stream: NativeOfflineStream): Promise<NativeRecognitionResult>;
}

/** One utterance fed to a streaming recognizer, in chunks. */
export interface NativeOnlineStream {
  acceptWaveform(wave: Waveform): void;
  inputFinished(): void;
}

/** A streaming recognizer (streaming zipformer transducer). */
export interface NativeOnlineRecognizer {
  createStream(): NativeOnlineStream;
  isReady(stream: NativeOnlineStream): boolean;
  decode(stream: NativeOnlineStream): void;
  getResult(stream: NativeOnlineStream): NativeRecognitionResult;
}

/** The module's exports call assist uses. Configs are plain objects in the addon's camelCase shape. */
export interface SherpaOnnx {
  Vad: new (config: object, bufferSizeInSeconds: number) => NativeVad;
  OfflineRecognizer: { createAsync(config: object): Promise<NativeOfflineRecognizer> };
  OnlineRecognizer: new (config: object) => NativeOnlineRecognizer;
  version: string;
}

let loaded: SherpaOnnx | null = null;

/** The sherpa-onnx-node module, or UNAVAILABLE when its native part cannot be loaded on this machine. */
export function loadSherpaOnnx(): SherpaOnnx {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)("sherpa-onnx-node") as SherpaOnnx;
    return loaded;
  } catch (error) {
    throw new NudgeError(
      "UNAVAILABLE",
      `sherpa-onnx-node did not load on ${process.platform}-${process.arch}: ${errorMessage(error)}`,
      { dependency: "sherpa-onnx-node" },
      { cause: error },
    );
  }
}

/** ONNX files are protobuf ModelProto whose first field is ir_version (field 1, varint): tag byte 0x08. */
const ONNX_FIRST_BYTE = 0x08;

/** Why `path` cannot be an ONNX model (missing, not a file, or not protobuf), or null when it looks like one. */
export function onnxFileProblem(path: string): string | null {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return "is not a file";
    size = stat.size;
  } catch {
    return "does not exist";
  }
  if (size === 0) return "is empty";
  const first = Buffer.alloc(1);
  const fd = openSync(path, "r");
  try {
    readSync(fd, first, 0, 1, 0);
  } finally {
    closeSync(fd);
  }
  // A Git LFS pointer ("version …") or an HTML error page saved by a failed download are the usual suspects.
  return first[0] === ONNX_FIRST_BYTE
    ? null
    : "is not an ONNX model (a Git LFS pointer or a failed download?)";
}
