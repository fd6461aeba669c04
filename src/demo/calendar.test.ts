import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../core/index.js";
import { endOfDay, historyWindow, isoDate, isoSeconds, usualMoment, utcOffsetMinutes } from "./calendar.js";

describe("calendar", () => {
  it("formats instants like Date#toISOString, to the second", () => {
    const rng = new Rng(3);
    for (let i = 0; i < 2000; i++) {
      const ms = Date.UTC(1950, 0, 1) + Math.floor(rng.next() * 100 * 365 * 86_400_000);
      expect(isoSeconds(ms)).toBe(`${new Date(ms).toISOString().slice(0, 19)}Z`);
      expect(isoDate(ms)).toBe(new Date(ms).toISOString().slice(0, 10));
    }
  });

  it("knows zone offsets across daylight saving", () => {
    const cases: [string, string, number][] = [
      ["Asia/Shanghai", "2026-07-01T12:00:00Z", 480],
      ["Asia/Hong_Kong", "2026-01-01T12:00:00Z", 480],
      ["Europe/Lisbon", "2026-07-01T12:00:00Z", 60],
      ["Europe/Lisbon", "2026-12-01T12:00:00Z", 0],
      ["UTC", "2026-07-01T12:00:00Z", 0],
    ];
    for (const [zone, at, minutes] of cases)
      expect(utcOffsetMinutes(zone, Date.parse(at)), zone).toBe(minutes);
  });

  it("places usual local hours on the right UTC hour, inside the window", () => {
    const window = historyWindow("2026-10-31", 120, ["Asia/Shanghai", "Europe/Lisbon"]);
    expect(isoSeconds(window.start)).toBe("2026-07-04T00:00:00Z");
    expect(isoSeconds(window.end)).toBe("2026-10-31T23:59:59Z");
    const rng = new Rng(1);
    let usual = 0;
    for (let i = 0; i < 500; i++) {
      const ms = usualMoment(rng, window, "Asia/Shanghai", 119, [21]);
      expect(ms).toBeLessThanOrEqual(window.end);
      if (new Date(ms).getUTCHours() === 13) usual++;
    }
    expect(usual).toBeGreaterThan(400);
    // Lisbon is UTC+1 until the last Sunday of October, UTC+0 after.
    expect(new Date(usualMoment(new Rng(2), window, "Europe/Lisbon", 0, [9])).getUTCHours()).toBe(8);
  });

  it("rejects a reference date that is not YYYY-MM-DD", () => {
    expect(endOfDay("2026-10-31")).toBe(Date.parse("2026-11-01T00:00:00Z") - 1);
    for (const bad of ["31/10/2026", "2026-13-45", ""]) {
      let error: unknown;
      try {
        endOfDay(bad);
      } catch (e) {
        error = e;
      }
      expect(isNudgeError(error, "CONFIG_INVALID"), bad).toBe(true);
    }
  });
});
