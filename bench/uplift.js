// Uplift benchmark: how well Nudge ranks whom a campaign persuades, against scikit-learn on the same rows.
// Options: --data-dir DIR (default $NUDGE_DATA_DIR or ../shared/data), --seeds 1,2,3 (default 1,2,3),
// --only hillstrom,scale.
//
// hillstrom: the Hillstrom MineThatData e-mail experiment (hillstrom.csv, 64,000 customers randomized to
// three arms). Rows of the "Womens E-Mail" arm (treated = 1) and of "No E-Mail" (treated = 0) are kept;
// the outcome is `visit` (visited the site within two weeks); the features are recency, history_segment,
// history, mens, womens, zip_code, newbie and channel. For each seed, trainUplift (70/15/15 split stratified
// by treated × visit; the two-head model and the S/T/X-learner baselines learn on train + validation; Qini
// and AUUC on the test rows). The same split is recomputed here (stratifiedSplit, strata `${treated}${visit}`,
// checked against report.split) and its row positions handed to bench/uplift-sklearn.py: a T-learner of
// two HistGradientBoostingClassifiers (one per arm, trained on that arm's train + validation rows), uplift =
// p_treated − p_control on the test rows, scored by the same sklift formulas (qini_auc_score with
// negative_effect=True, uplift_auc_score) ported in src/ml/fixtures/uplift-metrics.py.
// Target (issue 9): the best Nudge model's mean held-out Qini ≥ the sklearn T-learner's mean Qini.
//
// scale: trainUplift with a relations graph on a generated population of 64,000 customers and 1,000,000
// edges (the graph model samples 10 neighbours per node and layer on graphs that large), then scoring
// 1,000,000 customers whose graph has the same mean degree. Targets: training < 300 s, scoring < 60 s.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stratifiedSplit, Table } from "../dist/ml/index.js";
import { trainUplift, UPLIFT_SPLIT } from "../dist/sources/uplift/index.js";
import { benchHead, dataDirOf, logger, option, python, round, section, worker } from "./lib/harness.js";
import { parseCsv } from "./text.js";

const log = logger("uplift");
const TARGETS = {
  /** Hillstrom (Womens E-Mail vs No E-Mail, outcome visit): best Nudge model's mean held-out Qini ≥ sklearn's. */
  hillstromQiniVsSklearn: "best nudge model mean qini >= sklearn HistGradientBoosting T-learner mean qini",
  scaleTrain: "train the graph model on 64,000 customers with 1,000,000 edges in under 300 s",
  scaleScore: "score 1,000,000 customers (same mean degree) in under 60 s",
};
const SECTIONS = ["hillstrom", "scale"];
/** Scale (issue 9): training on 64,000 customers with 1,000,000 relations; scoring 1,000,000 customers. */
const SCALE = {
  trainRows: 64_000,
  trainEdges: 1_000_000,
  scoreRows: 1_000_000,
  trainSeconds: 300,
  scoreSeconds: 60,
};
const ARMS = { "Womens E-Mail": 1, "No E-Mail": 0 };
const NUMERIC = ["recency", "history", "mens", "womens", "newbie"];
const CATEGORICAL = ["history_segment", "zip_code", "channel"];
const FEATURES = ["recency", "history_segment", "history", "mens", "womens", "zip_code", "newbie", "channel"];
const MODELS = { twoHead: "twoHead", sLearner: "sLearner", tLearner: "tLearner", xLearner: "xLearner" };

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

// Data --------------------------------------------------------------------------------------------------
/** The kept rows of hillstrom.csv: features (numbers typed as numbers), treated and visit. */
function readHillstrom(path) {
  const [header, ...records] = parseCsv(readFileSync(path, "utf8"));
  const at = Object.fromEntries(header.map((name, i) => [name, i]));
  for (const name of [...FEATURES, "segment", "visit"])
    if (at[name] == null) throw new Error(`${path}: no column ${name}`);
  const rows = [];
  for (const record of records) {
    const treated = ARMS[record[at.segment]];
    if (treated == null) continue;
    const values = { treated, visit: Number(record[at.visit]) };
    for (const name of NUMERIC) values[name] = Number(record[at[name]]);
    for (const name of CATEGORICAL) values[name] = record[at[name]];
    rows.push(values);
  }
  return { rows, fileRows: records.length };
}

// 1. Hillstrom ------------------------------------------------------------------------------------------
/** Nudge's side of one seed: trainUplift, and the split it must have used. */
function nudgeSeed(table, rows, seed) {
  const start = performance.now();
  const trained = trainUplift(table, { treatment: "treated", outcome: "visit", seed });
  const seconds = (performance.now() - start) / 1000;
  const r = trained.report;
  const split = stratifiedSplit(
    rows.map((row) => `${row.treated}${row.visit}`),
    seed,
    UPLIFT_SPLIT,
  );
  if (
    split.train.length !== r.split.train ||
    split.validation.length !== r.split.validation ||
    split.test.length !== r.split.test
  )
    throw new Error(`seed ${seed}: the bench's split differs from trainUplift's`);
  const figures = Object.fromEntries(
    Object.entries(MODELS).map(([name, key]) => [
      name,
      {
        qini: round(r.test[key].qini),
        auuc: round(r.test[key].auuc),
        upliftAt: Object.fromEntries(Object.entries(r.test[key].upliftAt).map(([k, v]) => [k, round(v)])),
      },
    ]),
  );
  return {
    split,
    figures: {
      split: r.split,
      treatedShare: r.treatedShare,
      features: r.features,
      ...figures,
      seconds: round(seconds, 1),
    },
  };
}

async function hillstromSection(dataDir, dir, seeds) {
  const { rows, fileRows } = readHillstrom(join(dataDir, "hillstrom.csv"));
  const columns = [...FEATURES, "treated", "visit"];
  const table = Table.fromRecords(
    columns,
    rows.map((values, i) => ({ row: i + 2, values })),
  );
  const perSeed = [];
  const splits = [];
  for (const seed of seeds) {
    log(`nudge seed ${seed}…`);
    const { split, figures } = nudgeSeed(table, rows, seed);
    perSeed.push({ seed, nudge: figures });
    splits.push({
      seed,
      learn: [...split.train, ...split.validation].sort((a, b) => a - b),
      test: [...split.test],
    });
  }
  const splitsFile = join(dir, "splits.json");
  writeFileSync(
    splitsFile,
    JSON.stringify({
      numeric: NUMERIC,
      categorical: CATEGORICAL,
      columns: Object.fromEntries([...FEATURES, "treated", "visit"].map((c) => [c, rows.map((r) => r[c])])),
      splits,
    }),
  );
  log("python sklearn…");
  const py = python("uplift-sklearn.py", [splitsFile]);
  for (const entry of perSeed) {
    const sk = py.seeds.find((s) => s.seed === entry.seed);
    entry.sklearn = sk;
    const best = Object.keys(MODELS).reduce((a, b) => (entry.nudge[b].qini > entry.nudge[a].qini ? b : a));
    entry.bestNudge = best;
    entry.qiniDelta = round(entry.nudge[best].qini - sk.qini);
  }
  const means = { nudge: {}, sklearnTLearner: {} };
  for (const name of Object.keys(MODELS))
    means.nudge[name] = {
      qini: round(mean(perSeed.map((s) => s.nudge[name].qini))),
      auuc: round(mean(perSeed.map((s) => s.nudge[name].auuc))),
    };
  means.nudge.seconds = round(mean(perSeed.map((s) => s.nudge.seconds)), 1);
  means.sklearnTLearner = {
    qini: round(mean(perSeed.map((s) => s.sklearn.qini))),
    auuc: round(mean(perSeed.map((s) => s.sklearn.auuc))),
    seconds: round(mean(perSeed.map((s) => s.sklearn.fitSeconds + s.sklearn.predictSeconds)), 2),
  };
  const bestNudge = Object.keys(MODELS).reduce((a, b) => (means.nudge[b].qini > means.nudge[a].qini ? b : a));
  log(`best nudge model (mean held-out qini): ${bestNudge}`);
  return {
    file: "hillstrom.csv",
    fileRows,
    rows: rows.length,
    arms: { treated: "Womens E-Mail", control: "No E-Mail" },
    outcome: "visit",
    features: FEATURES,
    seeds: perSeed,
    sklearnModel: py.model,
    versions: { sklearn: py.sklearn, numpy: py.numpy, python: py.python },
    means,
    bestNudge,
    bestNudgeMeanQini: means.nudge[bestNudge].qini,
    sklearnMeanQini: means.sklearnTLearner.qini,
    qiniDelta: round(means.nudge[bestNudge].qini - means.sklearnTLearner.qini),
    target: TARGETS.hillstromQiniVsSklearn,
    pass: means.nudge[bestNudge].qini >= means.sklearnTLearner.qini,
  };
}

// 2. Scale ---------------------------------------------------------------------------------------------
/**
 * trainUplift over a generated homophilous population (bench/lib/uplift-population.js; the whole
 * product path: split, encoder, the graph model with neighbour sampling, the three baselines), then the
 * saved model scores a population of a million customers whose graph has the same mean degree. Each
 * step runs in its own process (bench/uplift-scale-worker.js) for its own peak memory.
 */
function scaleSection(dir, seed) {
  const modelFile = join(dir, "scale-model.json");
  log(`train on ${SCALE.trainRows} customers, ${SCALE.trainEdges} edges…`);
  const train = worker("uplift-scale-worker.js", [
    "train",
    SCALE.trainRows,
    SCALE.trainEdges,
    seed,
    modelFile,
  ]);
  const scoreEdges = Math.round((SCALE.trainEdges / SCALE.trainRows) * SCALE.scoreRows);
  log(`score ${SCALE.scoreRows} customers, ${scoreEdges} edges…`);
  const score = worker("uplift-scale-worker.js", ["score", SCALE.scoreRows, scoreEdges, seed + 1, modelFile]);
  return {
    population:
      "generated: classes shift 3 features by 0.5 sd, communities of 50 keep their class with p 0.85, 80% of links inside",
    seed,
    train,
    score,
    pass: train.trainSeconds < SCALE.trainSeconds && score.scoreSeconds < SCALE.scoreSeconds,
  };
}

export async function main(args) {
  const started = performance.now();
  const dataDir = dataDirOf(args);
  const seeds = option(args, "--seeds", "1,2,3").split(",").map(Number);
  const only = option(args, "--only", SECTIONS.join(",")).split(",");
  const dir = mkdtempSync(join(tmpdir(), "nudge-bench-uplift-"));
  try {
    const result = benchHead("uplift", dataDir, TARGETS);
    if (only.includes("hillstrom"))
      result.hillstrom = await section("hillstrom", () => hillstromSection(dataDir, dir, seeds), log);
    if (only.includes("scale")) result.scale = await section("scale", () => scaleSection(dir, seeds[0]), log);
    const passed = only.map((name) => [name, result[name]?.pass === true]);
    result.pass = { ...Object.fromEntries(passed), all: passed.every(([, pass]) => pass) };
    result.wallSeconds = round((performance.now() - started) / 1000, 1);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
