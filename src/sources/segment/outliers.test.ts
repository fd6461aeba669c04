import { describe, expect, it } from "vitest";
import { cleanColumn, normalInterval, quantile, validateRule } from "./outliers.js";

const column = (...values: number[]) => Float64Array.from(values);
const sorted = (...values: number[]) => column(...values).sort();

describe("normal intervals, computed by hand", () => {
  it("median rule: q ± 3 × 1.4826 × MAD", () => {
    // median 3; |x − 3| = 2,1,0,1,97 → MAD 1 → 3 ± 4.4478
    const { low, high } = normalInterval(sorted(1, 2, 3, 4, 100), { rule: "median", n: 3, m: 1.4826 });
    expect(low).toBeCloseTo(3 - 4.4478, 12);
    expect(high).toBeCloseTo(3 + 4.4478, 12);
  });

  it("median rule with MAD 0 falls back to the scaled mean absolute deviation", () => {
    // median 0, MAD 0; mean |x − 0| = 30 / 8 = 3.75 → spread 3.75 × √(π/2)
    const { high } = normalInterval(sorted(0, 0, 0, 0, 0, 0, 10, 20), { rule: "median", n: 3, m: 1.4826 });
    expect(high).toBeCloseTo(3 * 3.75 * Math.sqrt(Math.PI / 2), 12);
  });

  it("IQR fences with numpy's interpolated quartiles", () => {
    expect(normalInterval(sorted(1, 2, 3, 4, 100), { rule: "iqr", k: 1.5 })).toEqual({ low: -1, high: 7 });
    expect(quantile(sorted(1, 2, 3, 4), 0.25)).toBeCloseTo(1.75, 12);
  });

  it("z-score interval: mean ± k × population standard deviation", () => {
    const { low, high } = normalInterval(sorted(1, 2, 3, 4, 100), { rule: "zscore", k: 3 });
    const sd = Math.sqrt(7610 / 5);
    expect(low).toBeCloseTo(22 - 3 * sd, 10);
    expect(high).toBeCloseTo(22 + 3 * sd, 10);
  });
});

describe("cleanColumn", () => {
  it("replaces an outlier by the mean of the normal values and counts it", () => {
    const values = column(1, 2, 3, 4, 100);
    const report = cleanColumn(values, "income");
    expect([...values]).toEqual([1, 2, 3, 4, 2.5]);
    expect(report).toMatchObject({ feature: "income", outliers: 1, missing: 0, fill: 2.5 });
  });

  it("clips instead when asked", () => {
    const values = column(1, 2, 3, 4, 100);
    cleanColumn(values, "income", { rule: "median", n: 3, m: 1.4826 }, "clip");
    expect(values[4]).toBeCloseTo(7.4478, 12);
  });

  it("fills missing values with the mean of the normal values", () => {
    const values = column(1, Number.NaN, 3, 100, 2, 4);
    const report = cleanColumn(values, "x");
    expect([...values]).toEqual([1, 2.5, 3, 2.5, 2, 4]);
    expect(report).toMatchObject({ outliers: 1, missing: 1 });
  });

  it("keeps a mostly-zero count whole but for its far tail", () => {
    const values = column(0, 0, 0, 0, 0, 0, 10, 20);
    const report = cleanColumn(values, "visits");
    expect(report.outliers).toBe(1);
    expect(values[6]).toBe(10);
    expect(values[7]).toBeCloseTo(10 / 7, 12);
  });

  it("survives a column that is all equal, all missing, or one value", () => {
    const equal = column(5, 5, 5);
    expect(cleanColumn(equal, "a")).toMatchObject({ low: 5, high: 5, outliers: 0, fill: 5 });
    expect([...equal]).toEqual([5, 5, 5]);

    const missing = column(Number.NaN, Number.NaN);
    expect(cleanColumn(missing, "b")).toMatchObject({ low: null, high: null, missing: 2, fill: 0 });
    expect([...missing]).toEqual([0, 0]);

    const one = column(7);
    expect(cleanColumn(one, "c")).toMatchObject({ low: 7, high: 7, outliers: 0 });
    expect(cleanColumn(column(), "d")).toMatchObject({ low: null, outliers: 0, missing: 0 });
  });
});

describe("validateRule", () => {
  it("wants n greater than m, and positive constants", () => {
    expect(() => validateRule({ rule: "median", n: 1, m: 1.4826 })).toThrow(/n \(1\) must be greater than m/);
    expect(() => validateRule({ rule: "iqr", k: 0 })).toThrow(/k must be a positive number/);
    expect(validateRule({ rule: "zscore", k: 3 })).toEqual({ rule: "zscore", k: 3 });
  });
});
