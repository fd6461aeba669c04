import { describe, expect, it } from "vitest";
import { LANGUAGES, readCalls, SCENES } from "../dialogue/calls.js";
import { examplesFromRatings, RATING_THRESHOLD, type ScriptContext } from "./examples.js";
import { loadLibrary } from "./library.js";
import { productDiscussed, productMentioned, SEED_TONES, seedExamples } from "./seed.js";

const library = loadLibrary();
const rows = readCalls();
const examples = seedExamples(rows, library);
const byId = new Map(library.map((s) => [s.id, s]));

describe("seedExamples", () => {
  it("gives every utterance a script of its language and scene, covering every scene", () => {
    expect(examples).toHaveLength(rows.length);
    examples.forEach((e, i) => {
      const script = byId.get(e.scriptId);
      expect(script?.lang).toBe(rows[i]?.lang);
      expect(script?.scene).toBe(rows[i]?.scene);
      expect(e.callId).toBe(rows[i]?.callId);
    });
    for (const lang of LANGUAGES)
      for (const scene of SCENES)
        expect(examples.some((e) => e.context.lang === lang && e.context.scene === scene)).toBe(true);
  });

  it("gives an irritated customer a respectful exit or an apology", () => {
    const irritated = examples.filter((e) => e.context.emotion === "irritated");
    expect(irritated.length).toBeGreaterThan(0);
    for (const e of irritated) expect(SEED_TONES.irritated).toContain(byId.get(e.scriptId)?.tone);
  });

  it("gives a refusal or a callback request a respectful exit", () => {
    const exits = examples.filter(
      (e) => e.context.intent === "refuse" || e.context.intent === "request_callback",
    );
    for (const e of exits) expect(byId.get(e.scriptId)?.tone).toBe("respectful_exit");
  });

  it("is deterministic, seeded, and independent of row order", () => {
    const again = seedExamples(rows, library);
    expect(again).toEqual(examples);
    const reversed = seedExamples([...rows].reverse(), library).reverse();
    expect(reversed.map((e) => e.scriptId)).toEqual(examples.map((e) => e.scriptId));
    const other = seedExamples(rows, library, 1);
    expect(other.map((e) => e.scriptId)).not.toEqual(examples.map((e) => e.scriptId));
  });

  it("refuses a scene the library has no script for", () => {
    const opening = library.filter((s) => s.scene === "opening");
    expect(() => seedExamples(rows, opening)).toThrow(/no zh script for the scene/);
  });
});

describe("productMentioned and productDiscussed", () => {
  it.each([
    ["那你们这个大额存单现在利率多少？", "deposit"],
    ["定投是每个月自动扣钱买基金吗？", "fund"],
    ["可以保单贷款是吗？最多能贷多少？", "insurance"],
    ["分十二期的话手续费是怎么算的？", "credit_card"],
    ["What's the APY on the twelve-month CD right now?", "deposit"],
    ["I've got an emergency fund of around twelve thousand", null],
    ["Is a money market fund the same thing as a money market account?", "fund"],
    ["What APR would I be looking at with decent credit?", "loan"],
    ["What return does this wealth product pay?", "wealth"],
    ["Hello, who is this?", null],
  ])("%s → %s", (text, product) => {
    expect(productMentioned(text)).toBe(product);
  });

  it("falls back to the latest product named earlier in the call", () => {
    expect(productDiscussed("那最差的情况一年能亏多少？", ["我想买基金", "存单呢？"])).toBe("deposit");
    expect(productDiscussed("好的", [])).toBeNull();
  });
});

describe("examplesFromRatings", () => {
  const context: ScriptContext = {
    lang: "en",
    scene: "closing",
    intent: "agree",
    emotion: "positive",
    previous: [],
    product: "deposit",
  };
  it("keeps ratings at or above the threshold", () => {
    const ratings = [RATING_THRESHOLD - 1, RATING_THRESHOLD, 100].map((score, i) => ({
      score,
      scriptId: `en-closing-0${i + 1}`,
      text: "Let's do it.",
      context,
      callId: "c1",
    }));
    expect(examplesFromRatings(ratings).map((e) => e.scriptId)).toEqual(["en-closing-02", "en-closing-03"]);
  });

  it("refuses a score outside 0–100", () => {
    expect(() => examplesFromRatings([{ score: 120, scriptId: "x", text: "", context }])).toThrow(/rating 0/);
  });
});
