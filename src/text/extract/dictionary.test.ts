import { describe, expect, it } from "vitest";
import { isNudgeError } from "../../core/index.js";
import { MESSAGES } from "../../demo/messages.js";
import { PRODUCTS } from "../../demo/products.js";
import {
  DEFAULT_DICTIONARY,
  dictionaryCategory,
  indexDictionary,
  loadDictionary,
  validateDictionary,
} from "./dictionary.js";

/** The share of demo messages the dictionary must place in their product's category. */
const REQUIRED_AGREEMENT = 0.9;
const MIN_KEYWORDS_PER_CATEGORY = 15;
const CATEGORIES = ["deposit", "wealth", "fund", "securities", "insurance", "card", "loan", "payment"];

function categoryOf(product: string): string | undefined {
  return PRODUCTS.find((p) => p.id === product)?.category;
}

describe("the shipped dictionary", () => {
  it("covers the demo's categories with enough keywords each", () => {
    expect(Object.keys(DEFAULT_DICTIONARY).sort()).toEqual([...CATEGORIES].sort());
    for (const words of Object.values(DEFAULT_DICTIONARY))
      expect(words.length).toBeGreaterThanOrEqual(MIN_KEYWORDS_PER_CATEGORY);
  });

  it("places the demo messages in their product's category", () => {
    const misses = MESSAGES.filter((m) => dictionaryCategory(m.text).category !== categoryOf(m.product)).map(
      (m) => `${m.id} ${categoryOf(m.product)} ← ${dictionaryCategory(m.text).category}: ${m.text}`,
    );
    // Listed so a failing run names the messages the dictionary gets wrong.
    expect(misses.length / MESSAGES.length, misses.join("\n")).toBeLessThanOrEqual(1 - REQUIRED_AGREEMENT);
    expect(misses).toEqual([]);
  });
});

describe("dictionaryCategory", () => {
  const cases: [text: string, category: string | null, matched: string[]][] = [
    ["三年期定期存款利率上调至2.6%", "deposit", ["定期存款"]],
    // The longest keyword wins its place: 定期寿险 is insurance, its 定期 is not a deposit hit.
    ["定期寿险每天不到3元", "insurance", ["定期寿险"]],
    ["储蓄国债开售", "securities", ["储蓄国债"]],
    ["Open a BROKERAGE account", "securities", ["brokerage account"]],
    // Whole words only: refund is not a fund, discard is not a card.
    ["Refund on discarded items", null, []],
    ["Small business loans", "loan", ["business loan"]],
    ["今天天气很好", null, []],
  ];
  for (const [text, category, matched] of cases)
    it(`${text} → ${category}`, () => {
      const verdict = dictionaryCategory(text);
      expect(verdict.category).toBe(category);
      expect(verdict.matched).toEqual(matched);
    });

  it("scores each category by the length of its keywords found", () => {
    const { scores } = dictionaryCategory("代发工资服务，企业员工专享存款利率上浮与免费转账");
    expect(scores).toMatchObject({ payment: 4 + 4 + 2, deposit: 2, card: 0 });
  });

  it("returns null on a tie", () => {
    const index = indexDictionary({ a: ["alpha"], b: ["bravo"] });
    expect(dictionaryCategory("alpha bravo", index)).toEqual({
      category: null,
      scores: { a: 5, b: 5 },
      matched: ["alpha", "bravo"],
    });
  });
});

describe("validating a dictionary", () => {
  it("names a keyword found in two categories", () => {
    expect(() => validateDictionary({ loan: ["Loan"], card: ["loan"] })).toThrow(
      /'loan' is in both 'loan' and 'card'/,
    );
  });

  it("names the category and keyword that are malformed", () => {
    try {
      validateDictionary({ card: ["信用卡", ""] }, "dict.json");
      expect.unreachable();
    } catch (error) {
      expect(isNudgeError(error, "INPUT_INVALID")).toBe(true);
      expect((error as Error).message).toMatch(/^dict\.json: category 'card' keyword 1: /);
    }
  });

  it("loads the shipped dictionary without a path and reports an unreadable one", () => {
    expect(loadDictionary()).toBe(DEFAULT_DICTIONARY);
    expect(() => loadDictionary("/nonexistent/dictionary.json")).toThrow(/cannot read dictionary/);
  });
});
