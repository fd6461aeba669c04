/**
 * Numbers as marketing copy writes them: Arabic digits with thousands separators and a Chinese scale
 * (1万, 1.5亿, 1千万), Chinese numerals (三, 十二, 两万, 一百五十, 三点五, 二〇二六) and full-width forms
 * (１２％). Pure functions; `toHalfWidth` keeps string length so match offsets map back to the original.
 */

const HAN_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const HAN_SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };
const TEN_THOUSAND = 10_000;
const HUNDRED_MILLION = 100_000_000;
const HAN_SCALES: Readonly<Record<string, number>> = {
  ...HAN_SMALL_UNITS,
  万: TEN_THOUSAND,
  亿: HUNDRED_MILLION,
};
/** Full-width ASCII (！ U+FF01 … ～ U+FF5E) sits at this fixed distance above ASCII. */
const FULL_WIDTH_OFFSET = 0xfee0;

/**
 * A number in text: Arabic (thousands separators, decimals, a trailing Chinese scale) or Chinese
 * numerals that start with a digit or 十 (so the 万 of 万一点五 is not a number on its own).
 */
export const NUMBER_PATTERN = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[十百千万亿]*|[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*(?:点[零〇一二三四五六七八九]+)?`;

/** Full-width ASCII to half-width and the ideographic space to a space, one character for one. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - FULL_WIDTH_OFFSET))
    .replace(/\u3000/g, " ");
}

/** A whole number in Chinese numerals (两万, 十二, 一百零五, 二〇二六), or null when it is not one. */
export function parseHanInteger(text: string): number | null {
  if (text.length === 0 || [...text].some((c) => HAN_DIGITS[c] === undefined && HAN_SCALES[c] === undefined))
    return null;
  if ([...text].every((c) => HAN_DIGITS[c] !== undefined))
    return text.length === 1 ? (HAN_DIGITS[text] as number) : positional(text);
  let total = 0;
  let section = 0;
  let digit = 0;
  for (const c of text) {
    const d = HAN_DIGITS[c];
    if (d !== undefined) digit = d;
    else if (c === "万" || c === "亿") {
      const scale = c === "万" ? TEN_THOUSAND : HUNDRED_MILLION;
      // 一亿五千万: the 万 scales only the section after the 亿; a 亿 scales everything before it.
      if (c === "亿") total = (total + section + digit) * scale;
      else total += (section + digit) * scale;
      section = 0;
      digit = 0;
    } else {
      // 十 alone means one ten (十二 = 12).
      section += (digit === 0 ? 1 : digit) * (HAN_SMALL_UNITS[c] as number);
      digit = 0;
    }
  }
  return total + section + digit;
}

/** A number matched by NUMBER_PATTERN (1,000 / 3.5 / 20万 / 1.5亿 / 三点五 / 两万), or null. */
export function parseNumber(text: string): number | null {
  const arabic = /^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([十百千万亿]*)$/.exec(text);
  if (arabic) {
    let value = Number((arabic[1] as string).replace(/,/g, ""));
    for (const c of arabic[2] as string) value *= HAN_SCALES[c] as number;
    return withoutFloatNoise(value);
  }
  const [whole = "", fraction] = text.split("点");
  const integer = parseHanInteger(whole);
  if (integer === null) return null;
  if (fraction === undefined) return integer;
  const decimals = positional(fraction);
  return decimals === null ? null : withoutFloatNoise(integer + decimals / 10 ** fraction.length);
}

/** Digits read one by one (二〇二六 → 2026), null if any is not a digit. */
function positional(text: string): number | null {
  let value = 0;
  for (const c of text) {
    const d = HAN_DIGITS[c];
    if (d === undefined) return null;
    value = value * 10 + d;
  }
  return value;
}

/** Floating point noise off (1.1 × 10000 = 11000.000000000002). */
export function withoutFloatNoise(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
