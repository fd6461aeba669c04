import { describe, expect, it } from "vitest";
import { distinctDrivers } from "./scorer.js";

describe("distinctDrivers", () => {
  it("names each fact once: a profile field and the tag copied from it read the same", () => {
    const drivers = [
      { feature: "risk_tolerance", value: 5, effect: 0.031 },
      { feature: "tag.risk_tolerance", value: 5, effect: 0.029 },
      { feature: "subsidiary", value: "securities", effect: 0.02 },
      { feature: "tag.interest=fund", value: 2, effect: 0.01 },
      { feature: "age", value: 22, effect: 0.005 },
    ];
    const kept = distinctDrivers(drivers, 3);
    expect(kept.map((d) => d.text)).toEqual([
      "risk_tolerance = 5",
      "subsidiary = securities",
      "interest: fund",
    ]);
    expect(kept.map((d) => d.driver.feature)).toEqual(["risk_tolerance", "subsidiary", "tag.interest=fund"]);
  });

  it("keeps different values of one feature name apart, and stops at the limit", () => {
    const drivers = [
      { feature: "tag.interest=fund", value: 1, effect: 0.2 },
      { feature: "tag.interest=loan", value: 1, effect: 0.1 },
      { feature: "age", value: 40, effect: 0.05 },
    ];
    expect(distinctDrivers(drivers, 2).map((d) => d.driver.feature)).toEqual([
      "tag.interest=fund",
      "tag.interest=loan",
    ]);
    expect(distinctDrivers([], 3)).toEqual([]);
  });
});
