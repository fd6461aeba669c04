/**
 * Multi-class predictions and scores: the most probable class of each row and macro-F1 over classes, as
 * scikit-learn's `f1_score(average="macro")` (the mean over every class seen in the truth or the
 * predictions; a class with no hits scores 0). `src/ml/metrics.ts` covers the binary case only.
 */
import { NudgeError } from "../../core/index.js";

/** The class of highest probability per row (the lowest index among ties) of a rows × classes matrix. */
export function predictedClasses(proba: Float32Array, classes: number): Int32Array {
  const rows = proba.length / classes;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let best = 0;
    for (let c = 1; c < classes; c++) if (proba[base + c]! > proba[base + best]!) best = c;
    out[r] = best;
  }
  return out;
}

/** Share of rows whose predicted class is the true one. */
export function classAccuracy(truth: Int32Array, predicted: Int32Array): number {
  checkSameLength(truth, predicted);
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) hits++;
  return hits / truth.length;
}

/** Mean F1 over the classes present in the truth or the predictions. */
export function classMacroF1(truth: Int32Array, predicted: Int32Array, classes: number): number {
  checkSameLength(truth, predicted);
  const truePositives = new Float64Array(classes);
  const actual = new Float64Array(classes);
  const guessed = new Float64Array(classes);
  for (let i = 0; i < truth.length; i++) {
    actual[truth[i]!]!++;
    guessed[predicted[i]!]!++;
    if (truth[i] === predicted[i]) truePositives[truth[i]!]!++;
  }
  let sum = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (actual[c] === 0 && guessed[c] === 0) continue;
    present++;
    // F1 = 2·tp / (actual + guessed), the harmonic mean of precision and recall without dividing by zero.
    sum += (2 * truePositives[c]!) / (actual[c]! + guessed[c]!);
  }
  return present === 0 ? 0 : sum / present;
}

function checkSameLength(truth: Int32Array, predicted: Int32Array): void {
  if (truth.length !== predicted.length || truth.length === 0)
    throw new NudgeError(
      "INPUT_INVALID",
      `truth and predictions must be non-empty and of one length (${truth.length} vs ${predicted.length})`,
    );
}

/** Turns each row of log-scores (rows × classes, in place) into probabilities by a stable softmax. */
export function softmaxRows(scores: Float64Array, classes: number, out: Float32Array): Float32Array {
  const rows = scores.length / classes;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) if (scores[base + c]! > max) max = scores[base + c]!;
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(scores[base + c]! - max);
      scores[base + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[base + c] = scores[base + c]! / sum;
  }
  return out;
}
