// One timed step of the uplift scale benchmark, in its own process so its peak memory is its own.
//   train ROWS EDGES SEED MODEL_FILE: trainUplift over the graph (70/15/15, baselines included); writes
//     the model to MODEL_FILE; prints seconds, epochs-free figures and held-out quality.
//   score ROWS EDGES SEED MODEL_FILE: scores every customer of a new population with the saved model.
import { readFileSync, writeFileSync } from "node:fs";
import { rocAuc } from "../dist/ml/index.js";
import { scoreUplift, trainUplift } from "../dist/sources/uplift/index.js";
import { round } from "./lib/harness.js";
import { upliftPopulation } from "./lib/uplift-population.js";

const [mode, rowsArg, edgesArg, seedArg, modelFile] = process.argv.slice(2);
const rows = Number(rowsArg);
const edges = Number(edgesArg);
const seed = Number(seedArg);
const generatedAt = performance.now();
const { table, graph, persuadable } = upliftPopulation(rows, edges, seed);
const generateSeconds = (performance.now() - generatedAt) / 1000;
const peakMB = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === "train") {
  const start = performance.now();
  const trained = trainUplift(table, {
    treatment: "treated",
    outcome: "responded",
    id: "customer_id",
    seed,
    graph,
  });
  const seconds = (performance.now() - start) / 1000;
  const { model, encoder, report } = trained;
  writeFileSync(
    modelFile,
    JSON.stringify({ encoder, model: { ...model, parameters: Array.from(model.parameters) } }),
  );
  const test = report.test;
  const scores = scoreUplift({ encoder, model, id: "customer_id" }, table, graph).uplift;
  // The held-out rows are not named by the report; every customer's AUC against the truth is shown too.
  const truthAuc = rocAuc(persuadable, Float64Array.from(scores));
  process.stdout.write(
    `${JSON.stringify({
      rows,
      edges,
      generateSeconds: round(generateSeconds, 1),
      trainSeconds: round(seconds, 1),
      peakRssMB: peakMB(),
      form: model.form,
      epochs: report.epochs,
      graph: report.graph,
      split: report.split,
      heldOutQini: Object.fromEntries(Object.entries(test).map(([name, r]) => [name, round(r.qini)])),
      allCustomersPersuadableAuc: round(truthAuc),
    })}\n`,
  );
} else if (mode === "score") {
  const saved = JSON.parse(readFileSync(modelFile, "utf8"));
  const loaded = {
    encoder: saved.encoder,
    model: { ...saved.model, parameters: Float64Array.from(saved.model.parameters) },
    id: "customer_id",
  };
  const start = performance.now();
  const scores = scoreUplift(loaded, table, graph);
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(
    `${JSON.stringify({
      rows,
      edges,
      generateSeconds: round(generateSeconds, 1),
      scoreSeconds: round(seconds, 1),
      peakRssMB: peakMB(),
      persuadableAuc: round(rocAuc(persuadable, Float64Array.from(scores.uplift))),
    })}\n`,
  );
} else {
  process.stderr.write(`uplift-scale-worker: unknown mode ${mode}\n`);
  process.exit(2);
}
