/**
 * Configuration is read once from the environment (NUDGE_*) and flags, parsed
 * with zod into a typed object, and passed down. Nothing below this module
 * reads process.env.
 */
import { z } from "zod";
import { NudgeError } from "./errors.js";

/** Default embedded database: a SQLite file in the working directory. */
export const DEFAULT_DB_URL = "sqlite:./nudge.db";
/** Default HTTP port of `nudge serve` and `nudge demo`. */
export const DEFAULT_PORT = 3000;

const ConfigSchema = z.object({
  dbUrl: z.string().min(1).default(DEFAULT_DB_URL),
  piiKey: z.string().min(16, "NUDGE_PII_KEY must be at least 16 characters").optional(),
  port: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  host: z.string().default("127.0.0.1"),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** Key of the global holdout's hash: set it so membership cannot be guessed from customer ids. */
  holdoutKey: z.string().min(1).optional(),
  /** Share of customers in the global holdout. */
  holdoutShare: z.coerce.number().min(0).max(0.5).default(0.05),
  /** YAML or JSON file configuring external channels (webhook, smtp, sms, wecom). */
  channelsFile: z.string().min(1).optional(),
  /** YAML or JSON file of policy settings (caps, quiet hours, eligibility rules…). */
  policiesFile: z.string().min(1).optional(),
  /** YAML or JSON file naming call assist's speech recognizer (engine pocketsphinx, http, sherpa…). */
  speechFile: z.string().min(1).optional(),
  /** JSON {positive, negative} of Chinese sentiment words added to call assist's lexicon. */
  zhLexiconFile: z.string().min(1).optional(),
  /** Hours between `nudge serve`'s looks for new rated call scripts to retrain on; 0 turns it off. */
  scriptRetrainHours: z.coerce.number().min(0).default(24),
  /**
   * Megabytes of memory `nudge serve` gives SQLite's page cache and fills, at start, with the tables real-time
   * decisions read (customers, portraits, holdings, candidates…); 0 leaves the cache small and cold.
   */
  cacheMb: z.coerce.number().int().min(0).default(2048),
  /**
   * `auto`: `nudge serve` on a SQLite file runs the server in a child process whose memory gets transparent
   * huge pages, where the kernel gives them on request (see src/cli/server-process.ts); `off`: never.
   */
  hugePages: z.enum(["auto", "off"]).default("auto"),
});

export type Config = z.infer<typeof ConfigSchema>;

/** Builds the configuration from environment variables, with explicit overrides winning. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const raw = {
    dbUrl: env.NUDGE_DB,
    piiKey: env.NUDGE_PII_KEY || undefined,
    port: env.NUDGE_PORT,
    host: env.NUDGE_HOST,
    logLevel: env.NUDGE_LOG_LEVEL,
    maxBodyBytes: env.NUDGE_MAX_BODY_BYTES,
    holdoutKey: env.NUDGE_HOLDOUT_KEY || undefined,
    holdoutShare: env.NUDGE_HOLDOUT_SHARE,
    channelsFile: env.NUDGE_CHANNELS || undefined,
    policiesFile: env.NUDGE_POLICIES || undefined,
    speechFile: env.NUDGE_SPEECH || undefined,
    zhLexiconFile: env.NUDGE_ZH_LEXICON || undefined,
    scriptRetrainHours: env.NUDGE_SCRIPT_RETRAIN_HOURS,
    cacheMb: env.NUDGE_CACHE_MB,
    hugePages: env.NUDGE_HUGE_PAGES || undefined,
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) (raw as Record<string, unknown>)[key] = value;
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NudgeError("CONFIG_INVALID", `configuration: ${issue?.path.join(".")}: ${issue?.message}`, {
      issues: parsed.error.issues,
    });
  }
  return parsed.data;
}
