/**
 * The hot loops of k-means in TypeScript: the engine "js" of kmeans-engine.ts and the reference for the
 * WebAssembly twins in kmeans-kernels.wat (same loops, same argument layout). Matrices are row-major
 * float64; every function works in place on the arrays it is given.
 */

/** Marks a row none of whose candidates was measured, because none can be nearer than its nearest centre. */
export const SKIPPED = -1;

/** The arrays of one k-means++ round (for the wasm engine, all in its memory). */
export interface CandidateRound {
  trials: number;
  /** trials × dims: the candidate rows. */
  candidates: Float64Array;
  /** k × trials: squared distance from centre j to candidate t at j × trials + t. */
  apart: Float64Array;
  /** rows × trials: squared distance from row i to candidate t, or SKIPPED at i × trials for the whole row. */
  distances: Float64Array;
  /** Per candidate: the potential (sum of squared distances to the nearest centre) if it were added. */
  potentials: Float64Array;
  /** Per row: its nearest centre so far. */
  nearest: Int32Array;
  /** Per row: the squared distance to it. */
  closest: Float64Array;
}

/** Hamerly's per-row bounds and the centres they refer to (for the wasm engine, all in its memory). */
export interface AssignState {
  k: number;
  centres: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  labels: Int32Array;
  /** Upper bound on each row's distance to its centre, before the pending shift. */
  upper: Float64Array;
  /** Lower bound on each row's distance to every other centre, before the pending shift. */
  lower: Float64Array;
  /** Half the distance from each centre to its nearest other centre. */
  half: Float64Array;
  /** How far each centre moved in the last update, not yet applied to the bounds. */
  shift: Float64Array;
  largestShift: number;
  secondShift: number;
  largestShiftCentre: number;
  /** Scratch for one row's distances to every centre. */
  near: Float64Array;
}

/** Squared Euclidean distance between row `i` of `x` and row `j` of `c`, both with `dims` columns. */
export function squaredDistance(
  x: Float64Array,
  i: number,
  c: Float64Array,
  j: number,
  dims: number,
): number {
  const xo = i * dims;
  const co = j * dims;
  let sum = 0;
  for (let f = 0; f < dims; f++) {
    const d = x[xo + f]! - c[co + f]!;
    sum += d * d;
  }
  return sum;
}

/** Squared distances from row `i` of `x` to centres `j` … `j + 3` of `c`, written to `out[j … j + 3]`. */
function fourDistances(
  x: Float64Array,
  i: number,
  c: Float64Array,
  j: number,
  dims: number,
  out: Float64Array,
) {
  const xo = i * dims;
  const c0 = j * dims;
  const c1 = c0 + dims;
  const c2 = c1 + dims;
  const c3 = c2 + dims;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  // One load of x for four centres and four independent sums: about twice one centre at a time in V8.
  for (let f = 0; f < dims; f++) {
    const v = x[xo + f]!;
    const d0 = v - c[c0 + f]!;
    const d1 = v - c[c1 + f]!;
    const d2 = v - c[c2 + f]!;
    const d3 = v - c[c3 + f]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  out[j] = s0;
  out[j + 1] = s1;
  out[j + 2] = s2;
  out[j + 3] = s3;
}

/** out[j] = squared distance from row `i` of `x` to row `j` of `c`, for j < count. */
export function squaredDistances(
  x: Float64Array,
  i: number,
  c: Float64Array,
  count: number,
  dims: number,
  out: Float64Array,
): void {
  let j = 0;
  for (; j + 4 <= count; j += 4) fourDistances(x, i, c, j, dims, out);
  for (; j < count; j++) out[j] = squaredDistance(x, i, c, j, dims);
}

/**
 * One k-means++ round over all rows: each candidate's potential, and per row the squared distances to the
 * candidates, or SKIPPED when none can come nearer than the row's nearest centre c (‖z − c‖ ≥ 2‖x − c‖ for
 * every candidate z, by the triangle inequality).
 */
export function tryCandidates(x: Float64Array, rows: number, dims: number, round: CandidateRound): void {
  const { trials, candidates, apart, distances, potentials, nearest, closest } = round;
  potentials.fill(0);
  // Rows no candidate can win keep their distance in every candidate's potential.
  let unchanged = 0;
  for (let i = 0; i < rows; i++) {
    const own = closest[i]!;
    const bound = 4 * own;
    const from = nearest[i]! * trials;
    const o = i * trials;
    let needed = false;
    for (let t = 0; t < trials; t++)
      if (apart[from + t]! < bound) {
        needed = true;
        break;
      }
    if (!needed) {
      distances[o] = SKIPPED;
      unchanged += own;
      continue;
    }
    for (let t = 0; t < trials; t++) {
      const d = squaredDistance(x, i, candidates, t, dims);
      distances[o + t] = d;
      potentials[t]! += Math.min(d, own);
    }
  }
  for (let t = 0; t < trials; t++) potentials[t]! += unchanged;
}

/** Moves row i of x from cluster `from` to cluster `to`: its label, the centre sums and counts. */
export function moveRow(x: Float64Array, dims: number, s: AssignState, i: number, from: number, to: number) {
  const { sums, counts } = s;
  const xo = i * dims;
  const fo = from * dims;
  const into = to * dims;
  for (let f = 0; f < dims; f++) {
    const v = x[xo + f]!;
    sums[fo + f]! -= v;
    sums[into + f]! += v;
  }
  counts[from]!--;
  counts[to]!++;
  s.labels[i] = to;
}

/**
 * One assignment step of Hamerly's algorithm: applies the pending centre shifts to each row's bounds; only
 * when the upper bound exceeds max(half gap of its centre, lower bound) is the distance to its own centre
 * measured, and only when it still does are all k. Answers how many rows changed cluster.
 */
export function assignRows(x: Float64Array, rows: number, dims: number, s: AssignState): number {
  const { k, centres, labels, upper, lower, half, shift, near } = s;
  const largest = s.largestShift;
  const second = s.secondShift;
  const largestCentre = s.largestShiftCentre;
  let changed = 0;
  for (let i = 0; i < rows; i++) {
    const a = labels[i]!;
    let u = upper[i]! + shift[a]!;
    let l = lower[i]! - (a === largestCentre ? second : largest);
    const bound = Math.max(half[a]!, l);
    if (u > bound) {
      u = Math.sqrt(squaredDistance(x, i, centres, a, dims));
      if (u > bound) {
        squaredDistances(x, i, centres, k, dims, near);
        let best = 0;
        let first = Number.POSITIVE_INFINITY;
        let runnerUp = Number.POSITIVE_INFINITY;
        for (let j = 0; j < k; j++) {
          const d = near[j]!;
          if (d < first) {
            runnerUp = first;
            first = d;
            best = j;
          } else if (d < runnerUp) runnerUp = d;
        }
        u = Math.sqrt(first);
        l = Math.sqrt(runnerUp);
        if (best !== a) {
          moveRow(x, dims, s, i, a, best);
          changed++;
        }
      }
    }
    upper[i] = u;
    lower[i] = l;
  }
  return changed;
}

/** labels[i] = nearest centre (lowest index on ties) of row i, distances[i] = its squared distance. */
export function nearestRows(
  x: Float64Array,
  rows: number,
  dims: number,
  centres: Float64Array,
  labels: Int32Array,
  distances: Float64Array,
  near: Float64Array,
): void {
  const k = near.length;
  for (let i = 0; i < rows; i++) {
    squaredDistances(x, i, centres, k, dims, near);
    let best = 0;
    for (let j = 1; j < k; j++) if (near[j]! < near[best]!) best = j;
    labels[i] = best;
    distances[i] = near[best]!;
  }
}
