import { describe, expect, it } from "vitest";
import { withDefaults } from "./defaults.js";

describe("withDefaults", () => {
  it("keeps a default where the option is absent or undefined, and leaves out keys the defaults lack", () => {
    const defaults = { epochs: 200, rate: 0.01, name: "m" };
    const options = { epochs: 5, rate: undefined, seed: 3 };
    expect(withDefaults(defaults, options)).toEqual({ epochs: 5, rate: 0.01, name: "m" });
    expect(defaults).toEqual({ epochs: 200, rate: 0.01, name: "m" });
  });
  it("takes falsy values that are given", () => {
    expect(withDefaults({ l2: 1e-3, write: true }, { l2: 0, write: false })).toEqual({ l2: 0, write: false });
  });
});
