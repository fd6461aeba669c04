import { describe, expect, it } from "vitest";
import { Rng } from "../core/index.js";
import { rocAuc } from "./metrics.js";
import { Mlp, Scratch } from "./mlp.js";
import { type Matrix, trainMlp } from "./train.js";

/** Loss of the net on a batch, for finite differences. */
function lossOf(net: Mlp, x: Float64Array, y: Float64Array, rows: number): number {
  const scratch = new Scratch(net, rows);
  net.forward(x, rows, scratch);
  return net.backward(y, rows, scratch, net.zerosLike());
}

describe("MLP", () => {
  it("back-propagates the exact gradient: every parameter agrees with central finite differences", () => {
    const rows = 7;
    const net = Mlp.create({ inputs: 5, hidden: [6, 4], outputs: 3 }, 11, "float64");
    const rng = new Rng(3);
    // Some exact zeros, as one-hot inputs have, exercise the skip-zero paths.
    const x = Float64Array.from({ length: rows * 5 }, () => (rng.chance(0.3) ? 0 : rng.normal()));
    const y = Float64Array.from({ length: rows * 3 }, () => (rng.chance(0.5) ? 1 : 0));
    const scratch = new Scratch(net, rows);
    const gradients = net.zerosLike();
    net.forward(x, rows, scratch);
    net.backward(y, rows, scratch, gradients);
    const h = 1e-6;
    let checked = 0;
    for (let l = 0; l < net.layers.length; l++) {
      const layer = net.layers[l];
      const grad = gradients[l];
      if (!layer || !grad) throw new Error("layers");
      for (const [params, analytic] of [
        [layer.w, grad.w],
        [layer.b, grad.b],
      ] as const) {
        for (let i = 0; i < params.length; i++) {
          const keep = params[i] as number;
          params[i] = keep + h;
          const up = lossOf(net, x, y, rows);
          params[i] = keep - h;
          const down = lossOf(net, x, y, rows);
          params[i] = keep;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(numeric - (analytic[i] as number))).toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
          checked++;
        }
      }
    }
    expect(checked).toBe(net.size());
  });

  it("learns a non-linear multi-label rule and generalizes to rows it never saw", () => {
    const rng = new Rng(5);
    const make = (rows: number): Matrix => {
      const x = new Float32Array(rows * 4);
      const y = new Float32Array(rows * 2);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < 4; i++) x[r * 4 + i] = rng.normal();
        const a = x[r * 4] as number;
        const b = x[r * 4 + 1] as number;
        y[r * 2] = a * b > 0 ? 1 : 0; // XOR of signs: no linear model can
        y[r * 2 + 1] = (x[r * 4 + 2] as number) > 0.5 ? 1 : 0;
      }
      return { x, y, rows };
    };
    const train = make(4000);
    const test = make(1000);
    const result = trainMlp(train, make(500), {
      hidden: [16, 8],
      epochs: 60,
      batchSize: 64,
      learningRate: 0.01,
      l2: 0,
      patience: 10,
      tolerance: 1e-4,
      seed: 1,
    });
    const p = result.net.predict(test.x, test.rows);
    for (const k of [0, 1]) {
      const labels = Array.from({ length: test.rows }, (_, r) => test.y[r * 2 + k] as number);
      const scores = Array.from({ length: test.rows }, (_, r) => p[r * 2 + k] as number);
      expect(rocAuc(labels, scores)).toBeGreaterThan(0.95);
    }
    expect(result.bestEpoch).toBeGreaterThan(0);
    expect(result.history.length).toBe(result.epochs);
  });

  it("gives the same net for the same seed, and round-trips its parameters", () => {
    const rng = new Rng(9);
    const rows = 300;
    const data: Matrix = {
      x: Float32Array.from({ length: rows * 3 }, () => rng.normal()),
      y: Float32Array.from({ length: rows }, () => (rng.chance(0.3) ? 1 : 0)),
      rows,
    };
    const options = {
      hidden: [8],
      epochs: 5,
      batchSize: 32,
      learningRate: 1e-3,
      l2: 1e-4,
      patience: 3,
      tolerance: 0,
      seed: 42,
    };
    const a = trainMlp(data, data, options).net;
    const b = trainMlp(data, data, options).net;
    expect(a.parameters()).toEqual(b.parameters());
    const c = trainMlp(data, data, { ...options, seed: 43 }).net;
    expect(c.parameters()).not.toEqual(a.parameters());
    const copy = Mlp.fromParameters(a.shape, a.parameters());
    expect(copy.predict(data.x, rows)).toEqual(a.predict(data.x, rows));
  });
});
