/**
 * k-means clustering of a numeric matrix (rows × dims, row-major): greedy k-means++ seeding, then exact
 * Lloyd iterations accelerated by Hamerly's bounds ("full", scikit-learn's `KMeans` semantics), or seeded
 * mini-batches for very large data ("minibatch", scikit-learn's `MiniBatchKMeans` update). Synchronous,
 * single-threaded and seeded: the same input, options and seed give the same clustering. The hot loops run
 * in WebAssembly SIMD (kmeans-engine.ts); a million rows of 20 columns take about two seconds for k = 16.
 */
import { NudgeError, Rng } from "../core/index.js";
import { type KMeansEngine, kmeansEngine } from "./kmeans-engine.js";
import { squaredDistance } from "./kmeans-kernels.js";
import { lloyd, lloydBytes } from "./kmeans-lloyd.js";
import { miniBatch, miniBatchBytes } from "./kmeans-minibatch.js";
import { seedCentres, seedingBytes } from "./kmeans-seeding.js";

/** Iteration cap of full mode (scikit-learn's `max_iter`). */
export const DEFAULT_MAX_ITERATIONS = 300;

/** Iteration cap of mini-batch mode, in passes over the data (scikit-learn's MiniBatchKMeans `max_iter`). */
export const DEFAULT_MINIBATCH_PASSES = 100;

/** Relative convergence tolerance, scaled by the mean per-feature variance (scikit-learn's `tol`). */
export const DEFAULT_TOLERANCE = 1e-4;

/** Rows per mini-batch (scikit-learn's default `batch_size`). */
export const DEFAULT_BATCH_SIZE = 1024;

/** How to cluster. */
export interface KMeansOptions {
  /** Number of clusters, 1 ≤ k ≤ rows. */
  k: number;
  /** Seed of every random choice (k-means++ draws, mini-batches). */
  seed: number;
  /** Independent seeded starts; the lowest inertia wins (default 1). */
  starts?: number;
  /** Lloyd iterations at most (default 300); in mini-batch mode, passes over the data (default 100). */
  maxIterations?: number;
  /**
   * Stop when the squared centre movement, summed, is at most tolerance × mean per-feature variance
   * (scikit-learn's rule, default 1e-4); also stop when no label changes. Full mode only.
   */
  tolerance?: number;
  /**
   * "full" (default): exact Lloyd. "minibatch" (for large data): seeded batches of batchSize, per-centre
   * learning rates as in Sculley 2010 / scikit-learn MiniBatchKMeans, then one full assignment pass for
   * labels and inertia.
   */
  mode?: "full" | "minibatch";
  /** Rows per mini-batch (default 1024). */
  batchSize?: number;
  /** Called after every Lloyd iteration (mini-batch mode: every batch), e.g. for a progress bar. */
  onIteration?: (iteration: number) => void;
  /**
   * Where distances are computed: "wasm" (default; WebAssembly SIMD, falling back to JavaScript where it is
   * missing) or "js". Both give the same clustering up to rounding in the last bits.
   */
  engine?: "wasm" | "js";
}

/** A fitted clustering. */
export interface KMeansResult {
  k: number;
  dims: number;
  /** k × dims, row-major. */
  centroids: Float64Array;
  /** Cluster of each row. */
  labels: Int32Array;
  /** Rows per cluster. */
  sizes: number[];
  /** Sum of squared distances of rows to their centre. */
  inertia: number;
  /** Lloyd iterations of the winning start (mini-batch mode: batches). */
  iterations: number;
}

/** Throws INPUT_INVALID unless x holds rows × dims finite numbers; names the first bad cell. */
export function checkMatrix(x: Float32Array | Float64Array, rows: number, dims: number): void {
  if (!Number.isInteger(rows) || rows < 1)
    throw new NudgeError("INPUT_INVALID", `clustering needs at least one row, got ${rows}`, { rows });
  if (!Number.isInteger(dims) || dims < 1)
    throw new NudgeError("INPUT_INVALID", `clustering needs at least one column, got ${dims}`, { dims });
  if (x.length !== rows * dims)
    throw new NudgeError("INPUT_INVALID", `matrix holds ${x.length} values, not ${rows} × ${dims}`, {
      length: x.length,
      rows,
      dims,
    });
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]!)) {
      const row = Math.floor(i / dims);
      const column = i % dims;
      throw new NudgeError("INPUT_INVALID", `value at row ${row}, column ${column} is ${x[i]}, not finite`, {
        row,
        column,
      });
    }
}

/**
 * Mean over columns of each column's population variance (numpy's `var`), in one pass over values shifted by
 * the first row, which keeps the sums small enough that E[d²] − E[d]² loses nothing that matters here.
 */
function meanColumnVariance(x: Float64Array, rows: number, dims: number): number {
  const sum = new Float64Array(dims);
  const squares = new Float64Array(dims);
  for (let i = 0, o = 0; i < rows; i++)
    for (let f = 0; f < dims; f++, o++) {
      const d = x[o]! - x[f]!;
      sum[f]! += d;
      squares[f]! += d * d;
    }
  let total = 0;
  for (let f = 0; f < dims; f++) {
    const mean = sum[f]! / rows;
    total += Math.max(0, squares[f]! / rows - mean * mean);
  }
  return total / dims;
}

/** Sum of squared distances of the rows to the centre of their cluster. */
function inertiaOf(x: Float64Array, rows: number, dims: number, centres: Float64Array, labels: Int32Array) {
  let total = 0;
  for (let i = 0; i < rows; i++) total += squaredDistance(x, i, centres, labels[i]!, dims);
  return total;
}

/** Checks the options once and fills in the defaults. */
function settle(rows: number, options: KMeansOptions) {
  const { k, seed } = options;
  const mode = options.mode ?? "full";
  const starts = options.starts ?? 1;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const maxIterations =
    options.maxIterations ?? (mode === "full" ? DEFAULT_MAX_ITERATIONS : DEFAULT_MINIBATCH_PASSES);
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const bad = (message: string) => new NudgeError("INPUT_INVALID", message, { k, rows });
  if (!Number.isInteger(k) || k < 1) throw bad(`k must be a whole number ≥ 1, got ${k}`);
  if (k > rows) throw bad(`k = ${k} exceeds the ${rows} rows`);
  if (!Number.isFinite(seed)) throw bad(`seed must be a number, got ${seed}`);
  if (!Number.isInteger(starts) || starts < 1) throw bad(`starts must be a whole number ≥ 1, got ${starts}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1)
    throw bad(`maxIterations must be a whole number ≥ 1, got ${maxIterations}`);
  if (!(tolerance >= 0)) throw bad(`tolerance must be ≥ 0, got ${tolerance}`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw bad(`batchSize must be a whole number ≥ 1, got ${batchSize}`);
  if (mode !== "full" && mode !== "minibatch") throw bad(`mode must be "full" or "minibatch", got ${mode}`);
  const engine = options.engine ?? "wasm";
  if (engine !== "wasm" && engine !== "js") throw bad(`engine must be "wasm" or "js", got ${engine}`);
  return {
    k,
    seed,
    mode,
    starts,
    batchSize,
    maxIterations,
    tolerance,
    engine,
    onIteration: options.onIteration,
  };
}

/** Settled options. */
type Settled = ReturnType<typeof settle>;

/** Bytes of engine arrays a start takes (each start hands its arrays back). */
function startBytes(o: Settled, rows: number, dims: number): number {
  return o.mode === "full"
    ? seedingBytes(rows, dims, o.k) + lloydBytes(o.k, dims)
    : miniBatchBytes(o.k, dims) + nearestBytes(rows, o.k);
}

/** Exact Lloyd from k-means++ seeding, once per start. */
function fitFull(engine: KMeansEngine, o: Settled): KMeansResult {
  const { x, rows, dims } = engine;
  const rng = new Rng(o.seed);
  const tolerance = o.tolerance * meanColumnVariance(x, rows, dims);
  let best: KMeansResult | undefined;
  for (let start = 0; start < o.starts; start++) {
    const mark = engine.mark();
    const fit = lloyd(engine, seedCentres(engine, o.k, rng), { ...o, tolerance });
    const inertia = inertiaOf(x, rows, dims, fit.centres, fit.labels);
    // Copies, so the result does not hold the engine's memory.
    if (best === undefined || inertia < best.inertia)
      best = {
        k: o.k,
        dims,
        centroids: fit.centres.slice(),
        labels: fit.labels.slice(),
        sizes: Array.from(fit.counts),
        inertia,
        iterations: fit.iterations,
      };
    engine.release(mark);
  }
  return best!;
}

/** Mini-batch k-means once per start, each followed by a full assignment pass. */
function fitMiniBatch(engine: KMeansEngine, o: Settled): KMeansResult {
  const rng = new Rng(o.seed);
  let best: KMeansResult | undefined;
  for (let start = 0; start < o.starts; start++) {
    const mark = engine.mark();
    const fit = miniBatch(engine, rng, o);
    const assigned = nearestCentres(engine, fit.centres, o.k);
    const inertia = assigned.distances.reduce((a, b) => a + b, 0);
    if (best === undefined || inertia < best.inertia)
      best = {
        k: o.k,
        dims: engine.dims,
        centroids: fit.centres.slice(),
        labels: assigned.labels,
        sizes: sizesOf(assigned.labels, o.k),
        inertia,
        iterations: fit.steps,
      };
    engine.release(mark);
  }
  return best!;
}

/**
 * Clusters the rows of x (rows × dims, row-major) into k clusters. Each start seeds with k-means++ from one
 * seeded generator (so `starts: 1` is the first start of `starts: 10`) and the lowest inertia wins. The rows
 * are copied once (into WebAssembly memory, or to float64 when they are float32 and the engine is "js").
 */
export function kmeans(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  options: KMeansOptions,
): KMeansResult {
  checkMatrix(x, rows, dims);
  const o = settle(rows, options);
  const engine = kmeansEngine(x, rows, dims, startBytes(o, rows, dims), o.engine);
  return o.mode === "full" ? fitFull(engine, o) : fitMiniBatch(engine, o);
}

/** Rows per cluster. */
function sizesOf(labels: Int32Array, k: number): number[] {
  const sizes = new Array<number>(k).fill(0);
  for (const c of labels) sizes[c]!++;
  return sizes;
}

/** Bytes of engine arrays `nearestCentres` takes. */
function nearestBytes(rows: number, k: number): number {
  return 12 * rows + 8 * k;
}

/** Nearest centre (lowest index on ties) of every row of the engine and its squared distance, as copies. */
function nearestCentres(engine: KMeansEngine, centres: Float64Array, k: number) {
  const labels = engine.int32(engine.rows);
  const distances = engine.float64(engine.rows);
  engine.nearest(centres, labels, distances, engine.float64(k));
  return { labels: labels.slice(), distances: distances.slice() };
}

/** Nearest centre of each row (for rows the clustering never saw) and its squared distance. */
export function assignClusters(
  centroids: Float64Array,
  k: number,
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
): { labels: Int32Array; distances: Float64Array } {
  checkMatrix(x, rows, dims);
  if (!Number.isInteger(k) || k < 1 || centroids.length !== k * dims)
    throw new NudgeError("INPUT_INVALID", `centroids hold ${centroids.length} values, not ${k} × ${dims}`, {
      k,
      dims,
    });
  const engine = kmeansEngine(x, rows, dims, 8 * k * dims + nearestBytes(rows, k));
  const centres = engine.float64(k * dims);
  centres.set(centroids);
  return nearestCentres(engine, centres, k);
}
