/**
 * Time in the demo: a fixed reference date (never "now", so output is
 * reproducible), ISO formatting, and the UTC offsets of customers' zones over
 * the history window so local active hours land on the right UTC hour across
 * daylight-saving changes.
 */
import { NudgeError, type Rng } from "../core/index.js";

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The last millisecond of the reference day (UTC), or a typed error for a malformed date. */
export function endOfDay(referenceDate: string): number {
  const ms = ISO_DATE.test(referenceDate) ? Date.parse(`${referenceDate}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms))
    throw new NudgeError("CONFIG_INVALID", `reference date '${referenceDate}' is not a YYYY-MM-DD date`);
  return ms + DAY_MS - 1;
}

/** Formatted days, by day number since 1970: formatting a Date is slow and the same days recur. */
const dates = new Map<number, string>();
const MAX_CACHED_DATES = 100_000;

/** YYYY-MM-DD of an instant (UTC). */
export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dates.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dates.size < MAX_CACHED_DATES) dates.set(day, text);
  }
  return text;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));

/** ISO-8601 UTC timestamp to the second (built by hand: Date#toISOString dominated large runs). */
export function isoSeconds(ms: number): string {
  const seconds = Math.floor((ms - startOfDay(ms)) / 1000);
  const hh = TWO_DIGITS[Math.floor(seconds / 3600)];
  const mm = TWO_DIGITS[Math.floor(seconds / 60) % 60];
  return `${isoDate(ms)}T${hh}:${mm}:${TWO_DIGITS[seconds % 60]}Z`;
}

/** Start (00:00 UTC) of the day containing `ms`. */
export function startOfDay(ms: number): number {
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes ahead of UTC of a time zone at an instant, from Intl ("GMT+08:00" → 480). */
export function utcOffsetMinutes(timeZone: string, ms: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    offsetFormats.set(timeZone, format);
  }
  const name = format.formatToParts(new Date(ms)).find((part) => part.type === "timeZoneName")?.value;
  const match = name?.match(/GMT([+-])(\d{2}):(\d{2})/);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

/** UTC offsets of a few zones for each day of a window, looked up in O(1) while generating. */
export class ZoneOffsets {
  readonly #firstDay: number;
  readonly #byZone = new Map<string, Int16Array>();

  constructor(zones: readonly string[], firstDayMs: number, days: number) {
    this.#firstDay = startOfDay(firstDayMs);
    for (const zone of new Set(zones)) {
      const offsets = new Int16Array(days);
      // Noon UTC stands for the day: no zone changes offset near it.
      for (let d = 0; d < days; d++)
        offsets[d] = utcOffsetMinutes(zone, this.#firstDay + d * DAY_MS + 12 * HOUR_MS);
      this.#byZone.set(zone, offsets);
    }
  }

  /** The UTC instant of local `hour:minute:second` in `zone` on day `day` of the window. */
  instant(zone: string, day: number, hour: number, minute: number, second: number): number {
    const offset = this.#byZone.get(zone)?.[day] ?? 0;
    return this.#firstDay + day * DAY_MS + (hour * 60 + minute - offset) * 60_000 + second * 1000;
  }
}

/** The history the demo covers: `days` whole UTC days ending with the reference day. */
export interface HistoryWindow {
  start: number;
  end: number;
  days: number;
  zones: ZoneOffsets;
}

export function historyWindow(referenceDate: string, days: number, zones: readonly string[]): HistoryWindow {
  const end = endOfDay(referenceDate);
  const start = startOfDay(end) - (days - 1) * DAY_MS;
  return { start, end, days, zones: new ZoneOffsets(zones, start, days) };
}

/** Share of sessions that start in one of a person's usual hours; the rest start at any hour. */
const USUAL_HOUR_SHARE = 0.85;

/** A moment on day `day` of the window, at one of the usual local hours in `zone` (most of the time). */
export function usualMoment(
  rng: Rng,
  window: HistoryWindow,
  zone: string,
  day: number,
  usualHours: readonly number[],
): number {
  const hour = rng.chance(USUAL_HOUR_SHARE) ? rng.pick(usualHours) : rng.int(0, 23);
  const ms = window.zones.instant(zone, day, hour, rng.int(0, 59), rng.int(0, 59));
  // Leaves room for the session's later events before the history ends.
  return Math.min(window.end - HOUR_MS, ms);
}
