/**
 * Tag definitions: data, not code. A JSON or YAML file lists tags, each with a name, a kind (fact,
 * model, predicted), a type (category, band, number, boolean) and a rule over one source of data:
 * the profile, events, holdings, responses to pushes, or the relations graph. Validation names the
 * tag and what is wrong with it.
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { NudgeError } from "../core/index.js";
import defaults from "./default-tags.json" with { type: "json" };

export const TAG_KINDS = ["fact", "model", "predicted"] as const;
export const TAG_TYPES = ["category", "band", "number", "boolean"] as const;

/** Fields a rule may read, per source. `hour` and `daypart` are local to the customer's time zone. */
export const SOURCE_FIELDS = {
  events: ["type", "item_id", "category", "value", "hour", "daypart"],
  holdings: ["product_id", "category", "amount", "risk_level"],
  responses: ["type", "channel"],
} as const;

/** Aggregates per source. */
const AGGREGATES = {
  events: ["count", "sum", "recency", "distinct", "share", "top"],
  holdings: ["count", "sum", "distinct", "share", "top"],
  responses: ["count", "recency", "distinct", "share", "top"],
} as const;

const name = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "must be lower case letters, digits and _ (starting with a letter)");
const scalar = z.union([z.string(), z.number()]);

function rowRule<S extends keyof typeof SOURCE_FIELDS>(source: S) {
  const field = z.enum(SOURCE_FIELDS[source]);
  return z.strictObject({
    from: z.literal(source),
    agg: z.enum(AGGREGATES[source]),
    /** What sum, distinct and top read. */
    field: field.optional(),
    /** Only rows whose fields equal one of these values. */
    where: z.partialRecord(field, z.union([scalar, z.array(scalar).min(1)])).optional(),
    /** Only rows of the last N days before the build's as-of time, e.g. "30d". */
    window: z
      .string()
      .regex(/^[1-9][0-9]*d$/, "must be a number of days such as 30d")
      .optional(),
    /** One tag per value of this field, named `<tag>.<value>`. */
    by: field.optional(),
    /** Per-type weights for top (e.g. purchase 5, browse 2, search 1); types not listed weigh 0. */
    weights: z.record(z.string(), z.number()).optional(),
    /** How many values top keeps (default 1). */
    limit: z.number().int().min(1).max(50).optional(),
  });
}

const rule = z.discriminatedUnion("from", [
  z.strictObject({
    from: z.literal("profile"),
    /** A customer column (age, gender, region, tz, risk_tolerance, subsidiary), consents.<channel> or attributes.<name>. */
    field: z.string().min(1),
  }),
  rowRule("events"),
  rowRule("holdings"),
  rowRule("responses"),
  z.strictObject({ from: z.literal("graph"), agg: z.enum(["pagerank", "degree"]) }),
]);

const tag = z.strictObject({
  name,
  kind: z.enum(TAG_KINDS),
  type: z.enum(TAG_TYPES),
  description: z.string().optional(),
  /** Band edges, ascending: value < bands[0] → first label, bands[i] ≤ value < bands[i+1] → label i+1. */
  bands: z.array(z.number()).min(1).optional(),
  labels: z.array(z.string().min(1)).optional(),
  /** Show values masked (first and last character) wherever the portrait is displayed. */
  mask: z.boolean().optional(),
  rule: rule.optional(),
});

const file = z.strictObject({ version: z.number().int().min(1), tags: z.array(tag) });

export type TagRule = z.infer<typeof rule>;
export type RowRule = Exclude<TagRule, { from: "profile" } | { from: "graph" }>;
export type TagDefinition = z.infer<typeof tag>;
export interface TagDefinitions {
  version: number;
  tags: TagDefinition[];
}

const PROFILE_COLUMNS = ["age", "birth_date", "gender", "region", "tz", "risk_tolerance", "subsidiary"];

/** What is wrong with one tag beyond its shape, or null. */
function problem(t: TagDefinition): string | null {
  if (t.kind === "predicted") return t.rule ? "predicted tags are set by models and take no rule" : null;
  const r = t.rule;
  if (!r) return `${t.kind} tags need a rule`;
  if (t.type === "band") {
    if (!t.bands) return "band tags need bands";
    if (t.bands.some((b, i) => i > 0 && b <= (t.bands?.[i - 1] as number))) return "bands must be ascending";
  } else if (t.bands || t.labels) return "bands and labels are for band tags";
  if (t.labels && t.labels.length !== (t.bands?.length ?? 0) + 1)
    return `labels must number one more than bands (${(t.bands?.length ?? 0) + 1})`;
  if (r.from === "profile") {
    const ok =
      PROFILE_COLUMNS.includes(r.field) ||
      /^attributes\.[^.]+$/.test(r.field) ||
      /^consents\.[a-z]+$/.test(r.field);
    return ok
      ? null
      : `profile field '${r.field}' is not a customer column, consents.<channel> or attributes.<name>`;
  }
  if (r.from === "graph")
    return t.type === "number" || t.type === "band" ? null : "graph tags are number or band";
  const needsField = r.agg === "sum" || r.agg === "distinct" || r.agg === "top";
  if (needsField && !r.field) return `${r.agg} needs a field`;
  if (r.agg === "sum" && !["value", "amount"].includes(r.field as string)) return "sum reads value or amount";
  if (r.agg === "top") {
    if (t.type !== "category") return "top gives category tags";
    if (r.by) return "top takes no by";
  } else if (t.type === "category") return "category tags come from profile fields or top";
  if (r.weights && r.agg !== "top") return "weights are for top";
  if (r.limit && r.agg !== "top") return "limit is for top";
  return null;
}

/** Validates parsed definitions; errors name the tag. */
export function validateDefinitions(input: unknown, origin = "tag definitions"): TagDefinitions {
  const parsed = file.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const [first, index, ...rest] = issue.path;
    const tags = (input as { tags?: { name?: unknown }[] })?.tags;
    const tagName = first === "tags" && typeof index === "number" ? tags?.[index]?.name : undefined;
    const where =
      tagName !== undefined ? `tag '${String(tagName)}'` : issue.path.map(String).join(".") || "(file)";
    const field = first === "tags" ? rest.map(String).join(".") : "";
    throw new NudgeError(
      "INPUT_INVALID",
      `${origin}: ${where}${field ? ` ${field}` : ""}: ${issue.message}`,
      {
        path: issue.path.map(String),
      },
    );
  }
  const seen = new Set<string>();
  for (const t of parsed.data.tags) {
    if (seen.has(t.name))
      throw new NudgeError("INPUT_INVALID", `${origin}: tag '${t.name}' is defined twice`, { tag: t.name });
    seen.add(t.name);
    const wrong = problem(t);
    if (wrong) throw new NudgeError("INPUT_INVALID", `${origin}: tag '${t.name}': ${wrong}`, { tag: t.name });
  }
  return parsed.data;
}

/** Reads a definitions file: YAML for .yaml/.yml, JSON otherwise. */
export function loadDefinitions(path: string): TagDefinitions {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `cannot read tag definitions ${path}: ${(error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new NudgeError(
      "INPUT_INVALID",
      `${path} is not valid ${/\.ya?ml$/i.test(path) ? "YAML" : "JSON"}: ${(error as Error).message}`,
    );
  }
  return validateDefinitions(data, path);
}

/** The definitions that ship with Nudge (src/portrait/default-tags.json). */
export const DEFAULT_DEFINITIONS: TagDefinitions = validateDefinitions(defaults, "default-tags.json");

/** The band label of a value. */
export function bandOf(t: TagDefinition, value: number): string {
  const bands = t.bands ?? [];
  let i = 0;
  while (i < bands.length && value >= (bands[i] as number)) i++;
  if (t.labels) return t.labels[i] as string;
  if (i === 0) return `<${bands[0]}`;
  const low = bands[i - 1] as number;
  if (i === bands.length) return `${low}+`;
  const high = bands[i] as number;
  // Integer edges read as closed ranges (25-34); others as half-open ones (0.5-<1).
  return Number.isInteger(low) && Number.isInteger(high) ? `${low}-${high - 1}` : `${low}-<${high}`;
}
