/** Planted clusters for tests: seeded gaussian blobs and the sklearn fixture of cluster metrics. */
import { readFileSync } from "node:fs";
import { Rng } from "../../core/index.js";

/** Rows drawn around k planted centres, and which centre each row came from. */
export interface Blobs {
  x: Float64Array;
  rows: number;
  dims: number;
  labels: Int32Array;
}

/**
 * `rows` rows in `dims` dimensions around k centres drawn uniformly in [−spread, spread]^dims, each row a
 * centre plus N(0, sd²) noise per column; rows take the centres in turn, so the clusters have equal sizes.
 */
export function plantedBlobs(
  rows: number,
  dims: number,
  k: number,
  seed: number,
  spread = 10,
  sd = 1,
): Blobs {
  const rng = new Rng(seed);
  const centres = Array.from({ length: k * dims }, () => (2 * rng.next() - 1) * spread);
  const x = new Float64Array(rows * dims);
  const labels = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = i % k;
    labels[i] = c;
    for (let f = 0; f < dims; f++) x[i * dims + f] = centres[c * dims + f]! + rng.normal(0, sd);
  }
  return { x, rows, dims, labels };
}

/** One data set of fixtures/clusters-sklearn.json. */
export interface SklearnClusterCase {
  name: string;
  rows: number;
  dims: number;
  x: number[];
  labelings: Record<string, number[]>;
  silhouette: Record<string, number>;
  ari: { a: string; b: string; ari: number }[];
  /** Per k: KMeans(n_init=10) inertia with random_state 0, 1, … */
  kmeans_inertia: Record<string, number[]>;
}

/** The fixture written by fixtures/clusters-sklearn.py. */
export const sklearnClusters = JSON.parse(
  readFileSync(new URL("../fixtures/clusters-sklearn.json", import.meta.url), "utf8"),
) as { sklearn_version: string; cases: SklearnClusterCase[] };
