/**
 * Loading the facts about a chunk of customers: profile, events (with the local hour and part of the
 * day in each customer's time zone), holdings with their product's category, and responses to pushes
 * (feedback with the channel of the delivery). Only the sources the definitions read are queried.
 */
import { extend } from "../core/index.js";
import { parseJson, type Store } from "../store/index.js";
import type { CustomerFacts, EventFact, HoldingFact, ResponseFact } from "./compute.js";
import type { GraphScores } from "./graph.js";

const HOUR_MS = 3_600_000;

/** Night 0–5, morning 6–11, afternoon 12–17, evening 18–23. */
export function daypartOf(hour: number): string {
  return hour < 6 ? "night" : hour < 12 ? "morning" : hour < 18 ? "afternoon" : "evening";
}

/** Local hours by zone and UTC hour, computed once each: Intl formatting per event would dominate a build. */
export class LocalHours {
  readonly #formatters = new Map<string, Intl.DateTimeFormat | null>();
  readonly #hours = new Map<string, Map<number, number>>();

  hour(ms: number, tz: string | null): number {
    const zone = tz ?? "UTC";
    const utcHour = Math.floor(ms / HOUR_MS);
    let byHour = this.#hours.get(zone);
    if (!byHour) {
      byHour = new Map();
      this.#hours.set(zone, byHour);
    }
    let hour = byHour.get(utcHour);
    if (hour === undefined) {
      const format = this.#formatter(zone);
      hour = format ? Number(format.format(new Date(utcHour * HOUR_MS))) % 24 : utcHour % 24;
      byHour.set(utcHour, hour);
    }
    return hour;
  }

  #formatter(zone: string): Intl.DateTimeFormat | null {
    let format = this.#formatters.get(zone);
    if (format === undefined) {
      try {
        format = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", hourCycle: "h23" });
      } catch {
        format = null; // an unknown zone reads as UTC
      }
      this.#formatters.set(zone, format);
    }
    return format;
  }
}

export interface FactOptions {
  sources: Set<string>;
  /** Events before this ISO time are not needed (null: all history). */
  eventsSince: string | null;
  graph: GraphScores | null;
  hours: LocalHours;
}

/** The facts for these customers (ids sorted or not), in the order of `customerIds`, skipping unknown ids. */
export async function loadFacts(
  store: Store,
  customerIds: readonly string[],
  options: FactOptions,
): Promise<CustomerFacts[]> {
  if (customerIds.length === 0) return [];
  const ids = [...customerIds];
  const customers = await store.db.selectFrom("customers").selectAll().where("id", "in", ids).execute();
  const facts = new Map<string, CustomerFacts>();
  for (const c of customers) {
    const { attributes, consents, ingest_run: _r, ingest_row: _w, person_key: _k, ...columns } = c;
    facts.set(c.id, {
      id: c.id,
      profile: extend(columns, { attributes: parseJson(attributes, {}), consents: parseJson(consents, {}) }),
      events: [],
      holdings: [],
      responses: [],
      graph: options.graph?.get(c.id) ?? null,
    });
  }

  if (options.sources.has("events")) {
    let query = store.db
      .selectFrom("events")
      .select(["customer_id", "type", "item_id", "category", "ts", "value"])
      .where("customer_id", "in", ids);
    if (options.eventsSince) query = query.where("ts", ">", options.eventsSince);
    for (const e of await query.execute()) {
      const f = facts.get(e.customer_id);
      if (!f) continue;
      const ts = Date.parse(e.ts);
      const hour = options.hours.hour(ts, f.profile.tz as string | null);
      const event: EventFact = {
        type: e.type,
        item_id: e.item_id,
        category: e.category,
        value: e.value === null ? null : Number(e.value),
        ts,
        hour,
        daypart: daypartOf(hour),
      };
      f.events.push(event);
    }
  }

  if (options.sources.has("holdings")) {
    const rows = await store.db
      .selectFrom("holdings as h")
      .leftJoin("products as p", "p.id", "h.product_id")
      .select(["h.customer_id", "h.product_id", "h.amount", "p.category", "p.risk_level"])
      .where("h.customer_id", "in", ids)
      .execute();
    for (const h of rows) {
      const holding: HoldingFact = {
        product_id: h.product_id,
        category: h.category,
        amount: h.amount === null ? null : Number(h.amount),
        risk_level: h.risk_level,
      };
      facts.get(h.customer_id)?.holdings.push(holding);
    }
  }

  if (options.sources.has("responses")) {
    const rows = await store.db
      .selectFrom("feedback as f")
      .leftJoin("deliveries as d", "d.id", "f.delivery_id")
      .select(["f.customer_id", "f.type", "f.ts", "d.channel"])
      .where("f.customer_id", "in", ids)
      .execute();
    for (const r of rows) {
      const response: ResponseFact = { type: r.type, channel: r.channel, ts: Date.parse(r.ts) };
      facts.get(r.customer_id)?.responses.push(response);
    }
  }

  return customerIds.flatMap((id) => {
    const f = facts.get(id);
    return f ? [f] : [];
  });
}
