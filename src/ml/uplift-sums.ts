/**
 * The sums uplift curves are made of, and their area: input checks, the descending score order with
 * sklift's tie order, running sums at each distinct score, and the trapezoid area (uplift-metrics.ts).
 */
import { NudgeError } from "../core/index.js";
import type { UpliftCurve } from "./uplift-metrics.js";

/** Running sums at the last row of each distinct score, best scores first (sklift's `threshold_indices`). */
export interface ThresholdSums {
  /** Rows up to the threshold (sklift `num_all`). */
  all: Float64Array;
  /** Treated rows (`num_trmnt`). */
  treated: Float64Array;
  /** Outcome summed over treated rows (`y_trmnt`). */
  treatedOutcome: Float64Array;
  /** Outcome summed over control rows (`y_ctrl`). */
  controlOutcome: Float64Array;
}

/** Checks shapes and values once; `uplift` is absent for the perfect curves, which need no scores. */
export function checkInputs(
  outcome: ArrayLike<number>,
  treatment: ArrayLike<number>,
  uplift?: ArrayLike<number>,
): void {
  const n = outcome.length;
  if (treatment.length !== n)
    throw new NudgeError(
      "INPUT_INVALID",
      `outcome and treatment differ in length (${n} vs ${treatment.length})`,
      {
        outcome: n,
        treatment: treatment.length,
      },
    );
  if (uplift !== undefined && uplift.length !== n)
    throw new NudgeError("INPUT_INVALID", `outcome and uplift differ in length (${n} vs ${uplift.length})`, {
      outcome: n,
      uplift: uplift.length,
    });
  let treated = 0;
  for (let i = 0; i < n; i++) {
    const t = treatment[i];
    if (t === 1) treated++;
    else if (t !== 0)
      throw new NudgeError("INPUT_INVALID", `treatment at row ${i} is ${t}, not 0 or 1`, { row: i });
    if (!Number.isFinite(outcome[i]))
      throw new NudgeError("INPUT_INVALID", `outcome at row ${i} is not a finite number`, { row: i });
    // Infinite scores are refused too: sklift's np.diff(inf, inf) is NaN, which would split a tie.
    if (uplift !== undefined && !Number.isFinite(uplift[i]))
      throw new NudgeError("INPUT_INVALID", `uplift score at row ${i} is not a finite number`, { row: i });
  }
  if (treated === 0)
    throw new NudgeError("INPUT_INVALID", "no treated rows: uplift metrics compare treated with control", {
      rows: n,
    });
  if (treated === n)
    throw new NudgeError("INPUT_INVALID", "no control rows: uplift metrics compare treated with control", {
      rows: n,
    });
}

/**
 * Row indices by score descending; ties in descending row order, which is what sklift's
 * `np.argsort(uplift, kind="mergesort")[::-1]` gives (it matters for `upliftAtK` and for the order of sums).
 */
export function descendingOrder(uplift: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(uplift.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => uplift[b]! - uplift[a]! || b - a);
}

/** Cumulative counts and outcome sums, kept at the last row of each run of equal scores. */
export function thresholdSums(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  order: Uint32Array,
): ThresholdSums {
  const all: number[] = [];
  const treated: number[] = [];
  const treatedOutcome: number[] = [];
  const controlOutcome: number[] = [];
  let t = 0;
  let yT = 0;
  let yC = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    if (treatment[i] === 1) {
      t++;
      yT += outcome[i]!;
    } else yC += outcome[i]!;
    const next = order[r + 1];
    if (next !== undefined && uplift[next] === uplift[i]) continue;
    all.push(r + 1);
    treated.push(t);
    treatedOutcome.push(yT);
    controlOutcome.push(yC);
  }
  return {
    all: Float64Array.from(all),
    treated: Float64Array.from(treated),
    treatedOutcome: Float64Array.from(treatedOutcome),
    controlOutcome: Float64Array.from(controlOutcome),
  };
}

/** `numerator / denominator`, or 0 when the denominator is 0 (sklift's `np.divide(..., where=d != 0)`). */
export function ratioOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Trapezoid area as `sklearn.metrics.auc`: x must be monotonic (a decreasing x gives the area with its sign
 * flipped); Neumaier-compensated, so long curves lose no digits.
 */
export function area(curve: UpliftCurve): number {
  const { x, y } = curve;
  let increasing = true;
  let decreasing = true;
  for (let k = 1; k < x.length; k++) {
    if (x[k]! < x[k - 1]!) increasing = false;
    if (x[k]! > x[k - 1]!) decreasing = false;
  }
  if (!increasing && !decreasing)
    throw new NudgeError(
      "INPUT_INVALID",
      "curve x is neither increasing nor decreasing; without negative effects the perfect Qini curve needs " +
        "an overall gain between 0 and the number of rows",
      { x },
    );
  let sum = 0;
  let compensation = 0;
  for (let k = 1; k < x.length; k++) {
    const term = ((x[k]! - x[k - 1]!) * (y[k]! + y[k - 1]!)) / 2;
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return (increasing ? 1 : -1) * (sum + compensation);
}
