// Nudge's side of the training-time section of bench/propensity.js: encodes bank-full (every column but y,
// encoder fitted on all rows), writes the float32 matrix and labels to DIR/x.f32 and DIR/y.f32 for
// scikit-learn to train on the very same numbers, then times trainMlp for 10 epochs (no validation rows,
// so no early stopping) RUNS times. Usage: node propensity-timing-worker.js CSV DIR RUNS.
// Prints {rows, inputs, seconds: [...], epochs, lastEpochLoss}.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTable } from "../dist/cli/data-file.js";
import { encode, fitEncoder, labelMatrix, targetOf, trainMlp } from "../dist/ml/index.js";

const [csv, dir, runsArg] = process.argv.slice(2);
const runs = Number(runsArg);
const OPTIONS = {
  hidden: [64, 32],
  epochs: 10,
  batchSize: 256,
  learningRate: 1e-3,
  l2: 1e-4,
  patience: 1e9,
  tolerance: 0,
  seed: 1,
};

const table = await readTable(csv);
const features = table.columns.filter((c) => c !== "y");
const encoder = fitEncoder(table, features);
const x = encode(encoder, table);
const y = labelMatrix(table, [targetOf(table, "y")]);
const rows = table.rows;
writeFileSync(join(dir, "x.f32"), x);
writeFileSync(join(dir, "y.f32"), y);
const none = { x: new Float32Array(0), y: new Float32Array(0), rows: 0 };
const seconds = [];
let result;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  result = trainMlp({ x, y, rows }, none, OPTIONS);
  seconds.push((performance.now() - start) / 1000);
}
process.stdout.write(
  JSON.stringify({
    rows,
    inputs: encoder.width,
    seconds,
    epochs: result.epochs,
    lastEpochLoss: result.history.at(-1).train,
  }),
);
