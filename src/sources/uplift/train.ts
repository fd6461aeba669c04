/**
 * The uplift model from a table of randomized history: features, a treatment column and an outcome
 * column. Rows are split 70/15/15 (seeded, stratified by arm and response); the two-head model and the
 * S/T/X-learner baselines learn from the first 85% and are compared on the last 15% by Qini coefficient,
 * AUUC and uplift at 10/20/30%. The two-head model is registered (kind `uplift`) with its encoder.
 */
import { NudgeError } from "../../core/index.js";
import {
  type Encoder,
  encode,
  fitEncoder,
  type ModelArtifact,
  type StoredModel,
  stratifiedSplit,
  type Table,
  type UpliftReport,
  upliftReport,
} from "../../ml/index.js";
import { fitBaseline, META_LEARNERS, type MetaLearner } from "./baselines.js";
import { scoreTwoHead, type TwoHeadModel, trainTwoHead } from "./two-head.js";

export const UPLIFT_KIND = "uplift";
/** Train / validation / test shares; the baselines and the model both learn from train + validation. */
export const UPLIFT_SPLIT = { train: 0.7, validation: 0.15, test: 0.15 };
const TRUE_WORDS = new Set(["1", "true", "yes", "y", "t", "treated", "treatment"]);
const FALSE_WORDS = new Set(["0", "false", "no", "n", "f", "control"]);

export interface UpliftTrainOptions {
  treatment: string;
  outcome: string;
  id?: string;
  exclude?: string[];
  seed: number;
}

/** Held-out figures of one model: Qini coefficient, AUUC, uplift at 10/20/30%, and the curves. */
export type HeldOut = Omit<UpliftReport, "curves"> & { curves?: UpliftReport["curves"] };

export interface UpliftTrainReport {
  split: { train: number; validation: number; test: number; seed: number };
  treatedShare: number;
  test: { twoHead: HeldOut } & Record<`${MetaLearner}Learner`, HeldOut>;
  features: number;
}

export interface TrainedUplift {
  encoder: Encoder;
  model: TwoHeadModel;
  report: UpliftTrainReport;
  options: UpliftTrainOptions;
}

/** 0/1 flags of a column, refusing anything else with the row and field. */
export function flagsOf(table: Table, column: string, what: string): Uint8Array {
  const cells = table.column(column);
  return Uint8Array.from(cells, (cell, r) => {
    const text = String(cell ?? "")
      .trim()
      .toLowerCase();
    if (TRUE_WORDS.has(text)) return 1;
    if (FALSE_WORDS.has(text)) return 0;
    const number = Number(text);
    if (text !== "" && Number.isFinite(number) && what === "outcome") return number > 0 ? 1 : 0;
    const row = table.rowNumbers[r] ?? r + 1;
    throw new NudgeError(
      "INPUT_INVALID",
      `row ${row}: field '${column}' must be 0 or 1 (the ${what}), got '${String(cell ?? "")}'`,
      {
        row,
        field: column,
      },
    );
  });
}

export function trainUplift(table: Table, options: UpliftTrainOptions): TrainedUplift {
  const treated = flagsOf(table, options.treatment, "treatment");
  const responded = flagsOf(table, options.outcome, "outcome");
  const reserved = new Set([
    options.treatment,
    options.outcome,
    ...(options.id ? [options.id] : []),
    ...(options.exclude ?? []),
  ]);
  for (const name of options.exclude ?? [])
    if (!table.has(name))
      throw new NudgeError("INPUT_INVALID", `no column '${name}' to exclude`, { field: name });
  const features = table.columns.filter((c) => !reserved.has(c));
  const split = stratifiedSplit(
    Array.from(treated, (t, r) => `${t}${responded[r]}`),
    options.seed,
    UPLIFT_SPLIT,
  );
  const learn = Uint32Array.from([...split.train, ...split.validation]).sort();
  const learning = table.pick(learn);
  const testing = table.pick(split.test);
  const encoder = fitEncoder(learning, features);
  const pickFlags = (flags: Uint8Array, rows: Uint32Array) =>
    Uint8Array.from(rows, (r) => flags[r] as number);
  const model = trainTwoHead(
    encode(encoder, learning),
    learn.length,
    encoder.width,
    pickFlags(treated, learn),
    pickFlags(responded, learn),
    {
      seed: options.seed,
    },
  ).model;

  const testTreated = pickFlags(treated, split.test);
  const testResponded = pickFlags(responded, split.test);
  const heldOut = (uplift: ArrayLike<number>): HeldOut => {
    const { curves: _curves, ...rest } = upliftReport(testResponded, uplift, testTreated);
    return rest;
  };
  const twoHead = scoreTwoHead(model, encode(encoder, testing), testing.rows).uplift;
  const baselines = Object.fromEntries(
    META_LEARNERS.map((learner) => {
      const fitted = fitBaseline(learner, learning, pickFlags(treated, learn), pickFlags(responded, learn), {
        seed: options.seed,
        exclude: [...reserved].filter((c) => table.has(c)),
      });
      return [`${learner}Learner`, heldOut(fitted.predict(testing))];
    }),
  ) as Record<`${MetaLearner}Learner`, HeldOut>;
  const full = upliftReport(testResponded, twoHead, testTreated);
  return {
    encoder,
    model,
    options,
    report: {
      split: {
        train: split.train.length,
        validation: split.validation.length,
        test: split.test.length,
        seed: options.seed,
      },
      treatedShare: round(treated.reduce((s, t) => s + t, 0) / treated.length),
      test: { twoHead: full, ...baselines },
      features: features.length,
    },
  };
}

/** The registry artifact: the two-head net, its encoder, the columns it needs, and the held-out report. */
export function upliftArtifact(trained: TrainedUplift, name: string, fingerprint: string): ModelArtifact {
  const { curves: _curves, ...twoHead } = trained.report.test.twoHead;
  return {
    kind: UPLIFT_KIND,
    name,
    features: trained.encoder.columns.map((c) => c.name),
    encoder: trained.encoder,
    params: { shape: trained.model.shape, id: trained.options.id ?? null, report: trained.report },
    fingerprint,
    metrics: { test: { ...trained.report.test, twoHead }, split: trained.report.split },
    weights: trained.model.weights,
  };
}

export interface LoadedUplift {
  encoder: Encoder;
  model: TwoHeadModel;
  id: string | null;
}

/** A stored uplift model, decoded (for ModelLoader). */
export function upliftModelOf(stored: StoredModel): LoadedUplift {
  if (stored.kind !== UPLIFT_KIND)
    throw new NudgeError(
      "INPUT_INVALID",
      `model '${stored.id}' is a ${stored.kind} model, not an uplift model`,
    );
  const params = stored.params as { shape: TwoHeadModel["shape"]; id: string | null };
  return {
    encoder: stored.encoder as Encoder,
    model: { shape: params.shape, weights: stored.weights },
    id: params.id,
  };
}

/** Per row of a table with the model's feature columns: uplift (p1 + p2 − 1), p1, p2. */
export function scoreUplift(loaded: LoadedUplift, table: Table) {
  return scoreTwoHead(loaded.model, encode(loaded.encoder, table), table.rows);
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
