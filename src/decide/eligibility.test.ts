import { describe, expect, it } from "vitest";
import { evaluateRule, ruleData, validateRule } from "./eligibility.js";
import type { Proposal, Subject } from "./types.js";

const subject: Subject = {
  customerId: "c1",
  tz: "Asia/Shanghai",
  riskTolerance: 3,
  consents: { email: true },
  facts: { age: 34, region: "east", tags: { interest: ["fund", "bond"], segment: "affluent" } },
};

const proposal: Proposal = {
  candidateId: null,
  offerId: "fund-a",
  offerKind: "product",
  source: "propensity",
  score: 0.7,
  value: 100_000,
  category: "fund",
  riskLevel: 3,
  persuadable: null,
  cost: 0,
  modelId: null,
  reason: "",
};

const data = ruleData(subject, proposal);

describe("evaluateRule", () => {
  it.each([
    ["adults", { ">=": [{ var: "age" }, 18] }, true],
    ["region", { "==": [{ var: "region" }, "west"] }, false],
    ["tag list", { in: ["fund", { var: "tags.interest" }] }, true],
    ["tag value", { "==": [{ var: "tags.segment" }, "affluent"] }, true],
    [
      "offer",
      { and: [{ "==": [{ var: "offer.category" }, "fund"] }, { "<=": [{ var: "offer.riskLevel" }, 3] }] },
      true,
    ],
    ["offer value", { ">": [{ var: "offer.value" }, 1_000_000] }, false],
    ["offer source", { "==": [{ var: "offer.source" }, "propensity"] }, true],
    ["missing fact with default", { "==": [{ var: ["income", 0] }, 0] }, true],
    ["missing", { missing: ["age", "income"] }, true],
    ["missing_some", { missing_some: [1, ["age", "income"]] }, false],
    ["some", { some: [{ var: "tags.interest" }, { "==": [{ var: "" }, "bond"] }] }, true],
    ["empty array is false", { filter: [{ var: "tags.interest" }, { "==": [{ var: "" }, "gold"] }] }, false],
    ["literal true", true, true],
  ])("%s", (_, rule, expected) => {
    expect(evaluateRule(rule, data)).toBe(expected);
  });

  it.each([
    "__proto__",
    "constructor",
    "prototype",
    "tags.__proto__",
    "tags.interest.constructor",
    "region.constructor",
    "age.constructor",
    "toString",
    "tags.interest.map",
    "constructor.constructor",
  ])("var %s never reaches the object model", (path) => {
    expect(evaluateRule({ "===": [{ var: path }, null] }, data)).toBe(true);
    expect(evaluateRule({ missing: [path] }, data)).toBe(true);
  });

  it("var cannot be steered to a prototype by a computed path either", () => {
    expect(evaluateRule({ "===": [{ var: { cat: ["__pro", "to__"] } }, null] }, data)).toBe(true);
    expect(evaluateRule({ "===": [{ var: { cat: ["constr", "uctor"] } }, null] }, data)).toBe(true);
  });

  it("reads own properties that happen to look like data (length, array indexes)", () => {
    expect(evaluateRule({ "==": [{ var: "tags.interest.1" }, "bond"] }, data)).toBe(true);
    expect(evaluateRule({ "==": [{ var: "tags.interest.length" }, 2] }, data)).toBe(true);
  });

  it("reads an own 'constructor' key in the facts as null too", () => {
    const facts = JSON.parse('{"constructor": "yes", "__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(evaluateRule({ "===": [{ var: "constructor" }, null] }, facts)).toBe(true);
    expect(evaluateRule({ "===": [{ var: "__proto__.x" }, null] }, facts)).toBe(true);
  });

  it("runs var inside map and reduce on the scoped data, safely", () => {
    const rule = {
      "==": [
        { reduce: [{ var: "tags.interest" }, { cat: [{ var: "accumulator" }, { var: "current" }] }, ""] },
        "fundbond",
      ],
    };
    expect(evaluateRule(rule, data)).toBe(true);
    const sneaky = { some: [{ var: "tags.interest" }, { "!==": [{ var: "constructor" }, null] }] };
    expect(evaluateRule(sneaky, data)).toBe(false);
  });

  it("refuses to run an invalid rule", () => {
    expect(() => evaluateRule({ eval: ["1"] }, data)).toThrow(/unknown operator "eval"/);
  });
});

describe("validateRule", () => {
  it.each([
    [{ foo: [1, 2] }, /unknown operator "foo"$/],
    [{ and: [true, { "==": [{ vr: "age" }, 1] }] }, /unknown operator "vr" at and\[1\]\.==\[0\]/],
    [{ log: { var: "age" } }, /"log" \(log is not allowed/],
    [{ "nudge:var": "age" }, /unknown operator "nudge:var"/],
    [{ "Math.max": [1, 2] }, /unknown operator "Math.max"/],
    [{ a: 1, b: 2 }, /exactly one operator, found "a", "b"/],
    [{}, /exactly one operator, found none/],
    [{ "==": [Number.NaN, 1] }, /NaN is not a JSON number/],
    [() => true, /a function is not JsonLogic/],
    [new Date(), /a non-JSON object is not JsonLogic/],
    [undefined, /undefined is not JsonLogic/],
  ])("rejects %j", (rule, message) => {
    expect(() => validateRule(rule)).toThrow(message);
  });

  it("throws NudgeError INPUT_INVALID", () => {
    expect(() => validateRule({ foo: 1 })).toThrow(expect.objectContaining({ code: "INPUT_INVALID" }));
  });

  it.each([
    [{ ">=": [{ var: "age" }, 18] }],
    [{ if: [{ var: "age" }, "a", "b"] }],
    [{ "?:": [true, 1, 2] }],
    [{ substr: ["abc", 1] }],
    [{ merge: [[1], [2]] }],
    [{ "!": [{ "!!": [{ var: "x" }] }] }],
    [true],
    [null],
    ["text"],
  ])("accepts %j", (rule) => {
    expect(() => validateRule(rule)).not.toThrow();
  });
});
