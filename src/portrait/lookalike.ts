/**
 * Lookalike audiences: customers whose weighted tags point the same way as a seed audience's. Each
 * portrait is a TF-IDF vector (negative feedback applied), normalized; the seed's centroid is the
 * mean of its members' vectors; every other customer is scored by cosine similarity to it, streamed
 * page by page so memory holds only the best `size`. Each candidate carries its similarity and the
 * tags that contributed most to it.
 */
import { type Clock, NudgeError, newId, systemClock } from "../core/index.js";
import type { Store } from "../store/index.js";
import { PortraitVectors } from "./vectors.js";

const PAGE = 10_000;
const REASONS = 3;

export interface LookalikeOptions {
  /** Seed customers. */
  seeds?: readonly string[];
  /** The product on offer: its holders are never candidates, and are the seeds when `seeds` is not given. */
  product?: string;
  size: number;
  /** Lowest similarity kept, 0–1 (default 0.2). */
  threshold?: number;
  /** Store the result as candidates for the product (source "lookalike"). */
  writeCandidates?: boolean;
  clock?: Clock;
  onProgress?: (done: number, total: number) => void;
}

export interface LookalikeCandidate {
  customerId: string;
  similarity: number;
  /** The shared tags that contributed most, as name=value. */
  reasons: string[];
}

export interface LookalikeResult {
  seeds: number;
  seedsWithPortrait: number;
  scanned: number;
  threshold: number;
  candidates: LookalikeCandidate[];
  written: number;
  seconds: number;
}

/** A bounded min-heap of the best candidates by similarity (ties: smaller id first). */
class Best {
  readonly #items: LookalikeCandidate[] = [];
  constructor(readonly size: number) {}

  #worse(a: LookalikeCandidate, b: LookalikeCandidate): boolean {
    return a.similarity < b.similarity || (a.similarity === b.similarity && a.customerId > b.customerId);
  }

  /** The similarity a newcomer must beat once full. */
  floor(): number {
    return this.#items.length < this.size
      ? Number.NEGATIVE_INFINITY
      : (this.#items[0] as LookalikeCandidate).similarity;
  }

  offer(item: LookalikeCandidate): void {
    const heap = this.#items;
    if (heap.length < this.size) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#worse(heap[i] as LookalikeCandidate, heap[parent] as LookalikeCandidate)) break;
        [heap[i], heap[parent]] = [heap[parent] as LookalikeCandidate, heap[i] as LookalikeCandidate];
        i = parent;
      }
      return;
    }
    if (!this.#worse(heap[0] as LookalikeCandidate, item)) return;
    heap[0] = item;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && this.#worse(heap[l] as LookalikeCandidate, heap[m] as LookalikeCandidate)) m = l;
      if (r < heap.length && this.#worse(heap[r] as LookalikeCandidate, heap[m] as LookalikeCandidate)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as LookalikeCandidate, heap[i] as LookalikeCandidate];
      i = m;
    }
  }

  sorted(): LookalikeCandidate[] {
    return [...this.#items].sort(
      (a, b) => b.similarity - a.similarity || (a.customerId < b.customerId ? -1 : 1),
    );
  }
}

export async function lookalike(store: Store, options: LookalikeOptions): Promise<LookalikeResult> {
  const started = performance.now();
  if (!(options.size >= 1)) throw new NudgeError("INPUT_INVALID", "size must be at least 1");
  const threshold = options.threshold ?? 0.2;
  if (!(threshold >= 0 && threshold <= 1))
    throw new NudgeError("INPUT_INVALID", "threshold must be between 0 and 1");
  let seeds = [...new Set(options.seeds ?? [])];
  let holders: string[] = [];
  if (options.product !== undefined) {
    if (!(await store.products.get(options.product)))
      throw new NudgeError("NOT_FOUND", `no product '${options.product}'`);
    holders = (
      await store.db
        .selectFrom("holdings")
        .select("customer_id")
        .where("product_id", "=", options.product)
        .execute()
    ).map((r) => r.customer_id);
    if (seeds.length === 0) seeds = holders;
  }
  if (seeds.length === 0) throw new NudgeError("INPUT_INVALID", "the seed audience is empty");
  const excluded = new Set([...seeds, ...holders]);

  const vectors = await PortraitVectors.load(store);
  const population = vectors.population;

  // Centroid of the seed vectors.
  const centroid = new Float64Array(vectors.terms);
  let seedsWithPortrait = 0;
  for (let i = 0; i < seeds.length; i += PAGE) {
    const docs = await store.portraits.many(seeds.slice(i, i + PAGE));
    for (const [customerId, row] of docs) {
      const v = vectors.of(customerId, row.doc);
      for (let k = 0; k < v.ids.length; k++) {
        const id = v.ids[k] as number;
        centroid[id] = (centroid[id] as number) + (v.weights[k] as number);
      }
      seedsWithPortrait++;
    }
  }
  if (seedsWithPortrait === 0)
    throw new NudgeError("INPUT_INVALID", "no seed customer has a portrait; run nudge portrait build");
  let norm = 0;
  for (let i = 0; i < centroid.length; i++) norm += (centroid[i] as number) ** 2;
  norm = Math.sqrt(norm);
  for (let i = 0; i < centroid.length; i++) centroid[i] = (centroid[i] as number) / norm;

  const best = new Best(options.size);
  let scanned = 0;
  for await (const page of vectors.pages(store, PAGE)) {
    for (const row of page) {
      if (excluded.has(row.customer_id)) continue;
      scanned++;
      const v = vectors.of(row.customer_id, row.doc);
      let similarity = 0;
      for (let k = 0; k < v.ids.length; k++)
        similarity += (v.weights[k] as number) * (centroid[v.ids[k] as number] as number);
      if (similarity < threshold || similarity < best.floor()) continue;
      const reasons = v.ids
        .map((id, k) => ({ id, c: (v.weights[k] as number) * (centroid[id] as number) }))
        .filter((x) => x.c > 0)
        .sort((a, b) => b.c - a.c)
        .slice(0, REASONS)
        .map(({ id }) => vectors.label(id));
      best.offer({ customerId: row.customer_id, similarity: Math.round(similarity * 1e4) / 1e4, reasons });
    }
    options.onProgress?.(scanned + seedsWithPortrait, population);
  }
  const candidates = best.sorted();

  let written = 0;
  if (options.writeCandidates) {
    if (options.product === undefined)
      throw new NudgeError("INPUT_INVALID", "candidates need a product to offer");
    const now = (options.clock ?? systemClock).now().toISOString();
    const rows = candidates.map((c) => ({
      id: newId("cand"),
      customer_id: c.customerId,
      offer_id: options.product as string,
      offer_kind: "product",
      source: "lookalike",
      score: c.similarity,
      expected_value: null,
      reason: JSON.stringify({ similarity: c.similarity, sharedTags: c.reasons, seeds: seeds.length }),
      model_id: null,
      status: "open",
      created_at: now,
      expires_at: null,
    }));
    await store.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 1000) await tx.candidates.insert(rows.slice(i, i + 1000));
    });
    written = rows.length;
  }
  return {
    seeds: seeds.length,
    seedsWithPortrait,
    scanned,
    threshold,
    candidates,
    written,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  };
}
