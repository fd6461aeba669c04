import { describe, expect, it } from "vitest";
import { appendHanNgrams, HAN_NGRAM_PREFIX, hanNgramBound } from "./han-ngrams.js";

const grams = (tokens: string[], longest: number) =>
  appendHanNgrams(tokens, longest, []).map((g) => g.slice(HAN_NGRAM_PREFIX.length));

describe("appendHanNgrams", () => {
  it.each([
    { tokens: ["股市", "上涨"], longest: 1, want: ["股", "市", "上", "涨"] },
    { tokens: ["股市", "上涨"], longest: 2, want: ["股", "股市", "市", "市上", "上", "上涨", "涨"] },
    { tokens: ["基金", "3.5%", "收益"], longest: 2, want: ["基", "基金", "金", "收", "收益", "益"] },
    { tokens: ["a股", "大涨"], longest: 2, want: ["大", "大涨", "涨"] },
    { tokens: ["credit", "card"], longest: 2, want: [] },
    { tokens: ["股市"], longest: 0, want: [] },
    { tokens: ["𠀀字"], longest: 2, want: ["𠀀", "𠀀字", "字"] },
  ])("$tokens up to $longest", ({ tokens, longest, want }) => {
    expect(grams(tokens, longest)).toEqual(want);
  });

  it("appends after what `out` holds, with the prefix, and never exceeds the bound", () => {
    const tokens = ["理财产品", "收益", "3%", "稳健"];
    const out = appendHanNgrams(tokens, 2, ["理财产品"]);
    expect(out[0]).toBe("理财产品");
    expect(out[1]).toBe(`${HAN_NGRAM_PREFIX}理`);
    expect(out.length - 1).toBeLessThanOrEqual(hanNgramBound(tokens, 2));
  });
});
