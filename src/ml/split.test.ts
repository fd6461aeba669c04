import { describe, expect, it } from "vitest";
import { stratifiedSplit } from "./split.js";

describe("stratified split", () => {
  const labels = Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? "1" : "0"));

  it("keeps each stratum's share in every part and uses every row once", () => {
    const split = stratifiedSplit(labels, 7);
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([700, 150, 150]);
    for (const part of [split.train, split.validation, split.test]) {
      const positives = [...part].filter((i) => labels[i] === "1").length;
      expect(positives / part.length).toBeCloseTo(0.1, 2);
    }
  });

  it("gives the same split for the same seed and another for another seed", () => {
    expect(stratifiedSplit(labels, 7)).toEqual(stratifiedSplit(labels, 7));
    expect(stratifiedSplit(labels, 8).test).not.toEqual(stratifiedSplit(labels, 7).test);
  });

  it("refuses shares that do not add up", () => {
    expect(() => stratifiedSplit(labels, 1, { train: 0.5, validation: 0.1, test: 0.1 })).toThrow(
      /add up to 1/,
    );
  });
});
