/**
 * Lloyd's k-means iterations with Hamerly's bounds (Hamerly 2010): every row keeps an upper bound on the
 * distance to its centre and a lower bound on the distance to any other centre; when the first is below
 * the second (or below half the gap from its centre to the nearest other centre) the row cannot change
 * cluster and no distance is computed. After the first few iterations most rows are skipped. The result is
 * Lloyd's: the same assignments, centres and stopping rule as scikit-learn's `lloyd` algorithm.
 *
 * Centre sums are kept up to date as rows move, so an iteration costs O(rows) plus the distances of the rows
 * whose bounds fail, not O(rows × k × dims). The assignment pass runs in the engine; the update step here.
 */
import type { KMeansEngine } from "./kmeans-engine.js";
import { type AssignState, moveRow, squaredDistance } from "./kmeans-kernels.js";
import type { Seeding } from "./kmeans-seeding.js";

/** The fitted clustering of one start; its arrays live in the engine. */
export interface LloydFit {
  centres: Float64Array;
  labels: Int32Array;
  counts: Float64Array;
  iterations: number;
}

/** How long to iterate. */
export interface LloydLimits {
  maxIterations: number;
  /** Absolute bound on the summed squared centre movement (already scaled by the data's variance). */
  tolerance: number;
  onIteration?: ((iteration: number) => void) | undefined;
}

/** Bytes of engine arrays one run with k centres takes besides its seeding. */
export function lloydBytes(k: number, dims: number): number {
  return 8 * (k * dims + 4 * k);
}

/** Recomputes every centre's sum and row count from the labels. */
function sumRows(x: Float64Array, rows: number, dims: number, s: AssignState): void {
  const { sums, counts, labels } = s;
  sums.fill(0);
  counts.fill(0);
  for (let i = 0; i < rows; i++) {
    const c = labels[i]!;
    counts[c]!++;
    const xo = i * dims;
    const co = c * dims;
    for (let f = 0; f < dims; f++) sums[co + f]! += x[xo + f]!;
  }
}

/**
 * Gives every empty cluster the row farthest from its centre among clusters with more than one row, as
 * scikit-learn does (the pigeonhole principle guarantees such a row while k ≤ rows), so no centre is NaN.
 */
function relocateEmpty(x: Float64Array, rows: number, dims: number, s: AssignState): void {
  const { k, centres, counts, labels, upper, lower } = s;
  if (!counts.includes(0)) return;
  const distance = new Float64Array(rows);
  for (let i = 0; i < rows; i++) distance[i] = squaredDistance(x, i, centres, labels[i]!, dims);
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    let far = -1;
    for (let i = 0; i < rows; i++)
      if (counts[labels[i]!]! > 1 && (far < 0 || distance[i]! > distance[far]!)) far = i;
    moveRow(x, dims, s, far, labels[far]!, j);
    // Its bounds refer to its old centre: force an exact look next time.
    upper[far] = Number.POSITIVE_INFINITY;
    lower[far] = 0;
  }
}

/** Half the distance from each centre to its nearest other centre (infinite when k = 1). */
function updateHalfGaps(dims: number, s: AssignState): void {
  const { centres, k, half } = s;
  half.fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < k; a++)
    for (let b = a + 1; b < k; b++) {
      const gap = Math.sqrt(squaredDistance(centres, a, centres, b, dims)) / 2;
      if (gap < half[a]!) half[a] = gap;
      if (gap < half[b]!) half[b] = gap;
    }
}

/** The update step: each centre becomes the mean of its rows. Answers the summed squared movement. */
function moveCentres(dims: number, s: AssignState): number {
  const { centres, sums, counts, k, shift } = s;
  let total = 0;
  s.largestShift = 0;
  s.secondShift = 0;
  s.largestShiftCentre = -1;
  for (let j = 0; j < k; j++) {
    const n = counts[j]!;
    let moved = 0;
    if (n > 0)
      for (let f = 0, o = j * dims; f < dims; f++, o++) {
        const mean = sums[o]! / n;
        const d = mean - centres[o]!;
        moved += d * d;
        centres[o] = mean;
      }
    total += moved;
    const distance = Math.sqrt(moved);
    shift[j] = distance;
    if (distance > s.largestShift) {
      s.secondShift = s.largestShift;
      s.largestShift = distance;
      s.largestShiftCentre = j;
    } else if (distance > s.secondShift) s.secondShift = distance;
  }
  updateHalfGaps(dims, s);
  return total;
}

/**
 * Runs Lloyd from the seeding until no row changes cluster (strict convergence), the summed squared centre
 * movement is at most the tolerance, or the iteration cap; then, unless strictly converged, assigns the rows
 * once more so labels match the final centres (scikit-learn's rule). The seeding's nearest centres are the
 * first assignment step, so it costs no distance.
 */
export function lloyd(engine: KMeansEngine, seeding: Seeding, limits: LloydLimits): LloydFit {
  const { x, rows, dims } = engine;
  const k = seeding.centres.length / dims;
  const upper = seeding.closest;
  for (let i = 0; i < rows; i++) upper[i] = Math.sqrt(upper[i]!);
  const s: AssignState = {
    k,
    centres: seeding.centres,
    sums: engine.float64(k * dims),
    counts: engine.float64(k),
    labels: seeding.nearest,
    upper,
    lower: seeding.secondLower,
    half: engine.float64(k),
    shift: engine.float64(k),
    largestShift: 0,
    secondShift: 0,
    largestShiftCentre: -1,
    near: engine.float64(k),
  };
  sumRows(x, rows, dims, s);
  let changed = rows;
  let strict = false;
  let iterations = 0;
  while (iterations < limits.maxIterations) {
    if (iterations > 0) changed = engine.assign(s);
    relocateEmpty(x, rows, dims, s);
    const moved = moveCentres(dims, s);
    iterations++;
    limits.onIteration?.(iterations);
    if (changed === 0) {
      strict = true;
      break;
    }
    if (moved <= limits.tolerance) break;
  }
  if (!strict) engine.assign(s);
  else {
    // Means from fresh sums: the running sums carry rounding from every move.
    sumRows(x, rows, dims, s);
    moveCentres(dims, s);
  }
  return { centres: s.centres, labels: s.labels, counts: s.counts, iterations };
}
