import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../core/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { decodeWeights, encodeWeights, type ModelArtifact, ModelLoader, registerModel } from "./registry.js";

const artifact = (weights: number[]): ModelArtifact => ({
  kind: "propensity",
  name: "bank",
  features: ["age", "job"],
  encoder: { version: 1, columns: [], width: 0 },
  params: { hidden: [4] },
  fingerprint: "sha256:abc",
  metrics: { test: {} },
  weights: Float32Array.from(weights),
});

describe("weights encoding", () => {
  it("round-trips float32 exactly, including extremes", () => {
    const weights = Float32Array.from([0, -0, 1.5, -3.25e-8, 3.4e38, Number.NaN, 1 / 3]);
    expect(decodeWeights(encodeWeights(weights))).toEqual(weights);
  });
  it("refuses truncated weights", () => {
    expect(() => decodeWeights(Buffer.from([1, 2, 3]).toString("base64"))).toThrow(/truncated/);
  });
});

describe.each(storeKinds())("model registry on $name", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => store.close());

  it("versions models by name and loads the latest by name, any by id", async () => {
    const clock = fixedClock("2026-12-01T00:00:00Z");
    const first = await registerModel(store, artifact([1, 2]), clock);
    const second = await registerModel(store, artifact([3, 4, 5]), clock);
    expect([first.id, second.id]).toEqual(["bank-v1", "bank-v2"]);
    const loader = new ModelLoader(store);
    const latest = await loader.stored("bank");
    expect(latest.version).toBe(2);
    expect(Array.from(latest.weights)).toEqual([3, 4, 5]);
    expect(latest.features).toEqual(["age", "job"]);
    expect(latest.fingerprint).toBe("sha256:abc");
    expect(Array.from((await loader.stored("bank-v1")).weights)).toEqual([1, 2]);
  });

  it("builds a model once per id and caches it", async () => {
    const loader = new ModelLoader(store);
    let builds = 0;
    const build = () => ({ built: ++builds });
    const a = await loader.load("bank", build);
    const b = await loader.load("bank", build);
    const c = await loader.load("bank-v2", build);
    expect(builds).toBe(1);
    expect(a).toEqual({ id: "bank-v2", model: { built: 1 } });
    expect(b.model).toBe(a.model);
    expect(c.model).toBe(a.model);
  });

  it("fails clearly for an unknown model or the wrong kind", async () => {
    const loader = new ModelLoader(store);
    await expect(loader.stored("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(loader.stored("bank", "uplift")).rejects.toThrow(/is a propensity model, not uplift/);
  });
});
