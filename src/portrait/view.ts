/**
 * A portrait as people read it: every tag with kind, value, weight (and its TF and IDF parts), the
 * source, when it was set and why — the rule and the measured number behind it — plus the negative
 * feedback in force. Values of tags defined with `mask` are shown masked.
 */
import { type Clock, NudgeError, round4, systemClock } from "../core/index.js";
import { maskPii } from "../ingest/index.js";
import type { Store } from "../store/index.js";
import { currentDefinitions } from "./build.js";
import { type TagDefinition, type TagDefinitions, validateDefinitions } from "./definitions.js";
import { adjustmentFactors, patternMatches, suppressedCategories } from "./feedback.js";
import { parseDoc, RULES_SOURCE, TermDictionary, weigh } from "./terms.js";

export interface PortraitTag {
  name: string;
  kind: string;
  type: string;
  value: string | number | boolean;
  weight: number;
  tf: number;
  idf: number;
  /** Product of the negative-feedback factors in force (1: none). */
  factor: number;
  evidence: number;
  source: string;
  setAt: string;
  explanation: string;
  adjustments: string[];
}

export interface PortraitView {
  customerId: string;
  asOf: string;
  builtAt: string;
  /** Customers with a portrait: the N of the IDF. */
  population: number;
  tags: PortraitTag[];
  suppressions: { category: string; until: string; adjustment: string; reason: string }[];
  adjustments: { id: string; type: string; reason: string; createdAt: string }[];
}

function describeRule(definition: TagDefinition, group: string | null, asOf: string): string {
  const rule = definition.rule;
  if (!rule) return definition.description ?? definition.name;
  const day = asOf.slice(0, 10);
  if (rule.from === "profile") return rule.field;
  if (rule.from === "graph")
    return rule.agg === "pagerank"
      ? "PageRank in the relations graph (1 = average)"
      : "relations to other customers";
  const where = Object.entries({ ...rule.where, ...(group !== null && rule.by ? { [rule.by]: group } : {}) })
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("|") : v}`)
    .join(", ");
  const rows = `${rule.from}${where ? ` where ${where}` : ""}`;
  const window = rule.window ? ` in the ${Number.parseInt(rule.window, 10)} days to ${day}` : ` to ${day}`;
  switch (rule.agg) {
    case "count":
      return `count of ${rows}${window}`;
    case "sum":
      return `sum of ${rule.field} over ${rows}${window}`;
    case "recency":
      return `days since the last of ${rows}${window}`;
    case "distinct":
      return `distinct ${rule.field} over ${rows}${window}`;
    case "share":
      return `share of ${rows} among all ${rule.from}${window}`;
    case "top": {
      const weights = rule.weights
        ? ` (weights ${Object.entries(rule.weights)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")})`
        : "";
      return `score of this ${rule.field} over ${rows}${window}${weights}, top ${rule.limit ?? 1}`;
    }
  }
}

/** One customer's portrait, weights computed now from the stored evidence and document frequencies. */
export async function portraitOf(
  store: Store,
  customerId: string,
  options: { clock?: Clock } = {},
): Promise<PortraitView> {
  const now = (options.clock ?? systemClock).now();
  const stored = await store.portraits.get(customerId);
  if (!stored) {
    const exists = await store.customers.get(customerId);
    throw new NudgeError(
      "NOT_FOUND",
      exists
        ? `customer '${customerId}' has no portrait yet; run nudge portrait build`
        : `no customer '${customerId}'`,
    );
  }
  const doc = parseDoc(stored.doc);
  const [dictionary, population, adjustments, suppressions, inForce] = await Promise.all([
    TermDictionary.load(store),
    store.portraits.count(),
    store.portraits.adjustments([customerId]),
    suppressedCategories(store, customerId, now),
    currentDefinitions(store),
  ]);
  const definitionsOf = new Map<string, TagDefinitions>();
  const definitionsFor = async (source: string): Promise<TagDefinitions> => {
    const build = source === RULES_SOURCE ? doc[source]?.build : undefined;
    if (!build) return inForce;
    let found = definitionsOf.get(build);
    if (!found) {
      const row = await store.portraits.getBuild(build);
      found = row ? validateDefinitions(JSON.parse(row.definitions)) : inForce;
      definitionsOf.set(build, found);
    }
    return found;
  };
  const factor = adjustmentFactors(adjustments, (id) => dictionary.term(id));
  const tags: PortraitTag[] = [];
  for (const w of weigh(doc, dictionary, population, factor)) {
    const term = dictionary.term(w.termId);
    if (!term) continue;
    const definitions = await definitionsFor(w.source);
    const dot = term.name.indexOf(".");
    const base = dot < 0 ? term.name : term.name.slice(0, dot);
    const group = dot < 0 ? null : term.name.slice(dot + 1);
    const definition = definitions.tags.find((t) => t.name === base);
    const value: string | number | boolean =
      definition?.type === "number" ? w.measure : definition?.type === "boolean" ? true : term.value;
    const shown = definition?.mask && typeof value === "string" ? maskPii(value) : value;
    const setAt = doc[w.source]?.at ?? stored.built_at;
    const measured =
      definition?.type === "number" || definition?.type === "category" ? "" : `: ${w.measure} → ${shown}`;
    const explanation = !definition
      ? `set by ${w.source}; its definition is no longer in force`
      : definition.kind === "predicted"
        ? `set by ${w.source}${doc[w.source]?.model ? ` (${doc[w.source]?.model})` : ""} at ${setAt}${measured || `: ${shown}`}`
        : `${describeRule(definition, group, stored.as_of)}${measured || `: ${definition.rule?.from === "profile" ? shown : round4(w.measure)}`}`;
    tags.push({
      name: term.name,
      kind: definition?.kind ?? "unknown",
      type: definition?.type ?? "unknown",
      value: shown,
      weight: round4(w.weight),
      tf: round4(w.tf),
      idf: round4(w.idf),
      factor: round4(w.factor),
      evidence: w.evidence,
      source: w.source,
      setAt,
      explanation,
      adjustments: adjustments
        .filter((a) => (JSON.parse(a.terms) as string[]).some((p) => patternMatches(p, term)))
        .map((a) => a.id),
    });
  }
  tags.sort((a, b) => b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    customerId,
    asOf: stored.as_of,
    builtAt: stored.built_at,
    population,
    tags,
    suppressions,
    adjustments: adjustments.map((a) => ({
      id: a.id,
      type: a.feedback_type,
      reason: a.reason,
      createdAt: a.created_at,
    })),
  };
}
