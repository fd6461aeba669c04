/**
 * Uplift metrics for a randomized campaign: who did the model rank as persuadable, and did the treated among
 * them respond more than the controls? Inputs are uplift scores (higher = more persuadable), treatment
 * (1 treated, 0 control) and outcome (0/1 or real, e.g. spend) of the same length. Definitions are those of
 * scikit-uplift 0.5 (`sklift/metrics/metrics.py`): rows sorted by score descending, one curve point per
 * distinct score (tied rows enter together, as scikit-learn's `_binary_clf_curve`), areas by the trapezoid
 * rule (`sklearn.metrics.auc`). `fixtures/uplift-metrics.py` re-implements them and checks us.
 */
import { NudgeError } from "../core/index.js";
import {
  area,
  checkInputs,
  descendingOrder,
  ratioOrZero,
  type ThresholdSums,
  thresholdSums,
} from "./uplift-sums.js";

/** Default number of points kept per curve in `upliftReport` (enough for a smooth plot, small in JSON). */
export const DEFAULT_REPORT_POINTS = 200;

/** Shares of the population, best scores first, whose uplift `upliftReport` gives (in percent). */
export const REPORT_SHARES_PERCENT = [10, 20, 30] as const;

/** Points of a gain curve: `x` customers targeted (best scores first), `y` the gain among them. */
export interface UpliftCurve {
  x: number[];
  y: number[];
}

/** Everything the console plots and prints for one scored campaign. */
export interface UpliftReport {
  /** Qini coefficient (`qiniCoefficient`, negative effects in the perfect curve). */
  qini: number;
  /** Normalized area under the uplift curve (`auuc`). */
  auuc: number;
  /** `upliftAtK` at 10 %, 20 % and 30 % of the population. */
  upliftAt: { 10: number; 20: number; 30: number };
  /** The Qini and uplift curves thinned for plotting, and the Qini curve's random-targeting line. */
  curves: { qini: UpliftCurve; uplift: UpliftCurve; random: UpliftCurve };
}

/** Options of `upliftReport`. */
export interface UpliftReportOptions {
  /** Most points kept per curve (at least 2; the first and last are always kept). */
  points?: number;
}

/** A curve from (0, 0) through one point per threshold. */
function curveOf(sums: ThresholdSums, gain: (k: number) => number): UpliftCurve {
  const x = [0];
  const y = [0];
  for (let k = 0; k < sums.all.length; k++) {
    x.push(sums.all[k]!);
    y.push(gain(k));
  }
  return { x, y };
}

/** Qini gain: treated responses minus control responses scaled to the treated count, Y_T − Y_C·N_T/N_C. */
function qiniOf(sums: ThresholdSums): UpliftCurve {
  return curveOf(sums, (k) => {
    const treated = sums.treated[k]!;
    const control = sums.all[k]! - treated;
    return sums.treatedOutcome[k]! - sums.controlOutcome[k]! * ratioOrZero(treated, control);
  });
}

/** Uplift gain: (treated response rate − control response rate) × rows targeted. */
function upliftOf(sums: ThresholdSums): UpliftCurve {
  return curveOf(sums, (k) => {
    const treated = sums.treated[k]!;
    const control = sums.all[k]! - treated;
    return (
      (ratioOrZero(sums.treatedOutcome[k]!, treated) - ratioOrZero(sums.controlOutcome[k]!, control)) *
      sums.all[k]!
    );
  });
}

/** Sorts, sums and builds one kind of curve for the given scores. */
function curveFor(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  kind: (sums: ThresholdSums) => UpliftCurve,
): UpliftCurve {
  return kind(thresholdSums(outcome, uplift, treatment, descendingOrder(uplift)));
}

/** sklift's oracle score for the Qini curve: treated responders first, control responders last. */
function perfectQiniScores(outcome: ArrayLike<number>, treatment: ArrayLike<number>): Float64Array {
  const scores = new Float64Array(outcome.length);
  for (let i = 0; i < scores.length; i++) {
    const y = outcome[i]!;
    const t = treatment[i]!;
    scores[i] = y * t - y * (1 - t);
  }
  return scores;
}

/**
 * sklift's oracle score for the uplift curve: rows whose outcome equals their treatment (treated responders,
 * control non-responders) first, then ordered by outcome or treatment, whichever group is larger.
 */
function perfectUpliftScores(outcome: ArrayLike<number>, treatment: ArrayLike<number>): Float64Array {
  let controlResponders = 0;
  let treatedNonResponders = 0;
  for (let i = 0; i < outcome.length; i++) {
    if (outcome[i] === 1 && treatment[i] === 0) controlResponders++;
    if (outcome[i] === 0 && treatment[i] === 1) treatedNonResponders++;
  }
  const summand = controlResponders > treatedNonResponders ? outcome : treatment;
  const scores = new Float64Array(outcome.length);
  for (let i = 0; i < scores.length; i++) scores[i] = 2 * (outcome[i] === treatment[i] ? 1 : 0) + summand[i]!;
  return scores;
}

/** Overall Qini gain when everyone is targeted: Y_T − N_T·Y_C/N_C (sklift's `ratio_random`). */
function overallQiniGain(outcome: ArrayLike<number>, treatment: ArrayLike<number>): number {
  let treated = 0;
  let yT = 0;
  let yC = 0;
  for (let i = 0; i < outcome.length; i++) {
    if (treatment[i] === 1) {
      treated++;
      yT += outcome[i]!;
    } else yC += outcome[i]!;
  }
  return yT - (treated * yC) / (outcome.length - treated);
}

/** The perfect Qini curve on validated inputs. */
function perfectQiniOf(outcome: ArrayLike<number>, treatment: ArrayLike<number>, negativeEffect: boolean) {
  if (negativeEffect) return curveFor(outcome, perfectQiniScores(outcome, treatment), treatment, qiniOf);
  // Without negative effects sklift draws a corner at (gain, gain): x is the gain itself, not a row count.
  const gain = overallQiniGain(outcome, treatment);
  return { x: [0, gain, outcome.length], y: [0, gain, gain] };
}

/**
 * (area under the model's curve − random) / (area under the perfect curve − random), where random is the
 * straight line from (0, 0) to the perfect curve's last point. NaN or ±Infinity when the perfect curve has
 * no area over the random line, as in sklift.
 */
function normalizedArea(actual: UpliftCurve, perfect: UpliftCurve): number {
  const random = area(randomLine(perfect));
  return (area(actual) - random) / (area(perfect) - random);
}

/** The line from (0, 0) to the curve's last point: the gain of targeting at random. */
function randomLine(curve: UpliftCurve): UpliftCurve {
  return { x: [0, curve.x[curve.x.length - 1]!], y: [0, curve.y[curve.y.length - 1]!] };
}

/** Checks that k is a share in (0, 1]. */
function checkShare(k: number): void {
  if (!(k > 0 && k <= 1))
    throw new NudgeError("INPUT_INVALID", `k must be a share of the population in (0, 1], got ${k}`, { k });
}

/** Treated minus control mean outcome among the first ⌊n·k⌋ rows of `order`; NaN if a group is absent. */
function upliftAtShare(
  outcome: ArrayLike<number>,
  treatment: ArrayLike<number>,
  order: Uint32Array,
  k: number,
): number {
  const top = Math.trunc(order.length * k);
  let treated = 0;
  let control = 0;
  let yT = 0;
  let yC = 0;
  for (let r = 0; r < top; r++) {
    const i = order[r]!;
    if (treatment[i] === 1) {
      treated++;
      yT += outcome[i]!;
    } else {
      control++;
      yC += outcome[i]!;
    }
  }
  // 0 / 0 is NaN, as numpy's mean of an empty selection.
  return yT / treated - yC / control;
}

/** At most `points` points of the curve, evenly spaced by index, first and last kept. */
function thin(curve: UpliftCurve, points: number): UpliftCurve {
  const n = curve.x.length;
  if (n <= points) return { x: [...curve.x], y: [...curve.y] };
  const x: number[] = [];
  const y: number[] = [];
  for (let j = 0; j < points; j++) {
    const k = Math.round((j * (n - 1)) / (points - 1));
    x.push(curve.x[k]!);
    y.push(curve.y[k]!);
  }
  return { x, y };
}

/** sklift `uplift_curve`: (treated response rate − control response rate) × customers targeted, per threshold. */
export function upliftCurve(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
): UpliftCurve {
  checkInputs(outcome, treatment, uplift);
  return curveFor(outcome, uplift, treatment, upliftOf);
}

/** sklift `qini_curve`: treated responses − control responses × N_T/N_C among the customers targeted. */
export function qiniCurve(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
): UpliftCurve {
  checkInputs(outcome, treatment, uplift);
  return curveFor(outcome, uplift, treatment, qiniOf);
}

/**
 * sklift `perfect_qini_curve`: the Qini curve of an oracle. With `negativeEffect` (the default) it ranks
 * treated responders first and control responders last; without, it is sklift's corner (0,0)–(g,g)–(n,g),
 * g the overall gain.
 */
export function perfectQiniCurve(
  outcome: ArrayLike<number>,
  treatment: ArrayLike<number>,
  negativeEffect = true,
): UpliftCurve {
  checkInputs(outcome, treatment);
  return perfectQiniOf(outcome, treatment, negativeEffect);
}

/** sklift `perfect_uplift_curve`: the uplift curve of sklift's oracle ranking. */
export function perfectUpliftCurve(outcome: ArrayLike<number>, treatment: ArrayLike<number>): UpliftCurve {
  checkInputs(outcome, treatment);
  return curveFor(outcome, perfectUpliftScores(outcome, treatment), treatment, upliftOf);
}

/**
 * sklift `qini_auc_score`, the Qini coefficient: (area under the model's Qini curve − random) /
 * (perfect − random). 1 is the oracle, about 0 random targeting, below 0 worse than random.
 */
export function qiniCoefficient(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  negativeEffect = true,
): number {
  checkInputs(outcome, treatment, uplift);
  return normalizedArea(
    curveFor(outcome, uplift, treatment, qiniOf),
    perfectQiniOf(outcome, treatment, negativeEffect),
  );
}

/** sklift `uplift_auc_score`: the uplift curve's area over random, as a share of the perfect curve's. */
export function auuc(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
): number {
  checkInputs(outcome, treatment, uplift);
  return normalizedArea(
    curveFor(outcome, uplift, treatment, upliftOf),
    curveFor(outcome, perfectUpliftScores(outcome, treatment), treatment, upliftOf),
  );
}

/**
 * sklift `uplift_at_k` with strategy "overall": among the first ⌊n·k⌋ rows by score (k a share in (0, 1];
 * sklift itself refuses k = 1), treated mean outcome − control mean outcome; NaN when either group is absent.
 */
export function upliftAtK(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  k: number,
): number {
  checkInputs(outcome, treatment, uplift);
  checkShare(k);
  return upliftAtShare(outcome, treatment, descendingOrder(uplift), k);
}

/** The console's numbers and plot data, validating and sorting once; curves thinned to `options.points`. */
export function upliftReport(
  outcome: ArrayLike<number>,
  uplift: ArrayLike<number>,
  treatment: ArrayLike<number>,
  options: UpliftReportOptions = {},
): UpliftReport {
  const points = options.points ?? DEFAULT_REPORT_POINTS;
  if (!Number.isInteger(points) || points < 2)
    throw new NudgeError("INPUT_INVALID", `a curve needs at least 2 points, got ${points}`, { points });
  checkInputs(outcome, treatment, uplift);
  const order = descendingOrder(uplift);
  const sums = thresholdSums(outcome, uplift, treatment, order);
  const qini = qiniOf(sums);
  const gain = upliftOf(sums);
  const [at10, at20, at30] = REPORT_SHARES_PERCENT.map((p) =>
    upliftAtShare(outcome, treatment, order, p / 100),
  );
  return {
    qini: normalizedArea(qini, perfectQiniOf(outcome, treatment, true)),
    auuc: normalizedArea(
      gain,
      curveFor(outcome, perfectUpliftScores(outcome, treatment), treatment, upliftOf),
    ),
    upliftAt: { 10: at10!, 20: at20!, 30: at30! },
    curves: { qini: thin(qini, points), uplift: thin(gain, points), random: randomLine(qini) },
  };
}
