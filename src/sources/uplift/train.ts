/**
 * The uplift model from a table of randomized history: features, a treatment column and an outcome
 * column. Rows are split 70/15/15 (seeded, stratified by arm and response); the two-head model and the
 * S/T/X-learner baselines learn from the first 85% and are compared on the last 15% by Qini coefficient,
 * AUUC and uplift at 10/20/30%. The two-head model is registered (kind `uplift`) with its encoder.
 */
import { NudgeError, round4 } from "../../core/index.js";
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
import {
  type Edges,
  type GraphTwoHeadModel,
  neighbourSampleFor,
  scoreGraphTwoHead,
  trainGraphTwoHead,
} from "./graph.js";
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
  /** Relations between rows by id (needs `id`): the model then learns over the graph. */
  graph?: IdEdges;
  /** Neighbours sampled per node while training on the graph; default by its size (neighbourSampleFor). */
  sampleNeighbours?: number;
}

/** Edges between customers named by id. */
export interface IdEdges {
  src: readonly string[];
  dst: readonly string[];
}

/** The two-head net (form "mlp") or the graph model (form "graph"). */
export type UpliftNet = ({ form: "mlp" } & TwoHeadModel) | ({ form: "graph" } & GraphTwoHeadModel);

/** Held-out figures of one model: Qini coefficient, AUUC, uplift at 10/20/30%, and the curves. */
export type HeldOut = Omit<UpliftReport, "curves"> & { curves?: UpliftReport["curves"] };

export interface UpliftTrainReport {
  split: { train: number; validation: number; test: number; seed: number };
  treatedShare: number;
  test: { twoHead: HeldOut } & Record<`${MetaLearner}Learner`, HeldOut>;
  features: number;
  /** Epochs the two-head model trained (early stopping on the validation rows' uplift loss). */
  epochs: number;
  /** The relations graph the model learned over, when one was given, and the neighbours sampled per node. */
  graph: { edges: number; sampleNeighbours: number | null } | null;
}

export interface TrainedUplift {
  encoder: Encoder;
  model: UpliftNet;
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
  const learnTreated = pickFlags(treated, learn);
  const learnResponded = pickFlags(responded, learn);
  let model: UpliftNet;
  let twoHead: ArrayLike<number>;
  let epochs: number;
  if (options.graph) {
    // Transductive: every customer passes messages; only training rows move the weights.
    const edges = edgesByRow(table, options.id, options.graph);
    const x = encode(encoder, table);
    const rowsOf = { train: split.train, validation: split.validation };
    const trainedGraph = trainGraphTwoHead(x, table.rows, encoder.width, edges, treated, responded, rowsOf, {
      seed: options.seed,
      sampleNeighbours: sampleNeighbours(options),
    });
    const graphModel = trainedGraph.model;
    epochs = trainedGraph.epochs;
    model = { form: "graph", ...graphModel };
    const scores = scoreGraphTwoHead(graphModel, x, table.rows, edges).uplift;
    twoHead = Float64Array.from(split.test, (r) => scores[r] as number);
  } else {
    const trainedMlp = trainTwoHead(
      encode(encoder, learning),
      learn.length,
      encoder.width,
      learnTreated,
      learnResponded,
      {
        seed: options.seed,
      },
    );
    const mlp = trainedMlp.model;
    epochs = trainedMlp.epochs;
    model = { form: "mlp", ...mlp };
    twoHead = scoreTwoHead(mlp, encode(encoder, testing), testing.rows).uplift;
  }

  const testTreated = pickFlags(treated, split.test);
  const testResponded = pickFlags(responded, split.test);
  const heldOut = (uplift: ArrayLike<number>): HeldOut => {
    const { curves: _curves, ...rest } = upliftReport(testResponded, uplift, testTreated);
    return rest;
  };
  const baselines = Object.fromEntries(
    META_LEARNERS.map((learner) => {
      const fitted = fitBaseline(learner, learning, learnTreated, learnResponded, {
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
      treatedShare: round4(treated.reduce((s, t) => s + t, 0) / treated.length),
      test: { twoHead: full, ...baselines },
      features: features.length,
      epochs,
      graph: options.graph
        ? { edges: options.graph.src.length, sampleNeighbours: sampleNeighbours(options) ?? null }
        : null,
    },
  };
}

function sampleNeighbours(options: UpliftTrainOptions): number | undefined {
  return options.sampleNeighbours ?? neighbourSampleFor(options.graph?.src.length ?? 0);
}

/** Edges by id as row indices; an id that is not a row is refused, naming the edge. */
function edgesByRow(table: Table, id: string | undefined, graph: IdEdges): Edges {
  if (!id) throw new NudgeError("INPUT_INVALID", "a graph needs the id column (--id) to find its customers");
  const rowOf = new Map(table.column(id).map((v, r) => [String(v), r]));
  const src = new Int32Array(graph.src.length);
  const dst = new Int32Array(graph.dst.length);
  graph.src.forEach((from, e) => {
    const to = graph.dst[e] as string;
    const a = rowOf.get(from);
    const b = rowOf.get(to);
    if (a === undefined || b === undefined)
      throw new NudgeError(
        "INPUT_INVALID",
        `edge ${e + 1}: no row with id '${a === undefined ? from : to}' in the data`,
        {
          row: e + 1,
        },
      );
    src[e] = a;
    dst[e] = b;
  });
  return { src, dst };
}

/** The registry artifact: the two-head net, its encoder, the columns it needs, and the held-out report. */
export function upliftArtifact(trained: TrainedUplift, name: string, fingerprint: string): ModelArtifact {
  const { curves: _curves, ...twoHead } = trained.report.test.twoHead;
  return {
    kind: UPLIFT_KIND,
    name,
    features: trained.encoder.columns.map((c) => c.name),
    encoder: trained.encoder,
    params: { net: netParams(trained.model), id: trained.options.id ?? null, report: trained.report },
    fingerprint,
    metrics: { test: { ...trained.report.test, twoHead }, split: trained.report.split },
    weights:
      trained.model.form === "mlp" ? trained.model.weights : Float32Array.from(trained.model.parameters),
  };
}

/** The net's shape without its weights (they travel as the artifact's weights). */
function netParams(net: UpliftNet) {
  return net.form === "mlp"
    ? { form: net.form, shape: net.shape }
    : { form: net.form, inputs: net.inputs, layers: net.layers, hidden: net.hidden };
}

export interface LoadedUplift {
  encoder: Encoder;
  model: UpliftNet;
  id: string | null;
}

/** A stored uplift model, decoded (for ModelLoader). */
export function upliftModelOf(stored: StoredModel): LoadedUplift {
  if (stored.kind !== UPLIFT_KIND)
    throw new NudgeError(
      "INPUT_INVALID",
      `model '${stored.id}' is a ${stored.kind} model, not an uplift model`,
    );
  const { net, id } = stored.params as { net: ReturnType<typeof netParams>; id: string | null };
  const model: UpliftNet =
    net.form === "mlp"
      ? { form: "mlp", shape: net.shape, weights: stored.weights }
      : {
          form: "graph",
          inputs: net.inputs,
          layers: net.layers,
          hidden: net.hidden,
          parameters: Float64Array.from(stored.weights),
        };
  return { encoder: stored.encoder as Encoder, model, id };
}

/**
 * Per row of a table with the model's feature columns: uplift (p1 + p2 − 1), p1, p2. A graph model needs
 * the relations among those rows (by the id column).
 */
export function scoreUplift(
  loaded: LoadedUplift,
  table: Table,
  graph?: IdEdges,
): { uplift: ArrayLike<number>; p1: ArrayLike<number>; p2: ArrayLike<number> } {
  const x = encode(loaded.encoder, table);
  if (loaded.model.form === "mlp") return scoreTwoHead(loaded.model, x, table.rows);
  if (!graph)
    throw new NudgeError("INPUT_INVALID", "this uplift model learned over a graph: give --graph EDGES");
  return scoreGraphTwoHead(loaded.model, x, table.rows, edgesByRow(table, loaded.id ?? undefined, graph));
}
