/**
 * The terms that characterize one message: its highest TF-IDF weights under a fitted model, numbers
 * left out (an amount or a rate says little about what a message is about).
 */
import { type TfidfModel, transformTfidf } from "./tfidf.js";

/** One keyword and its weight in the message's L2-normalized TF-IDF row. */
export interface Keyword {
  term: string;
  weight: number;
}

/** Numbers as `tokenize` writes them: "60", "3.5%", "1000". */
const NUMBER = /^\d+(?:\.\d+)?%?$/;

/** The n terms of a tokenized message with the highest TF-IDF weight, ties by term; no pure numbers. */
export function topKeywords(model: TfidfModel, tokens: readonly string[], n: number): Keyword[] {
  const row = transformTfidf(model, [tokens]);
  const keywords: Keyword[] = [];
  for (let k = 0; k < row.indices.length; k++) {
    const term = model.vocabulary[row.indices[k] as number] as string;
    if (!NUMBER.test(term)) keywords.push({ term, weight: row.values[k] as number });
  }
  keywords.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
  return keywords.slice(0, Math.max(0, n));
}
