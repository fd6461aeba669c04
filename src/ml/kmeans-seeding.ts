/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, as scikit-learn's `_kmeans_plusplus` does it): the
 * first centre is a uniform row; every further centre is the best of 2 + ⌊ln k⌋ candidates drawn with
 * probability proportional to the squared distance to the nearest centre so far, "best" being the one that
 * lowers the potential (the sum of those squared distances) most.
 *
 * The triangle inequality spares most distance computations (exactly, as in Raff 2021): a candidate z
 * cannot come closer to row x than x's nearest centre c when ‖z − c‖ ≥ 2‖x − c‖. The same pass leaves what
 * Hamerly's Lloyd needs to start from: each row's nearest centre, its distance and a lower bound on the
 * distance to the second-nearest.
 */
import type { Rng } from "../core/index.js";
import type { KMeansEngine } from "./kmeans-engine.js";
import { type CandidateRound, SKIPPED, squaredDistance } from "./kmeans-kernels.js";

/** Centres chosen by k-means++ and where every row stands relative to them. */
export interface Seeding {
  /** k × dims, row-major: copies of the chosen rows. */
  centres: Float64Array;
  /** Index of each row's nearest centre (the lowest index on ties). */
  nearest: Int32Array;
  /** Squared distance of each row to its nearest centre. */
  closest: Float64Array;
  /** A lower bound on each row's distance (not squared) to its second-nearest centre. */
  secondLower: Float64Array;
}

/** Number of candidates tried per centre after the first, as scikit-learn (and the paper's experiments). */
export function localTrials(k: number): number {
  return 2 + Math.floor(Math.log(k));
}

/**
 * Draws one row per target (targets ascending) from the cumulative sum of `weights`: the first row whose
 * running sum reaches the target, as numpy's `searchsorted(cumsum, target)`; past the end, the last row.
 */
function drawRows(weights: Float64Array, rows: number, targets: Float64Array): Int32Array {
  const order = Array.from(targets.keys()).sort((a, b) => targets[a]! - targets[b]!);
  const picked = new Int32Array(targets.length).fill(rows - 1);
  let next = 0;
  let running = 0;
  for (let i = 0; i < rows && next < order.length; i++) {
    running += weights[i]!;
    while (next < order.length && targets[order[next]!]! <= running) picked[order[next++]!] = i;
  }
  return picked;
}

/** Copies row `row` of `x` into slot `slot` of `centres`. */
function placeCentre(centres: Float64Array, slot: number, x: Float64Array, row: number, dims: number): void {
  centres.set(x.subarray(row * dims, row * dims + dims), slot * dims);
}

/** Adds candidate `best` of the round as centre `slot`: nearest centres, their distances, second-nearest bounds. */
function acceptCandidate(
  rows: number,
  slot: number,
  best: number,
  round: CandidateRound,
  secondLower: Float64Array,
) {
  const { trials, apart, distances, nearest, closest } = round;
  for (let i = 0; i < rows; i++) {
    const own = closest[i]!;
    const o = i * trials;
    let lower: number;
    if (distances[o] === SKIPPED) {
      // ‖z − x‖ ≥ ‖z − c‖ − ‖x − c‖ for the row's nearest centre c.
      lower = Math.sqrt(apart[nearest[i]! * trials + best]!) - Math.sqrt(own);
    } else {
      const d = distances[o + best]!;
      if (d < own) {
        lower = Math.sqrt(own);
        nearest[i] = slot;
        closest[i] = d;
      } else lower = Math.sqrt(d);
    }
    if (lower < secondLower[i]!) secondLower[i] = lower;
  }
}

/** Bytes of engine arrays one seeding of k centres over `rows` rows takes. */
export function seedingBytes(rows: number, dims: number, k: number): number {
  const trials = localTrials(k);
  return 8 * ((k + trials) * dims + k * trials + rows * (trials + 2) + trials) + 4 * rows;
}

/** Chooses k centres among the engine's rows by greedy k-means++ with the given generator. */
export function seedCentres(engine: KMeansEngine, k: number, rng: Rng): Seeding {
  const { x, rows, dims } = engine;
  const trials = localTrials(k);
  const centres = engine.float64(k * dims);
  const round: CandidateRound = {
    trials,
    candidates: engine.float64(trials * dims),
    apart: engine.float64(k * trials),
    distances: engine.float64(rows * trials),
    potentials: engine.float64(trials),
    nearest: engine.int32(rows),
    closest: engine.float64(rows),
  };
  const secondLower = engine.float64(rows).fill(Number.POSITIVE_INFINITY);
  placeCentre(centres, 0, x, rng.int(0, rows - 1), dims);
  let potential = 0;
  for (let i = 0; i < rows; i++) {
    const d = squaredDistance(x, i, centres, 0, dims);
    round.closest[i] = d;
    potential += d;
  }
  const targets = new Float64Array(trials);
  for (let slot = 1; slot < k; slot++) {
    for (let t = 0; t < trials; t++) targets[t] = rng.next() * potential;
    const drawn = drawRows(round.closest, rows, targets);
    for (let t = 0; t < trials; t++) {
      placeCentre(round.candidates, t, x, drawn[t]!, dims);
      for (let j = 0; j < slot; j++)
        round.apart[j * trials + t] = squaredDistance(centres, j, round.candidates, t, dims);
    }
    engine.candidates(round);
    const { potentials } = round;
    let best = 0;
    for (let t = 1; t < trials; t++) if (potentials[t]! < potentials[best]!) best = t;
    potential = potentials[best]!;
    placeCentre(centres, slot, x, drawn[best]!, dims);
    acceptCandidate(rows, slot, best, round, secondLower);
  }
  return { centres, nearest: round.nearest, closest: round.closest, secondLower };
}
