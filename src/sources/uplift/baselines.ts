/**
 * Meta-learner uplift baselines (Künzel et al. 2019, "Metalearners for estimating heterogeneous treatment
 * effects using machine learning"), built from the same pieces as Nudge's own models: the feature encoder
 * of `ml/encoder.ts` and MLPs trained by `ml/train.ts`. A baseline that beats the two-head model, or loses
 * to it, then says something about the model and not about a different encoding.
 *
 * - S-learner: one classifier on features + treatment; uplift = f(x, 1) − f(x, 0).
 * - T-learner: one classifier per arm; uplift = f1(x) − f0(x).
 * - X-learner: the T-learner's two classifiers impute each row's effect from the other arm's model
 *   (D1 = y − f0(x) on treated rows, D0 = f1(x) − y on control rows); two regressors τ1, τ0 (linear output,
 *   squared error) smooth them, and uplift = e·τ0(x) + (1 − e)·τ1(x), e the treated share (the propensity,
 *   constant under randomization). The arm with fewer rows gets the smaller weight on its own regressor.
 *
 * The encoder is fitted on all rows given (it sees features only, never treatment or outcome). Each net
 * stops early on the same held-back rows, split stratified by arm × outcome and seeded.
 */
import { NudgeError } from "../../core/index.js";
import {
  DEFAULT_TRAIN,
  type Encoder,
  encode,
  fitEncoder,
  type Matrix,
  type Mlp,
  type MlpOutput,
  stratifiedSplit,
  type Table,
  trainMlp,
} from "../../ml/index.js";

/** Which meta-learner: S (single model), T (two models), X (cross-imputed effects). */
export type MetaLearner = "s" | "t" | "x";

/** Every meta-learner, for benchmarks that compare them all. */
export const META_LEARNERS: readonly MetaLearner[] = ["s", "t", "x"];

/** How to fit a baseline. */
export interface BaselineOptions {
  seed: number;
  /** Columns of the table that are not features (ids, leaky columns). */
  exclude?: string[];
  /** Hidden layers of every net (default DEFAULT_BASELINE_HIDDEN). */
  hidden?: number[];
  /** Upper bound on epochs of every net (default DEFAULT_BASELINE_EPOCHS); each also stops early. */
  epochs?: number;
}

/** A fitted meta-learner. */
export interface FittedBaseline {
  learner: MetaLearner;
  /** Uplift per row of a table with the same feature columns. */
  predict(table: Table): Float64Array;
}

/** Smaller than the classifier's [64, 32]: a baseline has two to four nets and needs no more capacity. */
export const DEFAULT_BASELINE_HIDDEN: readonly number[] = [32, 16];
/** Epoch cap per net; early stopping usually ends training well before it. */
export const DEFAULT_BASELINE_EPOCHS = 100;
/** Rows held back (stratified by arm × outcome) to stop every net early. */
const EARLY_STOPPING_SHARE = 0.15;
/** Net k trains from seed + k × this, so the nets of one baseline start from different weights. */
const NET_SEED_STRIDE = 7919;

/** The encoded campaign every learner trains from. */
interface Campaign {
  encoder: Encoder;
  /** Encoded features, rows × encoder.width. */
  x: Float32Array;
  treatment: Uint8Array;
  outcome: Uint8Array;
  /** Rows the nets learn from and rows they stop early on. */
  fit: Uint32Array;
  stop: Uint32Array;
  /** Share of rows treated: the propensity under randomization. */
  treatedShare: number;
  options: BaselineOptions;
}

/** S-learner: one classifier on features + treatment; uplift = f(x, 1) − f(x, 0). */
export function fitSLearner(
  table: Table,
  treatment: ArrayLike<number>,
  outcome: ArrayLike<number>,
  options: BaselineOptions,
): FittedBaseline {
  const campaign = campaignOf(table, treatment, outcome, options);
  const inputs = withArm(campaign.x, campaign.encoder.width, (r) => campaign.treatment[r] as number);
  const net = fitNet(campaign, inputs, campaign.outcome, () => true, "sigmoid", 0);
  return {
    learner: "s",
    predict(rows) {
      const x = encode(campaign.encoder, rows);
      const width = campaign.encoder.width;
      const treated = net.predict(
        withArm(x, width, () => 1),
        rows.rows,
      );
      const control = net.predict(
        withArm(x, width, () => 0),
        rows.rows,
      );
      return Float64Array.from(treated, (p, r) => p - (control[r] as number));
    },
  };
}

/** T-learner: one classifier per arm; uplift = f1(x) − f0(x). */
export function fitTLearner(
  table: Table,
  treatment: ArrayLike<number>,
  outcome: ArrayLike<number>,
  options: BaselineOptions,
): FittedBaseline {
  const campaign = campaignOf(table, treatment, outcome, options);
  const { treated, control } = armClassifiers(campaign);
  return {
    learner: "t",
    predict(rows) {
      const x = encode(campaign.encoder, rows);
      return difference(treated.predict(x, rows.rows), control.predict(x, rows.rows));
    },
  };
}

/**
 * X-learner: T-learner first stage; imputed effects D1 = y − f0(x) on treated rows and D0 = f1(x) − y on
 * control rows; regressors τ1, τ0 on them; uplift = e·τ0(x) + (1 − e)·τ1(x), e the treated share.
 */
export function fitXLearner(
  table: Table,
  treatment: ArrayLike<number>,
  outcome: ArrayLike<number>,
  options: BaselineOptions,
): FittedBaseline {
  const campaign = campaignOf(table, treatment, outcome, options);
  const rows = campaign.treatment.length;
  const { treated, control } = armClassifiers(campaign);
  const f1 = treated.predict(campaign.x, rows);
  const f0 = control.predict(campaign.x, rows);
  const effect = Float32Array.from({ length: rows }, (_, r) =>
    campaign.treatment[r] === 1
      ? (campaign.outcome[r] as number) - (f0[r] as number)
      : (f1[r] as number) - (campaign.outcome[r] as number),
  );
  const isTreated = (r: number) => campaign.treatment[r] === 1;
  const tau1 = fitNet(campaign, campaign.x, effect, isTreated, "linear", 2);
  const tau0 = fitNet(campaign, campaign.x, effect, (r) => !isTreated(r), "linear", 3);
  const e = campaign.treatedShare;
  return {
    learner: "x",
    predict(table) {
      const x = encode(campaign.encoder, table);
      const t1 = tau1.predict(x, table.rows);
      const t0 = tau0.predict(x, table.rows);
      return Float64Array.from(t0, (v, r) => e * v + (1 - e) * (t1[r] as number));
    },
  };
}

/** The meta-learner named by `learner`. */
export function fitBaseline(
  learner: MetaLearner,
  table: Table,
  treatment: ArrayLike<number>,
  outcome: ArrayLike<number>,
  options: BaselineOptions,
): FittedBaseline {
  switch (learner) {
    case "s":
      return fitSLearner(table, treatment, outcome, options);
    case "t":
      return fitTLearner(table, treatment, outcome, options);
    case "x":
      return fitXLearner(table, treatment, outcome, options);
    default:
      throw new NudgeError("INPUT_INVALID", `no meta-learner '${String(learner)}' (s, t or x)`, {
        learner,
      });
  }
}

/** Validates the inputs, fits the encoder and splits off the early-stopping rows. */
function campaignOf(
  table: Table,
  treatment: ArrayLike<number>,
  outcome: ArrayLike<number>,
  options: BaselineOptions,
): Campaign {
  const t = binaryColumn(table, treatment, "treatment");
  const y = binaryColumn(table, outcome, "outcome");
  const treatedRows = t.reduce((s, v) => s + v, 0);
  if (treatedRows === 0 || treatedRows === t.length)
    throw new NudgeError(
      "INPUT_INVALID",
      `a baseline needs both arms, but ${treatedRows === 0 ? "no row is treated" : "no row is a control"}`,
      { rows: t.length, treated: treatedRows },
    );
  const excluded = new Set(options.exclude ?? []);
  for (const name of excluded) table.column(name); // fails naming a column that is not there
  const encoder = fitEncoder(
    table,
    table.columns.filter((c) => !excluded.has(c)),
  );
  const strata = Array.from(t, (v, r) => `${v}${y[r]}`);
  const split = stratifiedSplit(strata, options.seed, {
    train: 1 - EARLY_STOPPING_SHARE,
    validation: 0,
    test: EARLY_STOPPING_SHARE,
  });
  return {
    encoder,
    x: encode(encoder, table),
    treatment: t,
    outcome: y,
    fit: split.train,
    stop: split.test,
    treatedShare: treatedRows / t.length,
    options,
  };
}

/** A 0/1 column of one value per table row; fails naming the first row that breaks that. */
function binaryColumn(table: Table, values: ArrayLike<number>, name: string): Uint8Array {
  if (values.length !== table.rows)
    throw new NudgeError(
      "INPUT_INVALID",
      `${name} has ${values.length} values for a table of ${table.rows} rows`,
      { field: name, values: values.length, rows: table.rows },
    );
  const out = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v !== 0 && v !== 1)
      throw new NudgeError(
        "INPUT_INVALID",
        `${name} must be 0 or 1, but row ${table.rowNumbers[r] ?? r + 1} has ${v}`,
        { field: name, row: table.rowNumbers[r] ?? r + 1 },
      );
    out[r] = v;
  }
  return out;
}

/** The T-learner's classifiers: each learns its own arm's response. */
function armClassifiers(campaign: Campaign): { treated: Mlp; control: Mlp } {
  const { treatment, outcome } = campaign;
  return {
    treated: fitNet(campaign, campaign.x, outcome, (r) => treatment[r] === 1, "sigmoid", 0),
    control: fitNet(campaign, campaign.x, outcome, (r) => treatment[r] === 0, "sigmoid", 1),
  };
}

/**
 * Trains one net on the campaign's rows that pass `keep`: inputs are rows of `x` (all rows), targets one
 * value per row. Net `index` of a learner trains from its own seed.
 */
function fitNet(
  campaign: Campaign,
  x: Float32Array,
  y: ArrayLike<number>,
  keep: (row: number) => boolean,
  output: MlpOutput,
  index: number,
): Mlp {
  const width = x.length / campaign.treatment.length;
  const matrixOf = (rows: Uint32Array): Matrix => {
    const kept = rows.filter(keep);
    const inputs = new Float32Array(kept.length * width);
    kept.forEach((row, i) => {
      inputs.set(x.subarray(row * width, (row + 1) * width), i * width);
    });
    return { x: inputs, y: Float32Array.from(kept, (row) => y[row] as number), rows: kept.length };
  };
  const { options } = campaign;
  return trainMlp(matrixOf(campaign.fit), matrixOf(campaign.stop), {
    ...DEFAULT_TRAIN,
    hidden: [...(options.hidden ?? DEFAULT_BASELINE_HIDDEN)],
    epochs: options.epochs ?? DEFAULT_BASELINE_EPOCHS,
    output,
    seed: options.seed + index * NET_SEED_STRIDE,
  }).net;
}

/** The encoded rows with one more input, the arm (1 treated, 0 control), after the features. */
function withArm(x: Float32Array, width: number, arm: (row: number) => number): Float32Array {
  const rows = x.length / width;
  const out = new Float32Array(rows * (width + 1));
  for (let r = 0; r < rows; r++) {
    out.set(x.subarray(r * width, (r + 1) * width), r * (width + 1));
    out[r * (width + 1) + width] = arm(r);
  }
  return out;
}

/** a − b elementwise, as float64. */
function difference(a: Float32Array, b: Float32Array): Float64Array {
  return Float64Array.from(a, (v, r) => v - (b[r] as number));
}
