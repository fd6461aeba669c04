/**
 * Who an offer is for: the age limits and the risk level the text states. Chinese bounds follow the
 * PRC Civil Code (art. 1259): 以上, 以下, 以内 include the number, 不满, 未满, 超过 exclude it, so
 * 60岁以下 is max 60 and 不满18岁 is max 17. English "under 30" and "over 65" exclude it (max 29, min 66);
 * "65 and over", "from age 60" include it. Ages are whole years. Risk levels run 1–5 as the product
 * shelf's risk_level and a portrait's risk_tolerance: R1–R5 / "risk level 3" first, then named levels
 * (低风险 1, 中低风险 2, 中风险 3, 中高风险 4, 高风险 5), then investor types a product suits (保守型 and
 * 谨慎型 1, 稳健型 2, 平衡型 3, 成长型 4, 进取型 and 激进型 5, the C1–C5 scale), then capital protection
 * (保本, capital guaranteed: 1). Input is already half-width.
 */

/** The ages an offer is for; a null end is open. */
export interface AgeRange {
  min: number | null;
  max: number | null;
  text: string;
}

import { parseNumber } from "./numerals.js";

/** Ages beyond this are not ages ("over 500 stores"). */
const MAX_AGE = 120;
const AGE_NUMBER = String.raw`\d{1,3}|[一二三四五六七八九十]{1,3}`;
const YEARS = "周?岁";

type Bound = (n: number) => { min?: number; max?: number };
const INCLUSIVE_MIN: Bound = (n) => ({ min: n });
const INCLUSIVE_MAX: Bound = (n) => ({ max: n });
const EXCLUSIVE_MIN: Bound = (n) => ({ min: n + 1 });
const EXCLUSIVE_MAX: Bound = (n) => ({ max: n - 1 });

/** Two-ended shapes, with groups low and high. */
const AGE_RANGES: readonly RegExp[] = [
  new RegExp(
    String.raw`(?<low>${AGE_NUMBER})(?:${YEARS})?\s*(?:至|到|-|–|~)\s*(?<high>${AGE_NUMBER})${YEARS}`,
    "gu",
  ),
  /\bage[sd]?\s+(?<low>\d{1,3})\s*(?:to|-|–|and)\s*(?<high>\d{1,3})\b/gi,
  /\bbetween (?:the )?ages? (?:of )?(?<low>\d{1,3}) and (?<high>\d{1,3})\b/gi,
  /\b(?<low>\d{1,3})\s*(?:to|-|–)\s*(?<high>\d{1,3})[- ]years?[- ]olds?\b/gi,
];
/** One-ended shapes, with group n; "bare" ones (under 30) need more evidence that they are ages. */
const AGE_BOUNDS: readonly [RegExp, Bound, "bare"?][] = [
  [new RegExp(`(?:年满|(?<![不未])满)(?<n>${AGE_NUMBER})${YEARS}`, "gu"), INCLUSIVE_MIN],
  [new RegExp(`(?:未满|不满|小于|低于)(?<n>${AGE_NUMBER})${YEARS}`, "gu"), EXCLUSIVE_MAX],
  [new RegExp(`(?:超过|大于|高于)(?<n>${AGE_NUMBER})${YEARS}`, "gu"), EXCLUSIVE_MIN],
  [new RegExp(`(?<n>${AGE_NUMBER})${YEARS}(?:及|或)?(?:以下|以内)`, "gu"), INCLUSIVE_MAX],
  [new RegExp(`(?<n>${AGE_NUMBER})${YEARS}(?:及|或)?(?:以上|起)`, "gu"), INCLUSIVE_MIN],
  [/\b(?:from|at)\s+(?:the\s+)?age\s+(?:of\s+)?(?<n>\d{1,3})\b/gi, INCLUSIVE_MIN],
  [
    /\bage[sd]?\s+(?<n>\d{1,3})\s*(?:\+|and (?:over|above|up|older)|or (?:over|above|older))/gi,
    INCLUSIVE_MIN,
  ],
  [/\bage[sd]?\s+(?<n>\d{1,3})\s+(?:and|or) (?:under|below|younger)/gi, INCLUSIVE_MAX],
  [/\b(?<n>\d{1,3}) (?:and|or) (?:over|above|older)\b/gi, INCLUSIVE_MIN],
  [
    /\b(?:under|below|younger than)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?(?<n>\d{1,3})(?!\d|,\d)/gi,
    EXCLUSIVE_MAX,
    "bare",
  ],
  [
    /\b(?:over|above|older than)\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?(?<n>\d{1,3})(?!\d|,\d)/gi,
    EXCLUSIVE_MIN,
    "bare",
  ],
];
/**
 * A bare "under 30" is an age only when the text has an age word, people stand just before it (seniors
 * over 65), or nothing but punctuation, a conjunction or "years" follows it (lower premiums under 30);
 * never "under 30 minutes" or "over 100 stores".
 */
const AGE_WORDS = /岁|\bage[sd]?\b|years? old|year-olds?/i;
const NOT_AGE_AFTER = /^(?:\.\d|\s?(?:%|k\b|yuan|minutes?|hours?|days?|months?))/i;
const PEOPLE_BEFORE =
  /\b(?:customers|clients|people|those|anyone|adults|seniors|investors|members|children|kids|applicants|you're|you are)\s*$/i;
const BARE_AGE_FOLLOWER = /^(?:s\b|\s*(?:$|[.,;:!?)]|(?:and|or|only|years?|yrs?)\b))/i;

const EXPLICIT_RISK =
  /(?<![A-Za-z0-9])P?R(?<level>[1-5])(?![0-9A-Za-z])|\brisk (?:level|rating|grade|class)\s*(?:of\s*)?(?<english>[1-5])\b|风险等级\s*(?:为|:)?\s*(?<han>[一二三四五])级?/i;
const NAMED_RISK: readonly [RegExp, number][] = [
  [/中低风险|\b(?:low[- ]to[- ]medium|medium[- ]low|low[- ]medium) risk/i, 2],
  [/中高风险|\b(?:medium[- ]to[- ]high|medium[- ]high) risk/i, 4],
  [/中风险|中等风险|\b(?:medium|moderate) risk/i, 3],
  [/低风险|\blow[- ]risk/i, 1],
  [/高风险|\bhigh[- ]risk/i, 5],
];
const INVESTOR_TYPES: readonly [RegExp, number][] = [
  [/(?:保守|谨慎)型(?=投资者|客户|用户|人群|及以上|以上|及)|\b(?:conservative|cautious) investors?/i, 1],
  [/稳健型(?=投资者|客户|用户|人群|及以上|以上|及)|\b(?:steady|moderate) investors?/i, 2],
  [/平衡型(?=投资者|客户|用户|人群|及以上|以上|及)|\bbalanced investors?/i, 3],
  [/成长型(?=投资者|客户|用户|人群|及以上|以上|及)|\bgrowth investors?/i, 4],
  [/(?:进取|激进)型(?=投资者|客户|用户|人群|及以上|以上|及)|\b(?:adventurous|aggressive) investors?/i, 5],
];
const CAPITAL_PROTECTED = /保本|\bcapital[- ](?:protected|guaranteed)/i;
const HAN_LEVELS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/** The age limits the text states, or null. Bounds from several phrases (18岁以上、60岁以下) combine. */
export function extractAgeRange(text: string, original: string = text): AgeRange | null {
  const hits: { min?: number; max?: number; start: number; end: number }[] = [];
  const taken = (start: number, end: number) => hits.some((h) => start < h.end && h.start < end);
  for (const shape of AGE_RANGES)
    for (const m of text.matchAll(shape)) {
      const low = ageOf(m.groups?.low);
      const high = ageOf(m.groups?.high);
      if (low === null || high === null || low > high || taken(m.index, m.index + m[0].length)) continue;
      hits.push({ min: low, max: high, start: m.index, end: m.index + m[0].length });
    }
  for (const [shape, bound, bare] of AGE_BOUNDS)
    for (const m of text.matchAll(shape)) {
      const n = ageOf(m.groups?.n);
      const end = m.index + m[0].length;
      if (n === null || taken(m.index, end) || (bare && !bareAge(text, m.index, end))) continue;
      hits.push({ ...bound(n), start: m.index, end });
    }
  if (hits.length === 0) return null;
  const min = Math.max(...hits.map((h) => h.min ?? Number.NEGATIVE_INFINITY));
  const max = Math.min(...hits.map((h) => h.max ?? Number.POSITIVE_INFINITY));
  const start = Math.min(...hits.map((h) => h.start));
  const end = Math.max(...hits.map((h) => h.end));
  return {
    min: Number.isFinite(min) ? min : null,
    max: Number.isFinite(max) ? max : null,
    text: original.slice(start, end),
  };
}

/** The risk level (1–5) the text states or implies, or null. */
export function extractRiskLevel(text: string): number | null {
  const explicit = EXPLICIT_RISK.exec(text);
  if (explicit?.groups) {
    const { level, english, han } = explicit.groups;
    return level !== undefined || english !== undefined
      ? Number(level ?? english)
      : (HAN_LEVELS[han ?? ""] ?? null);
  }
  for (const [pattern, level] of [...NAMED_RISK, ...INVESTOR_TYPES]) if (pattern.test(text)) return level;
  return CAPITAL_PROTECTED.test(text) ? 1 : null;
}

function ageOf(text: string | undefined): number | null {
  const n = text === undefined ? null : parseNumber(text);
  return n !== null && Number.isInteger(n) && n <= MAX_AGE ? n : null;
}

function bareAge(text: string, start: number, end: number): boolean {
  const after = text.slice(end);
  if (NOT_AGE_AFTER.test(after)) return false;
  return AGE_WORDS.test(text) || PEOPLE_BEFORE.test(text.slice(0, start)) || BARE_AGE_FOLLOWER.test(after);
}
