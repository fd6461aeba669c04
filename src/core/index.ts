/** Core: errors, configuration, clock, seeded randomness, ids and logging shared by every module. */
export { type Clock, fixedClock, isoNow, systemClock } from "./clock.js";
export { type Config, DEFAULT_DB_URL, DEFAULT_PORT, loadConfig } from "./config.js";
export { withDefaults } from "./defaults.js";
export { type ErrorCode, errorMessage, isNudgeError, NudgeError } from "./errors.js";
export { contentId, newId } from "./ids.js";
export { IntervalRunner } from "./interval.js";
export { createLogger, type Logger, silentLogger } from "./logger.js";
export { round4, roundTo } from "./numbers.js";
export { extend } from "./objects.js";
export { Rng, seededRandom } from "./random.js";
export { assertTemplateFields, renderTemplate, templateFields } from "./template.js";
export { parseInput } from "./validate.js";
