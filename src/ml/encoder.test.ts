import { describe, expect, it } from "vitest";
import { encode, encodedNames, fitEncoder, MIN_LEVEL_COUNT, QUANTILE_BINS } from "./encoder.js";
import { tableOf } from "./test-support/tables.js";

describe("encoder", () => {
  const levels = ["a", "b", "c"];
  const train = tableOf(
    ["n", "cat"],
    Array.from({ length: 30 }, (_, i) => [String(i), levels[i % 3] ?? "a"]),
  );

  it("infers numeric and category columns and sizes the input", () => {
    const encoder = fitEncoder(train, ["n", "cat"]);
    expect(encoder.columns.map((c) => c.type)).toEqual(["numeric", "category"]);
    const numeric = encoder.columns[0];
    if (numeric?.type !== "numeric") throw new Error("numeric");
    expect(numeric.edges.length).toBe(QUANTILE_BINS + 1);
    expect(numeric.missing).toBe(false);
    // z + one slot per bin, then three levels + other
    expect(encoder.width).toBe(1 + QUANTILE_BINS + 4);
    expect(encodedNames(encoder)).toHaveLength(encoder.width);
  });

  it("scales numbers to a clipped z-score and a piecewise-linear code over quantiles", () => {
    const encoder = fitEncoder(train, ["n"]);
    const x = encode(encoder, tableOf(["n"], [["14.5"], ["-1000"], ["1000"]]));
    const w = encoder.width;
    expect(x[0]).toBeCloseTo(0, 6); // 14.5 is the mean of 0…29
    expect(x[w]).toBe(-5); // clipped
    expect(x[2 * w]).toBe(5);
    // the lowest value is below every bin; the highest fills every bin
    expect(Array.from(x.subarray(w + 1, 2 * w))).toEqual(new Array(w - 1).fill(0));
    expect(Array.from(x.subarray(2 * w + 1, 3 * w))).toEqual(new Array(w - 1).fill(1));
    // the middle value fills the lower half of the bins
    const middle = Array.from(x.subarray(1, w));
    expect(middle.filter((v) => v === 1).length).toBeGreaterThanOrEqual(3);
    expect(middle.every((v, i) => i === 0 || v <= (middle[i - 1] as number))).toBe(true);
  });

  it("gives missing numbers an indicator slot when training saw gaps, and zeros elsewhere", () => {
    const withGaps = tableOf(["n"], [["1"], [""], ["3"], ["NA"], ["5"]]);
    const encoder = fitEncoder(withGaps, ["n"]);
    const x = encode(encoder, tableOf(["n"], [[null]]));
    expect(x[encoder.width - 1]).toBe(1);
    expect(Array.from(x.subarray(0, encoder.width - 1)).every((v) => v === 0)).toBe(true);
  });

  it("sends unseen and rare categories to the other slot", () => {
    const rows = [...Array.from({ length: MIN_LEVEL_COUNT }, () => ["x"]), ["rare"]];
    const encoder = fitEncoder(tableOf(["cat"], rows), ["cat"]);
    expect(encodedNames(encoder)).toEqual(["cat=x", "cat=(other)"]);
    const x = encode(encoder, tableOf(["cat"], [["x"], ["rare"], ["never seen"]]));
    expect(Array.from(x)).toEqual([1, 0, 0, 1, 0, 1]);
  });

  it("applies exactly the same transform after a JSON round trip", () => {
    const encoder = fitEncoder(train, ["n", "cat"]);
    const again = JSON.parse(JSON.stringify(encoder));
    expect(encode(again, train)).toEqual(encode(encoder, train));
  });

  it("fails naming a feature column that is not there", () => {
    expect(() => fitEncoder(train, ["nope"])).toThrow(/no column 'nope'/);
    expect(() => fitEncoder(train, [])).toThrow(/no feature columns/);
  });
});
