import { describe, expect, it } from "vitest";
import {
  callFolds,
  EMOTIONS,
  INTENTS,
  LANGUAGES,
  lexiconBaseline,
  parseCalls,
  previousUtterances,
  readCalls,
  SCENES,
  splitByCall,
} from "./index.js";

const rows = readCalls();

describe("the dialogue set (calls.csv)", () => {
  it("has at least 400 utterances, about half in each language, unique ids, no repeated sentences", () => {
    expect(rows.length).toBeGreaterThanOrEqual(400);
    const zh = rows.filter((r) => r.lang === "zh").length;
    expect(zh / rows.length).toBeGreaterThan(0.4);
    expect(zh / rows.length).toBeLessThan(0.6);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    // Only a bare "喂？" or "Hello?" may open more than one call.
    const long = rows.filter((r) => r.text.length > 6).map((r) => r.text);
    expect(new Set(long).size).toBe(long.length);
  });

  it("puts every label in its set and every class in both languages", () => {
    for (const lang of LANGUAGES) {
      const part = rows.filter((r) => r.lang === lang);
      expect(new Set(part.map((r) => r.scene))).toEqual(new Set(SCENES));
      expect(new Set(part.map((r) => r.intent))).toEqual(new Set(INTENTS));
      expect(new Set(part.map((r) => r.emotion))).toEqual(new Set(EMOTIONS));
    }
  });

  it("holds 40+ calls of 5–12 consecutive turns, one language each", () => {
    const calls = new Map<string, typeof rows>();
    for (const row of rows) calls.set(row.callId, [...(calls.get(row.callId) ?? []), row]);
    expect(calls.size).toBeGreaterThanOrEqual(40);
    for (const [call, turns] of calls) {
      expect(turns.length, call).toBeGreaterThanOrEqual(5);
      expect(turns.length, call).toBeLessThanOrEqual(12);
      expect(
        turns.map((t) => t.turn).sort((a, b) => a - b),
        call,
      ).toEqual(turns.map((_, i) => i + 1));
      expect(new Set(turns.map((t) => t.lang)).size, call).toBe(1);
    }
  });

  it("gives each row the earlier turns of its call", () => {
    const previous = previousUtterances(rows);
    const third = rows.findIndex((r) => r.callId === "zh01" && r.turn === 3);
    expect(previous[third]).toEqual(rows.filter((r) => r.callId === "zh01" && r.turn < 3).map((r) => r.text));
    expect(previous[rows.findIndex((r) => r.turn === 1)]).toEqual([]);
  });

  it("splits whole calls, seeded, about 30% of each language's calls to test", () => {
    const { train, test } = splitByCall(rows, 42);
    const trainCalls = new Set(train.map((r) => r.callId));
    expect(test.some((r) => trainCalls.has(r.callId))).toBe(false);
    expect(train.length + test.length).toBe(rows.length);
    for (const lang of LANGUAGES) expect(test.some((r) => r.lang === lang)).toBe(true);
    expect(splitByCall(rows, 42).test.map((r) => r.id)).toEqual(test.map((r) => r.id));
    const folds = callFolds(rows, 5, 1);
    expect(new Set(folds.values())).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it("refuses a label outside its set and a bad header", () => {
    const header = '"id","lang","call_id","turn","text","scene","intent","emotion"\n';
    expect(() => parseCalls(`${header}"a","zh","c","1","你好","opening","greeting","happy"\n`)).toThrow(
      /emotion/,
    );
    expect(() => parseCalls('"id","text"\n')).toThrow(/header/);
    expect(
      parseCalls(`${header}"a","en","c","1","Say ""hi"", please","opening","greeting","neutral"`),
    ).toEqual([
      {
        id: "a",
        lang: "en",
        callId: "c",
        turn: 1,
        text: 'Say "hi", please',
        scene: "opening",
        intent: "greeting",
        emotion: "neutral",
      },
    ]);
  });
});

describe("lexicon-only emotion on the dialogue set", () => {
  // Measured with the shipped lexicon (hand-curated Chinese lists, AFINN English; HowNet/NTUSD are not
  // shipped, see emotion/README): macro-F1 0.645, accuracy 0.756 (zh 0.603 / 0.735, en 0.681 / 0.777).
  // The lexicon's neutral list was reviewed on this set, so the figures are optimistic.
  it("stays at its measured baseline", () => {
    const baseline = lexiconBaseline(rows);
    expect(baseline.rows).toBe(rows.length);
    expect(baseline.macroF1).toBeGreaterThan(0.63);
    expect(baseline.accuracy).toBeGreaterThan(0.74);
  });
});
