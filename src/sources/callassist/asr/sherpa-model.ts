/**
 * What kind of Next-gen Kaldi model a folder holds, told by its files (as sherpa-onnx releases unpack):
 * - SenseVoice: `model.onnx` or `model.int8.onnx` and a `tokens.txt` holding its `<|zh|>`-style tokens;
 * - Paraformer: the same two files, in a folder whose name (or a file in it) says "paraformer";
 * - zipformer transducer: `encoder*.onnx`, `decoder*.onnx`, `joiner*.onnx` and `tokens.txt`, streaming
 *   when the folder name says "streaming" (as every official streaming release does).
 * `kind` overrides the guess. Then the recognizer config for sherpa-onnx-node is built from the files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { NudgeError } from "../../../core/index.js";
import { onnxFileProblem, SAMPLE_RATE } from "../audio/index.js";

/** The model families call assist can load. */
export type SherpaModelKind = "sense-voice" | "paraformer" | "transducer" | "streaming-transducer";

/** A model folder's kind and the files it will be loaded from. */
export interface SherpaModelFiles {
  kind: SherpaModelKind;
  dir: string;
  tokens: string;
  /** SenseVoice and Paraformer: the one network. */
  model?: string;
  /** Transducers: the three networks. */
  encoder?: string;
  decoder?: string;
  joiner?: string;
}

/** How to read a model folder. */
export interface SherpaModelOptions {
  /** The model family, when the folder does not make it plain. */
  kind?: SherpaModelKind;
  /** Load `*.int8.onnx` when both precisions are present (smaller, faster, nearly as accurate); default true. */
  preferInt8?: boolean;
}

/** How to run the model. */
export interface SherpaRuntimeOptions {
  /** Default 2. */
  numThreads?: number;
  /** onnxruntime execution provider; default "cpu". */
  provider?: string;
  /** SenseVoice's language: "zh", "en", … or "" to let it detect (default). */
  language?: string;
}

/** A recognizer config for sherpa-onnx-node: offline models decode an utterance at once, streaming ones in chunks. */
export type SherpaRecognizerConfig = { mode: "offline"; config: object } | { mode: "online"; config: object };

const SINGLE = /^model(\.int8)?\.onnx$/;
const PARTS = {
  encoder: /^encoder.*\.onnx$/,
  decoder: /^decoder.*\.onnx$/,
  joiner: /^joiner.*\.onnx$/,
} as const;
/** SenseVoice's vocabulary carries language, emotion and event tokens like these. */
const SENSE_VOICE_TOKENS = ["<|zh|>", "<|en|>", "<|NEUTRAL|>"];
const FEATURE_DIM = 80;
const DEFAULT_THREADS = 2;

function invalid(reason: string, message: string, details: Record<string, unknown>): NudgeError {
  return new NudgeError("INPUT_INVALID", `sherpa model: ${message}`, {
    field: "modelDir",
    reason,
    ...details,
  });
}

/** The file matching `pattern`, int8 first or last as preferred. */
function pick(files: string[], pattern: RegExp, preferInt8: boolean): string | undefined {
  const matches = files.filter((f) => pattern.test(f)).sort();
  const int8 = matches.filter((f) => f.includes(".int8."));
  const full = matches.filter((f) => !f.includes(".int8."));
  return (preferInt8 ? [...int8, ...full] : [...full, ...int8])[0];
}

function guessKind(
  dir: string,
  files: string[],
  hasParts: boolean,
  tokens: string | undefined,
): SherpaModelKind | null {
  const name = basename(dir).toLowerCase();
  if (hasParts) return name.includes("streaming") ? "streaming-transducer" : "transducer";
  if (tokens) {
    const vocabulary = readFileSync(tokens, "utf8");
    if (SENSE_VOICE_TOKENS.some((token) => vocabulary.includes(token))) return "sense-voice";
  }
  if (name.includes("paraformer") || files.some((f) => f.toLowerCase().includes("paraformer")))
    return "paraformer";
  return null;
}

/** The model in `dir`, or INPUT_INVALID naming what is missing or wrong. */
export function detectSherpaModel(dir: string, options: SherpaModelOptions = {}): SherpaModelFiles {
  const folder = resolve(dir);
  let files: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new Error("not a folder");
    files = readdirSync(folder);
  } catch {
    throw invalid("not-found", `${folder} is not a folder`, { dir: folder });
  }
  const preferInt8 = options.preferInt8 ?? true;
  const tokens = files.includes("tokens.txt") ? join(folder, "tokens.txt") : undefined;
  const single = pick(files, SINGLE, preferInt8);
  const parts = {
    encoder: pick(files, PARTS.encoder, preferInt8),
    decoder: pick(files, PARTS.decoder, preferInt8),
    joiner: pick(files, PARTS.joiner, preferInt8),
  };
  const hasParts = Object.values(parts).some(Boolean);
  const kind = options.kind ?? guessKind(folder, files, hasParts, tokens);
  const transducer = kind === "transducer" || kind === "streaming-transducer";
  const missing = [
    ...(tokens ? [] : ["tokens.txt"]),
    ...(transducer
      ? Object.entries(parts).flatMap(([part, file]) => (file ? [] : [`${part}*.onnx`]))
      : single
        ? []
        : ["model.onnx (or model.int8.onnx)"]),
  ];
  if (kind === null && !single)
    throw invalid(
      "incomplete",
      `${folder} holds no model: missing ${missing.join(", ")}, or encoder*.onnx, decoder*.onnx, joiner*.onnx for a transducer`,
      {
        dir: folder,
        missing,
        found: files,
      },
    );
  if (missing.length > 0)
    throw invalid("incomplete", `${folder} lacks ${missing.join(", ")}`, {
      dir: folder,
      missing,
      found: files,
    });
  if (kind === null)
    throw invalid(
      "ambiguous",
      `${folder} has ${single} and tokens.txt but no SenseVoice tokens nor a Paraformer name; set kind`,
      {
        dir: folder,
      },
    );
  const chosen = transducer ? parts : { model: single };
  const paths = Object.fromEntries(Object.entries(chosen).map(([role, file]) => [role, join(folder, file!)]));
  for (const [role, path] of Object.entries(paths)) {
    const problem = onnxFileProblem(path);
    if (problem) throw invalid("not-onnx", `${path} ${problem}`, { dir: folder, role, path });
  }
  return { kind, dir: folder, tokens: tokens!, ...paths };
}

/** The sherpa-onnx-node recognizer config that loads `model`. */
export function sherpaRecognizerConfig(
  model: SherpaModelFiles,
  options: SherpaRuntimeOptions = {},
): SherpaRecognizerConfig {
  const featConfig = { sampleRate: SAMPLE_RATE, featureDim: FEATURE_DIM };
  const common = {
    tokens: model.tokens,
    numThreads: options.numThreads ?? DEFAULT_THREADS,
    provider: options.provider ?? "cpu",
    debug: 0,
  };
  const transducer = { encoder: model.encoder, decoder: model.decoder, joiner: model.joiner };
  switch (model.kind) {
    case "sense-voice":
      return {
        mode: "offline",
        config: {
          featConfig,
          modelConfig: {
            senseVoice: {
              model: model.model,
              language: options.language ?? "",
              useInverseTextNormalization: 1,
            },
            ...common,
          },
        },
      };
    case "paraformer":
      return {
        mode: "offline",
        config: { featConfig, modelConfig: { paraformer: { model: model.model }, ...common } },
      };
    case "transducer":
      return {
        mode: "offline",
        config: { featConfig, modelConfig: { transducer, ...common }, decodingMethod: "greedy_search" },
      };
    case "streaming-transducer":
      return {
        mode: "online",
        config: {
          featConfig,
          modelConfig: { transducer, ...common },
          decodingMethod: "greedy_search",
          enableEndpoint: 0,
        },
      };
  }
}
