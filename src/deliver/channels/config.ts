/**
 * The channels configuration file (YAML or JSON): which channels exist and how they connect. Parsed
 * once at start-up into a typed object; unknown keys are errors, so a misspelt setting is reported
 * with its path instead of being silently ignored. Any string `env:NAME` is replaced by the
 * environment variable NAME when the file is loaded, so secrets need not be written in it.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { assertTemplateFields, NudgeError } from "../../core/index.js";
import type { Channel } from "../channel.js";
import { smsChannel } from "./sms.js";
import { smtpChannel } from "./smtp.js";
import { webhookChannel } from "./webhook.js";
import { wecomChannel } from "./wecom.js";

/** Shortest webhook secret accepted: an HMAC key must not be guessable. */
export const MIN_WEBHOOK_SECRET_LENGTH = 16;
const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;
const REQUIRED = "required";

const nonEmpty = z.string().min(1);
const timeoutMs = z.number().int().positive().optional();
const name = nonEmpty.optional();
/** z.httpUrl refuses IP addresses; gateways inside a bank are often reached by one. */
const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) => (issue.input === undefined ? REQUIRED : "must be an http:// or https:// URL"),
});

/** A template string that may use only the given fields. */
function templateOf(allowed: string[]) {
  return z.string().superRefine((value, ctx) => {
    try {
      assertTemplateFields(value, allowed, "the template");
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  });
}

const WebhookConfigSchema = z.strictObject({
  url: httpUrl,
  secret: z
    .string()
    .min(MIN_WEBHOOK_SECRET_LENGTH, `must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`),
  timeoutMs,
  name,
});

const SmtpConfigSchema = z
  .strictObject({
    url: z
      .string()
      .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
      .optional(),
    host: nonEmpty.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    secure: z.boolean().optional(),
    user: nonEmpty.optional(),
    pass: nonEmpty.optional(),
    from: nonEmpty,
    addressTemplate: templateOf(["customerId"]).optional(),
    pool: z.boolean().optional(),
    timeoutMs,
    name,
  })
  .refine((smtp) => smtp.url !== undefined || smtp.host !== undefined, "give url or host")
  .refine(
    (smtp) => (smtp.user === undefined) === (smtp.pass === undefined),
    "give both user and pass, or neither",
  );

const SmsConfigSchema = z.strictObject({
  url: httpUrl,
  token: nonEmpty,
  templateId: nonEmpty,
  signName: nonEmpty.optional(),
  timeoutMs,
  name,
});

const WecomConfigSchema = z.strictObject({
  corpId: nonEmpty,
  corpSecret: nonEmpty,
  agentId: z.number().int().positive(),
  baseUrl: httpUrl.optional(),
  cardUrl: templateOf(["offerId", "deliveryId", "customerId"]).optional(),
  cardButton: nonEmpty.optional(),
  timeoutMs,
  name,
});

/** What a channels file may hold; every channel is optional. */
export const ChannelsConfigSchema = z.strictObject({
  webhook: WebhookConfigSchema.optional(),
  smtp: SmtpConfigSchema.optional(),
  sms: SmsConfigSchema.optional(),
  wecom: WecomConfigSchema.optional(),
});

export type ChannelsConfig = z.infer<typeof ChannelsConfigSchema>;

/** Builds a channel for each configured section, in the order webhook, smtp, sms, wecom. */
export function buildChannels(config: ChannelsConfig): Channel[] {
  const channels: Channel[] = [];
  if (config.webhook) channels.push(webhookChannel(config.webhook));
  if (config.smtp) {
    const { user, pass, ...smtp } = config.smtp;
    const auth = user !== undefined && pass !== undefined ? { user, pass } : undefined;
    channels.push(smtpChannel({ ...smtp, auth }));
  }
  if (config.sms) channels.push(smsChannel(config.sms));
  if (config.wecom) channels.push(wecomChannel(config.wecom));
  return channels;
}

function invalid(source: string, message: string, details: Record<string, unknown> = {}): NudgeError {
  return new NudgeError("CONFIG_INVALID", `channels config ${source}: ${message}`, { source, ...details });
}

/** Replaces every `env:NAME` string, at any depth, with the variable's value; an unset one is an error. */
function resolveEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  source: string,
  path = "",
): unknown {
  if (typeof value === "string") {
    const variable = ENV_REFERENCE.exec(value)?.[1];
    if (variable === undefined) return value;
    const resolved = env[variable];
    if (!resolved) throw invalid(source, `${path}: environment variable ${variable} is not set`, { path });
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveEnv(item, env, source, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        resolveEnv(item, env, source, path ? `${path}.${key}` : key),
      ]),
    );
  }
  return value;
}

/** One line per problem, each led by the key path it is about. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .flatMap((issue) => {
      const at = issue.path.map(String);
      // An unknown key is reported on its parent; name the key itself.
      if (issue.code === "unrecognized_keys")
        return issue.keys.map((key) => `${[...at, key].join(".")}: unknown key`);
      return [`${at.length > 0 ? at.join(".") : "(top level)"}: ${issue.message}`];
    })
    .join("; ");
}

/**
 * Validates an already-read configuration object (`env:` references resolved from `env`). `source`
 * names where it came from, for messages. An empty document means no channels.
 */
export function parseChannelsConfig(
  raw: unknown,
  env: Record<string, string | undefined>,
  source = "(inline)",
): ChannelsConfig {
  const parsed = ChannelsConfigSchema.safeParse(resolveEnv(raw ?? {}, env, source), {
    // "required" reads better than zod's "expected string, received undefined".
    error: (issue) => (issue.code === "invalid_type" && issue.input === undefined ? REQUIRED : undefined),
  });
  if (!parsed.success)
    throw invalid(source, describeIssues(parsed.error.issues), { issues: parsed.error.issues });
  return parsed.data;
}

/** Reads and validates a channels file; YAML, which includes JSON. */
export async function loadChannelsConfig(
  path: string,
  env: Record<string, string | undefined> = process.env,
): Promise<ChannelsConfig> {
  let content: string;
  try {
    content = await readFile(path, "utf8");
  } catch (error) {
    throw invalid(path, `cannot read the file: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(content);
  } catch (error) {
    throw invalid(path, `not valid YAML or JSON: ${(error as Error).message}`);
  }
  return parseChannelsConfig(raw, env, path);
}
