// Trains the propensity model on the bench store for bench/propensity.js, as `nudge model train propensity
// --from-store --sample N` means to: trainPropensityFromStore (the function that command calls) on about N
// customers (every k-th), registered as "propensity", then predicted demand tags written for everyone.
// Called directly because the CLI does not pass --sample on (src/cli/model.ts drops flags.sample), and
// a model over all 1,000,000 customers is not what this section measures.
// Usage: node propensity-train-worker.js DB_URL SAMPLE. Prints {model, rows, epochs, products, meanRocAuc, …}.
import { trainPropensityFromStore } from "../dist/sources/propensity/index.js";
import { openStore } from "../dist/store/index.js";

const [dbUrl, sampleArg] = process.argv.slice(2);
const store = await openStore(dbUrl);
const start = performance.now();
const result = await trainPropensityFromStore(store, { seed: 42, sample: Number(sampleArg) });
const seconds = (performance.now() - start) / 1000;
await store.close();
const aucs = Object.values(result.report.test).map((t) => t.rocAuc);
const sorted = [...aucs].sort((a, b) => a - b);
process.stdout.write(
  JSON.stringify({
    model: result.model.id,
    rows: result.report.split.rows,
    epochs: result.report.epochs,
    bestEpoch: result.report.bestEpoch,
    features: result.features,
    products: result.products.length,
    skipped: result.skipped.length,
    tagged: result.tagged,
    rocAuc: {
      mean: Math.round((aucs.reduce((a, b) => a + b, 0) / aucs.length) * 1e4) / 1e4,
      min: Math.round(sorted[0] * 1e4) / 1e4,
      max: Math.round(sorted.at(-1) * 1e4) / 1e4,
    },
    seconds: Math.round(seconds * 10) / 10,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
