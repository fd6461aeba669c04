/**
 * Where k-means runs its hot loops. The "wasm" engine copies the rows once into a WebAssembly memory and
 * runs the loops of kmeans-kernels.wat there with SIMD (about 2.5 times the JavaScript speed, and no
 * per-row crossing between JavaScript and WebAssembly); "js" runs their TypeScript twins (kmeans-kernels.ts),
 * the reference, and the fallback where WebAssembly SIMD is missing or the rows exceed its 4 GiB.
 * Arrays the loops touch come from the engine (`float64`, `int32`), so they live in its memory.
 */
import { NudgeError } from "../core/index.js";
import {
  type AssignState,
  assignRows,
  type CandidateRound,
  nearestRows,
  squaredDistances,
  tryCandidates,
} from "./kmeans-kernels.js";
import { KMEANS_KERNELS_WASM } from "./kmeans-kernels-wasm.js";

/** The rows to cluster, scratch arrays beside them, and the loops over them. */
export interface KMeansEngine {
  readonly name: "wasm" | "js";
  /** The rows, rows × dims float64 (a copy in WebAssembly memory, or the float64 input itself). */
  readonly x: Float64Array;
  readonly rows: number;
  readonly dims: number;
  /** A zeroed float64 array of n values in the engine's memory. */
  float64(n: number): Float64Array;
  /** A zeroed int32 array of n values in the engine's memory. */
  int32(n: number): Int32Array;
  /** Where the next array would start; `release(mark)` hands everything after it back. */
  mark(): number;
  /** Frees every array handed out since `mark` (they must no longer be used). */
  release(mark: number): void;
  /** out[j] = squared distance from row i to row j of `centres`, for j < count. */
  distances(i: number, centres: Float64Array, count: number, out: Float64Array): void;
  /** One k-means++ round over all rows (see `tryCandidates`). */
  candidates(round: CandidateRound): void;
  /** One assignment step of Hamerly's algorithm (see `assignRows`); answers how many rows changed cluster. */
  assign(state: AssignState): number;
  /** Nearest of the k = near.length centres for every row, and its squared distance. */
  nearest(centres: Float64Array, labels: Int32Array, distances: Float64Array, near: Float64Array): void;
}

/** The exports of kmeans-kernels.wat. */
interface Kernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  distances(x: number, c: number, count: number, dims: number, out: number): void;
  candidates(
    x: number,
    rows: number,
    dims: number,
    candidates: number,
    trials: number,
    apart: number,
    nearest: number,
    closest: number,
    distances: number,
    potentials: number,
  ): void;
  assign(
    x: number,
    rows: number,
    dims: number,
    k: number,
    centres: number,
    labels: number,
    upper: number,
    lower: number,
    half: number,
    shift: number,
    largest: number,
    second: number,
    largestCentre: number,
    sums: number,
    counts: number,
    near: number,
  ): number;
  nearest(
    x: number,
    rows: number,
    dims: number,
    centres: number,
    k: number,
    labels: number,
    distances: number,
    near: number,
  ): void;
}

/** The part of the WebAssembly API used here (the compiler's libs here do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The compiled kernels, or null where this runtime lacks WebAssembly SIMD. */
function kernelModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Buffer.from(KMEANS_KERNELS_WASM, "base64")) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE_BYTES = 65_536;
/** Largest WebAssembly memory (32-bit addresses): 4 GiB. */
const MAX_PAGES = 65_536;
/** Arrays start on 16-byte boundaries, as v128 loads prefer; offset 0 stays unused. */
const ALIGN = 16;
/** Room for the alignment padding of the arrays handed out. */
const PADDING_BYTES = 256 * ALIGN;

/** A bump allocator over one ArrayBuffer, for arrays that must live in the WebAssembly memory. */
function carve(buffer: ArrayBuffer, start: number, reserved: number) {
  let next = start;
  const take = (bytes: number) => {
    const at = Math.ceil(next / ALIGN) * ALIGN;
    if (at + bytes > buffer.byteLength)
      throw new NudgeError("INTERNAL", `k-means engine memory exhausted (${reserved} bytes reserved)`);
    next = at + bytes;
    return at;
  };
  return {
    // Released memory holds old values: zero it, as a fresh array would be.
    float64: (n: number) => new Float64Array(buffer, take(n * 8), n).fill(0),
    int32: (n: number) => new Int32Array(buffer, take(n * 4), n).fill(0),
    mark: () => next,
    release: (mark: number) => {
      next = mark;
    },
  };
}

/** The engine in WebAssembly, or null when SIMD is missing or rows plus scratch exceed its memory. */
function wasmEngine(x: Float32Array | Float64Array, rows: number, dims: number, scratchBytes: number) {
  const module = kernelModule();
  if (!module) return null;
  const bytes = ALIGN + rows * dims * 8 + scratchBytes + PADDING_BYTES;
  const pages = Math.ceil(bytes / PAGE_BYTES);
  if (pages > MAX_PAGES) return null;
  const k = new (wasm as WasmApi).Instance(module, {}).exports as Kernels;
  try {
    const have = k.memory.buffer.byteLength / PAGE_BYTES;
    if (pages > have) k.memory.grow(pages - have);
  } catch {
    return null; // the runtime refused the memory: run in JavaScript instead
  }
  const buffer = k.memory.buffer;
  const data = new Float64Array(buffer, ALIGN, rows * dims);
  data.set(x);
  // The kernels see byte offsets into their memory: an array from elsewhere would be read as garbage.
  const at = (a: Float64Array | Int32Array) => {
    if (a.buffer !== buffer) throw new NudgeError("INTERNAL", "k-means array outside the engine's memory");
    return a.byteOffset;
  };
  const engine: KMeansEngine = {
    name: "wasm",
    x: data,
    rows,
    dims,
    ...carve(buffer, ALIGN + data.byteLength, scratchBytes),
    distances: (i, centres, count, out) =>
      k.distances(ALIGN + i * dims * 8, at(centres), count, dims, at(out)),
    candidates(r) {
      r.potentials.fill(0);
      k.candidates(
        ALIGN,
        rows,
        dims,
        at(r.candidates),
        r.trials,
        at(r.apart),
        at(r.nearest),
        at(r.closest),
        at(r.distances),
        at(r.potentials),
      );
    },
    assign: (s) =>
      k.assign(
        ALIGN,
        rows,
        dims,
        s.k,
        at(s.centres),
        at(s.labels),
        at(s.upper),
        at(s.lower),
        at(s.half),
        at(s.shift),
        s.largestShift,
        s.secondShift,
        s.largestShiftCentre,
        at(s.sums),
        at(s.counts),
        at(s.near),
      ),
    nearest: (centres, labels, distances, near) =>
      k.nearest(ALIGN, rows, dims, at(centres), near.length, at(labels), at(distances), at(near)),
  };
  return engine;
}

/** The engine in TypeScript: the float64 rows as given (float32 copied once), plain arrays. */
function jsEngine(x: Float32Array | Float64Array, rows: number, dims: number): KMeansEngine {
  const data = x instanceof Float64Array ? x : Float64Array.from(x);
  return {
    name: "js",
    x: data,
    rows,
    dims,
    float64: (n) => new Float64Array(n),
    int32: (n) => new Int32Array(n),
    mark: () => 0,
    release: () => {},
    distances: (i, centres, count, out) => squaredDistances(data, i, centres, count, dims, out),
    candidates: (round) => tryCandidates(data, rows, dims, round),
    assign: (state) => assignRows(data, rows, dims, state),
    nearest: (centres, labels, distances, near) =>
      nearestRows(data, rows, dims, centres, labels, distances, near),
  };
}

/**
 * An engine for the rows of x (rows × dims) with room for `scratchBytes` of arrays at once. WebAssembly
 * when asked for and available (the rows are then copied into its memory), else JavaScript.
 */
export function kmeansEngine(
  x: Float32Array | Float64Array,
  rows: number,
  dims: number,
  scratchBytes: number,
  name: "wasm" | "js" = "wasm",
): KMeansEngine {
  return (name === "wasm" ? wasmEngine(x, rows, dims, scratchBytes) : null) ?? jsEngine(x, rows, dims);
}
