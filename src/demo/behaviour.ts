/**
 * What a person does in the app over the history window: sessions at their
 * usual local hours, each a login followed by browsing, clicking and
 * searching mostly what their segment likes (and what they already own);
 * every recent holding comes with its purchase, led up to by a look at the
 * product; owners of savings products sometimes top them up.
 */
import type { Rng } from "../core/index.js";
import { type HistoryWindow, isoSeconds, usualMoment } from "./calendar.js";
import type { Cell } from "./csv-writer.js";
import type { Holding } from "./holdings.js";
import type { Person } from "./people.js";
import { type DemoProduct, PRODUCTS } from "./products.js";

export const EVENT_COLUMNS = ["customer_id", "type", "item_id", "category", "ts", "value"] as const;

/** Interest in a product the segment does not favour, against its holding probability for favourites. */
const BASE_INTEREST = 0.03;
/** People look at what they own more than at the rest. */
const OWNED_INTEREST = 1.5;
/** Session counts vary around the segment's mean (log-normal spread, mean kept at 1). */
const SESSION_SPREAD = 0.6;
/** Actions after the login: 1 + geometric, at most MAX_ACTIONS. */
const MORE_ACTION_CHANCE = 0.6;
const MAX_ACTIONS = 8;
const ACTION_TYPES = ["browse", "click", "search"] as const;
const ACTION_WEIGHTS = [0.55, 0.25, 0.2];
/** Seconds between two events of a session. */
const STEP_SECONDS: readonly [number, number] = [8, 180];
const TOP_UP_CHANCE = 0.05;
const TOP_UP_SHARE: readonly [number, number] = [0.02, 0.15];

interface Event {
  ms: number;
  type: string;
  product: DemoProduct | null;
  value: number | null;
}

/** Cumulative interest over PRODUCTS, for one person. */
function interest(p: Person, holdings: readonly Holding[]): Float64Array {
  const owned = new Set(holdings.map((h) => h.product.id));
  const cumulative = new Float64Array(PRODUCTS.length);
  let total = 0;
  PRODUCTS.forEach((product, i) => {
    const base = p.segment.holds[product.id] ?? BASE_INTEREST;
    total += owned.has(product.id) ? base * OWNED_INTEREST : base;
    cumulative[i] = total;
  });
  return cumulative;
}

function pickProduct(rng: Rng, cumulative: Float64Array): DemoProduct {
  const r = rng.next() * (cumulative[cumulative.length - 1] ?? 0);
  let i = 0;
  while (i < cumulative.length - 1 && (cumulative[i] ?? 0) <= r) i++;
  return PRODUCTS[i] as DemoProduct;
}

const step = (rng: Rng) => rng.int(STEP_SECONDS[0], STEP_SECONDS[1]) * 1000;

function session(rng: Rng, start: number, cumulative: Float64Array, balances: readonly Holding[]): Event[] {
  const events: Event[] = [{ ms: start, type: "login", product: null, value: null }];
  let ms = start;
  let actions = 1;
  while (actions < MAX_ACTIONS && rng.chance(MORE_ACTION_CHANCE)) actions++;
  for (let a = 0; a < actions; a++) {
    ms += step(rng);
    const type = rng.weighted(ACTION_TYPES, ACTION_WEIGHTS);
    events.push({ ms, type, product: pickProduct(rng, cumulative), value: null });
  }
  if (balances.length > 0 && rng.chance(TOP_UP_CHANCE)) {
    const topped = rng.pick(balances);
    const share = TOP_UP_SHARE[0] + rng.next() * (TOP_UP_SHARE[1] - TOP_UP_SHARE[0]);
    events.push({
      ms: ms + step(rng),
      type: "purchase",
      product: topped.product,
      value: Math.round((topped.amount ?? topped.product.value) * share),
    });
  }
  return events;
}

/** The purchase of a recent holding, after a look at it and a click. */
function purchase(rng: Rng, h: Holding): Event[] {
  const click = h.since - step(rng);
  const browse = click - step(rng);
  return [
    { ms: browse - step(rng), type: "login", product: null, value: null },
    { ms: browse, type: "browse", product: h.product, value: null },
    { ms: click, type: "click", product: h.product, value: null },
    { ms: h.since, type: "purchase", product: h.product, value: h.amount ?? h.product.value },
  ];
}

/**
 * A person's events.csv rows in time order. Timestamps are distinct to the second, so no two rows
 * of a customer are identical (ingestion treats identical event rows as one).
 */
export function personEvents(
  rng: Rng,
  p: Person,
  customerId: string,
  holdings: readonly Holding[],
  window: HistoryWindow,
): Cell[][] {
  const cumulative = interest(p, holdings);
  const balances = holdings.filter((h) => h.product.amount === "balance");
  const sessions = Math.round(
    p.segment.sessions * Math.exp(rng.normal(-(SESSION_SPREAD ** 2) / 2, SESSION_SPREAD)),
  );
  const events: Event[] = [];
  for (let s = 0; s < sessions; s++) {
    const day = rng.int(0, window.days - 1);
    const start = usualMoment(rng, window, p.region.tz, day, p.segment.activeHours);
    events.push(...session(rng, start, cumulative, balances));
  }
  for (const h of holdings) if (h.recent) events.push(...purchase(rng, h));
  events.sort((a, b) => a.ms - b.ms);
  const rows: Cell[][] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const ms = Math.max(Math.floor(e.ms / 1000) * 1000, last + 1000);
    last = ms;
    if (ms > window.end) break;
    const item = e.type === "search" || !e.product ? null : e.product.id;
    rows.push([customerId, e.type, item, e.product?.category ?? null, isoSeconds(ms), e.value]);
  }
  return rows;
}
