/**
 * Synthetic short-text problems for tests and timings: each class owns a block of terms; a row draws each
 * of its terms from its class's block with probability `ownShare`, else from the whole vocabulary, with
 * random weights, L2-normalized like TF-IDF rows.
 */
import { Rng } from "../../../core/index.js";
import type { SparseRows } from "../sparse.js";

/** Shape of a planted problem. */
export interface PlantedOptions {
  rows: number;
  cols: number;
  classes: number;
  termsPerRow: number;
  /** Chance that a term comes from the row's class block. */
  ownShare: number;
  /** Terms each class owns (the first classes × termsPerClass columns). */
  termsPerClass: number;
  seed: number;
}

/** Rows, labels and class names of a planted problem. */
export interface PlantedProblem {
  x: SparseRows;
  y: Int32Array;
  classes: string[];
}

/** Builds a planted problem; the same options give the same problem. */
export function plantedProblem(options: PlantedOptions): PlantedProblem {
  const { rows, cols, classes, termsPerRow, ownShare, termsPerClass, seed } = options;
  const rng = new Rng(seed);
  const y = new Int32Array(rows);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    const label = r % classes;
    y[r] = label;
    const terms = new Set<number>();
    while (terms.size < termsPerRow)
      terms.add(
        rng.chance(ownShare) ? label * termsPerClass + rng.int(0, termsPerClass - 1) : rng.int(0, cols - 1),
      );
    const sorted = [...terms].sort((a, b) => a - b);
    const weights = sorted.map(() => 0.2 + rng.next());
    const norm = Math.hypot(...weights);
    for (let i = 0; i < sorted.length; i++) {
      indices.push(sorted[i]!);
      values.push(weights[i]! / norm);
    }
    indptr[r + 1] = indices.length;
  }
  return {
    x: { rows, cols, indptr, indices: Int32Array.from(indices), values: Float32Array.from(values) },
    y,
    classes: Array.from({ length: classes }, (_, c) => `class-${c}`),
  };
}
