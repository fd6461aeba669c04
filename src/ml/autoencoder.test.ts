import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../core/index.js";
import {
  type Autoencoder,
  type AutoencoderOptions,
  defaultHidden,
  encodeWithAutoencoder,
  pearson,
  reconstructionCorrelation,
  reviveDeadCodes,
  trainAutoencoder,
} from "./autoencoder.js";
import { Mlp } from "./mlp.js";
import { decodeWeights, encodeWeights } from "./registry.js";

const FACTORS = 3;
const DIMS = 12;

/**
 * rows × 12 z-scored columns, each a noisy function of the same 3 latent normal factors: a third of them
 * linear mixes s, a third tanh(s), a third s²/3 (noise sd 0.1 before standardizing).
 */
function planted(rows: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const mix = Array.from({ length: DIMS * FACTORS }, () => rng.normal());
  const shapes = [(s: number) => s, Math.tanh, (s: number) => (s * s) / 3];
  const x = new Float64Array(rows * DIMS);
  for (let r = 0; r < rows; r++) {
    const factors = Array.from({ length: FACTORS }, () => rng.normal());
    for (let j = 0; j < DIMS; j++) {
      const s = factors.reduce((sum, f, k) => sum + f * (mix[j * FACTORS + k] as number), 0);
      x[r * DIMS + j] = (shapes[j % 3] as (s: number) => number)(s) + rng.normal(0, 0.1);
    }
  }
  return Float32Array.from(standardized(x, rows, DIMS));
}

function standardized(x: Float64Array, rows: number, dims: number): Float64Array {
  for (let j = 0; j < dims; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += x[r * dims + j] as number;
    mean /= rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += ((x[r * dims + j] as number) - mean) ** 2;
    const sd = Math.sqrt(variance / rows);
    for (let r = 0; r < rows; r++) x[r * dims + j] = ((x[r * dims + j] as number) - mean) / sd;
  }
  return x;
}

function expectInvalid(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(isNudgeError(error, "INPUT_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error("expected INPUT_INVALID");
}

describe("autoencoder on 12 columns driven by 3 latent factors", () => {
  const rows = 3000;
  const x = planted(rows, 1);
  const seen: [number, number][] = [];
  const model = trainAutoencoder(x, rows, DIMS, {
    code: FACTORS,
    seed: 1,
    onEpoch: (epoch, correlation) => seen.push([epoch, correlation]),
  });

  it("reaches a held-out correlation of 0.95 with a code of 3, and says so", () => {
    expect(model.reached).toBe(true);
    expect(model.correlation).toBeGreaterThanOrEqual(0.95);
    expect(model.epochs).toBeLessThan(200);
    expect(seen.map(([epoch]) => epoch)).toEqual(Array.from({ length: model.epochs }, (_, i) => i + 1));
    expect(seen.at(-1)?.[1]).toBe(model.correlation); // stopped on the epoch that reached it
    expect(model.shape).toEqual({ inputs: 12, hidden: [24, 3, 24], outputs: 12, output: "linear" });
    expect(model.weights.length).toBe(Mlp.fromParameters(model.shape, model.weights).size());
    expect(reconstructionCorrelation(model, x, rows)).toBeGreaterThan(0.94); // every row, not only held out
  });

  it("gives rows × code features, every code unit active on most rows (no dead units)", () => {
    const features = encodeWithAutoencoder(model, x, rows);
    expect(features.length).toBe(rows * FACTORS);
    for (let k = 0; k < FACTORS; k++) {
      let active = 0;
      for (let r = 0; r < rows; r++) if ((features[r * FACTORS + k] as number) > 0) active++;
      expect(active / rows).toBeGreaterThan(0.5);
    }
    const fresh = planted(10, 2);
    expect(encodeWithAutoencoder(model, fresh, 10).length).toBe(10 * FACTORS);
    expect(encodeWithAutoencoder(model, Float64Array.from(fresh), 10)).toEqual(
      encodeWithAutoencoder(model, fresh, 10),
    );
  });

  it("survives a JSON round trip with its weights encoded as the registry stores them", () => {
    const stored = JSON.parse(JSON.stringify({ ...model, weights: encodeWeights(model.weights) }));
    const loaded: Autoencoder = { ...stored, weights: decodeWeights(stored.weights) };
    expect(loaded).toEqual(model);
    expect(encodeWithAutoencoder(loaded, x.subarray(0, 50 * DIMS), 50)).toEqual(
      encodeWithAutoencoder(model, x.subarray(0, 50 * DIMS), 50),
    );
  });
});

describe("autoencoder", () => {
  const rows = 1000;
  const x = planted(rows, 3);
  const quick: AutoencoderOptions = { code: 2, seed: 1, epochs: 3 };

  it("is deterministic: the same seed and data give the same weights, another seed others", () => {
    const a = trainAutoencoder(x, rows, DIMS, quick);
    const b = trainAutoencoder(x, rows, DIMS, quick);
    expect(b.weights).toEqual(a.weights);
    expect(b.correlation).toBe(a.correlation);
    expect(trainAutoencoder(x, rows, DIMS, { ...quick, seed: 2 }).weights).not.toEqual(a.weights);
  });

  it("stops at a tiny epoch cap with reached: false and the correlation it got", () => {
    const correlations: number[] = [];
    const model = trainAutoencoder(x, rows, DIMS, {
      ...quick,
      epochs: 2,
      onEpoch: (_, c) => correlations.push(c),
    });
    expect(model.reached).toBe(false);
    expect(model.epochs).toBe(2);
    expect(correlations).toHaveLength(2);
    expect(correlations).toContain(model.correlation); // the epoch of lowest held-out loss
    expect(model.correlation).toBeGreaterThan(0);
    expect(model.correlation).toBeLessThan(0.95);
  });

  it("trains on a seeded sample of sampleRows rows", () => {
    const sampled = trainAutoencoder(x, rows, DIMS, { ...quick, sampleRows: 200 });
    expect(trainAutoencoder(x, rows, DIMS, { ...quick, sampleRows: 200 }).weights).toEqual(sampled.weights);
    expect(sampled.weights).not.toEqual(trainAutoencoder(x, rows, DIMS, quick).weights);
    const all = trainAutoencoder(x, rows, DIMS, { ...quick, sampleRows: rows }).weights;
    expect(all).toEqual(trainAutoencoder(x, rows, DIMS, quick).weights); // fewer rows than the default cap
  });

  it("sizes the hidden layers from the code and inputs unless told", () => {
    expect(defaultHidden(3, 12)).toBe(24);
    expect(defaultHidden(3, 100)).toBe(64);
    expect(defaultHidden(40, 100)).toBe(80);
    expect(trainAutoencoder(x, rows, DIMS, { ...quick, epochs: 1, hidden: 5 }).shape.hidden).toEqual([
      5, 2, 5,
    ]);
  });

  it("revives a dead code unit without changing the reconstruction", () => {
    const shape = { inputs: DIMS, hidden: [8, 3, 8], outputs: DIMS, output: "linear" as const };
    const net = Mlp.create(shape, 4);
    const held = { x: x.subarray(0, 200 * DIMS), y: x.subarray(0, 200 * DIMS), rows: 200 };
    const codeLayer = net.layers[1];
    if (!codeLayer) throw new Error("layers");
    codeLayer.b[1] = -1e3; // unit 1 is now 0 on every row
    const before = net.predict(held.x, held.rows);
    expect(reviveDeadCodes(net, held)).toBe(1);
    const code = net.activations(held.x, held.rows, 1);
    const active = Array.from({ length: held.rows }, (_, r) => code[r * 3 + 1] as number).filter(
      (v) => v > 0,
    );
    expect(active.length).toBe(held.rows / 2);
    expect(net.predict(held.x, held.rows)).toEqual(before);
    expect(reviveDeadCodes(net, held)).toBe(0);
  });

  it("measures Pearson correlation over all values", () => {
    const cases: [number[], number[], number][] = [
      [[1, 2, 3], [2, 4, 6], 1],
      [[1, 2, 3], [3, 2, 1], -1],
      [[1, 2, 3], [5, 5, 5], 0],
      [[1, 0, 0, 1], [1, 0, 1, 0], 0],
    ];
    for (const [a, b, expected] of cases) expect(pearson(a, b)).toBeCloseTo(expected, 12);
  });

  const invalid: [string, () => unknown, RegExp][] = [
    ["a code of 0", () => trainAutoencoder(x, rows, DIMS, { ...quick, code: 0 }), /code must be/],
    [
      "a code wider than the inputs",
      () => trainAutoencoder(x, rows, DIMS, { ...quick, code: 13 }),
      /12 inputs/,
    ],
    ["a fractional code", () => trainAutoencoder(x, rows, DIMS, { ...quick, code: 1.5 }), /code must be/],
    [
      "a hidden layer narrower than the code",
      () => trainAutoencoder(x, rows, DIMS, { ...quick, hidden: 1 }),
      /hidden/,
    ],
    [
      "a length that is not rows × dims",
      () => trainAutoencoder(x, rows, DIMS + 1, quick),
      /expected 1000 × 13/,
    ],
    ["too few rows", () => trainAutoencoder(x.subarray(0, 5 * DIMS), 5, DIMS, quick), /at least 20 rows/],
    [
      "a missing value",
      () => trainAutoencoder(Float32Array.from(x).fill(Number.NaN, 30, 31), rows, DIMS, quick),
      /row 2, column 6/,
    ],
    ["zero epochs", () => trainAutoencoder(x, rows, DIMS, { ...quick, epochs: 0 }), /epochs/],
    [
      "a learning rate of 0",
      () => trainAutoencoder(x, rows, DIMS, { ...quick, learningRate: 0 }),
      /learningRate/,
    ],
    [
      "a target above 1",
      () => trainAutoencoder(x, rows, DIMS, { ...quick, targetCorrelation: 1.2 }),
      /targetCorrelation/,
    ],
    ["a tiny sample", () => trainAutoencoder(x, rows, DIMS, { ...quick, sampleRows: 3 }), /sampleRows/],
  ];
  for (const [name, run, message] of invalid)
    it(`refuses ${name} with INPUT_INVALID`, () => {
      expectInvalid(run, message);
    });

  it("refuses to encode rows of another width", () => {
    const model = trainAutoencoder(x, rows, DIMS, { ...quick, epochs: 1 });
    expectInvalid(() => encodeWithAutoencoder(model, x.subarray(0, 11), 1), /expected 1 × 12/);
  });
});
