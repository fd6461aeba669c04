/**
 * Campaigns: batch sends from a source (its open candidates, or one fixed offer), to an audience (a
 * JsonLogic rule over profile and tags), through one channel, inside a time window, under a budget.
 * A run decides for every customer of the audience once per day (the slot `campaign:ID:DAY`), so a
 * repeated or resumed run decides nobody twice. Contacts are ranked over the whole audience before
 * the budget is spent, so a small budget goes to the best prospects, not to the first ids. Held-out
 * customers (global holdout) and the campaign's control group get decisions too, never deliveries.
 */
import { z } from "zod";
import { type Clock, NudgeError, newId, parseInput, systemClock, templateFields } from "../core/index.js";
import { PortraitFeatures } from "../portrait/index.js";
import type { CampaignRow, Customer, Store } from "../store/index.js";
import { parseJson } from "../store/index.js";
import { arbitrate, type Levers, type RankedProposal } from "./arbitrate.js";
import { Catalog } from "./catalog.js";
import {
  DEFAULT_HOLDOUT_KEY,
  DEFAULT_HOLDOUT_SHARE,
  DEFAULT_PUSH_TEMPLATE,
  proposalOf,
  pushPayload,
  withCatalog,
} from "./decider.js";
import { evaluateRule, validateRule } from "./eligibility.js";
import { inHoldout } from "./holdout.js";
import { type Arm, type DecisionRecord, recordDecisions } from "./record.js";
import { resolvePolicySettings } from "./settings.js";
import { historyOf, subjectOf } from "./subject.js";
import type { PolicySettings, Proposal } from "./types.js";

/** Placeholders a template may use; the dispatcher fills them in. */
export const TEMPLATE_PARAMS = [
  "customer_id",
  "offer_id",
  "offer_name",
  "category",
  "reason",
  "source",
] as const;
/** A campaign that pushes one offer rather than a source's candidates. */
export const OFFER_SOURCE = "offer";
const PAGE = 1_000;
const WRITE_BATCH = 500;

export const CampaignInputSchema = z
  .object({
    name: z.string().min(1).max(128),
    source: z
      .string()
      .min(1)
      .max(64)
      .describe(`a candidate source (propensity, segment, …) or '${OFFER_SOURCE}'`),
    offerId: z.string().min(1).optional().describe(`the offer pushed when source is '${OFFER_SOURCE}'`),
    channel: z.string().min(1).max(64),
    audience: z.unknown().optional().describe("JsonLogic rule over profile and tags; everyone when absent"),
    template: z.object({ title: z.string().min(1).max(200), body: z.string().min(1).max(4000) }).optional(),
    policies: z.record(z.string(), z.unknown()).optional().describe("overrides of the policy settings"),
    controlShare: z.number().min(0).max(0.5).default(0),
    budgetSends: z.number().int().positive().optional(),
    budgetCost: z.number().int().positive().optional().describe("minor units"),
    costPerSend: z.number().int().min(0).default(0).describe("minor units"),
    startAt: z.iso.datetime({ offset: true }).optional(),
    endAt: z.iso.datetime({ offset: true }).optional(),
    schedule: z
      .enum(["once", "daily"])
      .optional()
      .describe("run by the server: once when its window opens, or every day in it; absent: run by hand"),
  })
  .strict();

export type CampaignInput = z.input<typeof CampaignInputSchema>;

/** Validates and stores a campaign; answers its row. */
export async function createCampaign(
  store: Store,
  input: CampaignInput,
  options: { clock?: Clock; actor?: string } = {},
): Promise<CampaignRow> {
  const c = parseInput(CampaignInputSchema, input, "campaign");
  if (c.source === OFFER_SOURCE) {
    if (!c.offerId)
      throw new NudgeError("INPUT_INVALID", `campaign: offerId is required when source is '${OFFER_SOURCE}'`);
    if (!(await store.products.knownIds([c.offerId])).has(c.offerId))
      throw new NudgeError("INPUT_INVALID", `campaign: offerId: no product '${c.offerId}'`);
  }
  if (c.audience !== undefined) {
    try {
      validateRule(c.audience);
    } catch (error) {
      throw new NudgeError("INPUT_INVALID", `campaign: audience: ${(error as Error).message}`);
    }
  }
  const template = c.template ?? DEFAULT_PUSH_TEMPLATE;
  for (const [field, text] of Object.entries(template)) {
    let fields: string[];
    try {
      fields = templateFields(text);
    } catch (error) {
      throw new NudgeError("INPUT_INVALID", `campaign: template.${field}: ${(error as Error).message}`);
    }
    for (const name of fields)
      if (!(TEMPLATE_PARAMS as readonly string[]).includes(name))
        throw new NudgeError(
          "INPUT_INVALID",
          `campaign: template.${field}: unknown placeholder {{${name}}} (known: ${TEMPLATE_PARAMS.join(", ")})`,
        );
  }
  resolvePolicySettings(c.policies ?? {});
  if (c.startAt && c.endAt && Date.parse(c.endAt) <= Date.parse(c.startAt))
    throw new NudgeError("INPUT_INVALID", "campaign: endAt must be after startAt");
  if (await store.campaigns.get(c.name))
    throw new NudgeError("CONFLICT", `campaign: a campaign named '${c.name}' exists`);
  const now = (options.clock ?? systemClock).now().toISOString();
  const row: CampaignRow = {
    id: newId("cmp"),
    name: c.name,
    source: c.source,
    offer_id: c.offerId ?? null,
    channel: c.channel,
    audience: c.audience === undefined ? null : JSON.stringify(c.audience),
    template: JSON.stringify(template),
    policies: JSON.stringify(c.policies ?? {}),
    control_share: c.controlShare,
    budget_sends: c.budgetSends ?? null,
    budget_cost: c.budgetCost ?? null,
    cost_per_send: c.costPerSend,
    start_at: c.startAt ? new Date(c.startAt).toISOString() : null,
    end_at: c.endAt ? new Date(c.endAt).toISOString() : null,
    schedule: c.schedule ?? null,
    last_run_at: null,
    status: "active",
    created_at: now,
    updated_at: now,
  };
  await store.transaction(async (tx) => {
    await tx.campaigns.insert(row);
    await tx.audit.record({
      id: newId("aud"),
      at: now,
      actor: options.actor ?? "cli",
      action: "campaign.create",
      target: row.id,
      details: JSON.stringify({ name: row.name, source: row.source, channel: row.channel }),
    });
  });
  return row;
}

export interface CampaignRunOptions {
  clock?: Clock;
  holdoutKey?: string;
  holdoutShare?: number;
  /** Settings the campaign's own policy overrides apply over. */
  settings?: Partial<PolicySettings>;
  levers?: Levers;
  actor?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface CampaignRunReport {
  campaign: string;
  slot: string;
  /** Customers looked at. */
  customers: number;
  /** Customers already decided in this slot (an earlier run the same day). */
  alreadyDecided: number;
  inAudience: number;
  /** Customers with nothing left to send after the policies. */
  nothingToSend: number;
  contacted: number;
  holdout: number;
  control: number;
  /** Would have been contacted but the budget was spent. */
  overBudget: number;
  deferred: number;
  deliveries: number;
  /** Drops by policy. */
  drops: Record<string, number>;
  spent: { sends: number; cost: number };
}

interface Entry {
  customerId: string;
  chosen: RankedProposal | null;
  alternatives: RankedProposal[];
  dropped: ReturnType<typeof arbitrate>["dropped"];
  arm: Arm;
}

/** Decides the campaign for its audience now and writes decisions and deliveries. */
export async function runCampaign(
  store: Store,
  idOrName: string,
  options: CampaignRunOptions = {},
): Promise<CampaignRunReport> {
  const campaign = await store.campaigns.get(idOrName);
  if (!campaign) throw new NudgeError("NOT_FOUND", `no campaign '${idOrName}'`);
  const clock = options.clock ?? systemClock;
  const now = clock.now();
  const iso = now.toISOString();
  if (campaign.status !== "active")
    throw new NudgeError("CONFLICT", `campaign '${campaign.name}' is ${campaign.status}`);
  if (campaign.start_at && iso < campaign.start_at)
    throw new NudgeError("CONFLICT", `campaign '${campaign.name}' starts at ${campaign.start_at}`);
  if (campaign.end_at && iso >= campaign.end_at)
    throw new NudgeError("CONFLICT", `campaign '${campaign.name}' ended at ${campaign.end_at}`);
  const settings = resolvePolicySettings(options.settings ?? {}, parseJson(campaign.policies, {}));
  const audience = campaign.audience ? (JSON.parse(campaign.audience) as unknown) : null;
  const template = parseJson(campaign.template, DEFAULT_PUSH_TEMPLATE);
  const slot = `campaign:${campaign.id}:${iso.slice(0, 10)}`;
  const catalog = await new Catalog(store).get();
  const features = await PortraitFeatures.load(store);
  const holdoutKey = options.holdoutKey ?? DEFAULT_HOLDOUT_KEY;
  const report: CampaignRunReport = {
    campaign: campaign.id,
    slot,
    customers: 0,
    alreadyDecided: 0,
    inAudience: 0,
    nothingToSend: 0,
    contacted: 0,
    holdout: 0,
    control: 0,
    overBudget: 0,
    deferred: 0,
    deliveries: 0,
    drops: {},
    spent: await store.decisions.spend(campaign.id),
  };
  const total = await store.customers.count();
  const entries: Entry[] = [];
  for await (const page of store.customers.pages(PAGE)) {
    report.customers += page.length;
    const ids = page.map((c) => c.id);
    const [decided, portraits, candidates] = await Promise.all([
      store.decisions.decidedIn(slot, ids),
      store.portraits.many(ids),
      campaign.source === OFFER_SOURCE
        ? Promise.resolve([])
        : store.candidates.openFor(ids, campaign.source, iso),
    ]);
    const byCustomer = new Map<string, Proposal[]>();
    for (const c of candidates) {
      const list = byCustomer.get(c.customer_id) ?? [];
      list.push({ ...proposalOf(c, catalog), cost: Number(campaign.cost_per_send) });
      byCustomer.set(c.customer_id, list);
    }
    for (const customer of page) {
      if (decided.has(customer.id)) {
        report.alreadyDecided++;
        continue;
      }
      const subject = subjectOf(customer, await features.of(customer, portraits.get(customer.id)));
      if (audience !== null && !evaluateRule(audience, subject.facts)) continue;
      report.inAudience++;
      const proposals =
        campaign.source === OFFER_SOURCE
          ? [fixedOffer(campaign, catalog)]
          : (byCustomer.get(customer.id) ?? []);
      const history = await historyOf(store, customer.id, now, settings, campaign.channel);
      const { ranked, dropped } = arbitrate({
        subject,
        proposals,
        channel: campaign.channel,
        now,
        history,
        settings,
        levers: options.levers,
      });
      for (const d of dropped) report.drops[d.policy] = (report.drops[d.policy] ?? 0) + 1;
      const chosen = ranked[0] ?? null;
      if (!chosen) report.nothingToSend++;
      // Nobody proposed anything for this customer: no decision to record.
      if (!chosen && dropped.length === 0) continue;
      entries.push({
        customerId: customer.id,
        chosen,
        alternatives: ranked.slice(1, 3),
        dropped,
        arm: armOf(customer, campaign, holdoutKey, options.holdoutShare, chosen),
      });
    }
    options.onProgress?.(report.customers, total);
  }
  // The budget goes to the contacts with the highest priority.
  entries.sort(
    (a, b) =>
      (b.chosen?.priority ?? -1) - (a.chosen?.priority ?? -1) || (a.customerId < b.customerId ? -1 : 1),
  );
  const records: DecisionRecord[] = [];
  for (const entry of entries) {
    if (entry.arm === "contact" && entry.chosen) {
      const cost = entry.chosen.cost;
      const overSends =
        campaign.budget_sends !== null && report.spent.sends + 1 > Number(campaign.budget_sends);
      const overCost =
        campaign.budget_cost !== null && report.spent.cost + cost > Number(campaign.budget_cost);
      if (overSends || overCost) {
        report.overBudget++;
        continue;
      }
      report.spent.sends++;
      report.spent.cost += cost;
      report.contacted++;
      if (entry.chosen.scheduledAt) report.deferred++;
    } else if (entry.arm === "holdout") report.holdout++;
    else if (entry.arm === "control") report.control++;
    records.push({
      id: newId("dec"),
      customerId: entry.customerId,
      context: "campaign",
      slot,
      channel: campaign.channel,
      arm: entry.arm,
      campaignId: campaign.id,
      chosen: entry.chosen,
      alternatives: entry.alternatives,
      dropped: entry.dropped,
      decidedAt: now,
      delivery: entry.chosen
        ? pushPayload(entry.chosen, catalog.get(entry.chosen.offerId), template, campaign.id)
        : null,
    });
  }
  for (let i = 0; i < records.length; i += WRITE_BATCH) {
    for (const r of await recordDecisions(store, records.slice(i, i + WRITE_BATCH)))
      if (r.deliveryId) report.deliveries++;
  }
  await store.campaigns.update(campaign.id, {
    updated_at: iso,
    last_run_at: iso,
    ...(campaign.schedule === "once" ? { status: "done" } : {}),
  });
  await store.audit.record({
    id: newId("aud"),
    at: iso,
    actor: options.actor ?? "cli",
    action: "campaign.run",
    target: campaign.id,
    details: JSON.stringify({
      slot,
      contacted: report.contacted,
      holdout: report.holdout,
      control: report.control,
      deliveries: report.deliveries,
    }),
  });
  return report;
}

/** Scheduled campaigns whose window is open and that have not run today (UTC day), oldest first. */
export async function dueCampaigns(store: Store, now: Date): Promise<CampaignRow[]> {
  const iso = now.toISOString();
  return (await store.campaigns.list())
    .filter(
      (c) =>
        c.status === "active" &&
        c.schedule !== null &&
        (c.start_at === null || c.start_at <= iso) &&
        (c.end_at === null || iso < c.end_at) &&
        (c.last_run_at === null || (c.schedule === "daily" && c.last_run_at.slice(0, 10) < iso.slice(0, 10))),
    )
    .reverse();
}

function armOf(
  customer: Customer,
  campaign: CampaignRow,
  key: string,
  share: number | undefined,
  chosen: RankedProposal | null,
): Arm {
  if (!chosen) return "none";
  if (inHoldout(key, customer.id, share ?? DEFAULT_HOLDOUT_SHARE, "global")) return "holdout";
  if (campaign.control_share > 0 && inHoldout(key, customer.id, Number(campaign.control_share), campaign.id))
    return "control";
  return "contact";
}

function fixedOffer(campaign: CampaignRow, catalog: Awaited<ReturnType<Catalog["get"]>>): Proposal {
  return withCatalog(
    {
      candidateId: null,
      offerId: campaign.offer_id as string,
      offerKind: "product",
      source: OFFER_SOURCE,
      score: 1,
      value: 0,
      category: null,
      riskLevel: null,
      persuadable: null,
      cost: Number(campaign.cost_per_send),
      modelId: null,
      reason: `campaign ${campaign.name}`,
    },
    catalog,
  );
}
