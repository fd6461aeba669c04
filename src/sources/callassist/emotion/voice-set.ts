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

/** The voice feature columns of a voice CSV (and of a file `nudge model train emotion` reads), in order. */
export const VOICE_CSV_COLUMNS = [
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
export type VoiceCsvColumn = (typeof VOICE_CSV_COLUMNS)[number];
const COLUMNS = ["id", ...VOICE_CSV_COLUMNS] as const;
/** Columns that may be empty: no voiced frame gives no pitch. */
const OPTIONAL = new Set<VoiceCsvColumn>(["pitch_mean_hz", "pitch_range_hz", "pitch_slope"]);

/** A Voice from its columns' values; `value` gives a column's number (null for an empty optional one). */
export function voiceFromColumns(value: (column: VoiceCsvColumn, optional: boolean) => number | null): Voice {
  const get = (column: VoiceCsvColumn) => value(column, OPTIONAL.has(column));
  return {
    pitchMeanHz: get("pitch_mean_hz"),
    pitchRangeHz: get("pitch_range_hz"),
    pitchSlope: get("pitch_slope"),
    energy: get("energy_dbfs") as number,
    speechRate: get("speech_rate") as number,
    speechRateUnit: "syllables/s",
    pauses: { count: get("pause_count") as number, totalS: get("pause_s") as number },
    voicedRatio: get("voiced_ratio") as number,
    durationS: get("duration_s") as number,
  };
}

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
    if (voices.has(id)) throw new NudgeError("INPUT_INVALID", `voice row ${r + 1}: id '${id}' repeats`);
    voices.set(
      id,
      voiceFromColumns((column, optional) => number(COLUMNS.indexOf(column), optional)),
    );
  });
  return voices;
}
