/**
 * Structured logs (pino) to stderr, so stdout stays clean for `--json`.
 * Never log personal identifiers: pass ids, not names or phone numbers.
 */
import { destination, type Logger, pino } from "pino";

export type { Logger };

/** A logger writing JSON lines to stderr at the given level. */
export function createLogger(level = "info"): Logger {
  return pino(
    { level, base: undefined, redact: ["name", "phone", "id_number", "*.name", "*.phone", "*.id_number"] },
    destination(2),
  );
}

/** A logger that discards everything (tests, `--json` runs that want silence). */
export const silentLogger: Logger = pino({ level: "silent" });
