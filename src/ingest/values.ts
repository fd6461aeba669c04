/**
 * Parsing of raw cell values (strings from CSV, typed values from JSONL and
 * Parquet) into the stored forms. Each parser answers the value or throws a
 * ValueError whose message reads well after the field name.
 */

export class ValueError extends Error {}

/** True for null, undefined and blank strings: the value is absent. */
export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

const TRUE_WORDS = new Set(["1", "true", "t", "yes", "y", "on", "是"]);
const FALSE_WORDS = new Set(["0", "false", "f", "no", "n", "off", "否"]);

export function parseBoolean(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number" && (value === 0 || value === 1)) return value === 1;
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new ValueError(`'${clip(value)}' is not a yes/no value (use 1/0, true/false or yes/no)`);
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function parseInteger(value: unknown): number {
  if (typeof value === "number" && Number.isSafeInteger(value)) return value;
  const text = String(value).trim();
  if (INTEGER.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n)) return n;
    throw new ValueError(`'${clip(value)}' is too large`);
  }
  throw new ValueError(`'${clip(value)}' is not a whole number`);
}

export function parseNumber(value: unknown): number {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const text = String(value).trim();
  if (NUMBER.test(text)) return Number(text);
  throw new ValueError(`'${clip(value)}' is not a number`);
}

/** Money in integer minor units (cents, fen). A fraction is refused rather than silently rounded. */
export function parseMinorUnits(value: unknown): number {
  const n = parseNumber(value);
  if (!Number.isSafeInteger(n)) {
    throw new ValueError(`'${clip(value)}' is not whole minor units (money is stored as integer cents/fen)`);
  }
  return n;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;

/** Years below this are refused: they are two-digit years in disguise (JavaScript dates read 0–99 as 19xx). */
const MIN_YEAR = 100;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}

/** A calendar date as YYYY-MM-DD (accepts YYYY-MM-DD, YYYY/M/D and a timestamp's date part). */
export function parseDate(value: unknown): string {
  const text = String(value).trim();
  const match = DATE.exec(text) ?? DATE_SLASH.exec(text) ?? DATE.exec(text.slice(0, 10));
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    // Checked by arithmetic rather than through a Date: this runs for every date of a bulk load.
    if (y >= MIN_YEAR && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)) {
      if (match[0].length === 10 && match[0][4] === "-") return match[0];
      return `${match[1]}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    }
  }
  throw new ValueError(`'${clip(value)}' is not a date (use YYYY-MM-DD)`);
}

const EPOCH_MILLIS_FROM = 1e11;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant as ISO-8601 UTC. Accepts ISO text (no zone means UTC),
 * `YYYY-MM-DD HH:MM:SS`, a bare date, and epoch seconds or milliseconds.
 */
export function parseTimestamp(value: unknown): string {
  let millis: number;
  if (typeof value === "number" || (typeof value === "string" && INTEGER.test(value.trim()))) {
    const n = Number(value);
    millis = Math.abs(n) >= EPOCH_MILLIS_FROM ? n : n * 1000;
  } else {
    let text = String(value).trim().replace(" ", "T");
    if (DATE.test(text)) text += "T00:00:00";
    if (!HAS_ZONE.test(text)) text += "Z";
    millis = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
  }
  if (!Number.isFinite(millis)) throw new ValueError(`'${clip(value)}' is not a timestamp (use ISO-8601)`);
  const date = new Date(millis);
  if (Number.isNaN(date.getTime())) throw new ValueError(`'${clip(value)}' is out of range`);
  return date.toISOString();
}

const zoneCache = new Map<string, boolean>();

/** An IANA time zone name such as Asia/Shanghai, checked against the runtime's zone database. */
export function parseTimeZone(value: unknown): string {
  const zone = String(value).trim();
  let ok = zoneCache.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      ok = zone.length > 0;
    } catch {
      ok = false;
    }
    zoneCache.set(zone, ok);
  }
  if (!ok) throw new ValueError(`'${clip(value)}' is not an IANA time zone (e.g. Asia/Shanghai)`);
  return zone;
}

/** A value shortened for an error message (a 1 MB field must not become a 1 MB message). */
export function clip(value: unknown, max = 40): string {
  const text = String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
