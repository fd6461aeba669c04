import { describe, expect, it } from "vitest";
import {
  characterErrorRate,
  chineseCharacters,
  englishWords,
  levenshtein,
  wordErrorRate,
} from "./error-rate.js";

describe("error rates", () => {
  it.each([
    [[], [], 0],
    [["a"], [], 1],
    [[], ["a", "b"], 2],
    [["k", "i", "t", "t", "e", "n"], ["s", "i", "t", "t", "i", "n", "g"], 3],
    [["a", "b", "c"], ["a", "b", "c"], 0],
    [["a", "b", "c"], ["c", "b", "a"], 2],
  ])("levenshtein(%j, %j) = %d", (reference, hypothesis, distance) => {
    expect(levenshtein(reference, hypothesis)).toBe(distance);
  });

  it("normalises English to lowercase words without punctuation", () => {
    expect(englishWords("Please, STOP calling me — I don’t want it!")).toEqual([
      "please",
      "stop",
      "calling",
      "me",
      "i",
      "don't",
      "want",
      "it",
    ]);
  });

  it.each([
    // one substitution (calling → telling) in 7 words
    ["Please stop calling me about credit cards.", "please stop telling me about credit cards", 1 / 7],
    // substitution + deletion: "what is the rate" vs "what was rate"
    ["What is the rate?", "what was rate", 2 / 4],
    // one insertion
    ["hello world", "hello there world", 1 / 2],
    ["Hello, world!", "hello world", 0],
    ["", "", 0],
    ["yes", "", 1],
  ])("WER(%j, %j) = %d", (reference, hypothesis, expected) => {
    expect(wordErrorRate(reference, hypothesis)).toBeCloseTo(expected, 10);
  });

  it.each([
    // 8 characters once punctuation is gone; 等 → 登 is one substitution
    ["我等了二十分钟了。", "我登了二十分钟了", 1 / 8],
    // 别 deleted, 吗 inserted: 2 edits over 8
    ["别再给我打电话了。", "再给我打电话了吗？", 2 / 8],
    ["这个产品收益率是多少？", "这个 产品, 收益率 是多少", 0],
  ])("CER(%j, %j) = %d", (reference, hypothesis, expected) => {
    expect(characterErrorRate(reference, hypothesis)).toBeCloseTo(expected, 10);
  });

  it("strips Chinese and ASCII punctuation and spaces from characters", () => {
    expect(chineseCharacters("你好，世界! ok")).toEqual(["你", "好", "世", "界", "o", "k"]);
  });
});
