/**
 * What a person owns: each product with the probability their segment gives
 * it, tempered by suitability (products far above one's risk tolerance are
 * rarely sold). Some holdings were bought during the history window, and
 * behaviour.ts writes the purchase (and the browsing that led to it).
 */
import type { Rng } from "../core/index.js";
import { DAY_MS, type HistoryWindow, usualMoment } from "./calendar.js";
import type { Person } from "./people.js";
import { type DemoProduct, PRODUCTS } from "./products.js";

/** Probability of holding a product outside one's segment's preferences. */
const BASE_RATE = 0.006;
/** Suitability: a product this many levels above the customer's risk tolerance is rarely held… */
const UNSUITABLE_GAP = 2;
const UNSUITABLE_FACTOR = 0.3;
/** Share of holdings bought during the history window (so purchases show in events). */
const RECENT_SHARE = 0.12;
const MAX_PROBABILITY = 0.95;
/** Loan principal, yearly premium and balance-product amounts relative to a product's value. */
const PRINCIPAL_PER_VALUE = 1000;
const PREMIUM_PER_VALUE = 30;
const MIN_BALANCE_PER_VALUE = 50;

export interface Holding {
  product: DemoProduct;
  /** When it was bought: the exact moment when recent, else a day. */
  since: number;
  /** Bought inside the history window, so a purchase event goes with it. */
  recent: boolean;
  /** Minor units, or null where an amount means nothing (cards, services). */
  amount: number | null;
}

/** A person's probability of holding each product (PRODUCTS order). */
export function holdingProbabilities(p: Person): number[] {
  return PRODUCTS.map((product) => {
    let probability = p.segment.holds[product.id] ?? BASE_RATE;
    if (product.risk_level - p.riskTolerance >= UNSUITABLE_GAP) probability *= UNSUITABLE_FACTOR;
    return Math.min(MAX_PROBABILITY, probability);
  });
}

function amountOf(rng: Rng, p: Person, product: DemoProduct): number | null {
  const spread = 0.5 + rng.next();
  switch (product.amount) {
    case "none":
      return null;
    case "principal":
      return Math.round(product.value * PRINCIPAL_PER_VALUE * spread);
    case "premium":
      return Math.round(product.value * PREMIUM_PER_VALUE * spread);
    case "balance":
      return Math.round(
        Math.max(p.balance * (0.1 + 0.5 * rng.next()), product.value * MIN_BALANCE_PER_VALUE * spread),
      );
  }
}

/**
 * Draws a person's holdings. A recent one was bought at a usual hour on a day of the history window
 * (`since` is that moment, and behaviour.ts writes the purchase then); an older one on some day between
 * opening the relationship and the window.
 */
export function drawHoldings(rng: Rng, p: Person, window: HistoryWindow): Holding[] {
  const probabilities = holdingProbabilities(p);
  const held: Holding[] = [];
  const firstDay = Math.max(0, Math.ceil((p.openedAt - window.start) / DAY_MS));
  PRODUCTS.forEach((product, i) => {
    if (!rng.chance(probabilities[i] ?? 0)) return;
    const recent = firstDay > 0 || rng.chance(RECENT_SHARE);
    const since = recent
      ? usualMoment(rng, window, p.region.tz, rng.int(firstDay, window.days - 1), p.segment.activeHours)
      : Math.floor((p.openedAt + rng.next() * (window.start - p.openedAt)) / DAY_MS) * DAY_MS;
    held.push({ product, since, recent, amount: amountOf(rng, p, product) });
  });
  return held;
}
