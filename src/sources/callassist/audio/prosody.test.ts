import { describe, expect, it } from "vitest";
import { SAMPLE_RATE } from "./audio.js";
import { voiceFeatures } from "./prosody.js";
import { fixtureAudio, manifest } from "./test-support/fixtures.js";
import { sawtooth } from "./test-support/wav-bytes.js";

/** A sawtooth whose pitch glides linearly from `fromHz` to `toHz`. */
function glide(fromHz: number, toHz: number, seconds: number): Float32Array {
  const n = Math.round(seconds * SAMPLE_RATE);
  let phase = 0;
  return Float32Array.from({ length: n }, (_, i) => {
    const hz = fromHz + ((toHz - fromHz) * i) / n;
    phase = (phase + hz / SAMPLE_RATE) % 1;
    return 0.4 * (2 * phase - 1);
  });
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

describe("voiceFeatures", () => {
  it("measures a pitch glide's mean, range and slope", () => {
    const voice = voiceFeatures(glide(100, 200, 1));
    expect(voice.pitchMeanHz).toBeGreaterThan(145);
    expect(voice.pitchMeanHz).toBeLessThan(155);
    expect(voice.pitchRangeHz).toBeGreaterThan(80); // 5th–95th percentile of 100–200 Hz: 90
    expect(voice.pitchRangeHz).toBeLessThan(100);
    expect(voice.pitchSlope).toBeGreaterThan(90);
    expect(voice.pitchSlope).toBeLessThan(110);
    expect(voice.voicedRatio).toBeGreaterThan(0.9);
    expect(voice.energy).toBeCloseTo(20 * Math.log10(0.4 / Math.sqrt(3)), 0);
  });

  it("counts a pause inside speech and measures words per second when the word count is given", () => {
    const tone = sawtooth(150, 0.5);
    const voice = voiceFeatures(concat(new Float32Array(3200), tone, new Float32Array(9600), tone), {
      words: 4,
    });
    expect(voice.pauses.count).toBe(1);
    expect(voice.pauses.totalS).toBeGreaterThan(0.55);
    expect(voice.pauses.totalS).toBeLessThan(0.62);
    expect(voice.speechRateUnit).toBe("words/s");
    expect(voice.speechRate).toBeGreaterThan(3.6); // 4 words in about 1 s of sound
    expect(voice.speechRate).toBeLessThan(4.2);
    expect(voice.durationS).toBeCloseTo(1.8, 6);
  });

  it("ignores gaps shorter than the minimum pause", () => {
    const tone = sawtooth(150, 0.5);
    expect(voiceFeatures(concat(tone, new Float32Array(3200), tone)).pauses.count).toBe(0);
    expect(voiceFeatures(concat(tone, new Float32Array(3200), tone), { minPauseS: 0.15 }).pauses.count).toBe(
      1,
    );
  });

  it("gives no pitch figures for silence", () => {
    const voice = voiceFeatures(new Float32Array(SAMPLE_RATE));
    expect(voice).toMatchObject({ pitchMeanHz: null, pitchRangeHz: null, pitchSlope: null, speechRate: 0 });
    expect(voice.voicedRatio).toBe(0);
  });

  const pairs = [...new Set(manifest.utterances.map((u) => u.line))].map((line) => {
    const of = (style: string) => manifest.utterances.find((u) => u.line === line && u.style === style)!;
    return { line, calm: of("calm"), agitated: of("agitated") };
  });

  it.each(pairs)("hears $line agitated as higher, louder and faster than calm", ({ calm, agitated }) => {
    const quiet = voiceFeatures(fixtureAudio(calm.file));
    const loud = voiceFeatures(fixtureAudio(agitated.file));
    expect(loud.pitchMeanHz!).toBeGreaterThan(quiet.pitchMeanHz! * 1.2);
    expect(loud.energy).toBeGreaterThan(quiet.energy + 6);
    expect(loud.speechRate).toBeGreaterThan(quiet.speechRate * 1.2);
    expect(quiet.speechRateUnit).toBe("syllables/s");
  });
});
