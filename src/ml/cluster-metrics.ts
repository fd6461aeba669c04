/**
 * How good a clustering is: the mean silhouette coefficient (cohesion against separation, from the data),
 * the adjusted Rand index (agreement of two labelings, chance-corrected), and `chooseK`, which fits k-means
 * for several k and keeps the best silhouette. Definitions follow scikit-learn (`silhouette_score`,
 * `adjusted_rand_score`), which `fixtures/clusters-sklearn.py` checks against.
 */
import { NudgeError, Rng } from "../core/index.js";
import { checkMatrix, type KMeansOptions, type KMeansResult, kmeans } from "./kmeans.js";
import { kmeansEngine } from "./kmeans-engine.js";

/** Seed of the silhouette's row sample when none is given. */
export const DEFAULT_SILHOUETTE_SEED = 0;

/** Rows chooseK measures silhouettes on: exact below, a seeded sample above (O(sample²) distances). */
export const DEFAULT_CHOOSE_K_SAMPLE = 5000;

/** The k chooseK tries when given none (capped below the number of rows). */
export const DEFAULT_K_CANDIDATES: readonly number[] = [2, 3, 4, 5, 6, 7, 8, 9, 10];

/** Labels renumbered 0, 1, … in order of first appearance, and how many there are. */
interface DenseLabels {
  ids: Int32Array;
  count: number;
}

/** Renumbers the labels of the given rows (all rows when `rows` is null); labels must be finite numbers. */
function denseLabels(labels: ArrayLike<number>, rows: Int32Array | null): DenseLabels {
  const n = rows ? rows.length : labels.length;
  const ids = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const row = rows ? rows[i]! : i;
    const label = labels[row];
    if (typeof label !== "number" || !Number.isFinite(label))
      throw new NudgeError("INPUT_INVALID", `label at row ${row} is ${label}, not a finite number`, { row });
    let id = seen.get(label);
    if (id === undefined) {
      id = seen.size;
      seen.set(label, id);
    }
    ids[i] = id;
  }
  return { ids, count: seen.size };
}

/** `size` distinct rows of 0 … rows − 1 drawn with the seed (a partial Fisher–Yates shuffle), or all rows. */
function sampleRows(rows: number, size: number | undefined, seed: number): Int32Array {
  const order = new Int32Array(rows);
  for (let i = 0; i < rows; i++) order[i] = i;
  if (size === undefined || size >= rows) return order;
  if (!Number.isInteger(size) || size < 2)
    throw new NudgeError("INPUT_INVALID", `silhouette sample must be a whole number ≥ 2, got ${size}`);
  const rng = new Rng(seed);
  for (let i = 0; i < size; i++) {
    const j = rng.int(i, rows - 1);
    const row = order[j]!;
    order[j] = order[i]!;
    order[i] = row;
  }
  return order.slice(0, size);
}

/** The given rows of x gathered into a float64 matrix. */
function gather(x: Float32Array | Float64Array, dims: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * dims);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    for (let f = 0; f < dims; f++) out[i * dims + f] = x[r * dims + f]!;
  }
  return out;
}

/**
 * Mean silhouette of each labeling of the same n points (n × dims), measuring every distance once for all
 * labelings: per point, the Euclidean distances to all n points are summed per cluster of each labeling.
 * A point alone in its cluster scores 0, as does one whose two mean distances are both 0 (sklearn's
 * nan_to_num).
 */
function meanSilhouettes(points: Float64Array, n: number, dims: number, labelings: DenseLabels[]): number[] {
  const engine = kmeansEngine(points, n, dims, 8 * n);
  const distances = engine.float64(n);
  const offsets = labelings.map((_, l) => labelings.slice(0, l).reduce((s, d) => s + d.count, 0));
  const sizes = labelings.map(({ ids, count }) => {
    const size = new Float64Array(count);
    for (const id of ids) size[id]!++;
    return size;
  });
  const sums = new Float64Array(labelings.reduce((s, d) => s + d.count, 0));
  const totals = new Float64Array(labelings.length);
  for (let i = 0; i < n; i++) {
    engine.distances(i, engine.x, n, distances);
    for (let b = 0; b < n; b++) distances[b] = Math.sqrt(distances[b]!);
    sums.fill(0);
    labelings.forEach(({ ids }, l) => {
      const o = offsets[l]!;
      for (let b = 0; b < n; b++) sums[o + ids[b]!]! += distances[b]!;
    });
    labelings.forEach(({ ids, count }, l) => {
      totals[l]! += pointSilhouette(sums, offsets[l]!, sizes[l]!, ids[i]!, count);
    });
  }
  return Array.from(totals, (total) => total / n);
}

/** Silhouette of one point from its summed distances per cluster (`sums[offset + c]`). */
function pointSilhouette(sums: Float64Array, offset: number, size: Float64Array, own: number, count: number) {
  const ownSize = size[own]!;
  if (ownSize <= 1) return 0;
  const a = sums[offset + own]! / (ownSize - 1);
  let b = Number.POSITIVE_INFINITY;
  for (let c = 0; c < count; c++)
    if (c !== own && size[c]! > 0) b = Math.min(b, sums[offset + c]! / size[c]!);
  const s = (b - a) / Math.max(a, b);
  return Number.isNaN(s) ? 0 : s;
}

/** Throws unless 2 ≤ clusters ≤ n − 1, the range where the silhouette is defined. */
function checkClusterCount(clusters: number, n: number): void {
  if (clusters < 2 || clusters > n - 1)
    throw new NudgeError(
      "INPUT_INVALID",
      `silhouette needs between 2 and ${n - 1} clusters among its ${n} rows, got ${clusters}`,
      { clusters, rows: n },
    );
}

/**
 * Mean silhouette coefficient (scikit-learn's silhouette_score, Euclidean); with `sample` set and rows >
 * sample, on a seeded sample of that many rows (like sample_size). Rows in singleton clusters score 0. Needs
 * 2 ≤ clusters ≤ rows − 1, else NudgeError INPUT_INVALID.
 */
export function silhouette(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  labels: ArrayLike<number>,
  options: { sample?: number; seed?: number } = {},
): number {
  checkMatrix(x, rows, dims);
  if (labels.length !== rows)
    throw new NudgeError("INPUT_INVALID", `${labels.length} labels for ${rows} rows`, {
      labels: labels.length,
      rows,
    });
  const picked = sampleRows(rows, options.sample, options.seed ?? DEFAULT_SILHOUETTE_SEED);
  const dense = denseLabels(labels, picked);
  checkClusterCount(dense.count, picked.length);
  return meanSilhouettes(gather(x, dims, picked), picked.length, dims, [dense])[0]!;
}

/** n choose 2, exact as a bigint. */
function pairs(n: bigint): bigint {
  return (n * (n - 1n)) / 2n;
}

/**
 * Adjusted Rand index of two labelings (scikit-learn's adjusted_rand_score), 1 for identical partitions up
 * to renaming. Counted in bigints, so a million rows lose no digit before the final division.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new NudgeError("INPUT_INVALID", `labelings differ in length (${a.length} vs ${b.length})`, {
      a: a.length,
      b: b.length,
    });
  const n = a.length;
  const left = denseLabels(a, null);
  const right = denseLabels(b, null);
  const cells = new Map<number, number>();
  const rowSums = new Float64Array(left.count);
  const columnSums = new Float64Array(right.count);
  for (let i = 0; i < n; i++) {
    const p = left.ids[i]!;
    const q = right.ids[i]!;
    const key = p * right.count + q;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rowSums[p]!++;
    columnSums[q]!++;
  }
  let together = 0n; // pairs in the same cluster in both labelings
  for (const c of cells.values()) together += pairs(BigInt(c));
  let leftPairs = 0n;
  for (const c of rowSums) leftPairs += pairs(BigInt(c));
  let rightPairs = 0n;
  for (const c of columnSums) rightPairs += pairs(BigInt(c));
  const all = pairs(BigInt(n));
  // Identical partitions (including every row apart, or all together): sklearn's special case.
  if (together === leftPairs && together === rightPairs) return 1;
  // ARI = (index − expected) / (max − expected), scaled by C(n, 2) to stay in integers.
  const numerator = together * all - leftPairs * rightPairs;
  const denominator = (leftPairs + rightPairs) * all - 2n * leftPairs * rightPairs;
  return (2 * Number(numerator)) / Number(denominator);
}

/** The k to try: the given ones (whole numbers ≥ 2) or 2 … 10, capped below the number of rows. */
function candidatesFor(rows: number, given: number[] | undefined): number[] {
  for (const k of given ?? [])
    if (!Number.isInteger(k) || k < 2)
      throw new NudgeError("INPUT_INVALID", `candidate k must be a whole number ≥ 2, got ${k}`, { k });
  const ks = (given ?? DEFAULT_K_CANDIDATES).filter((k) => k <= rows - 1);
  if (ks.length === 0)
    throw new NudgeError("INPUT_INVALID", `no candidate k below the ${rows} rows`, { rows });
  return ks;
}

/**
 * k chosen by the best silhouette among `candidates` (default 2..10, capped below rows), each fitted with
 * kmeans (same seed); answers the chosen k, each candidate's silhouette, and the fitted result of the chosen
 * k. Silhouette on a seeded sample (default 5,000 rows) so it stays cheap on a million rows; a candidate
 * whose clusters leave the silhouette undefined on the sample scores NaN and is never chosen.
 */
export function chooseK(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  options: { candidates?: number[]; seed: number; sample?: number; kmeans?: Partial<KMeansOptions> },
): { k: number; scores: { k: number; silhouette: number }[]; result: KMeansResult } {
  checkMatrix(x, rows, dims);
  const ks = candidatesFor(rows, options.candidates);
  const results = ks.map((k) => kmeans(x, rows, dims, { ...options.kmeans, k, seed: options.seed }));
  const picked = sampleRows(rows, options.sample ?? DEFAULT_CHOOSE_K_SAMPLE, options.seed);
  const labelings = results.map((r) => denseLabels(r.labels, picked));
  const defined = labelings.filter((l) => l.count >= 2 && l.count <= picked.length - 1);
  const values = meanSilhouettes(gather(x, dims, picked), picked.length, dims, defined);
  const scores = ks.map((k, i) => {
    const at = defined.indexOf(labelings[i]!);
    return { k, silhouette: at < 0 ? Number.NaN : values[at]! };
  });
  let best = -1;
  scores.forEach((s, i) => {
    if (!Number.isNaN(s.silhouette) && (best < 0 || s.silhouette > scores[best]!.silhouette)) best = i;
  });
  if (best < 0)
    throw new NudgeError(
      "INPUT_INVALID",
      "no candidate k gives a defined silhouette (too few distinct rows?)",
      {
        rows,
      },
    );
  return { k: ks[best]!, scores, result: results[best]! };
}
