/**
 * Tokens of a short message, Chinese and English mixed: jieba (default dictionary plus the financial
 * terms of `finance-dict.ts`, no HMM) segments the text, then numbers that jieba cuts apart are joined
 * again ("3", ".", "5", "%" → "3.5%"; "1", ",", "000" → "1000"), Latin words are lowercased, whitespace,
 * punctuation and emoji are dropped, and so are stop words unless asked to keep them.
 */
import { createRequire } from "node:module";
import type { Jieba } from "@node-rs/jieba";
import { financeDictionary } from "./finance-dict.js";
import { isStopWord } from "./stopwords.js";

/** How `tokenize` treats stop words. */
export interface TokenizeOptions {
  /** Drop stop words (default true). */
  stopWords?: boolean;
}

/**
 * No HMM for words outside the dictionaries: it guesses new words from character statistics, which is
 * slower and glues unrelated characters of short messages together.
 */
const USE_HMM = false;
const DIGITS = /^\d+$/;
/** English negations written short: "can't", "won't" and "…n't" become "can not", "will not", "… not". */
const SHORT_NEGATION = /\b(?:(can)|(won)|(\p{L}+?)n)['’]t\b/giu;
const THOUSANDS_GROUP = /^\d{3}$/;
/** A token worth keeping holds at least one letter or digit (any script). */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

let shared: Jieba | undefined;

/**
 * The one jieba instance of the process, created on first use: loading the native module and its
 * 5 MB default dictionary takes tens of milliseconds, which importing this module should not cost.
 */
export function sharedJieba(): Jieba {
  if (shared === undefined) {
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require("@node-rs/jieba") as typeof import("@node-rs/jieba");
    const { dict } = require("@node-rs/jieba/dict.js") as typeof import("@node-rs/jieba/dict.js");
    const jieba = JiebaClass.withDict(dict);
    jieba.loadDict(Buffer.from(financeDictionary()));
    shared = jieba;
  }
  return shared;
}

/** The tokens of a text, in order (see the module comment for what is kept). */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  if (text.length === 0) return [];
  const dropStopWords = options.stopWords ?? true;
  // NFKC makes full-width digits, letters and signs ("３．５％", "ＡＢＣ") their ASCII forms.
  const pieces = sharedJieba().cut(expandNegations(text.normalize("NFKC")), USE_HMM);
  const tokens: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as string;
    if (DIGITS.test(piece)) {
      const number = joinNumber(pieces, i);
      tokens.push(number.token);
      i = number.last;
    } else if (WORD_CHARACTER.test(piece)) {
      const token = piece.toLowerCase();
      if (!(dropStopWords && isStopWord(token))) tokens.push(token);
    }
  }
  return tokens;
}

/**
 * The text with English negations written out, so that "don't" gives the token "not" (kept: it turns a
 * message around) instead of "don" and "t".
 */
export function expandNegations(text: string): string {
  if (!text.includes("'") && !text.includes("’")) return text;
  return text.replace(SHORT_NEGATION, (_, can, won, stem) =>
    can ? "can not" : won ? "will not" : `${stem} not`,
  );
}

/**
 * The number that starts at pieces[first] (all digits): thousands groups, one decimal part and a percent
 * sign that follow are joined to it. Gives the number and the index of its last piece.
 */
export function joinNumber(pieces: readonly string[], first: number): { token: string; last: number } {
  let token = pieces[first] as string;
  let last = first;
  while (pieces[last + 1] === "," && THOUSANDS_GROUP.test(pieces[last + 2] ?? "")) {
    token += pieces[last + 2];
    last += 2;
  }
  if (pieces[last + 1] === "." && DIGITS.test(pieces[last + 2] ?? "")) {
    token += `.${pieces[last + 2]}`;
    last += 2;
  }
  if (pieces[last + 1] === "%") {
    token += "%";
    last += 1;
  }
  return { token, last };
}
