/**
 * Emotion of one customer utterance from sentiment words alone: the lexicon baseline that the combined
 * emotion model must beat. The text is cut into clauses at punctuation and each clause into tokens
 * (jieba, stop words kept: 不 and "not" matter here); the longest phrase of the language's table is
 * matched at each token. A negator flips the next sentiment word within NEGATION_WINDOW tokens (two
 * negators cancel, weakly), a degree word scales it, a question damps it. The summed weight is squashed
 * into −1…1; strongly negative text with irritation words, exclamations or repetition is "irritated".
 */
import { round4 } from "../../../core/index.js";
import { tokenize } from "../../../text/index.js";
import {
  type LexiconEntry,
  type LexiconLanguage,
  lexiconTable,
  MAX_PHRASE_TOKENS,
} from "./lexicon-tables.js";

export type LexiconLabel = "positive" | "neutral" | "negative" | "irritated";

/** One sentiment word found: its lexicon weight (AFINN units), whether negated, its degree factor. */
export interface LexiconHit {
  word: string;
  weight: number;
  negated: boolean;
  /** 1 without a degree word; below 1 for "有点", "a bit" or a negated intensifier ("不太", "not very"). */
  degree: number;
  /** An irritation word ("别再打", "stop calling"). */
  irritation: boolean;
}

export interface LexiconScore {
  /** −1 (very negative) … 1 (very positive). */
  score: number;
  label: LexiconLabel;
  /** 0 … 1: |score|, raised by exclamation marks and repetition. */
  intensity: number;
  hits: LexiconHit[];
  lang: LexiconLanguage;
}

/** Summed weight (AFINN units) at which the score reaches tanh(1) ≈ 0.76: one "great" gives 0.64. */
export const SCORE_SCALE = 4;
/** |score| from which a text is positive or negative rather than neutral. */
export const POLARITY_THRESHOLD = 0.2;
/** Score at or below which exclamations or repetition alone make a negative text irritated. */
export const STRONG_NEGATIVE = -0.5;
/** A negator reaches a sentiment word at most this many tokens after it ("do not think it's good"). */
export const NEGATION_WINDOW = 4;
/** A degree word reaches a sentiment word at most this many tokens after it ("非常/不/满意"). */
export const DEGREE_WINDOW = 2;
/** "Not good" is nearly as bad as "good" is good… */
export const NEGATED_POSITIVE = -0.8;
/** …but "not bad" is only mildly good. */
export const NEGATED_NEGATIVE = -0.5;
/** Two negators keep the sign, weakened: "不是不满意" is not quite "满意". */
export const DOUBLE_NEGATION = 0.5;
/** Sentiment words in a question ("is it safe?") say less about the speaker's mood. */
export const QUESTION_DAMPING = 0.5;
/** Intensity gained per exclamation mark, counted up to MAX_EXCLAMATIONS. */
export const EXCLAMATION_BOOST = 0.15;
export const MAX_EXCLAMATIONS = 3;
/** Intensity gained when words are repeated ("别打了别打了", "no, no, no"). */
export const REPETITION_BOOST = 0.2;
/** Share of Han characters among letters from which a text is Chinese. */
export const HAN_SHARE_FOR_ZH = 0.3;

/** Clause ends: punctuation, but not the dot or comma inside a number (3.5%, 1,000). */
const CLAUSE_END = /((?:[;:!?。、…\n]|[,.](?!\d))+)/u;
const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;
const QUESTION_PARTICLE = /吗\s*$/u;
/** The longest repeated run of tokens looked for ("别/打/了 别/打/了"). */
const MAX_REPEATED_RUN = 3;

/** Scores one utterance; the language is detected when not given. */
export function lexiconEmotion(text: string, lang: LexiconLanguage = detectLanguage(text)): LexiconScore {
  const normalized = text.normalize("NFKC");
  const clauses = clausesOf(normalized);
  const hits: LexiconHit[] = [];
  let sum = 0;
  for (const clause of clauses) sum += scoreClause(clause, lang, hits);
  const score = round4(Math.tanh(sum / SCORE_SCALE));
  const exclamations = Math.min(MAX_EXCLAMATIONS, (normalized.match(/!/g) ?? []).length);
  const repetition = hasRepetition(clauses.flatMap((c) => c.tokens));
  const boost = 1 + EXCLAMATION_BOOST * exclamations + (repetition ? REPETITION_BOOST : 0);
  return {
    score,
    label: labelOf(score, hits, exclamations > 0 || repetition),
    intensity: round4(Math.min(1, Math.abs(score) * boost)),
    hits,
    lang,
  };
}

/** "zh" when Han characters are at least HAN_SHARE_FOR_ZH of the letters, else "en". */
export function detectLanguage(text: string): LexiconLanguage {
  const han = (text.match(HAN) ?? []).length;
  const latin = (text.match(LATIN) ?? []).length;
  return han > 0 && han >= HAN_SHARE_FOR_ZH * (han + latin) ? "zh" : "en";
}

interface Clause {
  tokens: string[];
  question: boolean;
}

function clausesOf(text: string): Clause[] {
  const parts = text.split(CLAUSE_END);
  const clauses: Clause[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const words = parts[i] as string;
    const end = parts[i + 1] ?? "";
    const tokens = tokenize(words, { stopWords: false });
    if (tokens.length > 0)
      clauses.push({ tokens, question: end.includes("?") || QUESTION_PARTICLE.test(words) });
  }
  return clauses;
}

/** Adds the clause's hits and gives its summed contribution. */
function scoreClause(clause: Clause, lang: LexiconLanguage, hits: LexiconHit[]): number {
  const table = lexiconTable(lang);
  let negators: number[] = [];
  let degree: { at: number; factor: number } | null = null;
  let sum = 0;
  for (let at = 0; at < clause.tokens.length; ) {
    const match = longestMatch(clause.tokens, at, table.entries, table.separator);
    if (match === null) {
      at++;
      continue;
    }
    const { key, span, entry } = match;
    if (entry.kind === "negator") negators.push(at);
    else if (entry.kind === "degree") degree = { at, factor: entry.factor };
    else if (entry.kind === "sentiment") {
      const active = negators.filter((p) => at - p <= NEGATION_WINDOW);
      const scale = degree !== null && at - degree.at <= DEGREE_WINDOW ? degreeScale(degree, active) : 1;
      const polarity = negationFactor(active.length, entry.weight);
      sum += entry.weight * scale * polarity * (clause.question ? QUESTION_DAMPING : 1);
      hits.push({
        word: key,
        weight: entry.weight,
        negated: active.length % 2 === 1,
        degree: round4(scale),
        irritation: entry.irritation,
      });
      negators = [];
      degree = null;
    }
    at += span;
  }
  return sum;
}

/** An intensifier after a negator softens instead ("不太满意", "not very good"). */
function degreeScale(degree: { at: number; factor: number }, negators: readonly number[]): number {
  return negators.some((p) => p < degree.at) ? 1 / degree.factor : degree.factor;
}

function negationFactor(negators: number, weight: number): number {
  if (negators === 0) return 1;
  if (negators % 2 === 0) return DOUBLE_NEGATION;
  return weight > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE;
}

function longestMatch(
  tokens: readonly string[],
  at: number,
  entries: ReadonlyMap<string, LexiconEntry>,
  separator: string,
): { key: string; span: number; entry: LexiconEntry } | null {
  for (let span = Math.min(MAX_PHRASE_TOKENS, tokens.length - at); span >= 1; span--) {
    const key = tokens.slice(at, at + span).join(separator);
    const entry = entries.get(key);
    if (entry !== undefined) return { key, span, entry };
  }
  return null;
}

/** Whether a run of one to MAX_REPEATED_RUN tokens comes twice in a row. */
export function hasRepetition(tokens: readonly string[]): boolean {
  for (let run = 1; run <= MAX_REPEATED_RUN; run++)
    for (let end = 2 * run; end <= tokens.length; end++) {
      let same = true;
      for (let k = 1; k <= run && same; k++) same = tokens[end - k] === tokens[end - run - k];
      if (same) return true;
    }
  return false;
}

function labelOf(score: number, hits: readonly LexiconHit[], emphatic: boolean): LexiconLabel {
  if (score >= POLARITY_THRESHOLD) return "positive";
  if (score > -POLARITY_THRESHOLD) return "neutral";
  const irritationWord = hits.some((h) => h.irritation && !h.negated);
  return irritationWord || (score <= STRONG_NEGATIVE && emphatic) ? "irritated" : "negative";
}
