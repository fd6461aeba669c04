/**
 * Portraits as weighted term vectors, the form lookalike audiences and message matching read: each
 * portrait's terms with weight tf × idf × negative-feedback factor, normalized to unit length, streamed
 * page by page over the whole base.
 */
import type { PortraitAdjustmentRow, PortraitRow, Store } from "../store/index.js";
import { adjustmentFactors } from "./feedback.js";
import { idf, type PortraitDoc, parseDoc, TermDictionary } from "./terms.js";

/** Portraits read per query. */
const PAGE = 10_000;

/** A sparse unit vector over term ids. */
export interface PortraitVector {
  ids: number[];
  weights: number[];
}

export class PortraitVectors {
  private constructor(
    readonly dictionary: TermDictionary,
    /** Customers with a portrait: the N of the inverse document frequency. */
    readonly population: number,
    private readonly idfOf: Float64Array,
    private readonly adjustments: ReadonlyMap<string, PortraitAdjustmentRow[]>,
  ) {}

  /** The store's term dictionary, document frequencies and negative-feedback adjustments, read once. */
  static async load(store: Store): Promise<PortraitVectors> {
    const [dictionary, population, adjustmentRows, terms] = await Promise.all([
      TermDictionary.load(store),
      store.portraits.count(),
      store.portraits.adjustments(),
      store.portraits.terms(),
    ]);
    const idfOf = new Float64Array((terms[terms.length - 1]?.id ?? 0) + 1);
    for (const t of terms) idfOf[t.id] = idf(Number(t.df), population);
    const adjustments = new Map<string, PortraitAdjustmentRow[]>();
    for (const a of adjustmentRows)
      adjustments.set(a.customer_id, [...(adjustments.get(a.customer_id) ?? []), a]);
    return new PortraitVectors(dictionary, population, idfOf, adjustments);
  }

  /** Number of term ids (the length a dense vector over terms needs). */
  get terms(): number {
    return this.idfOf.length;
  }

  /** A customer's portrait as a unit vector. */
  of(customerId: string, doc: PortraitDoc | string | null): PortraitVector {
    const parsed = typeof doc === "string" || doc === null ? parseDoc(doc ?? undefined) : doc;
    const list = this.adjustments.get(customerId);
    const factor = list ? adjustmentFactors(list, (id) => this.dictionary.term(id)) : null;
    const ids: number[] = [];
    const weights: number[] = [];
    let total = 0;
    for (const source in parsed) {
      for (const tag of (parsed[source] as PortraitDoc[string]).t) {
        const s = 1 + Math.log(Math.max(1, tag[1]));
        total += s;
        ids.push(tag[0]);
        weights.push(s);
      }
    }
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      const w = ((weights[i] as number) / total) * (this.idfOf[id] ?? 1) * (factor ? factor(id) : 1);
      weights[i] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] as number) / norm;
    return { ids, weights };
  }

  /** Every portrait in customer order, a page at a time. */
  async *pages(store: Store, size = PAGE): AsyncGenerator<PortraitRow[]> {
    let after: string | null = null;
    for (;;) {
      const page = await store.portraits.page(after, size);
      if (page.length === 0) return;
      yield page;
      after = (page[page.length - 1] as PortraitRow).customer_id;
      if (page.length < size) return;
    }
  }

  /** A term as people read it: `name` or `name=value`. */
  label(id: number): string {
    const t = this.dictionary.term(id);
    return t ? (t.value === "" ? t.name : `${t.name}=${t.value}`) : String(id);
  }
}
