/**
 * The two-head uplift model over the customer relations graph: graph attention layers (graph-attention.ts)
 * feed the heads' logits z1 and z2 of loss.ts, trained full-batch by Adam on `upliftLoss` with the arms
 * balanced by 1/e and 1/(1 − e) (e the treated share of the training rows), and stopped early on the
 * loss over the validation rows. Transductive: every node passes messages, only the training rows' loss
 * moves the parameters. For large graphs each layer may attend to at most `sampleNeighbours` seeded
 * neighbours per node, drawn afresh each epoch; scoring always uses every neighbour.
 */
import { NudgeError, Rng, withDefaults } from "../../core/index.js";
import { checkFlags, checkNodes } from "./checks.js";
import { adjacencyOf, type Edges, sampledAdjacency } from "./graph-adjacency.js";
import {
  type Adjacency,
  backward,
  forward,
  initialParameters,
  type Layout,
  layoutOf,
} from "./graph-attention.js";
import { upliftLoss } from "./loss.js";

export { adjacencyOf, type Edges } from "./graph-adjacency.js";

/** How to train; `seed` decides the initial parameters and the neighbour samples. */
export interface GraphTwoHeadOptions {
  layers?: number;
  hidden?: number;
  epochs?: number;
  learningRate?: number;
  /** L2 penalty added to the gradients of matrices and attention vectors (not biases). */
  l2?: number;
  /** Epochs without a validation improvement of at least `GRAPH_TOLERANCE` before stopping. */
  patience?: number;
  /** At most this many neighbours per node per layer while training; every neighbour when absent. */
  sampleNeighbours?: number;
  seed: number;
}

/** A trained graph two-head model: its shape and flat parameters (layout in graph-attention.ts). */
export interface GraphTwoHeadModel {
  inputs: number;
  layers: number;
  hidden: number;
  parameters: Float64Array;
}

/** Per node: the heads' probabilities and the signed uplift p1 + p2 − 1. */
export interface GraphTwoHeadScores {
  p1: Float64Array;
  p2: Float64Array;
  uplift: Float64Array;
}

/**
 * Defaults. Full-batch training takes one step per epoch, so the learning rate is ten times the
 * mini-batch MLP's and patience twice as long.
 */
export const DEFAULT_GRAPH_TWO_HEAD: Required<Omit<GraphTwoHeadOptions, "seed" | "sampleNeighbours">> = {
  layers: 2,
  hidden: 32,
  epochs: 200,
  learningRate: 1e-2,
  l2: 1e-3,
  patience: 20,
};

/**
 * From this many edges a graph counts as large: training then attends to `sampleNeighbours` seeded
 * neighbours per node and layer (GraphSAGE's sizes), which bounds an epoch by the nodes rather than by
 * the edges. Scoring still uses every neighbour.
 */
export const LARGE_GRAPH = { edges: 100_000, sampleNeighbours: 10 } as const;

/** Neighbours sampled per node while training on a graph of `edges` edges; every one below LARGE_GRAPH. */
export function neighbourSampleFor(edges: number): number | undefined {
  return edges >= LARGE_GRAPH.edges ? LARGE_GRAPH.sampleNeighbours : undefined;
}

/** Smallest drop of the validation loss that counts as an improvement. */
export const GRAPH_TOLERANCE = 1e-4;

const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * Trains on `rows` nodes of encoded features `x` (rows × inputs, row-major) joined by `edges`, with 0/1
 * `treated` and `responded` per node; only `split.train` rows enter the loss and `split.validation` rows
 * stop training. The model is the epoch best on validation, `validationLoss` its weighted mean negative
 * log-likelihood there.
 */
export function trainGraphTwoHead(
  x: Float64Array | Float32Array,
  rows: number,
  inputs: number,
  edges: Edges,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
  split: { train: Uint32Array; validation: Uint32Array },
  options: GraphTwoHeadOptions,
): { model: GraphTwoHeadModel; epochs: number; validationLoss: number } {
  checkNodes(x, rows, inputs);
  const graph = adjacencyOf(edges, rows);
  checkHistory(rows, treated, responded, split);
  const o = withDefaults(DEFAULT_GRAPH_TWO_HEAD, options);
  for (const [name, value] of Object.entries(o)) {
    const counted = name !== "l2" && name !== "learningRate";
    const least = name === "l2" ? 0 : counted ? 1 : Number.MIN_VALUE;
    if (!(value >= least && Number.isFinite(value)) || (counted && !Number.isInteger(value)))
      throw new NudgeError(
        "INPUT_INVALID",
        `${name} must be ${counted ? "a positive integer" : name === "l2" ? "a non-negative number" : "a positive number"}, got ${value}`,
        { name },
      );
  }
  const cap = options.sampleNeighbours;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1))
    throw new NudgeError("INPUT_INVALID", `sampleNeighbours must be a positive integer, got ${cap}`, {
      name: "sampleNeighbours",
    });

  const layout = layoutOf(inputs, o.layers, o.hidden);
  const features = Float64Array.from(x);
  const { parameters, decayed } = initialParameters(layout, options.seed);
  const trainRows = upliftRows(split.train, treated, responded, armWeights(split.train, treated));
  const validationRows = upliftRows(split.validation, treated, responded, trainRows.arm);
  const rng = new Rng(options.seed ^ 0x5eed);
  const gradient = new Float64Array(layout.size);
  const first = new Float64Array(layout.size);
  const second = new Float64Array(layout.size);
  let best = { loss: Number.POSITIVE_INFINITY, parameters: parameters.slice() };
  let stale = 0;
  let epoch = 0;
  while (epoch < o.epochs && stale < o.patience) {
    epoch++;
    const adjacency = Array.from({ length: o.layers }, () =>
      cap === undefined ? graph : sampledAdjacency(graph, cap, rng),
    );
    // The pass is exact for the current parameters, so it scores them on validation before the step.
    const pass = forward(parameters, layout, features, rows, adjacency, true);
    const validationLoss = lossOn(validationRows, pass.z1, pass.z2);
    if (validationLoss < best.loss - GRAPH_TOLERANCE) {
      best = { loss: validationLoss, parameters: parameters.slice() };
      stale = 0;
    } else stale++;
    gradient.fill(0);
    lossOn(trainRows, pass.z1, pass.z2);
    const { g1, g2 } = scattered(trainRows, rows);
    backward(parameters, layout, rows, adjacency, pass, g1, g2, gradient);
    adamStep(parameters, gradient, first, second, decayed, epoch, o.learningRate, o.l2);
  }
  return {
    model: { inputs, layers: o.layers, hidden: o.hidden, parameters: best.parameters },
    epochs: epoch,
    validationLoss: best.loss,
  };
}

/** The heads' probabilities and the signed uplift of every node, attending over all its neighbours. */
export function scoreGraphTwoHead(
  model: GraphTwoHeadModel,
  x: Float64Array | Float32Array,
  rows: number,
  edges: Edges,
): GraphTwoHeadScores {
  checkNodes(x, rows, model.inputs);
  const layout = layoutOf(model.inputs, model.layers, model.hidden);
  if (model.parameters.length !== layout.size)
    throw new NudgeError(
      "INPUT_INVALID",
      `the model holds ${model.parameters.length} parameters, its shape needs ${layout.size}`,
      { name: "parameters" },
    );
  const graph = adjacencyOf(edges, rows);
  const { z1, z2 } = forward(
    model.parameters,
    layout,
    Float64Array.from(x),
    rows,
    layersOf(layout, graph),
    false,
  );
  const p1 = z1.map(logistic);
  const p2 = z2.map(logistic);
  return { p1, p2, uplift: p1.map((p, i) => p + (p2[i] as number) - 1) };
}

/**
 * The weighted mean uplift loss over `chosen` nodes and its gradient (added into `gradient`), for the
 * gradient check: the training objective without L2.
 */
export function graphObjective(
  parameters: Float64Array,
  layout: Layout,
  x: Float64Array | Float32Array,
  rows: number,
  edges: Edges,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
  chosen: Uint32Array,
  gradient: Float64Array,
): number {
  const adjacency = layersOf(layout, adjacencyOf(edges, rows));
  const pass = forward(parameters, layout, Float64Array.from(x), rows, adjacency, true);
  const chosenRows = upliftRows(chosen, treated, responded, armWeights(chosen, treated));
  const loss = lossOn(chosenRows, pass.z1, pass.z2);
  const { g1, g2 } = scattered(chosenRows, rows);
  backward(parameters, layout, rows, adjacency, pass, g1, g2, gradient);
  return loss;
}

/** The chosen rows' flags, weights and loss buffers. */
interface UpliftRows {
  index: Uint32Array;
  treated: Float64Array;
  responded: Float64Array;
  weights: Float64Array;
  arm: { treated: number; control: number };
  z1: Float64Array;
  z2: Float64Array;
  g1: Float64Array;
  g2: Float64Array;
}

function upliftRows(
  index: Uint32Array,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
  arm: { treated: number; control: number },
): UpliftRows {
  const n = index.length;
  const t = Float64Array.from(index, (r) => treated[r] as number);
  return {
    index,
    treated: t,
    responded: Float64Array.from(index, (r) => responded[r] as number),
    weights: t.map((v) => (v === 1 ? arm.treated : arm.control)),
    arm,
    z1: new Float64Array(n),
    z2: new Float64Array(n),
    g1: new Float64Array(n),
    g2: new Float64Array(n),
  };
}

/** Balanced arm weights 1/e and 1/(1 − e), e the treated share of `index`. */
function armWeights(index: Uint32Array, treated: ArrayLike<number>) {
  let count = 0;
  for (const r of index) count += treated[r] as number;
  const share = count / index.length;
  return { treated: 1 / share, control: 1 / (1 - share) };
}

/** The loss over `u`'s rows from all nodes' logits; leaves its gradient in u.g1, u.g2. */
function lossOn(u: UpliftRows, z1: Float64Array, z2: Float64Array): number {
  u.index.forEach((r, k) => {
    u.z1[k] = z1[r] as number;
    u.z2[k] = z2[r] as number;
  });
  return upliftLoss(u.z1, u.z2, u.treated, u.responded, u.g1, u.g2, u.weights);
}

/** u's gradients spread over all nodes (0 elsewhere). */
function scattered(u: UpliftRows, rows: number) {
  const g1 = new Float64Array(rows);
  const g2 = new Float64Array(rows);
  u.index.forEach((r, k) => {
    g1[r] = u.g1[k] as number;
    g2[r] = u.g2[k] as number;
  });
  return { g1, g2 };
}

function adamStep(
  parameters: Float64Array,
  gradient: Float64Array,
  first: Float64Array,
  second: Float64Array,
  decayed: Uint8Array,
  t: number,
  learningRate: number,
  l2: number,
): void {
  const { beta1, beta2, epsilon } = ADAM;
  const rate = (learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
  for (let i = 0; i < parameters.length; i++) {
    const w = parameters[i] as number;
    const g = (gradient[i] as number) + (decayed[i] === 1 ? l2 * w : 0);
    const m = beta1 * (first[i] as number) + (1 - beta1) * g;
    const v = beta2 * (second[i] as number) + (1 - beta2) * g * g;
    first[i] = m;
    second[i] = v;
    parameters[i] = w - (rate * m) / (Math.sqrt(v) + epsilon);
  }
}

/** The same adjacency for every layer. */
function layersOf(layout: Layout, graph: Adjacency): Adjacency[] {
  return layout.layers.map(() => graph);
}

function checkHistory(
  rows: number,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
  split: { train: Uint32Array; validation: Uint32Array },
): void {
  checkFlags(rows, treated, responded);
  for (const [name, index] of [
    ["train", split.train],
    ["validation", split.validation],
  ] as const) {
    if (index.length === 0) throw new NudgeError("INPUT_INVALID", `the ${name} rows are empty`, { name });
    for (const r of index)
      if (r >= rows)
        throw new NudgeError("INPUT_INVALID", `${name} names row ${r}, outside the ${rows} rows`, {
          name,
          row: r,
        });
  }
  let count = 0;
  for (const r of split.train) count += treated[r] as number;
  if (count === 0 || count === split.train.length)
    throw new NudgeError(
      "INPUT_INVALID",
      `uplift needs both arms, but every training row is ${count === 0 ? "control" : "treated"}`,
      { name: "treated" },
    );
}

/** σ(z), stable for large |z|. */
function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
