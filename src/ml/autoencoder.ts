/**
 * An autoencoder for feature extraction: a net inputs → hidden → code → hidden → inputs (ReLU, then a
 * linear output on squared error) trained to reproduce its inputs, whose narrow code layer then serves as
 * a few dense features per row, e.g. for clustering customers. Built on the MLP of mlp.ts and train.ts.
 * Inputs are expected standardized (z-scores per column, as the encoder's numeric part gives): squared
 * error weighs every column alike only when the columns share a scale.
 */
import { NudgeError, Rng } from "../core/index.js";
import { type FloatArray, type Layer, Mlp, type MlpShape } from "./mlp.js";
import { type Matrix, trainMlp } from "./train.js";

/** How to train an autoencoder; only `code` and `seed` have no default. */
export interface AutoencoderOptions {
  /** Width of the code (bottleneck) layer: the number of features per row. */
  code: number;
  /** Width of the hidden layer on each side of the code; default max(2·code, min(64, 2·inputs)). */
  hidden?: number;
  /**
   * Stop once the Pearson correlation between held-out inputs and their reconstructions (over all their
   * row × column values) reaches this (default 0.95)…
   */
  targetCorrelation?: number;
  /** …or after this many epochs (default 200), or once held-out loss stalls (see PLATEAU). */
  epochs?: number;
  /** Rows per Adam step (default 64). */
  batchSize?: number;
  /** Adam's step size (default 3e-3). */
  learningRate?: number;
  /** Seeds the row sample, the weights and the shuffles: the same seed and data give the same model. */
  seed: number;
  /**
   * Rows used at most (a seeded sample, default 50,000) so a million-row table trains in seconds; 10% of
   * them are held out for the correlation and the plateau test.
   */
  sampleRows?: number;
  /** Called after every epoch with the held-out correlation, e.g. for a progress bar. */
  onEpoch?: (epoch: number, correlation: number) => void;
}

/** A trained autoencoder: plain JSON but for `weights` (stored as the registry stores any weights). */
export interface Autoencoder {
  shape: MlpShape;
  /** The net's parameters, as `Mlp.parameters()` gives them. */
  weights: Float32Array;
  inputs: number;
  code: number;
  /** Held-out correlation of inputs and reconstructions of the kept net. */
  correlation: number;
  /** Epochs trained. */
  epochs: number;
  /** Whether `correlation` reached the target. */
  reached: boolean;
}

type Defaulted = "targetCorrelation" | "epochs" | "batchSize" | "learningRate" | "sampleRows";
/** Options with every default filled in. */
type ResolvedOptions = AutoencoderOptions & Required<Pick<AutoencoderOptions, Defaulted>>;

/**
 * Defaults of the optional AutoencoderOptions (`hidden` depends on the widths; see defaultHidden). Batch
 * and rate measured on planted data against 256 and 1e-3: 0.95 in 24–67 epochs against none within 200
 * (2,000 × 12 columns of 3 factors), in 1–3 against 7–15 (50,000 × 20 of 5); a rate of 1e-2 was faster
 * still but left code units dead (see reviveDeadCodes).
 */
export const DEFAULT_AUTOENCODER: Required<Pick<AutoencoderOptions, Defaulted>> = {
  targetCorrelation: 0.95,
  epochs: 200,
  batchSize: 64,
  learningRate: 3e-3,
  sampleRows: 50_000,
};

/** Share of the sampled rows held out for the correlation and the plateau test. */
const HOLDOUT_SHARE = 0.1;
/** Fewest rows worth training on: a tenth of them must still give a correlation. */
const MIN_ROWS = 20;
/** Cap on the default hidden width. */
const MAX_DEFAULT_HIDDEN = 64;
/**
 * Training also stops when held-out loss (½·mean squared error of z-scores) has not improved by
 * `tolerance` for `patience` epochs: the target is then out of reach, or nearly so. Measured: a code of 3
 * on 50,000 × 20 columns of 20 factors (target unreachable) stops after 98 epochs, 6 s, at 0.72 (patience 15
 * or 20 ran all 200 epochs, 13 s, to 0.74); 47 of 48 planted runs (3,000 and 5,000 × 12 of 3 factors,
 * 3 data seeds × 8 seeds) still reached 0.95, the 48th stopped at 0.948.
 */
const PLATEAU = { patience: 10, tolerance: 1e-4 };
/** No weight decay: the code is narrow enough to keep the net from copying its inputs. */
const L2 = 0;
/** Index of the code layer among the hidden layers [hidden, code, hidden]. */
const CODE_LAYER = 1;
/** Mixed into the seed for the row sample, so it is not the stream the weights are drawn from. */
const SAMPLE_SALT = 0x5a3b1e;

/**
 * Trains an autoencoder on row-major, standardized inputs (rows × dims): a seeded sample of at most
 * `sampleRows` rows, 10% of it held out; stops at the target correlation, the epoch cap or a plateau.
 */
export function trainAutoencoder(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  options: AutoencoderOptions,
): Autoencoder {
  const o: ResolvedOptions = { ...DEFAULT_AUTOENCODER, ...withoutUndefined(options) };
  validateTraining(x, rows, dims, o);
  const hidden = o.hidden ?? defaultHidden(o.code, dims);
  const sample = sampleRows(rows, Math.min(rows, o.sampleRows), o.seed ^ SAMPLE_SALT);
  const holdout = Math.max(2, Math.round(sample.length * HOLDOUT_SHARE));
  const heldOut = matrixOf(x, dims, sample.subarray(0, holdout));
  const train = matrixOf(x, dims, sample.subarray(holdout));
  let reached: { epoch: number; correlation: number } | undefined;
  const result = trainMlp(train, heldOut, {
    hidden: [hidden, o.code, hidden],
    output: "linear",
    epochs: o.epochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    l2: L2,
    ...PLATEAU,
    seed: o.seed,
    shouldStop: (net, epoch) => {
      reviveDeadCodes(net, heldOut);
      const correlation = reconstructionOf(net, heldOut);
      o.onEpoch?.(epoch, correlation);
      if (correlation < o.targetCorrelation) return false;
      reached = { epoch, correlation };
      return true;
    },
  });
  // When the target was not reached the net is the best on held-out loss, not the last one measured.
  const correlation = reached?.correlation ?? reconstructionOf(result.net, heldOut);
  return {
    shape: result.net.shape,
    weights: result.net.parameters(),
    inputs: dims,
    code: o.code,
    correlation,
    epochs: result.epochs,
    reached: reached !== undefined,
  };
}

/** The code-layer features (rows × code, row-major, each ≥ 0) of rows with the trained input width. */
export function encodeWithAutoencoder(
  model: Autoencoder,
  x: Float32Array | Float64Array,
  rows: number,
): Float32Array {
  checkRows(x, rows, model.inputs);
  return Mlp.fromParameters(model.shape, model.weights).activations(x, rows, CODE_LAYER);
}

/**
 * Pearson correlation between the rows' values and their reconstructions, over all row × column values
 * (the measure training stops on), e.g. to check a stored model on fresh data.
 */
export function reconstructionCorrelation(
  model: Autoencoder,
  x: Float32Array | Float64Array,
  rows: number,
): number {
  checkRows(x, rows, model.inputs);
  return reconstructionOf(Mlp.fromParameters(model.shape, model.weights), { x, y: x, rows });
}

/** Default hidden width: twice the code, or twice the inputs up to 64, whichever is wider. */
export function defaultHidden(code: number, inputs: number): number {
  return Math.max(2 * code, Math.min(MAX_DEFAULT_HIDDEN, 2 * inputs));
}

/** Pearson correlation of two equally long series (0 when either is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i] as number;
    meanB += b[i] as number;
  }
  meanA /= n;
  meanB /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - meanA;
    const db = (b[i] as number) - meanB;
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * A code unit that is 0 on every held-out row has stopped learning (ReLU passes no gradient) and would
 * give a constant feature. Measured on planted data (12 columns of 3 factors, 20 seeds): none at the
 * default learning rate, but 9 of 120 units at code 6 and 14 of 200 at code 10 with learning rate 1e-2.
 * Such a unit gets the bias that makes it positive on half the held-out rows, and zero outgoing weights so
 * the reconstruction is unchanged until the decoder learns to use it. Answers how many were revived.
 */
export function reviveDeadCodes(net: Mlp, heldOut: Matrix): number {
  const code = net.activations(heldOut.x, heldOut.rows, CODE_LAYER);
  const width = net.shape.hidden[CODE_LAYER] as number;
  const dead = Array.from({ length: width }, (_, k) => k).filter((k) => {
    for (let r = 0; r < heldOut.rows; r++) if ((code[r * width + k] as number) > 0) return false;
    return true;
  });
  if (dead.length === 0) return 0;
  const below = net.activations(heldOut.x, heldOut.rows, CODE_LAYER - 1);
  const into = net.layers[CODE_LAYER] as Layer;
  const out = net.layers[CODE_LAYER + 1] as Layer;
  for (const k of dead) {
    const z = Float64Array.from({ length: heldOut.rows }, (_, r) => {
      let sum = into.b[k] as number;
      for (let i = 0; i < into.fanIn; i++)
        sum += (below[r * into.fanIn + i] as number) * (into.w[i * into.fanOut + k] as number);
      return sum;
    });
    into.b[k] = (into.b[k] as number) - median(z);
    out.w.fill(0, k * out.fanOut, (k + 1) * out.fanOut);
  }
  return dead.length;
}

function median(values: Float64Array): number {
  const sorted = values.slice().sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function reconstructionOf(net: Mlp, data: Matrix): number {
  return pearson(data.x, net.predict(data.x, data.rows));
}

/** `count` distinct row numbers out of `rows`, in a seeded random order (a partial Fisher–Yates). */
function sampleRows(rows: number, count: number, seed: number): Uint32Array {
  const rng = new Rng(seed);
  const order = Uint32Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rng.next() * (rows - i));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  return order.slice(0, count);
}

/** The picked rows as an autoencoder's matrix: targets are the inputs. */
function matrixOf(x: FloatArray, dims: number, picked: Uint32Array): Matrix {
  const out = new Float32Array(picked.length * dims);
  picked.forEach((row, r) => {
    out.set(x.subarray(row * dims, (row + 1) * dims), r * dims);
  });
  return { x: out, y: out, rows: picked.length };
}

function withoutUndefined<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as T;
}

function checkRows(x: FloatArray, rows: number, dims: number): void {
  if (!Number.isInteger(rows) || rows < 0 || x.length !== rows * dims)
    throw new NudgeError("INPUT_INVALID", `expected ${rows} × ${dims} inputs, got ${x.length} numbers`);
}

function validateTraining(x: FloatArray, rows: number, dims: number, o: ResolvedOptions): void {
  const invalid = (message: string) => new NudgeError("INPUT_INVALID", message);
  if (!Number.isInteger(dims) || dims < 1) throw invalid(`dims must be a positive integer, not ${dims}`);
  checkRows(x, rows, dims);
  if (rows < MIN_ROWS) throw invalid(`an autoencoder needs at least ${MIN_ROWS} rows, got ${rows}`);
  if (!Number.isInteger(o.code) || o.code < 1 || o.code > dims)
    throw invalid(`code must be a whole number from 1 to the ${dims} inputs, not ${o.code}`);
  if (o.hidden !== undefined && (!Number.isInteger(o.hidden) || o.hidden < o.code))
    throw invalid(`hidden must be a whole number no narrower than the code (${o.code}), not ${o.hidden}`);
  for (const [name, value] of [
    ["epochs", o.epochs],
    ["batchSize", o.batchSize],
  ] as const)
    if (!Number.isInteger(value) || value < 1)
      throw invalid(`${name} must be a positive integer, not ${value}`);
  if (!Number.isInteger(o.sampleRows) || o.sampleRows < MIN_ROWS)
    throw invalid(`sampleRows must be a whole number of at least ${MIN_ROWS}, not ${o.sampleRows}`);
  if (!(o.learningRate > 0)) throw invalid(`learningRate must be positive, not ${o.learningRate}`);
  if (!(o.targetCorrelation > -1 && o.targetCorrelation <= 1))
    throw invalid(`targetCorrelation must be in (−1, 1], not ${o.targetCorrelation}`);
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw invalid(`inputs must be finite numbers: row ${Math.floor(bad / dims)}, column ${bad % dims}`);
}
