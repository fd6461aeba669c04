import { beforeAll, describe, expect, it } from "vitest";
import { previousUtterances, readCalls } from "../dialogue/calls.js";
import { type RankContext, recommendScripts } from "./rank.js";
import { productDiscussed } from "./seed.js";
import { type Trained, trainOnSeedExamples } from "./test-support/trained.js";

let trained: Trained;
beforeAll(() => {
  trained = trainOnSeedExamples();
});

const rows = readCalls();
const previous = previousUtterances(rows);
const contexts: RankContext[] = rows.map((row, i) => ({
  text: row.text,
  lang: row.lang,
  scene: row.scene,
  intent: row.intent,
  emotion: { label: row.emotion, intensity: row.emotion === "irritated" ? 0.8 : 0.5 },
  previous: previous[i] ?? [],
  alreadyShown: [],
  product: productDiscussed(row.text, previous[i] ?? []),
}));
const recommend = (context: RankContext, top?: number) =>
  recommendScripts(trained.model, trained.library, context, { top });

describe("recommendScripts", () => {
  it("never returns a script of another language", () => {
    for (const context of contexts)
      for (const r of recommend(context))
        expect(trained.library.find((s) => s.id === r.id)?.lang).toBe(context.lang);
  });

  it("gives three distinct scripts, each with reasons, best first", () => {
    for (const context of contexts) {
      const shown = recommend(context);
      expect(new Set(shown.map((r) => r.id)).size).toBe(3);
      for (const r of shown) expect(r.reasons.length).toBeGreaterThan(0);
      expect(shown.map((r) => r.score)).toEqual([...shown.map((r) => r.score)].sort((a, b) => b - a));
    }
  });

  it("gives an irritated customer a respectful exit or an apology first", () => {
    const irritated = contexts.filter((c) => c.emotion.label === "irritated");
    expect(irritated.length).toBeGreaterThan(20);
    for (const context of irritated) {
      const [first] = recommend(context);
      expect(["respectful_exit", "apologetic"], context.text).toContain(first?.tone);
      expect(first?.reasons.join(" ")).toMatch(/for an irritated customer/);
    }
  });

  it("never repeats an already shown script while alternatives exist", () => {
    for (const context of contexts.slice(0, 60)) {
      const alreadyShown: string[] = [];
      // Eight turns of three scripts each: more than any scene holds, so the whole language is drawn on.
      for (let turn = 0; turn < 8; turn++) {
        const shown = recommend({ ...context, alreadyShown: [...alreadyShown] });
        for (const r of shown) expect(alreadyShown).not.toContain(r.id);
        alreadyShown.push(...shown.map((r) => r.id));
      }
    }
  });

  it("says why: scene, tone, product and the model", () => {
    const context = contexts.find((c) =>
      c.text.startsWith("What's the APY on the twelve-month CD"),
    ) as RankContext;
    const [first] = recommend(context);
    expect(first?.reasons).toEqual(
      expect.arrayContaining([
        "fits the product introduction",
        "about the product discussed (deposit)",
        expect.stringMatching(/^model: worked in \d+ similar calls?$/),
      ]),
    );
  });

  it("is deterministic and honours top", () => {
    const context = contexts[4] as RankContext;
    expect(recommend(context)).toEqual(recommend(context));
    expect(recommend(context, 5)).toHaveLength(5);
    expect(recommend(context, 1)[0]).toEqual(recommend(context)[0]);
  });

  it("refuses a bad top or intensity", () => {
    const context = contexts[0] as RankContext;
    expect(() => recommend(context, 0)).toThrow(/top/);
    expect(() => recommend({ ...context, emotion: { label: "neutral", intensity: 2 } })).toThrow(/intensity/);
  });
});
