/**
 * Customers with planted product affinities, for propensity checks: each product has a rule over the
 * profile and behaviour (age, income, occupation, region, what the customer browses, how often they log
 * in), and a customer holds it with high probability when the rule holds and rarely otherwise. Seeded.
 */
import { Rng } from "../core/index.js";

const DAY_MS = 86_400_000;
const REGIONS = ["North", "South", "East", "West"] as const;
const OCCUPATIONS = ["employee", "owner", "retired", "student"] as const;
const CATEGORIES = ["fund", "insurance", "loan", "card", "deposit"] as const;
/** P(hold) when a product's rule holds, and when it does not. */
const HOLD_IF = { rule: 0.9, otherwise: 0.02 } as const;

interface Person {
  age: number;
  income: number;
  occupation: string;
  region: string;
  /** The category this customer browses most. */
  interest: string;
  /** Logins in the last 30 days. */
  logins: number;
}

/** The planted products and the rule behind each. */
export const AFFINITY_PRODUCTS: readonly { id: string; category: string; rule: (p: Person) => boolean }[] = [
  { id: "aff_fund", category: "fund", rule: (p) => p.interest === "fund" && p.age < 45 },
  { id: "aff_annuity", category: "insurance", rule: (p) => p.age >= 58 },
  { id: "aff_mortgage", category: "loan", rule: (p) => p.age >= 28 && p.age < 50 && p.income >= 5000 },
  { id: "aff_travel_card", category: "card", rule: (p) => p.region === "East" && p.logins >= 8 },
  { id: "aff_sme_loan", category: "loan", rule: (p) => p.occupation === "owner" },
  { id: "aff_health", category: "insurance", rule: (p) => p.interest === "insurance" && p.age >= 35 },
];

export interface AffinityData {
  customers: Record<string, string | number>[];
  products: Record<string, string | number>[];
  holdings: Record<string, string | number>[];
  events: Record<string, string | number | null>[];
}

/** `customers` customers (ids a000001…) with events in the 60 days before `end` and planted holdings. */
export function affinityData(options: { seed: number; customers: number; end: Date }): AffinityData {
  const rng = new Rng(options.seed);
  const data: AffinityData = {
    customers: [],
    products: AFFINITY_PRODUCTS.map((p) => ({
      id: p.id,
      name: p.id,
      category: p.category,
      risk_level: 2,
      value: 100,
    })),
    holdings: [],
    events: [],
  };
  for (let i = 1; i <= options.customers; i++) {
    const id = `a${String(i).padStart(6, "0")}`;
    const person: Person = {
      age: rng.int(20, 75),
      income: Math.round(Math.exp(rng.normal(8.3, 0.6))),
      occupation: rng.weighted([...OCCUPATIONS], [6, 2, 2, 1]),
      region: rng.pick(REGIONS),
      interest: rng.pick(CATEGORIES),
      logins: rng.int(0, 15),
    };
    data.customers.push({
      id,
      age: person.age,
      gender: rng.pick(["F", "M"]),
      region: person.region,
      tz: "Asia/Shanghai",
      income: person.income,
      occupation: person.occupation,
    });
    const at = (days: number) => new Date(options.end.getTime() - days * DAY_MS).toISOString();
    for (let k = 0; k < person.logins; k++)
      data.events.push({
        customer_id: id,
        type: "login",
        item_id: null,
        category: null,
        ts: at(rng.next() * 29),
        value: null,
      });
    for (let k = 0; k < 8; k++) {
      const category = rng.chance(0.7) ? person.interest : rng.pick(CATEGORIES);
      data.events.push({
        customer_id: id,
        type: rng.chance(0.6) ? "browse" : "search",
        item_id: null,
        category,
        ts: at(rng.next() * 59),
        value: null,
      });
    }
    for (const product of AFFINITY_PRODUCTS)
      if (rng.chance(product.rule(person) ? HOLD_IF.rule : HOLD_IF.otherwise))
        data.holdings.push({ customer_id: id, product_id: product.id, since: at(200), amount: 1000 });
  }
  return data;
}

/**
 * Customers whose future follows their past, for churn and spending checks: each has an engagement level
 * that sets how often they act in the 90 days before `cutoff` and whether they act at all in the 30 days
 * after it, and an income that sets how much they spend. Events run to `cutoff` + 30 days.
 */
export function outlookData(options: {
  seed: number;
  customers: number;
  cutoff: Date;
}): Pick<AffinityData, "customers" | "events"> {
  const rng = new Rng(options.seed);
  const data: Pick<AffinityData, "customers" | "events"> = { customers: [], events: [] };
  const at = (days: number) => new Date(options.cutoff.getTime() + days * DAY_MS).toISOString();
  for (let i = 1; i <= options.customers; i++) {
    const id = `o${String(i).padStart(6, "0")}`;
    const engagement = rng.next();
    const income = Math.round(Math.exp(rng.normal(8.3, 0.6)));
    data.customers.push({ id, age: rng.int(20, 75), region: rng.pick(REGIONS), tz: "UTC", income });
    // Fading customers act less and less as the cutoff nears.
    const fading = engagement < 0.35;
    const past = Math.round(2 + engagement * 25);
    for (let k = 0; k < past; k++) {
      const daysBack = fading ? 90 * Math.sqrt(rng.next()) : 90 * rng.next();
      data.events.push({
        customer_id: id,
        type: rng.chance(0.6) ? "login" : "browse",
        item_id: null,
        category: null,
        ts: at(-daysBack),
        value: null,
      });
    }
    const spender = income > 5000 && engagement > 0.4;
    for (let k = 0; k < (spender ? 2 : 0) + (rng.chance(0.2) ? 1 : 0); k++)
      data.events.push({
        customer_id: id,
        type: "purchase",
        item_id: null,
        category: "fund",
        ts: at(-90 * rng.next()),
        value: Math.round(income * (0.2 + rng.next())),
      });
    if (rng.chance(fading ? 0.15 : 0.9)) {
      for (let k = 0; k < 1 + Math.round(engagement * 8); k++)
        data.events.push({
          customer_id: id,
          type: "login",
          item_id: null,
          category: null,
          ts: at(1 + 28 * rng.next()),
          value: null,
        });
      if (spender && rng.chance(0.8))
        data.events.push({
          customer_id: id,
          type: "purchase",
          item_id: null,
          category: "fund",
          ts: at(1 + 28 * rng.next()),
          value: Math.round(income * (0.5 + rng.next())),
        });
    }
  }
  return data;
}
