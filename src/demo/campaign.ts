/**
 * A randomized incentive in the history: a fee-waiver coupon sent to half the
 * customers at random. Each person has a latent uplift class — "always" buys
 * anyway, "persuadable" buys only with the coupon, "never" does not buy —
 * drawn from their segment's weights and adjusted by what can be observed
 * (app consent, income, how much they already hold), so an uplift model has
 * a real, learnable treatment effect to find.
 */
import type { Rng } from "../core/index.js";
import { DAY_MS, isoSeconds } from "./calendar.js";
import type { Cell } from "./csv-writer.js";
import type { Person } from "./people.js";

export const OUTCOME_COLUMNS = ["customer_id", "campaign", "treated", "responded", "ts"] as const;
export const UPLIFT_CLASSES = ["always", "persuadable", "never"] as const;
export type UpliftClass = (typeof UPLIFT_CLASSES)[number];

export const COUPON_CAMPAIGN = "fee-waiver-coupon";
export const TREATED_SHARE = 0.5;
/** The campaign starts this many days before the reference date and runs for CAMPAIGN_DAYS. */
const CAMPAIGN_START_DAYS_BEFORE_END = 45;
const CAMPAIGN_DAYS = 30;
/** Response probabilities: a class is a tendency, not a certainty. */
const RESPONSE = {
  always: { treated: 0.85, control: 0.8 },
  persuadable: { treated: 0.8, control: 0.06 },
  never: { treated: 0.03, control: 0.02 },
} as const;
/** People who allow in-app messages notice a coupon; those who do not, rarely. */
const INAPP_PERSUADABLE = 1.5;
const NO_INAPP_PERSUADABLE = 0.5;
/** Lower incomes care more about a fee waiver. */
const LOW_INCOME_PERSUADABLE = 1.4;
const LOW_INCOMES = new Set(["under_50k", "50k_150k"]);
/** Customers already holding several products buy again without a nudge. */
const LOYAL_HOLDINGS = 3;
const LOYAL_ALWAYS = 1.6;

/** The person's uplift class, from their segment's weights and observable features. */
export function drawUpliftClass(rng: Rng, p: Person, holdings: number): UpliftClass {
  const [always, persuadable, never] = p.segment.uplift;
  const consent = p.consents.inapp === 1 ? INAPP_PERSUADABLE : NO_INAPP_PERSUADABLE;
  const income = LOW_INCOMES.has(p.incomeBand) ? LOW_INCOME_PERSUADABLE : 1;
  const loyal = holdings >= LOYAL_HOLDINGS ? LOYAL_ALWAYS : 1;
  return rng.weighted(UPLIFT_CLASSES, [always * loyal, persuadable * consent * income, never]);
}

/** Whether a customer of this class takes up the offer, offered the incentive (`treated`) or not. */
export function respondsToIncentive(rng: Rng, upliftClass: UpliftClass, treated: boolean): boolean {
  const rates = RESPONSE[upliftClass];
  return rng.chance(treated ? rates.treated : rates.control);
}

/**
 * The outcomes.csv row: treated at random; `ts` is the response moment for responders and the
 * campaign's close for the others.
 */
export function campaignOutcome(rng: Rng, id: string, upliftClass: UpliftClass, endMs: number): Cell[] {
  const treated = rng.chance(TREATED_SHARE);
  const responded = respondsToIncentive(rng, upliftClass, treated);
  const start = endMs - CAMPAIGN_START_DAYS_BEFORE_END * DAY_MS;
  const ts = responded ? start + rng.next() * CAMPAIGN_DAYS * DAY_MS : start + CAMPAIGN_DAYS * DAY_MS;
  return [id, COUPON_CAMPAIGN, treated ? 1 : 0, responded ? 1 : 0, isoSeconds(ts)];
}
