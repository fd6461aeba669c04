/**
 * Next best offers for one customer, in real time: the latest propensity model (loaded once, looked up
 * again after a minute so a new version takes over), the customer's profile and portrait as features,
 * products the customer does not hold ranked by probability, each with the features that drove it.
 * The offers are written as candidates for the arbiter.
 */
import { type Clock, extend, NudgeError, newId, round4, systemClock } from "../../core/index.js";
import {
  type Cell,
  type Classifier,
  classifierOf,
  type FeatureEffect,
  ModelLoader,
  scanRow,
  topEffects,
} from "../../ml/index.js";
import { type FeatureValue, PortraitFeatures, withoutTags } from "../../portrait/index.js";
import type { Customer, PortraitRow, Store } from "../../store/index.js";
import { LEAKING_TAGS, OFFER_PREFIX } from "./dataset.js";
import { PROPENSITY_KIND } from "./train.js";

/** Offers answered (and written as candidates) per request, unless asked otherwise. */
export const DEFAULT_OFFERS = 3;
/** Features named as the reason of an offer. */
const REASON_FEATURES = 3;
/** How long a loaded model serves before the registry is asked for a newer version. */
const MODEL_REFRESH_MS = 60_000;
/** Candidates from a login stay open this long. */
const CANDIDATE_TTL_MS = 24 * 3600_000;

export interface Offer {
  productId: string;
  name: string;
  category: string;
  probability: number;
  /** probability × product value (minor units). */
  expectedValue: number;
  /** Features that raised the probability most, e.g. `tag.interest = fund (+0.12)`. */
  reason: string;
  drivers: FeatureEffect[];
}

export interface OfferList {
  customerId: string;
  model: string;
  context: string;
  offers: Offer[];
  /** Candidates written. */
  candidates: number;
}

interface Loaded {
  id: string;
  classifier: Classifier;
  /** The product each of the classifier's targets stands for, in target order. */
  offerIds: string[];
  products: Map<string, { name: string; category: string; value: number }>;
  at: number;
}

/** What a caller already read of the customer, so scoring reads nothing again. */
export interface LoadedCustomer {
  customer: Customer | undefined;
  portrait: PortraitRow | undefined;
  holdings: readonly { product_id: string }[];
  /** The portrait's feature record with every tag, when the caller has read it. */
  features?: Readonly<Record<string, FeatureValue>>;
}

export interface ScorerOptions {
  /** Model name or id (default: the latest "propensity"). */
  model?: string;
  clock?: Clock;
}

export class PropensityScorer {
  private readonly loader: ModelLoader;
  private loaded: Loaded | undefined;
  private features: PortraitFeatures | undefined;
  private readonly clock: Clock;

  constructor(
    private readonly store: Store,
    private readonly options: ScorerOptions = {},
  ) {
    this.loader = new ModelLoader(store);
    this.clock = options.clock ?? systemClock;
  }

  private async model(): Promise<Loaded> {
    const now = Date.now();
    if (this.loaded && now - this.loaded.at < MODEL_REFRESH_MS) return this.loaded;
    const name = this.options.model ?? PROPENSITY_KIND;
    const { id, model } = await this.loader.load(name, classifierOf, PROPENSITY_KIND).catch((error) => {
      throw error instanceof NudgeError && error.code === "NOT_FOUND"
        ? new NudgeError(
            "NOT_FOUND",
            `no propensity model '${name}' yet: run nudge model train propensity --from-store`,
          )
        : error;
    });
    if (this.loaded?.id === id) {
      this.loaded.at = now;
      return this.loaded;
    }
    const products = new Map(
      (await this.store.products.list()).map((p) => [
        p.id,
        { name: p.name, category: p.category, value: Number(p.value ?? 0) },
      ]),
    );
    const offerIds = model.targets.map((t) => t.column.slice(OFFER_PREFIX.length));
    this.loaded = { id, classifier: model, offerIds, products, at: now };
    return this.loaded;
  }

  /** Ranked offers for a customer; written as candidates unless `write` is false. */
  async offers(
    customerId: string,
    options: { context?: string; limit?: number; write?: boolean; loaded?: LoadedCustomer } = {},
  ): Promise<OfferList> {
    const context = options.context ?? "score";
    const limit = options.limit ?? DEFAULT_OFFERS;
    const given = options.loaded;
    const [{ id: modelId, classifier, offerIds, products }, customer, portrait, holdings] = await Promise.all(
      [
        this.model(),
        given ? given.customer : this.store.customers.get(customerId),
        given ? given.portrait : this.store.portraits.get(customerId),
        given ? given.holdings : this.store.holdings.forCustomer(customerId),
      ],
    );
    if (!customer) throw new NudgeError("NOT_FOUND", `no customer '${customerId}'`);
    let row: Record<string, Cell>;
    if (given?.features) row = withoutTags(given.features, LEAKING_TAGS);
    else {
      this.features ??= await PortraitFeatures.load(this.store);
      row = await this.features.of(customer, portrait, LEAKING_TAGS);
    }
    // One forward pass scores the row and, for the reasons, the row with each feature blanked.
    const scan = scanRow(classifier, row);
    const p = scan.probabilities;
    const held = new Set(holdings.map((h) => h.product_id));
    const ranked = offerIds
      .map((productId, j) => ({ productId, j, probability: p[j] as number }))
      .filter((o) => !held.has(o.productId) && products.has(o.productId))
      .sort((a, b) => b.probability - a.probability || (a.productId < b.productId ? -1 : 1))
      .slice(0, limit);
    const offers = ranked.map(({ productId, j, probability }): Offer => {
      const product = products.get(productId) as { name: string; category: string; value: number };
      const drivers = distinctDrivers(topEffects(scan, j, 2 * REASON_FEATURES), REASON_FEATURES);
      return {
        productId,
        name: product.name,
        category: product.category,
        probability: round4(probability),
        expectedValue: round4(probability * product.value),
        reason: drivers.length
          ? drivers.map(({ driver, text }) => `${text} (+${driver.effect.toFixed(2)})`).join("; ")
          : "base rate of similar customers",
        drivers: drivers.map(({ driver }) => extend(driver, { effect: round4(driver.effect) })),
      };
    });
    let candidates = 0;
    if (options.write !== false && offers.length > 0) {
      const now = this.clock.now();
      await this.store.candidates.insert(
        offers.map((o) => ({
          id: newId("cand"),
          customer_id: customerId,
          offer_id: o.productId,
          offer_kind: "product",
          source: PROPENSITY_KIND,
          score: o.probability,
          expected_value: o.expectedValue,
          reason: JSON.stringify({ context, summary: o.reason, drivers: o.drivers }),
          model_id: modelId,
          status: "open",
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + CANDIDATE_TTL_MS).toISOString(),
        })),
      );
      candidates = offers.length;
    }
    return { customerId, model: modelId, context, offers, candidates };
  }
}

/**
 * The first `limit` drivers that read differently, largest effect first, each with how it reads
 * (`describeFeature`). A profile field and the tag made from it (`risk_tolerance` and `tag.risk_tolerance`)
 * read the same, and a reason naming one fact twice says less than it seems to.
 */
export function distinctDrivers(
  drivers: readonly FeatureEffect[],
  limit: number,
): { driver: FeatureEffect; text: string }[] {
  const kept: { driver: FeatureEffect; text: string }[] = [];
  for (const driver of drivers) {
    const text = describeFeature(driver.feature, driver.value);
    if (kept.some((k) => k.text === text)) continue;
    kept.push({ driver, text });
    if (kept.length === limit) break;
  }
  return kept;
}

/** A feature as a person reads it: `interest: fund`, `age = 61`, `occupation = owner`. */
function describeFeature(feature: string, value: Cell): string {
  const name = feature.replace(/^(tag|attr)\./, "");
  const eq = name.indexOf("=");
  if (eq >= 0) return `${name.slice(0, eq)}: ${name.slice(eq + 1)}`;
  const shown = typeof value === "number" && !Number.isInteger(value) ? value.toFixed(2) : String(value);
  return `${name} = ${shown}`;
}
