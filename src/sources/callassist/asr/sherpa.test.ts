import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isNudgeError } from "../../../core/index.js";
import { loadSherpaOnnx, speechSegments } from "../audio/index.js";
import { fixtureAudio, manifest } from "../audio/test-support/fixtures.js";
import { SherpaRecognizer } from "./sherpa.js";
import { detectSherpaModel, type SherpaModelOptions, sherpaRecognizerConfig } from "./sherpa-model.js";

/** Bytes that pass the ONNX sniff (protobuf field 1) but are never handed to native code here. */
const ONNX_LOOKALIKE = Uint8Array.of(0x08, 0x08, 0x12, 0x04);
const root = mkdtempSync(join(tmpdir(), "nudge-sherpa-"));

/** A model folder with these files; `.onnx` files get ONNX-looking bytes, tokens.txt the given text. */
function folder(name: string, files: string[], tokens = "<blank> 0\n<s> 1\n</s> 2\n的 3\n"): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file), file.endsWith(".onnx") ? ONNX_LOOKALIKE : tokens);
  return dir;
}

const SENSE_VOICE_TOKENS = "<unk> 0\n<s> 1\n</s> 2\n<|zh|> 3\n<|en|> 4\n<|NEUTRAL|> 5\n";

function reasonOf(dir: string, options: SherpaModelOptions = {}): unknown {
  try {
    detectSherpaModel(dir, options);
  } catch (error) {
    if (isNudgeError(error, "INPUT_INVALID")) return error.details.reason;
    throw error;
  }
  return "detected";
}

describe("sherpa model folders", () => {
  it("recognises SenseVoice by its tokens and prefers the int8 network", () => {
    const dir = folder(
      "sherpa-onnx-sense-voice-zh-en-ja-ko-yue-2024-07-17",
      ["model.onnx", "model.int8.onnx", "tokens.txt"],
      SENSE_VOICE_TOKENS,
    );
    const model = detectSherpaModel(dir);
    expect(model).toEqual({
      kind: "sense-voice",
      dir,
      tokens: join(dir, "tokens.txt"),
      model: join(dir, "model.int8.onnx"),
    });
    expect(detectSherpaModel(dir, { preferInt8: false }).model).toBe(join(dir, "model.onnx"));
    expect(sherpaRecognizerConfig(model, { language: "zh" })).toEqual({
      mode: "offline",
      config: {
        featConfig: { sampleRate: 16000, featureDim: 80 },
        modelConfig: {
          senseVoice: { model: join(dir, "model.int8.onnx"), language: "zh", useInverseTextNormalization: 1 },
          tokens: join(dir, "tokens.txt"),
          numThreads: 2,
          provider: "cpu",
          debug: 0,
        },
      },
    });
  });

  it("recognises Paraformer by its folder name", () => {
    const dir = folder("sherpa-onnx-paraformer-zh-2023-09-14", ["model.int8.onnx", "tokens.txt"]);
    const model = detectSherpaModel(dir);
    expect(model.kind).toBe("paraformer");
    expect(sherpaRecognizerConfig(model)).toMatchObject({
      mode: "offline",
      config: {
        modelConfig: { paraformer: { model: join(dir, "model.int8.onnx") }, tokens: join(dir, "tokens.txt") },
      },
    });
  });

  it("recognises offline and streaming zipformer transducers", () => {
    const parts = [
      "encoder-epoch-99-avg-1.onnx",
      "decoder-epoch-99-avg-1.onnx",
      "joiner-epoch-99-avg-1.onnx",
    ];
    const int8 = parts.map((p) => p.replace(".onnx", ".int8.onnx"));
    const offline = detectSherpaModel(
      folder("sherpa-onnx-zipformer-zh-en-2023-11-22", [...parts, "tokens.txt"]),
    );
    expect(offline.kind).toBe("transducer");
    expect(sherpaRecognizerConfig(offline)).toMatchObject({
      mode: "offline",
      config: {
        modelConfig: { transducer: { encoder: join(offline.dir, parts[0]!) } },
        decodingMethod: "greedy_search",
      },
    });
    const dir = folder("sherpa-onnx-streaming-zipformer-bilingual-zh-en-2023-02-20", [
      ...parts,
      ...int8,
      "tokens.txt",
    ]);
    const streaming = detectSherpaModel(dir);
    expect(streaming).toMatchObject({ kind: "streaming-transducer", joiner: join(dir, int8[2]!) });
    expect(sherpaRecognizerConfig(streaming).mode).toBe("online");
    expect(detectSherpaModel(dir, { kind: "transducer" }).kind).toBe("transducer");
  });

  it("names the missing files of an incomplete folder", () => {
    const dir = folder("half-a-transducer", ["encoder.onnx", "tokens.txt"]);
    expect(() => detectSherpaModel(dir)).toThrow(/lacks decoder\*\.onnx, joiner\*\.onnx/);
    expect(reasonOf(folder("no-tokens", ["model.onnx"], SENSE_VOICE_TOKENS), { kind: "sense-voice" })).toBe(
      "incomplete",
    );
    expect(() => detectSherpaModel(folder("empty", []))).toThrow(/missing tokens\.txt, model\.onnx/);
    expect(reasonOf(join(root, "nowhere"))).toBe("not-found");
  });

  it("asks for the kind when model.onnx could be anything", () => {
    const dir = folder("my-model", ["model.onnx", "tokens.txt"]);
    expect(reasonOf(dir)).toBe("ambiguous");
    expect(detectSherpaModel(dir, { kind: "paraformer" }).kind).toBe("paraformer");
  });

  it("refuses a Git LFS pointer in place of a network, before native code can choke on it", () => {
    const dir = folder("sherpa-onnx-paraformer-lfs", ["tokens.txt"]);
    writeFileSync(join(dir, "model.onnx"), "version https://git-lfs.github.com/spec/v1\noid sha256:abc\n");
    expect(reasonOf(dir)).toBe("not-onnx");
  });

  it("checks the folder when the recognizer is made, and names the engine by kind", () => {
    const dir = folder(
      "sherpa-onnx-sense-voice-check",
      ["model.int8.onnx", "tokens.txt"],
      SENSE_VOICE_TOKENS,
    );
    expect(new SherpaRecognizer({ modelDir: dir }).name).toBe("sherpa:sense-voice");
    expect(() => new SherpaRecognizer({ modelDir: join(root, "nowhere") })).toThrow(/is not a folder/);
  });
});

describe("sherpa-onnx-node", () => {
  it("loads its native module and runs a model (Silero VAD on a fixture)", () => {
    const sherpa = loadSherpaOnnx();
    expect(typeof sherpa.OfflineRecognizer.createAsync).toBe("function");
    expect(typeof sherpa.OnlineRecognizer).toBe("function");
    const utterance = manifest.utterances.find((u) => u.id === "zh-rate-calm")!;
    expect(speechSegments(fixtureAudio(utterance.file))).toHaveLength(1);
  });
});
