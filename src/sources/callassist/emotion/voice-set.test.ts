import { describe, expect, it } from "vitest";
import { readCalls } from "../dialogue/calls.js";
import { emotionTokens, parseVoiceFeatures, readVoiceFeatures, VOICE_COLUMNS, voiceVector } from "./index.js";

const HEADER =
  "id,pitch_mean_hz,pitch_range_hz,pitch_slope,energy_dbfs,speech_rate,pause_count,pause_s,voiced_ratio,duration_s";

describe("voice.csv", () => {
  it("has one row of voice features for every utterance of the dialogue set", () => {
    const voices = readVoiceFeatures();
    const ids = readCalls().map((row) => row.id);
    expect(voices.size).toBe(ids.length);
    for (const id of ids) expect(voices.has(id), id).toBe(true);
    for (const voice of voices.values()) {
      expect(voice.energy).toBeLessThan(0);
      expect(voice.durationS).toBeGreaterThan(0.3);
      expect(voice.voicedRatio).toBeGreaterThanOrEqual(0);
    }
  });

  it("reads an empty pitch as null and refuses bad rows", () => {
    const voices = parseVoiceFeatures(`${HEADER}\na,,,,-20,4,1,0.4,0,1.5\n`);
    expect(voices.get("a")).toMatchObject({
      pitchMeanHz: null,
      energy: -20,
      pauses: { count: 1, totalS: 0.4 },
    });
    expect(() => parseVoiceFeatures("id,energy\n")).toThrow(/header/);
    expect(() => parseVoiceFeatures(`${HEADER}\na,1,2\n`)).toThrow(/fields/);
    expect(() => parseVoiceFeatures(`${HEADER}\na,1,2,3,x,4,1,0.4,0.5,1.5\n`)).toThrow(/not a number/);
    expect(() =>
      parseVoiceFeatures(`${HEADER}\na,1,2,3,-9,4,1,0.4,0.5,1.5\na,1,2,3,-9,4,1,0.4,0.5,1.5\n`),
    ).toThrow(/repeats/);
  });
});

describe("emotion features", () => {
  it("marks exclamations and questions, and reads nothing from the lexicon", () => {
    expect(emotionTokens("Stop calling me!")).toEqual(["stop", "calling", "me", "<!>"]);
    expect(emotionTokens("利率是多少？")).toContain("<?>");
    expect(emotionTokens("这个产品很差").some((t) => t.startsWith("lexicon"))).toBe(false);
  });

  it("gives a text-only utterance the noVoice indicator and zeros elsewhere", () => {
    const scaling = { zh: { mean: [], sd: [] }, en: { mean: [], sd: [] } };
    const vector = voiceVector(null, "en", scaling);
    expect(vector).toHaveLength(VOICE_COLUMNS.length);
    expect(vector.at(-1)).toBe(1);
    expect(vector.slice(0, -1).every((v) => v === 0)).toBe(true);
  });
});
