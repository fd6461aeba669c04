/**
 * The two-head uplift model trained as a plain MLP: the fallback of issue 9 when there is no relations
 * graph. A ReLU trunk feeds two sigmoid outputs, the heads' logits z1 and z2 of loss.ts; the net trains on
 * `upliftLoss` through `TrainOptions.loss`, with the rows' (treated, responded) flags as its targets, and
 * stops early on the same loss over a held-out share of the rows.
 */
import { NudgeError, withDefaults } from "../../core/index.js";
import {
  DEFAULT_TRAIN,
  type FloatArray,
  type LogitLoss,
  type Matrix,
  Mlp,
  type MlpShape,
  stratifiedSplit,
  trainMlp,
} from "../../ml/index.js";
import { checkFlags, checkNodes } from "./checks.js";
import { upliftLoss } from "./loss.js";

/**
 * How to train. `weights`: `balanced` (the default) weighs treated rows 1/e and control rows 1/(1 − e),
 * e the treated share, so both arms shape the shared layers equally (see loss.ts); `none` weighs every
 * row 1.
 */
export interface TwoHeadOptions {
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  l2?: number;
  /** Epochs without a validation improvement before stopping. */
  patience?: number;
  seed: number;
  weights?: "balanced" | "none";
}

/** A trained two-head net: its shape (two sigmoid outputs, p1 and p2) and flattened parameters. */
export interface TwoHeadModel {
  shape: MlpShape;
  weights: Float32Array;
}

/** Per row: the heads' probabilities and the signed uplift p1 + p2 − 1 (P(persuadable) where ≥ 0). */
export interface TwoHeadScores {
  p1: Float32Array;
  p2: Float32Array;
  uplift: Float32Array;
}

/**
 * Defaults: a smaller trunk than classifiers use (the heads each see one arm) and the optimizer and
 * stopping rule of `DEFAULT_TRAIN`.
 */
export const DEFAULT_TWO_HEAD: Required<Omit<TwoHeadOptions, "seed">> = {
  hidden: [32, 16],
  epochs: DEFAULT_TRAIN.epochs,
  batchSize: DEFAULT_TRAIN.batchSize,
  learningRate: DEFAULT_TRAIN.learningRate,
  l2: DEFAULT_TRAIN.l2,
  patience: DEFAULT_TRAIN.patience,
  weights: "balanced",
};

/** Share of the rows held out for early stopping on the uplift loss. */
export const TWO_HEAD_VALIDATION_SHARE = 0.15;

/**
 * Trains the two heads on `rows` rows of encoded inputs `x` (rows × inputs, row-major, e.g. by
 * ml's fitEncoder/encode) with 0/1 `treated` and `responded` per row. A seeded split, stratified by
 * (treated, responded), holds out 15 % of the rows to stop early on the uplift loss; the model is the
 * epoch best on it, and `validationLoss` its weighted mean negative log-likelihood there.
 */
export function trainTwoHead(
  x: Float32Array,
  rows: number,
  inputs: number,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
  options: TwoHeadOptions,
): { model: TwoHeadModel; epochs: number; validationLoss: number } {
  const treatedShare = checkHistory(x, rows, inputs, treated, responded);
  const o = withDefaults(DEFAULT_TWO_HEAD, options);
  const strata = Uint8Array.from(
    { length: rows },
    (_, r) => 2 * (treated[r] as number) + (responded[r] as number),
  );
  // stratifiedSplit insists on a test share; its test part serves here as the validation rows.
  const split = stratifiedSplit(strata, options.seed, {
    train: 1 - TWO_HEAD_VALIDATION_SHARE,
    validation: 0,
    test: TWO_HEAD_VALIDATION_SHARE,
  });
  const arm =
    o.weights === "balanced" ? { treated: 1 / treatedShare, control: 1 / (1 - treatedShare) } : undefined;
  const result = trainMlp(
    historyMatrix(x, inputs, treated, responded, split.train),
    historyMatrix(x, inputs, treated, responded, split.test),
    {
      hidden: o.hidden,
      epochs: o.epochs,
      batchSize: o.batchSize,
      learningRate: o.learningRate,
      l2: o.l2,
      patience: o.patience,
      tolerance: DEFAULT_TRAIN.tolerance,
      seed: options.seed,
      loss: upliftLogitLoss(arm),
    },
  );
  return {
    model: { shape: result.net.shape, weights: result.net.parameters() },
    epochs: result.epochs,
    validationLoss: result.validationLoss,
  };
}

/** The heads' probabilities and the signed uplift for `rows` rows of inputs encoded as in training. */
export function scoreTwoHead(model: TwoHeadModel, x: Float32Array, rows: number): TwoHeadScores {
  if (model.shape.outputs !== 2 || (model.shape.output ?? "sigmoid") !== "sigmoid")
    throw new NudgeError("INPUT_INVALID", "a two-head model has two sigmoid outputs", {
      outputs: model.shape.outputs,
    });
  const p = Mlp.fromParameters(model.shape, model.weights).predict(x, rows);
  const p1 = new Float32Array(rows);
  const p2 = new Float32Array(rows);
  const uplift = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    p1[r] = p[2 * r] as number;
    p2[r] = p[2 * r + 1] as number;
    uplift[r] = (p1[r] as number) + (p2[r] as number) - 1;
  }
  return { p1, p2, uplift };
}

/**
 * `upliftLoss` on interleaved logits (z1, z2 per row) against interleaved targets (treated, responded),
 * with the arms' weights when given. Its per-row gradients are already divided by the batch's total
 * weight, so they are the delta as they stand.
 */
function upliftLogitLoss(arm: { treated: number; control: number } | undefined): LogitLoss {
  let b = rowBuffers(0);
  return (logits: FloatArray, targets: FloatArray, rows: number, delta: FloatArray): number => {
    // Training batches, then the whole validation set: grown at most twice.
    if (rows > b.z1.length) b = rowBuffers(rows);
    for (let r = 0; r < rows; r++) {
      b.z1[r] = logits[2 * r] as number;
      b.z2[r] = logits[2 * r + 1] as number;
      b.treated[r] = targets[2 * r] as number;
      b.responded[r] = targets[2 * r + 1] as number;
      if (arm) b.weights[r] = b.treated[r] === 1 ? arm.treated : arm.control;
    }
    const part = (a: Float64Array) => a.subarray(0, rows);
    const loss = upliftLoss(
      part(b.z1),
      part(b.z2),
      part(b.treated),
      part(b.responded),
      part(b.g1),
      part(b.g2),
      arm ? part(b.weights) : undefined,
    );
    for (let r = 0; r < rows; r++) {
      delta[2 * r] = b.g1[r] as number;
      delta[2 * r + 1] = b.g2[r] as number;
    }
    return loss;
  };
}

/** Per-row working arrays of the uplift loss for up to `rows` rows. */
function rowBuffers(rows: number) {
  const array = () => new Float64Array(rows);
  return {
    z1: array(),
    z2: array(),
    treated: array(),
    responded: array(),
    weights: array(),
    g1: array(),
    g2: array(),
  };
}

/** The chosen rows' inputs, and their (treated, responded) flags as two targets per row. */
function historyMatrix(
  x: Float32Array,
  inputs: number,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
  chosen: Uint32Array,
): Matrix {
  const xs = new Float32Array(chosen.length * inputs);
  const ys = new Float32Array(chosen.length * 2);
  chosen.forEach((row, r) => {
    xs.set(x.subarray(row * inputs, (row + 1) * inputs), r * inputs);
    ys[2 * r] = treated[row] as number;
    ys[2 * r + 1] = responded[row] as number;
  });
  return { x: xs, y: ys, rows: chosen.length };
}

/** Refuses history the model cannot learn from; answers the treated share. */
function checkHistory(
  x: Float32Array,
  rows: number,
  inputs: number,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
): number {
  checkNodes(x, rows, inputs);
  checkFlags(rows, treated, responded);
  let count = 0;
  for (let r = 0; r < rows; r++) count += treated[r] as number;
  if (count === 0 || count === rows)
    throw new NudgeError(
      "INPUT_INVALID",
      `uplift needs both arms, but every row is ${count === 0 ? "control" : "treated"}`,
      { name: "treated" },
    );
  return count / rows;
}
