/**
 * Time in a customer's IANA zone with nothing but Intl. Quiet hours, local days and local weeks are
 * all read here, per request, so the expensive parts are cached: one Intl.DateTimeFormat per zone,
 * and the zone's UTC offset per UTC hour. Offsets change a few times a year, so after the first
 * call in an hour a lookup is a Map read and a little arithmetic.
 *
 * Wall times that do not exist (skipped by a DST jump) map to the first instant after them, which
 * is the transition itself; wall times that happen twice map to the earlier one.
 */
import { NudgeError } from "../core/index.js";

/** A local calendar date and clock time; weekday 1 = Monday … 7 = Sunday. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

/** A local wall time; fields out of range roll over like Date.UTC (day 32 is next month's 1st). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** Local quiet hours as "HH:MM"; they may wrap midnight (21:00–08:00); start == end means none. */
export interface QuietWindow {
  start: string;
  end: string;
}

const SECOND_MS = 1000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Offsets seen on either side of a wall time: a day covers every real DST jump. */
const NEIGHBOUR_MS = DAY_MS;
/** Quiet-hour exits tried in a row; a DST jump can skip one allowed window, never two. */
const MAX_SKIPPED_WINDOWS = 3;
/** Hour buckets kept per zone before the cache starts over (about 11 years of hours). */
const MAX_CACHED_HOURS = 100_000;
/** Invalid zone names remembered, bounded because the names come from customer data. */
const MAX_INVALID_ZONES = 1000;

interface ZoneCache {
  format: Intl.DateTimeFormat;
  /** UTC hour number → offset in ms, or NaN when the offset changes within that hour. */
  hourOffsets: Map<number, number>;
}

const zones = new Map<string, ZoneCache>();
const invalidZones = new Set<string>();

function buildZone(tz: string): ZoneCache | null {
  if (invalidZones.has(tz)) return null;
  try {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    const zone = { format, hourOffsets: new Map<number, number>() };
    zones.set(tz, zone);
    return zone;
  } catch {
    if (invalidZones.size >= MAX_INVALID_ZONES) invalidZones.clear();
    invalidZones.add(tz);
    return null;
  }
}

function zoneCache(tz: string): ZoneCache {
  const zone = zones.get(tz) ?? buildZone(tz);
  if (!zone) throw new NudgeError("INPUT_INVALID", `unknown time zone '${tz}'`);
  return zone;
}

/** True when Intl knows the IANA zone `tz`. */
export function isValidZone(tz: string): boolean {
  return typeof tz === "string" && tz.length > 0 && (zones.has(tz) || buildZone(tz) !== null);
}

/** Date.UTC without its mapping of years 0–99 to 1900–1999. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year >= 0 && year < 100) return new Date(ms).setUTCFullYear(year);
  return ms;
}

/** The zone's offset (local − UTC, ms) at `ms`, straight from Intl: a few microseconds. */
function measureOffset(zone: ZoneCache, ms: number): number {
  const whole = Math.floor(ms / SECOND_MS) * SECOND_MS;
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of zone.format.formatToParts(whole)) {
    if (part.type in fields) fields[part.type as keyof typeof fields] = Number(part.value);
  }
  const local = utcMs(fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second);
  return local - whole;
}

/** The zone's offset at `ms`, cached per UTC hour unless a transition falls inside that hour. */
function offsetAt(zone: ZoneCache, ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = zone.hourOffsets.get(hour);
  if (offset === undefined) {
    const first = measureOffset(zone, hour * HOUR_MS);
    const last = measureOffset(zone, hour * HOUR_MS + HOUR_MS - 1);
    offset = first === last ? first : Number.NaN;
    if (zone.hourOffsets.size >= MAX_CACHED_HOURS) zone.hourOffsets.clear();
    zone.hourOffsets.set(hour, offset);
  }
  return Number.isNaN(offset) ? measureOffset(zone, ms) : offset;
}

/** The local wall time at `ms`, as a timestamp whose UTC fields read as the local date and time. */
function wallMs(zone: ZoneCache, ms: number): number {
  return ms + offsetAt(zone, ms);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a wall time in ms. */
function isoWeekday(wall: number): number {
  return ((new Date(wall).getUTCDay() + 6) % 7) + 1;
}

/** The local date, time and weekday of `instant` in `tz`. */
export function localParts(instant: Date, tz: string): LocalParts {
  const wall = wallMs(zoneCache(tz), instant.getTime());
  const date = new Date(wall);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    weekday: isoWeekday(wall),
  };
}

/**
 * Every instant whose local wall time is `wall`, earliest first: one, or two in a DST overlap. For a
 * wall time in a DST gap, the transition instead (the first instant after the skipped time).
 */
function instantsAt(zone: ZoneCache, wall: number): number[] {
  const before = offsetAt(zone, wall - NEIGHBOUR_MS);
  const after = offsetAt(zone, wall + NEIGHBOUR_MS);
  const found: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset;
    if (offsetAt(zone, candidate) === offset) found.push(candidate);
  }
  if (found.length > 0) return found.sort((a, b) => a - b);
  return [transitionBetween(zone, wall - after, wall - before, before)];
}

/**
 * The first instant in (low, high] whose offset is no longer `offset`: a binary search by whole
 * seconds, since zones change offset on whole seconds. Only reached next to a DST change.
 */
function transitionBetween(zone: ZoneCache, low: number, high: number, offset: number): number {
  let lo = Math.floor(low / SECOND_MS);
  let hi = Math.ceil(high / SECOND_MS);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid * SECOND_MS) === offset) lo = mid;
    else hi = mid;
  }
  return hi * SECOND_MS;
}

function wallOf(parts: WallTime): number {
  return utcMs(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second ?? 0);
}

/** The UTC instant of a local wall time in `tz` (skipped → first instant after, repeated → earlier). */
export function zonedToInstant(parts: WallTime, tz: string): Date {
  return new Date(instantsAt(zoneCache(tz), wallOf(parts))[0]!);
}

/** Local midnight (or the day's first instant, where midnight is skipped) of `instant`'s local day. */
export function startOfLocalDay(instant: Date, tz: string): Date {
  return new Date(dayStart(zoneCache(tz), instant.getTime(), 0));
}

/** The first instant of the local day after `instant`'s. */
export function startOfNextLocalDay(instant: Date, tz: string): Date {
  return new Date(dayStart(zoneCache(tz), instant.getTime(), 1));
}

/** Monday 00:00 local of `instant`'s local week. */
export function startOfLocalWeek(instant: Date, tz: string): Date {
  return new Date(weekStart(zoneCache(tz), instant.getTime(), 0));
}

/** Monday 00:00 local of the week after `instant`'s. */
export function startOfNextLocalWeek(instant: Date, tz: string): Date {
  return new Date(weekStart(zoneCache(tz), instant.getTime(), 1));
}

/** The first instant of the local day `days` after the one holding `ms`. */
function dayStart(zone: ZoneCache, ms: number, days: number): number {
  const wall = wallMs(zone, ms);
  return instantsAt(zone, wall - mod(wall, DAY_MS) + days * DAY_MS)[0]!;
}

/** The first instant of the local week (from Monday) `weeks` after the one holding `ms`. */
function weekStart(zone: ZoneCache, ms: number, weeks: number): number {
  const wall = wallMs(zone, ms);
  const midnight = wall - mod(wall, DAY_MS);
  const monday = midnight - (isoWeekday(midnight) - 1) * DAY_MS;
  return instantsAt(zone, monday + weeks * 7 * DAY_MS)[0]!;
}

/** Minutes after midnight of "HH:MM"; throws on anything else. */
export function parseClock(clock: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!match) throw new NudgeError("INPUT_INVALID", `'${clock}' is not a time of day HH:MM`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** True when a local time (ms after local midnight) falls in [start, end), wrapping midnight. */
function inWindow(timeOfDay: number, start: number, end: number): boolean {
  return start < end ? timeOfDay >= start && timeOfDay < end : timeOfDay >= start || timeOfDay < end;
}

/** True when `instant`'s local time in `tz` is inside the quiet window. */
export function inQuietHours(instant: Date, tz: string, quiet: QuietWindow): boolean {
  const start = parseClock(quiet.start) * MINUTE_MS;
  const end = parseClock(quiet.end) * MINUTE_MS;
  if (start === end) return false;
  return inWindow(mod(wallMs(zoneCache(tz), instant.getTime()), DAY_MS), start, end);
}

/**
 * `instant` when its local time is outside quiet hours, else the first instant at which they end:
 * usually the end's wall time today or tomorrow, but across a DST change the first instant after
 * `instant` whose local time is outside them (the second 01:45 of a repeated hour, say).
 */
export function nextAllowedTime(instant: Date, tz: string, quiet: QuietWindow): Date {
  const start = parseClock(quiet.start) * MINUTE_MS;
  const end = parseClock(quiet.end) * MINUTE_MS;
  if (start === end) return instant;
  const zone = zoneCache(tz);
  let ms = instant.getTime();
  // Again when a DST jump skipped the whole allowed window (00:00–00:01 on a day starting at 01:00).
  for (let round = 0; round < MAX_SKIPPED_WINDOWS; round++) {
    if (!inWindow(mod(wallMs(zone, ms), DAY_MS), start, end)) break;
    ms = quietExit(zone, ms, start, end);
  }
  return ms === instant.getTime() ? instant : new Date(ms);
}

/**
 * From `ms` inside quiet hours, the first instant outside them: the local clock reaching `end`
 * today or tomorrow, or a DST jump out of the window (forward past `end`, or back before `start`,
 * which can bring back an `end` of the day before). When a jump skips the whole allowed window,
 * the answer is a later instant still quiet, from which the caller goes on.
 */
function quietExit(zone: ZoneCache, ms: number, start: number, end: number): number {
  const wall = wallMs(zone, ms);
  const midnight = wall - mod(wall, DAY_MS);
  const candidates = [...instantsAt(zone, midnight + end), ...instantsAt(zone, midnight + DAY_MS + end)];
  const horizon = Math.max(...candidates);
  const offset = offsetAt(zone, ms);
  if (offsetAt(zone, horizon) !== offset) {
    candidates.push(transitionBetween(zone, ms, horizon, offset));
    candidates.push(...instantsAt(zone, midnight - DAY_MS + end));
  }
  let first = horizon;
  for (const t of candidates) {
    if (t > ms && t < first && !inWindow(mod(wallMs(zone, t), DAY_MS), start, end)) first = t;
  }
  return first;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
