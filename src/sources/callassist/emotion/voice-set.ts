/**
 * The voice side of the dialogue set: voice.csv holds the voice features of every utterance of
 * `dialogue/calls.csv`, measured on synthetic speech (espeak-ng, speaking style drawn from the emotion
 * label with noise; `scripts/speak-dialogue.mjs`, README). Tests and evaluation read it so that they need
 * neither espeak-ng nor audio.
 */
import { readFileSync } from "node:fs";
import { NudgeError } from "../../../core/index.js";
import type { Voice } from "../audio/index.js";

/** The shipped voice features, next to this module in the source tree. */
export const SHIPPED_VOICES = new URL("./voice.csv", import.meta.url);

const COLUMNS = [
  "id",
  "pitch_mean_hz",
  "pitch_range_hz",
  "pitch_slope",
  "energy_dbfs",
  "speech_rate",
  "pause_count",
  "pause_s",
  "voiced_ratio",
  "duration_s",
] as const;

/** Reads a voice CSV (the shipped voice.csv by default): utterance id → voice features. */
export function readVoiceFeatures(path: string | URL = SHIPPED_VOICES): Map<string, Voice> {
  return parseVoiceFeatures(readFileSync(path, "utf8"));
}

/** Parses the voice CSV: a header of COLUMNS, then one unquoted numeric row per utterance. */
export function parseVoiceFeatures(csv: string): Map<string, Voice> {
  const [header, ...lines] = csv.split(/\r?\n/).filter((line) => line.length > 0);
  if (header !== COLUMNS.join(","))
    throw new NudgeError("INPUT_INVALID", `the voice CSV header must be ${COLUMNS.join(",")}`);
  const voices = new Map<string, Voice>();
  lines.forEach((line, r) => {
    const fields = line.split(",");
    if (fields.length !== COLUMNS.length)
      throw new NudgeError(
        "INPUT_INVALID",
        `voice row ${r + 1} has ${fields.length} fields, not ${COLUMNS.length}`,
      );
    const [id, ...values] = fields as [string, ...string[]];
    const number = (at: number, optional: boolean): number | null => {
      const text = values[at - 1] as string;
      if (text === "" && optional) return null;
      const n = Number(text);
      if (text === "" || !Number.isFinite(n))
        throw new NudgeError("INPUT_INVALID", `voice row ${r + 1}: ${COLUMNS[at]} '${text}' is not a number`);
      return n;
    };
    const required = (at: number) => number(at, false) as number;
    if (voices.has(id)) throw new NudgeError("INPUT_INVALID", `voice row ${r + 1}: id '${id}' repeats`);
    voices.set(id, {
      pitchMeanHz: number(1, true),
      pitchRangeHz: number(2, true),
      pitchSlope: number(3, true),
      energy: required(4),
      speechRate: required(5),
      speechRateUnit: "syllables/s",
      pauses: { count: required(6), totalS: required(7) },
      voicedRatio: required(8),
      durationS: required(9),
    });
  });
  return voices;
}
