/**
 * k nearest neighbours by cosine similarity. Rows are L2-normalized, so cosine is the dot product; an
 * inverted index (term → training rows holding it) means scoring a message touches only the training rows
 * that share a term with it. Probabilities are the similarity-weighted (or uniform) votes of the k most
 * similar rows; a message sharing no term with any training row gets the training class shares.
 */
import { NudgeError } from "../../core/index.js";
import {
  checkWholeParam,
  envelope,
  notFitted,
  type TextClassifier,
  type TextClassifierJSON,
} from "./classifier.js";
import { packFloat32, packInt32, unpackFloat32, unpackInt32 } from "./packed.js";
import { checkScoringRows, checkTrainingSet, classCounts, type SparseRows } from "./sparse.js";

/** How neighbours vote. */
export type KnnWeighting = "similarity" | "uniform";

/** Parameters of the neighbour vote. */
export interface KnnParams {
  /** Neighbours that vote. */
  k: number;
  /** "similarity": each vote weighs its cosine; "uniform": one vote each. */
  weighting: KnnWeighting;
}

/** Defaults: five neighbours, votes weighted by similarity. */
export const DEFAULT_KNN: KnnParams = { k: 5, weighting: "similarity" };

/** The training rows, their labels, and the column-wise (inverted) copy used for scoring. */
interface KnnState {
  train: SparseRows;
  labels: Int32Array;
  prior: Float64Array;
  columnStart: Int32Array;
  columnRows: Int32Array;
  columnValues: Float32Array;
}

/** The k most similar rows so far, best first (similarity descending, then row ascending). */
interface Neighbours {
  rows: Int32Array;
  similarities: Float64Array;
  size: number;
}

/** Cosine k-nearest-neighbour classifier over an inverted index. */
export class KnnClassifier implements TextClassifier {
  readonly kind = "knn" as const;
  readonly params: KnnParams;
  classes: readonly string[] = [];
  private state: KnnState | undefined;

  constructor(params: Partial<KnnParams> = {}) {
    const merged = { ...DEFAULT_KNN, ...params };
    if (merged.weighting !== "similarity" && merged.weighting !== "uniform")
      throw new NudgeError(
        "INPUT_INVALID",
        `knn weighting must be "similarity" or "uniform", got ${merged.weighting}`,
      );
    this.params = { k: checkWholeParam("knn", "k", merged.k, 1), weighting: merged.weighting };
  }

  /** Keeps the training rows and indexes them by term. */
  fit(x: SparseRows, y: Int32Array, classes: readonly string[]): this {
    checkTrainingSet(x, y, classes);
    this.classes = [...classes];
    this.state = indexed(copyRows(x), Int32Array.from(y), classes.length);
    return this;
  }

  /** Votes of the k most similar training rows per row. */
  predictProba(x: SparseRows): Float32Array {
    const state = this.state;
    if (!state) throw notFitted(this.kind);
    checkScoringRows(x, state.train.cols);
    const k = this.classes.length;
    const out = new Float32Array(x.rows * k);
    const similarity = new Float64Array(state.train.rows);
    const touched = new Int32Array(state.train.rows);
    // stamp[row] = r + 1 once query r has touched the row: marks without clearing between queries.
    const stamp = new Int32Array(state.train.rows);
    const neighbours: Neighbours = {
      rows: new Int32Array(this.params.k),
      similarities: new Float64Array(this.params.k),
      size: 0,
    };
    for (let r = 0; r < x.rows; r++) {
      const count = accumulateSimilarities(state, x, r, similarity, touched, stamp);
      nearest(similarity, touched, count, neighbours);
      for (let t = 0; t < count; t++) similarity[touched[t]!] = 0;
      vote(neighbours, state, this.params.weighting, out.subarray(r * k, (r + 1) * k));
    }
    return out;
  }

  /** The training rows and labels (CSR as base64); the inverted index is rebuilt on load. */
  toJSON(): TextClassifierJSON {
    const state = this.state;
    if (!state) throw notFitted(this.kind);
    return envelope(this, state.train.cols, {
      rows: state.train.rows,
      indptr: packInt32(state.train.indptr),
      indices: packInt32(state.train.indices),
      values: packFloat32(state.train.values),
      labels: packInt32(state.labels),
    });
  }

  restore(json: TextClassifierJSON): this {
    const rows = json.state.rows;
    if (typeof rows !== "number")
      throw new NudgeError("INPUT_INVALID", "stored knn model lacks its row count");
    const indptr = unpackInt32(json.state.indptr, "knn indptr", rows + 1);
    const nonzeros = indptr[rows]!;
    const train: SparseRows = {
      rows,
      cols: json.cols,
      indptr,
      indices: unpackInt32(json.state.indices, "knn indices", nonzeros),
      values: unpackFloat32(json.state.values, "knn values", nonzeros),
    };
    this.classes = [...json.classes];
    this.state = indexed(train, unpackInt32(json.state.labels, "knn labels", rows), json.classes.length);
    return this;
  }
}

function copyRows(x: SparseRows): SparseRows {
  return {
    rows: x.rows,
    cols: x.cols,
    indptr: Int32Array.from(x.indptr),
    indices: Int32Array.from(x.indices),
    values: Float32Array.from(x.values),
  };
}

/** Builds the inverted index (CSC) of the training rows and the class shares used when nothing matches. */
function indexed(train: SparseRows, labels: Int32Array, classes: number): KnnState {
  const columnStart = new Int32Array(train.cols + 1);
  for (let p = 0; p < train.indices.length; p++) columnStart[train.indices[p]! + 1]!++;
  for (let j = 0; j < train.cols; j++) columnStart[j + 1]! += columnStart[j]!;
  const fill = columnStart.slice(0, train.cols);
  const columnRows = new Int32Array(train.indices.length);
  const columnValues = new Float32Array(train.indices.length);
  for (let r = 0; r < train.rows; r++)
    for (let p = train.indptr[r]!; p < train.indptr[r + 1]!; p++) {
      const at = fill[train.indices[p]!]!++;
      columnRows[at] = r;
      columnValues[at] = train.values[p]!;
    }
  const prior = classCounts(labels, classes).map((count) => count / labels.length);
  return { train, labels, prior, columnStart, columnRows, columnValues };
}

/** Adds row r's dot product with every training row sharing a term; returns how many rows it touched. */
function accumulateSimilarities(
  state: KnnState,
  x: SparseRows,
  r: number,
  similarity: Float64Array,
  touched: Int32Array,
  stamp: Int32Array,
): number {
  let count = 0;
  for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
    const v = x.values[p]!;
    if (v === 0) continue;
    const j = x.indices[p]!;
    for (let q = state.columnStart[j]!; q < state.columnStart[j + 1]!; q++) {
      const row = state.columnRows[q]!;
      if (stamp[row] !== r + 1) {
        stamp[row] = r + 1;
        touched[count++] = row;
      }
      similarity[row]! += v * state.columnValues[q]!;
    }
  }
  return count;
}

/** Keeps the k touched rows of highest positive similarity (ties: lower row first). */
function nearest(similarity: Float64Array, touched: Int32Array, count: number, best: Neighbours): void {
  const k = best.rows.length;
  best.size = 0;
  for (let t = 0; t < count; t++) {
    const row = touched[t]!;
    const s = similarity[row]!;
    if (!(s > 0)) continue;
    if (best.size === k && !better(s, row, best.similarities[k - 1]!, best.rows[k - 1]!)) continue;
    let at = best.size < k ? best.size++ : k - 1;
    while (at > 0 && better(s, row, best.similarities[at - 1]!, best.rows[at - 1]!)) {
      best.similarities[at] = best.similarities[at - 1]!;
      best.rows[at] = best.rows[at - 1]!;
      at--;
    }
    best.similarities[at] = s;
    best.rows[at] = row;
  }
}

function better(s: number, row: number, otherS: number, otherRow: number): boolean {
  return s > otherS || (s === otherS && row < otherRow);
}

/** Writes the neighbours' vote shares into `out`, or the training class shares when there are none. */
function vote(best: Neighbours, state: KnnState, weighting: KnnWeighting, out: Float32Array): void {
  if (best.size === 0) {
    for (let c = 0; c < out.length; c++) out[c] = state.prior[c]!;
    return;
  }
  const tally = new Float64Array(out.length);
  let total = 0;
  for (let n = 0; n < best.size; n++) {
    const weight = weighting === "similarity" ? best.similarities[n]! : 1;
    tally[state.labels[best.rows[n]!]!]! += weight;
    total += weight;
  }
  for (let c = 0; c < out.length; c++) out[c] = tally[c]! / total;
}
