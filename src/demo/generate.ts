/**
 * Writes the demo data set: customers (some persons known to two
 * subsidiaries with the same name, ID number and phone), products, holdings,
 * events, relations, outcomes of a randomized coupon campaign, messages, and
 * truth.csv with each customer's planted segment and uplift class. Streaming,
 * so a million customers need no more memory than a thousand.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../core/index.js";
import { PRODUCTS } from "./catalog.js";
import { CsvWriter } from "./csv-writer.js";
import { MESSAGES } from "./messages.js";
import { CUSTOMER_COLUMNS, clamp, customerRow, type Person, person } from "./people.js";

export interface DemoOptions {
  seed?: number;
  /** Persons to generate (default 2,000); linked duplicates across subsidiaries come on top. */
  customers?: number;
  outDir: string;
  /** The day the history ends; fixed so output does not depend on when it runs. */
  referenceDate?: string;
}

export interface DemoManifest {
  seed: number;
  referenceDate: string;
  files: Record<string, { path: string; rows: number }>;
}

export const DEFAULT_SEED = 7;
export const DEFAULT_CUSTOMERS = 2000;
const DEFAULT_REFERENCE_DATE = "2026-10-31";
const HISTORY_DAYS = 120;
const DAY_MS = 86_400_000;
/** Share of persons also known to a second subsidiary. */
const LINKED_SHARE = 0.08;
const COUPON = "coupon-2026q3";
const EVENT_MIX = [
  ["login", 0.45],
  ["browse", 0.3],
  ["search", 0.12],
  ["click", 0.1],
  ["purchase", 0.03],
] as const;

const customerId = (i: number) => `c${String(i + 1).padStart(6, "0")}`;
const OTHER_SUBSIDIARY = { bank: "insurance", insurance: "securities", securities: "bank" } as const;

function primarySubsidiary(rng: Rng, p: Person): "bank" | "insurance" | "securities" {
  if (p.segment.name === "family_protector") return rng.chance(0.5) ? "insurance" : "bank";
  if (p.segment.name === "affluent_investor") return rng.chance(0.4) ? "securities" : "bank";
  return rng.chance(0.85) ? "bank" : "insurance";
}

export async function generateDemoData(options: DemoOptions): Promise<DemoManifest> {
  const seed = options.seed ?? DEFAULT_SEED;
  const count = options.customers ?? DEFAULT_CUSTOMERS;
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const end = new Date(`${referenceDate}T23:59:59Z`);
  mkdirSync(options.outDir, { recursive: true });
  const path = (name: string) => join(options.outDir, `${name}.csv`);
  const rng = new Rng(seed);

  const products = new CsvWriter(path("products"), [
    "id",
    "name",
    "category",
    "risk_level",
    "value",
    "subsidiary",
  ]);
  for (const p of PRODUCTS) products.row([p.id, p.name, p.category, p.risk_level, p.value, p.subsidiary]);

  const customers = new CsvWriter(path("customers"), CUSTOMER_COLUMNS);
  const holdings = new CsvWriter(path("holdings"), ["customer_id", "product_id", "since", "amount"]);
  const events = new CsvWriter(path("events"), ["customer_id", "type", "item_id", "category", "ts", "value"]);
  const outcomes = new CsvWriter(path("outcomes"), ["customer_id", "campaign", "treated", "responded", "ts"]);
  const truth = new CsvWriter(path("truth"), ["customer_id", "segment", "uplift_class"]);
  const relations = new CsvWriter(path("relations"), ["src", "dst", "type", "weight"]);
  const bySegmentRegion = new Map<string, number[]>();

  for (let i = 0; i < count; i++) {
    const p = person(rng, i, end);
    const id = customerId(i);
    const subsidiary = primarySubsidiary(rng, p);
    customers.row(customerRow(p, id, subsidiary));
    if (rng.chance(LINKED_SHARE)) {
      // The same person as another subsidiary's customer: another source id, the same three elements.
      const other = OTHER_SUBSIDIARY[subsidiary];
      customers.row(
        customerRow(p, `${other.slice(0, 3).toUpperCase()}-${String(i + 1).padStart(6, "0")}`, other),
      );
    }

    const owned: string[] = [];
    for (const product of PRODUCTS) {
      if (!rng.chance(p.segment.holds[product.id] ?? 0)) continue;
      owned.push(product.id);
      const since = new Date(end.getTime() - rng.int(20, 365 * 8) * DAY_MS).toISOString().slice(0, 10);
      const amount =
        product.category === "card" || product.category === "payment"
          ? null
          : Math.round(p.balance * (0.1 + rng.next()));
      holdings.row([id, product.id, since, amount]);
    }

    // Behaviour: interest follows the segment's products, owned or not.
    const favourites = PRODUCTS.filter((x) => (p.segment.holds[x.id] ?? 0) > 0.1);
    const n = Math.round(
      clamp(rng.normal(p.segment.activity * HISTORY_DAYS, p.segment.activity * 20), 1, 400),
    );
    for (let e = 0; e < n; e++) {
      const type = rng.weighted(
        EVENT_MIX.map((m) => m[0]),
        EVENT_MIX.map((m) => m[1]),
      );
      const day = rng.int(0, HISTORY_DAYS - 1);
      const hour = rng.chance(0.8) ? rng.pick(p.segment.activeHours) : rng.int(0, 23);
      const ts = new Date(end.getTime() - day * DAY_MS);
      ts.setUTCHours(hour, rng.int(0, 59), rng.int(0, 59), 0);
      const product =
        type === "login"
          ? null
          : rng.chance(0.8) && favourites.length > 0
            ? rng.pick(favourites)
            : rng.pick(PRODUCTS);
      const value = type === "purchase" && product ? Math.round(product.value * (0.5 + rng.next())) : null;
      events.row([id, type, product?.id ?? null, product?.category ?? null, ts.toISOString(), value]);
    }

    // Randomized coupon campaign: half treated; the response follows the planted uplift class.
    const upliftClass = rng.weighted(["always", "persuadable", "never"], p.segment.uplift);
    const treated = rng.chance(0.5) ? 1 : 0;
    const buys = upliftClass === "always" || (upliftClass === "persuadable" && treated === 1);
    const responded = rng.chance(0.03) ? 1 - Number(buys) : Number(buys);
    outcomes.row([
      id,
      COUPON,
      treated,
      responded,
      new Date(end.getTime() - rng.int(1, 30) * DAY_MS).toISOString(),
    ]);
    truth.row([id, p.segment.name, upliftClass]);

    // Relations with homophily: family within region and segment, colleagues within segment.
    const key = `${p.segment.name}|${p.region.name}`;
    const peers = bySegmentRegion.get(key) ?? [];
    if (peers.length > 0 && rng.chance(0.35)) relations.row([id, customerId(rng.pick(peers)), "family", 1]);
    if (peers.length > 0 && rng.chance(0.25))
      relations.row([id, customerId(rng.pick(peers)), "colleague", 0.6]);
    if (i > 0 && rng.chance(0.08))
      relations.row([id, customerId(rng.int(0, i - 1)), rng.pick(["referral", "transfer"]), 0.4]);
    if (peers.length < 500) peers.push(i);
    bySegmentRegion.set(key, peers);

    for (const writer of [customers, holdings, events, outcomes, truth, relations]) await writer.drain();
  }

  const messages = new CsvWriter(path("messages"), ["id", "text", "lang", "channel"]);
  for (const [i, m] of MESSAGES.entries())
    messages.row([`m${String(i + 1).padStart(3, "0")}`, m.text, m.lang, m.channel]);

  const files: DemoManifest["files"] = {};
  const all = { products, customers, holdings, events, relations, outcomes, messages, truth };
  for (const [name, writer] of Object.entries(all))
    files[name] = { path: path(name), rows: await writer.close() };
  return { seed, referenceDate, files };
}

/**
 * A plain customers file for the ingest benchmark: the demo's columns, `count` rows, no linked
 * duplicates; without the three identifier columns when `identifiers` is false.
 */
export async function writeCustomersCsv(
  path: string,
  count: number,
  seed: number,
  identifiers = true,
): Promise<number> {
  const rng = new Rng(seed);
  const end = new Date(`${DEFAULT_REFERENCE_DATE}T23:59:59Z`);
  const keep = CUSTOMER_COLUMNS.map((c) => identifiers || !["name", "id_number", "phone"].includes(c));
  const writer = new CsvWriter(
    path,
    CUSTOMER_COLUMNS.filter((_, i) => keep[i]),
  );
  for (let i = 0; i < count; i++) {
    const p = person(rng, i, end);
    writer.row(customerRow(p, customerId(i), "bank").filter((_, j) => keep[j]));
    await writer.drain();
  }
  return writer.close();
}
