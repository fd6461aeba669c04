import { describe, expect, it } from "vitest";
import { Rng } from "../core/index.js";
import { type Engine, type FloatArray, jsEngine, wasmAvailable } from "./engine.js";
import { rocAuc } from "./metrics.js";
import { Mlp, Scratch } from "./mlp.js";
import { type LogitLoss, type Matrix, meanLoss, trainMlp } from "./train.js";

/** Loss of the net on a batch, for finite differences. */
function lossOf(net: Mlp, x: Float64Array, y: Float64Array, rows: number): number {
  const scratch = new Scratch(net, rows);
  net.forward(x, rows, scratch);
  return net.backward(y, rows, scratch, net.zerosLike());
}

describe("MLP", () => {
  it("back-propagates the exact gradient: every parameter agrees with central finite differences", () => {
    const rows = 7;
    const net = Mlp.create({ inputs: 5, hidden: [6, 4], outputs: 3 }, 11, jsEngine);
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

describe("WASM SIMD engine", () => {
  const shape = { inputs: 7, hidden: [9, 5], outputs: 3 }; // widths not multiples of 4: tails run too
  const rows = 6;
  const rng = new Rng(21);
  const x = Float64Array.from({ length: rows * shape.inputs }, () => (rng.chance(0.3) ? 0 : rng.normal()));
  const y = Float64Array.from({ length: rows * shape.outputs }, () => (rng.chance(0.4) ? 1 : 0));

  // WASM engine memory is never freed: allocate a net's working arrays once.
  const work = new WeakMap<Mlp, { scratch: Scratch; gradients: ReturnType<Mlp["zerosLike"]> }>();
  function gradientsOn(net: Mlp): { loss: number; flat: number[] } {
    const arrays = work.get(net) ?? { scratch: new Scratch(net, rows), gradients: net.zerosLike() };
    work.set(net, arrays);
    const { scratch, gradients } = arrays;
    net.forward(x, rows, scratch);
    const loss = net.backward(y, rows, scratch, gradients);
    return { loss, flat: gradients.flatMap((g) => [...g.w, ...g.b]) };
  }

  it("computes what the float64 reference computes, to float32 precision", () => {
    expect(wasmAvailable()).toBe(true);
    const reference = Mlp.create(shape, 4, jsEngine);
    const simd = Mlp.create(shape, 4, Mlp.engineFor(shape, rows));
    expect(simd.engine.name).toBe("wasm");
    simd.load(reference.parameters());
    reference.load(simd.parameters()); // both now hold the same float32-representable numbers
    const a = gradientsOn(reference);
    const b = gradientsOn(simd);
    expect(b.loss).toBeCloseTo(a.loss, 5);
    b.flat.forEach((g, i) => {
      expect(Math.abs(g - (a.flat[i] as number))).toBeLessThan(1e-5 + 1e-4 * Math.abs(g));
    });
    const p = simd.predict(Float32Array.from(x), rows);
    const q = reference.predict(Float32Array.from(x), rows);
    p.forEach((v, i) => {
      expect(v).toBeCloseTo(q[i] as number, 5);
    });
  });

  it("passes a finite-difference gradient check at float32 precision", () => {
    const net = Mlp.create(shape, 8, Mlp.engineFor(shape, rows));
    const { flat } = gradientsOn(net);
    const h = 1e-2;
    let at = 0;
    for (const layer of net.layers)
      for (const params of [layer.w, layer.b])
        for (let i = 0; i < params.length; i++, at++) {
          const keep = params[i] as number;
          params[i] = keep + h;
          const up = gradientsOn(net).loss;
          params[i] = keep - h;
          const down = gradientsOn(net).loss;
          params[i] = keep;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(numeric - (flat[at] as number))).toBeLessThan(2e-4 + 2e-2 * Math.abs(numeric));
        }
    expect(at).toBe(net.size());
  });

  it("takes the same Adam step as the reference", () => {
    const n = 11;
    const make = (engine: Engine) => {
      const arrays = [0, 1, 2, 3].map(() => engine.array(n));
      arrays.forEach((a, k) => {
        for (let i = 0; i < n; i++)
          a[i] = Math.fround(k === 3 ? Math.abs(Math.sin(i * 7 + k)) : Math.sin(i * 7 + k)); // v ≥ 0
      });
      return arrays as [FloatArray, FloatArray, FloatArray, FloatArray];
    };
    const step = { rate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 1e-3 };
    const [p, g, m, v] = make(jsEngine);
    jsEngine.adam(p, g, m, v, step);
    const wasm = Mlp.engineFor(shape, 1);
    const [p2, g2, m2, v2] = make(wasm);
    wasm.adam(p2, g2, m2, v2, step);
    for (let i = 0; i < n; i++) {
      expect(p2[i]).toBeCloseTo(p[i] as number, 5);
      expect(m2[i]).toBeCloseTo(m[i] as number, 5);
      expect(v2[i]).toBeCloseTo(v[i] as number, 5);
    }
  });
});

describe("compiled kernels", () => {
  it("are the compilation of kernels.wat as it stands (run npm run build:wasm after editing it)", async () => {
    const { readFileSync } = await import("node:fs");
    const wabt = (await import("wabt")).default;
    const source = readFileSync(new URL("./kernels.wat", import.meta.url), "utf8");
    const module = (await wabt()).parseWat("kernels.wat", source, { simd: true, bulk_memory: true });
    const { KERNELS_WASM } = await import("./kernels-wasm.js");
    expect(Buffer.from(module.toBinary({}).buffer).toString("base64")).toBe(KERNELS_WASM);
  });
});

/** Checks every analytic gradient of the net on (x, y) against central differences of step h. */
function expectFiniteDifferenceGradient(
  net: Mlp,
  x: FloatArray,
  y: FloatArray,
  rows: number,
  h: number,
  tolerance: { absolute: number; relative: number },
): void {
  // One scratch and one gradient set per net: WASM engine memory is never freed.
  const scratch = new Scratch(net, rows);
  const gradients = net.zerosLike();
  const lossNow = () => {
    net.forward(x, rows, scratch);
    return net.backward(y, rows, scratch, gradients);
  };
  lossNow();
  const analytic = gradients.flatMap((g) => [...g.w, ...g.b]);
  let at = 0;
  for (const layer of net.layers)
    for (const params of [layer.w, layer.b])
      for (let i = 0; i < params.length; i++, at++) {
        const keep = params[i] as number;
        params[i] = keep + h;
        const up = lossNow();
        params[i] = keep - h;
        const down = lossNow();
        params[i] = keep;
        const numeric = (up - down) / (2 * h);
        const error = Math.abs(numeric - (analytic[at] as number));
        expect(error).toBeLessThan(tolerance.absolute + tolerance.relative * Math.abs(numeric));
      }
  expect(at).toBe(net.size());
}

describe("MLP with linear outputs (squared error)", () => {
  const shape = { inputs: 7, hidden: [9, 5], outputs: 3, output: "linear" as const };
  const rows = 6;
  const rng = new Rng(31);
  const x = Float64Array.from({ length: rows * shape.inputs }, () => (rng.chance(0.3) ? 0 : rng.normal()));
  const y = Float64Array.from({ length: rows * shape.outputs }, () => rng.normal(0.5, 2)); // not 0/1

  it("back-propagates the exact gradient of ½·mean squared error (float64 reference engine)", () => {
    const net = Mlp.create(shape, 12, jsEngine);
    expectFiniteDifferenceGradient(net, x, y, rows, 1e-6, { absolute: 1e-7, relative: 1e-5 });
  });

  it("passes the same check on the WASM engine at float32 precision", () => {
    const net = Mlp.create(shape, 12, Mlp.engineFor(shape, rows));
    expect(net.engine.name).toBe("wasm");
    // A step of 1e-2 moves a first-layer ReLU across zero for this seed (the js engine then disagrees
    // just as much); 1e-3 crosses none and still rises well above float32 rounding of the loss.
    expectFiniteDifferenceGradient(net, x, y, rows, 1e-3, { absolute: 2e-4, relative: 2e-2 });
  });

  it("predicts the raw outputs, and reports as loss what its gradient is of: ½·mean over rows × outputs", () => {
    const net = Mlp.create(shape, 5, jsEngine);
    const scratch = new Scratch(net, rows);
    const outputs = Float64Array.from(net.forward(x, rows, scratch).subarray(0, rows * shape.outputs));
    const trained = net.backward(y, rows, scratch, net.zerosLike());
    const p = net.predict(x, rows);
    p.forEach((v, i) => {
      expect(v).toBe(Math.fround(outputs[i] as number));
    });
    expect(p.some((v) => v < 0 || v > 1)).toBe(true); // no sigmoid in the way
    const halfMse = outputs.reduce((s, v, i) => s + 0.5 * (v - (y[i] as number)) ** 2, 0) / outputs.length;
    expect(trained).toBeCloseTo(halfMse, 12);
    expect(net.loss(p, y)).toBeCloseTo(halfMse, 5); // p is float32
    expect(net.loss(outputs, y)).toBeCloseTo(halfMse, 12);
  });

  it("learns a regression with trainMlp, and keeps shapes without `output` as classifiers stored them", () => {
    const data = new Rng(8);
    const make = (n: number): Matrix => {
      const xs = Float32Array.from({ length: n * 3 }, () => data.normal());
      const ys = Float32Array.from({ length: n }, (_, r) => {
        const [a, b, c] = [xs[r * 3] as number, xs[r * 3 + 1] as number, xs[r * 3 + 2] as number];
        return 3 * Math.sin(a) + b * c + 10; // far outside [0, 1]
      });
      return { x: xs, y: ys, rows: n };
    };
    const options = {
      hidden: [32, 16],
      epochs: 80,
      batchSize: 64,
      learningRate: 0.01,
      l2: 0,
      patience: 10,
      tolerance: 1e-4,
      seed: 3,
    };
    const result = trainMlp(make(3000), make(500), { ...options, output: "linear" });
    expect(result.net.shape.output).toBe("linear");
    const test = make(1000);
    const p = result.net.predict(test.x, test.rows);
    const y = Array.from(test.y);
    const mean = y.reduce((s, v) => s + v, 0) / test.rows;
    const residual = p.reduce((s, v, i) => s + (v - (y[i] as number)) ** 2, 0);
    const total = y.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(1 - residual / total).toBeGreaterThan(0.95); // R²
    const classifier = trainMlp(make(50), make(10), { ...options, epochs: 1, output: undefined });
    expect(Object.keys(classifier.net.shape)).toEqual(["inputs", "hidden", "outputs"]);
  });

  it("stops when shouldStop says so and keeps that epoch's net", () => {
    const data = new Rng(2);
    const rows = 200;
    const xs = Float32Array.from({ length: rows * 2 }, () => data.normal());
    const m: Matrix = { x: xs, y: xs, rows };
    const seen: number[] = [];
    const options = {
      hidden: [4],
      output: "linear" as const,
      epochs: 50,
      batchSize: 32,
      learningRate: 0.01,
      l2: 0,
      patience: 50,
      tolerance: 0,
      seed: 1,
    };
    let kept: Float32Array | undefined;
    const result = trainMlp(m, m, {
      ...options,
      shouldStop: (net, epoch) => {
        seen.push(epoch);
        kept = net.parameters();
        return epoch === 4;
      },
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(result.epochs).toBe(4);
    expect(result.bestEpoch).toBe(4);
    expect(result.net.parameters()).toEqual(kept);
    expect(result.validationLoss).toBeCloseTo(meanLoss(result.net, m), 6);
  });
});

describe("hidden activations", () => {
  const shape = { inputs: 5, hidden: [6, 3, 4], outputs: 2, output: "linear" as const };

  it("are the ReLU outputs of the chosen hidden layer, chunk by chunk over many rows", () => {
    const rows = 2500; // more than one prediction chunk
    const rng = new Rng(4);
    const x = Float32Array.from({ length: rows * shape.inputs }, () => rng.normal());
    for (const engine of [jsEngine, Mlp.engineFor(shape, rows)]) {
      const net = Mlp.create(shape, 6, engine);
      const scratch = new Scratch(net, rows);
      net.forward(x, rows, scratch);
      shape.hidden.forEach((width, layer) => {
        const a = net.activations(x, rows, layer);
        expect(a.length).toBe(rows * width);
        const expected = (scratch.activations[layer + 1] as FloatArray).subarray(0, rows * width);
        expect(a).toEqual(Float32Array.from(expected));
        expect(a.every((v) => v >= 0)).toBe(true);
      });
    }
  });

  it("refuse a layer that is not hidden, and inputs of the wrong width", () => {
    const net = Mlp.create(shape, 6, jsEngine);
    const x = new Float32Array(2 * shape.inputs);
    for (const layer of [-1, 3, 1.5]) expect(() => net.activations(x, 2, layer)).toThrow(/hidden layer/);
    expect(() => net.activations(x, 3, 0)).toThrow(/expected 3 × 5 inputs/);
  });
});

describe("MLP with a caller's loss on the logits", () => {
  const shape = { inputs: 5, hidden: [6, 4], outputs: 3 };
  const rows = 7;
  const rng = new Rng(41);
  const x = Float64Array.from({ length: rows * shape.inputs }, () => (rng.chance(0.3) ? 0 : rng.normal()));
  const y = Float64Array.from({ length: rows * shape.outputs }, () => (rng.chance(0.5) ? 1 : 0));

  /**
   * A loss that couples the outputs and reads the targets as flags, as the uplift loss does: per row,
   * t₀·softplus(z₀ − z₁) + t₁·½z₂², averaged over rows.
   */
  const coupled: LogitLoss = (logits, targets, n, delta) => {
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const [z0, z1, z2] = [0, 1, 2].map((k) => logits[r * 3 + k] as number) as [number, number, number];
      const [t0, t1] = [targets[r * 3] as number, targets[r * 3 + 1] as number];
      const d = z0 - z1;
      loss += t0 * (Math.max(d, 0) + Math.log1p(Math.exp(-Math.abs(d)))) + t1 * 0.5 * z2 * z2;
      const s = t0 / (1 + Math.exp(-d)) / n;
      delta[r * 3] = s;
      delta[r * 3 + 1] = -s;
      delta[r * 3 + 2] = (t1 * z2) / n;
    }
    return loss / n;
  };

  it("back-propagates its exact gradient through backwardFrom (float64 reference engine)", () => {
    const net = Mlp.create(shape, 13, jsEngine);
    // Non-zero biases: with zero ones a row whose first layer is all ReLU-dead sits on the second's kink.
    const noise = new Rng(5);
    for (const layer of net.layers)
      for (let i = 0; i < layer.b.length; i++) layer.b[i] = noise.normal(0, 0.3);
    const scratch = new Scratch(net, rows);
    const gradients = net.zerosLike();
    const delta = new Float64Array(rows * shape.outputs); // not the scratch's: backwardFrom copies it in
    const lossNow = () => coupled(net.forward(x, rows, scratch), y, rows, delta);
    lossNow();
    net.backwardFrom(delta, rows, scratch, gradients);
    const analytic = gradients.flatMap((g) => [...g.w, ...g.b]);
    const h = 1e-6;
    let at = 0;
    for (const layer of net.layers)
      for (const params of [layer.w, layer.b])
        for (let i = 0; i < params.length; i++, at++) {
          const keep = params[i] as number;
          params[i] = keep + h;
          const up = lossNow();
          params[i] = keep - h;
          const down = lossNow();
          params[i] = keep;
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(numeric - (analytic[at] as number))).toBeLessThan(1e-7 + 1e-5 * Math.abs(numeric));
        }
    expect(at).toBe(net.size());
    expect(analytic.some((g) => g !== 0)).toBe(true);
  });

  it("trains with trainMlp: the net's own cross-entropy, brought as a caller's loss, gives the same net", () => {
    const ownCrossEntropy: LogitLoss = (logits, targets, n, delta) => {
      const count = n * shape.outputs;
      let loss = 0;
      for (let i = 0; i < count; i++) {
        const z = logits[i] as number;
        const t = targets[i] as number;
        loss += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
        delta[i] = (1 / (1 + Math.exp(-z)) - t) / count;
      }
      return loss / count;
    };
    const data = new Rng(6);
    const n = 300;
    const m: Matrix = {
      x: Float32Array.from({ length: n * shape.inputs }, () => data.normal()),
      y: Float32Array.from({ length: n * shape.outputs }, () => (data.chance(0.4) ? 1 : 0)),
      rows: n,
    };
    const options = {
      hidden: shape.hidden,
      epochs: 4,
      batchSize: 32,
      learningRate: 0.01,
      l2: 1e-3,
      patience: 10,
      tolerance: 0,
      seed: 2,
      engine: "js" as const,
      shouldStop: (_: Mlp, epoch: number) => epoch === 4,
    };
    const own = trainMlp(m, m, options);
    const custom = trainMlp(m, m, { ...options, loss: ownCrossEntropy });
    const a = own.net.parameters();
    custom.net.parameters().forEach((v, i) => {
      expect(v).toBeCloseTo(a[i] as number, 5);
    });
    custom.history.forEach((h, i) => {
      expect(h.train).toBeCloseTo(own.history[i]?.train as number, 6);
      expect(h.validation).toBeCloseTo(own.history[i]?.validation as number, 5);
    });
    // The kept net is float32-rounded, as every trained net is.
    expect(custom.validationLoss).toBeCloseTo(meanLoss(custom.net, m, ownCrossEntropy), 6);
  });
});
