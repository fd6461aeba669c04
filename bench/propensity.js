// Propensity (issue 5): is Nudge's own MLP classifier good enough, fast enough to train, to score in
// batch and to answer in real time? Four sections, in one run:
// 1. Quality on bank-full (target y), with all columns and without `duration` (known only after the call,
//    so the honest variant): Nudge's trainClassifier with package defaults against scikit-learn's
//    HistGradientBoostingClassifier (categoricals native) and MLPClassifier (one-hot + scaling, (64, 32),
//    adam, batch 256, early stopping) trained on exactly Nudge's train + validation rows and scored on its
//    test rows (bench/propensity-sklearn.py), seeds 1, 2, 3. Targets on the seed means, per variant:
//    Nudge ROC AUC ≥ GBM − 0.01 and ≥ sklearn's MLP.
// 2. Training time: trainMlp on bank-full encoded by Nudge (all columns but y), (64, 32), batch 256,
//    10 epochs, no early stopping, against MLPClassifier on the very same float32 matrix with the same
//    settings. Median of 3 each. sklearn runs with its default BLAS threads and with one thread; on this
//    2-core machine one thread is usually faster (and Nudge uses one), so `ratio` is Nudge's seconds over
//    the faster of the two and is what the target judges; both ratios are shown. Target: ratio ≤ 1.5.
// 3. Batch scoring: bank-full rows cycled to 1,000,000 rows, (a) in-process scoreClassifier (encode +
//    predict) and the two parts alone, with the model that (b) `nudge model train` registered; (b) the CLI
//    end to end, `nudge model score` on a 1,000,000-row CSV (process start to file written), with its
//    peak RSS from /usr/bin/time. Target: ≥ 200,000 rows/s for (a) encode + predict and for (b).
// 4. Real time (--skip-realtime skips it): a store of N customers (--customers, default 1,000,000) of the
//    planted population with 50 products and holdings drawn with planted affinities
//    (bench/propensity-data-worker.js), portraits built (`nudge portrait build --full`), the model trained
//    on a 50,000-customer sample (bench/propensity-train-worker.js), then `nudge serve` on loopback and
//    POST /v1/score/propensity for random customers at 500 requests/s for 30 s, open loop, with
//    write false and with write true (bench/propensity-load-worker.js). Target: p99 < 10 ms with no
//    errors at the full rate. Beside it: the server's own response times (its request log), CPU per
//    request, its peak RSS, a closed-loop capacity run (wrk, 4 connections), where the server's CPU goes
//    (a --cpu-prof run at 300 requests/s) and the scorer's steps timed in-process
//    (bench/propensity-profile-worker.js).
// Options: --data-dir DIR (default $NUDGE_DATA_DIR or ../shared/data; needs bank-full.csv),
// --customers N, --skip-realtime, --seeds 1,2,3, --rate R (500), --seconds S (30), --keep DIR (reuse and
// keep the trained real-time store there), --only quality,training,batch,realtime (run just those; the
// overall verdict `pass.all` then stays false, since not every target was checked).
import { execFileSync, spawn } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createServer } from "node:net";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";

import {
  codeVersion,
  benchDir as here,
  load,
  logger,
  machineCpu,
  median,
  option,
  python,
  repo,
  round,
  section,
  serveProcess,
  servingPid,
  startSentinel,
  timedCommand,
  worker,
} from "./lib/harness.js";

const nudgeBin = join(repo, "bin", "nudge.js");
const TARGETS = {
  quality: "mean test ROC AUC per variant: Nudge ≥ GBM − 0.01 and Nudge ≥ sklearn MLP",
  gbmMargin: 0.01,
  trainingTimeRatio: 1.5,
  batchRowsPerSecond: 200_000,
  realtimeRate: 500,
  realtimeP99Ms: 10,
};
const SCORE_ROWS = 1_000_000;

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const log = logger("propensity");

/** Runs the CLI and parses its --json output. */
function cli(db, args, cwd) {
  const out = execFileSync(process.execPath, [nudgeBin, "--db", `sqlite:${db}`, "--json", ...args], {
    cwd,
    maxBuffer: 1 << 26,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.toString());
}

// 1. Quality -------------------------------------------------------------------------------------------
async function quality(csv, dir, seeds) {
  const splits = join(dir, "splits.json");
  const nudge = worker("propensity-quality-worker.js", [csv, splits, seeds.join(",")]);
  const py = python("propensity-sklearn.py", ["quality", csv, splits]);
  const variants = {};
  for (const run of nudge.runs) {
    const peer = py.runs.find((r) => r.variant === run.variant && r.seed === run.seed);
    if (!variants[run.variant]) variants[run.variant] = { runs: [] };
    const v = variants[run.variant];
    v.runs.push({
      seed: run.seed,
      rows: run.rows,
      nudge: {
        rocAuc: round(run.nudge.rocAuc),
        prAuc: round(run.nudge.prAuc),
        logLoss: round(run.nudge.logLoss),
        epochs: run.nudge.epochs,
        bestEpoch: run.nudge.bestEpoch,
        inputs: run.nudge.inputs,
        seconds: run.nudge.seconds,
      },
      gbm: { ...peer.gbm, rocAuc: round(peer.gbm.rocAuc) },
      sklearnMlp: { ...peer.mlp, rocAuc: round(peer.mlp.rocAuc) },
    });
  }
  for (const v of Object.values(variants)) {
    const m = (f) => round(mean(v.runs.map(f)));
    v.mean = {
      nudge: m((r) => r.nudge.rocAuc),
      gbm: m((r) => r.gbm.rocAuc),
      sklearnMlp: m((r) => r.sklearnMlp.rocAuc),
    };
    v.nudgeMinusGbm = round(v.mean.nudge - v.mean.gbm);
    v.nudgeMinusSklearnMlp = round(v.mean.nudge - v.mean.sklearnMlp);
    v.pass = {
      vsGbm: v.mean.nudge >= v.mean.gbm - TARGETS.gbmMargin,
      vsSklearnMlp: v.mean.nudge >= v.mean.sklearnMlp,
    };
  }
  return {
    data: "bank-full.csv, target y (yes = positive)",
    seeds,
    split: "Nudge's stratified 70/15/15; sklearn fits train + validation rows, scores the test rows",
    sklearnVersion: py.sklearn,
    variants,
    pass: Object.values(variants).every((v) => v.pass.vsGbm && v.pass.vsSklearnMlp),
  };
}

// 2. Training time -------------------------------------------------------------------------------------
async function trainingTime(csv, dir, runs) {
  const nudge = worker("propensity-timing-worker.js", [csv, dir, runs]);
  const py = python("propensity-sklearn.py", [
    "timing",
    join(dir, "x.f32"),
    join(dir, "y.f32"),
    nudge.rows,
    nudge.inputs,
    runs,
  ]);
  const nudgeSeconds = median(nudge.seconds);
  const sklearnSeconds = median(py.seconds);
  const oneThread = py.secondsOneThread ? median(py.secondsOneThread) : null;
  const best = oneThread == null ? sklearnSeconds : Math.min(sklearnSeconds, oneThread);
  const ratio = nudgeSeconds / best;
  return {
    rows: nudge.rows,
    inputs: nudge.inputs,
    net: "inputs → 64 relu → 32 relu → 1 sigmoid; adam lr 1e-3, batch 256, L2 1e-4, 10 epochs, shuffled",
    nudge: {
      seconds: round(nudgeSeconds, 3),
      runs: nudge.seconds.map((s) => round(s, 3)),
      lastEpochLoss: round(nudge.lastEpochLoss),
    },
    sklearn: {
      seconds: round(sklearnSeconds, 3),
      runs: py.seconds.map((s) => round(s, 3)),
      secondsOneThread: round(oneThread, 3),
      runsOneThread: py.secondsOneThread?.map((s) => round(s, 3)) ?? null,
      lastEpochLoss: round(py.lastEpochLoss),
      dtype: py.dtype,
      threadpools: py.threadpools,
      version: py.sklearn,
    },
    ratioToDefaultThreads: round(nudgeSeconds / sklearnSeconds, 2),
    ratioToOneThread: oneThread == null ? null : round(nudgeSeconds / oneThread, 2),
    ratio: round(ratio, 2),
    pass: ratio <= TARGETS.trainingTimeRatio,
  };
}

// 3. Batch scoring -------------------------------------------------------------------------------------
/** bank-full's rows without y, cycled to `rows` rows, each with an id first; same ";" format. */
function writeScoringCsv(csv, out, rows) {
  const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
  const strip = (line) => line.slice(0, line.lastIndexOf(";"));
  const fd = openSync(out, "w");
  let chunk = [`"id";${strip(lines[0])}`];
  for (let i = 0; i < rows; i++) {
    chunk.push(`"r${i + 1}";${strip(lines[1 + (i % (lines.length - 1))])}`);
    if (chunk.length === 10_000) {
      writeSync(fd, `${chunk.join("\n")}\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) writeSync(fd, `${chunk.join("\n")}\n`);
  closeSync(fd);
}

async function batchScoring(csv, dir) {
  const db = join(dir, "models.db");
  const trained = cli(db, ["model", "train", "propensity", "--data", csv, "--target", "y"], dir);
  const modelId = trained.model.id;
  const inProcess = worker("propensity-score-worker.js", [csv, `sqlite:${db}`, modelId, SCORE_ROWS, 3]);
  const big = join(dir, "score-1m.csv");
  writeScoringCsv(csv, big, SCORE_ROWS);
  const out = join(dir, "scores.csv");
  const run = timedCommand(
    process.execPath,
    [nudgeBin, "--db", `sqlite:${db}`, "--json", "model", "score", modelId, "--data", big, "--out", out],
    dir,
  );
  const scored = JSON.parse(run.out);
  const perSecond = (rows, s) => Math.round(rows / s);
  const encodePredict = median(inProcess.scoreSeconds);
  const encodeOnly = median(inProcess.encodeSeconds);
  const predictOnly = median(inProcess.predictSeconds);
  const a = {
    rows: inProcess.rows,
    inputs: inProcess.inputs,
    outputs: inProcess.outputs,
    encodePredict: {
      seconds: round(encodePredict, 3),
      runs: inProcess.scoreSeconds.map((s) => round(s, 3)),
      rowsPerSecond: perSecond(inProcess.rows, encodePredict),
    },
    encodeOnly: { seconds: round(encodeOnly, 3), rowsPerSecond: perSecond(inProcess.rows, encodeOnly) },
    predictOnly: { seconds: round(predictOnly, 3), rowsPerSecond: perSecond(inProcess.rows, predictOnly) },
    tableBuildSeconds: round(inProcess.buildSeconds, 3),
    peakRssMB: inProcess.peakRssMB,
  };
  const b = {
    rows: scored.rows,
    fileMB: round(statSync(big).size / 1e6, 1),
    seconds: round(run.seconds, 2),
    rowsPerSecond: perSecond(scored.rows, run.seconds),
    peakRssMB: run.peakRssMB,
    command: `nudge model score ${modelId} --data score-1m.csv --out scores.csv`,
  };
  return {
    model: {
      id: modelId,
      trainSeconds: trained.seconds,
      testRocAuc: round(trained.test.y.rocAuc),
      epochs: trained.epochs,
    },
    inProcess: { ...a, pass: a.encodePredict.rowsPerSecond >= TARGETS.batchRowsPerSecond },
    cli: { ...b, pass: b.rowsPerSecond >= TARGETS.batchRowsPerSecond },
    pass:
      a.encodePredict.rowsPerSecond >= TARGETS.batchRowsPerSecond &&
      b.rowsPerSecond >= TARGETS.batchRowsPerSecond,
  };
}

// 4. Real time -----------------------------------------------------------------------------------------
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `nudge serve` (request log at info level to `logFile`) and waits until /healthz answers. */
async function startServer(db, port, logFile, nodeFlags = []) {
  const fd = openSync(logFile, "a");
  const serving = serveProcess(nodeFlags, { NUDGE_DB: `sqlite:${db}`, NUDGE_LOG_LEVEL: "info" });
  const child = spawn(process.execPath, [...serving.nodeFlags, nudgeBin, "serve", "--port", String(port)], {
    env: serving.env,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`nudge serve exited (${child.exitCode}); see ${logFile}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return { child, pid: servingPid(child.pid), exited, url: `http://127.0.0.1:${port}` };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error("nudge serve did not come up in 30 s");
}

async function stopServer(server) {
  if (server.child.exitCode !== null) return;
  server.child.kill("SIGINT");
  const done = await Promise.race([server.exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!done) {
    server.child.kill("SIGKILL");
    await server.exited;
  }
}

/** CPU seconds (user + system) of a process so far, from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssMB(pid) {
  const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return Math.round(kb / 1024);
}

/** Fastify's own response times (ms) of POST requests logged after byte `from` of the request log. */
function serverTimes(logFile, from) {
  const text = readFileSync(logFile, "utf8").slice(from);
  const times = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{") || !line.includes('"request completed"')) continue;
    const entry = JSON.parse(line);
    if (entry.res?.statusCode === 200 && typeof entry.responseTime === "number")
      times.push(entry.responseTime);
  }
  times.sort((a, b) => a - b);
  const at = (q) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))], 2);
  return times.length === 0
    ? null
    : { requests: times.length, p50: at(0.5), p99: at(0.99), max: at(1), mean: round(mean(times), 2) };
}

async function loadRun(server, logFile, key, customers, rate, seconds, write, seed) {
  const from = statSync(logFile).size;
  const cpuBefore = cpuSeconds(server.pid);
  const machineBefore = machineCpu();
  const sentinel = startSentinel(seconds);
  const result = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(here, "propensity-load-worker.js"), server.url, key, customers, rate, seconds, write, seed].map(
        String,
      ),
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
    });
    child.once("exit", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load ${code}`))));
  });
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  const machine = machineCpu();
  const { generatorCpuSeconds, ...rest } = result;
  return {
    ...rest,
    server: {
      ...serverTimes(logFile, from),
      cpuMsPerRequest: round((cpu * 1000) / Math.max(1, result.answered), 3),
      cpuCores: round(cpu / result.seconds, 2),
    },
    // CPU (in cores) used meanwhile by the load generator and by everything else on the machine.
    generatorCpuCores: round(generatorCpuSeconds / result.seconds, 2),
    otherCpuCores: round(
      Math.max(0, machine.busy - machineBefore.busy - cpu - generatorCpuSeconds) / result.seconds,
      2,
    ),
    stealCores: round((machine.steal - machineBefore.steal) / result.seconds, 2),
    // Late wake-ups of a process that does nothing else: stalls of the machine, not of the server.
    machineStalls: await sentinel.result(),
    pass:
      result.errors === 0 &&
      result.rate >= 0.98 * TARGETS.realtimeRate &&
      result.latencyMs.p99 < TARGETS.realtimeP99Ms,
  };
}

/** Closed-loop capacity with wrk (4 connections), when wrk is installed. */
function capacity(url, key, customers, dir, seconds) {
  const wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].find((p) => existsSync(p));
  if (!wrk) return { skipped: "wrk is not installed (apt-get install -y wrk)" };
  const script = join(dir, "score.lua");
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      'wrk.headers["Content-Type"] = "application/json"',
      `wrk.headers["Authorization"] = "Bearer ${key}"`,
      "math.randomseed(42)",
      "request = function()",
      `  local id = string.format("c%0${Math.max(7, String(customers).length)}d", math.random(1, ${customers}))`,
      '  return wrk.format(nil, "/v1/score/propensity", nil, \'{"customerId":"\' .. id .. \'","write":false}\')',
      "end",
      "done = function(summary, latency, requests)",
      '  io.write(string.format("JSON{\\"requests\\":%d,\\"errors\\":%d,\\"p50\\":%.3f,\\"p99\\":%.3f,\\"max\\":%.3f}\\n",',
      "    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,",
      "    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))",
      "end",
      "",
    ].join("\n"),
  );
  const out = execFileSync(wrk, ["-t1", "-c4", `-d${seconds}s`, "-s", script, url], {
    maxBuffer: 1 << 24,
  }).toString();
  const summary = JSON.parse(/JSON(\{.*\})/.exec(out)[1]);
  return {
    tool: "wrk -t1 -c4 (closed loop), write false",
    seconds,
    requestsPerSecond: Math.round(summary.requests / seconds),
    errors: summary.errors,
    latencyMs: { p50: round(summary.p50, 2), p99: round(summary.p99, 2), max: round(summary.max, 2) },
  };
}

/** Self time of a V8 CPU profile by where the code lives. */
function profileShares(file) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const bucketOf = ({ url, functionName }) => {
    if (functionName === "(idle)") return "idle";
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(program)") return "V8/native (program)";
    if (url.includes("/dist/ml/")) return "nudge ml (encode, MLP, explain)";
    if (url.includes("/dist/sources/")) return "nudge propensity scorer";
    if (url.includes("/dist/portrait/")) return "nudge portrait features";
    if (url.includes("/dist/store/") || url.includes("/kysely/")) return "store + kysely";
    if (url.includes("/dist/api/")) return "nudge api (auth, routes)";
    if (url.includes("better-sqlite3")) return "better-sqlite3 (JS side)";
    if (url.includes("/zod") || url.includes("fastify-type-provider-zod")) return "zod (validate, serialize)";
    if (url.includes("pino") || url.includes("sonic-boom")) return "logging (pino)";
    if (url.includes("fastify") || url.includes("find-my-way") || url.includes("avvio")) return "fastify";
    if (url.startsWith("node:")) return "node internals (http, net, streams)";
    if (url === "") return "native calls (sqlite, crypto, json…)";
    return "other";
  };
  const buckets = new Map();
  const functions = new Map();
  let busy = 0;
  for (const [id, us] of self) {
    const frame = byId.get(id).callFrame;
    const bucket = bucketOf(frame);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    if (bucket === "idle") continue;
    busy += us;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(node_modules|dist)\//, "")}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const share = (us) => round(us / busy, 3);
  return {
    busySeconds: round(busy / 1e6, 2),
    shareOfBusy: Object.fromEntries(
      [...buckets]
        .filter(([b]) => b !== "idle")
        .sort((x, y) => y[1] - x[1])
        .map(([b, us]) => [b, share(us)]),
    ),
    topFunctions: [...functions]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 12)
      .map(([name, us]) => ({ function: name, share: share(us) })),
  };
}

async function realtime(dir, customers, rate, seconds, keep) {
  const perCustomer = 5;
  const cached = keep ? join(keep, `propensity-${customers}-trained.db`) : null;
  const db = join(dir, "realtime.db");
  let prepared;
  if (cached && existsSync(cached)) {
    copyFileSync(cached, db);
    prepared = { reused: cached };
  } else {
    const data = worker("propensity-data-worker.js", [db, customers, perCustomer]);
    log(`real time: ${data.customers} customers, ${data.holdings} holdings written in ${data.seconds} s`);
    const buildStart = performance.now();
    const build = cli(db, ["portrait", "build", "--full"], dir);
    const buildSeconds = (performance.now() - buildStart) / 1000;
    log(`real time: portraits built in ${round(buildSeconds, 1)} s`);
    const model = worker("propensity-train-worker.js", [`sqlite:${db}`, 50_000]);
    log(`real time: model ${model.model} trained in ${model.seconds} s`);
    prepared = {
      data,
      portraitBuild: { seconds: round(buildSeconds, 1), customers: build.customers, terms: build.terms },
      model,
    };
    if (cached) {
      const { default: Database } = await import("better-sqlite3");
      const handle = new Database(db);
      handle.pragma("wal_checkpoint(TRUNCATE)");
      handle.close();
      copyFileSync(db, cached);
    }
  }
  const { key } = cli(db, ["keys", "create", "--scope", "decide", "--label", "bench"], dir);
  const logFile = join(dir, "server.log");
  const port = await freePort();
  const server = await startServer(db, port, logFile);
  let runs;
  let serverPeakRssMB;
  let wrkCapacity;
  try {
    // Warm-up: the first requests load the model and the term dictionary, and V8 compiles the hot paths.
    await loadRun(server, logFile, key, customers, Math.min(200, rate), 5, false, 100);
    runs = {
      readOnly: await loadRun(server, logFile, key, customers, rate, seconds, false, 1),
      writing: await loadRun(server, logFile, key, customers, rate, seconds, true, 2),
    };
    log(
      `real time: p99 ${runs.readOnly.latencyMs.p99} ms (write false), ${runs.writing.latencyMs.p99} ms (write true)`,
    );
    wrkCapacity = capacity(server.url, key, customers, dir, 10);
    serverPeakRssMB = peakRssMB(server.pid);
  } finally {
    await stopServer(server);
  }

  // Where the server's CPU goes at a rate it keeps up with: a separate run under --cpu-prof.
  let cpuProfile;
  try {
    const profDir = join(dir, "prof");
    mkdirSync(profDir, { recursive: true });
    const profiled = await startServer(db, await freePort(), join(dir, "server-prof.log"), [
      "--cpu-prof",
      `--cpu-prof-dir=${profDir}`,
    ]);
    try {
      await loadRun(profiled, join(dir, "server-prof.log"), key, customers, 200, 3, false, 200);
      await loadRun(profiled, join(dir, "server-prof.log"), key, customers, 300, 10, false, 201);
    } finally {
      await stopServer(profiled);
    }
    const file = readdirSync(profDir).find((f) => f.endsWith(".cpuprofile"));
    cpuProfile = file
      ? {
          run: "300 requests/s for 10 s after a 3 s warm-up, write false",
          ...profileShares(join(profDir, file)),
        }
      : { error: "no profile written" };
  } catch (error) {
    cpuProfile = { error: String(error?.message ?? error) };
  }
  const steps = worker("propensity-profile-worker.js", [`sqlite:${db}`, customers, 3000, 3, 12_000]);
  return {
    customers,
    eventsPerCustomer: perCustomer,
    prepared,
    rate,
    durationSeconds: seconds,
    logLevel: "info (Fastify logs two lines per request, to a file)",
    runs,
    capacity: wrkCapacity,
    serverPeakRssMB,
    cpuProfile,
    scorerSteps: steps,
    pass: runs.readOnly.pass && runs.writing.pass,
  };
}

export async function main(args) {
  const started = performance.now();
  const dataDir = option(
    args,
    "--data-dir",
    process.env.NUDGE_DATA_DIR ?? join(repo, "..", "shared", "data"),
  );
  const csv = join(dataDir, "bank-full.csv");
  if (!existsSync(csv)) throw new Error(`no ${csv}: pass --data-dir DIR (or set NUDGE_DATA_DIR)`);
  const customers = Number(option(args, "--customers", 1_000_000));
  const skipRealtime = args.includes("--skip-realtime");
  const seeds = option(args, "--seeds", "1,2,3").split(",").map(Number);
  const rate = Number(option(args, "--rate", TARGETS.realtimeRate));
  const seconds = Number(option(args, "--seconds", 30));
  const keep = option(args, "--keep", null);
  const onlyArg = option(args, "--only", null);
  const only = onlyArg === null ? null : onlyArg.split(",");
  const known = ["quality", "training", "batch", "realtime"];
  for (const name of only ?? [])
    if (!known.includes(name)) throw new Error(`--only: unknown section '${name}' (${known.join(", ")})`);
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), "nudge-bench-propensity-"));
  try {
    const result = {
      benchmark: "propensity",
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        node: process.version,
        sklearn: null,
        loadAverageAtStart: load(),
      },
      code: codeVersion(),
      dataDir,
      targets: TARGETS,
    };
    const run = (name) => only === null || only.includes(name);
    const skipped = (name) => ({ skipped: `--only ${only?.join(",")}`, section: name });
    result.quality = run("quality")
      ? await section("quality", () => quality(csv, dir, seeds), log)
      : skipped("quality");
    result.trainingTime = run("training")
      ? await section("training time", () => trainingTime(csv, dir, 3), log)
      : skipped("training");
    result.machine.sklearn = result.quality.sklearnVersion ?? result.trainingTime.sklearn?.version ?? null;
    result.batchScoring = run("batch")
      ? await section("batch scoring", () => batchScoring(csv, dir), log)
      : skipped("batch");
    result.realtime =
      skipRealtime || !run("realtime")
        ? { skipped: skipRealtime ? "--skip-realtime" : `--only ${only?.join(",")}` }
        : await section("real time", () => realtime(dir, customers, rate, seconds, keep), log);
    const sections = [result.quality, result.trainingTime, result.batchScoring, result.realtime].filter(
      (s) => !s.skipped,
    );
    result.pass = {
      quality: result.quality.pass ?? null,
      trainingTime: result.trainingTime.pass ?? null,
      batchScoring: result.batchScoring.pass ?? null,
      realtime: result.realtime.pass ?? null,
      all: only === null && !skipRealtime && sections.every((s) => s.pass === true),
    };
    result.wallSeconds = round((performance.now() - started) / 1000, 1);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
