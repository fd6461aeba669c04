import { describe, expect, it } from "vitest";
import { detectLanguage, hasRepetition, type LexiconLabel, lexiconEmotion } from "./index.js";

describe("lexiconEmotion", () => {
  it.each<[string, LexiconLabel]>([
    ["满意", "positive"],
    ["不满意", "negative"],
    ["非常不满意", "negative"],
    ["我并不满意", "negative"],
    ["不太满意", "negative"],
    ["这个产品挺靠谱的", "positive"],
    ["利率很划算", "positive"],
    ["太贵了，不划算", "negative"],
    ["没问题", "positive"],
    ["good", "positive"],
    ["not good", "negative"],
    ["not bad", "positive"],
    ["very bad", "negative"],
    ["I don't think it's good", "negative"],
    ["no problem", "positive"],
    ["a bit expensive", "negative"],
  ])("%s → %s", (text, label) => {
    expect(lexiconEmotion(text).label).toBe(label);
  });

  it("orders the Chinese satisfaction ladder: 非常不满意 < 不满意 < 不太满意 < 不是不满意 < 满意", () => {
    const score = (text: string) => lexiconEmotion(text).score;
    expect(score("非常不满意")).toBeLessThan(score("不满意"));
    expect(score("不满意")).toBeLessThan(score("不太满意"));
    expect(score("不太满意")).toBeLessThan(0);
    expect(score("不是不满意")).toBeGreaterThan(0);
    expect(score("不是不满意")).toBeLessThan(score("满意"));
  });

  it("scores 不满意 negative both as one lexicon phrase and through negation of 满意", () => {
    const phrase = lexiconEmotion("不满意");
    expect(phrase.hits).toEqual([
      { word: "不满意", weight: -3, negated: false, degree: 1, irritation: false },
    ]);
    const negated = lexiconEmotion("我并不满意");
    expect(negated.hits).toMatchObject([{ word: "满意", negated: true }]);
    expect(negated.score).toBeLessThan(0);
  });

  it("orders the English ladder: very bad < not good < neutral < not bad < good", () => {
    const score = (text: string) => lexiconEmotion(text).score;
    expect(score("very bad")).toBeLessThan(score("not good"));
    expect(score("not good")).toBeLessThan(0);
    expect(score("not bad")).toBeGreaterThan(0);
    expect(score("not bad")).toBeLessThan(score("good"));
  });

  it("scales by degree words and softens a negated intensifier", () => {
    expect(lexiconEmotion("extremely good").score).toBeGreaterThan(lexiconEmotion("good").score);
    expect(lexiconEmotion("我对你们的服务非常满意").hits[0]?.degree).toBe(1.8);
    expect(lexiconEmotion("not very good").hits[0]).toMatchObject({ negated: true });
    expect(lexiconEmotion("not very good").hits[0]?.degree).toBeLessThan(1);
  });

  it.each([
    "别再打了，烦不烦！",
    "你们这是骚扰，我要投诉",
    "滚！",
    "受够了",
    "It's a scam!!",
    "This is ridiculous, stop calling me.",
    "No, no, no, stop calling me",
    "I'm really annoyed, stop calling!",
  ])("%s → irritated", (text) => {
    const result = lexiconEmotion(text);
    expect(result.label).toBe("irritated");
    expect(result.score).toBeLessThan(-0.5);
  });

  it("keeps plain negative text without irritation signs negative", () => {
    expect(lexiconEmotion("有点贵").label).toBe("negative");
    expect(lexiconEmotion("I'm a bit worried about the risk").label).toBe("negative");
  });

  it.each([
    "我想了解一下这个产品的期限",
    "这个理财的风险等级是多少？",
    "年化3.5%，期限两年",
    "What is the term of this deposit?",
    "I'd like to know the interest rate",
    "The rate is 3.5% for two years.",
    "Good morning, this is Helen.",
  ])("%s → neutral, no hits", (text) => {
    const result = lexiconEmotion(text);
    expect(result).toMatchObject({ label: "neutral", score: 0, intensity: 0, hits: [] });
  });

  it("raises intensity with exclamation marks, not the score", () => {
    const calm = lexiconEmotion("stop calling me");
    const loud = lexiconEmotion("stop calling me!!!");
    expect(loud.score).toBe(calm.score);
    expect(loud.intensity).toBeGreaterThan(calm.intensity);
    expect(loud.intensity).toBeLessThanOrEqual(1);
  });

  it("damps sentiment words inside a question", () => {
    expect(Math.abs(lexiconEmotion("Is it good?").score)).toBeLessThan(lexiconEmotion("It is good.").score);
  });

  it("detects the language by the share of Han characters, and accepts it given", () => {
    expect(detectLanguage("我想买fund")).toBe("zh");
    expect(detectLanguage("I want the 灯塔 savings account")).toBe("en");
    expect(detectLanguage("")).toBe("en");
    expect(lexiconEmotion("满意").lang).toBe("zh");
    expect(lexiconEmotion("满意", "en").hits).toEqual([]);
  });
});

describe("hasRepetition", () => {
  it.each<[string[], boolean]>([
    [["no", "no"], true],
    [["别", "打", "了", "别", "打", "了"], true],
    [["stop", "calling", "me"], false],
    [[], false],
  ])("%j → %s", (tokens, repeated) => {
    expect(hasRepetition(tokens)).toBe(repeated);
  });
});
