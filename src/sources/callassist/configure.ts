/**
 * Call assist's deployment settings, read from the files the configuration names: the speech recognizer
 * (`NUDGE_SPEECH`, YAML or JSON such as `{engine: pocketsphinx}` or `{engine: sherpa, modelDir: …}`) and
 * extra Chinese sentiment words for the lexicon (`NUDGE_ZH_LEXICON`, JSON `{positive, negative}`).
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { NudgeError } from "../../core/index.js";
import {
  PocketsphinxRecognizer,
  parseRecognizerConfig,
  recognizerFrom,
  type SpeechRecognizer,
} from "./asr/index.js";
import { addSentimentWords } from "./emotion/index.js";

/** The local default when nothing is configured: Debian's pocketsphinx with its US-English model. */
export function defaultRecognizer(): SpeechRecognizer {
  return new PocketsphinxRecognizer();
}

/** The recognizer a YAML or JSON file configures. */
export async function recognizerFromFile(path: string): Promise<SpeechRecognizer> {
  return recognizerFrom(parseRecognizerConfig(await readStructured(path, "speech recognizer config")));
}

/** Adds a JSON file's Chinese word lists (`{positive: [...], negative: [...]}`) to the lexicon. */
export async function addLexiconFile(path: string): Promise<{ positive: number; negative: number }> {
  const lists = (await readStructured(path, "lexicon")) as { positive?: unknown; negative?: unknown };
  const words = (name: "positive" | "negative") => {
    const list = lists?.[name] ?? [];
    if (!Array.isArray(list) || list.some((w) => typeof w !== "string"))
      throw new NudgeError("CONFIG_INVALID", `${path}: '${name}' must be a list of words`, { field: name });
    return list as string[];
  };
  const positive = words("positive");
  const negative = words("negative");
  addSentimentWords("zh", { positive, negative });
  return { positive: positive.length, negative: negative.length };
}

async function readStructured(path: string, what: string): Promise<unknown> {
  let content: string;
  try {
    content = await readFile(path, "utf8");
  } catch (error) {
    throw new NudgeError(
      "CONFIG_INVALID",
      `${what} ${path}: cannot read the file: ${(error as Error).message}`,
    );
  }
  try {
    return parseYaml(content);
  } catch (error) {
    throw new NudgeError(
      "CONFIG_INVALID",
      `${what} ${path}: not valid YAML or JSON: ${(error as Error).message}`,
    );
  }
}

/** The options `CallAssist` takes from the configuration's files. */
export async function callAssistSettings(config: {
  speechFile?: string;
  zhLexiconFile?: string;
}): Promise<{ recognizer?: SpeechRecognizer }> {
  if (config.zhLexiconFile) await addLexiconFile(config.zhLexiconFile);
  return config.speechFile ? { recognizer: await recognizerFromFile(config.speechFile) } : {};
}
