/**
 * TF-IDF over tokenized documents, as scikit-learn's TfidfVectorizer computes it (smooth idf, optional
 * sublinear tf, L2 rows): `fitTfidf` learns the vocabulary and the inverse document frequencies,
 * `transformTfidf` turns documents into sparse rows. Optionally adds adjacent-token bigrams and Chinese
 * character n-grams (`han-ngrams.ts`) as terms. The model is plain JSON, for the model registry.
 */
import { NudgeError } from "../core/index.js";
import { appendHanNgrams, hanNgramBound } from "./han-ngrams.js";

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
  /**
   * Add the character n-grams, n = 1..hanNgrams, of runs of adjacent Chinese tokens as terms (default 0:
   * none). Models stored before this option existed lack it and mean 0.
   */
  hanNgrams?: number;
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
  hanNgrams: 0,
};

/** Longest Chinese character n-gram accepted (longer ones are rare and only grow the vocabulary). */
const MAX_HAN_NGRAMS = 4;

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
    for (const term of termsOf(doc, settings.bigrams, settings.hanNgrams)) {
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

/**
 * What transforming with a model needs besides the model, built once per model object: the column of each
 * term, and a term-count array as wide as the vocabulary that every transform leaves all zero. Reusing it
 * matters for one-message calls: allocating and zeroing it per call cost more than the message itself on
 * a vocabulary of 80,000 terms.
 */
interface TransformState {
  columns: Map<string, number>;
  tf: Float64Array;
}

const stateByModel = new WeakMap<TfidfModel, TransformState>();

function transformStateOf(model: TfidfModel): TransformState {
  let state = stateByModel.get(model);
  if (state === undefined) {
    state = {
      columns: new Map(model.vocabulary.map((term, column) => [term, column])),
      tf: new Float64Array(model.vocabulary.length),
    };
    stateByModel.set(model, state);
  }
  return state;
}

/**
 * The L2-normalized TF-IDF rows of documents, one per document. Terms outside the vocabulary are
 * ignored; a document with none of its terms gives an empty row.
 */
export function transformTfidf(model: TfidfModel, docs: readonly (readonly string[])[]): SparseRows {
  const { columns, tf } = transformStateOf(model);
  const { bigrams, sublinearTf } = model.options;
  const hanNgrams = model.options.hanNgrams ?? 0;
  const cols = model.vocabulary.length;
  const bound = docs.reduce(
    (sum, doc) => sum + (bigrams ? 2 * doc.length : doc.length) + hanNgramBound(doc, hanNgrams),
    0,
  );
  const indptr = new Int32Array(docs.length + 1);
  const indices = new Int32Array(bound);
  const values = new Float32Array(bound);
  let nnz = 0;
  docs.forEach((doc, d) => {
    const start = nnz;
    for (const term of termsOf(doc, bigrams, hanNgrams)) {
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

/** A document's terms: its tokens, then (when asked) adjacent-token bigrams and Chinese character n-grams. */
function termsOf(doc: readonly string[], bigrams: boolean, hanNgrams: number): readonly string[] {
  if ((!bigrams || doc.length < 2) && hanNgrams === 0) return doc;
  const terms = [...doc];
  if (bigrams) for (let i = 1; i < doc.length; i++) terms.push(`${doc[i - 1]} ${doc[i]}`);
  return appendHanNgrams(doc, hanNgrams, terms);
}

/** Code-unit order (what `<` compares), fixed so that the vocabulary never depends on the locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validateOptions(options: Required<TfidfOptions>): Required<TfidfOptions> {
  const { minDf, maxDfShare, maxFeatures, hanNgrams } = options;
  if (!Number.isInteger(minDf) || minDf < 1)
    throw new NudgeError("INPUT_INVALID", `TF-IDF minDf must be a whole number ≥ 1, not ${minDf}`);
  if (!(maxDfShare > 0 && maxDfShare <= 1))
    throw new NudgeError("INPUT_INVALID", `TF-IDF maxDfShare must be in (0, 1], not ${maxDfShare}`);
  if (!Number.isInteger(maxFeatures) || maxFeatures < 0)
    throw new NudgeError(
      "INPUT_INVALID",
      `TF-IDF maxFeatures must be a whole number ≥ 0, not ${maxFeatures}`,
    );
  if (!Number.isInteger(hanNgrams) || hanNgrams < 0 || hanNgrams > MAX_HAN_NGRAMS)
    throw new NudgeError(
      "INPUT_INVALID",
      `TF-IDF hanNgrams must be a whole number from 0 to ${MAX_HAN_NGRAMS}, not ${hanNgrams}`,
    );
  return options;
}
