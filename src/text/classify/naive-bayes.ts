/**
 * Multinomial naive Bayes on TF-IDF weights, as scikit-learn's `MultinomialNB`: per class, the feature
 * log-probabilities come from summed weights plus additive smoothing `alpha`, the class log-prior from class
 * frequencies; probabilities are the normalized joint likelihoods (log-sum-exp). Scoring a row costs
 * nonzeros × classes, so short messages score at millions per second.
 */

import { softmaxRows } from "./class-metrics.js";
import {
  checkParam,
  envelope,
  notFitted,
  type TextClassifier,
  type TextClassifierJSON,
} from "./classifier.js";
import { packFloat32, unpackFloat32 } from "./packed.js";
import { checkScoringRows, checkTrainingSet, classCounts, type SparseRows } from "./sparse.js";

/** Parameters of multinomial naive Bayes. */
export interface NaiveBayesParams {
  /** Additive (Lidstone) smoothing added to every class × feature weight sum; 1 is Laplace. */
  alpha: number;
}

/** scikit-learn's default smoothing. */
export const DEFAULT_NAIVE_BAYES: NaiveBayesParams = { alpha: 1 };

/** Smallest smoothing accepted: below it unseen terms would make log-probabilities infinite. */
const MIN_ALPHA = 1e-10;

/** Fitted weights: feature-major log-probabilities (cols × classes) and class log-priors. */
interface NaiveBayesState {
  featureLogProb: Float64Array | Float32Array;
  classLogPrior: Float64Array | Float32Array;
}

/** Multinomial naive Bayes over sparse non-negative rows. */
export class MultinomialNaiveBayes implements TextClassifier {
  readonly kind = "nb" as const;
  readonly params: NaiveBayesParams;
  classes: readonly string[] = [];
  private cols = 0;
  private state: NaiveBayesState | undefined;

  constructor(params: Partial<NaiveBayesParams> = {}) {
    const merged = { ...DEFAULT_NAIVE_BAYES, ...params };
    this.params = { alpha: checkParam("nb", "alpha", merged.alpha, MIN_ALPHA) };
  }

  /** Sums weights per class and feature, smooths, and takes logs; absent classes get prior −∞. */
  fit(x: SparseRows, y: Int32Array, classes: readonly string[]): this {
    checkTrainingSet(x, y, classes);
    const k = classes.length;
    const featureCount = new Float64Array(x.cols * k);
    for (let r = 0; r < x.rows; r++) {
      const label = y[r]!;
      for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++)
        featureCount[x.indices[p]! * k + label]! += x.values[p]!;
    }
    this.classes = [...classes];
    this.cols = x.cols;
    this.state = {
      featureLogProb: smoothedLogProb(featureCount, x.cols, k, this.params.alpha),
      classLogPrior: classLogPrior(y, k),
    };
    return this;
  }

  /** Joint log-likelihood per class, normalized by log-sum-exp. */
  predictProba(x: SparseRows): Float32Array {
    const state = this.state;
    if (!state) throw notFitted(this.kind);
    checkScoringRows(x, this.cols);
    const k = this.classes.length;
    const { featureLogProb, classLogPrior } = state;
    const scores = new Float64Array(x.rows * k);
    for (let r = 0; r < x.rows; r++) {
      const base = r * k;
      for (let c = 0; c < k; c++) scores[base + c] = classLogPrior[c]!;
      for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
        const v = x.values[p]!;
        const at = x.indices[p]! * k;
        for (let c = 0; c < k; c++) scores[base + c]! += v * featureLogProb[at + c]!;
      }
    }
    return softmaxRows(scores, k, new Float32Array(x.rows * k));
  }

  /** Log-probabilities as float32 base64, feature-major (cols × classes). */
  toJSON(): TextClassifierJSON {
    const state = this.state;
    if (!state) throw notFitted(this.kind);
    return envelope(this, this.cols, {
      featureLogProb: packFloat32(state.featureLogProb),
      classLogPrior: packFloat32(state.classLogPrior),
    });
  }

  restore(json: TextClassifierJSON): this {
    const k = json.classes.length;
    this.classes = [...json.classes];
    this.cols = json.cols;
    this.state = {
      featureLogProb: unpackFloat32(json.state.featureLogProb, "nb featureLogProb", json.cols * k),
      classLogPrior: unpackFloat32(json.state.classLogPrior, "nb classLogPrior", k),
    };
    return this;
  }
}

/** log((count + α) / Σ_features (count + α)) per class, in the feature-major layout of the counts. */
function smoothedLogProb(
  featureCount: Float64Array,
  cols: number,
  classes: number,
  alpha: number,
): Float64Array {
  const totals = new Float64Array(classes).fill(alpha * cols);
  for (let j = 0; j < cols; j++)
    for (let c = 0; c < classes; c++) totals[c]! += featureCount[j * classes + c]!;
  const logTotals = totals.map(Math.log);
  const out = new Float64Array(featureCount.length);
  for (let j = 0; j < cols; j++)
    for (let c = 0; c < classes; c++)
      out[j * classes + c] = Math.log(featureCount[j * classes + c]! + alpha) - logTotals[c]!;
  return out;
}

/** log(class share of the training rows); −∞ for a class with no rows. */
function classLogPrior(y: Int32Array, classes: number): Float64Array {
  const counts = classCounts(y, classes);
  return counts.map((count) => Math.log(count / y.length));
}
