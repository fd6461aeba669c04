/**
 * The demo's incentive campaign chosen by uplift. An uplift model learns from the fee-waiver coupon's
 * randomized history (outcomes.csv) over the relations graph; every customer is scored, and the next fee
 * waiver is proposed to those where P(persuadable) × value − cost > 0, best net value first, under a
 * budget. The campaign keeps half of them as its control group. The simulated customers then respond by
 * the class the generator planted in them (truth.csv: a persuadable one takes the offer almost only when
 * contacted), so the realised lift against control and the realised Qini say what the model really bought.
 */
import { type Clock, Rng, systemClock } from "../core/index.js";
import { type CampaignRunReport, createCampaign, runCampaign } from "../decide/index.js";
import { type Channel, Dispatcher, startDelivery } from "../deliver/index.js";
import type { DemoManifest } from "../demo/index.js";
import { COUPON_CAMPAIGN, respondsToIncentive, type UpliftClass } from "../demo/index.js";
import {
  type CampaignUplift,
  campaignUplift,
  type LiftGroup,
  liftReport,
  recordFeedback,
  writeCampaignOutcomes,
} from "../feedback/index.js";
import {
  type IncentiveResult,
  incentiveCandidates,
  type UpliftTrainReport,
} from "../sources/uplift/index.js";
import type { Store } from "../store/index.js";
import { readTable } from "./data-file.js";
import { trainUpliftFromStore } from "./model-uplift.js";

/** The demo's incentive: a fee waiver worth CNY 200 when it persuades, costing CNY 20 (minor units). */
export const DEMO_INCENTIVE = {
  campaign: "demo-incentive",
  offerId: "fee-waiver",
  value: 20_000,
  cost: 2_000,
  /** Most customers proposed; the campaign keeps `controlShare` of them uncontacted. */
  budget: 600,
  controlShare: 0.5,
} as const;

export interface IncentiveTour {
  model: { id: string; form: string; report: UpliftTrainReport };
  candidates: IncentiveResult;
  run: CampaignRunReport;
  simulatedConversions: { contacted: number; baseline: number };
  /** The campaign's lift row: contacted against its control group and the holdout. */
  lift: LiftGroup | null;
  uplift: CampaignUplift;
}

/** Trains the uplift model, proposes the incentive, runs and delivers the campaign, and reports it. */
export async function runIncentiveTour(
  store: Store,
  channels: Channel[],
  options: { seed: number; truth: DemoManifest["truth"]; holdoutKey?: string; clock?: Clock },
): Promise<IncentiveTour> {
  const clock = options.clock ?? systemClock;
  const { model, report } = await trainUpliftFromStore(store, {
    campaign: COUPON_CAMPAIGN,
    seed: options.seed,
    name: "demo-uplift",
  });
  const candidates = await incentiveCandidates(store, {
    model: model.id,
    offerId: DEMO_INCENTIVE.offerId,
    value: DEMO_INCENTIVE.value,
    cost: DEMO_INCENTIVE.cost,
    budget: DEMO_INCENTIVE.budget,
    clock,
  });
  if (!(await store.campaigns.get(DEMO_INCENTIVE.campaign)))
    await createCampaign(
      store,
      {
        name: DEMO_INCENTIVE.campaign,
        source: "uplift",
        channel: "inapp",
        controlShare: DEMO_INCENTIVE.controlShare,
        costPerSend: DEMO_INCENTIVE.cost,
        // The demo runs at any hour: quiet hours would hold every message until the morning.
        policies: { quietHours: null },
        template: {
          title: "Your next transfer fee is on us",
          body: "A fee waiver for your next transfer, valid for 14 days.",
        },
      },
      { clock, actor: "demo" },
    );
  const run = await runCampaign(store, DEMO_INCENTIVE.campaign, {
    clock,
    holdoutKey: options.holdoutKey,
    actor: "demo",
  });
  const delivery = await startDelivery(store, { channels });
  const dispatcher = new Dispatcher(store, delivery.channels, { clock });
  await dispatcher.drain();
  await dispatcher.close();

  const classes = await plantedClasses(options.truth.path);
  const campaign = await store.campaigns.get(DEMO_INCENTIVE.campaign);
  const rng = new Rng(options.seed ^ 0x1ace);
  const simulated = { contacted: 0, baseline: 0 };
  for (const r of campaign ? await store.decisions.responses(campaign.id) : []) {
    const planted = classes.get(r.customer_id);
    const contacted = r.arm === "contact";
    if (!planted || !respondsToIncentive(rng, planted, contacted)) continue;
    await recordFeedback(
      store,
      { customerId: r.customer_id, type: "conversion", decisionId: r.id },
      { clock },
    );
    simulated[contacted ? "contacted" : "baseline"]++;
  }
  const campaignId = campaign?.id ?? "";
  // The campaign's own outcomes become randomized history the next uplift model can learn from.
  await writeCampaignOutcomes(store, campaignId);
  const lift = await liftReport(store, { campaignId });
  return {
    model: { id: model.id, form: report.graph ? "graph" : "mlp", report },
    candidates,
    run,
    simulatedConversions: simulated,
    lift: lift.groups.find((g) => g.campaign === campaignId && g.source === null) ?? null,
    uplift: await campaignUplift(store, campaignId),
  };
}

/** Person id → the uplift class the generator planted (truth.csv; never ingested). */
async function plantedClasses(path: string): Promise<Map<string, UpliftClass>> {
  const truth = await readTable(path);
  const people = truth.column("person_id");
  const classes = truth.column("uplift_class");
  return new Map(people.map((id, r) => [String(id), String(classes[r]) as UpliftClass]));
}
