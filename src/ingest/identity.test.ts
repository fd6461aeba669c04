import { describe, expect, it } from "vitest";
import { maskPii, normalizeIdNumber, normalizeName, normalizePhone, PersonKeyer } from "./identity.js";

const KEY = "test-key-0123456789abcdef";

describe("identity linking", () => {
  it("normalizes the three elements", () => {
    expect(normalizeName(" Zhang  San ")).toBe("zhangsan");
    expect(normalizeName("张 三")).toBe("张三");
    expect(normalizeIdNumber("11010519491231002x")).toBe("11010519491231002X");
    expect(normalizeIdNumber("110105-1949 1231002X")).toBe("11010519491231002X");
    expect(normalizePhone("+86 138-0013-8000")).toBe("13800138000");
    expect(normalizePhone("0086 13800138000")).toBe("13800138000");
    expect(normalizePhone("(351) 912 345 678")).toBe("351912345678");
  });

  it("gives one key to the same person written differently, another to a different person", () => {
    const keyer = new PersonKeyer(KEY);
    const a = keyer.personKey("Zhang San", "11010519491231002x", "+86 138 0013 8000");
    const b = keyer.personKey("zhang  san", "11010519491231002X", "13800138000");
    const c = keyer.personKey("Zhang San", "11010519491231002X", "13800138001");
    expect(a).toMatch(/^[\w-]{22}$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("depends on the secret key and never contains the values", () => {
    const a = new PersonKeyer(KEY).personKey("Li Si", "X1", "555");
    const b = new PersonKeyer(`${KEY}-other`).personKey("Li Si", "X1", "555");
    expect(a).not.toBe(b);
    expect(a).not.toContain("lisi");
  });

  it("answers null when an element is missing", () => {
    expect(new PersonKeyer(KEY).personKey("Li Si", null, "555")).toBeNull();
    expect(new PersonKeyer(KEY).personKey("Li Si", "X1", "---")).toBeNull();
  });

  it("refuses to work without a key", () => {
    expect(() => new PersonKeyer(undefined)).toThrow(/NUDGE_PII_KEY/);
  });

  it("masks for display", () => {
    expect(maskPii("13800138000", 3)).toBe("138*****000");
    expect(maskPii("张三")).toBe("**");
    expect(maskPii("张三丰")).toBe("张*丰");
  });
});
