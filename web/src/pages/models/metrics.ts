/** Reading the metrics each model kind stores (src/ml, src/text, src/sources/*): typed views and headlines. */

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  observedRate: number;
}

/** One target of a propensity (classifier) model, as src/ml/metrics.ts BinaryReport stores it. */
export interface BinaryReport {
  n: number;
  positives: number;
  rocAuc: number;
  prAuc: number;
  logLoss: number;
  accuracy: number;
  macroF1: number;
  calibration?: CalibrationBin[];
  /** Held-out ROC curve points (models trained before it was stored have none). */
  roc?: { fpr: number[]; tpr: number[] };
}

/** A text model's held-out counts: rows are the true class, columns the predicted one. */
export interface ConfusionMatrix {
  classes: string[];
  matrix: number[][];
}

/** The stored confusion matrix of a text model, or null when it was trained before one was kept. */
export function confusionOf(metrics: unknown): ConfusionMatrix | null {
  const c = testOf(metrics).confusion;
  return isRecord(c) && Array.isArray(c.classes) && Array.isArray(c.matrix)
    ? (c as unknown as ConfusionMatrix)
    : null;
}

export interface UpliftHeldOut {
  qini: number;
  auuc: number;
  upliftAt?: Record<string, number>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The `test` object of a model's metrics, or {} when it has none. */
export function testOf(metrics: unknown): Record<string, unknown> {
  return isRecord(metrics) && isRecord(metrics.test) ? metrics.test : {};
}

/** Propensity: the per-target reports (`metrics.test[target]` with a ROC AUC). */
export function binaryTargets(metrics: unknown): [string, BinaryReport][] {
  return Object.entries(testOf(metrics)).filter(
    (e): e is [string, BinaryReport] => isRecord(e[1]) && typeof e[1].rocAuc === "number",
  );
}

/** Uplift: the held-out report of each model trained (two-head and the meta-learner baselines). */
export function upliftModels(metrics: unknown): [string, UpliftHeldOut][] {
  return Object.entries(testOf(metrics)).filter(
    (e): e is [string, UpliftHeldOut] => isRecord(e[1]) && typeof e[1].qini === "number",
  );
}

/** A number kept at the top of the metrics or of its test report. */
export function figure(metrics: unknown, name: string): number | null {
  const test = testOf(metrics);
  const value = typeof test[name] === "number" ? test[name] : isRecord(metrics) ? metrics[name] : undefined;
  return typeof value === "number" ? value : null;
}

/** One line for the registry listing: the figure people read first for the model's kind. */
export function headline(kind: string, metrics: unknown): string {
  const targets = binaryTargets(metrics);
  if (targets.length === 1) return `AUC ${targets[0]?.[1].rocAuc.toFixed(4)}`;
  if (targets.length > 1) {
    const mean =
      targets.reduce((s, [, r]) => s + (Number.isNaN(r.rocAuc) ? 0 : r.rocAuc), 0) / targets.length;
    return `mean AUC ${mean.toFixed(4)} · ${targets.length} targets`;
  }
  const uplift = upliftModels(metrics);
  const twoHead = uplift.find(([name]) => name === "twoHead") ?? uplift[0];
  if (twoHead) return `Qini ${twoHead[1].qini.toFixed(4)} · AUUC ${twoHead[1].auuc.toFixed(4)}`;
  const parts = ["accuracy", "macroF1", "silhouette"].flatMap((name) => {
    const value = figure(metrics, name);
    return value === null ? [] : [`${name} ${value.toFixed(4)}`];
  });
  return parts.join(" · ") || kind;
}
