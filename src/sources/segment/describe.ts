/**
 * Clusters as people read them: each centroid in original units (the mean of every number column, the
 * most common level of every category with its share), and a 2-D projection of a sample of members for
 * the console's scatter plot.
 */
import { Rng, round4 } from "../../core/index.js";
import { fitPca, projectPca } from "../../ml/index.js";
import { type SegmentColumn, signedExp } from "./numericize.js";

/** A number column's cluster mean, or a category's most common level and its share in the cluster. */
export type CentroidValue = number | { level: string; share: number };

/** Points drawn in the projection at most. */
export const PROJECTION_POINTS = 2000;

/** Per cluster, each source column described in its own units. */
export function describeCentroids(
  columns: readonly SegmentColumn[],
  values: readonly Float64Array[],
  labels: ArrayLike<number>,
  k: number,
): Record<string, CentroidValue>[] {
  const sizes = new Array<number>(k).fill(0);
  for (let r = 0; r < labels.length; r++)
    sizes[labels[r] as number] = (sizes[labels[r] as number] as number) + 1;
  const sums = columns.map((_, c) => {
    const column = values[c] as Float64Array;
    const sum = new Float64Array(k);
    for (let r = 0; r < labels.length; r++)
      sum[labels[r] as number] = (sum[labels[r] as number] as number) + (column[r] as number);
    return sum;
  });
  return sizes.map((size, cluster) => {
    const described: Record<string, CentroidValue> = {};
    columns.forEach((column, c) => {
      const mean = size > 0 ? ((sums[c] as Float64Array)[cluster] as number) / size : 0;
      // A log-scale column is described by exp of its mean log: the cluster's typical (geometric) value.
      if (column.kind === "number")
        described[column.name] = round4(column.scale === "log" ? signedExp(mean) : mean);
      else {
        const best = described[column.source];
        if (typeof best !== "object" || mean > best.share)
          described[column.source] = { level: column.level ?? "(other)", share: round4(mean) };
      }
    });
    return described;
  });
}

/** A seeded sample of up to PROJECTION_POINTS members on the first two principal axes: [x, y, cluster]. */
export function projection(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  labels: ArrayLike<number>,
  seed: number,
): [number, number, number][] {
  if (rows === 0) return [];
  const rng = new Rng(seed);
  const picked =
    rows <= PROJECTION_POINTS
      ? Array.from({ length: rows }, (_, i) => i)
      : Array.from({ length: PROJECTION_POINTS }, () => Math.floor(rng.next() * rows)).sort((a, b) => a - b);
  const sample = new Float64Array(picked.length * dims);
  picked.forEach((r, i) => {
    for (let d = 0; d < dims; d++) sample[i * dims + d] = x[r * dims + d] as number;
  });
  const axes = Math.min(2, dims, picked.length);
  const points =
    axes > 0 && picked.length > axes
      ? projectPca(fitPca(sample, picked.length, dims, { components: axes }), sample, picked.length)
      : null;
  return picked.map((r, i) => [
    round4(points ? (points[i * axes] as number) : 0),
    round4(points && axes > 1 ? (points[i * axes + 1] as number) : 0),
    labels[r] as number,
  ]);
}
