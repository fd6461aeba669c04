import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  inQuietHours,
  isValidZone,
  localParts,
  nextAllowedTime,
  parseClock,
  startOfLocalDay,
  startOfLocalWeek,
  startOfNextLocalDay,
  startOfNextLocalWeek,
  zonedToInstant,
} from "./zone.js";

const NY = "America/New_York";
const iso = (d: Date) => d.toISOString();
const at = (s: string) => new Date(s);

/** Zones for properties: no DST, northern and southern DST, half-hour offsets and a half-hour DST. */
const ZONES = [
  "Asia/Shanghai",
  "America/New_York",
  "Europe/London",
  "Europe/Berlin",
  "Australia/Sydney",
  "Australia/Lord_Howe",
  "America/St_Johns",
  "America/Santiago",
  "America/Havana",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Pacific/Chatham",
  "UTC",
];

const oracleFormats = new Map<string, Intl.DateTimeFormat>();

/** Intl alone, without offset arithmetic: the oracle the cached arithmetic is checked against. */
function oracleWall(ms: number, tz: string): number {
  let format = oracleFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    oracleFormats.set(tz, format);
  }
  const parts = format.formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

const instant2020to2030 = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 11, 31) })
  .map((ms) => new Date(ms));
/** 2026 offset changes (UTC), where the interesting cases live; random instants rarely land near one. */
const TRANSITIONS: Record<string, string[]> = {
  "America/New_York": ["2026-03-08T07:00Z", "2026-11-01T06:00Z"],
  "Europe/London": ["2026-03-29T01:00Z", "2026-10-25T01:00Z"],
  "Australia/Lord_Howe": ["2026-04-04T15:00Z", "2026-10-03T15:30Z"],
  "America/St_Johns": ["2026-03-08T05:30Z", "2026-11-01T04:30Z"],
  "America/Santiago": ["2026-04-05T03:00Z", "2026-09-06T04:00Z"],
  "America/Havana": ["2026-03-08T05:00Z", "2026-11-01T05:00Z"],
  "Pacific/Chatham": ["2026-04-04T14:00Z", "2026-09-26T14:00Z"],
};

/** An instant within `hours` of one of the zone's DST changes, with its zone. */
function nearTransition(hours: number) {
  return fc
    .tuple(
      fc.constantFrom(...Object.entries(TRANSITIONS)),
      fc.nat(1),
      fc.integer({ min: -hours * 60, max: hours * 60 }),
    )
    .map(([[tz, changes], i, minutes]): [Date, string] => [
      new Date(Date.parse(changes[i]!) + minutes * 60_000 + (minutes % 7) * 1000),
      tz,
    ]);
}

/** A zone and an instant: uniform over 2020–2030, or near one of the zone's DST changes. */
const zonedInstant = fc.oneof(
  fc.tuple(instant2020to2030, fc.constantFrom(...ZONES)),
  nearTransition(30),
  nearTransition(2),
);
const clockArb = fc
  .integer({ min: 0, max: 1439 })
  .map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`);

describe("isValidZone", () => {
  it.each([
    ["Asia/Shanghai", true],
    ["America/New_York", true],
    ["UTC", true],
    ["Foo/Bar", false],
    ["", false],
    ["+08:00 nonsense", false],
  ])("%s → %s", (tz, valid) => {
    expect(isValidZone(tz)).toBe(valid);
  });

  it("throws a NudgeError for an unknown zone where a zone is needed", () => {
    expect(() => localParts(new Date(), "Mars/Olympus")).toThrow(/unknown time zone 'Mars\/Olympus'/);
  });
});

describe("localParts", () => {
  it.each([
    [
      "2026-01-05T00:00:00Z",
      "Asia/Shanghai",
      { year: 2026, month: 1, day: 5, hour: 8, minute: 0, weekday: 1 },
    ],
    [
      "2026-01-04T16:30:00Z",
      "Asia/Shanghai",
      { year: 2026, month: 1, day: 5, hour: 0, minute: 30, weekday: 1 },
    ],
    ["2026-03-08T06:59:00Z", NY, { year: 2026, month: 3, day: 8, hour: 1, minute: 59, weekday: 7 }],
    ["2026-03-08T07:00:00Z", NY, { year: 2026, month: 3, day: 8, hour: 3, minute: 0, weekday: 7 }],
    ["2026-11-01T05:30:00Z", NY, { year: 2026, month: 11, day: 1, hour: 1, minute: 30, weekday: 7 }],
    ["2026-11-01T06:30:00Z", NY, { year: 2026, month: 11, day: 1, hour: 1, minute: 30, weekday: 7 }],
    [
      "2026-07-01T12:00:00Z",
      "Europe/London",
      { year: 2026, month: 7, day: 1, hour: 13, minute: 0, weekday: 3 },
    ],
    [
      "2026-10-03T15:30:00Z",
      "Australia/Lord_Howe",
      { year: 2026, month: 10, day: 4, hour: 2, minute: 30, weekday: 7 },
    ],
  ])("%s in %s", (instant, tz, parts) => {
    expect(localParts(at(instant), tz)).toEqual(parts);
  });

  it("agrees with Intl for random instants and zones", () => {
    fc.assert(
      fc.property(zonedInstant, ([instant, tz]) => {
        const wall = new Date(oracleWall(instant.getTime(), tz));
        const parts = localParts(instant, tz);
        expect([parts.year, parts.month, parts.day, parts.hour, parts.minute]).toEqual([
          wall.getUTCFullYear(),
          wall.getUTCMonth() + 1,
          wall.getUTCDate(),
          wall.getUTCHours(),
          wall.getUTCMinutes(),
        ]);
      }),
      { numRuns: 300 },
    );
  });
});

describe("zonedToInstant", () => {
  it.each([
    // US DST starts 2026-03-08 02:00 EST: 02:00–02:59 do not exist, the first instant after is 03:00 EDT.
    [NY, [2026, 3, 8, 1, 30], "2026-03-08T06:30:00.000Z"],
    [NY, [2026, 3, 8, 2, 0], "2026-03-08T07:00:00.000Z"],
    [NY, [2026, 3, 8, 2, 30], "2026-03-08T07:00:00.000Z"],
    [NY, [2026, 3, 8, 3, 0], "2026-03-08T07:00:00.000Z"],
    // US DST ends 2026-11-01 02:00 EDT: 01:00–01:59 happen twice, the earlier (EDT) wins.
    [NY, [2026, 11, 1, 1, 30], "2026-11-01T05:30:00.000Z"],
    [NY, [2026, 11, 1, 2, 0], "2026-11-01T07:00:00.000Z"],
    // UK: BST starts 2026-03-29 01:00 GMT, ends 2026-10-25 02:00 BST.
    ["Europe/London", [2026, 3, 29, 1, 30], "2026-03-29T01:00:00.000Z"],
    ["Europe/London", [2026, 10, 25, 1, 30], "2026-10-25T00:30:00.000Z"],
    ["Asia/Shanghai", [2026, 6, 1, 8, 0], "2026-06-01T00:00:00.000Z"],
    // Lord Howe moves by half an hour: 02:00 → 02:30 on 2026-10-04, 02:00 → 01:30 on 2026-04-05.
    ["Australia/Lord_Howe", [2026, 10, 4, 2, 15], "2026-10-03T15:30:00.000Z"],
    ["Australia/Lord_Howe", [2026, 4, 5, 1, 45], "2026-04-04T14:45:00.000Z"],
    // Chile starts DST at midnight: 2026-09-06 00:00 does not exist, the day starts at 01:00.
    ["America/Santiago", [2026, 9, 6, 0, 0], "2026-09-06T04:00:00.000Z"],
  ] as const)("%s %j → %s", (tz, [year, month, day, hour, minute], expected) => {
    expect(iso(zonedToInstant({ year, month, day, hour, minute }, tz))).toBe(expected);
  });

  it("answers the first instant whose local clock reads the wall time or later", () => {
    const randomWall = fc.tuple(
      fc.record({
        year: fc.integer({ min: 2020, max: 2030 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minute: fc.integer({ min: 0, max: 59 }),
      }),
      fc.constantFrom(...ZONES),
    );
    // Wall times near an instant's own (DST gaps and overlaps included, given the instants above).
    const nearbyWall = fc
      .tuple(zonedInstant, fc.integer({ min: -90, max: 90 }))
      .map(([[instant, tz], shift]) => {
        const wall = new Date(Math.floor(oracleWall(instant.getTime(), tz) / 60_000 + shift) * 60_000);
        const parts = {
          year: wall.getUTCFullYear(),
          month: wall.getUTCMonth() + 1,
          day: wall.getUTCDate(),
          hour: wall.getUTCHours(),
          minute: wall.getUTCMinutes(),
        };
        return [parts, tz] as const;
      });
    fc.assert(
      fc.property(fc.oneof(randomWall, nearbyWall), ([parts, tz]) => {
        const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute);
        const result = zonedToInstant(parts, tz).getTime();
        expect(oracleWall(result, tz)).toBeGreaterThanOrEqual(wall);
        expect(oracleWall(result - 1000, tz)).toBeLessThan(wall);
      }),
      { numRuns: 300 },
    );
  });
});

describe("local day and week", () => {
  it.each([
    // The spring-forward day is 23 hours long; the fall-back day 25.
    [NY, "2026-03-08T12:00:00Z", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"],
    [NY, "2026-11-01T12:00:00Z", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z"],
    ["Asia/Shanghai", "2026-01-04T16:30:00Z", "2026-01-04T16:00:00.000Z", "2026-01-05T16:00:00.000Z"],
    ["Asia/Shanghai", "2026-01-04T15:59:59Z", "2026-01-03T16:00:00.000Z", "2026-01-04T16:00:00.000Z"],
    ["America/Santiago", "2026-09-06T12:00:00Z", "2026-09-06T04:00:00.000Z", "2026-09-07T03:00:00.000Z"],
  ])("%s: the day of %s runs from %s to %s", (tz, instant, start, next) => {
    expect(iso(startOfLocalDay(at(instant), tz))).toBe(start);
    expect(iso(startOfNextLocalDay(at(instant), tz))).toBe(next);
  });

  it.each([
    // Wednesday 2026-03-11 in New York: the week began Monday 03-09 00:00 EDT.
    [NY, "2026-03-11T12:00:00Z", "2026-03-09T04:00:00.000Z", "2026-03-16T04:00:00.000Z"],
    // Sunday 2026-03-08 (DST starts): the week began Monday 03-02 00:00 EST.
    [NY, "2026-03-08T12:00:00Z", "2026-03-02T05:00:00.000Z", "2026-03-09T04:00:00.000Z"],
    // Sunday 20:00 UTC is Monday 04:00 in Shanghai: a new week there.
    ["Asia/Shanghai", "2026-01-04T20:00:00Z", "2026-01-04T16:00:00.000Z", "2026-01-11T16:00:00.000Z"],
    ["Europe/London", "2026-03-29T12:00:00Z", "2026-03-23T00:00:00.000Z", "2026-03-29T23:00:00.000Z"],
  ])("%s: the week of %s runs from %s to %s", (tz, instant, start, next) => {
    expect(iso(startOfLocalWeek(at(instant), tz))).toBe(start);
    expect(iso(startOfNextLocalWeek(at(instant), tz))).toBe(next);
  });

  it("the day start is the first instant of the local date; the week start a Monday", () => {
    fc.assert(
      fc.property(zonedInstant, ([instant, tz]) => {
        const day = startOfLocalDay(instant, tz);
        const next = startOfNextLocalDay(instant, tz);
        const week = startOfLocalWeek(instant, tz);
        expect(day.getTime()).toBeLessThanOrEqual(instant.getTime());
        expect(next.getTime()).toBeGreaterThan(instant.getTime());
        const dateOf = (ms: number) => new Date(oracleWall(ms, tz)).toISOString().slice(0, 10);
        expect(dateOf(day.getTime())).toBe(dateOf(instant.getTime()));
        expect(dateOf(day.getTime() - 1000)).not.toBe(dateOf(instant.getTime()));
        expect(localParts(week, tz).weekday).toBe(1);
        expect(week.getTime()).toBeLessThanOrEqual(day.getTime());
        expect(day.getTime() - week.getTime()).toBeLessThan(7 * 86_400_000);
      }),
      { numRuns: 200 },
    );
  });
});

describe("nextAllowedTime", () => {
  const SHANGHAI_NIGHT = { start: "21:00", end: "08:00" };

  it.each([
    ["2026-01-05T12:00:00Z", SHANGHAI_NIGHT, "2026-01-05T12:00:00.000Z"], // 20:00: allowed
    ["2026-01-05T13:00:00Z", SHANGHAI_NIGHT, "2026-01-06T00:00:00.000Z"], // 21:00: quiet begins
    ["2026-01-05T14:00:00Z", SHANGHAI_NIGHT, "2026-01-06T00:00:00.000Z"], // 22:00 → 08:00 tomorrow
    ["2026-01-05T16:30:00Z", SHANGHAI_NIGHT, "2026-01-06T00:00:00.000Z"], // 00:30 → 08:00 today
    ["2026-01-05T23:59:30Z", SHANGHAI_NIGHT, "2026-01-06T00:00:00.000Z"], // 07:59:30
    ["2026-01-06T00:00:00Z", SHANGHAI_NIGHT, "2026-01-06T00:00:00.000Z"], // 08:00: over
    ["2026-01-05T05:00:00Z", { start: "12:00", end: "14:00" }, "2026-01-05T06:00:00.000Z"], // 13:00
    ["2026-01-05T14:00:00Z", { start: "08:00", end: "08:00" }, "2026-01-05T14:00:00.000Z"], // none
  ])("Shanghai %s in %j → %s", (instant, quiet, expected) => {
    expect(iso(nextAllowedTime(at(instant), "Asia/Shanghai", quiet))).toBe(expected);
  });

  it("ends at the DST jump when the end's wall time is skipped", () => {
    // 01:45 EST on 2026-03-08; quiet until 02:30, which does not exist: the clock reads 03:00 next.
    expect(iso(nextAllowedTime(at("2026-03-08T06:45:00Z"), NY, { start: "22:00", end: "02:30" }))).toBe(
      "2026-03-08T07:00:00.000Z",
    );
  });

  it("waits a day more when the DST jump skips the whole allowed window", () => {
    // Santiago 2026-09-06 starts at 01:00: the one allowed minute (00:00) that day never happens.
    const quiet = { start: "00:01", end: "00:00" };
    expect(iso(nextAllowedTime(at("2026-09-06T03:58:59Z"), "America/Santiago", quiet))).toBe(
      "2026-09-07T03:00:00.000Z",
    );
  });

  it.each([
    // Havana falls back at 01:00 CDT to 00:00 CST on 2026-11-01.
    ["the clock is set back before quiet hours start", { start: "00:30", end: "02:00" }],
    ["the clock is set back into the allowed window", { start: "00:01", end: "00:00" }],
  ])("ends when %s", (_, quiet) => {
    expect(iso(nextAllowedTime(at("2026-11-01T04:45:00Z"), "America/Havana", quiet))).toBe(
      "2026-11-01T05:00:00.000Z",
    );
  });

  it("ends at the next occurrence of a repeated wall time", () => {
    const quiet = { start: "01:00", end: "01:45" };
    // 01:10 EDT, the first pass: ends at 01:45 EDT.
    expect(iso(nextAllowedTime(at("2026-11-01T05:10:00Z"), NY, quiet))).toBe("2026-11-01T05:45:00.000Z");
    // 01:10 EST, the second pass: 01:45 EDT is past, so 01:45 EST.
    expect(iso(nextAllowedTime(at("2026-11-01T06:10:00Z"), NY, quiet))).toBe("2026-11-01T06:45:00.000Z");
  });

  it("quiet hours are [start, end) in local time", () => {
    expect(inQuietHours(at("2026-01-05T13:00:00Z"), "Asia/Shanghai", SHANGHAI_NIGHT)).toBe(true);
    expect(inQuietHours(at("2026-01-05T12:59:59Z"), "Asia/Shanghai", SHANGHAI_NIGHT)).toBe(false);
    expect(inQuietHours(at("2026-01-06T00:00:00Z"), "Asia/Shanghai", SHANGHAI_NIGHT)).toBe(false);
    expect(() => parseClock("8:00")).toThrow(/HH:MM/);
    expect(() => parseClock("24:00")).toThrow(/HH:MM/);
  });

  it("answers the first instant outside quiet hours, never earlier than asked", () => {
    fc.assert(
      fc.property(zonedInstant, clockArb, clockArb, ([instant, tz], start, end) => {
        const quiet = { start, end };
        const result = nextAllowedTime(instant, tz, quiet);
        expect(result.getTime()).toBeGreaterThanOrEqual(instant.getTime());
        expect(inQuietHours(result, tz, quiet)).toBe(false);
        if (result.getTime() === instant.getTime()) return;
        expect(inQuietHours(instant, tz, quiet)).toBe(true);
        // Every whole minute in between is quiet, checked against the Intl oracle.
        const startMin = parseClock(start);
        const endMin = parseClock(end);
        const quietAt = (ms: number) => {
          const minute = Math.floor((((oracleWall(ms, tz) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
          return startMin < endMin
            ? minute >= startMin && minute < endMin
            : minute >= startMin || minute < endMin;
        };
        for (
          let ms = Math.floor(instant.getTime() / 60_000 + 1) * 60_000;
          ms < result.getTime();
          ms += 60_000
        )
          expect(quietAt(ms)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});

describe("speed", () => {
  it("takes a few microseconds per call once a zone is warm", () => {
    const quiet = { start: "21:00", end: "08:00" };
    const base = Date.UTC(2026, 5, 1);
    const calls = 20_000;
    for (let i = 0; i < 100; i++) nextAllowedTime(new Date(base + i * 1000), NY, quiet);
    const began = performance.now();
    for (let i = 0; i < calls; i++) {
      const instant = new Date(base + i * 1000);
      localParts(instant, NY);
      nextAllowedTime(instant, NY, quiet);
      startOfLocalWeek(instant, NY);
    }
    const microseconds = ((performance.now() - began) * 1000) / (calls * 3);
    // Typically well under 1 µs; the bound is loose so a busy machine does not fail it.
    expect(microseconds).toBeLessThan(20);
  });
});
