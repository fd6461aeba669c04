/**
 * Computing one customer's tags from the facts about them: each definition's rule reads one source
 * (profile, events, holdings, responses, graph), filters by window and `where`, aggregates, optionally
 * per group (`by`), and the tag's type turns the number into a band label, a number, a category or a
 * flag. Absence means zero: a count of nothing, a recency with no event or a false flag is no tag.
 */
import { bandOf, type RowRule, type TagDefinition, type TagDefinitions } from "./definitions.js";

const DAY_MS = 86_400_000;

export interface EventFact {
  type: string;
  item_id: string | null;
  category: string | null;
  value: number | null;
  /** Epoch milliseconds. */
  ts: number;
  hour: number;
  daypart: string;
}

export interface HoldingFact {
  product_id: string;
  category: string | null;
  amount: number | null;
  risk_level: number | null;
}

export interface ResponseFact {
  type: string;
  channel: string | null;
  ts: number;
}

export interface CustomerFacts {
  id: string;
  /** Customer columns plus `attributes` and `consents` as objects. */
  profile: Record<string, unknown>;
  events: EventFact[];
  holdings: HoldingFact[];
  responses: ResponseFact[];
  graph: { pagerank: number; degree: number } | null;
}

/** One computed tag: `name` is the definition's, or `<name>.<group>` for rules with `by`. */
export interface ComputedTag {
  name: string;
  definition: TagDefinition;
  /** The stored value: category or band label, number, or true. */
  value: string | number | boolean;
  /** The number behind it (count, sum, days, score…), kept for explanations and term frequency. */
  measure: number;
  /** How many observations support the tag: counts for count/distinct/top, else 1. */
  evidence: number;
}

type Row = Record<string, unknown> & { ts?: number; type?: string };

function matches(row: Row, where: RowRule["where"]): boolean {
  if (!where) return true;
  for (const [field, wanted] of Object.entries(where)) {
    // Compared as text: a definition's "3" matches the number 3 in the data.
    const value = String(row[field]);
    const ok = Array.isArray(wanted) ? wanted.some((w) => String(w) === value) : String(wanted) === value;
    if (!ok) return false;
  }
  return true;
}

/** A number from an aggregate over rows, or null when there is nothing to say. */
function aggregate(
  rule: RowRule,
  rows: readonly Row[],
  all: number,
  asOf: number,
): { measure: number; evidence: number } | null {
  switch (rule.agg) {
    case "count":
      return rows.length > 0 ? { measure: rows.length, evidence: rows.length } : null;
    case "sum": {
      let sum = 0;
      let seen = false;
      for (const row of rows) {
        const v = row[rule.field as string];
        if (typeof v === "number") {
          sum += v;
          seen = true;
        }
      }
      return seen && sum !== 0 ? { measure: sum, evidence: 1 } : null;
    }
    case "recency": {
      let last = Number.NEGATIVE_INFINITY;
      for (const row of rows) if ((row.ts as number) > last) last = row.ts as number;
      return rows.length > 0
        ? { measure: Math.max(0, Math.floor((asOf - last) / DAY_MS)), evidence: 1 }
        : null;
    }
    case "distinct": {
      const values = new Set<unknown>();
      for (const row of rows) {
        const v = row[rule.field as string];
        if (v !== null && v !== undefined) values.add(v);
      }
      return values.size > 0 ? { measure: values.size, evidence: values.size } : null;
    }
    case "share":
      return rows.length > 0 && all > 0 ? { measure: rows.length / all, evidence: 1 } : null;
    case "top":
      throw new Error("top is computed by topValues");
  }
}

/** The best values of `field` by weighted count, highest first (ties by value). */
function topValues(rule: RowRule, rows: readonly Row[]): { value: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const row of rows) {
    const value = row[rule.field as string];
    if (value === null || value === undefined || value === "") continue;
    const weight = rule.weights ? (rule.weights[String(row.type)] ?? 0) : 1;
    if (weight === 0) continue;
    const key = String(value);
    scores.set(key, (scores.get(key) ?? 0) + weight);
  }
  return [...scores]
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, rule.limit ?? 1)
    .map(([value, score]) => ({ value, score }));
}

/** Turns a measured number into the tag's stored value, or null for no tag. */
function typed(definition: TagDefinition, measure: number): string | number | boolean | null {
  switch (definition.type) {
    case "band":
      return bandOf(definition, measure);
    case "number":
      return measure;
    case "boolean":
      return measure > 0 ? true : null;
    case "category":
      return String(measure);
  }
}

function profileValue(profile: Record<string, unknown>, field: string): unknown {
  const dot = field.indexOf(".");
  if (dot < 0) return profile[field];
  const group = profile[field.slice(0, dot)] as Record<string, unknown> | undefined;
  return group?.[field.slice(dot + 1)];
}

function fromProfile(definition: TagDefinition, value: unknown): ComputedTag | null {
  if (value === null || value === undefined || value === "") return null;
  const measure = Number(value);
  if (definition.type === "category")
    return {
      name: definition.name,
      definition,
      value: String(value),
      measure: Number.isFinite(measure) ? measure : 1,
      evidence: 1,
    };
  if (!Number.isFinite(measure)) return null;
  const stored = typed(definition, measure);
  return stored === null ? null : { name: definition.name, definition, value: stored, measure, evidence: 1 };
}

function rowsOf(facts: CustomerFacts, from: RowRule["from"]): readonly Row[] {
  if (from === "events") return facts.events as unknown as Row[];
  if (from === "holdings") return facts.holdings as unknown as Row[];
  return facts.responses as unknown as Row[];
}

function fromRows(
  definition: TagDefinition,
  rule: RowRule,
  facts: CustomerFacts,
  asOf: number,
): ComputedTag[] {
  let rows = rowsOf(facts, rule.from);
  if (rule.window) {
    const since = asOf - Number.parseInt(rule.window, 10) * DAY_MS;
    rows = rows.filter((r) => (r.ts as number) > since && (r.ts as number) <= asOf);
  } else if (rule.from !== "holdings") {
    rows = rows.filter((r) => (r.ts as number) <= asOf);
  }
  const inWindow = rows.length;
  rows = rule.where ? rows.filter((r) => matches(r, rule.where)) : rows;

  if (rule.agg === "top") {
    return topValues(rule, rows).map(({ value, score }) => ({
      name: definition.name,
      definition,
      value,
      measure: score,
      evidence: score,
    }));
  }
  const groups = new Map<string, Row[]>();
  if (rule.by) {
    for (const row of rows) {
      const key = row[rule.by];
      if (key === null || key === undefined || key === "") continue;
      const list = groups.get(String(key));
      if (list) list.push(row);
      else groups.set(String(key), [row]);
    }
  } else groups.set("", rows as Row[]);
  // share with `by` is each group's share of the filtered rows; without it, of the rows in the window.
  const whole = rule.by ? rows.length : inWindow;
  const out: ComputedTag[] = [];
  for (const [group, groupRows] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const result = aggregate(rule, groupRows, whole, asOf);
    if (!result) continue;
    const value = typed(definition, result.measure);
    if (value === null) continue;
    out.push({
      name: group === "" ? definition.name : `${definition.name}.${group}`,
      definition,
      value,
      measure: result.measure,
      evidence: result.evidence,
    });
  }
  return out;
}

/** Every tag the definitions give one customer, as of `asOf` (epoch ms). Predicted tags are not computed here. */
export function computeTags(definitions: TagDefinitions, facts: CustomerFacts, asOf: number): ComputedTag[] {
  const out: ComputedTag[] = [];
  for (const definition of definitions.tags) {
    const rule = definition.rule;
    if (!rule) continue;
    if (rule.from === "profile") {
      const tag = fromProfile(definition, profileValue(facts.profile, rule.field));
      if (tag) out.push(tag);
    } else if (rule.from === "graph") {
      const measure = facts.graph ? facts.graph[rule.agg === "pagerank" ? "pagerank" : "degree"] : 0;
      const value = measure > 0 ? typed(definition, measure) : null;
      if (value !== null) out.push({ name: definition.name, definition, value, measure, evidence: 1 });
    } else out.push(...fromRows(definition, rule, facts, asOf));
  }
  return out;
}

/** Which sources the definitions read, so a build loads only those. */
export function sourcesUsed(definitions: TagDefinitions): Set<string> {
  return new Set(definitions.tags.flatMap((t) => (t.rule ? [t.rule.from] : [])));
}

/** The longest window of the event rules, in days; null when some event rule reads all history. */
export function eventHistoryDays(definitions: TagDefinitions): number | null {
  let days = 0;
  for (const t of definitions.tags) {
    if (t.rule?.from !== "events") continue;
    if (!t.rule.window) return null;
    days = Math.max(days, Number.parseInt(t.rule.window, 10));
  }
  return days;
}
