/** A clock is injected wherever time matters, so tests can fix it. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the given instant (tests, replays). */
export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}

/** ISO-8601 UTC text, the storage form of every timestamp. */
export function isoNow(clock: Clock = systemClock): string {
  return clock.now().toISOString();
}
