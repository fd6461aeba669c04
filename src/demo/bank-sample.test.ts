import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { bankSample, parseBankSample } from "./bank-sample.js";
import { population } from "./people.js";
import { SEGMENTS } from "./segments.js";

describe("bank sample", () => {
  it("ships 2,000 real profiles in a small file, enough of them for every segment", () => {
    const sample = bankSample();
    expect(sample).toHaveLength(2000);
    expect(statSync(new URL("./data/bank-sample.csv", import.meta.url)).size).toBeLessThan(150_000);
    const { pools } = population(Date.UTC(2026, 9, 31), sample);
    for (const [i, segment] of SEGMENTS.entries()) expect(pools[i]!.length, segment.name).toBeGreaterThan(50);
  });

  it("parses profiles and refuses a file of another shape", () => {
    const [row] = parseBankSample(
      "age,job,marital,education,default,balance,housing,loan\n58,management,married,tertiary,no,2143,yes,no\n",
    );
    expect(row).toEqual({
      age: 58,
      job: "management",
      marital: "married",
      education: "tertiary",
      hasDefault: false,
      balance: 2143,
      housingLoan: true,
      personalLoan: false,
    });
    expect(() => parseBankSample("a;b\n1;2")).toThrow(/unexpected header/);
  });
});
