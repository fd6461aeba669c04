import { describe, expect, it } from "vitest";
import { topKeywords } from "./keywords.js";
import { fitTfidf } from "./tfidf.js";

const corpus = [
  ["理财产品", "年化收益率", "3.5%"],
  ["理财产品", "风险等级"],
  ["信用卡", "免息期"],
  ["理财产品", "起购金额", "60"],
];

describe("topKeywords", () => {
  const model = fitTfidf(corpus);

  it("ranks rare terms above common ones and leaves numbers out", () => {
    const keywords = topKeywords(model, ["理财产品", "年化收益率", "3.5%", "60"], 5);
    expect(keywords.map((k) => k.term)).toEqual(["年化收益率", "理财产品"]);
    expect(keywords[0]?.weight).toBeGreaterThan(keywords[1]?.weight ?? 1);
  });

  it("breaks ties by term and stops at n", () => {
    // 信用卡 and 免息期 occur in one document each: same idf, same tf, same weight.
    const keywords = topKeywords(model, ["免息期", "信用卡", "理财产品"], 2);
    expect(keywords.map((k) => k.term)).toEqual(["信用卡", "免息期"]); // 信 U+4FE1 < 免 U+514D
    expect(keywords[0]?.weight).toBeCloseTo(keywords[1]?.weight ?? 0, 12);
  });

  it("gives nothing for unseen tokens or n = 0", () => {
    expect(topKeywords(model, ["没见过"], 3)).toEqual([]);
    expect(topKeywords(model, ["理财产品"], 0)).toEqual([]);
  });
});
