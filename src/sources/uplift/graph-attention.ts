/**
 * The network of the graph two-head uplift model, by hand on Float64Array: k graph attention layers
 * (GAT, Veličković et al. 2018, one head) and the two linear heads, forward and backward. Layer l maps
 * every node's h_i to
 *
 *   Wh_i = W_l h_i,   e_ij = LeakyReLU(a_selfᵀ Wh_i + a_neighbourᵀ Wh_j) over j ∈ N(i) ∪ {i},
 *   α_ij = softmax_j(e_ij),   h_i' = ReLU(Σ_j α_ij Wh_j + R_l h_i + b_l),
 *
 * and the heads give z = V h^(k) + c (z1, z2). Edge weights are not used: every neighbour enters the
 * attention softmax on its features alone.
 *
 * Why the root term R_l h_i, which plain GAT lacks. In a single-head GAT the a_selfᵀ Wh_i part is the same
 * for every j, so it cancels in the softmax: the ranking of neighbours is the same for every node (the
 * "static attention" of Brody et al. 2022) and a node cannot choose to listen to itself. With ten
 * neighbours its own features then get about a tenth of the weight, and where the graph carries nothing
 * (no homophily) the model falls well behind the MLP. The root term (as in GraphSAGE and PyG's
 * `root_weight`) lets it fall back to the MLP there.
 */
import { Rng } from "../../core/index.js";
import { denseBackward, denseForward } from "../../ml/index.js";

/** Slope of the attention LeakyReLU for negative logits, as in the GAT paper. */
export const ATTENTION_SLOPE = 0.2;

/**
 * Every node's neighbours in compressed sparse rows: node i's are `neighbours[offsets[i] ..
 * offsets[i + 1])`. The self-loop is implicit (not listed).
 */
export interface Adjacency {
  offsets: Int32Array;
  neighbours: Int32Array;
}

/** Where one attention layer's parameters start in the flat parameter vector. */
export interface LayerSlots {
  /** Width of the layer's input (the features for the first layer, `hidden` after). */
  inputs: number;
  /** W (hidden × inputs), row-major. */
  projection: number;
  /** R (hidden × inputs), the node's own path. */
  root: number;
  bias: number;
  attendSelf: number;
  attendNeighbour: number;
}

/** The flat parameter vector's layout. */
export interface Layout {
  inputs: number;
  hidden: number;
  layers: LayerSlots[];
  /** V (2 × hidden): row 0 gives z1, row 1 z2. */
  heads: number;
  headBias: number;
  size: number;
}

/** The layout of a network with `layers` attention layers of width `hidden` over `inputs` features. */
export function layoutOf(inputs: number, layers: number, hidden: number): Layout {
  let at = 0;
  const take = (n: number) => {
    const start = at;
    at += n;
    return start;
  };
  const slots: LayerSlots[] = [];
  for (let l = 0; l < layers; l++) {
    const width = l === 0 ? inputs : hidden;
    slots.push({
      inputs: width,
      projection: take(hidden * width),
      root: take(hidden * width),
      bias: take(hidden),
      attendSelf: take(hidden),
      attendNeighbour: take(hidden),
    });
  }
  const heads = take(2 * hidden);
  const headBias = take(2);
  return { inputs, hidden, layers: slots, heads, headBias, size: at };
}

/**
 * Seeded Glorot-uniform matrices and attention vectors, zero biases; and the 0/1 mask of the parameters
 * that L2 decays (all but biases).
 */
export function initialParameters(
  layout: Layout,
  seed: number,
): { parameters: Float64Array; decayed: Uint8Array } {
  const rng = new Rng(seed);
  const parameters = new Float64Array(layout.size);
  const decayed = new Uint8Array(layout.size);
  const glorot = (start: number, count: number, fanIn: number, fanOut: number) => {
    const bound = Math.sqrt(6 / (fanIn + fanOut));
    for (let i = start; i < start + count; i++) {
      parameters[i] = (2 * rng.next() - 1) * bound;
      decayed[i] = 1;
    }
  };
  const h = layout.hidden;
  for (const s of layout.layers) {
    glorot(s.projection, h * s.inputs, s.inputs, h);
    glorot(s.root, h * s.inputs, s.inputs, h);
    glorot(s.attendSelf, h, 2 * h, 1);
    glorot(s.attendNeighbour, h, 2 * h, 1);
  }
  glorot(layout.heads, 2 * h, h, 2);
  return { parameters, decayed };
}

/** What one layer's forward pass keeps for the backward pass. */
interface LayerState {
  input: Float64Array;
  /** Wh per node (rows × hidden). */
  projected: Float64Array;
  /** a_selfᵀ Wh_i and a_neighbourᵀ Wh_i per node. */
  selfScore: Float64Array;
  neighbourScore: Float64Array;
  /** α per (node, slot): node i's slots start at offsets[i] + i, its self-loop first. */
  attention: Float64Array;
  /** h' per node (rows × hidden), after ReLU. */
  output: Float64Array;
}

/** A forward pass: each layer's state and the heads' logits per node. */
export interface Pass {
  layers: LayerState[];
  z1: Float64Array;
  z2: Float64Array;
}

/**
 * Runs the network over all `rows` nodes; layer l attends over `adjacency[l]` (the same object for every
 * layer when not sampling). With `keep` false (scoring) the layers share their buffers and only the
 * logits are meaningful afterwards.
 */
export function forward(
  parameters: Float64Array,
  layout: Layout,
  x: Float64Array,
  rows: number,
  adjacency: readonly Adjacency[],
  keep: boolean,
): Pass {
  const h = layout.hidden;
  const layers: LayerState[] = [];
  let input: Float64Array = x;
  // Scoring keeps one set of buffers and alternates two outputs, so a million nodes fit.
  const widest = Math.max(...adjacency.map((a) => a.neighbours.length)) + rows;
  const shared = keep ? undefined : buffers(rows, h, widest);
  const alternate = keep ? undefined : new Float64Array(rows * h);
  layout.layers.forEach((slots, l) => {
    const graph = adjacency[l] as Adjacency;
    const own = shared ?? buffers(rows, h, graph.neighbours.length + rows);
    const output = alternate && l % 2 === 1 ? alternate : own.output;
    const state: LayerState = { ...own, input, output };
    attendForward(parameters, slots, h, rows, graph, state);
    layers.push(state);
    input = state.output;
  });
  const z1 = new Float64Array(rows);
  const z2 = new Float64Array(rows);
  const { heads, headBias } = layout;
  for (let i = 0; i < rows; i++) {
    let a = parameters[headBias] as number;
    let b = parameters[headBias + 1] as number;
    for (let o = 0; o < h; o++) {
      const v = input[i * h + o] as number;
      a += (parameters[heads + o] as number) * v;
      b += (parameters[heads + h + o] as number) * v;
    }
    z1[i] = a;
    z2[i] = b;
  }
  return { layers: keep ? layers : [], z1, z2 };
}

/**
 * Accumulates into `gradient` (not cleared) ∂loss/∂parameters, given ∂loss/∂z1 and ∂loss/∂z2 per node and
 * the pass that produced the logits (run with `keep`).
 */
export function backward(
  parameters: Float64Array,
  layout: Layout,
  rows: number,
  adjacency: readonly Adjacency[],
  pass: Pass,
  g1: Float64Array,
  g2: Float64Array,
  gradient: Float64Array,
): void {
  const h = layout.hidden;
  const { heads, headBias } = layout;
  const last = pass.layers[pass.layers.length - 1] as LayerState;
  let delta = new Float64Array(rows * h);
  for (let i = 0; i < rows; i++) {
    const a = g1[i] as number;
    const b = g2[i] as number;
    if (a === 0 && b === 0) continue;
    gradient[headBias] = (gradient[headBias] as number) + a;
    gradient[headBias + 1] = (gradient[headBias + 1] as number) + b;
    for (let o = 0; o < h; o++) {
      const v = last.output[i * h + o] as number;
      gradient[heads + o] = (gradient[heads + o] as number) + a * v;
      gradient[heads + h + o] = (gradient[heads + h + o] as number) + b * v;
      delta[i * h + o] = a * (parameters[heads + o] as number) + b * (parameters[heads + h + o] as number);
    }
  }
  for (let l = layout.layers.length - 1; l >= 0; l--) {
    const slots = layout.layers[l] as LayerSlots;
    const state = pass.layers[l] as LayerState;
    const below = l > 0 ? new Float64Array(rows * slots.inputs) : undefined;
    attendBackward(parameters, slots, h, rows, adjacency[l] as Adjacency, state, delta, below, gradient);
    if (below) delta = below;
  }
}

/** One attention layer forward, into `state`'s buffers. */
function attendForward(
  p: Float64Array,
  s: LayerSlots,
  h: number,
  rows: number,
  graph: Adjacency,
  state: LayerState,
): void {
  const { input, projected, selfScore, neighbourScore, attention, output } = state;
  const { inputs: d, attendSelf, attendNeighbour } = s;
  const { offsets, neighbours } = graph;
  // [Wh | Rh + b] for every node in one dense product (the MLP's blocked kernel, which skips zero inputs).
  const { matrix, bias } = stacked(p, s, h);
  const both = new Float64Array(rows * 2 * h);
  denseForward(input, rows, d, matrix, bias, 2 * h, both, false);
  for (let i = 0; i < rows; i++) {
    let scoreSelf = 0;
    let scoreNeighbour = 0;
    const from = i * 2 * h;
    for (let o = 0; o < h; o++) {
      const wh = both[from + o] as number;
      projected[i * h + o] = wh;
      output[i * h + o] = both[from + h + o] as number;
      scoreSelf += (p[attendSelf + o] as number) * wh;
      scoreNeighbour += (p[attendNeighbour + o] as number) * wh;
    }
    selfScore[i] = scoreSelf;
    neighbourScore[i] = scoreNeighbour;
  }
  for (let i = 0; i < rows; i++) {
    const start = offsets[i] as number;
    const end = offsets[i + 1] as number;
    const base = start + i;
    const si = selfScore[i] as number;
    let max = leaky(si + (neighbourScore[i] as number));
    attention[base] = max;
    for (let k = start; k < end; k++) {
      const e = leaky(si + (neighbourScore[neighbours[k] as number] as number));
      attention[base + 1 + k - start] = e;
      if (e > max) max = e;
    }
    const slots = end - start + 1;
    let total = 0;
    for (let k = 0; k < slots; k++) {
      const e = Math.exp((attention[base + k] as number) - max);
      attention[base + k] = e;
      total += e;
    }
    const row = i * h;
    for (let k = 0; k < slots; k++) {
      const alpha = (attention[base + k] as number) / total;
      attention[base + k] = alpha;
      const j = k === 0 ? i : (neighbours[start + k - 1] as number);
      const from = j * h;
      for (let o = 0; o < h; o++)
        output[row + o] = (output[row + o] as number) + alpha * (projected[from + o] as number);
    }
    for (let o = 0; o < h; o++) if ((output[row + o] as number) < 0) output[row + o] = 0;
  }
}

/**
 * One attention layer backward. `delta` (∂loss/∂h' per node) is overwritten; ∂loss/∂h goes into `below`
 * when given; parameter gradients are added into `gradient`.
 */
function attendBackward(
  p: Float64Array,
  s: LayerSlots,
  h: number,
  rows: number,
  graph: Adjacency,
  state: LayerState,
  delta: Float64Array,
  below: Float64Array | undefined,
  gradient: Float64Array,
): void {
  const { input, projected, selfScore, neighbourScore, attention, output } = state;
  const { inputs: d, projection, root, bias, attendSelf, attendNeighbour } = s;
  const { offsets, neighbours } = graph;
  // Through the ReLU: delta becomes ∂loss/∂(pre-activation).
  for (let k = 0; k < rows * h; k++) if ((output[k] as number) <= 0) delta[k] = 0;
  const dProjected = new Float64Array(rows * h);
  const dSelf = new Float64Array(rows);
  const dNeighbour = new Float64Array(rows);
  let widest = 1;
  for (let i = 0; i < rows; i++)
    widest = Math.max(widest, (offsets[i + 1] as number) - (offsets[i] as number) + 1);
  const dAlpha = new Float64Array(widest);
  for (let i = 0; i < rows; i++) {
    const start = offsets[i] as number;
    const slots = (offsets[i + 1] as number) - start + 1;
    const base = start + i;
    const row = i * h;
    let weighted = 0;
    for (let k = 0; k < slots; k++) {
      const j = k === 0 ? i : (neighbours[start + k - 1] as number);
      const alpha = attention[base + k] as number;
      let dot = 0;
      for (let o = 0; o < h; o++) {
        const g = delta[row + o] as number;
        dot += g * (projected[j * h + o] as number);
        dProjected[j * h + o] = (dProjected[j * h + o] as number) + alpha * g;
      }
      dAlpha[k] = dot;
      weighted += alpha * dot;
    }
    const si = selfScore[i] as number;
    for (let k = 0; k < slots; k++) {
      const j = k === 0 ? i : (neighbours[start + k - 1] as number);
      const de = (attention[base + k] as number) * ((dAlpha[k] as number) - weighted);
      const dl = si + (neighbourScore[j] as number) > 0 ? de : ATTENTION_SLOPE * de;
      dSelf[i] = (dSelf[i] as number) + dl;
      dNeighbour[j] = (dNeighbour[j] as number) + dl;
    }
  }
  // ∂loss/∂[Wh | Rh + b] per node, then the dense product's gradients in one blocked pass.
  const dBoth = new Float64Array(rows * 2 * h);
  for (let i = 0; i < rows; i++) {
    const a = dSelf[i] as number;
    const b = dNeighbour[i] as number;
    const row = i * h;
    const to = i * 2 * h;
    for (let o = 0; o < h; o++) {
      const wh = projected[row + o] as number;
      gradient[attendSelf + o] = (gradient[attendSelf + o] as number) + a * wh;
      gradient[attendNeighbour + o] = (gradient[attendNeighbour + o] as number) + b * wh;
      dBoth[to + o] =
        (dProjected[row + o] as number) +
        a * (p[attendSelf + o] as number) +
        b * (p[attendNeighbour + o] as number);
      dBoth[to + h + o] = delta[row + o] as number;
    }
  }
  const { matrix } = stacked(p, s, h);
  const dMatrix = new Float64Array(d * 2 * h);
  const dBias = new Float64Array(2 * h);
  // `below` feeds the layer under this one, whose outputs (this layer's input) are ReLU outputs.
  denseBackward(input, rows, d, matrix, 2 * h, dBoth, dMatrix, dBias, below ?? null);
  for (let o = 0; o < h; o++) {
    gradient[bias + o] = (gradient[bias + o] as number) + (dBias[h + o] as number);
    for (let k = 0; k < d; k++) {
      gradient[projection + o * d + k] =
        (gradient[projection + o * d + k] as number) + (dMatrix[k * 2 * h + o] as number);
      gradient[root + o * d + k] =
        (gradient[root + o * d + k] as number) + (dMatrix[k * 2 * h + h + o] as number);
    }
  }
}

/**
 * W and R of a layer side by side and transposed, inputs × 2·hidden as the dense kernels take them
 * ([W | R]ᵀ), with the bias [0 | b]: one product gives Wh and Rh + b together.
 */
function stacked(p: Float64Array, s: LayerSlots, h: number): { matrix: Float64Array; bias: Float64Array } {
  const d = s.inputs;
  const matrix = new Float64Array(d * 2 * h);
  const bias = new Float64Array(2 * h);
  for (let o = 0; o < h; o++) {
    bias[h + o] = p[s.bias + o] as number;
    for (let k = 0; k < d; k++) {
      matrix[k * 2 * h + o] = p[s.projection + o * d + k] as number;
      matrix[k * 2 * h + h + o] = p[s.root + o * d + k] as number;
    }
  }
  return { matrix, bias };
}

function buffers(rows: number, h: number, slots: number) {
  return {
    projected: new Float64Array(rows * h),
    selfScore: new Float64Array(rows),
    neighbourScore: new Float64Array(rows),
    attention: new Float64Array(slots),
    output: new Float64Array(rows * h),
  };
}

function leaky(v: number): number {
  return v > 0 ? v : ATTENTION_SLOPE * v;
}
