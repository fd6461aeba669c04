import { describe, expect, it } from "vitest";
import {
  attributeNameProblem,
  convertAttribute,
  inferAttributeType,
  parseAttributeDeclarations,
} from "./attributes.js";

describe("attribute types", () => {
  it.each([
    [["1", "-20", ""], "integer"],
    [["0", "1"], "integer"],
    [["1.5", "2"], "number"],
    [["yes", "no", "NO"], "boolean"],
    [[true, false], "boolean"],
    [["2020-01-01", "2021-12-31"], "date"],
    [["admin.", "3"], "string"],
    [["", null], "string"],
    [["2020-02-30"], "string"],
  ])("infers %j as %s", (samples, type) => expect(inferAttributeType(samples)).toBe(type));

  it("converts to the declared type or refuses", () => {
    expect(convertAttribute("integer", " 42 ")).toBe(42);
    expect(convertAttribute("boolean", "yes")).toBe(true);
    expect(() => convertAttribute("integer", "forty")).toThrow(/not a whole number/);
    expect(() => convertAttribute("string", "x".repeat(2000))).toThrow(/at most 1024/);
  });

  it("checks names and parses declarations", () => {
    expect(attributeNameProblem("balance")).toBeNull();
    expect(attributeNameProblem("收入")).toBeNull();
    expect(attributeNameProblem("a b")).toMatch(/not a usable/);
    expect(parseAttributeDeclarations(["balance:integer", "vip: boolean"])).toEqual(
      new Map([
        ["balance", "integer"],
        ["vip", "boolean"],
      ]),
    );
    expect(() => parseAttributeDeclarations(["x:float"])).toThrow(/name:type/);
  });
});
