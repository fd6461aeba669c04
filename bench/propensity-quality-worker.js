// Nudge's side of the quality section of bench/propensity.js: trains the bank-full classifier (target y)
// for each variant (all columns; without `duration`) and seed, with the package defaults, and writes the
// exact train/validation/test row positions it used to SPLITS_OUT for the scikit-learn peers.
// Usage: node propensity-quality-worker.js CSV SPLITS_OUT SEED[,SEED…]. Prints {runs: [...]}.
import { writeFileSync } from "node:fs";
import { readTable } from "../dist/cli/data-file.js";
import { trainClassifier } from "../dist/ml/index.js";

const [csv, splitsOut, seedsArg] = process.argv.slice(2);
const seeds = seedsArg.split(",").map(Number);
const VARIANTS = [
  { variant: "all columns", exclude: [] },
  { variant: "without duration", exclude: ["duration"] },
];

const table = await readTable(csv);
const runs = [];
const splits = [];
for (const { variant, exclude } of VARIANTS) {
  for (const seed of seeds) {
    const start = performance.now();
    const trained = trainClassifier(table, { targets: ["y"], exclude, seed });
    const seconds = (performance.now() - start) / 1000;
    const y = trained.report.test.y;
    runs.push({
      variant,
      seed,
      rows: trained.report.split.rows,
      nudge: {
        rocAuc: y.rocAuc,
        prAuc: y.prAuc,
        logLoss: y.logLoss,
        epochs: trained.report.epochs,
        bestEpoch: trained.report.bestEpoch,
        inputs: trained.classifier.encoder.width,
        seconds: Math.round(seconds * 100) / 100,
      },
    });
    splits.push({
      variant,
      exclude,
      seed,
      train: Array.from(trained.split.train),
      validation: Array.from(trained.split.validation),
      test: Array.from(trained.split.test),
    });
    process.stderr.write(
      `propensity quality: ${variant}, seed ${seed}: Nudge AUC ${y.rocAuc.toFixed(4)} in ${seconds.toFixed(1)} s\n`,
    );
  }
}
writeFileSync(splitsOut, JSON.stringify({ runs: splits }));
process.stdout.write(JSON.stringify({ runs }));
