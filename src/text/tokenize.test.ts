import { describe, expect, it } from "vitest";
import { FINANCE_TERMS } from "./finance-dict.js";
import { expandNegations, joinNumber, tokenize } from "./tokenize.js";

describe("tokenize", () => {
  it.each([
    {
      name: "a Chinese finance sentence keeps dictionary terms and numbers whole",
      text: "招商银行推出新的理财产品，年化收益率3.5%，60岁以下客户专享",
      expected: [
        "招商银行",
        "推出",
        "新",
        "理财产品",
        "年化收益率",
        "3.5%",
        "60",
        "岁",
        "以下",
        "客户",
        "专",
        "享",
      ],
    },
    {
      name: "deposits and insurance",
      text: "大额存单起购金额20万，重疾险和养老年金也在热销",
      expected: ["大额存单", "起购金额", "20", "万", "重疾险", "养老年金", "热销"],
    },
    {
      name: "English is lowercased, split on non-letters, stop words and possessives dropped",
      text: "The customer's Credit-Card fees: 0% until 2025!",
      expected: ["customer", "credit", "card", "fees", "0%", "until", "2025"],
    },
    {
      name: "English negations are written out and kept",
      text: "I don't want calls",
      expected: ["not", "want", "calls"],
    },
    {
      name: "mixed Chinese and English",
      text: "开通港股通 with zero fees",
      expected: ["开通", "港股通", "zero", "fees"],
    },
    {
      name: "full-width digits and signs, thousands separators, letter-and-digit dictionary words",
      text: "３．５％ 1,000元 A股 沪深300",
      expected: ["3.5%", "1000", "元", "a股", "沪深300"],
    },
    { name: "the empty string", text: "", expected: [] },
    { name: "emoji and punctuation only", text: "😀🎉！！…… ?!  —— 。", expected: [] },
  ])("$name", ({ text, expected }) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it("keeps stop words when asked", () => {
    expect(tokenize("我的理财产品 and the fees", { stopWords: false })).toEqual([
      "我",
      "的",
      "理财产品",
      "and",
      "the",
      "fees",
    ]);
  });

  it("keeps every financial term whole, alone and in sentences", () => {
    const contexts = (term: string) => [term, `我想了解${term}的情况`, `新的${term}上线`, `购买${term}产品`];
    const broken = FINANCE_TERMS.flatMap((term) =>
      contexts(term).filter((text) => !tokenize(text, { stopWords: false }).includes(term)),
    );
    expect(broken).toEqual([]);
    expect(FINANCE_TERMS.length).toBeGreaterThanOrEqual(150);
    expect(new Set(FINANCE_TERMS).size).toBe(FINANCE_TERMS.length);
  });
});

describe("joinNumber", () => {
  it.each([
    { pieces: ["3", ".", "5", "%", "，"], token: "3.5%", last: 3 },
    { pieces: ["1", ",", "000", ",", "000", "元"], token: "1000000", last: 4 },
    { pieces: ["1", ",", "2"], token: "1", last: 0 },
    { pieces: ["60", "岁"], token: "60", last: 0 },
    { pieces: ["2", ".", "x"], token: "2", last: 0 },
  ])("$pieces → $token", ({ pieces, token, last }) => {
    expect(joinNumber(pieces, 0)).toEqual({ token, last });
  });
});

describe("expandNegations", () => {
  it.each([
    ["don't", "do not"],
    ["can't", "can not"],
    ["won’t", "will not"],
    ["isn't it", "is not it"],
    ["no apostrophe", "no apostrophe"],
  ])("%s → %s", (text, expected) => {
    expect(expandNegations(text)).toBe(expected);
  });
});
