import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isNudgeError } from "../../core/index.js";
import { PRODUCTS } from "../../demo/products.js";
import { DEFAULT_DEFINITIONS } from "../../portrait/definitions.js";
import type { Amount } from "./amounts.js";
import {
  type ConsumptionLevel,
  consumptionLevel,
  DEFAULT_CATEGORY_TAGS,
  loadCategoryTags,
  messageTags,
  validateCategoryTags,
} from "./category-tags.js";
import { extractFields } from "./fields.js";

const amount = (value: number, role: Amount["role"], currency: string | null = "CNY"): Amount => ({
  value,
  currency,
  text: String(value),
  role,
});

describe("the shipped table", () => {
  it("has every demo product category, each pointing at itself as a portrait interest", () => {
    const categories = [...new Set(PRODUCTS.map((p) => p.category))].sort();
    expect(Object.keys(DEFAULT_CATEGORY_TAGS).sort()).toEqual(categories);
    for (const [category, tags] of Object.entries(DEFAULT_CATEGORY_TAGS))
      expect(tags.interest).toBe(category);
  });

  it("uses the consumption labels of the portrait's spending_capacity", () => {
    const labels = DEFAULT_DEFINITIONS.tags.find((t) => t.name === "spending_capacity")?.labels ?? [];
    for (const tags of Object.values(DEFAULT_CATEGORY_TAGS)) expect(labels).toContain(tags.consumption);
  });
});

describe("consumptionLevel", () => {
  const cases: [name: string, category: ConsumptionLevel, amounts: Amount[], level: ConsumptionLevel][] = [
    ["no amounts keep the category's level", "medium", [], "medium"],
    ["a small floor lowers it (1元起投)", "medium", [amount(1, "minimum")], "low"],
    ["a 1万 floor is medium", "low", [amount(10_000, "minimum")], "medium"],
    ["a 20万 floor is high", "low", [amount(200_000, "minimum")], "high"],
    ["an unstated currency counts as yuan (from 200,000)", "low", [amount(200_000, "minimum", null)], "high"],
    ["a cap says nothing (最高可借30万元)", "medium", [amount(300_000, "maximum")], "medium"],
    ["a small bare price does not lower it (送50元)", "medium", [amount(50, null)], "medium"],
    ["a large bare amount raises it", "low", [amount(250_000, null)], "high"],
    ["grams are not money", "medium", [amount(1, "minimum", "g")], "medium"],
    ["the largest floor decides", "low", [amount(1, "minimum"), amount(50_000, "minimum")], "medium"],
  ];
  for (const [name, category, amounts, level] of cases)
    it(name, () => expect(consumptionLevel(category, amounts)).toBe(level));
});

describe("messageTags", () => {
  it("merges a wealth message's fields into its category's tags", () => {
    const fields = extractFields(
      "稳健理财90天计划上线，起购金额1万元，风险等级R2，即日起至2026年12月31日，60岁以下客户专享",
    );
    expect(messageTags("wealth", fields)).toEqual({
      category: "wealth",
      interest: "wealth",
      content: "investment",
      consumption: "medium",
      highPotential: true,
      minRiskTolerance: 2,
      riskLevel: 2,
      ageMin: null,
      ageMax: 60,
      validFrom: null,
      validUntil: "2026-12-31",
      termDays: 90,
      minAmount: 10_000,
      maxAmount: null,
    });
  });

  it("falls back on the category's risk default and flags a high floor as high potential", () => {
    const tags = messageTags("deposit", extractFields("大额存单限时发售，20万元起存"));
    expect(tags).toMatchObject({
      consumption: "high",
      highPotential: true,
      minRiskTolerance: 1,
      riskLevel: null,
    });
    expect(messageTags("securities", extractFields("港股通开户礼遇")).minRiskTolerance).toBe(3);
  });

  it("lets a stated risk level override the category default", () => {
    expect(messageTags("securities", extractFields("新一期储蓄国债开售，保本保息")).minRiskTolerance).toBe(1);
  });

  it("refuses an unknown category, listing the known ones", () => {
    expect(() => messageTags("crypto", extractFields(""))).toThrow(
      /unknown category 'crypto' \(known: deposit/,
    );
  });
});

describe("validating a table", () => {
  const message = (input: unknown) => {
    try {
      validateCategoryTags(input, "tags.json");
    } catch (error) {
      expect(isNudgeError(error, "INPUT_INVALID")).toBe(true);
      return (error as Error).message;
    }
    return "valid";
  };
  const good = { interest: "loan", content: "credit", consumption: "medium", highPotential: false };

  it("defaults minRiskTolerance to 1", () => {
    expect(validateCategoryTags({ loan: good }).loan?.minRiskTolerance).toBe(1);
  });

  const cases: [name: string, input: unknown, error: RegExp][] = [
    [
      "a bad consumption level",
      { loan: { ...good, consumption: "mid" } },
      /^tags\.json: category 'loan' field 'consumption': /,
    ],
    [
      "a missing field",
      { card: { ...good, highPotential: undefined } },
      /^tags\.json: category 'card' field 'highPotential': /,
    ],
    [
      "a risk out of range",
      { fund: { ...good, minRiskTolerance: 6 } },
      /^tags\.json: category 'fund' field 'minRiskTolerance': /,
    ],
    ["an unknown field", { fund: { ...good, colour: "red" } }, /^tags\.json: category 'fund' field colour: /],
    ["not an object", [], /^tags\.json: \(file\): /],
  ];
  for (const [name, input, error] of cases) it(`names ${name}`, () => expect(message(input)).toMatch(error));

  it("loads a file, and the shipped table without a path", () => {
    const dir = mkdtempSync(join(tmpdir(), "nudge-tags-"));
    const path = join(dir, "tags.json");
    writeFileSync(path, JSON.stringify({ loan: { ...good, minRiskTolerance: 2 } }));
    expect(loadCategoryTags(path).loan?.minRiskTolerance).toBe(2);
    expect(loadCategoryTags()).toBe(DEFAULT_CATEGORY_TAGS);
    expect(() => loadCategoryTags(join(dir, "missing.json"))).toThrow(/cannot read category tags/);
  });
});
