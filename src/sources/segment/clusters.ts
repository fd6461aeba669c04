/**
 * k-means over the learned features: k given, or the best silhouette among K_CANDIDATES fitted on a
 * seeded sample, then k-means on everyone with that k.
 */
import { round4 } from "../../core/index.js";
import { chooseK, type KMeansResult, kmeans } from "../../ml/index.js";

/** k tried when none is given. */
export const K_CANDIDATES = [2, 3, 4, 5, 6, 7, 8, 9, 10];
/** k is chosen on a seeded sample of this many rows, then fitted on everyone. */
const CHOOSE_K_SAMPLE = 20_000;
/** Rows the silhouette is measured on (exact below it). */
export const SILHOUETTE_SAMPLE = 5_000;
/** Seeded k-means starts on small populations, where a few more cost little and avoid a poor optimum. */
const SMALL_POPULATION = 100_000;
const SMALL_POPULATION_STARTS = 4;

export interface ClusterOptions {
  k: number | undefined;
  seed: number;
  mode: "full" | "minibatch";
  progress: (stage: string, done: number, total: number) => void;
}

export function clusterFeatures(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  options: ClusterOptions,
): { result: KMeansResult; scores: { k: number; silhouette: number }[] } {
  const { k, seed, mode, progress } = options;
  const starts = rows <= SMALL_POPULATION ? SMALL_POPULATION_STARTS : 1;
  const fitK = (clusters: number) =>
    kmeans(x, rows, dims, {
      k: clusters,
      seed,
      starts,
      mode,
      onIteration: (i) => progress("clusters", i, 300),
    });
  if (k !== undefined) return { result: fitK(k), scores: [] };
  const candidates = K_CANDIDATES.filter((c) => c < rows);
  const sampled = sampleRows(x, rows, dims, CHOOSE_K_SAMPLE, seed);
  const chosen = chooseK(sampled.x, sampled.rows, dims, {
    candidates,
    seed,
    sample: SILHOUETTE_SAMPLE,
    kmeans: { starts, mode },
  });
  return {
    result: sampled.rows === rows ? chosen.result : fitK(chosen.k),
    scores: chosen.scores.map((s) => ({ k: s.k, silhouette: round4(s.silhouette) })),
  };
}

/** A seeded sample of rows (all of them when there are few). */
function sampleRows(x: Float32Array | Float64Array, rows: number, dims: number, size: number, seed: number) {
  if (rows <= size) return { x, rows };
  // Every stride-th row from a seeded offset: spread over the id order, reproducible.
  const stride = rows / size;
  const offset = (seed % 997) / 997;
  const out = new Float64Array(size * dims);
  for (let i = 0; i < size; i++) {
    const r = Math.min(rows - 1, Math.floor((i + offset) * stride));
    for (let d = 0; d < dims; d++) out[i * dims + d] = x[r * dims + d] as number;
  }
  return { x: out, rows: size };
}
