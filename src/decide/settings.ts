/**
 * Policy settings: defaults fit for a Chinese retail bank, overridable per tenant or campaign.
 * Overrides are partial (caps and cooldowns key by key), checked with zod once when loaded — zones
 * against Intl, times as HH:MM, eligibility rules as JsonLogic — and merged over the defaults, so
 * policies read a complete, valid `PolicySettings` and never re-check it.
 */
import { z } from "zod";
import { parseInput } from "../core/index.js";
import { validateRule } from "./eligibility.js";
import type { PolicySettings } from "./types.js";
import { isValidZone } from "./zone.js";

/** The settings policies use when nothing overrides them. */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = deepFreeze({
  defaultTz: "Asia/Shanghai",
  quietHours: { start: "21:00", end: "08:00" },
  quietChannels: ["email", "sms", "wecom", "webhook", "agent"],
  optInChannels: ["email", "sms", "wecom"],
  caps: { perChannelDay: 1, perChannelWeek: 3, allChannelsDay: 2, allChannelsWeek: 5 },
  cappedChannels: ["email", "sms", "wecom", "webhook", "inapp", "agent"],
  cooldownDays: { complaint: 30, unsubscribe: 90, dismiss: 7 },
  suitability: true,
  eligibility: [],
});

const zone = z.string().refine(isValidZone, { message: "is not a known IANA time zone" });
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time of day HH:MM (00:00 to 23:59)");
const channels = z.array(z.string().min(1));
const cap = z.number().int().nonnegative();
const days = z.number().nonnegative();

const rule = z.unknown().superRefine((value, ctx) => {
  try {
    validateRule(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
  }
});

/** Overrides of the defaults: every key optional, caps and cooldown days key by key. */
export const PolicySettingsSchema = z
  .strictObject({
    defaultTz: zone,
    quietHours: z.strictObject({ start: clock, end: clock }).nullable(),
    quietChannels: channels,
    optInChannels: channels,
    caps: z
      .strictObject({ perChannelDay: cap, perChannelWeek: cap, allChannelsDay: cap, allChannelsWeek: cap })
      .partial(),
    cappedChannels: channels,
    cooldownDays: z.strictObject({ complaint: days, unsubscribe: days, dismiss: days }).partial(),
    suitability: z.boolean(),
    eligibility: z.array(
      z.strictObject({
        name: z.string().min(1),
        rule,
        appliesTo: z.array(z.string().min(1)).optional(),
      }),
    ),
  })
  .partial();

export type PolicySettingsOverrides = z.infer<typeof PolicySettingsSchema>;

/** Parses overrides, throwing NudgeError INPUT_INVALID that names the key path of the first problem. */
export function parsePolicySettings(input: unknown): PolicySettingsOverrides {
  return parseInput(PolicySettingsSchema, input, "policy settings");
}

/** The defaults with each override (unchecked input, undefined skipped) merged over them in turn. */
export function resolvePolicySettings(...overrides: unknown[]): PolicySettings {
  let settings = copySettings(DEFAULT_POLICY_SETTINGS);
  for (const input of overrides) {
    if (input === undefined) continue;
    const override = parsePolicySettings(input);
    settings = copySettings({
      ...settings,
      ...withoutUndefined(override),
      caps: { ...settings.caps, ...withoutUndefined(override.caps ?? {}) },
      cooldownDays: { ...settings.cooldownDays, ...withoutUndefined(override.cooldownDays ?? {}) },
    } as PolicySettings);
  }
  return settings;
}

/** A copy sharing no arrays or objects with `settings`, so callers may not change the defaults. */
function copySettings(settings: PolicySettings): PolicySettings {
  return {
    ...settings,
    quietHours: settings.quietHours && { ...settings.quietHours },
    quietChannels: [...settings.quietChannels],
    optInChannels: [...settings.optInChannels],
    caps: { ...settings.caps },
    cappedChannels: [...settings.cappedChannels],
    cooldownDays: { ...settings.cooldownDays },
    eligibility: settings.eligibility.map((rule) => ({
      ...rule,
      ...(rule.appliesTo ? { appliesTo: [...rule.appliesTo] } : {}),
    })),
  };
}

/** An explicit `undefined` in an override means "not given", not "clear". */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
