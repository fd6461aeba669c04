import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../core/index.js";
import { fitPca, type PcaOptions, projectPca, symmetricEigen } from "./pca.js";

interface SklearnPcaCase {
  name: string;
  rows: number;
  dims: number;
  x: number[];
  mean: number[];
  components: number[];
  explained_variance_ratio: number[];
  projected: number[];
  counts_for_variance: Record<string, number>;
}

interface SklearnPcaFixture {
  sklearn_version: string;
  projected_rows: number;
  cases: SklearnPcaCase[];
}

const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/pca-sklearn.json", import.meta.url), "utf8"),
) as SklearnPcaFixture;

/** Tolerances against scikit-learn (an SVD of the data there, an eigendecomposition of its covariance here). */
const RATIO_TOLERANCE = 1e-9;
const COMPONENT_TOLERANCE = 1e-6;
/** Components explaining less than this are arbitrary directions of a null space: not compared. */
const NULL_RATIO = 1e-12;

/** ±1: the sign that turns `b` into the closest match of `a`. */
function signOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] as number) * (b[i] as number);
  return dot >= 0 ? 1 : -1;
}

function expectInvalid(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(isNudgeError(error, "INPUT_INVALID")).toBe(true);
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error("expected INPUT_INVALID");
}

describe("PCA against scikit-learn", () => {
  it("reads a fixture made by scikit-learn 1.2", () => {
    expect(fixture.sklearn_version).toMatch(/^1\.2\./);
    expect(fixture.cases.map((c) => c.name)).toEqual(["correlated", "constant-column", "wide"]);
  });

  for (const c of fixture.cases) {
    const x = Float64Array.from(c.x);
    const all = Math.min(c.rows, c.dims);
    const shown = Math.min(fixture.projected_rows, c.rows);

    it(`${c.name} (${c.rows} × ${c.dims}): same mean, variance ratios, components and projections up to sign`, () => {
      const pca = fitPca(x, c.rows, c.dims, { components: all });
      expect(pca.count).toBe(all);
      pca.mean.forEach((m, i) => {
        expect(Math.abs(m - (c.mean[i] as number))).toBeLessThan(1e-12 * (1 + Math.abs(m)));
      });
      pca.explainedVarianceRatio.forEach((r, k) => {
        expect(Math.abs(r - (c.explained_variance_ratio[k] as number))).toBeLessThan(RATIO_TOLERANCE);
      });
      const projected = projectPca(pca, x.subarray(0, shown * c.dims), shown);
      for (let k = 0; k < all; k++) {
        if ((c.explained_variance_ratio[k] as number) < NULL_RATIO) continue;
        const ours = pca.components.subarray(k * c.dims, (k + 1) * c.dims);
        const theirs = c.components.slice(k * c.dims, (k + 1) * c.dims);
        const sign = signOf(ours, theirs);
        ours.forEach((v, i) => {
          expect(Math.abs(v - sign * (theirs[i] as number))).toBeLessThan(COMPONENT_TOLERANCE);
        });
        for (let r = 0; r < shown; r++) {
          const scale = 1 + Math.abs(c.projected[r * all + k] as number);
          const ourValue = projected[r * all + k] as number;
          expect(Math.abs(ourValue - sign * (c.projected[r * all + k] as number))).toBeLessThan(
            COMPONENT_TOLERANCE * scale,
          );
        }
      }
    });

    it(`${c.name}: keeps as many components for a variance share as scikit-learn does`, () => {
      for (const [share, count] of Object.entries(c.counts_for_variance)) {
        const pca = fitPca(x, c.rows, c.dims, { variance: Number(share) });
        expect(pca.count, `variance ${share}`).toBe(count);
        expect(pca.components.length).toBe(count * c.dims);
      }
    });
  }
});

describe("PCA", () => {
  const rng = new Rng(17);
  const rows = 200;
  const dims = 5;
  // Two strong directions plus small noise: the default 95% keeps exactly two.
  const x = new Float64Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    const a = rng.normal(0, 3);
    const b = rng.normal(0, 2);
    const row = [a + b, a - b, 2 * a, b, 0.5 * a - b];
    row.forEach((v, i) => {
      x[r * dims + i] = v + rng.normal(0, 0.05) + i;
    });
  }

  it("keeps the fewest components explaining 95% by default; components are unit rows, signed, orthogonal", () => {
    const pca = fitPca(x, rows, dims);
    expect(pca.count).toBe(2);
    expect(pca.explainedVarianceRatio.reduce((s, r) => s + r, 0)).toBeGreaterThan(0.95);
    for (let a = 0; a < pca.count; a++) {
      const row = pca.components.subarray(a * dims, (a + 1) * dims);
      const largest = row.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      expect(largest).toBeGreaterThan(0);
      for (let b = 0; b < pca.count; b++) {
        let dot = 0;
        for (let i = 0; i < dims; i++) dot += (row[i] as number) * (pca.components[b * dims + i] as number);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    }
  });

  it("projects onto centred coordinates: the mean row maps to 0, variances match the ratios", () => {
    const pca = fitPca(x, rows, dims, { components: 3 });
    expect(Array.from(projectPca(pca, pca.mean, 1))).toEqual([0, 0, 0].map((v) => expect.closeTo(v, 12)));
    const scores = projectPca(pca, x, rows);
    let total = 0;
    for (let i = 0; i < dims; i++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += ((x[r * dims + i] as number) - (pca.mean[i] as number)) ** 2;
      total += sum;
    }
    for (let c = 0; c < pca.count; c++) {
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += (scores[r * pca.count + c] as number) ** 2;
      expect(sum / total).toBeCloseTo(pca.explainedVarianceRatio[c] as number, 10);
    }
  });

  it("handles a constant column (its loading is 0) and rows fewer than dims", () => {
    const constant = Float64Array.from(x);
    for (let r = 0; r < rows; r++) constant[r * dims + 3] = 7.1;
    const pca = fitPca(constant, rows, dims, { components: 5 });
    for (let c = 0; c < 4; c++) expect(Math.abs(pca.components[c * dims + 3] as number)).toBeLessThan(1e-12);
    expect(pca.explainedVarianceRatio[4]).toBeLessThan(1e-15); // the last is the constant column's axis
    expect(pca.components[4 * dims + 3]).toBeCloseTo(1, 12);
    const wide = fitPca(x.subarray(0, 3 * dims), 3, dims, { components: 3 });
    expect(wide.explainedVarianceRatio[2]).toBeLessThan(1e-15); // 3 centred rows span 2 directions
    expect(fitPca(x.subarray(0, 3 * dims), 3, dims, { variance: 1 }).count).toBe(3);
  });

  it("accepts float32 rows", () => {
    const a = fitPca(Float32Array.from(x), rows, dims, { components: 2 });
    const b = fitPca(Float64Array.from(Float32Array.from(x)), rows, dims, { components: 2 });
    expect(a).toEqual(b);
  });

  const invalid: [string, () => unknown, RegExp][] = [
    ["more components than dims", () => fitPca(x, rows, dims, { components: 6 }), /min\(rows, dims\) = 5/],
    ["more components than rows", () => fitPca(x.subarray(0, 10), 2, dims, { components: 3 }), /= 2, not 3/],
    ["a fractional count", () => fitPca(x, rows, dims, { components: 1.5 }), /whole number/],
    ["zero components", () => fitPca(x, rows, dims, { components: 0 }), /whole number/],
    ["both count and variance", () => fitPca(x, rows, dims, { components: 2, variance: 0.9 }), /either/],
    ["a variance share above 1", () => fitPca(x, rows, dims, { variance: 1.5 }), /\(0, 1\]/],
    ["a variance share of 0", () => fitPca(x, rows, dims, { variance: 0 } as PcaOptions), /\(0, 1\]/],
    ["one row", () => fitPca(x.subarray(0, dims), 1, dims), /at least 2 rows/],
    ["a length that is not rows × dims", () => fitPca(x, rows, dims + 1), /expected 200 × 6/],
    [
      "a missing value",
      () => fitPca(Float64Array.from(x).fill(Number.NaN, 7, 8), rows, dims),
      /row 1, column 2/,
    ],
    ["only constant columns", () => fitPca(new Float64Array(20).fill(2), 4, dims), /no variance/],
    [
      "projecting rows of another width",
      () => projectPca(fitPca(x, rows, dims), x, rows - 1),
      /expected 199/,
    ],
  ];
  for (const [name, run, message] of invalid)
    it(`refuses ${name} with INPUT_INVALID`, () => {
      expectInvalid(run, message);
    });
});

describe("symmetric eigendecomposition (cyclic Jacobi)", () => {
  it("reconstructs a random symmetric matrix: A·v = λ·v for every pair, v orthonormal", () => {
    const n = 40;
    const rng = new Rng(5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const { values, vectors } = symmetricEigen(Float64Array.from(a), n);
    for (let k = 0; k < n; k++)
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += (a[i * n + j] as number) * (vectors[j * n + k] as number);
        expect(Math.abs(av - (values[k] as number) * (vectors[i * n + k] as number))).toBeLessThan(1e-12);
      }
    for (let k = 0; k < n; k++)
      for (let l = 0; l < n; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (vectors[i * n + k] as number) * (vectors[i * n + l] as number);
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-13);
      }
  });
});
