// In-process batch scoring for bench/propensity.js: the model registered by the CLI (loaded from the store
// as `model score` loads it), bank-full's rows cycled into a ROWS-row table (CSV cells stay strings, as a
// CSV reader gives them), then RUNS timed passes of scoreClassifier (encode + predict), and separately of
// encode alone and of net.predict alone on the encoded matrix.
// Usage: node propensity-score-worker.js CSV DB_URL MODEL ROWS RUNS.
// Prints {rows, inputs, outputs, buildSeconds, scoreSeconds: [...], encodeSeconds, predictSeconds, peakRssMB}.
import { readTable } from "../dist/cli/data-file.js";
import { classifierOf, encode, ModelLoader, scoreClassifier, Table } from "../dist/ml/index.js";
import { openStore } from "../dist/store/index.js";

const [csv, dbUrl, modelName, rowsArg, runsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const runs = Number(runsArg);

const store = await openStore(dbUrl);
const { id, model: classifier } = await new ModelLoader(store).load(modelName, classifierOf, "propensity");
await store.close();
const bank = await readTable(csv);
const names = classifier.encoder.columns.map((c) => c.name);
const columns = names.map((n) => bank.column(n));

const start = performance.now();
function* records() {
  for (let r = 0; r < rows; r++) {
    const src = r % bank.rows;
    const values = {};
    for (let c = 0; c < names.length; c++) values[names[c]] = columns[c][src];
    yield { row: r + 1, values };
  }
}
const table = Table.fromRecords(names, records());
const buildSeconds = (performance.now() - start) / 1000;

const seconds = (f) => {
  const s = performance.now();
  const out = f();
  return [(performance.now() - s) / 1000, out];
};
const scoreSeconds = [];
const encodeSeconds = [];
const predictSeconds = [];
let checksum = 0;
for (let i = 0; i < runs; i++) {
  const [s, p] = seconds(() => scoreClassifier(classifier, table));
  scoreSeconds.push(s);
  checksum = p[0] + p[rows - 1];
}
for (let i = 0; i < runs; i++) {
  const [s, x] = seconds(() => encode(classifier.encoder, table));
  encodeSeconds.push(s);
  // Every net of the ensemble, as scoreClassifier runs them (without averaging).
  const [t] = seconds(() => {
    for (const net of classifier.nets) net.predict(x, rows);
  });
  predictSeconds.push(t);
}
process.stdout.write(
  JSON.stringify({
    model: id,
    rows,
    inputs: classifier.encoder.width,
    outputs: classifier.targets.length,
    members: classifier.nets.length,
    buildSeconds,
    scoreSeconds,
    encodeSeconds,
    predictSeconds,
    checksum,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
