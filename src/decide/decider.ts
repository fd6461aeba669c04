/**
 * The real-time arbiter: `decide` answers a customer's next best offers for one moment (a login, a
 * page view) and records the decision. Proposals are the customer's open candidates from every source
 * plus what live proposers answer now (the propensity model at login); policies drop or defer them;
 * the rest are ranked. A customer in the global holdout gets no offers, and the decision records what
 * they would have got, so lift is measured against them.
 */
import { type Clock, extend, NudgeError, newId, systemClock } from "../core/index.js";
import { type FeatureValue, PortraitFeatures } from "../portrait/index.js";
import type { CandidateRow, Customer, PortraitRow, Store } from "../store/index.js";
import { type Arbitration, arbitrate, type Levers, type RankedProposal } from "./arbitrate.js";
import { Catalog, type CatalogEntry } from "./catalog.js";
import { inHoldout } from "./holdout.js";
import { type Arm, type DeliveryPayload, recordDecision } from "./record.js";
import { DEFAULT_POLICY_SETTINGS } from "./settings.js";
import { historyOf, subjectOf } from "./subject.js";
import type { PolicySettings, Proposal } from "./types.js";

/** Share of customers never contacted, measured against the rest. */
export const DEFAULT_HOLDOUT_SHARE = 0.05;
/** Used when no holdout key is configured: stable, but guessable; set NUDGE_HOLDOUT_KEY in production. */
export const DEFAULT_HOLDOUT_KEY = "nudge-global-holdout";
/** The channel of an answer the app shows itself: the response is the delivery. */
export const APP_CHANNEL = "app";
/** Offers answered per request unless asked otherwise. */
export const DEFAULT_DECIDE_LIMIT = 3;

/** What the arbiter read of the customer, handed to live proposers so they read nothing again. */
export interface ProposerInput {
  customer: Customer;
  portrait: PortraitRow | undefined;
  holdings: readonly { product_id: string }[];
  /** The portrait's feature record, all tags (`PortraitFeatures.of`). */
  features: Readonly<Record<string, FeatureValue>>;
  context: string;
}

/** Proposes offers for a customer now, e.g. by scoring the propensity model. */
export type Proposer = (input: ProposerInput) => Promise<Proposal[]>;

export interface DeciderOptions {
  settings?: PolicySettings;
  levers?: Levers;
  holdoutShare?: number;
  holdoutKey?: string;
  clock?: Clock;
  /** Live proposers by context (`login` → the propensity model); `*` for every context. */
  proposers?: Record<string, Proposer[]>;
  /** Template of a push decided in real time (a campaign brings its own). */
  template?: { title: string; body: string };
}

export interface DecideRequest {
  customerId: string;
  context: string;
  /** `app` (default): the answer is shown by the caller; any other channel is delivered through the outbox. */
  channel?: string;
  limit?: number;
}

export interface DecidedOffer {
  offerId: string;
  offerKind: string;
  name: string | null;
  category: string | null;
  source: string;
  score: number;
  value: number;
  persuadable: number | null;
  priority: number;
  reason: string;
  modelId: string | null;
  scheduledAt: string | null;
}

export interface DecisionResult {
  decisionId: string;
  customerId: string;
  context: string;
  channel: string;
  arm: Arm;
  /** Ranked, best first; empty for a customer held out. */
  offers: DecidedOffer[];
  dropped: Arbitration["dropped"];
  deliveryId: string | null;
}

export const DEFAULT_PUSH_TEMPLATE = {
  title: "{{offer_name}}",
  body: "{{offer_name}}: picked for you. {{reason}}",
};

export class Decider {
  private readonly catalog: Catalog;
  private features: PortraitFeatures | undefined;
  private readonly settings: PolicySettings;
  private readonly clock: Clock;

  constructor(
    private readonly store: Store,
    private readonly options: DeciderOptions = {},
  ) {
    this.catalog = new Catalog(store);
    this.settings = options.settings ?? DEFAULT_POLICY_SETTINGS;
    this.clock = options.clock ?? systemClock;
  }

  async decide(request: DecideRequest): Promise<DecisionResult> {
    const channel = request.channel ?? APP_CHANNEL;
    const limit = request.limit ?? DEFAULT_DECIDE_LIMIT;
    const now = this.clock.now();
    const [customer, portrait, catalog, candidates, holdings] = await Promise.all([
      this.store.customers.get(request.customerId),
      this.store.portraits.get(request.customerId),
      this.catalog.get(),
      this.store.candidates.open(request.customerId, now.toISOString()),
      this.store.holdings.forCustomer(request.customerId),
    ]);
    if (!customer) throw new NudgeError("NOT_FOUND", `no customer '${request.customerId}'`);
    this.features ??= await PortraitFeatures.load(this.store);
    const live = [
      ...(this.options.proposers?.[request.context] ?? []),
      ...(this.options.proposers?.["*"] ?? []),
    ];
    // One feature record serves the policies and every live proposer.
    const features = await this.features.of(customer, portrait);
    const subject = subjectOf(customer, features);
    const [history, ...proposed] = await Promise.all([
      historyOf(this.store, customer.id, now, this.settings, channel),
      ...live.map((propose) => propose({ customer, portrait, holdings, features, context: request.context })),
    ]);
    const held = new Set(holdings.map((h) => h.product_id));
    const owned: Arbitration["dropped"] = [];
    const proposals: Proposal[] = [];
    for (const p of [
      ...candidates.map((c) => proposalOf(c, catalog)),
      ...proposed.flat().map((p) => withCatalog(p, catalog)),
    ]) {
      if (p.offerKind === "product" && held.has(p.offerId))
        owned.push({
          offerId: p.offerId,
          source: p.source,
          policy: "eligibility",
          reason: "already holds it",
        });
      else proposals.push(p);
    }
    const arbitration = arbitrate({
      subject,
      proposals,
      channel,
      now,
      history,
      settings: this.settings,
      levers: this.options.levers,
    });
    const ranked = arbitration.ranked;
    const dropped = [...owned, ...arbitration.dropped];
    const heldOut = inHoldout(
      this.options.holdoutKey ?? DEFAULT_HOLDOUT_KEY,
      customer.id,
      this.options.holdoutShare ?? DEFAULT_HOLDOUT_SHARE,
      "global",
    );
    const chosen = ranked[0] ?? null;
    const arm: Arm = !chosen ? "none" : heldOut ? "holdout" : "contact";
    const id = newId("dec");
    const shown = arm === "contact" ? ranked.slice(0, limit) : [];
    const { deliveryId } = await recordDecision(this.store, {
      id,
      customerId: customer.id,
      context: request.context,
      slot: `${request.context}:${id}`,
      channel,
      arm,
      campaignId: null,
      chosen,
      alternatives: ranked.slice(1, limit),
      dropped,
      decidedAt: now,
      delivery:
        channel === APP_CHANNEL || !chosen
          ? null
          : pushPayload(
              chosen,
              catalog.get(chosen.offerId),
              this.options.template ?? DEFAULT_PUSH_TEMPLATE,
              null,
            ),
    });
    return {
      decisionId: id,
      customerId: customer.id,
      context: request.context,
      channel,
      arm,
      offers: shown.map((p) => decidedOffer(p, catalog.get(p.offerId))),
      dropped,
      deliveryId,
    };
  }
}

/** A candidate row as a proposal, with value, category and risk from the catalog. */
export function proposalOf(candidate: CandidateRow, catalog: Map<string, CatalogEntry>): Proposal {
  return withCatalog(
    {
      candidateId: candidate.id,
      offerId: candidate.offer_id,
      offerKind: candidate.offer_kind,
      source: candidate.source,
      score: Number(candidate.score),
      value: 0,
      category: null,
      riskLevel: null,
      persuadable: persuadableOf(candidate.reason),
      cost: 0,
      modelId: candidate.model_id,
      reason: reasonText(candidate.reason),
    },
    catalog,
  );
}

/** Value, category and risk level of a product come from the catalog, whatever a source said. */
export function withCatalog(proposal: Proposal, catalog: Map<string, CatalogEntry>): Proposal {
  const product = catalog.get(proposal.offerId);
  if (!product) return proposal;
  return extend(proposal, { value: product.value, category: product.category, riskLevel: product.riskLevel });
}

/** Candidate reasons are text or JSON with a `summary`. */
function reasonText(reason: string): string {
  if (!reason.startsWith("{")) return reason;
  try {
    const parsed = JSON.parse(reason) as { summary?: unknown };
    return typeof parsed.summary === "string" ? parsed.summary : reason;
  } catch {
    return reason;
  }
}

/** An uplift source writes `persuadable` into its candidates' reason JSON. */
function persuadableOf(reason: string): number | null {
  if (!reason.startsWith("{")) return null;
  try {
    const value = (JSON.parse(reason) as { persuadable?: unknown }).persuadable;
    return typeof value === "number" && value >= 0 && value <= 1 ? value : null;
  } catch {
    return null;
  }
}

export function pushPayload(
  chosen: RankedProposal,
  product: CatalogEntry | undefined,
  template: { title: string; body: string },
  campaignId: string | null,
): DeliveryPayload {
  return {
    offerId: chosen.offerId,
    template,
    params: {
      offer_id: chosen.offerId,
      offer_name: product?.name ?? chosen.offerId,
      category: product?.category ?? chosen.category ?? "",
      reason: chosen.reason,
      source: chosen.source,
    },
    campaignId,
  };
}

function decidedOffer(p: RankedProposal, product: CatalogEntry | undefined): DecidedOffer {
  return {
    offerId: p.offerId,
    offerKind: p.offerKind,
    name: product?.name ?? null,
    category: p.category,
    source: p.source,
    score: p.score,
    value: p.value,
    persuadable: p.persuadable,
    priority: Math.round(p.priority * 1e4) / 1e4,
    reason: p.reason,
    modelId: p.modelId,
    scheduledAt: p.scheduledAt ? p.scheduledAt.toISOString() : null,
  };
}
