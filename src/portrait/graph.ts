/**
 * Influence in the relations graph: weighted PageRank (damping 0.85) and degree, over relations
 * taken as undirected edges (a family tie or a transfer links both people). Edges are read in pages
 * into compressed sparse rows of typed arrays, so a graph of millions of edges costs tens of MB.
 * PageRank is scaled so the average customer in the graph scores 1.
 */
import type { Store } from "../store/index.js";

const DAMPING = 0.85;
const MAX_ITERATIONS = 50;
const TOLERANCE = 1e-9;
const PAGE = 100_000;

export interface GraphScores {
  get(customerId: string): { pagerank: number; degree: number } | null;
  readonly nodes: number;
  readonly edges: number;
}

/** Reads every relation and scores every customer that has one. */
export async function scoreGraph(store: Store): Promise<GraphScores> {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const node = (id: string) => {
    let i = index.get(id);
    if (i === undefined) {
      i = ids.length;
      index.set(id, i);
      ids.push(id);
    }
    return i;
  };
  let from: number[] = [];
  let to: number[] = [];
  let weights: number[] = [];
  let after: { src: string; dst: string; type: string } | null = null;
  for (;;) {
    let query = store.db
      .selectFrom("relations")
      .select(["src", "dst", "type", "weight"])
      .orderBy("src")
      .orderBy("dst")
      .orderBy("type")
      .limit(PAGE);
    if (after) {
      const { src, dst, type } = after;
      query = query.where((eb) =>
        eb.or([
          eb("src", ">", src),
          eb.and([eb("src", "=", src), eb("dst", ">", dst)]),
          eb.and([eb("src", "=", src), eb("dst", "=", dst), eb("type", ">", type)]),
        ]),
      );
    }
    const rows = await query.execute();
    for (const r of rows) {
      if (r.src === r.dst || !(r.weight > 0)) continue;
      from.push(node(r.src));
      to.push(node(r.dst));
      weights.push(Number(r.weight));
    }
    if (rows.length < PAGE) break;
    const last = rows[rows.length - 1] as (typeof rows)[number];
    after = { src: last.src, dst: last.dst, type: last.type };
  }

  const n = ids.length;
  const m = from.length;
  // Undirected CSR: each edge appears in both endpoints' lists.
  const degree = new Uint32Array(n);
  const bump = (array: Uint32Array | Float64Array, i: number, by: number) => {
    array[i] = (array[i] as number) + by;
  };
  for (let e = 0; e < m; e++) {
    bump(degree, from[e] as number, 1);
    bump(degree, to[e] as number, 1);
  }
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = (start[i] as number) + (degree[i] as number);
  const neighbour = new Uint32Array(2 * m);
  const weight = new Float64Array(2 * m);
  const fill = start.slice(0, n);
  const strength = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    const a = from[e] as number;
    const b = to[e] as number;
    const w = weights[e] as number;
    const atA = fill[a] as number;
    neighbour[atA] = b;
    weight[atA] = w;
    fill[a] = atA + 1;
    const atB = fill[b] as number;
    neighbour[atB] = a;
    weight[atB] = w;
    fill[b] = atB + 1;
    bump(strength, a, w);
    bump(strength, b, w);
  }
  from = [];
  to = [];
  weights = [];

  let rank = new Float64Array(n).fill(1 / Math.max(n, 1));
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < MAX_ITERATIONS && n > 0; iteration++) {
    next.fill((1 - DAMPING) / n);
    for (let i = 0; i < n; i++) {
      const share = (DAMPING * (rank[i] as number)) / (strength[i] as number);
      for (let k = start[i] as number; k < (start[i + 1] as number); k++)
        bump(next, neighbour[k] as number, share * (weight[k] as number));
    }
    let change = 0;
    for (let i = 0; i < n; i++) change += Math.abs((next[i] as number) - (rank[i] as number));
    [rank, next] = [next, rank];
    if (change < TOLERANCE) break;
  }

  return {
    nodes: n,
    edges: m,
    get(customerId) {
      const i = index.get(customerId);
      if (i === undefined) return null;
      return { pagerank: (rank[i] as number) * n, degree: degree[i] as number };
    },
  };
}
