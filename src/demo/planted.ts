/**
 * A population with planted groups, for lookalike checks and portrait benchmarks: each group has a
 * home region, two favourite product categories and a favourite part of the day; members follow
 * them most of the time and act at random otherwise. Seeded: the same arguments give the same rows.
 */
import { Rng } from "../core/index.js";

export const PLANTED_CATEGORIES = ["deposit", "fund", "insurance", "securities", "loan", "card"] as const;
const REGIONS = ["North", "South", "East", "West"] as const;
const TYPES = ["browse", "click", "search", "purchase", "login"] as const;
const TYPE_WEIGHTS = [5, 3, 2, 1, 3];
const DAY_MS = 86_400_000;

export interface PlantedGroup {
  region: string;
  categories: [string, string];
  /** UTC hour around which members act. */
  hour: number;
}

/** Groups in turn: group g favours categories 2g and 2g+1 (mod 6), region g (mod 4). */
export function plantedGroup(g: number): PlantedGroup {
  const n = PLANTED_CATEGORIES.length;
  return {
    region: REGIONS[g % REGIONS.length] as string,
    categories: [PLANTED_CATEGORIES[(2 * g) % n] as string, PLANTED_CATEGORIES[(2 * g + 1) % n] as string],
    hour: [9, 14, 20, 2][g % 4] as number,
  };
}

export interface PlantedCustomer {
  id: string;
  group: number;
  customer: { id: string; age: number; gender: string; region: string; tz: string };
  events: {
    customer_id: string;
    type: string;
    item_id: string | null;
    category: string | null;
    ts: string;
    value: number | null;
  }[];
}

export interface PlantedOptions {
  seed: number;
  customers: number;
  groups: number;
  eventsPerCustomer: number;
  /** The last moment of the history. */
  end: Date;
  /** Days of history before `end` (default 90). */
  days?: number;
  /** Share of a member's choices that follow the group (default 0.75). */
  loyalty?: number;
}

/** Customers (ids c0000001…) and their events, one customer at a time. */
export function* plantedPopulation(options: PlantedOptions): Generator<PlantedCustomer> {
  const rng = new Rng(options.seed);
  const loyalty = options.loyalty ?? 0.75;
  const days = options.days ?? 90;
  const end = options.end.getTime();
  const width = Math.max(7, String(options.customers).length);
  for (let i = 0; i < options.customers; i++) {
    const group = i % options.groups;
    const plan = plantedGroup(group);
    const id = `c${String(i + 1).padStart(width, "0")}`;
    const customer = {
      id,
      age: rng.int(20, 75),
      gender: rng.chance(0.5) ? "F" : "M",
      region: rng.chance(loyalty) ? plan.region : rng.pick(REGIONS),
      tz: "UTC",
    };
    const events: PlantedCustomer["events"] = [];
    for (let e = 0; e < options.eventsPerCustomer; e++) {
      const type = rng.weighted(TYPES, TYPE_WEIGHTS);
      const category =
        type === "login"
          ? null
          : rng.chance(loyalty)
            ? rng.pick(plan.categories)
            : rng.pick(PLANTED_CATEGORIES);
      const hour = rng.chance(loyalty) ? (plan.hour + rng.int(-1, 1) + 24) % 24 : rng.int(0, 23);
      const day = Math.floor(end / DAY_MS) - rng.int(0, days - 1);
      const ts = Math.min(end, day * DAY_MS + hour * 3_600_000 + rng.int(0, 3_599) * 1000);
      events.push({
        customer_id: id,
        type,
        item_id: category ? `p_${category}_${rng.int(1, 3)}` : null,
        category,
        ts: new Date(ts).toISOString(),
        value: type === "purchase" ? rng.int(1, 500) * 1000 : null,
      });
    }
    yield { id, group, customer, events };
  }
}
