import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isNudgeError } from "../../../core/index.js";
import { LANGUAGES, SCENES } from "../dialogue/calls.js";
import { loadLibrary, PRODUCTS, parseLibrary, TONES } from "./library.js";

const good = {
  id: "en-custom-01",
  lang: "en",
  scene: "closing",
  product: null,
  tone: "warm",
  text: "Thank you for your time today.",
};

function refusal(json: unknown): { message: string; details: Record<string, unknown> } {
  try {
    parseLibrary(json);
  } catch (error) {
    if (isNudgeError(error, "INPUT_INVALID")) return { message: error.message, details: error.details };
    throw error;
  }
  throw new Error("the library was accepted");
}

describe("the bundled library", () => {
  const library = loadLibrary();

  it("holds at least 80 scripts, roughly half in each language", () => {
    expect(library.length).toBeGreaterThanOrEqual(80);
    for (const lang of LANGUAGES) {
      const share = library.filter((s) => s.lang === lang).length / library.length;
      expect(share).toBeGreaterThan(0.4);
      expect(share).toBeLessThan(0.6);
    }
  });

  it("covers every scene in both languages, each with a respectful exit or an apology", () => {
    for (const lang of LANGUAGES)
      for (const scene of SCENES) {
        const cell = library.filter((s) => s.lang === lang && s.scene === scene);
        expect(cell.length, `${lang} ${scene}`).toBeGreaterThanOrEqual(4);
        expect(cell.some((s) => s.tone === "respectful_exit" || s.tone === "apologetic")).toBe(true);
      }
  });

  it("uses every tone and every product", () => {
    expect(new Set(library.map((s) => s.tone))).toEqual(new Set(TONES));
    expect(new Set(library.map((s) => s.product).filter((p) => p !== null))).toEqual(new Set(PRODUCTS));
  });

  it("promises no guaranteed return", () => {
    const promise = /(?<!no |not )guaranteed (?:return|yield|gain)|稳赚|保证收益|保本保息/i;
    const offenders = library.filter((s) => promise.test(s.text));
    expect(offenders.map((s) => s.id)).toEqual([]);
  });
});

describe("loadLibrary", () => {
  it("reads a bank's own file", () => {
    const dir = mkdtempSync(join(tmpdir(), "scripts-"));
    const path = join(dir, "bank.json");
    writeFileSync(
      path,
      JSON.stringify([good, { ...good, id: "en-custom-02", lang: "zh", text: "谢谢您。" }]),
    );
    expect(loadLibrary(path).map((s) => s.id)).toEqual(["en-custom-01", "en-custom-02"]);
  });

  it("refuses a missing file and a file that is not JSON", () => {
    expect(() => loadLibrary("/nonexistent/library.json")).toThrow(/cannot read/);
    const dir = mkdtempSync(join(tmpdir(), "scripts-"));
    writeFileSync(join(dir, "broken.json"), "[{");
    expect(() => loadLibrary(join(dir, "broken.json"))).toThrow(/not JSON/);
  });
});

describe("parseLibrary refuses a bad row, naming its index and field", () => {
  it.each([
    ["an unknown tone", { tone: "pushy" }, "tone"],
    ["an unknown scene", { scene: "small_talk" }, "scene"],
    ["an unknown product", { product: "crypto" }, "product"],
    ["another language", { lang: "fr" }, "lang"],
    ["an empty text", { text: "   " }, "text"],
    ["an id that is not a slug", { id: "Script 1" }, "id"],
    ["an extra field", { weight: 2 }, "row"],
  ])("%s", (_, change, field) => {
    const { message, details } = refusal([good, { ...good, id: "en-custom-02", ...change }]);
    expect(details).toMatchObject({ row: 1, field });
    expect(message).toMatch(/row 1/);
    expect(message).toContain(field);
  });

  it("a missing field", () => {
    const { text: _, ...withoutText } = good;
    expect(refusal([withoutText]).details).toMatchObject({ row: 0, field: "text" });
  });

  it("a duplicate id", () => {
    const { message, details } = refusal([good, { ...good }]);
    expect(details).toMatchObject({ row: 1, field: "id" });
    expect(message).toMatch(/duplicates the id of row 0/);
  });

  it("a library that is not an array, or empty", () => {
    expect(refusal({ scripts: [good] }).message).toMatch(/JSON array/);
    expect(refusal([]).message).toMatch(/no scripts/);
  });
});
