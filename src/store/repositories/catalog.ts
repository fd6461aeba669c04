/** Products, holdings, events, relations, outcomes and messages: the ingested aggregates besides customers. */
import { type Kysely, type Selectable, sql } from "kysely";
import { reusable } from "../reusable.js";
import type { BulkRows } from "../rows.js";
import type {
  Database,
  EventTable,
  HoldingTable,
  MessageTable,
  OutcomeTable,
  ProductTable,
  RelationTable,
} from "../schema.js";
import { KeyedRepository } from "./keyed.js";

export class ProductRepository extends KeyedRepository<"products"> {
  constructor(db: Kysely<Database>, rows: BulkRows) {
    super(db, rows, "products", ["id"], ["created_at"]);
  }

  get(id: string): Promise<Selectable<ProductTable> | undefined> {
    return this.db.selectFrom("products").selectAll().where("id", "=", id).executeTakeFirst();
  }

  list(): Promise<Selectable<ProductTable>[]> {
    return this.db.selectFrom("products").selectAll().orderBy("id").execute();
  }

  /** Which of these ids are stored products. */
  async knownIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom("products")
      .select("id")
      .where("id", "in", [...new Set(ids)])
      .execute();
    return new Set(rows.map((r) => r.id));
  }
}

/** One customer's holdings by product: read by every real-time decision and score. */
const holdingsOf = reusable<[customerId: string], Selectable<HoldingTable>>(1, (db, customerId) =>
  db.selectFrom("holdings").selectAll().where("customer_id", "=", customerId).orderBy("product_id"),
);

export class HoldingRepository extends KeyedRepository<"holdings"> {
  constructor(db: Kysely<Database>, rows: BulkRows) {
    super(db, rows, "holdings", ["customer_id", "product_id"]);
  }

  async forCustomer(customerId: string): Promise<Selectable<HoldingTable>[]> {
    return (await holdingsOf(this.db, customerId)).rows;
  }
  /**
   * Every holding ordered by customer then product, `size` at a time (keyset paging, so a customer's
   * holdings arrive together even across pages).
   */
  async *pages(
    size: number,
  ): AsyncGenerator<Pick<Selectable<HoldingTable>, "customer_id" | "product_id" | "amount" | "since">[]> {
    let after: { customer: string; product: string } | undefined;
    for (;;) {
      let query = this.db
        .selectFrom("holdings")
        .select(["customer_id", "product_id", "amount", "since"])
        .orderBy("customer_id")
        .orderBy("product_id")
        .limit(size);
      if (after) {
        const { customer, product } = after;
        // A row-value comparison: both engines seek the primary key to it. The equivalent OR of two
        // comparisons made SQLite rescan from the start, quadratic over millions of holdings.
        query = query.where((eb) =>
          eb(eb.refTuple("customer_id", "product_id"), ">", eb.tuple(customer, product)),
        );
      }
      const page = await query.execute();
      if (page.length === 0) return;
      yield page;
      const last = page[page.length - 1] as (typeof page)[number];
      after = { customer: last.customer_id, product: last.product_id };
    }
  }

  /** The products each customer holds: of these customers, or of everyone. */
  async productsByCustomer(customerIds?: readonly string[]): Promise<Map<string, Set<string>>> {
    let query = this.db.selectFrom("holdings").select(["customer_id", "product_id"]);
    if (customerIds)
      query = query.where("customer_id", "in", customerIds.length > 0 ? [...customerIds] : [""]);
    const held = new Map<string, Set<string>>();
    for (const row of await query.execute()) {
      const set = held.get(row.customer_id);
      if (set) set.add(row.product_id);
      else held.set(row.customer_id, new Set([row.product_id]));
    }
    return held;
  }
}

export class EventRepository extends KeyedRepository<"events"> {
  constructor(db: Kysely<Database>, rows: BulkRows) {
    super(db, rows, "events", ["id"]);
  }

  /** A customer's events, newest first. */
  forCustomer(
    customerId: string,
    options: { since?: string; limit?: number } = {},
  ): Promise<Selectable<EventTable>[]> {
    let query = this.db
      .selectFrom("events")
      .selectAll()
      .where("customer_id", "=", customerId)
      .orderBy("ts", "desc")
      .orderBy("id")
      .limit(options.limit ?? 1000);
    if (options.since !== undefined) query = query.where("ts", ">=", options.since);
    return query.execute();
  }

  /** Events per UTC day and type from `since` on (the activity trend). */
  async perDay(since: string): Promise<{ day: string; type: string; n: number }[]> {
    const day = sql<string>`substr(ts, 1, 10)`;
    const rows = await this.db
      .selectFrom("events")
      .select((eb) => [day.as("day"), "type", eb.fn.countAll<number>().as("n")])
      .where("ts", ">=", since)
      .groupBy([day, "type"])
      .orderBy(day)
      .execute();
    return rows.map((r) => ({ day: r.day, type: r.type, n: Number(r.n) }));
  }

  /** The time of the latest event, or null when there is none. */
  async latestTs(): Promise<string | null> {
    const row = await this.db
      .selectFrom("events")
      .select((eb) => eb.fn.max("ts").as("last"))
      .executeTakeFirst();
    return row?.last ?? null;
  }
}

export class RelationRepository extends KeyedRepository<"relations"> {
  constructor(db: Kysely<Database>, rows: BulkRows) {
    super(db, rows, "relations", ["src", "dst", "type"]);
  }

  /** Edges touching a customer, in either direction. */
  forCustomer(customerId: string): Promise<Selectable<RelationTable>[]> {
    return this.db
      .selectFrom("relations")
      .selectAll()
      .where((eb) => eb.or([eb("src", "=", customerId), eb("dst", "=", customerId)]))
      .orderBy("src")
      .orderBy("dst")
      .execute();
  }

  /** Every edge's two ends (the whole graph, for models that learn over it). */
  ends(): Promise<{ src: string; dst: string }[]> {
    return this.db.selectFrom("relations").select(["src", "dst"]).orderBy("src").orderBy("dst").execute();
  }
}

export class OutcomeRepository extends KeyedRepository<"outcomes"> {
  constructor(db: Kysely<Database>, rows: BulkRows) {
    super(db, rows, "outcomes", ["customer_id", "campaign"]);
  }

  forCampaign(campaign: string): Promise<Selectable<OutcomeTable>[]> {
    return this.db
      .selectFrom("outcomes")
      .selectAll()
      .where("campaign", "=", campaign)
      .orderBy("customer_id")
      .execute();
  }

  /** Campaigns with recorded outcomes and how many customers each has. */
  async campaigns(): Promise<{ campaign: string; customers: number }[]> {
    const rows = await this.db
      .selectFrom("outcomes")
      .select(["campaign", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy("campaign")
      .orderBy("campaign")
      .execute();
    return rows.map((r) => ({ campaign: r.campaign, customers: Number(r.n) }));
  }
}

export class MessageRepository extends KeyedRepository<"messages"> {
  constructor(db: Kysely<Database>, rows: BulkRows) {
    super(db, rows, "messages", ["id"], ["created_at"]);
  }

  get(id: string): Promise<Selectable<MessageTable> | undefined> {
    return this.db.selectFrom("messages").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Every message, in id order (the corpus keywords are weighed against). */
  list(): Promise<Selectable<MessageTable>[]> {
    return this.db.selectFrom("messages").selectAll().orderBy("id").execute();
  }

  /** Records what tagging found: the category and the tags (JSON). */
  async setTags(id: string, category: string | null, tags: string, at: string): Promise<void> {
    await this.db
      .updateTable("messages")
      .set({ category, tags, updated_at: at })
      .where("id", "=", id)
      .execute();
  }
}
