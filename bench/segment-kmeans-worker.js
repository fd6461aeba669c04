// Nudge's side of the k-means timings of bench/segment.js, in its own process so the bench's own heap (the
// generated data, the CSV) stays out of the measurement. Usage:
//   node segment-kmeans-worker.js X_FILE ROWS DIMS K STARTS SEEDS
// X_FILE: ROWS × DIMS float64 (row-major, native byte order). For each seed of SEEDS (comma-separated),
// times kmeans(x, ROWS, DIMS, { k: K, starts: STARTS, seed }) from the built package.
// Prints {runs: [{seed, seconds, iterations, inertia}], peakRssMB}.
import { readFileSync } from "node:fs";
import { kmeans } from "../dist/ml/kmeans.js";

const [file, rowsArg, dimsArg, kArg, startsArg, seedsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const dims = Number(dimsArg);
const bytes = readFileSync(file);
// A Buffer may start at any offset of its memory; a Float64Array needs a multiple of 8.
const x =
  bytes.byteOffset % 8 === 0
    ? new Float64Array(bytes.buffer, bytes.byteOffset, rows * dims)
    : new Float64Array(Uint8Array.from(bytes).buffer, 0, rows * dims);
const runs = [];
for (const seed of seedsArg.split(",").map(Number)) {
  const start = performance.now();
  const result = kmeans(x, rows, dims, { k: Number(kArg), starts: Number(startsArg), seed });
  const seconds = (performance.now() - start) / 1000;
  runs.push({ seed, seconds, iterations: result.iterations, inertia: result.inertia });
}
const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync("/proc/self/status", "utf8"))?.[1]);
process.stdout.write(JSON.stringify({ runs, peakRssMB: Math.round(peakKb / 1024) }));
