/**
 * A population with planted clusters for segment push: four kinds of customers that differ in age,
 * balance, income, region, risk tolerance and when they opened their account, each with one planted
 * favourite product held by most of its members and a few common products held at a low base rate.
 * Money is log-normal and 1% of balances are wild (× 1,000, typing slips), so outlier cleaning matters.
 * Everyone holds at least two products. Seeded: the same arguments give the same rows.
 */
import { Rng } from "../core/index.js";

export interface PlantedSegment {
  name: string;
  age: [mean: number, sd: number];
  /** Median balance and income (CNY); both log-normal with σ 0.35. */
  balance: number;
  income: number;
  region: string;
  riskTolerance: number;
  /** Years since the account was opened, mean. */
  tenure: number;
  product: string;
}

export const PLANTED_SEGMENTS: readonly PlantedSegment[] = [
  {
    name: "young_saver",
    age: [26, 3],
    balance: 8_000,
    income: 70_000,
    region: "north",
    riskTolerance: 2,
    tenure: 2,
    product: "seg_mmf",
  },
  {
    name: "family",
    age: [41, 4],
    balance: 60_000,
    income: 180_000,
    region: "east",
    riskTolerance: 3,
    tenure: 8,
    product: "seg_mortgage",
  },
  {
    name: "affluent",
    age: [52, 5],
    balance: 900_000,
    income: 700_000,
    region: "south",
    riskTolerance: 4,
    tenure: 15,
    product: "seg_wealth",
  },
  {
    name: "retiree",
    age: [69, 4],
    balance: 200_000,
    income: 45_000,
    region: "west",
    riskTolerance: 1,
    tenure: 25,
    product: "seg_annuity",
  },
];
/** Products everyone may hold at the base rate. */
export const COMMON_PRODUCTS = ["seg_card", "seg_deposit", "seg_insurance", "seg_fund"];
/** Share of a segment holding its planted product, and the base rate of every other product. */
export const PLANTED_SHARE = 0.7;
export const BASE_SHARE = 0.25;
const REGION_LOYALTY = 0.9;
const WILD_BALANCE_SHARE = 0.01;
const WILD_FACTOR = 1000;
const MONEY_SIGMA = 0.35;
const DAY_MS = 86_400_000;

export interface SegmentPopulation {
  products: { id: string; name: string; category: string; value: number; risk_level: number }[];
  customers: Record<string, string | number>[];
  holdings: { customer_id: string; product_id: string; amount: number; since: string }[];
  /** Planted segment index of each customer, in `customers` order. */
  truth: number[];
}

/**
 * `customers` people spread evenly over PLANTED_SEGMENTS, as of `asOf`; `first` numbers them from there
 * (ids s…<first + 1>), so a large population can be made in chunks (give each chunk its own seed).
 */
export function segmentPopulation(options: {
  customers: number;
  seed: number;
  asOf: Date;
  first?: number;
  idWidth?: number;
}): SegmentPopulation {
  const rng = new Rng(options.seed);
  const regions = PLANTED_SEGMENTS.map((s) => s.region);
  const allProducts = [...PLANTED_SEGMENTS.map((s) => s.product), ...COMMON_PRODUCTS];
  const products = allProducts.map((id, i) => ({
    id,
    name: id.replace("seg_", "").replace("_", " "),
    category: i < PLANTED_SEGMENTS.length ? "planted" : "common",
    value: 100 + 50 * i,
    risk_level: 1,
  }));
  const customers: SegmentPopulation["customers"] = [];
  const holdings: SegmentPopulation["holdings"] = [];
  const truth: number[] = [];
  const first = options.first ?? 0;
  const width = options.idWidth ?? String(first + options.customers).length;
  for (let i = 0; i < options.customers; i++) {
    const s = (first + i) % PLANTED_SEGMENTS.length;
    const segment = PLANTED_SEGMENTS[s] as PlantedSegment;
    const id = `s${String(first + i + 1).padStart(width, "0")}`;
    const balance = segment.balance * Math.exp(rng.normal(0, MONEY_SIGMA));
    const openedDaysAgo = Math.max(30, rng.normal(segment.tenure, 1.5) * 365);
    customers.push({
      id,
      age: Math.round(Math.min(95, Math.max(18, rng.normal(...segment.age)))),
      gender: rng.chance(0.5) ? "F" : "M",
      region: rng.chance(REGION_LOYALTY) ? segment.region : rng.pick(regions),
      risk_tolerance: Math.min(
        5,
        Math.max(1, segment.riskTolerance + (rng.chance(0.2) ? rng.pick([-1, 1]) : 0)),
      ),
      balance: Math.round(rng.chance(WILD_BALANCE_SHARE) ? balance * WILD_FACTOR : balance),
      income: Math.round(segment.income * Math.exp(rng.normal(0, MONEY_SIGMA))),
      opened: new Date(options.asOf.getTime() - openedDaysAgo * DAY_MS).toISOString().slice(0, 10),
    });
    truth.push(s);
    const held = allProducts.filter((p) => rng.chance(p === segment.product ? PLANTED_SHARE : BASE_SHARE));
    while (held.length < 2) {
      const extra = rng.pick(COMMON_PRODUCTS);
      if (!held.includes(extra)) held.push(extra);
    }
    for (const product of held)
      holdings.push({
        customer_id: id,
        product_id: product,
        amount: Math.round(balance * 0.2 * (1 + rng.next())),
        since: new Date(options.asOf.getTime() - rng.next() * openedDaysAgo * DAY_MS)
          .toISOString()
          .slice(0, 10),
      });
  }
  return { products, customers, holdings, truth };
}
