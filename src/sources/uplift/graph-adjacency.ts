/** The relations graph as neighbour lists (CSR), built once, and seeded neighbour samples of it. */
import { NudgeError, type Rng } from "../../core/index.js";
import type { Adjacency } from "./graph-attention.js";

/** Undirected edges between rows (each is used both ways); edges from a node to itself are ignored. */
export interface Edges {
  src: Int32Array;
  dst: Int32Array;
}

/** CSR adjacency of the undirected edges, each listed under both ends; self-edges dropped. */
export function adjacencyOf(edges: Edges, rows: number): Adjacency {
  const { src, dst } = edges;
  if (src.length !== dst.length)
    throw new NudgeError("INPUT_INVALID", `edges hold ${src.length} sources but ${dst.length} destinations`, {
      name: "edges",
    });
  const offsets = new Int32Array(rows + 1);
  for (let e = 0; e < src.length; e++) {
    const a = src[e] as number;
    const b = dst[e] as number;
    for (const [name, v] of [
      ["src", a],
      ["dst", b],
    ] as const)
      if (!(v >= 0 && v < rows))
        throw new NudgeError("INPUT_INVALID", `edge ${e} has ${name} ${v}, outside the ${rows} rows`, {
          name,
          edge: e,
        });
    if (a === b) continue;
    offsets[a + 1] = (offsets[a + 1] as number) + 1;
    offsets[b + 1] = (offsets[b + 1] as number) + 1;
  }
  for (let i = 0; i < rows; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const neighbours = new Int32Array(offsets[rows] as number);
  const fill = offsets.slice(0, rows);
  for (let e = 0; e < src.length; e++) {
    const a = src[e] as number;
    const b = dst[e] as number;
    if (a === b) continue;
    neighbours[fill[a] as number] = b;
    fill[a] = (fill[a] as number) + 1;
    neighbours[fill[b] as number] = a;
    fill[b] = (fill[b] as number) + 1;
  }
  return { offsets, neighbours };
}

/**
 * At most `cap` neighbours of each node, drawn without replacement: a partial Fisher–Yates shuffle of
 * the node's list in one scratch buffer, so a million-edge graph is sampled without an allocation per node.
 */
export function sampledAdjacency(graph: Adjacency, cap: number, rng: Rng): Adjacency {
  const rows = graph.offsets.length - 1;
  const offsets = new Int32Array(rows + 1);
  let widest = 0;
  for (let i = 0; i < rows; i++) {
    const degree = (graph.offsets[i + 1] as number) - (graph.offsets[i] as number);
    widest = Math.max(widest, degree);
    offsets[i + 1] = (offsets[i] as number) + Math.min(cap, degree);
  }
  const neighbours = new Int32Array(offsets[rows] as number);
  const pool = new Int32Array(widest);
  for (let i = 0; i < rows; i++) {
    const start = graph.offsets[i] as number;
    const degree = (graph.offsets[i + 1] as number) - start;
    const to = offsets[i] as number;
    if (degree <= cap) {
      neighbours.set(graph.neighbours.subarray(start, start + degree), to);
      continue;
    }
    pool.set(graph.neighbours.subarray(start, start + degree));
    for (let k = 0; k < cap; k++) {
      const j = k + Math.floor(rng.next() * (degree - k));
      const t = pool[j] as number;
      pool[j] = pool[k] as number;
      neighbours[to + k] = t;
    }
  }
  return { offsets, neighbours };
}
