/**
 * When an offer runs and how long a product lasts. Dates: ISO (2026-12-31, 2026/12/31), Chinese
 * (2026年12月31日, 十二月三十一日) and English (31 December 2026, Dec 31); cue words make a date an end
 * (至, 截至, 前, until, by) or a start (起, from). A date without a year is written --MM-DD (ISO 8601's
 * year-less form) unless a reference year is given. Terms: 90天, 一年期, 三年定期, 3-year, 12-month
 * plan, term of 2 years; a year counts 365 days and a month 30. Input is already half-width.
 */
import { NUMBER_PATTERN, parseNumber } from "./numerals.js";

/** The period an offer is valid, ISO dates; null ends are open (即日起 = from now). */
export interface DateRange {
  from: string | null;
  to: string | null;
  text: string;
}

/** A product's term in days. */
export interface Term {
  days: number;
  text: string;
}

const DAYS_PER_YEAR = 365;
const DAYS_PER_MONTH = 30;
const DAYS_PER_WEEK = 7;
const MONTHS_PER_YEAR = 12;
const MAX_DAY_OF_MONTH = 31;

const MONTH_NAMES = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
] as const;
const MONTH_NAME = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const HAN_PART = "[〇零一二三四五六七八九十]{1,4}";
const ORDINAL = "(?:st|nd|rd|th)?";

/** Date shapes, each with named groups year, month (a number or an English name) and day. */
const DATE_SHAPES: readonly RegExp[] = [
  /(?<year>\d{4})[-/.](?<month>\d{1,2})[-/.](?<day>\d{1,2})/g,
  new RegExp(
    String.raw`(?:(?<year>\d{4}|${HAN_PART})年)?(?<month>\d{1,2}|${HAN_PART})月(?<day>\d{1,2}|${HAN_PART})[日号]`,
    "g",
  ),
  new RegExp(
    String.raw`\b(?<day>\d{1,2})${ORDINAL}\s+(?:of\s+)?(?<month>${MONTH_NAME})(?:,?\s+(?<year>\d{4}))?\b`,
    "gi",
  ),
  new RegExp(
    String.raw`\b(?<month>${MONTH_NAME})\s+(?<day>\d{1,2})${ORDINAL}(?:,?\s+(?<year>\d{4}))?\b`,
    "gi",
  ),
];

const RANGE_JOINER = /^\s*(?:起至|至|到|-|–|—|~|to|until|till|through|and)\s*$/i;
const END_BEFORE =
  /(?:即日起至|即日起到|截至|截止到?|至|到|\b(?:until|till|by|before|through|ends?(?: on)?|ending|expires?(?: on)?|valid (?:un)?till?|no later than))\s*$/i;
const START_BEFORE = /(?:自|从|\b(?:from|starting(?: on)?|starts(?: on)?|since|effective(?: from)?))\s*$/i;
const END_AFTER = /^\s*(?:前|之前|以前|止|截止|为止)/;
const START_AFTER = /^\s*(?:起|开始)/;

const UNIT_DAYS: Readonly<Record<string, number>> = {
  年: DAYS_PER_YEAR,
  个月: DAYS_PER_MONTH,
  月: DAYS_PER_MONTH,
  周: DAYS_PER_WEEK,
  天: 1,
  year: DAYS_PER_YEAR,
  month: DAYS_PER_MONTH,
  week: DAYS_PER_WEEK,
  day: 1,
};
const ENGLISH_COUNTS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12,
};
const ENGLISH_COUNT = String.raw`\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve`;
/** Term shapes, each with named groups count and unit. */
const TERM_SHAPES: readonly RegExp[] = [
  new RegExp(`期限(?:为)?(?<count>${NUMBER_PATTERN})(?<unit>年|个月|周|天)`, "gu"),
  new RegExp(`(?<![近过去])(?<count>${NUMBER_PATTERN})(?<unit>年|个月|月|周|天)(?:期|(?=定期|定存))`, "gu"),
  new RegExp(`(?<![近过去每])(?<count>${NUMBER_PATTERN})(?<unit>天)(?!内)`, "gu"),
  new RegExp(String.raw`\b(?<count>${ENGLISH_COUNT})-(?<unit>year|month|week|day)s?\b(?!-old)`, "gi"),
  new RegExp(
    String.raw`\b(?<count>${ENGLISH_COUNT})\s(?<unit>year|month|week|day)s?\s(?=term|plan|deposit|fixed|bond|cd\b)`,
    "gi",
  ),
  new RegExp(String.raw`\bterm of (?<count>${ENGLISH_COUNT})\s(?<unit>year|month|week|day)s?\b`, "gi"),
];

interface FoundDate {
  iso: string;
  start: number;
  end: number;
}

/** The validity period the text states, or null when it names no date. */
export function extractDateRange(text: string, original: string = text, year?: number): DateRange | null {
  const dates = findDates(text, year);
  const first = dates[0];
  if (first === undefined) return null;
  const second = dates[1];
  if (second !== undefined && RANGE_JOINER.test(text.slice(first.end, second.start))) {
    const start = cueStart(text, first.start, START_BEFORE) ?? first.start;
    return { from: first.iso, to: second.iso, text: original.slice(start, afterCueEnd(text, second.end)) };
  }
  const endCue = cueStart(text, first.start, END_BEFORE);
  const endAfter = END_AFTER.exec(text.slice(first.end));
  if (endCue !== null || endAfter) {
    const start = endCue ?? first.start;
    const end = first.end + (endAfter?.[0].length ?? 0);
    return { from: null, to: first.iso, text: original.slice(start, end).trim() };
  }
  const startCue = cueStart(text, first.start, START_BEFORE);
  const startAfter = START_AFTER.exec(text.slice(first.end));
  if (startCue !== null || startAfter) {
    const end = first.end + (startAfter?.[0].length ?? 0);
    return { from: first.iso, to: null, text: original.slice(startCue ?? first.start, end).trim() };
  }
  // A lone date with no cue reads as a one-day offer.
  return { from: first.iso, to: first.iso, text: original.slice(first.start, first.end) };
}

/** The product term the text states (the first one), or null. */
export function extractTerm(text: string, original: string = text): Term | null {
  let best: (Term & { at: number }) | null = null;
  for (const shape of TERM_SHAPES)
    for (const m of text.matchAll(shape)) {
      const { count = "", unit = "" } = m.groups ?? {};
      const n = ENGLISH_COUNTS[count.toLowerCase()] ?? parseNumber(count);
      const perUnit = UNIT_DAYS[unit.toLowerCase()];
      if (n === null || perUnit === undefined || (best !== null && best.at <= m.index)) continue;
      best = { days: n * perUnit, text: original.slice(m.index, m.index + m[0].length).trim(), at: m.index };
    }
  return best === null ? null : { days: best.days, text: best.text };
}

function findDates(text: string, year: number | undefined): FoundDate[] {
  const found: FoundDate[] = [];
  for (const shape of DATE_SHAPES)
    for (const m of text.matchAll(shape)) {
      const start = m.index;
      if (found.some((d) => start < d.end && d.start < start + m[0].length)) continue;
      const iso = isoDate(m.groups ?? {}, year);
      if (iso !== null) found.push({ iso, start, end: start + m[0].length });
    }
  return found.sort((a, b) => a.start - b.start);
}

function isoDate(groups: Record<string, string | undefined>, reference: number | undefined): string | null {
  const month = monthNumber(groups.month ?? "");
  const day = groups.day === undefined ? null : parseNumber(groups.day);
  const year = groups.year === undefined ? (reference ?? null) : parseNumber(groups.year);
  if (
    month === null ||
    day === null ||
    month < 1 ||
    month > MONTHS_PER_YEAR ||
    day < 1 ||
    day > MAX_DAY_OF_MONTH
  )
    return null;
  const mmdd = `${pad(month)}-${pad(day)}`;
  return year === null ? `--${mmdd}` : `${String(year).padStart(4, "0")}-${mmdd}`;
}

function monthNumber(text: string): number | null {
  const index = MONTH_NAMES.indexOf(text.slice(0, 3).toLowerCase() as (typeof MONTH_NAMES)[number]);
  return index >= 0 ? index + 1 : parseNumber(text);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Where a cue ending just before `at` starts, or null. */
function cueStart(text: string, at: number, cue: RegExp): number | null {
  const m = cue.exec(text.slice(0, at));
  return m ? m.index : null;
}

function afterCueEnd(text: string, end: number): number {
  return end + (END_AFTER.exec(text.slice(end))?.[0].length ?? 0);
}
