/**
 * The dense-layer kernels of the MLP. Rows are processed four at a time so each weight is loaded once per
 * four rows (the loops are memory-bound, not arithmetic-bound), and activations that are exactly zero —
 * one-hot inputs, inactive ReLUs — are skipped.
 */
import type { FloatArray } from "./engine.js";

/** z = input · w + b for `rows` rows (row-major); ReLU in place when `relu`. */
export function denseForward(
  input: FloatArray,
  rows: number,
  fanIn: number,
  w: FloatArray,
  b: FloatArray,
  fanOut: number,
  z: FloatArray,
  relu: boolean,
): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const z0 = r * fanOut;
    const z1 = z0 + fanOut;
    const z2 = z1 + fanOut;
    const z3 = z2 + fanOut;
    for (let j = 0; j < fanOut; j++) {
      const bj = b[j] as number;
      z[z0 + j] = bj;
      z[z1 + j] = bj;
      z[z2 + j] = bj;
      z[z3 + j] = bj;
    }
    const a0Row = r * fanIn;
    for (let i = 0; i < fanIn; i++) {
      const a0 = input[a0Row + i] as number;
      const a1 = input[a0Row + fanIn + i] as number;
      const a2 = input[a0Row + 2 * fanIn + i] as number;
      const a3 = input[a0Row + 3 * fanIn + i] as number;
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      const wRow = i * fanOut;
      for (let j = 0; j < fanOut; j++) {
        const wij = w[wRow + j] as number;
        z[z0 + j] = (z[z0 + j] as number) + a0 * wij;
        z[z1 + j] = (z[z1 + j] as number) + a1 * wij;
        z[z2 + j] = (z[z2 + j] as number) + a2 * wij;
        z[z3 + j] = (z[z3 + j] as number) + a3 * wij;
      }
    }
  }
  for (; r < rows; r++) {
    const zRow = r * fanOut;
    for (let j = 0; j < fanOut; j++) z[zRow + j] = b[j] as number;
    const aRow = r * fanIn;
    for (let i = 0; i < fanIn; i++) {
      const a = input[aRow + i] as number;
      if (a === 0) continue;
      const wRow = i * fanOut;
      for (let j = 0; j < fanOut; j++) z[zRow + j] = (z[zRow + j] as number) + a * (w[wRow + j] as number);
    }
  }
  if (relu) for (let k = 0; k < rows * fanOut; k++) if ((z[k] as number) < 0) z[k] = 0;
}

/**
 * Given delta = ∂loss/∂z for `rows` rows, adds ∂loss/∂w and ∂loss/∂b into gw, gb (not zeroed here) and,
 * when `previous` is given, writes ∂loss/∂z of the layer below, whose outputs `input` are ReLU outputs.
 */
export function denseBackward(
  input: FloatArray,
  rows: number,
  fanIn: number,
  w: FloatArray,
  fanOut: number,
  delta: FloatArray,
  gw: FloatArray,
  gb: FloatArray,
  previous: FloatArray | null,
): void {
  for (let r = 0; r < rows; r++) {
    const dRow = r * fanOut;
    for (let j = 0; j < fanOut; j++) gb[j] = (gb[j] as number) + (delta[dRow + j] as number);
  }
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const d0 = r * fanOut;
    const d1 = d0 + fanOut;
    const d2 = d1 + fanOut;
    const d3 = d2 + fanOut;
    const a0Row = r * fanIn;
    for (let i = 0; i < fanIn; i++) {
      const a0 = input[a0Row + i] as number;
      const a1 = input[a0Row + fanIn + i] as number;
      const a2 = input[a0Row + 2 * fanIn + i] as number;
      const a3 = input[a0Row + 3 * fanIn + i] as number;
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) {
        if (previous) {
          previous[a0Row + i] = 0;
          previous[a0Row + fanIn + i] = 0;
          previous[a0Row + 2 * fanIn + i] = 0;
          previous[a0Row + 3 * fanIn + i] = 0;
        }
        continue;
      }
      const wRow = i * fanOut;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      for (let j = 0; j < fanOut; j++) {
        const e0 = delta[d0 + j] as number;
        const e1 = delta[d1 + j] as number;
        const e2 = delta[d2 + j] as number;
        const e3 = delta[d3 + j] as number;
        const wij = w[wRow + j] as number;
        gw[wRow + j] = (gw[wRow + j] as number) + a0 * e0 + a1 * e1 + a2 * e2 + a3 * e3;
        b0 += wij * e0;
        b1 += wij * e1;
        b2 += wij * e2;
        b3 += wij * e3;
      }
      if (previous) {
        // The layer below is ReLU: its gradient passes only where its output was positive.
        previous[a0Row + i] = a0 > 0 ? b0 : 0;
        previous[a0Row + fanIn + i] = a1 > 0 ? b1 : 0;
        previous[a0Row + 2 * fanIn + i] = a2 > 0 ? b2 : 0;
        previous[a0Row + 3 * fanIn + i] = a3 > 0 ? b3 : 0;
      }
    }
  }
  for (; r < rows; r++) {
    const dRow = r * fanOut;
    const aRow = r * fanIn;
    for (let i = 0; i < fanIn; i++) {
      const a = input[aRow + i] as number;
      if (a === 0) {
        if (previous) previous[aRow + i] = 0;
        continue;
      }
      const wRow = i * fanOut;
      let back = 0;
      for (let j = 0; j < fanOut; j++) {
        const d = delta[dRow + j] as number;
        gw[wRow + j] = (gw[wRow + j] as number) + a * d;
        back += (w[wRow + j] as number) * d;
      }
      if (previous) previous[aRow + i] = a > 0 ? back : 0;
    }
  }
}
