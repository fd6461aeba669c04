/**
 * Uplift from the store: a campaign's randomized outcomes joined with the customers' profiles and portrait
 * tags (tags built from responses are left out: they would restate the outcome) and the relations among
 * them; and candidates for an incentive where P(persuadable) × value − cost > 0, best net value first,
 * under a budget.
 */
import { type Clock, NudgeError, newId, round4, systemClock } from "../../core/index.js";
import { type Cell, ModelLoader, Table } from "../../ml/index.js";
import { PortraitFeatures } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";
import { type IdEdges, scoreUplift, upliftModelOf } from "./train.js";

/** Candidate source name of incentives chosen by uplift. */
export const UPLIFT_SOURCE = "uplift";
/** Column names of the table built from the store. */
export const STORE_COLUMNS = { id: "customer_id", treatment: "treated", outcome: "responded" } as const;
/** Portrait tags computed from responses to campaigns: they would leak the outcome into the features. */
export const RESPONSE_TAGS = ["preferred_channel", "channel_preference"];
const PAGE = 1000;
/** Days an incentive candidate stays open. */
const CANDIDATE_DAYS = 14;

/** The campaign to learn from: the one named, or the only one with outcomes. */
async function campaignOf(store: Store, campaign: string | undefined): Promise<string> {
  const campaigns = await store.outcomes.campaigns();
  if (campaign !== undefined) {
    if (!campaigns.some((c) => c.campaign === campaign))
      throw new NudgeError("NOT_FOUND", `no outcomes of campaign '${campaign}'`);
    return campaign;
  }
  if (campaigns.length === 1) return (campaigns[0] as { campaign: string }).campaign;
  throw new NudgeError(
    "INPUT_INVALID",
    campaigns.length === 0
      ? "no outcomes in the store: ingest outcomes (customer, campaign, treated, responded) first"
      : `outcomes of ${campaigns.length} campaigns: name one with --campaign (${campaigns.map((c) => c.campaign).join(", ")})`,
  );
}

/** Feature records (id first) of customers, from their profiles and portraits. */
async function featureRecords(
  store: Store,
  ids: readonly string[],
): Promise<{ row: number; values: Record<string, Cell> }[]> {
  const features = await PortraitFeatures.load(store);
  const records: { row: number; values: Record<string, Cell> }[] = [];
  for (let i = 0; i < ids.length; i += PAGE) {
    const chunk = ids.slice(i, i + PAGE);
    const [customers, portraits] = await Promise.all([
      store.customers.getMany(chunk),
      store.portraits.many(chunk),
    ]);
    for (const id of chunk) {
      const customer = customers.get(id);
      if (!customer) continue;
      const values = await features.of(customer, portraits.get(id), RESPONSE_TAGS);
      records.push({ row: records.length + 1, values: { [STORE_COLUMNS.id]: id, ...values } });
    }
  }
  return records;
}

/** Relations whose two ends are both among `ids`. */
async function graphAmong(store: Store, ids: ReadonlySet<string>): Promise<IdEdges | undefined> {
  const ends = (await store.relations.ends()).filter((e) => ids.has(e.src) && ids.has(e.dst));
  return ends.length > 0 ? { src: ends.map((e) => e.src), dst: ends.map((e) => e.dst) } : undefined;
}

/** A campaign's outcomes as a training table (customer_id, treated, responded, features) and its graph. */
export async function upliftTableFromStore(
  store: Store,
  options: { campaign?: string } = {},
): Promise<{ campaign: string; table: Table; graph: IdEdges | undefined }> {
  const campaign = await campaignOf(store, options.campaign);
  const outcomes = new Map((await store.outcomes.forCampaign(campaign)).map((o) => [o.customer_id, o]));
  const records = await featureRecords(store, [...outcomes.keys()]);
  const columns = new Set<string>([STORE_COLUMNS.id, STORE_COLUMNS.treatment, STORE_COLUMNS.outcome]);
  for (const record of records) {
    const outcome = outcomes.get(String(record.values[STORE_COLUMNS.id]));
    record.values[STORE_COLUMNS.treatment] = outcome?.treated ?? 0;
    record.values[STORE_COLUMNS.outcome] = outcome?.responded ?? 0;
    for (const name of Object.keys(record.values)) columns.add(name);
  }
  const table = Table.fromRecords([...columns], records);
  return { campaign, table, graph: await graphAmong(store, new Set(outcomes.keys())) };
}

export interface IncentiveOptions {
  /** An uplift model (id or name). */
  model: string;
  /** The incentive on offer (a product or offer id), and what a persuaded customer is worth and it costs. */
  offerId: string;
  value: number;
  cost: number;
  /** Most candidates written (the campaign budget in sends); default all with a positive net value. */
  budget?: number;
  clock?: Clock;
}

export interface IncentiveResult {
  model: string;
  scored: number;
  /** Customers with P(persuadable) × value − cost > 0. */
  worthwhile: number;
  candidates: number;
  /** Sum of the written candidates' expected net value. */
  expectedNetValue: number;
}

/** Scores every customer with an uplift model and writes the incentive's candidates by net value. */
export async function incentiveCandidates(store: Store, options: IncentiveOptions): Promise<IncentiveResult> {
  if (
    !(
      Number.isFinite(options.value) &&
      Number.isFinite(options.cost) &&
      options.value > 0 &&
      options.cost >= 0
    )
  )
    throw new NudgeError("INPUT_INVALID", "value must be positive and cost not negative");
  const { id, model } = await new ModelLoader(store).load(options.model, upliftModelOf, "uplift");
  const ids: string[] = [];
  for await (const page of store.customers.pages(PAGE)) ids.push(...page.map((c) => c.id));
  const records = await featureRecords(store, ids);
  const columns = new Set<string>(model.encoder.columns.map((c) => c.name));
  columns.add(STORE_COLUMNS.id);
  const table = Table.fromRecords([...columns], records);
  const graph = model.model.form === "graph" ? await graphAmong(store, new Set(ids)) : undefined;
  if (model.model.form === "graph" && !graph)
    throw new NudgeError(
      "INPUT_INVALID",
      "this uplift model learned over a graph, and the store has no relations",
    );
  const scores = scoreUplift({ ...model, id: STORE_COLUMNS.id }, table, graph);
  const customerIds = table.column(STORE_COLUMNS.id);
  const worthwhile = customerIds
    .map((customer, r) => {
      const persuadable = Math.max(0, scores.uplift[r] as number);
      return { customer: String(customer), persuadable, net: persuadable * options.value - options.cost };
    })
    .filter((c) => c.net > 0)
    .sort((a, b) => b.net - a.net || (a.customer < b.customer ? -1 : 1));
  const chosen = worthwhile.slice(0, options.budget ?? worthwhile.length);
  const now = (options.clock ?? systemClock).now();
  const expires = new Date(now.getTime() + CANDIDATE_DAYS * 86_400_000).toISOString();
  const rows = chosen.map((c) => ({
    id: newId("cand"),
    customer_id: c.customer,
    offer_id: options.offerId,
    offer_kind: "incentive",
    source: UPLIFT_SOURCE,
    score: round4(c.persuadable),
    expected_value: round4(c.net),
    reason: JSON.stringify({
      summary: `P(persuadable) ${c.persuadable.toFixed(2)} × ${options.value} − ${options.cost} = ${c.net.toFixed(2)}`,
      persuadable: round4(c.persuadable),
      netValue: round4(c.net),
    }),
    model_id: id,
    status: "open",
    created_at: now.toISOString(),
    expires_at: expires,
  }));
  await store.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += PAGE) await tx.candidates.insert(rows.slice(i, i + PAGE));
  });
  return {
    model: id,
    scored: table.rows,
    worthwhile: worthwhile.length,
    candidates: rows.length,
    expectedNetValue: round4(chosen.reduce((s, c) => s + c.net, 0)),
  };
}
