import { describe, expect, it } from "vitest";
import { assertTemplateFields, renderTemplate, templateFields } from "./template.js";

describe("renderTemplate", () => {
  it.each([
    ["Hello {{name}}", { name: "Ada" }, "Hello Ada"],
    ["Hello {{ name }}!", { name: "Ada" }, "Hello Ada!"],
    ["{{a}}{{b}}{{a}}", { a: "1", b: "2" }, "121"],
    ["no placeholders", {}, "no placeholders"],
    ["{{first_name}} {{offer.rate}}", { first_name: "Ada", "offer.rate": "3%" }, "Ada 3%"],
    ["one brace {name} stays", {}, "one brace {name} stays"],
  ])("%j → %j", (text, params, expected) => expect(renderTemplate(text, params)).toBe(expected));

  it("does not render placeholders inside values", () => {
    expect(renderTemplate("Hi {{name}}", { name: "{{secret}}" })).toBe("Hi {{secret}}");
  });

  it("names the unknown placeholder", () => {
    expect(() => renderTemplate("Hi {{nmae}}", { name: "Ada" })).toThrow(/unknown field: nmae/);
    expect(() => renderTemplate("{{a}} {{b}}", {})).toThrow(/unknown fields: a, b/);
  });

  it("does not take inherited properties for fields", () => {
    expect(() => renderTemplate("{{constructor}}", {})).toThrow(/constructor/);
  });

  it.each(["{{}}", "{{first name}}", "{{1st}}"])("rejects malformed %j", (text) =>
    expect(() => renderTemplate(text, {})).toThrow(/not a field name/),
  );
});

describe("templateFields", () => {
  it("lists each field once in order of first use", () => {
    expect(templateFields("{{b}} {{ a }} {{b}}")).toEqual(["b", "a"]);
    expect(templateFields("plain")).toEqual([]);
  });

  it("checks settings against the fields they may use", () => {
    expect(() =>
      assertTemplateFields("{{customerId}}@x.test", ["customerId"], "addressTemplate"),
    ).not.toThrow();
    expect(() => assertTemplateFields("{{id}}@x.test", ["customerId"], "addressTemplate")).toThrow(
      /addressTemplate may only use \{\{customerId\}\}; not id/,
    );
  });
});
