import { describe, expect, it } from "vitest";
import { Rng } from "../core/index.js";
import { fakeIdentity, hongKongCheck, mainlandCheck, portugalCheck, singaporeCheck } from "./identifiers.js";
import { REGIONS } from "./regions.js";

describe("fake identifiers", () => {
  it("compute the check characters of published sample numbers", () => {
    const cases: [string, string][] = [
      [mainlandCheck("11010519491231002"), "X"],
      [mainlandCheck("44052418800101001"), "4"],
      [hongKongCheck("A", "123456"), "3"],
      [hongKongCheck("G", "123456"), "A"],
      [singaporeCheck("S", "1234567"), "D"],
      [singaporeCheck("S", "0000001"), "I"],
      [portugalCheck("12345678"), "9"],
      [portugalCheck("50196484"), "3"],
    ];
    for (const [computed, expected] of cases) expect(computed).toBe(expected);
  });

  it("follow each region's format, with the birth date and sex in a mainland ID number", () => {
    const rng = new Rng(5);
    const formats: Record<string, RegExp> = {
      cn: /^\d{6}(19|20)\d{2}\d{4}\d{3}[\dX]$/,
      hk: /^[A-Z]\d{6}\([\dA]\)$/,
      sg: /^[ST]\d{7}[A-Z]$/,
      pt: /^[12]\d{8}$/,
    };
    for (const region of REGIONS) {
      for (const female of [true, false]) {
        const id = fakeIdentity(
          rng,
          region.style,
          female,
          { year: 1985, month: 3, day: 9 },
          region.areaCodes,
        );
        expect(id.idNumber, region.name).toMatch(formats[region.style]!);
        expect(id.name.length).toBeGreaterThan(1);
        expect(id.phone.replace(/\D/g, "").length).toBeGreaterThanOrEqual(8);
        if (region.style === "cn") {
          expect(id.idNumber.slice(6, 14)).toBe("19850309");
          expect(Number(id.idNumber[16]) % 2).toBe(female ? 0 : 1);
          expect(mainlandCheck(id.idNumber)).toBe(id.idNumber[17]);
          expect(id.phone).toMatch(/^1\d{10}$/);
        }
      }
    }
  });
});
