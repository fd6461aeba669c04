/**
 * Portraits as model features: a customer's profile and rule tags flattened into one record. Number and
 * band tags give their measure (the raw count or amount: finer than the band), category tags their value,
 * and tags that keep several values (`interest`, the top categories) one column per value holding its
 * evidence. Predicted tags are left out so a model never learns from its own (or another model's) output.
 */
import type { CustomerRow, PortraitRow, Store } from "../store/index.js";
import { currentDefinitions } from "./build.js";
import type { TagDefinition } from "./definitions.js";
import { parseDoc, RULES_SOURCE, TermDictionary } from "./terms.js";

export type FeatureValue = string | number | null;

/** Profile columns every customer has, used as features as they are. */
const PROFILE_FIELDS = ["age", "gender", "region", "risk_tolerance", "subsidiary"] as const;

/** The profile a feature record is made from: a customer row, or a decoded customer. */
export type Profile = Pick<CustomerRow, (typeof PROFILE_FIELDS)[number]> & {
  attributes: string | Record<string, unknown>;
};

function attributesOf(attributes: Profile["attributes"]): Record<string, unknown> {
  if (typeof attributes !== "string") return attributes;
  try {
    return JSON.parse(attributes) as Record<string, unknown>;
  } catch {
    // Attributes are written by ingestion as JSON; a damaged value only loses these features.
    return {};
  }
}

/** The profile part of a customer's features: the standard fields and `attr.<name>` per extra attribute. */
export function profileFeatures(customer: Profile): Record<string, FeatureValue> {
  const record: Record<string, FeatureValue> = {};
  for (const field of PROFILE_FIELDS) record[field] = customer[field] ?? null;
  for (const [name, value] of Object.entries(attributesOf(customer.attributes)))
    if (typeof value === "string" || typeof value === "number") record[`attr.${name}`] = value;
  return record;
}

/** Whether tag `name` is left out by `exclude`: a listed name, or one under it (`holdings.count`). */
function excluded(name: string, exclude: readonly string[]): boolean {
  return exclude.some((prefix) => name === prefix || name.startsWith(`${prefix}.`));
}

/**
 * A feature record without the tags `exclude` leaves out, as if `PortraitFeatures.of` had been asked
 * for it: so one record read for several purposes serves a model that must not see some tags.
 */
export function withoutTags(
  record: Readonly<Record<string, FeatureValue>>,
  exclude: readonly string[],
): Record<string, FeatureValue> {
  const kept: Record<string, FeatureValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.startsWith("tag.")) {
      const eq = key.indexOf("=");
      if (excluded(eq < 0 ? key.slice(4) : key.slice(4, eq), exclude)) continue;
    }
    kept[key] = value;
  }
  return kept;
}

export class PortraitFeatures {
  private constructor(
    private readonly store: Store,
    private dictionary: TermDictionary,
    private definitions: Map<string, TagDefinition>,
  ) {}

  /** A reader with the store's current term dictionary and tag definitions. */
  static async load(store: Store): Promise<PortraitFeatures> {
    const [dictionary, definitions] = await Promise.all([
      TermDictionary.load(store),
      currentDefinitions(store),
    ]);
    return new PortraitFeatures(store, dictionary, new Map(definitions.tags.map((t) => [t.name, t])));
  }

  /** Reloads the term dictionary and definitions (after a portrait build added terms). */
  async refresh(): Promise<void> {
    const fresh = await PortraitFeatures.load(this.store);
    this.dictionary = fresh.dictionary;
    this.definitions = fresh.definitions;
  }

  /**
   * The features of one customer: profile fields, `attr.<name>` per extra attribute, and one entry per
   * rule tag (`events_30d.login`, `interest`…) unless its name starts with one of `exclude`. The portrait
   * is parsed once; when it holds terms newer than this reader's dictionary, the dictionary is reloaded.
   */
  async of(
    customer: Profile,
    portrait: PortraitRow | undefined,
    exclude: readonly string[] = [],
  ): Promise<Record<string, FeatureValue>> {
    const tags = parseDoc(portrait?.doc)[RULES_SOURCE]?.t ?? [];
    if (tags.some(([termId]) => this.dictionary.term(termId) === undefined)) await this.refresh();
    const record = profileFeatures(customer);
    for (const [termId, evidence, measure] of tags) {
      const term = this.dictionary.term(termId);
      if (!term || excluded(term.name, exclude)) continue;
      const definition = this.definitions.get(term.name.split(".")[0] as string);
      const rule = definition?.rule;
      if (term.value === "" || definition?.type === "band") record[`tag.${term.name}`] = measure ?? evidence;
      else if (rule && "agg" in rule && rule.agg === "top" && (rule.limit ?? 1) > 1)
        record[`tag.${term.name}=${term.value}`] = evidence;
      else record[`tag.${term.name}`] = term.value;
    }
    return record;
  }
}
