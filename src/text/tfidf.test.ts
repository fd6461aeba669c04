import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fitTfidf, type TfidfModel, type TfidfOptions, transformTfidf } from "./tfidf.js";

interface Fixture {
  train: string[][];
  test: string[][];
  cases: {
    name: string;
    options: TfidfOptions;
    vocabulary: string[];
    idf: number[];
    indptr: number[];
    indices: number[];
    values: number[];
  }[];
}

/** scikit-learn 1.2.1's TfidfVectorizer on the same tokens (fixtures/tfidf-sklearn.py writes it). */
const fixture = JSON.parse(
  readFileSync(new URL("./fixtures/tfidf-sklearn.json", import.meta.url), "utf8"),
) as Fixture;
const TOLERANCE = 1e-6;

describe("TF-IDF against scikit-learn's TfidfVectorizer", () => {
  it.each(fixture.cases)("$name", (c) => {
    const model = fitTfidf(fixture.train, c.options);
    expect(model.vocabulary).toEqual(c.vocabulary);
    model.idf.forEach((idf, i) => {
      expect(Math.abs(idf - (c.idf[i] as number))).toBeLessThan(TOLERANCE);
    });
    const rows = transformTfidf(model, fixture.test);
    expect(rows.rows).toBe(fixture.test.length);
    expect(rows.cols).toBe(c.vocabulary.length);
    expect([...rows.indptr]).toEqual(c.indptr);
    expect([...rows.indices]).toEqual(c.indices);
    rows.values.forEach((value, k) => {
      expect(Math.abs(value - (c.values[k] as number))).toBeLessThan(TOLERANCE);
    });
  });
});

describe("TF-IDF", () => {
  const docs = [["a", "b", "b"], ["b", "c"], []];

  it("gives unit rows with indices ascending, and empty rows for empty or unseen documents", () => {
    const model = fitTfidf(docs);
    const rows = transformTfidf(model, [["c", "b", "a", "a"], [], ["zzz"]]);
    expect([...rows.indptr]).toEqual([0, 3, 3, 3]);
    expect([...rows.indices]).toEqual([0, 1, 2]);
    const squares = [...rows.values].reduce((sum, v) => sum + v * v, 0);
    expect(squares).toBeCloseTo(1, 6);
  });

  it("reads a model stored before hanNgrams existed as one without character n-grams", () => {
    const chinese = [["股市", "上涨"], ["基金"]];
    const { hanNgrams, ...older } = fitTfidf(chinese).options;
    expect(hanNgrams).toBe(0);
    const legacy = { ...fitTfidf(chinese), options: older } as TfidfModel;
    expect(transformTfidf(legacy, chinese)).toEqual(transformTfidf(fitTfidf(chinese), chinese));
  });

  it("is plain JSON: a model read back transforms the same", () => {
    const model = fitTfidf(docs, { bigrams: true });
    const copy = JSON.parse(JSON.stringify(model));
    expect(copy).toEqual(model);
    expect(transformTfidf(copy, docs)).toEqual(transformTfidf(model, docs));
  });

  it("rejects options it cannot honour, and a corpus with no terms left", () => {
    expect(() => fitTfidf(docs, { minDf: 0 })).toThrow(/minDf/);
    expect(() => fitTfidf(docs, { maxDfShare: 0 })).toThrow(/maxDfShare/);
    expect(() => fitTfidf(docs, { maxFeatures: 1.5 })).toThrow(/maxFeatures/);
    expect(() => fitTfidf(docs, { hanNgrams: 5 })).toThrow(/hanNgrams/);
    expect(() => fitTfidf(docs, { hanNgrams: -1 })).toThrow(/hanNgrams/);
    expect(() => fitTfidf(docs, { minDf: 3 })).toThrow(/no terms remain/);
    expect(() => fitTfidf([])).toThrow(/no terms remain/);
  });
});
