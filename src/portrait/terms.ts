/**
 * Terms, documents and TF-IDF weights.
 *
 * A term is a tag name with a value (`region=Hong Kong`, `events_30d.login=10-29`; number tags are
 * the name alone). A portrait document keeps, per source of tags (the rules, or a model), the term
 * ids with their evidence and measure. The weight of a term for a customer is
 *   tf  = (1 + ln evidence) / Σ over the customer's terms of (1 + ln evidence)   — share among own tags
 *   idf = ln((1 + N) / (1 + df)) + 1                                             — rarity across customers
 *   weight = tf × idf × the factors of negative feedback in force.
 * Document frequencies are kept per term as portraits change, so weights are computed when read and
 * are never stale.
 */
import type { PortraitTermRow, Store } from "../store/index.js";

/** One tag in a document: term id, evidence, and the measure when it differs from the evidence. */
export type DocTag = [termId: number, evidence: number] | [termId: number, evidence: number, measure: number];

export interface DocSource {
  /** When this source set its tags (ISO). */
  at: string;
  /** The build that set them, for rule tags. */
  build?: string;
  /** The model version that set them, for predicted tags. */
  model?: string;
  t: DocTag[];
}

/** A portrait document: tags by source ("rules", or "model:<id>" for predicted tags). */
export type PortraitDoc = Record<string, DocSource>;

export const RULES_SOURCE = "rules";

export function termKey(name: string, value: string): string {
  return `${name}\u001f${value}`;
}

/** The text a tag value takes in its term: numbers are terms by name alone. */
export function termValue(value: string | number | boolean): string {
  return typeof value === "number" ? "" : String(value);
}

export function parseDoc(text: string | undefined): PortraitDoc {
  if (!text) return {};
  try {
    return JSON.parse(text) as PortraitDoc;
  } catch {
    return {};
  }
}

/** The distinct term ids of a document (all sources). */
export function termsOf(doc: PortraitDoc): Set<number> {
  const ids = new Set<number>();
  for (const source of Object.values(doc)) for (const tag of source.t) ids.add(tag[0]);
  return ids;
}

/** The term dictionary with document frequencies, loaded once per build or read. */
export class TermDictionary {
  readonly #byKey = new Map<string, number>();
  readonly #byId = new Map<number, PortraitTermRow>();
  #next = 1;
  #added: PortraitTermRow[] = [];

  static async load(store: Store): Promise<TermDictionary> {
    const dictionary = new TermDictionary();
    for (const row of await store.portraits.terms()) dictionary.#remember({ ...row, df: Number(row.df) });
    return dictionary;
  }

  #remember(row: PortraitTermRow): void {
    this.#byKey.set(termKey(row.name, row.value), row.id);
    this.#byId.set(row.id, row);
    this.#next = Math.max(this.#next, row.id + 1);
  }

  /** The id of a term, allocating one (to be stored with `takeAdded`) when it is new. */
  id(name: string, value: string): number {
    const known = this.#byKey.get(termKey(name, value));
    if (known !== undefined) return known;
    const row = { id: this.#next, name, value, df: 0 };
    this.#remember(row);
    this.#added.push(row);
    return row.id;
  }

  /** An existing term's id, or undefined. */
  find(name: string, value: string): number | undefined {
    return this.#byKey.get(termKey(name, value));
  }

  term(id: number): PortraitTermRow | undefined {
    return this.#byId.get(id);
  }

  /** Every known term. */
  all(): IterableIterator<PortraitTermRow> {
    return this.#byId.values();
  }

  /** Terms allocated since the last call, for the caller to insert in its transaction. */
  takeAdded(): PortraitTermRow[] {
    const added = this.#added;
    this.#added = [];
    return added;
  }

  /** Applies document-frequency changes that were written to the store. */
  applyDocumentFrequency(deltas: ReadonlyMap<number, number>): void {
    for (const [id, delta] of deltas) {
      const row = this.#byId.get(id);
      if (row) row.df += delta;
    }
  }

  /** Every term whose name is `name` or starts with `name.` (tags expanded by group). */
  *named(name: string): Iterable<PortraitTermRow> {
    for (const row of this.#byId.values())
      if (row.name === name || row.name.startsWith(`${name}.`)) yield row;
  }
}

/** Inverse document frequency, smoothed so that no term weighs zero. */
export function idf(df: number, population: number): number {
  return Math.log((1 + population) / (1 + Math.max(0, df))) + 1;
}

/** Term frequency parts: sublinear in evidence, so one busy behaviour does not drown the profile. */
function strength(evidence: number): number {
  return 1 + Math.log(Math.max(1, evidence));
}

export interface WeightedTerm {
  termId: number;
  source: string;
  evidence: number;
  measure: number;
  tf: number;
  idf: number;
  factor: number;
  weight: number;
}

/** The weighted terms of a document; `factor(termId)` gives the feedback multiplier (1 when none). */
export function weigh(
  doc: PortraitDoc,
  dictionary: TermDictionary,
  population: number,
  factor: (termId: number) => number = () => 1,
): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  let total = 0;
  for (const [source, tags] of Object.entries(doc)) {
    for (const tag of tags.t) {
      const evidence = tag[1];
      total += strength(evidence);
      out.push({
        termId: tag[0],
        source,
        evidence,
        measure: tag.length === 3 ? tag[2] : evidence,
        tf: 0,
        idf: 0,
        factor: 1,
        weight: 0,
      });
    }
  }
  for (const term of out) {
    term.tf = total > 0 ? strength(term.evidence) / total : 0;
    term.idf = idf(dictionary.term(term.termId)?.df ?? 0, population);
    term.factor = factor(term.termId);
    term.weight = term.tf * term.idf * term.factor;
  }
  return out;
}
