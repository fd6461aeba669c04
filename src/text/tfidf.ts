/**
 * TF-IDF over tokenized documents, as scikit-learn's TfidfVectorizer computes it (smooth idf, optional
 * sublinear tf, L2 rows): `fitTfidf` learns the vocabulary and the inverse document frequencies,
 * `transformTfidf` turns documents into sparse rows. The model is plain JSON, for the model registry.
 */
import { NudgeError } from "../core/index.js";

/** Sparse rows in CSR form: row r holds indices/values [indptr[r], indptr[r + 1]), indices ascending. */
export interface SparseRows {
  rows: number;
  cols: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Which terms enter the vocabulary and how term counts are weighted. */
export interface TfidfOptions {
  /** Fewest documents a term must occur in (a count; default 1). */
  minDf?: number;
  /** Largest share of documents a term may occur in (default 1: no cap). */
  maxDfShare?: number;
  /** Keep only this many terms, the most frequent over the corpus (default 0: no cap). */
  maxFeatures?: number;
  /** Weight a term count tf as 1 + ln tf (default true). */
  sublinearTf?: boolean;
  /** Add the bigrams of adjacent tokens, "a b", as terms (default false). */
  bigrams?: boolean;
}

/** A fitted TF-IDF: terms in code-unit order, their idf, and the options it was fitted with. */
export interface TfidfModel {
  vocabulary: string[];
  idf: number[];
  options: Required<TfidfOptions>;
}

/** The options a model gets when the caller gives none. */
export const TFIDF_DEFAULTS: Required<TfidfOptions> = {
  minDf: 1,
  maxDfShare: 1,
  maxFeatures: 0,
  sublinearTf: true,
  bigrams: false,
};

/** What fitting counts per term: documents holding it, occurrences, and the last document seen. */
interface TermCounts {
  df: number;
  total: number;
  lastDoc: number;
}

/**
 * Learns the vocabulary (terms in at least minDf documents and at most maxDfShare of them, then the
 * maxFeatures most frequent, ties by term) and idf = ln((1 + n) / (1 + df)) + 1.
 */
export function fitTfidf(docs: readonly (readonly string[])[], options: TfidfOptions = {}): TfidfModel {
  const settings = validateOptions({ ...TFIDF_DEFAULTS, ...options });
  const counts = new Map<string, TermCounts>();
  docs.forEach((doc, d) => {
    for (const term of termsOf(doc, settings.bigrams)) {
      const entry = counts.get(term);
      if (entry === undefined) counts.set(term, { df: 1, total: 1, lastDoc: d });
      else {
        entry.total++;
        if (entry.lastDoc !== d) {
          entry.df++;
          entry.lastDoc = d;
        }
      }
    }
  });
  const maxDf = settings.maxDfShare * docs.length;
  let kept = [...counts.keys()]
    .filter((term) => {
      const { df } = counts.get(term) as TermCounts;
      return df >= settings.minDf && df <= maxDf;
    })
    .sort(byCodeUnits);
  if (settings.maxFeatures > 0 && kept.length > settings.maxFeatures) {
    const total = (term: string) => (counts.get(term) as TermCounts).total;
    // Sorting is stable, so equal totals stay in term order.
    kept = kept
      .sort((a, b) => total(b) - total(a))
      .slice(0, settings.maxFeatures)
      .sort(byCodeUnits);
  }
  if (kept.length === 0)
    throw new NudgeError(
      "INPUT_INVALID",
      "no terms remain for TF-IDF: too few documents or too strict a minDf",
      {
        documents: docs.length,
        minDf: settings.minDf,
        maxDfShare: settings.maxDfShare,
      },
    );
  const idf = kept.map((term) => Math.log((1 + docs.length) / (1 + (counts.get(term) as TermCounts).df)) + 1);
  return { vocabulary: kept, idf, options: settings };
}

/** Columns of a model's terms, built once per model object. */
const columnsByModel = new WeakMap<TfidfModel, Map<string, number>>();

function columnsOf(model: TfidfModel): Map<string, number> {
  let columns = columnsByModel.get(model);
  if (columns === undefined) {
    columns = new Map(model.vocabulary.map((term, column) => [term, column]));
    columnsByModel.set(model, columns);
  }
  return columns;
}

/**
 * The L2-normalized TF-IDF rows of documents, one per document. Terms outside the vocabulary are
 * ignored; a document with none of its terms gives an empty row.
 */
export function transformTfidf(model: TfidfModel, docs: readonly (readonly string[])[]): SparseRows {
  const columns = columnsOf(model);
  const { bigrams, sublinearTf } = model.options;
  const cols = model.vocabulary.length;
  const bound = docs.reduce((sum, doc) => sum + (bigrams ? 2 * doc.length : doc.length), 0);
  const indptr = new Int32Array(docs.length + 1);
  const indices = new Int32Array(bound);
  const values = new Float32Array(bound);
  const tf = new Float64Array(cols);
  let nnz = 0;
  docs.forEach((doc, d) => {
    const start = nnz;
    for (const term of termsOf(doc, bigrams)) {
      const column = columns.get(term);
      if (column === undefined) continue;
      if (tf[column] === 0) indices[nnz++] = column;
      tf[column] = (tf[column] as number) + 1;
    }
    indices.subarray(start, nnz).sort();
    // tf[column] becomes the term's weight, then goes back to 0 for the next document.
    let squares = 0;
    for (let k = start; k < nnz; k++) {
      const column = indices[k] as number;
      const count = tf[column] as number;
      const weight = (sublinearTf ? 1 + Math.log(count) : count) * (model.idf[column] as number);
      tf[column] = weight;
      squares += weight * weight;
    }
    const norm = Math.sqrt(squares);
    for (let k = start; k < nnz; k++) {
      const column = indices[k] as number;
      values[k] = (tf[column] as number) / norm;
      tf[column] = 0;
    }
    indptr[d + 1] = nnz;
  });
  return { rows: docs.length, cols, indptr, indices: indices.slice(0, nnz), values: values.slice(0, nnz) };
}

/** A document's terms: its tokens, then (when asked) the bigrams of adjacent tokens. */
function termsOf(doc: readonly string[], bigrams: boolean): readonly string[] {
  if (!bigrams || doc.length < 2) return doc;
  const terms = [...doc];
  for (let i = 1; i < doc.length; i++) terms.push(`${doc[i - 1]} ${doc[i]}`);
  return terms;
}

/** Code-unit order (what `<` compares), fixed so that the vocabulary never depends on the locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validateOptions(options: Required<TfidfOptions>): Required<TfidfOptions> {
  const { minDf, maxDfShare, maxFeatures } = options;
  if (!Number.isInteger(minDf) || minDf < 1)
    throw new NudgeError("INPUT_INVALID", `TF-IDF minDf must be a whole number ≥ 1, not ${minDf}`);
  if (!(maxDfShare > 0 && maxDfShare <= 1))
    throw new NudgeError("INPUT_INVALID", `TF-IDF maxDfShare must be in (0, 1], not ${maxDfShare}`);
  if (!Number.isInteger(maxFeatures) || maxFeatures < 0)
    throw new NudgeError(
      "INPUT_INVALID",
      `TF-IDF maxFeatures must be a whole number ≥ 0, not ${maxFeatures}`,
    );
  return options;
}
