/**
 * Where the MLP's arithmetic runs. Two engines with one interface, picked by measurement (README, "MLP
 * engine"): `wasm`, float32 WebAssembly SIMD kernels (kernels.wat), the default for training and scoring;
 * and `js`, float64 TypeScript kernels (kernels.ts), the reference the gradient check runs against and
 * the fallback where WebAssembly SIMD is missing. Arrays come from the engine so the WASM kernels can
 * reach them in their memory.
 */
import { NudgeError } from "../core/index.js";
import { denseBackward, denseForward } from "./kernels.js";
import { KERNELS_WASM } from "./kernels-wasm.js";

export type FloatArray = Float32Array | Float64Array;
export type EngineName = "wasm" | "js";

/** Adam's constants for one step; `rate` carries the bias corrections. */
export interface AdamStep {
  rate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  l2: number;
}

export interface Engine {
  readonly name: EngineName;
  /** A zeroed array of n numbers that this engine's kernels can work on. */
  array(n: number): FloatArray;
  /** Whether `array` came from this engine (the WASM kernels read only their own memory). */
  owns(array: FloatArray): boolean;
  /** z = input · w + b over `rows` rows; ReLU in place when `relu`. */
  forward(
    input: FloatArray,
    rows: number,
    fanIn: number,
    w: FloatArray,
    b: FloatArray,
    fanOut: number,
    z: FloatArray,
    relu: boolean,
  ): void;
  /** Adds ∂loss/∂w, ∂loss/∂b into gw, gb; writes ∂loss/∂z of the ReLU layer below into `previous`. */
  backward(
    input: FloatArray,
    rows: number,
    fanIn: number,
    w: FloatArray,
    fanOut: number,
    delta: FloatArray,
    gw: FloatArray,
    gb: FloatArray,
    previous: FloatArray | null,
  ): void;
  /** One Adam update of parameters p from gradients g with moments m, v. */
  adam(p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, step: AdamStep): void;
}

/** The float64 TypeScript engine. */
export const jsEngine: Engine = {
  name: "js",
  array: (n) => new Float64Array(n),
  owns: () => true,
  forward: denseForward,
  backward: denseBackward,
  adam(p, g, m, v, { rate, beta1, beta2, epsilon, l2 }) {
    for (let i = 0; i < p.length; i++) {
      const gi = (g[i] as number) + l2 * (p[i] as number);
      const mi = beta1 * (m[i] as number) + (1 - beta1) * gi;
      const vi = beta2 * (v[i] as number) + (1 - beta2) * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = (p[i] as number) - (rate * mi) / (Math.sqrt(vi) + epsilon);
    }
  },
};

/** The part of the WebAssembly API used here (the compiler's libs here do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

interface Kernels {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  forward(
    input: number,
    rows: number,
    fanIn: number,
    w: number,
    b: number,
    fanOut: number,
    z: number,
    relu: number,
    gather: number,
  ): void;
  backward(
    input: number,
    rows: number,
    fanIn: number,
    w: number,
    fanOut: number,
    delta: number,
    gw: number,
    gb: number,
    previous: number,
  ): void;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    rate: number,
    b1: number,
    b2: number,
    eps: number,
    l2: number,
  ): void;
}

let compiled: object | null | undefined;

/** The compiled kernels, or null where this runtime lacks WebAssembly SIMD. */
function kernelsModule(): object | null {
  if (compiled === undefined) {
    try {
      compiled = wasm ? new wasm.Module(Buffer.from(KERNELS_WASM, "base64")) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const PAGE_BYTES = 65536;
/** Arrays start on 16-byte boundaries, as v128 loads prefer. */
const ALIGN = 16;

/**
 * A WASM engine owning one memory of `capacity` float32 numbers (plus the forward kernel's scratch for
 * layers of up to `maxFanIn` inputs). Arrays are carved from it in order and
 * never freed: an engine lives as long as one training run or one scorer. The memory is sized up front
 * because growing it would detach every array handed out.
 */
export function wasmEngine(capacity: number, maxFanIn: number): Engine {
  const module = kernelsModule();
  if (!module) throw new NudgeError("UNSUPPORTED", "this runtime has no WebAssembly SIMD; use the js engine");
  const instance = new (wasm as WasmApi).Instance(module, {});
  const k = instance.exports as unknown as Kernels;
  const bytes = (capacity + 2 * maxFanIn) * 4 + ALIGN * 64;
  const pages = Math.ceil(bytes / PAGE_BYTES);
  const have = k.memory.buffer.byteLength / PAGE_BYTES;
  if (pages > have) k.memory.grow(pages - have);
  const buffer = k.memory.buffer;
  let next = ALIGN; // offset 0 stays unused: the kernels read a zero pointer as "none"
  const at = (a: FloatArray) => a.byteOffset;
  const array = (n: number) => {
    const start = Math.ceil(next / ALIGN) * ALIGN;
    if (start + n * 4 > buffer.byteLength)
      throw new NudgeError("INTERNAL", `WASM engine memory exhausted (${capacity} numbers reserved)`);
    next = start + n * 4;
    return new Float32Array(buffer, start, n);
  };
  // Scratch of the forward kernel: each row's nonzero inputs, two words apiece.
  const gather = array(2 * maxFanIn).byteOffset;
  return {
    name: "wasm",
    array,
    owns: (a) => a.buffer === buffer,
    forward(input, rows, fanIn, w, b, fanOut, z, relu) {
      if (fanIn > maxFanIn)
        throw new NudgeError("INTERNAL", `fan-in ${fanIn} above the engine's ${maxFanIn}`);
      k.forward(at(input), rows, fanIn, at(w), at(b), fanOut, at(z), relu ? 1 : 0, gather);
    },
    backward(input, rows, fanIn, w, fanOut, delta, gw, gb, previous) {
      k.backward(
        at(input),
        rows,
        fanIn,
        at(w),
        fanOut,
        at(delta),
        at(gw),
        at(gb),
        previous ? at(previous) : 0,
      );
    },
    adam(p, g, m, v, { rate, beta1, beta2, epsilon, l2 }) {
      k.adam(at(p), at(g), at(m), at(v), p.length, rate, beta1, beta2, epsilon, l2);
    },
  };
}

/** Whether the WASM engine can run here. */
export function wasmAvailable(): boolean {
  return kernelsModule() !== null;
}
