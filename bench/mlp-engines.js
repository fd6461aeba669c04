// MLP training speed against other engines: the same net (inputs → 64 relu → 32 relu → 1 sigmoid,
// binary cross-entropy, Adam lr 1e-3, batches of 256, shuffled, 5 epochs) on the same generated data,
// trained by Nudge's hand-written MLP (dist/ml/train.js) on its WASM SIMD engine and its TypeScript engine, by TensorFlow.js on its "cpu" backend and on
// its "wasm" backend, and by scikit-learn's MLPClassifier (bench/mlp-engines-sklearn.py, run with
// /usr/bin/python3). It tells whether Nudge's own trainer is a fair choice against a library, and how
// far it is from the usual Python reference. Each engine's final loss over the training rows is
// reported beside its time, so a fast engine that did not learn shows up.
// Data: seeded, ROWS x FEATURES standard normal features, label = x0 + x1·x2 > 0.
// Seconds: median of 3 runs (JS engines after one warm-up run); ratio = seconds / sklearn's seconds.
// L2: Nudge adds 1e-4·w to the weight gradients; TF.js gets the same through an l2(5e-5) kernel
// regularizer (--tfjs-l2 0 drops it, as a plain Keras model would have none; it costs TF.js a few
// more ops per step); sklearn's alpha=1e-4 is scaled by 1/batch size in its loss, as sklearn defines it.
// Options: --rows N (40,000), --features D (20), --epochs E (5), --runs R (3), --tfjs-l2 L (1e-4).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const PYTHON = "/usr/bin/python3";
const here = new URL(".", import.meta.url).pathname;
const SPEC = { hidden: [64, 32], batchSize: 256, learningRate: 1e-3, l2: 1e-4, seed: 1 };

function option(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

function makeData(Rng, rows, features) {
  const rng = new Rng(20240611);
  const x = new Float32Array(rows * features);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++) x[r * features + f] = rng.normal();
    const row = x.subarray(r * features);
    y[r] = row[0] + row[1] * row[2] > 0 ? 1 : 0;
  }
  return { x, y, rows };
}

/** Mean binary cross-entropy and accuracy of probabilities `p` against 0/1 labels `y`. */
function lossOf(p, y) {
  let loss = 0;
  let right = 0;
  for (let i = 0; i < y.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]));
    loss -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
    if (q > 0.5 === (y[i] === 1)) right++;
  }
  return { finalLoss: round(loss / y.length), trainAccuracy: round(right / y.length) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x, digits = 4) => (x == null ? x : Number(x.toFixed(digits)));

/** One warm-up run, then `runs` timed runs; `train` returns a function, called off the clock, that
 * tells the facts about its trained net (and frees it). */
async function timed(runs, train) {
  (await train())();
  const seconds = [];
  let facts;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const done = await train();
    seconds.push((performance.now() - start) / 1000);
    facts = done();
  }
  return { seconds: round(median(seconds), 3), runs: seconds.map((s) => round(s, 3)), ...facts };
}

function nudgeEngine(data, epochs, engine) {
  return async () => {
    const { trainMlp, meanLoss } = await import("../dist/ml/train.js");
    const none = { x: new Float32Array(0), y: new Float32Array(0), rows: 0 };
    const options = { ...SPEC, epochs, patience: 1e9, tolerance: 0, engine };
    return () => {
      const result = trainMlp(data, none, options);
      // Facts are computed after the clock stops.
      return () => ({
        epochs: result.epochs,
        lastEpochLoss: round(result.history.at(-1).train),
        ...lossOf(result.net.predict(data.x, data.rows), data.y),
        checkMeanLoss: round(meanLoss(result.net, data)),
      });
    };
  };
}

function tfjsEngine(tf, backend, data, features, epochs, tfjsL2) {
  return async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} did not initialize`);
    await tf.ready();
    const xs = tf.tensor2d(data.x, [data.rows, features]);
    const ys = tf.tensor2d(data.y, [data.rows, 1]);
    let seed = SPEC.seed;
    const dense = (units, activation, inputShape) =>
      tf.layers.dense({
        units,
        activation,
        ...(inputShape ? { inputShape } : {}),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed++ }),
        ...(tfjsL2 > 0 ? { kernelRegularizer: tf.regularizers.l2({ l2: tfjsL2 / 2 }) } : {}),
      });
    return async () => {
      const model = tf.sequential({
        layers: [
          dense(SPEC.hidden[0], "relu", [features]),
          dense(SPEC.hidden[1], "relu"),
          dense(1, "sigmoid"),
        ],
      });
      model.compile({ optimizer: tf.train.adam(SPEC.learningRate), loss: "binaryCrossentropy" });
      const history = await model.fit(xs, ys, {
        epochs,
        batchSize: SPEC.batchSize,
        shuffle: true,
        verbose: 0,
      });
      return () => {
        const p = tf.tidy(() => model.predict(xs).dataSync());
        model.optimizer.dispose();
        model.dispose();
        return {
          epochs: history.epoch.length,
          // TF.js's mean batch loss in the last epoch includes the L2 penalty.
          lastEpochLoss: round(history.history.loss.at(-1)),
          ...lossOf(p, data.y),
        };
      };
    };
  };
}

/** Reads which wasm binary the backend chose; TF.js picks it from these two flags. */
async function wasmVariant(tf) {
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  const threads = await tf.env().getAsync("WASM_HAS_MULTITHREAD_SUPPORT");
  const file =
    simd && threads
      ? "tfjs-backend-wasm-threaded-simd.wasm"
      : simd
        ? "tfjs-backend-wasm-simd.wasm"
        : "tfjs-backend-wasm.wasm";
  return { simd, threads, file };
}

function sklearn(dir, data, features, epochs, runs) {
  const xFile = join(dir, "x.f32");
  const yFile = join(dir, "y.f32");
  writeFileSync(xFile, data.x);
  writeFileSync(yFile, data.y);
  try {
    const out = execFileSync(
      PYTHON,
      [join(here, "mlp-engines-sklearn.py"), xFile, yFile, data.rows, features, epochs, runs].map(String),
      { maxBuffer: 1 << 24, stdio: ["ignore", "pipe", "pipe"] },
    );
    const r = JSON.parse(out.toString());
    if (r.error) return { result: null, reason: r.error };
    const { seconds, secondsOneThread, lastEpochLoss, finalLoss, trainAccuracy, ...rest } = r;
    return {
      result: {
        seconds: round(median(seconds), 3),
        runs: seconds.map((s) => round(s, 3)),
        secondsOneThread: secondsOneThread ? round(median(secondsOneThread), 3) : null,
        lastEpochLoss: round(lastEpochLoss),
        finalLoss: round(finalLoss),
        trainAccuracy: round(trainAccuracy),
        ...rest,
      },
    };
  } catch (error) {
    return { result: null, reason: `${PYTHON} failed: ${String(error.stderr ?? error.message).trim()}` };
  }
}

export async function main(args) {
  const rows = option(args, "--rows", 40_000);
  const features = option(args, "--features", 20);
  const epochs = option(args, "--epochs", 5);
  const runs = option(args, "--runs", 3);
  const tfjsL2 = option(args, "--tfjs-l2", SPEC.l2);
  const { Rng } = await import("../dist/core/index.js");
  const data = makeData(Rng, rows, features);
  const require = createRequire(import.meta.url);
  const tfjsVersion = JSON.parse(
    readFileSync(require.resolve("@tensorflow/tfjs/package.json"), "utf8"),
  ).version;
  const dir = mkdtempSync(join(tmpdir(), "nudge-bench-mlp-"));
  try {
    const py = sklearn(dir, data, features, epochs, runs);
    const engines = {};
    engines.nudgeWasm = await timed(runs, await nudgeEngine(data, epochs, "wasm")());
    engines.nudgeJs = await timed(runs, await nudgeEngine(data, epochs, "js")());

    // TF.js prints a hint about tfjs-node on stderr when its cpu backend starts; stdout stays clean.
    const tf = await import("@tensorflow/tfjs");
    const { setWasmPaths } = await import("@tensorflow/tfjs-backend-wasm");
    const wasmDir = join(require.resolve("@tensorflow/tfjs-backend-wasm"), "..");
    setWasmPaths(`${wasmDir}/`);
    engines.tfjsCpu = await timed(runs, await tfjsEngine(tf, "cpu", data, features, epochs, tfjsL2)());
    try {
      const train = await tfjsEngine(tf, "wasm", data, features, epochs, tfjsL2)();
      engines.tfjsWasm = { variant: await wasmVariant(tf), ...(await timed(runs, train)) };
    } catch (error) {
      engines.tfjsWasm = null;
      engines.tfjsWasmError = String(error?.message ?? error);
    }
    engines.sklearn = py.result;
    if (!py.result) engines.sklearnError = py.reason;
    const base = py.result?.seconds;
    for (const engine of Object.values(engines))
      if (engine && typeof engine === "object" && base)
        engine.ratioToSklearn = round(engine.seconds / base, 2);

    return {
      benchmark: "mlp-engines",
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      tfjs: tfjsVersion,
      data: {
        rows,
        features,
        positives: data.y.reduce((a, b) => a + b, 0),
        label: "x0 + x1*x2 > 0",
        seed: 20240611,
      },
      net: {
        hidden: SPEC.hidden,
        output: "1 sigmoid",
        loss: "binary cross-entropy",
        optimizer: "adam",
        ...SPEC,
        epochs,
        tfjsL2,
      },
      timing: `median of ${runs} runs; JS engines after one warm-up run; ratioToSklearn = seconds / sklearn seconds`,
      engines,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
