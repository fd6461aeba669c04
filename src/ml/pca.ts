/**
 * Principal component analysis: the directions of largest variance of the rows, for compact linear
 * features (e.g. before clustering customers) and as the baseline an autoencoder has to beat. The
 * covariance matrix (dims × dims) is decomposed by cyclic Jacobi rotations: exact to rounding and short,
 * and dims stay in the hundreds here. Checked against scikit-learn's PCA on a fixture (fixtures/).
 */
import { NudgeError } from "../core/index.js";

/** A fitted PCA. */
export interface Pca {
  /** Column means of the fitted rows; projections centre on them. */
  mean: Float64Array;
  /**
   * The kept components, `count` × `dims` row-major, by decreasing variance; unit rows, each signed so
   * its entry of largest magnitude is positive (the first such entry on a tie).
   */
  components: Float64Array;
  dims: number;
  count: number;
  /** Share of the total variance along each kept component. */
  explainedVarianceRatio: number[];
}

/** How many components to keep: exactly `components`, or else the fewest explaining `variance`. */
export interface PcaOptions {
  components?: number;
  /** In (0, 1]; default 0.95. */
  variance?: number;
}

/** Default share of variance the kept components must explain. */
export const DEFAULT_PCA_VARIANCE = 0.95;

/**
 * Jacobi leaves (p, q) alone when |a_pq| ≤ this × √(|a_pp · a_qq|), below rounding of either (the
 * criterion keeps small eigenvalues accurate relative to themselves)…
 */
const JACOBI_TOLERANCE = 1e-17;
/** …or when |a_pq| ≤ this × the largest diagonal entry, where only the rounding of zero is left. */
const JACOBI_FLOOR = 1e-30;
/** Sweeps before giving up; Jacobi converges quadratically, in well under 20 sweeps in practice. */
const MAX_SWEEPS = 100;

/**
 * Principal components of row-major rows (rows × dims): `components` of them, or the fewest whose
 * cumulative share of the variance exceeds `variance` (scikit-learn's rule; all of them for 1).
 * At most min(rows, dims) components exist; asking for more is an error, as in scikit-learn.
 */
export function fitPca(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  options: PcaOptions = {},
): Pca {
  validateFit(x, rows, dims, options);
  const mean = columnMeans(x, rows, dims);
  const { values, vectors } = symmetricEigen(covariance(x, rows, dims, mean), dims);
  const order = Array.from({ length: dims }, (_, i) => i).sort(
    (a, b) => (values[b] as number) - (values[a] as number),
  );
  // Rounding can leave the zero eigenvalues of a singular covariance slightly negative.
  const variances = order.map((i) => Math.max(0, values[i] as number));
  const total = variances.reduce((s, v) => s + v, 0);
  if (!(total > 0))
    throw new NudgeError("INPUT_INVALID", "the rows have no variance: every column is constant");
  const ratios = variances.map((v) => v / total);
  const available = Math.min(rows, dims);
  const count = options.components ?? countFor(ratios, options.variance ?? DEFAULT_PCA_VARIANCE, available);
  const components = new Float64Array(count * dims);
  for (let c = 0; c < count; c++) {
    const column = order[c] as number;
    const row = Float64Array.from({ length: dims }, (_, i) => vectors[i * dims + column] as number);
    components.set(signFixed(row), c * dims);
  }
  return { mean, components, dims, count, explainedVarianceRatio: ratios.slice(0, count) };
}

/** The rows' coordinates on the components (rows × count, row-major), centred on the fitted mean. */
export function projectPca(pca: Pca, x: Float32Array | Float64Array, rows: number): Float64Array {
  const { dims, count, mean, components } = pca;
  if (!Number.isInteger(rows) || rows < 0 || x.length !== rows * dims)
    throw new NudgeError("INPUT_INVALID", `expected ${rows} × ${dims} values, got ${x.length}`);
  const out = new Float64Array(rows * count);
  const centred = new Float64Array(dims);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < dims; i++) centred[i] = (x[r * dims + i] as number) - (mean[i] as number);
    for (let c = 0; c < count; c++) {
      let sum = 0;
      for (let i = 0; i < dims; i++) sum += (centred[i] as number) * (components[c * dims + i] as number);
      out[r * count + c] = sum;
    }
  }
  return out;
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`, dims × dims row-major) of a symmetric matrix, by
 * cyclic Jacobi rotations until no off-diagonal entry is above rounding. `a` is overwritten.
 */
export function symmetricEigen(a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const vectors = new Float64Array(n * n);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    vectors[i * n + i] = 1;
    largest = Math.max(largest, Math.abs(a[i * n + i] as number));
  }
  const floor = JACOBI_FLOOR * largest;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) rotated = rotate(a, vectors, n, p, q, floor) || rotated;
    if (!rotated)
      return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i] as number), vectors };
  }
  throw new NudgeError("INTERNAL", `Jacobi eigendecomposition did not converge in ${MAX_SWEEPS} sweeps`);
}

/**
 * Zeroes a_pq by one rotation in the (p, q) plane, applied to `a` and accumulated into `v`; false when
 * a_pq was already negligible (then set to 0).
 */
function rotate(a: Float64Array, v: Float64Array, n: number, p: number, q: number, floor: number): boolean {
  const apq = a[p * n + q] as number;
  const app = a[p * n + p] as number;
  const aqq = a[q * n + q] as number;
  const magnitude = Math.abs(apq);
  if (magnitude <= floor || magnitude <= JACOBI_TOLERANCE * Math.sqrt(Math.abs(app * aqq))) {
    a[p * n + q] = 0;
    a[q * n + p] = 0;
    return false;
  }
  const theta = (aqq - app) / (2 * apq);
  // The smaller root of t² + 2tθ − 1 = 0 (a rotation of at most 45°), without overflow for huge θ.
  const t =
    Math.abs(theta) > 1e150
      ? 0.5 / theta
      : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    if (k === p || k === q) continue;
    const akp = a[k * n + p] as number;
    const akq = a[k * n + q] as number;
    a[k * n + p] = a[p * n + k] = c * akp - s * akq;
    a[k * n + q] = a[q * n + k] = s * akp + c * akq;
  }
  a[p * n + p] = app - t * apq;
  a[q * n + q] = aqq + t * apq;
  a[p * n + q] = 0;
  a[q * n + p] = 0;
  for (let k = 0; k < n; k++) {
    const vkp = v[k * n + p] as number;
    const vkq = v[k * n + q] as number;
    v[k * n + p] = c * vkp - s * vkq;
    v[k * n + q] = s * vkp + c * vkq;
  }
  return true;
}

/** Sample covariance (divisor rows − 1, as scikit-learn's explained variance), dims × dims. */
function covariance(x: Float32Array | Float64Array, rows: number, dims: number, mean: Float64Array) {
  const cov = new Float64Array(dims * dims);
  const centred = new Float64Array(dims);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < dims; i++) centred[i] = (x[r * dims + i] as number) - (mean[i] as number);
    for (let i = 0; i < dims; i++) {
      const ci = centred[i] as number;
      if (ci === 0) continue;
      for (let j = i; j < dims; j++)
        cov[i * dims + j] = (cov[i * dims + j] as number) + ci * (centred[j] as number);
    }
  }
  for (let i = 0; i < dims; i++)
    for (let j = i; j < dims; j++) {
      const value = (cov[i * dims + j] as number) / (rows - 1);
      cov[i * dims + j] = value;
      cov[j * dims + i] = value;
    }
  return cov;
}

function columnMeans(x: Float32Array | Float64Array, rows: number, dims: number): Float64Array {
  const mean = new Float64Array(dims);
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < dims; i++) mean[i] = (mean[i] as number) + (x[r * dims + i] as number);
  for (let i = 0; i < dims; i++) mean[i] = (mean[i] as number) / rows;
  return mean;
}

/** The fewest leading components whose cumulative ratio exceeds `variance`, at most `available`. */
function countFor(ratios: readonly number[], variance: number, available: number): number {
  let cumulative = 0;
  for (let c = 0; c < available; c++) {
    cumulative += ratios[c] as number;
    if (cumulative > variance) return c + 1;
  }
  return available;
}

/** The vector, negated if needed so that its entry of largest magnitude is positive. */
function signFixed(row: Float64Array): Float64Array {
  let largest = 0;
  for (let i = 1; i < row.length; i++)
    if (Math.abs(row[i] as number) > Math.abs(row[largest] as number)) largest = i;
  if ((row[largest] as number) < 0) for (let i = 0; i < row.length; i++) row[i] = -(row[i] as number);
  return row;
}

function validateFit(x: Float32Array | Float64Array, rows: number, dims: number, options: PcaOptions): void {
  const invalid = (message: string) => new NudgeError("INPUT_INVALID", message);
  if (!Number.isInteger(dims) || dims < 1) throw invalid(`dims must be a positive integer, not ${dims}`);
  if (!Number.isInteger(rows) || rows < 2) throw invalid(`PCA needs at least 2 rows, got ${rows}`);
  if (x.length !== rows * dims) throw invalid(`expected ${rows} × ${dims} values, got ${x.length}`);
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i] as number))
      throw invalid(`values must be finite numbers: row ${Math.floor(i / dims)}, column ${i % dims}`);
  const { components, variance } = options;
  const available = Math.min(rows, dims);
  if (components !== undefined && (!Number.isInteger(components) || components < 1 || components > available))
    throw invalid(
      `components must be a whole number from 1 to min(rows, dims) = ${available}, not ${components}`,
    );
  if (components !== undefined && variance !== undefined)
    throw invalid("give either components or variance, not both");
  if (variance !== undefined && !(variance > 0 && variance <= 1))
    throw invalid(`variance must be in (0, 1], not ${variance}`);
}
