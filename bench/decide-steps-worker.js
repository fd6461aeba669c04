// Where one decision's time goes, for bench/decide.js, in-process and without HTTP: the Decider built as
// the server builds it (src/api/server.ts: default policy settings, global holdout, the propensity model
// as live proposer at "login") called for SAMPLES random customers one at a time after a warm-up, with
// every SQLite statement counted and timed by wrapping better-sqlite3's prepare and run/all/get (the
// driver Kysely uses prepares each statement anew). Then the same decisions without the live proposer,
// and the proposer (PropensityScorer.offers, write false) alone, so the model's share is visible.
// The remainder of a decision's time beyond SQLite is JavaScript: Kysely building and compiling queries,
// features, the model and its explanations, arbitration, serialization of the decision record.
// Usage: node decide-steps-worker.js DB_PATH CUSTOMERS SAMPLES SEED. Writes decisions into DB_PATH.
// Prints {samples, decideMs, withoutProposerMs, proposerAloneMs, sqlite: {…, storageReadMB}, statements}.
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { Rng } from "../dist/core/index.js";
import { Decider, propensityProposer, resolvePolicySettings } from "../dist/decide/index.js";
import { PropensityScorer } from "../dist/sources/propensity/index.js";
import { openStore } from "../dist/store/index.js";

const [path, customersArg, samplesArg, seedArg] = process.argv.slice(2);
const customers = Number(customersArg);
const samples = Number(samplesArg);
const rng = new Rng(Number(seedArg));
const width = Math.max(7, String(customers).length);
const idOf = () => `c${String(rng.int(1, customers)).padStart(width, "0")}`;
const WARMUP = 300;

/** Per statement text: calls, prepare and execution microseconds, while `recording`. */
const statements = new Map();
let recording = false;
const entryOf = (sql) => {
  const text = sql.replace(/\s+/g, " ").slice(0, 90);
  let entry = statements.get(text);
  if (!entry) {
    entry = { sql: text, prepares: 0, prepareUs: 0, runs: 0, runUs: 0 };
    statements.set(text, entry);
  }
  return entry;
};
const prepare = Database.prototype.prepare;
let statementPrototype;
Database.prototype.prepare = function timedPrepare(sql, ...rest) {
  const start = performance.now();
  const statement = prepare.call(this, sql, ...rest);
  if (recording) {
    const entry = entryOf(sql);
    entry.prepares++;
    entry.prepareUs += (performance.now() - start) * 1000;
  }
  if (!statementPrototype) wrapStatements(Object.getPrototypeOf(statement));
  return statement;
};
function wrapStatements(proto) {
  statementPrototype = proto;
  for (const method of ["run", "all", "get"]) {
    const original = proto[method];
    proto[method] = function timed(...args) {
      if (!recording) return original.apply(this, args);
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const entry = entryOf(this.source);
        entry.runs++;
        entry.runUs += (performance.now() - start) * 1000;
      }
    };
  }
}

const store = await openStore(`sqlite:${path}`);
const scorer = new PropensityScorer(store);
const settings = resolvePolicySettings({});
const served = new Decider(store, { settings, proposers: { login: [propensityProposer(scorer)] } });
const candidatesOnly = new Decider(store, { settings });

async function timedLoop(call, n) {
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call(idOf());
    times[i] = performance.now() - start;
  }
  times.sort();
  const at = (q) => Math.round(times[Math.min(n - 1, Math.floor(q * n))] * 1000) / 1000;
  const mean = times.reduce((a, b) => a + b, 0) / n;
  return { p50: at(0.5), p99: at(0.99), mean: Math.round(mean * 1000) / 1000 };
}

/** Bytes read from storage so far: page-cache misses, each a synchronous wait inside a query. */
const storageRead = () => Number(/read_bytes: (\d+)/.exec(readFileSync("/proc/self/io", "utf8"))[1]);
const decide = (customerId) => served.decide({ customerId, context: "login" });
await timedLoop(decide, WARMUP);
recording = true;
const readBefore = storageRead();
const decideMs = await timedLoop(decide, samples);
const storageReadMB = Math.round((storageRead() - readBefore) / 1e5) / 10;
recording = false;
const withoutProposerMs = await timedLoop(
  (customerId) => candidatesOnly.decide({ customerId, context: "login" }),
  samples,
);
const proposerAloneMs = await timedLoop(
  (customerId) => scorer.offers(customerId, { context: "login", limit: 10, write: false }),
  samples,
);
await store.close();

const list = [...statements.values()].sort((a, b) => b.prepareUs + b.runUs - (a.prepareUs + a.runUs));
const prepareUs = list.reduce((s, e) => s + e.prepareUs, 0);
const runUs = list.reduce((s, e) => s + e.runUs, 0);
const perDecision = (x) => Math.round((x / samples) * 100) / 100;
process.stdout.write(
  JSON.stringify({
    samples,
    decideMs,
    withoutProposerMs,
    proposerAloneMs,
    sqlite: {
      statementsPerDecision: perDecision(list.reduce((s, e) => s + e.runs, 0)),
      preparesPerDecision: perDecision(list.reduce((s, e) => s + e.prepares, 0)),
      prepareMsPerDecision: perDecision(prepareUs / 1000),
      executeMsPerDecision: perDecision(runUs / 1000),
      shareOfDecide: Math.round(((prepareUs + runUs) / 1000 / samples / decideMs.mean) * 1000) / 1000,
      storageReadMB,
    },
    statements: list.slice(0, 16).map((e) => ({
      sql: e.sql,
      perDecision: perDecision(e.runs),
      prepareUs: Math.round(e.prepareUs / Math.max(1, e.prepares)),
      executeUs: Math.round(e.runUs / Math.max(1, e.runs)),
    })),
  }),
);
