// Where the time of one next-best-offer request goes, for bench/propensity.js: the steps of
// PropensityScorer.offers (src/sources/propensity/scorer.ts) done one after another in-process, each timed,
// for SAMPLES random customers (after a warm-up), and the whole scorer call for comparison (write false).
// No HTTP here: the difference to the served latency is Fastify, auth, validation, serialization and the
// network. Usage: node propensity-profile-worker.js DB_URL CUSTOMERS SAMPLES SEED.
// Prints {samples, steps: {name: {p50, p99, meanMs, share}}, scorer: {p50, p99, mean}}.
import { existsSync, statSync } from "node:fs";
import { Rng } from "../dist/core/index.js";
import { classifierOf, ModelLoader, scanRow, topEffects } from "../dist/ml/index.js";
import { PortraitFeatures } from "../dist/portrait/index.js";
import { LEAKING_TAGS, OFFER_PREFIX, PropensityScorer } from "../dist/sources/propensity/index.js";
import { openStore } from "../dist/store/index.js";

const [dbUrl, customersArg, samplesArg, seedArg, writeSamplesArg] = process.argv.slice(2);
const customers = Number(customersArg);
const samples = Number(samplesArg);
const writeSamples = Number(writeSamplesArg ?? 0);
/** A write call slower than this counts as a stall. */
const SLOW_MS = 20;
const rng = new Rng(Number(seedArg));
const width = Math.max(7, String(customers).length);
const idOf = () => `c${String(rng.int(1, customers)).padStart(width, "0")}`;

const store = await openStore(dbUrl);
const { model: classifier } = await new ModelLoader(store).load("propensity", classifierOf, "propensity");
const products = new Set((await store.products.list()).map((p) => p.id));
const features = await PortraitFeatures.load(store);
const names = classifier.encoder.columns.map((c) => c.name);
const STEPS = ["customer", "portrait", "holdings", "features", "scan", "rank", "explain3"];
const times = Object.fromEntries(STEPS.map((s) => [s, new Float64Array(samples)]));

async function once(i) {
  const id = idOf();
  let t = performance.now();
  const mark = (step) => {
    const now = performance.now();
    if (i >= 0) times[step][i] = now - t;
    t = now;
  };
  const customer = await store.customers.get(id);
  mark("customer");
  const portrait = await store.portraits.get(id);
  mark("portrait");
  const holdings = await store.holdings.forCustomer(id);
  mark("holdings");
  const row = await features.of(customer, portrait, LEAKING_TAGS);
  mark("features");
  // The row and its copies with each present feature blanked, in one forward pass (the reasons' input).
  const scan = scanRow(classifier, row);
  const p = scan.probabilities;
  mark("scan");
  const held = new Set(holdings.map((h) => h.product_id));
  const ranked = classifier.targets
    .map((target, j) => ({ productId: target.column.slice(OFFER_PREFIX.length), j, probability: p[j] }))
    .filter((o) => !held.has(o.productId) && products.has(o.productId))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, 3);
  mark("rank");
  for (const o of ranked) topEffects(scan, o.j, 3);
  mark("explain3");
}

for (let i = 0; i < 500; i++) await once(-1);
for (let i = 0; i < samples; i++) await once(i);

const scorer = new PropensityScorer(store);
for (let i = 0; i < 500; i++) await scorer.offers(idOf(), { write: false });
const whole = new Float64Array(samples);
for (let i = 0; i < samples; i++) {
  const t = performance.now();
  await scorer.offers(idOf(), { write: false });
  whole[i] = performance.now() - t;
}

// The write path: the same calls with write true, timed whole, to show what writing the candidates adds
// and how often a commit stalls (SQLite checkpoints the WAL inside the commit that crosses its limit).
const walFile = `${dbUrl.slice("sqlite:".length)}-wal`;
const walBytes = () => (existsSync(walFile) ? statSync(walFile).size : 0);
const writes = new Float64Array(writeSamples);
const walStart = walBytes();
let walPer = null;
const slow = [];
for (let i = 0; i < writeSamples; i++) {
  const t = performance.now();
  await scorer.offers(idOf(), { write: true });
  writes[i] = performance.now() - t;
  if (writes[i] > SLOW_MS) slow.push(i);
  if (i === 199) walPer = (walBytes() - walStart) / 200;
}
await store.close();

const r = (x) => Math.round(x * 1000) / 1000;
function stats(xs) {
  const s = Float64Array.from(xs).sort();
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { p50: r(s[Math.floor(s.length / 2)]), p99: r(s[Math.floor(s.length * 0.99)]), meanMs: r(mean) };
}
const steps = Object.fromEntries(STEPS.map((s) => [s, stats(times[s])]));
const total = Object.values(steps).reduce((a, s) => a + s.meanMs, 0);
for (const s of Object.values(steps)) s.share = Math.round((s.meanMs / total) * 1000) / 1000;
process.stdout.write(
  JSON.stringify({
    samples,
    features: names.length,
    inputs: classifier.encoder.width,
    outputs: classifier.targets.length,
    steps,
    scorer: stats(whole),
    writing: writeSamples
      ? {
          samples: writeSamples,
          ...stats(writes),
          max: r(Math.max(...writes)),
          stallsOver20ms: slow.length,
          stallMeanMs: slow.length ? r(slow.reduce((a, i) => a + writes[i], 0) / slow.length) : null,
          callsBetweenStalls:
            slow.length > 1 ? Math.round((slow.at(-1) - slow[0]) / (slow.length - 1)) : null,
          // Over the first 200 calls (the WAL is empty when the worker starts).
          walBytesPerCall: walPer === null ? null : Math.round(walPer),
        }
      : null,
  }),
);
