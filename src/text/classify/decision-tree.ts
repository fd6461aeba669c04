/**
 * One Gini decision tree grown on weighted sparse rows (bootstrap counts as weights). Each split draws
 * `candidates` features at random among those present in the node, sorts each one's nonzero values (the
 * absent rows share the value 0) and scans every threshold. A row goes left when its value is at most the
 * threshold; thresholds are values seen in training, so float32 storage keeps every decision exact.
 */
import type { SparseRows } from "./sparse.js";

/** Limits of one tree. */
export interface TreeLimits {
  maxDepth: number;
  /** Smallest total weight allowed on either side of a split. */
  minLeaf: number;
  /** Features drawn per split. */
  candidates: number;
}

/**
 * Nodes of many trees in preorder, one list: a split's left child follows it, `right` holds its right child;
 * a leaf has feature −1 and `right` = its leaf id, whose class shares are leafClass/leafShare[leafStart[id]..].
 */
export interface TreeNodes {
  feature: number[];
  threshold: number[];
  right: number[];
  leafStart: number[];
  leafClass: number[];
  leafShare: number[];
}

/** Empty node lists to grow trees into. */
export function emptyNodes(): TreeNodes {
  return { feature: [], threshold: [], right: [], leafStart: [0], leafClass: [], leafShare: [] };
}

/** Relative Gini gain a split must exceed, so rounding noise never splits a node. */
const MIN_GAIN = 1e-12;

/** The best split found in a node. */
interface Split {
  feature: number;
  threshold: number;
  slot: number;
}

/** Grows trees over one training set; scratch buffers are shared by all trees. */
export class TreeGrower {
  private readonly classes: number;
  private readonly order: Int32Array;
  private readonly buffer: Int32Array;
  private readonly goesRight: Uint8Array;
  private readonly presentStamp: Int32Array;
  private readonly present: Int32Array;
  private readonly slotStamp: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly entryValue: Float64Array;
  private readonly entryRow: Int32Array;
  private stamp = 0;

  /** `columns` maps the local feature numbers of `x` to the column numbers stored in the nodes. */
  constructor(
    private readonly x: SparseRows,
    private readonly y: Int32Array,
    classes: number,
    private readonly columns: Int32Array,
  ) {
    this.classes = classes;
    this.order = new Int32Array(x.rows);
    this.buffer = new Int32Array(x.rows);
    this.goesRight = new Uint8Array(x.rows);
    this.presentStamp = new Int32Array(x.cols);
    this.present = new Int32Array(x.cols);
    this.slotStamp = new Int32Array(x.cols);
    this.slotOf = new Int32Array(x.cols);
    this.entryValue = new Float64Array(x.indices.length);
    this.entryRow = new Int32Array(x.indices.length);
  }

  /** Appends one tree grown on rows of positive `weight` to `nodes`; returns its root index. */
  grow(weight: Float64Array, limits: TreeLimits, random: () => number, nodes: TreeNodes): number {
    let size = 0;
    for (let r = 0; r < this.x.rows; r++) if (weight[r]! > 0) this.order[size++] = r;
    const root = nodes.feature.length;
    this.node(0, size, 0, { weight, limits, random, nodes });
    return root;
  }

  private node(start: number, end: number, depth: number, tree: GrowingTree): void {
    const counts = new Float64Array(this.classes);
    let total = 0;
    for (let i = start; i < end; i++) {
      const row = this.order[i]!;
      counts[this.y[row]!]! += tree.weight[row]!;
      total += tree.weight[row]!;
    }
    const pure = counts.some((count) => count === total);
    const split =
      pure || depth >= tree.limits.maxDepth || total < 2 * tree.limits.minLeaf
        ? undefined
        : this.bestSplit(start, end, counts, total, tree);
    const { nodes } = tree;
    if (!split) {
      emitLeaf(counts, total, nodes);
      return;
    }
    const at = nodes.feature.length;
    nodes.feature.push(this.columns[split.feature]!);
    nodes.threshold.push(split.threshold);
    nodes.right.push(-1);
    const middle = this.partition(start, end);
    this.node(start, middle, depth + 1, tree);
    nodes.right[at] = nodes.feature.length;
    this.node(middle, end, depth + 1, tree);
  }

  /** Draws candidate features among those present and returns the split of highest Gini gain, if any. */
  private bestSplit(start: number, end: number, counts: Float64Array, total: number, tree: GrowingTree) {
    const stamp = ++this.stamp;
    const { x } = this;
    let presentCount = 0;
    for (let i = start; i < end; i++) {
      const row = this.order[i]!;
      for (let p = x.indptr[row]!; p < x.indptr[row + 1]!; p++) {
        const f = x.indices[p]!;
        if (this.presentStamp[f] === stamp) continue;
        this.presentStamp[f] = stamp;
        this.present[presentCount++] = f;
      }
    }
    const drawn = Math.min(tree.limits.candidates, presentCount);
    for (let i = 0; i < drawn; i++) {
      const j = i + Math.floor(tree.random() * (presentCount - i));
      const f = this.present[j]!;
      this.present[j] = this.present[i]!;
      this.present[i] = f;
      this.slotStamp[f] = stamp;
      this.slotOf[f] = i;
    }
    const slotStart = this.gatherEntries(start, end, drawn, stamp);
    let best: Split | undefined;
    let bestScore = (sumOfSquares(counts) / total) * (1 + MIN_GAIN);
    for (let slot = 0; slot < drawn; slot++) {
      const found = this.scanFeature(slotStart[slot]!, slotStart[slot + 1]!, counts, total, tree);
      if (found.score > bestScore) {
        bestScore = found.score;
        best = { feature: this.present[slot]!, threshold: found.threshold, slot };
      }
    }
    if (best)
      for (let e = slotStart[best.slot]!; e < slotStart[best.slot + 1]!; e++)
        this.goesRight[this.entryRow[e]!] = this.entryValue[e]! > best.threshold ? 1 : 0;
    return best;
  }

  /** Copies the nonzero (value, row) entries of the drawn features, grouped by slot; returns slot offsets. */
  private gatherEntries(start: number, end: number, drawn: number, stamp: number): Int32Array {
    const { x } = this;
    const slotStart = new Int32Array(drawn + 1);
    for (let i = start; i < end; i++) {
      const row = this.order[i]!;
      for (let p = x.indptr[row]!; p < x.indptr[row + 1]!; p++) {
        const f = x.indices[p]!;
        if (this.slotStamp[f] === stamp) slotStart[this.slotOf[f]! + 1]!++;
      }
    }
    for (let s = 0; s < drawn; s++) slotStart[s + 1]! += slotStart[s]!;
    const fill = slotStart.slice(0, drawn);
    for (let i = start; i < end; i++) {
      const row = this.order[i]!;
      for (let p = x.indptr[row]!; p < x.indptr[row + 1]!; p++) {
        const f = x.indices[p]!;
        if (this.slotStamp[f] !== stamp) continue;
        const e = fill[this.slotOf[f]!]!++;
        this.entryValue[e] = x.values[p]!;
        this.entryRow[e] = row;
      }
    }
    return slotStart;
  }

  /**
   * Scans the thresholds of one feature: the rows without it (value 0) start on the left, then nonzero
   * entries move left in ascending value. Score = Σ left²/left + Σ right²/right (higher is purer).
   */
  private scanFeature(from: number, to: number, counts: Float64Array, total: number, tree: GrowingTree) {
    const k = this.classes;
    const { weight, limits } = tree;
    const sorted = Int32Array.from({ length: to - from }, (_, i) => from + i).sort(
      (a, b) => this.entryValue[a]! - this.entryValue[b]! || this.entryRow[a]! - this.entryRow[b]!,
    );
    const left = Float64Array.from(counts);
    const right = new Float64Array(k);
    let rightWeight = 0;
    for (const e of sorted) {
      const row = this.entryRow[e]!;
      left[this.y[row]!]! -= weight[row]!;
      right[this.y[row]!]! += weight[row]!;
      rightWeight += weight[row]!;
    }
    let leftWeight = total - rightWeight;
    let leftSquares = sumOfSquares(left);
    let rightSquares = sumOfSquares(right);
    let bestScore = Number.NEGATIVE_INFINITY;
    let bestThreshold = 0;
    const allowed = () =>
      leftWeight >= limits.minLeaf && rightWeight >= limits.minLeaf && leftWeight > 0 && rightWeight > 0;
    if (allowed()) {
      bestScore = leftSquares / leftWeight + rightSquares / rightWeight;
      bestThreshold = 0;
    }
    for (let i = 0; i < sorted.length; i++) {
      const e = sorted[i]!;
      const row = this.entryRow[e]!;
      const c = this.y[row]!;
      const w = weight[row]!;
      leftSquares += (left[c]! + w) ** 2 - left[c]! ** 2;
      rightSquares += (right[c]! - w) ** 2 - right[c]! ** 2;
      left[c]! += w;
      right[c]! -= w;
      leftWeight += w;
      rightWeight -= w;
      const value = this.entryValue[e]!;
      const next = sorted[i + 1];
      if (next === undefined || this.entryValue[next]! <= value || !allowed()) continue;
      const score = leftSquares / leftWeight + rightSquares / rightWeight;
      if (score > bestScore) {
        bestScore = score;
        bestThreshold = value;
      }
    }
    return { score: bestScore, threshold: bestThreshold };
  }

  /** Moves the node's left rows (goesRight 0, set by bestSplit) before its right rows (each keeping its order); returns the boundary. */
  private partition(start: number, end: number): number {
    let write = start;
    let spill = 0;
    for (let i = start; i < end; i++) {
      const row = this.order[i]!;
      if (this.goesRight[row] === 1) this.buffer[spill++] = row;
      else this.order[write++] = row;
    }
    this.order.set(this.buffer.subarray(0, spill), write);
    for (let i = write; i < end; i++) this.goesRight[this.order[i]!] = 0;
    return write;
  }
}

/** One tree being grown: its row weights, limits, random stream and the node lists it appends to. */
interface GrowingTree {
  weight: Float64Array;
  limits: TreeLimits;
  random: () => number;
  nodes: TreeNodes;
}

function sumOfSquares(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return sum;
}

/** Appends a leaf holding the nonzero class shares of `counts`. */
function emitLeaf(counts: Float64Array, total: number, nodes: TreeNodes): void {
  const leaf = nodes.leafStart.length - 1;
  nodes.feature.push(-1);
  nodes.threshold.push(0);
  nodes.right.push(leaf);
  counts.forEach((count, c) => {
    if (count > 0) {
      nodes.leafClass.push(c);
      nodes.leafShare.push(count / total);
    }
  });
  nodes.leafStart.push(nodes.leafClass.length);
}
