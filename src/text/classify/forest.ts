/**
 * Random forest for sparse text: the `selectedFeatures` columns of highest chi-square are kept, then
 * `trees` Gini trees are grown on bootstrap samples (seeded), each split drawing √(kept features) candidates
 * among the features present in its node. Probabilities are the mean of the trees' leaf class shares, as
 * scikit-learn's `RandomForestClassifier`. Nodes are stored with original column numbers, so scoring needs
 * no feature map.
 */
import { Rng } from "../../core/index.js";
import { chiSquareScores, keepColumns, topColumns } from "./chi-square.js";
import {
  checkWholeParam,
  envelope,
  notFitted,
  type TextClassifier,
  type TextClassifierJSON,
} from "./classifier.js";
import { emptyNodes, TreeGrower, type TreeNodes } from "./decision-tree.js";
import { packFloat32, packInt32, unpackFloat32, unpackInt32 } from "./packed.js";
import { checkScoringRows, checkTrainingSet, type SparseRows } from "./sparse.js";

/** Parameters of the forest. */
export interface ForestParams {
  trees: number;
  /** Columns of highest chi-square the trees may split on. */
  selectedFeatures: number;
  maxDepth: number;
  /** Smallest bootstrap weight on either side of a split. */
  minLeaf: number;
  seed: number;
}

/** Defaults: 100 trees on the 2,000 most class-related columns, depth at most 40. */
export const DEFAULT_FOREST: ForestParams = {
  trees: 100,
  selectedFeatures: 2000,
  maxDepth: 40,
  minLeaf: 1,
  seed: 0,
};

/** The fitted trees in typed arrays (see `TreeNodes` for the layout); `roots[t]` starts tree t. */
interface ForestState {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float32Array;
  right: Int32Array;
  leafStart: Int32Array;
  leafClass: Int32Array;
  leafShare: Float32Array;
}

/** Bagged Gini trees over chi-square-selected columns. */
export class RandomForestClassifier implements TextClassifier {
  readonly kind = "forest" as const;
  readonly params: ForestParams;
  classes: readonly string[] = [];
  private cols = 0;
  private state: ForestState | undefined;

  constructor(params: Partial<ForestParams> = {}) {
    const merged = { ...DEFAULT_FOREST, ...params };
    this.params = {
      trees: checkWholeParam("forest", "trees", merged.trees, 1),
      selectedFeatures: checkWholeParam("forest", "selectedFeatures", merged.selectedFeatures, 1),
      maxDepth: checkWholeParam("forest", "maxDepth", merged.maxDepth, 1),
      minLeaf: checkWholeParam("forest", "minLeaf", merged.minLeaf, 1),
      seed: checkWholeParam("forest", "seed", merged.seed, 0, 2 ** 32 - 1),
    };
  }

  /** Selects columns by chi-square, then grows each tree on its own seeded bootstrap sample. */
  fit(x: SparseRows, y: Int32Array, classes: readonly string[]): this {
    checkTrainingSet(x, y, classes);
    const { trees, selectedFeatures, maxDepth, minLeaf, seed } = this.params;
    const columns = topColumns(chiSquareScores(x, y, classes.length), selectedFeatures);
    const grower = new TreeGrower(keepColumns(x, columns), y, classes.length, columns);
    const limits = { maxDepth, minLeaf, candidates: Math.max(1, Math.ceil(Math.sqrt(columns.length))) };
    const nodes = emptyNodes();
    const roots = new Int32Array(trees);
    for (let t = 0; t < trees; t++) {
      const rng = new Rng(treeSeed(seed, t));
      roots[t] = grower.grow(bootstrapWeights(x.rows, rng), limits, rng.next, nodes);
    }
    this.classes = [...classes];
    this.cols = x.cols;
    this.state = stateOf(roots, nodes);
    return this;
  }

  /** Mean over trees of the class shares in the leaf each row reaches. */
  predictProba(x: SparseRows): Float32Array {
    const state = this.state;
    if (!state) throw notFitted(this.kind);
    checkScoringRows(x, this.cols);
    const k = this.classes.length;
    const out = new Float32Array(x.rows * k);
    const dense = new Float32Array(x.cols);
    const sums = new Float64Array(k);
    for (let r = 0; r < x.rows; r++) {
      for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) dense[x.indices[p]!] = x.values[p]!;
      sums.fill(0);
      for (let t = 0; t < state.roots.length; t++) addLeafShares(state, state.roots[t]!, dense, sums);
      for (let c = 0; c < k; c++) out[r * k + c] = sums[c]! / state.roots.length;
      for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) dense[x.indices[p]!] = 0;
    }
    return out;
  }

  /** Node and leaf arrays as base64. */
  toJSON(): TextClassifierJSON {
    const state = this.state;
    if (!state) throw notFitted(this.kind);
    return envelope(this, this.cols, {
      nodes: state.feature.length,
      leaves: state.leafStart.length - 1,
      entries: state.leafClass.length,
      roots: packInt32(state.roots),
      feature: packInt32(state.feature),
      threshold: packFloat32(state.threshold),
      right: packInt32(state.right),
      leafStart: packInt32(state.leafStart),
      leafClass: packInt32(state.leafClass),
      leafShare: packFloat32(state.leafShare),
    });
  }

  restore(json: TextClassifierJSON): this {
    const { nodes, leaves, entries } = json.state as { nodes: number; leaves: number; entries: number };
    this.classes = [...json.classes];
    this.cols = json.cols;
    this.state = {
      roots: unpackInt32(json.state.roots, "forest roots", this.params.trees),
      feature: unpackInt32(json.state.feature, "forest feature", nodes),
      threshold: unpackFloat32(json.state.threshold, "forest threshold", nodes),
      right: unpackInt32(json.state.right, "forest right", nodes),
      leafStart: unpackInt32(json.state.leafStart, "forest leafStart", leaves + 1),
      leafClass: unpackInt32(json.state.leafClass, "forest leafClass", entries),
      leafShare: unpackFloat32(json.state.leafShare, "forest leafShare", entries),
    };
    return this;
  }
}

/** A per-tree seed: trees are independent streams, and adding trees leaves the first ones unchanged. */
function treeSeed(seed: number, tree: number): number {
  return (seed ^ Math.imul(tree + 1, 0x9e3779b1)) >>> 0;
}

/** How often each row is drawn in a bootstrap sample of the same size. */
function bootstrapWeights(rows: number, rng: Rng): Float64Array {
  const weight = new Float64Array(rows);
  for (let i = 0; i < rows; i++) weight[Math.floor(rng.next() * rows)]!++;
  return weight;
}

function stateOf(roots: Int32Array, nodes: TreeNodes): ForestState {
  return {
    roots,
    feature: Int32Array.from(nodes.feature),
    threshold: Float32Array.from(nodes.threshold),
    right: Int32Array.from(nodes.right),
    leafStart: Int32Array.from(nodes.leafStart),
    leafClass: Int32Array.from(nodes.leafClass),
    leafShare: Float32Array.from(nodes.leafShare),
  };
}

/** Walks one tree for a densified row and adds its leaf's class shares. */
function addLeafShares(state: ForestState, root: number, dense: Float32Array, sums: Float64Array): void {
  let node = root;
  for (let f = state.feature[node]!; f >= 0; f = state.feature[node]!)
    node = dense[f]! <= state.threshold[node]! ? node + 1 : state.right[node]!;
  const leaf = state.right[node]!;
  for (let e = state.leafStart[leaf]!; e < state.leafStart[leaf + 1]!; e++)
    sums[state.leafClass[e]!]! += state.leafShare[e]!;
}
