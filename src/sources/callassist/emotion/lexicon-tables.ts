/**
 * The phrase tables of the lexicon scorer, one per language, built once on first use: every entry keyed
 * by its tokens joined (no separator in Chinese, a space in English), so that a phrase jieba cuts into
 * pieces (别/再/打, "stop calling") matches the same pieces in a text. English sentiment words come from
 * AFINN-165 (the `sentiment` package's list, not its scorer). Chinese ones are the hand-curated lists of
 * lexicon-words-zh.ts, plus general word lists a deployment adds with `addSentimentWords` — HowNet and
 * NTUSD are free for research only, so Nudge does not ship them: scripts/build-lexicon.mjs turns a
 * licensed copy into the JSON that `NUDGE_ZH_LEXICON` names. The hand-curated lists override the added ones.
 */
import { createRequire } from "node:module";
import { tokenize } from "../../../text/index.js";
import { EN_DEGREE_WORDS, EN_DOMAIN_WORDS, EN_IRRITATION_WORDS, EN_NEGATORS } from "./lexicon-words-en.js";
import { ZH_DEGREE_WORDS, ZH_DOMAIN_WORDS, ZH_IRRITATION_WORDS, ZH_NEGATORS } from "./lexicon-words-zh.js";

export type LexiconLanguage = "zh" | "en";

/** What a phrase of the table is. */
export type LexiconEntry =
  | { kind: "sentiment"; weight: number; irritation: boolean }
  | { kind: "neutral" }
  | { kind: "negator" }
  | { kind: "degree"; factor: number };

export interface LexiconTable {
  entries: ReadonlyMap<string, LexiconEntry>;
  /** How the tokens of a phrase are joined into its key. */
  separator: string;
}

/** The most tokens a phrase spans (不要/再/打, "leave me alone"); the scorer tries no longer ones. */
export const MAX_PHRASE_TOKENS = 4;

/**
 * The weight of a word of an added general list (HowNet, NTUSD: lists without strength): 2, the AFINN weight of
 * plain words such as "satisfied" or "upset".
 */
export const ZH_LIST_WEIGHT = 2;

const tables = new Map<LexiconLanguage, LexiconTable>();
const added: Record<LexiconLanguage, { positive: Set<string>; negative: Set<string> }> = {
  zh: { positive: new Set(), negative: new Set() },
  en: { positive: new Set(), negative: new Set() },
};

/** General sentiment words (weight ±ZH_LIST_WEIGHT) added to a language's table; the table is rebuilt. */
export function addSentimentWords(
  lang: LexiconLanguage,
  lists: { positive?: readonly string[]; negative?: readonly string[] },
): void {
  for (const word of lists.positive ?? []) added[lang].positive.add(word.trim());
  for (const word of lists.negative ?? []) added[lang].negative.add(word.trim());
  tables.delete(lang);
}

/** Words from general lists a deployment added, as ±ZH_LIST_WEIGHT sentiment entries. */
function addedWords(lang: LexiconLanguage): Map<string, number> {
  const sentiment = new Map<string, number>();
  for (const word of added[lang].positive) if (word) sentiment.set(word, ZH_LIST_WEIGHT);
  for (const word of added[lang].negative) if (word) sentiment.set(word, -ZH_LIST_WEIGHT);
  return sentiment;
}

/** The table of a language, built on first use. */
export function lexiconTable(lang: LexiconLanguage): LexiconTable {
  let table = tables.get(lang);
  if (table === undefined) {
    table = lang === "zh" ? chineseTable() : englishTable();
    tables.set(lang, table);
  }
  return table;
}

function chineseTable(): LexiconTable {
  return assemble(
    { sentiment: addedWords("zh"), domain: ZH_DOMAIN_WORDS, irritation: ZH_IRRITATION_WORDS },
    ZH_NEGATORS,
    ZH_DEGREE_WORDS,
    "",
  );
}

function englishTable(): LexiconTable {
  const require = createRequire(import.meta.url);
  const afinn = require("sentiment/languages/en/labels.json") as Record<string, number>;
  return assemble(
    {
      sentiment: new Map([...Object.entries(afinn), ...addedWords("en")]),
      domain: EN_DOMAIN_WORDS,
      irritation: EN_IRRITATION_WORDS,
    },
    EN_NEGATORS,
    EN_DEGREE_WORDS,
    " ",
  );
}

/** Sentiment words, overridden by the domain list, then the irritation list; function words win over all. */
function assemble(
  words: {
    sentiment: ReadonlyMap<string, number>;
    domain: Readonly<Record<string, number>>;
    irritation: Readonly<Record<string, number>>;
  },
  negators: readonly string[],
  degrees: Readonly<Record<string, number>>,
  separator: string,
): LexiconTable {
  const entries = new Map<string, LexiconEntry>();
  const put = (phrase: string, entry: LexiconEntry) => {
    const key = phraseKey(phrase, separator);
    if (key !== "") entries.set(key, entry);
  };
  // A neutral entry is matched and skipped: "good morning" must not leave "good" to match alone.
  const sentiment = (weight: number, irritation: boolean): LexiconEntry =>
    weight === 0 ? { kind: "neutral" } : { kind: "sentiment", weight, irritation };
  for (const [word, weight] of words.sentiment) put(word, sentiment(weight, false));
  for (const [word, weight] of Object.entries(words.domain)) put(word, sentiment(weight, false));
  for (const [word, weight] of Object.entries(words.irritation)) put(word, sentiment(weight, true));
  for (const word of negators) put(word, { kind: "negator" });
  for (const [word, factor] of Object.entries(degrees)) put(word, { kind: "degree", factor });
  const functionWords = new Set([...negators, ...Object.keys(degrees)]);
  for (const [key, entry] of entries)
    if (entry.kind === "sentiment" && composedOf(key, functionWords, separator)) entries.delete(key);
  return { entries, separator };
}

/**
 * Whether a key is only negators and degree words ("不太" is 不 + 太, not a sentiment word): the general
 * lists hold such compounds, which would otherwise swallow the negator before the word it negates.
 */
function composedOf(key: string, words: ReadonlySet<string>, separator: string): boolean {
  const units = separator === "" ? [...key] : key.split(separator);
  const reachable = [true];
  for (let end = 1; end <= units.length; end++)
    reachable[end] = units.some(
      (_, start) =>
        start < end && reachable[start] === true && words.has(units.slice(start, end).join(separator)),
    );
  return reachable[units.length] === true;
}

const PLAIN_WORD = /^[a-z]+$/;

/**
 * The key of a phrase as the scorer builds it from a text. A Chinese word is its own key (the scorer
 * joins pieces without a separator); an English phrase goes through the tokenizer ("can't stand" →
 * "can not stand"), a plain word needs not.
 */
function phraseKey(phrase: string, separator: string): string {
  if (separator === "" || PLAIN_WORD.test(phrase)) return phrase;
  return tokenize(phrase, { stopWords: false }).join(separator);
}
