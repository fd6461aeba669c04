import { describe, expect, it } from "vitest";
import { isQuestion, relationOf, type SentenceRelation } from "./index.js";

describe("relationOf", () => {
  it.each<[string | undefined, string, SentenceRelation]>([
    [undefined, "你好，请问是哪里？", "question"],
    [undefined, "喂，你好。", "statement"],
    ["这个产品期限三年。", "那利率呢？", "follow_up"],
    ["三年期的年化是百分之三。", "五年的呢", "follow_up"],
    ["你们的费率是多少？", "那三年期的收益多少？", "follow_up"],
    ["您现在方便说话吗？", "方便，你说吧。", "answer"],
    ["请问您考虑得怎么样了？", "我还在考虑呢", "answer"],
    [undefined, "我还在考虑呢", "statement"],
    [undefined, "这个能不能提前取", "question"],
    [undefined, "收益大概多少", "question"],
    [undefined, "谁知道你是不是真的银行。", "statement"],
    ["我给您介绍一下这款存单", "好的你说", "statement"],
    [undefined, "What's the APY on the CD?", "question"],
    ["I'd like to tell you about our CD", "how long is the term", "question"],
    ["The fee is one percent.", "What about the lock-up period?", "follow_up"],
    ["It's FDIC insured.", "and is there a penalty for early withdrawal", "follow_up"],
    ["Is the rate fixed?", "Yes, it's fixed for two years.", "answer"],
    ["Do you have a minute?", "Sure, go ahead", "answer"],
    [undefined, "can't talk now, I'm driving", "statement"],
    [undefined, "It's insured, right", "question"],
    ["", "Hello, this is Mark speaking.", "statement"],
  ])("%s / %s → %s", (previous, text, relation) => {
    expect(relationOf(previous, text)).toBe(relation);
  });
});

describe("isQuestion", () => {
  it.each<[string, boolean]>([
    ["这个产品保本吗", true],
    ["那利率呢", true],
    ["我忙着呢", false],
    ["有没有手续费", true],
    ["没什么事了", false],
    ["年化3.5%。", false],
    ["Is it safe", true],
    ["I think it's safe", false],
  ])("%s → %s", (text, question) => {
    expect(isQuestion(text)).toBe(question);
  });
});
