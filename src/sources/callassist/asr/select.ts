/**
 * The recognizer a configuration names. `recognizerConfigSchema` is the single source of truth for the
 * shape (the config loader and the API parse with it); `recognizerFrom` builds the adapter, checking what
 * can be checked up front (URL, model folder) so a bad configuration fails at start-up.
 */
import { z } from "zod";
import { parseInput } from "../../../core/index.js";
import { HttpRecognizer } from "./http.js";
import { PassthroughRecognizer } from "./passthrough.js";
import { PocketsphinxRecognizer } from "./pocketsphinx.js";
import type { SpeechRecognizer } from "./port.js";
import { SherpaRecognizer } from "./sherpa.js";

const timeoutMs = z.number().int().positive().optional();

/** Recognizer configuration, by engine. */
export const recognizerConfigSchema = z.discriminatedUnion("engine", [
  z.object({ engine: z.literal("passthrough"), text: z.string(), lang: z.string().optional() }).strict(),
  z
    .object({
      engine: z.literal("pocketsphinx"),
      hmm: z.string().min(1).optional(),
      lm: z.string().min(1).optional(),
      dict: z.string().min(1).optional(),
      fast: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      engine: z.literal("http"),
      url: z.string().min(1),
      token: z.string().min(1).optional(),
      timeoutMs,
    })
    .strict(),
  z
    .object({
      engine: z.literal("sherpa"),
      modelDir: z.string().min(1),
      kind: z.enum(["sense-voice", "paraformer", "transducer", "streaming-transducer"]).optional(),
      preferInt8: z.boolean().optional(),
      numThreads: z.number().int().positive().optional(),
      provider: z.string().min(1).optional(),
      language: z.string().optional(),
    })
    .strict(),
]);

/** A parsed recognizer configuration. */
export type RecognizerConfig = z.output<typeof recognizerConfigSchema>;

/** `input` checked against `recognizerConfigSchema`; INPUT_INVALID naming the field otherwise. */
export function parseRecognizerConfig(input: unknown): RecognizerConfig {
  return parseInput(recognizerConfigSchema, input, "speech recognizer config");
}

/** The adapter `config` names, ready to use. */
export function recognizerFrom(config: RecognizerConfig): SpeechRecognizer {
  switch (config.engine) {
    case "passthrough":
      return new PassthroughRecognizer(config);
    case "pocketsphinx":
      return new PocketsphinxRecognizer(config);
    case "http":
      return new HttpRecognizer(config);
    case "sherpa":
      return new SherpaRecognizer(config);
  }
}
