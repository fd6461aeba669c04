import { describe, expect, it } from "vitest";
import {
  parseBoolean,
  parseDate,
  parseInteger,
  parseMinorUnits,
  parseNumber,
  parseTimestamp,
  parseTimeZone,
  ValueError,
} from "./values.js";

describe("value parsers", () => {
  it.each([
    ["1", true],
    ["yes", true],
    [" TRUE ", true],
    ["0", false],
    ["no", false],
    [false, false],
    [1, true],
  ])("boolean %j → %j", (input, expected) => expect(parseBoolean(input)).toBe(expected));

  it.each(["maybe", "2", ""])("boolean rejects %j", (input) =>
    expect(() => parseBoolean(input)).toThrow(ValueError),
  );

  it.each([
    ["42", 42],
    ["-7", -7],
    [" 3 ", 3],
    [12, 12],
  ])("integer %j → %j", (input, expected) => expect(parseInteger(input)).toBe(expected));

  it.each(["forty", "4.5", "1e3", "99999999999999999999"])("integer rejects %j", (input) =>
    expect(() => parseInteger(input)).toThrow(ValueError),
  );

  it.each([
    ["3.5", 3.5],
    ["-0.25", -0.25],
    ["1e3", 1000],
    [".5", 0.5],
  ])("number %j → %j", (input, expected) => expect(parseNumber(input)).toBe(expected));

  it("money must be whole minor units", () => {
    expect(parseMinorUnits("1250")).toBe(1250);
    expect(() => parseMinorUnits("12.5")).toThrow(/minor units/);
  });

  it.each([
    ["2024-02-29", "2024-02-29"],
    ["2024/3/1", "2024-03-01"],
    ["2024-03-01T10:00:00Z", "2024-03-01"],
  ])("date %j → %j", (input, expected) => expect(parseDate(input)).toBe(expected));

  it.each(["2023-02-29", "01/02/2024", "soon"])("date rejects %j", (input) =>
    expect(() => parseDate(input)).toThrow(ValueError),
  );

  it.each([
    ["2026-03-01T08:00:00+08:00", "2026-03-01T00:00:00.000Z"],
    ["2026-03-01 08:00:00", "2026-03-01T08:00:00.000Z"],
    ["2026-03-01", "2026-03-01T00:00:00.000Z"],
    ["1767225600", "2026-01-01T00:00:00.000Z"],
    [1767225600000, "2026-01-01T00:00:00.000Z"],
  ])("timestamp %j → %j", (input, expected) => expect(parseTimestamp(input)).toBe(expected));

  it.each(["yesterday", "2026-13-01T00:00:00"])("timestamp rejects %j", (input) =>
    expect(() => parseTimestamp(input)).toThrow(ValueError),
  );

  it("time zones come from the IANA database", () => {
    expect(parseTimeZone("Asia/Shanghai")).toBe("Asia/Shanghai");
    expect(() => parseTimeZone("Mars/Olympus")).toThrow(/IANA/);
  });
});
