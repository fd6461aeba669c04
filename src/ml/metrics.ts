/**
 * Binary-classification metrics for scored models: ranking quality (ROC AUC, average precision),
 * probability quality (log loss, calibration) and thresholded hits (accuracy, macro F1). Inputs are
 * 0/1 labels and scores of the same length; every function is pure and O(n) or O(n log n), so a
 * million rows take a fraction of a second. Definitions follow scikit-learn, which
 * `scripts/sklearn-metrics-fixture.py` checks against.
 */
import { NudgeError } from "../core/index.js";

/** Log-loss clipping bound (sklearn's historical `eps`): a confident miss costs about 34.5 nats, not infinity. */
export const PROBABILITY_CLIP = 1e-15;

/** Default cut-off turning a probability into a positive prediction (score >= threshold). */
export const DEFAULT_THRESHOLD = 0.5;

/** Default number of equal-width calibration bins on [0, 1]. */
export const DEFAULT_CALIBRATION_BINS = 10;

/** One non-empty calibration bin: the scores in [lower, upper) (the last bin includes 1), and what happened. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** Every metric of one scored sample at once, as printed in model reports. */
export interface BinaryReport {
  n: number;
  positives: number;
  rocAuc: number;
  prAuc: number;
  logLoss: number;
  accuracy: number;
  macroF1: number;
  calibration: CalibrationBin[];
}

/** Checks shapes and values once; returns the number of positive labels. */
function checkInputs(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const n = labels.length;
  if (n !== scores.length)
    throw new NudgeError("INPUT_INVALID", `labels and scores differ in length (${n} vs ${scores.length})`, {
      labels: n,
      scores: scores.length,
    });
  if (n === 0) throw new NudgeError("INPUT_INVALID", "metrics need at least one row");
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y === 1) positives++;
    else if (y !== 0)
      throw new NudgeError("INPUT_INVALID", `label at row ${i} is ${y}, not 0 or 1`, { row: i });
    const s = scores[i];
    if (typeof s !== "number" || Number.isNaN(s))
      throw new NudgeError("INPUT_INVALID", `score at row ${i} is not a number`, { row: i });
  }
  return positives;
}

/** ROC AUC and average precision from one sort: the two ranking metrics share the descending threshold walk. */
interface Ranking {
  rocAuc: number;
  averagePrecision: number;
}

/**
 * Sorts positive and negative scores separately (native typed-array sort, no comparator), then walks
 * both from the top, one distinct threshold at a time, so tied scores form one step.
 */
function ranking(labels: ArrayLike<number>, scores: ArrayLike<number>, positives: number): Ranking {
  const n = labels.length;
  const negatives = n - positives;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (labels[i] === 1) pos[p++] = scores[i]!;
    else neg[q++] = scores[i]!;
  }
  pos.sort();
  neg.sort();

  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  // Twice the Mann–Whitney U: pairs ranked right count 2, tied pairs 1; integral, so exact in a double.
  let twiceU = 0;
  let precisionSum = 0;
  while (i >= 0 || j >= 0) {
    const top = i < 0 ? neg[j]! : j < 0 ? pos[i]! : Math.max(pos[i]!, neg[j]!);
    let p = 0;
    while (i >= 0 && pos[i] === top) {
      p++;
      i--;
    }
    let q = 0;
    while (j >= 0 && neg[j] === top) {
      q++;
      j--;
    }
    twiceU += p * (2 * (negatives - fp) - q);
    tp += p;
    fp += q;
    if (p > 0) precisionSum += (p / positives) * (tp / (tp + fp));
  }
  return {
    rocAuc: positives === 0 || negatives === 0 ? Number.NaN : twiceU / (2 * positives * negatives),
    averagePrecision: positives === 0 ? Number.NaN : precisionSum,
  };
}

/** Confusion counts of the thresholded predictions. */
interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Counts hits and misses when a score at or above the threshold predicts positive. */
function confusion(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): Confusion {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i]! >= threshold;
    if (labels[i] === 1) {
      if (predicted) tp++;
      else fn++;
    } else if (predicted) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/** F1 of one class as sklearn computes it (harmonic mean of precision and recall; 0 when undefined). */
function f1(truePositives: number, falsePositives: number, falseNegatives: number): number {
  const predicted = truePositives + falsePositives;
  const actual = truePositives + falseNegatives;
  const precision = predicted === 0 ? 0 : truePositives / predicted;
  const recall = actual === 0 ? 0 : truePositives / actual;
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}

/** Macro F1 from confusion counts: class 1 and class 0 weigh the same. */
function macroF1Of(c: Confusion): number {
  return (f1(c.tp, c.fp, c.fn) + f1(c.tn, c.fn, c.fp)) / 2;
}

/** Mean cross-entropy with Neumaier-compensated summation, so a million rows lose no digits. */
function logLossOf(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const high = 1 - PROBABILITY_CLIP;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < labels.length; i++) {
    const s = scores[i]!;
    const p = Math.min(Math.max(s, PROBABILITY_CLIP), high);
    const term = -Math.log(labels[i] === 1 ? p : 1 - p);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return (sum + compensation) / labels.length;
}

/** Bins scores into equal-width bins on [0, 1] and keeps the non-empty ones. */
function calibrationOf(labels: ArrayLike<number>, scores: ArrayLike<number>, bins: number): CalibrationBin[] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new NudgeError("INPUT_INVALID", `calibration needs a positive whole number of bins, got ${bins}`);
  const count = new Float64Array(bins);
  const predicted = new Float64Array(bins);
  const observed = new Float64Array(bins);
  for (let i = 0; i < labels.length; i++) {
    const s = scores[i]!;
    if (!(s >= 0 && s <= 1))
      throw new NudgeError("INPUT_INVALID", `calibration needs probabilities in [0, 1]; row ${i} is ${s}`, {
        row: i,
      });
    let b = Math.min(Math.floor(s * bins), bins - 1);
    // s * bins can round across an edge; settle on the bin whose reported [b/bins, (b+1)/bins) holds s.
    if (s < b / bins) b--;
    else if (b + 1 < bins && s >= (b + 1) / bins) b++;
    count[b]!++;
    predicted[b]! += s;
    observed[b]! += labels[i]!;
  }
  const table: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    if (c === 0) continue;
    table.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count: c,
      meanPredicted: predicted[b]! / c,
      observedRate: observed[b]! / c,
    });
  }
  return table;
}

/** Probability that a random positive outscores a random negative (ties count half); NaN with one class. */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return ranking(labels, scores, checkInputs(labels, scores)).rocAuc;
}

/** Points of a ROC curve: false and true positive rates, from (0, 0) to (1, 1). */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
}

/** Default number of points a ROC curve is thinned to. */
export const DEFAULT_ROC_POINTS = 50;

/**
 * The ROC curve as sklearn's roc_curve (drop_intermediate=False): (0, 0), then one point per distinct
 * score from the highest down, tied scores forming one step, ending at (1, 1). Longer curves are thinned
 * to `points` evenly spaced points (by threshold rank), keeping both ends. Empty with one class.
 */
export function rocCurve(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  points = DEFAULT_ROC_POINTS,
): RocCurve {
  if (!Number.isInteger(points) || points < 2)
    throw new NudgeError("INPUT_INVALID", `a ROC curve needs a whole number of points ≥ 2, got ${points}`);
  const positives = checkInputs(labels, scores);
  const n = labels.length;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return { fpr: [], tpr: [] };
  const order = Float64Array.from(scores);
  const index = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (order[b] as number) - (order[a] as number),
  );
  const fpr = [0];
  const tpr = [0];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; ) {
    const top = order[index[k] as number] as number;
    while (k < n && order[index[k] as number] === top) {
      if (labels[index[k] as number] === 1) tp++;
      else fp++;
      k++;
    }
    fpr.push(fp / negatives);
    tpr.push(tp / positives);
  }
  if (fpr.length <= points) return { fpr, tpr };
  const last = fpr.length - 1;
  const picked = Array.from({ length: points }, (_, i) => Math.round((i * last) / (points - 1)));
  return { fpr: picked.map((i) => fpr[i] as number), tpr: picked.map((i) => tpr[i] as number) };
}

/** Area under the precision–recall step curve, as sklearn's average_precision_score; NaN without positives. */
export function averagePrecision(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  return ranking(labels, scores, checkInputs(labels, scores)).averagePrecision;
}

/** Mean binary cross-entropy in nats, probabilities clipped to [PROBABILITY_CLIP, 1 − PROBABILITY_CLIP]. */
export function logLoss(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  checkInputs(labels, scores);
  return logLossOf(labels, scores);
}

/** Share of rows whose thresholded prediction (score >= threshold is positive) equals the label. */
export function accuracy(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold = DEFAULT_THRESHOLD,
): number {
  checkInputs(labels, scores);
  const c = confusion(labels, scores, threshold);
  return (c.tp + c.tn) / labels.length;
}

/** Mean of the F1 of class 1 and of class 0 on thresholded predictions; a class nobody has or predicts scores 0. */
export function macroF1(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  threshold = DEFAULT_THRESHOLD,
): number {
  checkInputs(labels, scores);
  return macroF1Of(confusion(labels, scores, threshold));
}

/** Predicted versus observed positive rate per equal-width score bin, for reliability diagrams. */
export function calibrationTable(
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  bins = DEFAULT_CALIBRATION_BINS,
): CalibrationBin[] {
  checkInputs(labels, scores);
  return calibrationOf(labels, scores, bins);
}

/** All metrics of one scored sample, validating the input once and sorting it once. */
export function binaryReport(labels: ArrayLike<number>, scores: ArrayLike<number>): BinaryReport {
  const positives = checkInputs(labels, scores);
  const ranked = ranking(labels, scores, positives);
  const c = confusion(labels, scores, DEFAULT_THRESHOLD);
  return {
    n: labels.length,
    positives,
    rocAuc: ranked.rocAuc,
    prAuc: ranked.averagePrecision,
    logLoss: logLossOf(labels, scores),
    accuracy: (c.tp + c.tn) / labels.length,
    macroF1: macroF1Of(c),
    calibration: calibrationOf(labels, scores, DEFAULT_CALIBRATION_BINS),
  };
}
