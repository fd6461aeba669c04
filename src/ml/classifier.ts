/**
 * A multi-label tabular classifier: every column that is not the id, a target or excluded is a feature;
 * the encoder is fitted on training rows only; the MLP stops early on the validation rows; metrics come
 * from the test rows, which neither saw.
 */
import { NudgeError, round4 } from "../core/index.js";
import { blankColumn, columnOffsets, type Encoder, encode, encodeRecord, fitEncoder } from "./encoder.js";
import { fingerprintOf } from "./fingerprint.js";
import { labelMatrix, type Target, targetOf } from "./labels.js";
import { type BinaryReport, binaryReport, type RocCurve, rocCurve } from "./metrics.js";
import { concatenated, type FloatArray, Mlp, type MlpShape } from "./mlp.js";
import type { ModelArtifact, StoredModel } from "./registry.js";
import { DEFAULT_SPLIT, type Split, type SplitShares, stratifiedSplit } from "./split.js";
import { type Cell, isMissing, type Table } from "./table.js";
import { DEFAULT_TRAIN, type Matrix, type TrainOptions, trainMlp } from "./train.js";

/** More label combinations than this and the split stratifies on the first target only. */
const MAX_STRATA = 32;
/**
 * Nets averaged per classifier. Three nets from different initial weights, averaged, add about 0.004 of
 * held-out ROC AUC on bank-full (seeds 1–3) over one, for three times the training.
 */
export const DEFAULT_MEMBERS = 3;
/** Member k trains from seed + k × this, so member 0 is the single net of the same seed. */
const MEMBER_SEED_STRIDE = 7919;

export interface ClassifierSpec {
  targets: readonly string[];
  /** The row id column, never a feature. */
  id?: string;
  exclude?: readonly string[];
  seed: number;
  train?: Partial<Omit<TrainOptions, "seed">>;
  split?: SplitShares;
  /** Nets averaged (default DEFAULT_MEMBERS). */
  members?: number;
}

/** What scoring needs: saved with the model. */
export interface Classifier {
  encoder: Encoder;
  targets: Target[];
  shape: MlpShape;
  /** The nets whose probabilities are averaged; all of one shape. */
  nets: Mlp[];
  id: string | null;
}

export interface ClassifierReport {
  seed: number;
  split: SplitShares & { rows: { train: number; validation: number; test: number } };
  /** Nets averaged; epochs, best epoch and validation loss are the first net's. */
  members: number;
  epochs: number;
  bestEpoch: number;
  validationLoss: number;
  /** Held-out (test) metrics per target. */
  test: Record<string, HeldOutReport>;
}

/** One target's held-out metrics, with its ROC curve (thinned, rounded to 4 decimals; empty with one class). */
export interface HeldOutReport extends BinaryReport {
  roc: RocCurve;
}

export interface TrainedClassifier {
  classifier: Classifier;
  report: ClassifierReport;
  options: TrainOptions;
  features: string[];
  fingerprint: string;
  /** The row positions of each part, for comparisons on the same split (not stored). */
  split: Split;
}

/** The feature columns of a table under a spec. */
export function featureColumns(
  table: Table,
  spec: Pick<ClassifierSpec, "targets" | "id" | "exclude">,
): string[] {
  const left = new Set([...spec.targets, ...(spec.exclude ?? []), ...(spec.id ? [spec.id] : [])]);
  for (const name of left) table.column(name); // fails naming a column that is not there
  return table.columns.filter((c) => !left.has(c));
}

function strataOf(labels: Float32Array, rows: number, k: number): string[] {
  const combos = Array.from({ length: rows }, (_, r) => labels.subarray(r * k, (r + 1) * k).join(""));
  return new Set(combos).size <= MAX_STRATA ? combos : combos.map((c) => c.slice(0, 1));
}

/** Trains on a table; `onEpoch` reports progress. */
export function trainClassifier(
  table: Table,
  spec: ClassifierSpec,
  onEpoch?: TrainOptions["onEpoch"],
): TrainedClassifier {
  if (spec.targets.length === 0) throw new NudgeError("INPUT_INVALID", "name at least one target column");
  const features = featureColumns(table, spec);
  const targets = spec.targets.map((t) => targetOf(table, t));
  const k = targets.length;
  const labels = labelMatrix(table, targets);
  const split = stratifiedSplit(strataOf(labels, table.rows, k), spec.seed, spec.split ?? DEFAULT_SPLIT);
  if (split.train.length === 0 || split.test.length === 0)
    throw new NudgeError("INPUT_INVALID", `${table.rows} rows are too few to split into train and test`);
  const trainTable = table.pick(split.train);
  const encoder = fitEncoder(trainTable, features);
  const matrixOf = (rows: Uint32Array, part: Table): Matrix => ({
    x: encode(encoder, part),
    y: Float32Array.from(
      { length: rows.length * k },
      (_, i) => labels[(rows[Math.floor(i / k)] as number) * k + (i % k)] as number,
    ),
    rows: rows.length,
  });
  const options: TrainOptions = { ...DEFAULT_TRAIN, ...spec.train, seed: spec.seed };
  const members = spec.members ?? DEFAULT_MEMBERS;
  if (!Number.isInteger(members) || members < 1)
    throw new NudgeError("INPUT_INVALID", `members must be a whole number ≥ 1, not ${members}`);
  const trainMatrix = matrixOf(split.train, trainTable);
  const validationMatrix = matrixOf(split.validation, table.pick(split.validation));
  const results = Array.from({ length: members }, (_, m) =>
    trainMlp(trainMatrix, validationMatrix, {
      ...options,
      seed: spec.seed + m * MEMBER_SEED_STRIDE,
      onEpoch:
        onEpoch && ((epoch, train, validation) => onEpoch(m * options.epochs + epoch, train, validation)),
    }),
  );
  const nets = results.map((r) => r.net);
  const result = results[0] as (typeof results)[number];
  const test = matrixOf(split.test, table.pick(split.test));
  const p = averagePrediction(nets, test.x, test.rows);
  const reports: Record<string, HeldOutReport> = {};
  targets.forEach((target, j) => {
    const column = (m: ArrayLike<number>) =>
      Float64Array.from({ length: test.rows }, (_, r) => m[r * k + j] as number);
    const [y, s] = [column(test.y), column(p)];
    const roc = rocCurve(y, s);
    reports[target.column] = {
      ...binaryReport(y, s),
      roc: { fpr: roc.fpr.map(round4), tpr: roc.tpr.map(round4) },
    };
  });
  return {
    classifier: { encoder, targets, shape: result.net.shape, nets, id: spec.id ?? null },
    report: {
      seed: spec.seed,
      split: {
        ...split.shares,
        rows: { train: split.train.length, validation: split.validation.length, test: split.test.length },
      },
      members,
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      validationLoss: result.validationLoss,
      test: reports,
    },
    options,
    features,
    fingerprint: fingerprintOf(table),
    split,
  };
}

/** The mean of the nets' probabilities (rows × targets). */
export function averagePrediction(nets: readonly Mlp[], x: FloatArray, rows: number): Float32Array {
  const [first, ...rest] = nets;
  if (!first) throw new NudgeError("INPUT_INVALID", "a classifier needs at least one net");
  const p = first.predict(x, rows);
  for (const net of rest) {
    const q = net.predict(x, rows);
    for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) + (q[i] as number);
  }
  if (rest.length > 0) for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / nets.length;
  return p;
}

/** Probabilities (rows × targets) for every row of a table, with the model's own encoder. */
export function scoreClassifier(classifier: Classifier, table: Table): Float32Array {
  return averagePrediction(classifier.nets, encode(classifier.encoder, table), table.rows);
}

/** Parameters stored with a classifier model. */
interface ClassifierParams {
  targets: Target[];
  shape: MlpShape;
  /** Nets stored one after another in the weights (absent: one). */
  members?: number;
  id: string | null;
  train: TrainOptions;
}

/** The registry artifact of a trained classifier. */
export function classifierArtifact(trained: TrainedClassifier, kind: string, name: string): ModelArtifact {
  const { classifier } = trained;
  const { onEpoch: _, ...train } = trained.options;
  const params: ClassifierParams = {
    targets: classifier.targets,
    shape: classifier.shape,
    members: classifier.nets.length,
    id: classifier.id,
    train,
  };
  return {
    kind,
    name,
    features: trained.features,
    encoder: classifier.encoder,
    params,
    fingerprint: trained.fingerprint,
    metrics: trained.report,
    weights: concatenated(classifier.nets.map((n) => n.parameters())),
  };
}

/** The classifier of a stored model. */
export function classifierOf(stored: StoredModel): Classifier {
  const params = stored.params as ClassifierParams;
  const members = params.members ?? 1;
  const size = stored.weights.length / members;
  return {
    encoder: stored.encoder as Encoder,
    targets: params.targets,
    shape: params.shape,
    nets: Array.from({ length: members }, (_, m) =>
      Mlp.fromParameters(params.shape, stored.weights.subarray(m * size, (m + 1) * size)),
    ),
    id: params.id,
  };
}

/** One row's probabilities, and the probabilities with each of its present features blanked in turn. */
export interface RowScan {
  /** Probability per target. */
  probabilities: Float32Array;
  /** The features the row has (the blanked ones), in encoder order. */
  present: string[];
  /** present.length × targets: the probabilities with feature i read as missing. */
  blanked: Float32Array;
  row: Readonly<Record<string, Cell>>;
}

/**
 * Scores one row and, in the same forward pass, the row with each feature it has blanked out (read as
 * missing; blanking a missing one changes nothing). The row is encoded once and each blanked copy
 * differs from it only in that feature's slots.
 */
export function scanRow(classifier: Classifier, row: Readonly<Record<string, Cell>>): RowScan {
  const { encoder } = classifier;
  const width = encoder.width;
  const base = encodeRecord(encoder, row);
  const offsets = columnOffsets(encoder);
  const present: string[] = [];
  const columns: number[] = [];
  encoder.columns.forEach((column, c) => {
    if (isMissing(row[column.name] ?? null)) return;
    present.push(column.name);
    columns.push(c);
  });
  const rows = 1 + present.length;
  const x = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) x.set(base, r * width);
  columns.forEach((c, i) => {
    blankColumn(encoder, c, offsets[c] as number, x, (i + 1) * width);
  });
  const p = averagePrediction(classifier.nets, x, rows);
  const k = classifier.targets.length;
  return { probabilities: p.subarray(0, k), present, blanked: p.subarray(k), row };
}

/** How much one feature raised a prediction: the drop when the feature is blanked out. */
export interface FeatureEffect {
  feature: string;
  value: Cell;
  effect: number;
}

/**
 * Why the classifier scored the scanned row high for `target`: the features whose absence lowers the
 * probability most, at most `top`, largest first.
 */
export function topEffects(scan: RowScan, target: number, top: number): FeatureEffect[] {
  const k = scan.probabilities.length;
  const base = scan.probabilities[target] as number;
  const effects: FeatureEffect[] = [];
  scan.present.forEach((feature, i) => {
    const effect = base - (scan.blanked[i * k + target] as number);
    if (effect > 0) effects.push({ feature, value: scan.row[feature] ?? null, effect });
  });
  return effects.sort((a, b) => b.effect - a.effect || (a.feature < b.feature ? -1 : 1)).slice(0, top);
}
