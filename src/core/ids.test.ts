import { describe, expect, it } from "vitest";
import { contentId, newId } from "./ids.js";

describe("newId", () => {
  it("is the prefix and 20 hex digits, and never repeats, across many refills of its pool", () => {
    const ids = Array.from({ length: 5_000 }, () => newId("dec"));
    for (const id of ids) expect(id).toMatch(/^dec_[0-9a-f]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("contentId", () => {
  it("is the same for the same parts and differs when a part moves or is missing", () => {
    expect(contentId("ev", ["a", 1, null])).toBe(contentId("ev", ["a", 1, null]));
    expect(contentId("ev", ["a", 1, null])).not.toBe(contentId("ev", [1, "a", null]));
    expect(contentId("ev", ["a", null])).not.toBe(contentId("ev", ["a", ""]));
    expect(contentId("ev", ["a"])).toMatch(/^ev_[0-9a-f]{24}$/);
  });
});
