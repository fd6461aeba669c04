/**
 * A multi-layer perceptron: dense layers with ReLU, then either sigmoid outputs (one per label) with binary
 * cross-entropy, for classifiers, or linear outputs with squared error, for regressors and autoencoders.
 * Hand-written because on this machine it trains several times faster than
 * @tensorflow/tfjs on its CPU and WASM backends for the small nets Nudge uses (see README, "MLP engine").
 * The arithmetic runs on an engine (engine.ts): WASM SIMD float32 by default, TypeScript float64 as
 * the reference. Stored weights are float32.
 */
import { NudgeError, Rng } from "../core/index.js";
import {
  type Engine,
  type EngineName,
  type FloatArray,
  jsEngine,
  wasmAvailable,
  wasmEngine,
} from "./engine.js";

export type { FloatArray } from "./engine.js";

/**
 * What the output layer gives: `sigmoid`, probabilities trained on binary cross-entropy; `linear`, raw
 * values trained on squared error.
 */
export type MlpOutput = "sigmoid" | "linear";

/** Inputs, hidden layer widths (every hidden layer is ReLU), outputs and their kind. */
export interface MlpShape {
  inputs: number;
  hidden: number[];
  outputs: number;
  /** Absent means sigmoid: the shape every model stored before linear outputs existed. */
  output?: MlpOutput;
}

/** One dense layer: weights row-major (fanIn × fanOut) and biases. */
export interface Layer {
  fanIn: number;
  fanOut: number;
  w: FloatArray;
  b: FloatArray;
}

/** Rows predicted per chunk, bounding scratch memory when scoring millions of rows. */
const PREDICT_CHUNK = 1024;

/** A dense ReLU net with sigmoid or linear outputs; its parameters live on one engine. */
export class Mlp {
  private predictScratch: Scratch | undefined;

  private constructor(
    readonly shape: MlpShape,
    readonly layers: Layer[],
    readonly engine: Engine,
  ) {}

  /**
   * A freshly initialized net: Glorot-uniform weights, zero biases (as scikit-learn and Keras do; He-uniform
   * for the ReLU layers measured slower to converge here: loss 0.088 against 0.069 after 5 epochs).
   */
  static create(shape: MlpShape, seed: number, engine: Engine = jsEngine): Mlp {
    validateShape(shape);
    const widths = [shape.inputs, ...shape.hidden, shape.outputs];
    const rng = new Rng(seed);
    const layers: Layer[] = [];
    for (let l = 0; l + 1 < widths.length; l++) {
      const fanIn = widths[l] as number;
      const fanOut = widths[l + 1] as number;
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      const w = engine.array(fanIn * fanOut);
      for (let i = 0; i < w.length; i++) w[i] = (rng.next() * 2 - 1) * bound;
      layers.push({ fanIn, fanOut, w, b: engine.array(fanOut) });
    }
    return new Mlp(shape, layers, engine);
  }

  /**
   * The engine a net of this shape should run on: WASM sized for `batch` rows of training (parameters,
   * gradients, two moments, activations) when available, else the TypeScript one.
   */
  static engineFor(shape: MlpShape, batch: number, name: EngineName = "wasm"): Engine {
    if (name === "js" || !wasmAvailable()) return jsEngine;
    const widths = [...shape.hidden, shape.outputs];
    const parameters = widths.reduce(
      (s, w, l) => s + ((l === 0 ? shape.inputs : (widths[l - 1] as number)) + 1) * w,
      0,
    );
    const rows = Math.max(batch, PREDICT_CHUNK);
    const scratch = rows * (2 * widths.reduce((s, w) => s + w, 0) + shape.inputs + shape.outputs);
    // parameters + gradients + two Adam moments + a kept copy, then one batch of scratch for training
    // and one for prediction.
    return wasmEngine(
      5 * parameters + 2 * scratch + batch * (shape.inputs + shape.outputs),
      Math.max(shape.inputs, ...shape.hidden),
    );
  }

  /** A net from flattened parameters (as `parameters()` gives them), on the engine that fits it. */
  static fromParameters(shape: MlpShape, flat: Float32Array, engine?: Engine): Mlp {
    const net = Mlp.create(shape, 0, engine ?? Mlp.engineFor(shape, 0));
    if (flat.length !== net.size())
      throw new NudgeError(
        "INPUT_INVALID",
        `weights hold ${flat.length} numbers, the net needs ${net.size()}`,
      );
    net.load(flat);
    return net;
  }

  /** Number of parameters. */
  size(): number {
    return this.layers.reduce((s, l) => s + l.w.length + l.b.length, 0);
  }

  /** All parameters in one array: each layer's weights then biases. */
  parameters(): Float32Array {
    return concatenated(this.layers.flatMap((l) => [l.w, l.b]));
  }

  /** Overwrites the parameters from a flat array of the same layout. */
  load(flat: ArrayLike<number>): void {
    let at = 0;
    for (const layer of this.layers) {
      for (let i = 0; i < layer.w.length; i++) layer.w[i] = flat[at++] as number;
      for (let i = 0; i < layer.b.length; i++) layer.b[i] = flat[at++] as number;
    }
  }

  /**
   * Outputs (rows × outputs, row-major) for row-major inputs (rows × inputs): probabilities for sigmoid
   * outputs, the raw values for linear ones.
   */
  predict(x: FloatArray, rows: number): Float32Array {
    return this.chunked(x, rows, this.layers.length, outputOf(this.shape) === "sigmoid");
  }

  /** The output logits (sigmoid) or outputs (linear), rows × outputs, for row-major inputs. */
  logits(x: FloatArray, rows: number): Float32Array {
    return this.chunked(x, rows, this.layers.length, false);
  }

  /**
   * The ReLU outputs of hidden layer `layer` (0 = the first, as in `shape.hidden`) for row-major inputs:
   * rows × that layer's width, row-major. Only the layers up to it run.
   */
  activations(x: FloatArray, rows: number, layer: number): Float32Array {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.shape.hidden.length)
      throw new NudgeError(
        "INPUT_INVALID",
        `hidden layer ${layer} does not exist: the net has ${this.shape.hidden.length}`,
      );
    return this.chunked(x, rows, layer + 1, false);
  }

  /**
   * The loss the net trains on, of outputs as `predict` gives them against targets (same layout): mean
   * binary cross-entropy (probabilities clipped to [1e-7, 1 − 1e-7]) for sigmoid outputs, half the mean
   * squared error for linear ones; the mean runs over rows × outputs, as in `backward`.
   */
  loss(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
    if (predictions.length !== targets.length)
      throw new NudgeError(
        "INPUT_INVALID",
        `${predictions.length} predictions against ${targets.length} targets`,
      );
    const n = predictions.length;
    return outputOf(this.shape) === "linear"
      ? halfSquaredError(predictions, targets) / n
      : crossEntropy(predictions, targets) / n;
  }

  /**
   * Forward pass over `rows` rows through the first `depth` layers (all of them by default); answers the
   * last one's values — for the whole net the output logits (sigmoid) or outputs (linear). Activations stay
   * in `scratch` for the backward pass.
   */
  forward(x: FloatArray, rows: number, scratch: Scratch, depth = this.layers.length): FloatArray {
    let input: FloatArray = x;
    if (!this.engine.owns(x)) {
      input = scratch.input.subarray(0, x.length);
      input.set(x);
    }
    scratch.activations[0] = input;
    for (let l = 0; l < depth; l++) {
      const { fanIn, fanOut, w, b } = this.layers[l] as Layer;
      const z = scratch.activations[l + 1] as FloatArray;
      this.engine.forward(input, rows, fanIn, w, b, fanOut, z, l + 1 < this.layers.length);
      input = z;
    }
    return input;
  }

  /**
   * The loss of the last full `forward` against targets `y` (rows × outputs), and its gradient with
   * respect to every parameter, accumulated into `gradients` (same layout as the layers, zeroed here).
   * The loss is a mean over rows × outputs: of binary cross-entropy on the logits for sigmoid outputs;
   * of ½·(output − target)² for linear ones, whose gradient on an output is (output − target) / (rows ·
   * outputs).
   */
  backward(y: ArrayLike<number>, rows: number, scratch: Scratch, gradients: Layer[]): number {
    const count = rows * this.shape.outputs;
    const last = scratch.activations[this.layers.length] as FloatArray;
    const delta = scratch.deltas[this.layers.length - 1] as FloatArray;
    const scale = 1 / count;
    const loss =
      outputOf(this.shape) === "linear"
        ? squaredErrorDelta(last, y, count, scale, delta)
        : crossEntropyDelta(last, y, count, scale, delta);
    this.backwardFrom(delta, rows, scratch, gradients);
    return loss * scale;
  }

  /**
   * Back-propagates `delta`, ∂loss/∂(output logits) of the last full `forward` (rows × outputs, already
   * divided by whatever the loss averages over), into every parameter's gradient, accumulated into
   * `gradients` (zeroed here). For losses the net does not know; `backward` ends here too.
   */
  backwardFrom(delta: FloatArray, rows: number, scratch: Scratch, gradients: Layer[]): void {
    const L = this.layers.length;
    let current = scratch.deltas[L - 1] as FloatArray;
    if (delta !== current) current.set(delta.subarray(0, rows * this.shape.outputs));
    for (let l = L - 1; l >= 0; l--) {
      const { fanIn, fanOut, w } = this.layers[l] as Layer;
      const grad = gradients[l] as Layer;
      grad.w.fill(0);
      grad.b.fill(0);
      const previous = l > 0 ? (scratch.deltas[l - 1] as FloatArray) : null;
      this.engine.backward(
        scratch.activations[l] as FloatArray,
        rows,
        fanIn,
        w,
        fanOut,
        current,
        grad.w,
        grad.b,
        previous,
      );
      if (previous) current = previous;
    }
  }

  /**
   * Runs the first `depth` layers over the rows a chunk at a time and copies the last one's values out,
   * through the sigmoid when `probabilities`.
   */
  private chunked(x: FloatArray, rows: number, depth: number, probabilities: boolean): Float32Array {
    const inputs = this.shape.inputs;
    if (x.length !== rows * inputs)
      throw new NudgeError("INPUT_INVALID", `expected ${rows} × ${inputs} inputs, got ${x.length} numbers`);
    const width = (this.layers[depth - 1] as Layer).fanOut;
    const out = new Float32Array(rows * width);
    this.predictScratch ??= new Scratch(this, PREDICT_CHUNK);
    const scratch = this.predictScratch;
    for (let start = 0; start < rows; start += PREDICT_CHUNK) {
      const n = Math.min(PREDICT_CHUNK, rows - start);
      const z = this.forward(x.subarray(start * inputs, (start + n) * inputs), n, scratch, depth);
      const at = start * width;
      if (probabilities) for (let i = 0; i < n * width; i++) out[at + i] = sigmoid(z[i] as number);
      else out.set(z.subarray(0, n * width), at);
    }
    return out;
  }

  /** Zeroed arrays shaped like the layers, for gradients and optimizer moments. */
  zerosLike(): Layer[] {
    return this.layers.map((l) => ({
      fanIn: l.fanIn,
      fanOut: l.fanOut,
      w: this.engine.array(l.w.length),
      b: this.engine.array(l.b.length),
    }));
  }
}

/** Per-batch working memory: the inputs (when copied in), activations of every layer and deltas. */
export class Scratch {
  readonly input: FloatArray;
  readonly activations: FloatArray[];
  readonly deltas: FloatArray[];

  constructor(net: Mlp, rows: number) {
    const engine = net.engine;
    this.input = engine.owns(new Float32Array(0))
      ? new Float64Array(0)
      : engine.array(rows * net.shape.inputs);
    this.activations = [this.input, ...net.layers.map((l) => engine.array(rows * l.fanOut))];
    this.deltas = net.layers.map((l) => engine.array(rows * l.fanOut));
  }
}

/** The arrays one after another, as float32 (the stored form of weights). */
export function concatenated(parts: readonly FloatArray[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The logistic function, stable for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** The kind of a shape's outputs; sigmoid when the shape predates the choice. */
export function outputOf(shape: MlpShape): MlpOutput {
  return shape.output ?? "sigmoid";
}

/** Sum of binary cross-entropy over `count` logits; writes (sigmoid(z) − t)·scale into delta. */
function crossEntropyDelta(
  logits: FloatArray,
  y: ArrayLike<number>,
  count: number,
  scale: number,
  delta: FloatArray,
): number {
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const z = logits[i] as number;
    const t = y[i] as number;
    loss += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
    delta[i] = (sigmoid(z) - t) * scale;
  }
  return loss;
}

/** Sum of ½·(z − t)² over `count` outputs; writes (z − t)·scale into delta. */
function squaredErrorDelta(
  outputs: FloatArray,
  y: ArrayLike<number>,
  count: number,
  scale: number,
  delta: FloatArray,
): number {
  let loss = 0;
  for (let i = 0; i < count; i++) {
    const d = (outputs[i] as number) - (y[i] as number);
    loss += 0.5 * d * d;
    delta[i] = d * scale;
  }
  return loss;
}

/** Probabilities are clipped this far from 0 and 1 before their logarithm. */
const PROBABILITY_FLOOR = 1e-7;

/** Sum of binary cross-entropy of probabilities against targets in [0, 1]. */
function crossEntropy(p: ArrayLike<number>, t: ArrayLike<number>): number {
  let loss = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, p[i] as number));
    const ti = t[i] as number;
    loss -= ti * Math.log(q) + (1 - ti) * Math.log(1 - q);
  }
  return loss;
}

/** Sum of ½·(p − t)². */
function halfSquaredError(p: ArrayLike<number>, t: ArrayLike<number>): number {
  let loss = 0;
  for (let i = 0; i < p.length; i++) {
    const d = (p[i] as number) - (t[i] as number);
    loss += 0.5 * d * d;
  }
  return loss;
}

function validateShape(shape: MlpShape): void {
  const widths = [shape.inputs, ...shape.hidden, shape.outputs];
  if (widths.some((w) => !Number.isInteger(w) || w < 1))
    throw new NudgeError("INPUT_INVALID", `layer widths must be positive integers, got ${widths.join(", ")}`);
  const output = outputOf(shape);
  if (output !== "sigmoid" && output !== "linear")
    throw new NudgeError("INPUT_INVALID", `output must be sigmoid or linear, got ${String(output)}`);
}
