/**
 * Mini-batch k-means (Sculley 2010) as scikit-learn's MiniBatchKMeans runs it: k-means++ on a seeded sample
 * of the rows, then seeded batches drawn with replacement; each centre moves towards the mean of its batch
 * rows with a learning rate of one over the rows it has absorbed so far. Centres that absorb almost nothing
 * are re-seeded on random batch rows, and the run stops when the smoothed batch inertia has not improved for
 * a few batches. Labels and inertia come from one full assignment pass afterwards (in kmeans.ts).
 */
import type { Rng } from "../core/index.js";
import { type KMeansEngine, kmeansEngine } from "./kmeans-engine.js";
import { seedCentres, seedingBytes } from "./kmeans-seeding.js";

/** Rows of the seeding sample per batch row (scikit-learn's `init_size` = 3 × batch_size). */
const INIT_SAMPLE_PER_BATCH_ROW = 3;

/** A centre is re-seeded when it has absorbed less than this share of the busiest centre's rows. */
const REASSIGNMENT_RATIO = 0.01;

/** Re-seeding is considered once every this many rows × k have been drawn (or whenever a centre is empty). */
const REASSIGN_EVERY_ROWS_PER_CENTRE = 10;

/** Batches without a new minimum of the smoothed inertia before the run stops. */
const MAX_NO_IMPROVEMENT = 10;

/** Settled options the mini-batch run needs. */
export interface MiniBatchOptions {
  k: number;
  batchSize: number;
  /** Passes over the data at most. */
  maxIterations: number;
  onIteration?: ((iteration: number) => void) | undefined;
}

/** Fitted centres and the number of batches it took. */
export interface MiniBatchFit {
  centres: Float64Array;
  steps: number;
}

/** Bytes of engine arrays one run takes. */
export function miniBatchBytes(k: number, dims: number): number {
  return 8 * (k * dims + k);
}

/** k-means++ on `size` distinct seeded rows (a partial Fisher–Yates shuffle). */
function seedOnSample(x: Float64Array, rows: number, dims: number, k: number, size: number, rng: Rng) {
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  const sample = new Float64Array(size * dims);
  for (let i = 0; i < size; i++) {
    const j = rng.int(i, rows - 1);
    const row = order[j]!;
    order[j] = order[i]!;
    order[i] = row;
    sample.set(x.subarray(row * dims, row * dims + dims), i * dims);
  }
  const engine = kmeansEngine(sample, size, dims, seedingBytes(size, dims, k));
  return seedCentres(engine, k, rng).centres;
}

/** Smoothed-inertia early stopping (scikit-learn's `_mini_batch_convergence` with tol = 0). */
class Convergence {
  private smoothed: number | undefined;
  private best = Number.POSITIVE_INFINITY;
  private stale = 0;
  private step = 0;

  constructor(private readonly alpha: number) {}

  /** Records the mean squared distance of one batch; answers true when the run should stop. */
  done(batchInertia: number): boolean {
    // The first batch measures the seeding, not the descent.
    if (++this.step === 1) return false;
    this.smoothed =
      this.smoothed === undefined
        ? batchInertia
        : this.smoothed * (1 - this.alpha) + batchInertia * this.alpha;
    if (this.smoothed < this.best) {
      this.best = this.smoothed;
      this.stale = 0;
    } else this.stale++;
    return this.stale >= MAX_NO_IMPROVEMENT;
  }
}

/** Working arrays of one batch. */
interface Batch {
  rows: Int32Array;
  sums: Float64Array;
  counts: Float64Array;
}

/** Assigns the batch rows to their nearest centres and sums them per centre; answers the batch inertia. */
function assignBatch(engine: KMeansEngine, centres: Float64Array, near: Float64Array, batch: Batch) {
  const { x, dims } = engine;
  const k = near.length;
  batch.sums.fill(0);
  batch.counts.fill(0);
  let inertia = 0;
  for (let b = 0; b < batch.rows.length; b++) {
    const i = batch.rows[b]!;
    engine.distances(i, centres, k, near);
    let best = 0;
    for (let j = 1; j < k; j++) if (near[j]! < near[best]!) best = j;
    batch.counts[best]!++;
    inertia += near[best]!;
    for (let f = 0, xo = i * dims, so = best * dims; f < dims; f++) batch.sums[so + f]! += x[xo + f]!;
  }
  return inertia;
}

/** Moves each centre to the weighted mean of itself (weight: rows absorbed so far) and its batch rows. */
function updateCentres(centres: Float64Array, absorbed: Float64Array, batch: Batch, dims: number): void {
  for (let j = 0; j < absorbed.length; j++) {
    const m = batch.counts[j]!;
    if (m === 0) continue;
    const w = absorbed[j]!;
    const total = w + m;
    for (let f = 0, o = j * dims; f < dims; f++, o++) centres[o] = (centres[o]! * w + batch.sums[o]!) / total;
    absorbed[j] = total;
  }
}

/** Re-seeds the centres that absorbed far fewer rows than the busiest on distinct random batch rows. */
function reassignStarved(
  x: Float64Array,
  dims: number,
  centres: Float64Array,
  absorbed: Float64Array,
  batch: Batch,
  rng: Rng,
): void {
  const k = absorbed.length;
  const threshold = REASSIGNMENT_RATIO * Math.max(...absorbed);
  const starved = [...absorbed.keys()].filter((j) => absorbed[j]! < threshold);
  const cap = Math.floor(batch.rows.length / 2);
  if (starved.length > cap) starved.sort((a, b) => absorbed[a]! - absorbed[b]!).splice(cap);
  if (starved.length === 0 || starved.length === k) return;
  let floor = Number.POSITIVE_INFINITY;
  for (let j = 0; j < k; j++) if (!starved.includes(j) && absorbed[j]! < floor) floor = absorbed[j]!;
  const positions = Int32Array.from(batch.rows.keys());
  starved.forEach((j, n) => {
    const p = rng.int(n, positions.length - 1);
    const chosen = positions[p]!;
    positions[p] = positions[n]!;
    const row = batch.rows[chosen]!;
    centres.set(x.subarray(row * dims, row * dims + dims), j * dims);
    absorbed[j] = floor;
  });
}

/**
 * Fits centres (an array of the engine) by mini-batch k-means; rows and labels are assigned afterwards by
 * the caller.
 */
export function miniBatch(engine: KMeansEngine, rng: Rng, options: MiniBatchOptions): MiniBatchFit {
  const { k, batchSize } = options;
  const { x, rows, dims } = engine;
  const initSize = Math.min(rows, INIT_SAMPLE_PER_BATCH_ROW * Math.max(batchSize, k));
  const centres = engine.float64(k * dims);
  centres.set(seedOnSample(x, rows, dims, k, initSize, rng));
  const near = engine.float64(k);
  const absorbed = new Float64Array(k);
  const batch: Batch = {
    rows: new Int32Array(batchSize),
    sums: new Float64Array(k * dims),
    counts: new Float64Array(k),
  };
  const maxSteps = Math.max(1, Math.floor((options.maxIterations * rows) / batchSize));
  const convergence = new Convergence(Math.min(1, (batchSize * 2) / (rows + 1)));
  let sinceReassign = 0;
  let steps = 0;
  while (steps < maxSteps) {
    sinceReassign += batchSize;
    const reassign = absorbed.includes(0) || sinceReassign >= REASSIGN_EVERY_ROWS_PER_CENTRE * k;
    if (reassign) sinceReassign = 0;
    for (let b = 0; b < batchSize; b++) batch.rows[b] = rng.int(0, rows - 1);
    const inertia = assignBatch(engine, centres, near, batch);
    updateCentres(centres, absorbed, batch, dims);
    if (reassign) reassignStarved(x, dims, centres, absorbed, batch, rng);
    steps++;
    options.onIteration?.(steps);
    if (convergence.done(inertia / batchSize)) break;
  }
  return { centres, steps };
}
