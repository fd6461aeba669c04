/**
 * Multinomial (softmax) logistic regression with an L2 penalty, trained by L-BFGS on the full sparse data:
 * minimizes mean cross-entropy + l2/2·‖W‖² (intercepts unpenalized), i.e. scikit-learn's
 * `LogisticRegression(multi_class="multinomial", C = 1 / (rows · l2))`. A pass over the data costs
 * nonzeros × classes; no randomness is involved, so a fit is deterministic.
 */

import { softmaxRows } from "./class-metrics.js";
import {
  checkParam,
  checkWholeParam,
  envelope,
  notFitted,
  type TextClassifier,
  type TextClassifierJSON,
} from "./classifier.js";
import { minimizeLbfgs } from "./lbfgs.js";
import { packFloat32, unpackFloat32 } from "./packed.js";
import { checkScoringRows, checkTrainingSet, type SparseRows } from "./sparse.js";

/** Parameters of softmax regression. */
export interface LogisticParams {
  /** Weight of the penalty l2/2·‖W‖² next to the mean cross-entropy. */
  l2: number;
  /** L-BFGS iteration cap (scikit-learn's default is 100). */
  maxIterations: number;
  /** Stop when no gradient component exceeds this. */
  tolerance: number;
}

/** Defaults: a light penalty, and scikit-learn's iteration cap and gradient tolerance. */
export const DEFAULT_LOGISTIC: LogisticParams = { l2: 1e-4, maxIterations: 100, tolerance: 1e-4 };

/** Stop when an iteration lowers the objective by less than this share (scipy's L-BFGS-B ftol, roughly). */
const RELATIVE_TOLERANCE = 1e-9;
/** Curvature pairs L-BFGS keeps (scipy's default is 10; fewer halves the dense vector work). */
const LBFGS_HISTORY = 6;

/** Softmax regression over sparse rows. */
export class LogisticClassifier implements TextClassifier {
  readonly kind = "logistic" as const;
  readonly params: LogisticParams;
  classes: readonly string[] = [];
  private cols = 0;
  /** Feature-major weights (cols × classes) followed by the classes intercepts. */
  private weights: Float64Array | Float32Array | undefined;

  constructor(params: Partial<LogisticParams> = {}) {
    const merged = { ...DEFAULT_LOGISTIC, ...params };
    this.params = {
      l2: checkParam("logistic", "l2", merged.l2, 0),
      maxIterations: checkWholeParam("logistic", "maxIterations", merged.maxIterations, 1),
      tolerance: checkParam("logistic", "tolerance", merged.tolerance, 0),
    };
  }

  /** Minimizes the penalized cross-entropy from zero weights. */
  fit(x: SparseRows, y: Int32Array, classes: readonly string[]): this {
    checkTrainingSet(x, y, classes);
    const k = classes.length;
    const theta = new Float64Array(x.cols * k + k);
    minimizeLbfgs(softmaxObjective(x, y, k, this.params.l2), theta, {
      maxIterations: this.params.maxIterations,
      gradientTolerance: this.params.tolerance,
      relativeTolerance: RELATIVE_TOLERANCE,
      history: LBFGS_HISTORY,
    });
    this.classes = [...classes];
    this.cols = x.cols;
    this.weights = theta;
    return this;
  }

  /** Softmax of intercept + x·W per row. */
  predictProba(x: SparseRows): Float32Array {
    const weights = this.weights;
    if (!weights) throw notFitted(this.kind);
    checkScoringRows(x, this.cols);
    const k = this.classes.length;
    const scores = new Float64Array(x.rows * k);
    linearScores(x, weights, k, scores);
    return softmaxRows(scores, k, new Float32Array(x.rows * k));
  }

  /** Weights as float32 base64: feature-major (cols × classes), then the intercepts. */
  toJSON(): TextClassifierJSON {
    if (!this.weights) throw notFitted(this.kind);
    return envelope(this, this.cols, { weights: packFloat32(this.weights) });
  }

  restore(json: TextClassifierJSON): this {
    const k = json.classes.length;
    this.classes = [...json.classes];
    this.cols = json.cols;
    this.weights = unpackFloat32(json.state.weights, "logistic weights", json.cols * k + k);
    return this;
  }
}

/** Writes intercept + x·W for every row into `scores` (rows × classes). */
function linearScores(x: SparseRows, theta: ArrayLike<number>, k: number, scores: Float64Array): void {
  const bias = x.cols * k;
  for (let r = 0; r < x.rows; r++) {
    const base = r * k;
    for (let c = 0; c < k; c++) scores[base + c] = theta[bias + c]!;
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
      const v = x.values[p]!;
      const at = x.indices[p]! * k;
      for (let c = 0; c < k; c++) scores[base + c]! += v * theta[at + c]!;
    }
  }
}

/** Mean cross-entropy + l2/2·‖W‖² and its gradient, over weights laid out as in `linearScores`. */
function softmaxObjective(x: SparseRows, y: Int32Array, k: number, l2: number) {
  const rows = x.rows;
  const bias = x.cols * k;
  const scores = new Float64Array(rows * k);
  return (theta: Float64Array, gradient: Float64Array): number => {
    linearScores(x, theta, k, scores);
    gradient.fill(0);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const base = r * k;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) max = Math.max(max, scores[base + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(scores[base + c]! - max);
      const logSum = max + Math.log(sum);
      loss += logSum - scores[base + y[r]!]!;
      // The residual p − onehot(y), scaled by 1/rows, reuses the score slots.
      for (let c = 0; c < k; c++) scores[base + c] = Math.exp(scores[base + c]! - logSum) / rows;
      scores[base + y[r]!]! -= 1 / rows;
      for (let c = 0; c < k; c++) gradient[bias + c]! += scores[base + c]!;
      for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) {
        const v = x.values[p]!;
        const at = x.indices[p]! * k;
        for (let c = 0; c < k; c++) gradient[at + c]! += v * scores[base + c]!;
      }
    }
    let penalty = 0;
    for (let i = 0; i < bias; i++) {
      const w = theta[i]!;
      penalty += w * w;
      gradient[i]! += l2 * w;
    }
    return loss / rows + (l2 / 2) * penalty;
  };
}
