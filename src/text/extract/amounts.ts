/**
 * Money amounts and percentage rates in Chinese and English copy. An amount needs evidence that it is
 * money: a currency (元, 美元, ¥, USD, yuan), a Chinese scale (万, 亿), an English scale (million),
 * thousands separators, or an English cue before it (from, up to, starts at). Its role comes from cue
 * words around it: a floor (起存, 最低, 满, from, at least) or a cap (最高, 不超过, up to). Grams (1克) count,
 * in currency "g", because gold plans are priced in them. Input is already half-width.
 */
import { NUMBER_PATTERN, parseNumber, withoutFloatNoise } from "./numerals.js";

/** A money amount (or grams of gold) and the words it came from. */
export interface Amount {
  value: number;
  /** ISO 4217 code, "g" for grams, null when the text names no currency. */
  currency: string | null;
  text: string;
  role?: "minimum" | "maximum" | null;
}

/** A percentage (3.5 means 3.5%). */
export interface Rate {
  value: number;
  text: string;
  /** annual: interest or loan rate a year; return: yield or benchmark; fee: charge or commission. */
  kind?: "annual" | "fee" | "return" | null;
}

/** How far back (characters) a cue may stand from the number it qualifies: 最高可借30万元. */
const CUE_GAP = 4;
/** How far back (characters, within the clause) a rate looks for words naming its kind. */
const RATE_CONTEXT = 16;
const PER_TEN_THOUSAND_TO_PERCENT = 0.01;

const CURRENCIES: readonly [RegExp, string][] = [
  [/^(?:美元|usd|us\$|\$|dollars?)$/i, "USD"],
  [/^(?:港元|港币|hkd|hk\$)$/i, "HKD"],
  [/^(?:欧元|eur|€)$/i, "EUR"],
  [/^(?:英镑|gbp|£)$/i, "GBP"],
  [/^(?:日元|jpy)$/i, "JPY"],
  [/^(?:克|grams?|g)$/i, "g"],
  [/^(?:元|块|人民币|yuan|rmb|cny|¥|￥)$/i, "CNY"],
];
const ENGLISH_SCALES: Readonly<Record<string, number>> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
};

const AMOUNT = new RegExp(
  String.raw`(?<prefix>us\$|hk\$|[¥￥$€£]|(?:rmb|cny|usd|hkd|eur|gbp)\s?)?(?<number>${NUMBER_PATTERN})(?:\s?(?<scale>thousand|million|billion|mn|bn|k)\b)?(?<suffix>美元|港元|港币|欧元|英镑|日元|人民币|元|块|克|\s?(?:yuan|rmb|cny|usd|hkd|dollars?|grams?)\b)?`,
  "giu",
);
/** English words that make a bare number a price or a limit. */
const ENGLISH_AMOUNT_CUE =
  /\b(?:from|up to|starts? at|starting at|at least|minimum(?: of)?|min\.?|maximum(?: of)?|max\.?|as little as|no more than|spending|spend|only|just|borrow|invest|deposit)\s*$/i;
/** What may follow a bare number that is not money: a percentage, an age, a date, a count. */
const NOT_MONEY_AFTER =
  /^(?:\s?%|\s?(?:岁|周岁|年|个月|月|日|号|天|种|倍|次|折|期|分钟|小时|-|(?:st|nd|rd|th)\b|(?:years?|months?|days?|minutes?|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))/i;

const MINIMUM_BEFORE =
  /(?:最低|低至|至少|起购金额|起投金额|起购|起投|起存|不低于|满|\b(?:from|starts? at|starting at|at least|minimum(?: of)?|min\.?|as little as|as low as|spending|spend))$/i;
const MAXIMUM_BEFORE =
  /(?:最高|最多|至多|上限|不超过|不到|低于|\b(?:up to|maximum(?: of)?|max\.?|no more than|capped at|less than))$/i;
const MINIMUM_AFTER = /^(?:起存|起购|起投|起|以上|及以上|\s?(?:or more|and above|minimum)\b)/i;
const MAXIMUM_AFTER = /^(?:以内|以下|封顶|\s?(?:or less|maximum|max)\b)/i;

const RATE = new RegExp(
  String.raw`(?<number>\d+(?:\.\d+)?)\s?(?:%|per ?cent\b)|百分之(?<han>${NUMBER_PATTERN})`,
  "giu",
);
/** Broker shorthand: 佣金万一点五 = 1.5 per ten thousand = 0.015%. */
const PER_TEN_THOUSAND = new RegExp(
  String.raw`(?<=(?:佣金|费率|手续费)[^\d,.;。]{0,4})(?:万分之|万)(?<number>${NUMBER_PATTERN})`,
  "gu",
);
const RATE_KIND_WORDS: readonly [RegExp, NonNullable<Rate["kind"]>][] = [
  [/费率|手续费|申购费|赎回费|管理费|年费|佣金|\b(?:fees?|commission|charges?)\b/gi, "fee"],
  [/收益|基准|回报|\b(?:returns?|yields?)\b/gi, "return"],
  [/年化|年利率|利率|利息|\b(?:apr|interest|rates?|a year|per annum|p\.a\.)/gi, "annual"],
];
const ANNUAL_AFTER = /^\s?(?:apr\b|p\.a\.|a year\b|per annum\b|per year\b|年化)/i;
const CLAUSE_BREAK = /[,;:。!?，；：！？]/;

/** Every money amount in the text, in order. */
export function extractAmounts(text: string, original: string = text): Amount[] {
  const amounts: Amount[] = [];
  for (const m of text.matchAll(AMOUNT)) {
    const { prefix, number = "", scale, suffix } = m.groups ?? {};
    const start = m.index;
    const end = start + m[0].length;
    const before = text.slice(Math.max(0, start - 24), start);
    const after = text.slice(end);
    const evidence =
      prefix !== undefined ||
      suffix !== undefined ||
      scale !== undefined ||
      /^\d.*[万亿]/.test(number) ||
      number.includes(",") ||
      ENGLISH_AMOUNT_CUE.test(before);
    if (!evidence || (suffix === undefined && scale === undefined && NOT_MONEY_AFTER.test(after))) continue;
    const parsed = parseNumber(number);
    if (parsed === null) continue;
    const value = parsed * (scale ? (ENGLISH_SCALES[scale.toLowerCase()] ?? 1) : 1);
    amounts.push({
      value,
      currency: currencyOf(prefix?.trim() ?? suffix?.trim()),
      text: original.slice(start, end).trim(),
      role: roleOf(before, after),
    });
  }
  return amounts;
}

/** Every percentage in the text, in order, with the kind its clause names. */
export function extractRates(text: string, original: string = text): Rate[] {
  const rates: { at: number; rate: Rate }[] = [];
  for (const m of text.matchAll(RATE)) {
    const value = m.groups?.han !== undefined ? parseNumber(m.groups.han) : Number(m.groups?.number);
    if (value === null || !Number.isFinite(value)) continue;
    const end = m.index + m[0].length;
    const kind = rateKind(clauseBefore(text, m.index), text.slice(end));
    rates.push({ at: m.index, rate: { value, text: original.slice(m.index, end), kind } });
  }
  for (const m of text.matchAll(PER_TEN_THOUSAND)) {
    const value = parseNumber(m.groups?.number ?? "");
    if (value === null) continue;
    const wording = original.slice(m.index, m.index + m[0].length);
    const percent = withoutFloatNoise(value * PER_TEN_THOUSAND_TO_PERCENT);
    rates.push({ at: m.index, rate: { value: percent, text: wording, kind: "fee" } });
  }
  return rates.sort((a, b) => a.at - b.at).map((r) => r.rate);
}

function currencyOf(token: string | undefined): string | null {
  if (token === undefined) return null;
  return CURRENCIES.find(([pattern]) => pattern.test(token))?.[1] ?? null;
}

function roleOf(before: string, after: string): Amount["role"] {
  if (MINIMUM_AFTER.test(after)) return "minimum";
  if (MAXIMUM_AFTER.test(after)) return "maximum";
  // A cue may stand a few characters back (最高可借30万元, 最低每天5元), never across a number or a clause.
  for (let gap = 0; gap <= CUE_GAP && gap <= before.length; gap++) {
    const skipped = before.slice(before.length - gap);
    if (/[\d,.;。!?]/.test(skipped)) break;
    const head = before.slice(0, before.length - gap).trimEnd();
    if (MINIMUM_BEFORE.test(head)) return "minimum";
    if (MAXIMUM_BEFORE.test(head)) return "maximum";
  }
  return null;
}

function clauseBefore(text: string, at: number): string {
  const window = text.slice(Math.max(0, at - RATE_CONTEXT), at);
  const parts = window.split(CLAUSE_BREAK);
  return parts[parts.length - 1] ?? "";
}

/** The kind named nearest before the rate (消费贷款年化利率: 利率, not the 费 of 消费), else an APR after it. */
function rateKind(before: string, after: string): Rate["kind"] {
  let kind: Rate["kind"] = null;
  let nearest = -1;
  for (const [words, named] of RATE_KIND_WORDS)
    for (const m of before.matchAll(words))
      if (m.index + m[0].length > nearest) {
        nearest = m.index + m[0].length;
        kind = named;
      }
  return kind ?? (ANNUAL_AFTER.test(after) ? "annual" : null);
}
