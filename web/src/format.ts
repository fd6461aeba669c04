/** Numbers, shares, money (integer minor units) and times, in the interface language. */
import type { Lang } from "./i18n";

const locale = (lang: Lang) => (lang === "zh" ? "zh-CN" : "en-GB");

export function num(lang: Lang, value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return value.toLocaleString(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** 0.1234 → "12.3%". */
export function pct(lang: Lang, value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return `${num(lang, value * 100, digits)}%`;
}

/** A rate with its interval: "12.3% (10.1% – 14.6%)". */
export function pctInterval(
  lang: Lang,
  value: number | null,
  low: number | null,
  high: number | null,
  digits = 1,
): string {
  if (value === null) return "–";
  return `${pct(lang, value, digits)} (${pct(lang, low, digits)} – ${pct(lang, high, digits)})`;
}

/** Integer minor units (cents, fen) as an amount with two decimals. */
export function money(lang: Lang, minor: number | null | undefined): string {
  if (minor === null || minor === undefined) return "–";
  return num(lang, minor / 100, 2);
}

/** An ISO time as a short local date and time. */
export function dateTime(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale(lang), {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
}

/** Every UTC day from `since` to `until` (YYYY-MM-DD), both included. */
export function daysBetween(since: string, until: string): string[] {
  const out: string[] = [];
  const end = Date.parse(until.slice(0, 10));
  for (let t = Date.parse(since.slice(0, 10)); t <= end; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}
