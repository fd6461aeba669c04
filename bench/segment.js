// Segment: is Nudge's own k-means fast enough for a million customers and as good as scikit-learn's?
// Sections, in one run:
// 1. kmeans: a seeded 1,000,000 × 20 float64 matrix with planted structure (16 gaussian blobs of unequal
//    weight and spread around centres drawn N(0, 2²) per column, so neighbouring blobs touch, plus 2% rows
//    uniform over the bounding box) written to a temporary file; Nudge's kmeans (k = 16, starts 1,
//    bench/segment-kmeans-worker.js) against scikit-learn's KMeans(n_clusters=16, n_init=1) (lloyd, its
//    default; OpenMP on every core) on the same file, seeds 1 … --runs (default 3) each. Seconds, iterations
//    and inertia of each run; ratio = median Nudge seconds / median sklearn seconds. Target: ratio ≤ 2.
//    (The seeds draw different k-means++ starts on each side, so iterations and inertia differ run by run.)
// 2. bankFull: bank-full.csv (";"-separated, header) as a numeric matrix: numeric columns z-scored,
//    categorical columns one-hot, `y` left out; the same float64 matrix for both. For k = 4, 8, 16:
//    sklearn KMeans(n_init=10, random_state=0) inertia against Nudge kmeans(starts 10, seed 0) inertia.
//    Target: Nudge ≤ 1.02 × sklearn for each k.
// 3. pipeline: a SQLite store of --customers (default 1,000,000) customers of the planted segment
//    population (src/demo/segment-population.ts: four kinds of customers, a favourite product each, about
//    2.7 holdings per customer; bench/segment-data-worker.js, kept in --keep DIR, default
//    /tmp/nudge-bench-segment-store, and reused), then `nudge segment run --json` with its defaults
//    (autoencoder features, k by silhouette) as a process of its own under GNU time: wall seconds from
//    process start to candidates written, peak RSS, the run's seconds per stage, and whether each cluster
//    pushes one of the planted products. Targets: under 120 s, peak RSS under 2 GB.
// Options: --data-dir DIR (default $NUDGE_DATA_DIR or ../shared/data; needs bank-full.csv), --runs N,
// --customers N, --keep DIR, --only kmeans,bankFull,pipeline.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Rng } from "../dist/core/index.js";

import {
  benchHead,
  dataDirOf,
  logger,
  median,
  option,
  python,
  repo,
  round,
  section,
  timedCommand,
  worker,
} from "./lib/harness.js";

const log = logger("segment");
const TARGETS = {
  kmeansSecondsRatio: 2,
  bankFullInertiaRatio: 1.02,
  pipelineSeconds: 120,
  pipelinePeakRssMB: 2048,
};
const PIPELINE_CUSTOMERS = 1_000_000;
const PLANTED_PRODUCTS = ["seg_mmf", "seg_mortgage", "seg_wealth", "seg_annuity"];
/** The planted data of the kmeans section. */
const PLANTED = {
  rows: 1_000_000,
  dims: 20,
  blobs: 16,
  centreSd: 2,
  blobSd: [0.7, 1.5],
  blobWeight: [0.5, 1.5],
  noiseShare: 0.02,
  seed: 20260502,
};
const KMEANS_K = 16;
const BANK_KS = [4, 8, 16];
const BANK_STARTS = 10;
const BANK_SEED = 0;

// 1. k-means on a million rows ------------------------------------------------------------------------
/** The planted matrix: blobs of unequal weight and spread, plus uniform noise rows. */
function plantedMatrix(p) {
  const rng = new Rng(p.seed);
  const centres = Float64Array.from({ length: p.blobs * p.dims }, () => rng.normal(0, p.centreSd));
  const spread = (range) => range[0] + (range[1] - range[0]) * rng.next();
  const sd = Array.from({ length: p.blobs }, () => spread(p.blobSd));
  const weights = Array.from({ length: p.blobs }, () => spread(p.blobWeight));
  const blobIds = Array.from({ length: p.blobs }, (_, b) => b);
  const low = Math.min(...centres) - 3 * p.blobSd[1];
  const high = Math.max(...centres) + 3 * p.blobSd[1];
  const x = new Float64Array(p.rows * p.dims);
  for (let i = 0; i < p.rows; i++) {
    const o = i * p.dims;
    if (rng.chance(p.noiseShare)) {
      for (let f = 0; f < p.dims; f++) x[o + f] = low + (high - low) * rng.next();
      continue;
    }
    const b = rng.weighted(blobIds, weights);
    for (let f = 0; f < p.dims; f++) x[o + f] = centres[b * p.dims + f] + rng.normal(0, sd[b]);
  }
  return x;
}

/** Median seconds and the runs of one side. */
function summary(runs) {
  return {
    seconds: round(median(runs.map((r) => r.seconds)), 3),
    iterations: median(runs.map((r) => r.iterations)),
    inertia: round(median(runs.map((r) => r.inertia)), 1),
    runs: runs.map((r) => ({
      seed: r.seed,
      seconds: round(r.seconds, 3),
      iterations: r.iterations,
      inertia: round(r.inertia, 1),
    })),
  };
}

async function kmeansSection(dir, runs) {
  const file = join(dir, "planted.f64");
  writeFileSync(file, plantedMatrix(PLANTED));
  const seeds = Array.from({ length: runs }, (_, i) => i + 1).join(",");
  const { rows, dims } = PLANTED;
  const nudge = worker("segment-kmeans-worker.js", [file, rows, dims, KMEANS_K, 1, seeds]);
  const py = python("segment-sklearn.py", ["fit", file, rows, dims, KMEANS_K, 1, seeds]);
  const ours = summary(nudge.runs);
  const theirs = summary(py.runs);
  const ratio = ours.seconds / theirs.seconds;
  return {
    data: { ...PLANTED, file: "float64, row-major" },
    k: KMEANS_K,
    nudge: { call: "kmeans(x, rows, 20, { k: 16, starts: 1, seed })", ...ours, peakRssMB: nudge.peakRssMB },
    sklearn: {
      call: "KMeans(n_clusters=16, n_init=1, random_state=seed).fit(x)",
      ...theirs,
      threadpools: py.threadpools,
      version: py.sklearn,
    },
    inertiaRatio: round(ours.inertia / theirs.inertia),
    ratio: round(ratio, 2),
    pass: ratio <= TARGETS.kmeansSecondsRatio,
  };
}

// 2. bank-full ------------------------------------------------------------------------------------------
/** A ";"-separated file with a header and quoted strings, as the UCI Bank Marketing files are. */
function readSemicolonCsv(path) {
  const lines = readFileSync(path, "utf8").trimEnd().split(/\r?\n/);
  const split = (line) => line.split(";").map((cell) => cell.replace(/^"(.*)"$/, "$1"));
  return { header: split(lines[0]), rows: lines.slice(1).map(split) };
}

/**
 * Numeric columns (every value a number) z-scored with the population standard deviation (sklearn's
 * StandardScaler), categorical columns one-hot over their sorted levels; `y` left out.
 */
function bankMatrix(csv) {
  const { header, rows } = readSemicolonCsv(csv);
  const blocks = [];
  header.forEach((name, c) => {
    if (name === "y") return;
    const cells = rows.map((r) => r[c]);
    if (cells.every((v) => v.trim() !== "" && Number.isFinite(Number(v)))) {
      const values = cells.map(Number);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length) || 1;
      blocks.push({ name, width: 1, fill: (i, out) => (out[0] = (values[i] - mean) / sd) });
    } else {
      const levels = [...new Set(cells)].sort();
      const index = new Map(levels.map((l, j) => [l, j]));
      blocks.push({ name, width: levels.length, fill: (i, out) => (out[index.get(cells[i])] = 1) });
    }
  });
  const dims = blocks.reduce((a, b) => a + b.width, 0);
  const x = new Float64Array(rows.length * dims);
  for (let i = 0; i < rows.length; i++) {
    let o = i * dims;
    for (const block of blocks) {
      block.fill(i, x.subarray(o, o + block.width));
      o += block.width;
    }
  }
  return {
    x,
    rows: rows.length,
    dims,
    numeric: blocks.filter((b) => b.width === 1).map((b) => b.name),
    oneHot: blocks.filter((b) => b.width > 1).map((b) => `${b.name} (${b.width})`),
  };
}

async function bankFullSection(csv, dir) {
  const matrix = bankMatrix(csv);
  const file = join(dir, "bank.f64");
  writeFileSync(file, matrix.x);
  const perK = {};
  for (const k of BANK_KS) {
    const nudge = worker("segment-kmeans-worker.js", [
      file,
      matrix.rows,
      matrix.dims,
      k,
      BANK_STARTS,
      BANK_SEED,
    ]);
    const py = python("segment-sklearn.py", [
      "fit",
      file,
      matrix.rows,
      matrix.dims,
      k,
      BANK_STARTS,
      BANK_SEED,
    ]);
    const ours = nudge.runs[0];
    const theirs = py.runs[0];
    const ratio = ours.inertia / theirs.inertia;
    perK[k] = {
      nudge: {
        inertia: round(ours.inertia, 2),
        seconds: round(ours.seconds, 3),
        iterations: ours.iterations,
      },
      sklearn: {
        inertia: round(theirs.inertia, 2),
        seconds: round(theirs.seconds, 3),
        iterations: theirs.iterations,
      },
      ratio: round(ratio, 5),
      pass: ratio <= TARGETS.bankFullInertiaRatio,
    };
  }
  return {
    data: "bank-full.csv without y: numeric columns z-scored, categorical columns one-hot",
    rows: matrix.rows,
    dims: matrix.dims,
    numeric: matrix.numeric,
    oneHot: matrix.oneHot,
    nudge: `kmeans(x, rows, dims, { k, starts: ${BANK_STARTS}, seed: ${BANK_SEED} })`,
    sklearn: `KMeans(n_clusters=k, n_init=${BANK_STARTS}, random_state=${BANK_SEED})`,
    k: perK,
    pass: Object.values(perK).every((r) => r.pass),
  };
}

// 3. The whole pipeline on a million customers --------------------------------------------------------
async function pipelineSection(customers, keep, dir) {
  mkdirSync(keep, { recursive: true });
  const db = join(keep, `segment-${customers}.db`);
  let data = { reused: true };
  if (!existsSync(db)) {
    log(`writing ${customers} customers to ${db}…`);
    data = worker("segment-data-worker.js", [db, customers]);
  }
  const run = timedCommand(
    process.execPath,
    [join(repo, "bin", "nudge.js"), "segment", "run", "--db", `sqlite:${db}`, "--json"],
    dir,
  );
  const report = JSON.parse(run.out);
  const pushed = report.clusters.map((c) => c.push?.productId ?? null);
  return {
    customers,
    data,
    runSeconds: round(run.seconds, 1),
    peakRssMB: run.peakRssMB,
    stages: report.stages,
    population: report.population,
    k: report.k,
    kScores: report.kScores,
    silhouette: report.silhouette,
    features: report.features,
    candidates: report.candidates,
    clusters: report.clusters.map((c) => ({ size: c.size, push: c.push?.productId, share: c.push?.share })),
    pushesPlantedProducts: pushed.every((p) => PLANTED_PRODUCTS.includes(p)),
    pass: run.seconds < TARGETS.pipelineSeconds && run.peakRssMB < TARGETS.pipelinePeakRssMB,
  };
}

export async function main(args) {
  const started = performance.now();
  const dataDir = dataDirOf(args);
  const csv = join(dataDir, "bank-full.csv");
  if (!existsSync(csv)) throw new Error(`no ${csv}: pass --data-dir DIR (or set NUDGE_DATA_DIR)`);
  const runs = Number(option(args, "--runs", 3));
  const dir = mkdtempSync(join(tmpdir(), "nudge-bench-segment-"));
  try {
    const result = benchHead("segment", dataDir, TARGETS);
    const only = option(args, "--only", "kmeans,bankFull,pipeline").split(",");
    const customers = Number(option(args, "--customers", PIPELINE_CUSTOMERS));
    const keep = option(args, "--keep", join(tmpdir(), "nudge-bench-segment-store"));
    if (only.includes("kmeans")) result.kmeans = await section("kmeans", () => kmeansSection(dir, runs), log);
    if (only.includes("bankFull"))
      result.bankFull = await section("bank-full", () => bankFullSection(csv, dir), log);
    if (only.includes("pipeline"))
      result.pipeline = await section("pipeline", () => pipelineSection(customers, keep, dir), log);
    const passes = only.map((name) => [name, result[name]?.pass === true]);
    result.pass = { ...Object.fromEntries(passes), all: passes.every(([, pass]) => pass) };
    result.wallSeconds = round((performance.now() - started) / 1000, 1);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
