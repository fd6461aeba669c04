/**
 * Keyword → product category, Chinese and English (dictionary.json, editable). A text is scanned left to
 * right taking the longest keyword at each place (定期寿险 before 定期, so a term-life message is not a
 * deposit one); English keywords match case-insensitively, as whole words, with an optional plural s.
 * Each hit scores its keyword's length for its category; the highest score wins, a tie or no hit is null.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import shipped from "./dictionary.json" with { type: "json" };

/** Category → its keywords, as written in the dictionary file. */
export type CategoryDictionary = Readonly<Record<string, readonly string[]>>;

/** What the dictionary says about one text. */
export interface DictionaryVerdict {
  /** The category with the highest score; null when nothing matched or the top scores tie. */
  category: string | null;
  /** Every category of the dictionary, with the summed length of its keywords found (0 when none). */
  scores: Record<string, number>;
  /** The keywords found, in order of first appearance, each once. */
  matched: string[];
}

interface Keyword {
  /** Lower case, as compared. */
  key: string;
  word: string;
  category: string;
}

/** A compiled dictionary: keywords grouped by first character, longest first. */
export interface KeywordIndex {
  categories: readonly string[];
  byFirst: ReadonlyMap<string, readonly Keyword[]>;
}

const schema = z.record(z.string().min(1), z.array(z.string().trim().min(1)).min(1));
const LATIN_WORD_CHAR = /[a-z0-9]/;
const PLURAL = "s";

/** Checks a dictionary, naming the category and keyword that are wrong; a keyword may have one category. */
export function validateDictionary(input: unknown, origin = "dictionary"): CategoryDictionary {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const [category, index] = issue.path;
    const where = category === undefined ? "(file)" : `category '${String(category)}'`;
    const at = index === undefined ? "" : ` keyword ${String(index)}`;
    throw new NudgeError("INPUT_INVALID", `${origin}: ${where}${at}: ${issue.message}`, {
      path: issue.path.map(String),
    });
  }
  const owner = new Map<string, string>();
  for (const [category, words] of Object.entries(parsed.data))
    for (const word of words) {
      const key = word.toLowerCase();
      const other = owner.get(key);
      if (other !== undefined)
        throw new NudgeError(
          "INPUT_INVALID",
          `${origin}: keyword '${word}' is in both '${other}' and '${category}'`,
          { keyword: word, categories: [other, category] },
        );
      owner.set(key, category);
    }
  return parsed.data;
}

/** Reads and checks a dictionary file; without a path, the shipped dictionary.json. */
export function loadDictionary(path?: string): CategoryDictionary {
  if (path === undefined) return DEFAULT_DICTIONARY;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new NudgeError("INPUT_UNREADABLE", `cannot read dictionary ${path}: ${(error as Error).message}`);
  }
  return validateDictionary(data, path);
}

/** Compiles a dictionary for scanning. */
export function indexDictionary(dictionary: CategoryDictionary): KeywordIndex {
  const byFirst = new Map<string, Keyword[]>();
  for (const [category, words] of Object.entries(dictionary))
    for (const word of words) {
      const key = word.toLowerCase();
      const first = key[0] as string;
      byFirst.set(first, [...(byFirst.get(first) ?? []), { key, word, category }]);
    }
  for (const list of byFirst.values()) list.sort((a, b) => b.key.length - a.key.length);
  return { categories: Object.keys(dictionary), byFirst };
}

/** The shipped dictionary (src/text/extract/dictionary.json). */
export const DEFAULT_DICTIONARY: CategoryDictionary = validateDictionary(shipped, "dictionary.json");
const DEFAULT_INDEX = indexDictionary(DEFAULT_DICTIONARY);

/** The category a text's keywords point to, with every category's score and the keywords found. */
export function dictionaryCategory(text: string, index: KeywordIndex = DEFAULT_INDEX): DictionaryVerdict {
  const lower = text.toLowerCase();
  const scores: Record<string, number> = Object.fromEntries(index.categories.map((c) => [c, 0]));
  const matched = new Set<string>();
  let at = 0;
  while (at < lower.length) {
    const hit = longestAt(lower, at, index);
    if (hit === null) {
      at++;
      continue;
    }
    scores[hit.keyword.category] = (scores[hit.keyword.category] ?? 0) + hit.keyword.key.length;
    matched.add(hit.keyword.word);
    at += hit.length;
  }
  return { category: winner(scores), scores, matched: [...matched] };
}

function longestAt(
  lower: string,
  at: number,
  index: KeywordIndex,
): { keyword: Keyword; length: number } | null {
  const candidates = index.byFirst.get(lower[at] as string);
  if (candidates === undefined || (isLatin(lower[at - 1]) && isLatin(lower[at]))) return null;
  for (const keyword of candidates) {
    if (!lower.startsWith(keyword.key, at)) continue;
    const length = wholeWordLength(lower, at, keyword.key);
    if (length !== null) return { keyword, length };
  }
  return null;
}

/** The length consumed when the keyword ends a word here (with a plural s for Latin words), else null. */
function wholeWordLength(lower: string, at: number, key: string): number | null {
  const end = at + key.length;
  if (!isLatin(key[key.length - 1]) || !isLatin(lower[end])) return key.length;
  if (lower[end] === PLURAL && !isLatin(lower[end + 1])) return key.length + 1;
  return null;
}

function isLatin(c: string | undefined): boolean {
  return c !== undefined && LATIN_WORD_CHAR.test(c);
}

function winner(scores: Record<string, number>): string | null {
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (first === undefined || first[1] === 0 || (second !== undefined && second[1] === first[1])) return null;
  return first[0];
}
