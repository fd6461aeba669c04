/**
 * Message tags: what a message offers, in the terms of a customer portrait, so a matcher can compare the
 * two. Each product category has default tags (category-tags.json, editable); `messageTags` merges them
 * with what `extractFields` found in the text: age limits, risk level, validity dates, term, and the
 * amounts that move the consumption level. Consumption levels use the labels of the portrait's
 * spending_capacity tag (low, medium, high).
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import type { Amount } from "./amounts.js";
import shipped from "./category-tags.json" with { type: "json" };
import type { ExtractedFields } from "./fields.js";

/** How much spending a message asks of a customer; the labels of the portrait's spending_capacity. */
export type ConsumptionLevel = "low" | "medium" | "high";

const LOWEST_RISK = 1;
const HIGHEST_RISK = 5;

const categoryTagsSchema = z.strictObject({
  /** The portrait `interest` value (a product category) a customer shows for this kind of offer. */
  interest: z.string().min(1),
  /** The content theme: savings, investment, trading, protection, spending, credit, business. */
  content: z.string().min(1),
  consumption: z.enum(["low", "medium", "high"]),
  /** Whether buyers of the category are the group's high-potential customers. */
  highPotential: z.boolean(),
  /** The lowest portrait risk_tolerance the category suits when the text names no risk level. */
  minRiskTolerance: z.number().int().min(LOWEST_RISK).max(HIGHEST_RISK).default(LOWEST_RISK),
});
const tableSchema = z.record(z.string().min(1), categoryTagsSchema);

/** The default tags of one category, as in category-tags.json. */
export type CategoryTags = z.infer<typeof categoryTagsSchema>;
/** Category → its default tags. */
export type CategoryTagTable = Readonly<Record<string, CategoryTags>>;

/** The tags of one message, ready to compare with a portrait. */
export interface MessageTags {
  category: string;
  interest: string;
  content: string;
  consumption: ConsumptionLevel;
  /** The category's flag, or true when the message asks for high spending. */
  highPotential: boolean;
  /** The lowest risk_tolerance (1–5) the message suits: its stated risk level, else the category default. */
  minRiskTolerance: number;
  /** The risk level the text states, null when it states none. */
  riskLevel: number | null;
  ageMin: number | null;
  ageMax: number | null;
  /** ISO dates (or --MM-DD without a year) the offer runs from and until. */
  validFrom: string | null;
  validUntil: string | null;
  termDays: number | null;
  /** The entry amount (the largest floor) in yuan or an unstated currency; null when none. */
  minAmount: number | null;
  /** The largest cap (最高可借30万元), likewise. */
  maxAmount: number | null;
}

/** From this entry amount (yuan) a message asks for medium spending: 1万元起购. */
export const MEDIUM_CONSUMPTION_FROM = 10_000;
/** From this entry amount (yuan) a message asks for high spending: 20万元起存 (a large CD's floor). */
export const HIGH_CONSUMPTION_FROM = 200_000;
const LEVELS: readonly ConsumptionLevel[] = ["low", "medium", "high"];

/** Checks a tag table, naming the category and field that are wrong. */
export function validateCategoryTags(input: unknown, origin = "category tags"): CategoryTagTable {
  const parsed = tableSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0] as z.core.$ZodIssue;
  const [category, ...field] = issue.path.map(String);
  const unknown = issue.code === "unrecognized_keys" ? ` ${issue.keys.join(", ")}` : "";
  const where = category === undefined ? "(file)" : `category '${category}'`;
  const what = field.length > 0 ? ` field '${field.join(".")}'` : unknown ? " field" : "";
  throw new NudgeError("INPUT_INVALID", `${origin}: ${where}${what}${unknown}: ${issue.message}`, {
    path: issue.path.map(String),
  });
}

/** Reads and checks a tag table file; without a path, the shipped category-tags.json. */
export function loadCategoryTags(path?: string): CategoryTagTable {
  if (path === undefined) return DEFAULT_CATEGORY_TAGS;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new NudgeError(
      "INPUT_UNREADABLE",
      `cannot read category tags ${path}: ${(error as Error).message}`,
    );
  }
  return validateCategoryTags(data, path);
}

/** The shipped table (src/text/extract/category-tags.json). */
export const DEFAULT_CATEGORY_TAGS: CategoryTagTable = validateCategoryTags(shipped, "category-tags.json");

/** A message's tags: its category's defaults merged with the fields found in its text. */
export function messageTags(
  category: string,
  fields: ExtractedFields,
  table: CategoryTagTable = DEFAULT_CATEGORY_TAGS,
): MessageTags {
  const defaults = table[category];
  if (defaults === undefined)
    throw new NudgeError(
      "INPUT_INVALID",
      `unknown category '${category}' (known: ${Object.keys(table).join(", ")})`,
      { category },
    );
  const consumption = consumptionLevel(defaults.consumption, fields.amounts);
  return {
    category,
    interest: defaults.interest,
    content: defaults.content,
    consumption,
    highPotential: defaults.highPotential || consumption === "high",
    minRiskTolerance: fields.riskLevel ?? defaults.minRiskTolerance,
    riskLevel: fields.riskLevel,
    ageMin: fields.ageRange?.min ?? null,
    ageMax: fields.ageRange?.max ?? null,
    validFrom: fields.dateRange?.from ?? null,
    validUntil: fields.dateRange?.to ?? null,
    termDays: fields.term?.days ?? null,
    minAmount: largest(moneyWith(fields.amounts, "minimum")),
    maxAmount: largest(moneyWith(fields.amounts, "maximum")),
  };
}

/**
 * The spending a message asks for. A floor (20万元起存, from 50,000) sets the level either way; a cap
 * (最高可借30万元) says nothing of who can buy; a bare price (全年仅需99元, 首刷送50元) may only raise
 * the category's level, since small bare amounts are often gifts or daily prices.
 */
export function consumptionLevel(category: ConsumptionLevel, amounts: readonly Amount[]): ConsumptionLevel {
  const floor = largest(moneyWith(amounts, "minimum"));
  if (floor !== null) return levelOf(floor);
  const bare = largest(moneyWith(amounts, null));
  if (bare === null) return category;
  const raised = levelOf(bare);
  return LEVELS.indexOf(raised) > LEVELS.indexOf(category) ? raised : category;
}

function levelOf(amount: number): ConsumptionLevel {
  if (amount >= HIGH_CONSUMPTION_FROM) return "high";
  return amount >= MEDIUM_CONSUMPTION_FROM ? "medium" : "low";
}

/** Money amounts of one role, in yuan or an unstated currency (grams and foreign currencies left out). */
function moneyWith(amounts: readonly Amount[], role: Amount["role"]): number[] {
  return amounts
    .filter((a) => (a.role ?? null) === role && (a.currency === null || a.currency === "CNY"))
    .map((a) => a.value);
}

function largest(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}
