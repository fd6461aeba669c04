/**
 * Candidates, campaigns, decisions, deliveries (the outbox), the in-app inbox and feedback: the path
 * from a proposal to a message and back.
 */
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type Selectable,
  sql,
  type Updateable,
} from "kysely";
import { extend } from "../../core/index.js";
import type { DialectName } from "../dialect/dialect-name.js";
import { reusable } from "../reusable.js";
import type {
  CampaignTable,
  CandidateTable,
  Database,
  DecisionTable,
  DeliveryTable,
  FeedbackTable,
  InboxTable,
} from "../schema.js";

export type CandidateRow = Selectable<CandidateTable>;
export type CampaignRow = Selectable<CampaignTable>;
export type DecisionRow = Selectable<DecisionTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
export type FeedbackRow = Selectable<FeedbackTable>;
export type InboxRow = Selectable<InboxTable>;

/** Rows per statement when a list of ids goes into `in (…)`. */
const IN_CHUNK = 500;

/** A customer's open candidates not expired at `now`, best first: read by every real-time decision. */
const openCandidates = reusable<[customerId: string, now: string], CandidateRow>(2, (db, customerId, now) =>
  db
    .selectFrom("candidates")
    .selectAll()
    .where("customer_id", "=", customerId)
    .where("status", "=", "open")
    .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
    .orderBy("score", "desc")
    .orderBy("id"),
);

/** Every column of a decision row, in the order `insertDecision` takes them. */
const DECISION_COLUMNS = [
  "id",
  "customer_id",
  "candidate_id",
  "offer_id",
  "channel",
  "context",
  "score",
  "holdout",
  "reasons",
  "model_id",
  "decided_at",
  "scheduled_at",
  "campaign_id",
  "slot",
  "source",
  "arm",
  "expected_value",
  "cost",
  "respond_by",
] as const satisfies readonly (keyof DecisionTable)[];

/** One decision; nothing when the customer already has a decision for the slot. */
const insertDecision = reusable<unknown[], never>(DECISION_COLUMNS.length, (db, ...values) =>
  db
    .insertInto("decisions")
    .values(Object.fromEntries(DECISION_COLUMNS.map((c, i) => [c, values[i]])) as Insertable<DecisionTable>)
    .onConflict((oc) => oc.columns(["customer_id", "slot"]).doNothing()),
);

export interface RecentFeedback {
  type: string;
  ts: string;
  offer_id: string | null;
  category: string | null;
}

/** Reads of a customer's recent feedback of some types (every real-time decision), by count of types. */
const recentFeedbackQueries = new Map<number, ReturnType<typeof reusable<string[], RecentFeedback>>>();

/** The reusable read for `types` types: customer id, since, then the types, one argument each. */
function recentFeedback(types: number) {
  let query = recentFeedbackQueries.get(types);
  if (!query) {
    query = reusable<string[], RecentFeedback>(2 + types, (db, customerId, since, ...typeList) =>
      db
        .selectFrom("feedback as f")
        .leftJoin("products as p", "p.id", "f.offer_id")
        .select(["f.type", "f.ts", "f.offer_id", "p.category"])
        .where("f.customer_id", "=", customerId)
        .where("f.type", "in", typeList)
        .where("f.ts", ">=", since),
    );
    recentFeedbackQueries.set(types, query);
  }
  return query;
}

export class CandidateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rows: readonly Insertable<CandidateTable>[]): Promise<void> {
    if (rows.length > 0)
      await this.db
        .insertInto("candidates")
        .values([...rows])
        .execute();
  }

  /** Open candidates of a customer, best first; `now` leaves out expired ones. */
  async open(customerId: string, now?: string): Promise<CandidateRow[]> {
    if (now) return (await openCandidates(this.db, customerId, now)).rows;
    return this.db
      .selectFrom("candidates")
      .selectAll()
      .where("customer_id", "=", customerId)
      .where("status", "=", "open")
      .orderBy("score", "desc")
      .orderBy("id")
      .execute();
  }

  /** Open, unexpired candidates of many customers from one source (a campaign's page of audience). */
  async openFor(customerIds: readonly string[], source: string, now: string): Promise<CandidateRow[]> {
    const out: CandidateRow[] = [];
    for (let i = 0; i < customerIds.length; i += IN_CHUNK) {
      const ids = customerIds.slice(i, i + IN_CHUNK);
      if (ids.length === 0) continue;
      out.push(
        ...(await this.db
          .selectFrom("candidates")
          .selectAll()
          .where("customer_id", "in", ids)
          .where("source", "=", source)
          .where("status", "=", "open")
          .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
          .execute()),
      );
    }
    return out;
  }

  /** Drops the open candidates of a source (a fresh run replaces them); answers how many. */
  async dropOpen(source: string): Promise<number> {
    const result = await this.db
      .updateTable("candidates")
      .set({ status: "dropped" })
      .where("source", "=", source)
      .where("status", "=", "open")
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Marks candidates as used by a decision, so they are not decided again. */
  async close(ids: readonly string[], status: "decided" | "dropped"): Promise<void> {
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const chunk = ids.slice(i, i + IN_CHUNK);
      if (chunk.length > 0)
        await this.db.updateTable("candidates").set({ status }).where("id", "in", chunk).execute();
    }
  }
}

export class CampaignRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<CampaignTable>): Promise<void> {
    await this.db.insertInto("campaigns").values(row).execute();
  }

  get(idOrName: string): Promise<CampaignRow | undefined> {
    return this.db
      .selectFrom("campaigns")
      .selectAll()
      .where((eb) => eb.or([eb("id", "=", idOrName), eb("name", "=", idOrName)]))
      .orderBy("created_at", "desc")
      .executeTakeFirst();
  }

  list(): Promise<CampaignRow[]> {
    return this.db.selectFrom("campaigns").selectAll().orderBy("created_at", "desc").execute();
  }

  async update(id: string, values: Updateable<CampaignTable>): Promise<void> {
    await this.db.updateTable("campaigns").set(values).where("id", "=", id).execute();
  }
}

/** A decision joined with whether it converted, for lift reports. */
export interface DecisionOutcome {
  campaign_id: string | null;
  source: string | null;
  channel: string | null;
  arm: string;
  decisions: number;
  conversions: number;
}

export class DecisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a decision; answers false when the customer already has one for the slot. */
  async insert(row: Insertable<DecisionTable>): Promise<boolean> {
    const values = DECISION_COLUMNS.map((column) => row[column] ?? null);
    const result = await insertDecision(this.db, ...values);
    return Number(result.numAffectedRows ?? 0n) > 0;
  }

  get(id: string): Promise<DecisionRow | undefined> {
    return this.db.selectFrom("decisions").selectAll().where("id", "=", id).executeTakeFirst();
  }

  forCustomer(customerId: string, limit = 100): Promise<DecisionRow[]> {
    return this.db
      .selectFrom("decisions")
      .selectAll()
      .where("customer_id", "=", customerId)
      .orderBy("decided_at", "desc")
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  /** Customers of a page that already have a decision for the slot. */
  async decidedIn(slot: string, customerIds: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < customerIds.length; i += IN_CHUNK) {
      const ids = customerIds.slice(i, i + IN_CHUNK);
      if (ids.length === 0) continue;
      const rows = await this.db
        .selectFrom("decisions")
        .select("customer_id")
        .where("slot", "=", slot)
        .where("customer_id", "in", ids)
        .execute();
      for (const r of rows) out.add(r.customer_id);
    }
    return out;
  }

  /**
   * The decision a customer's response is credited to: the latest one at or before `ts` and after
   * `since`, for the offer when one is named, that chose an offer.
   */
  attributable(
    customerId: string,
    ts: string,
    since: string,
    offerId?: string,
  ): Promise<DecisionRow | undefined> {
    let query = this.db
      .selectFrom("decisions")
      .selectAll()
      .where("customer_id", "=", customerId)
      .where("offer_id", "is not", null)
      .where("decided_at", "<=", ts)
      .where("decided_at", ">=", since);
    if (offerId) query = query.where("offer_id", "=", offerId);
    return query.orderBy("decided_at", "desc").orderBy("id", "desc").executeTakeFirst();
  }

  /** Spend of a campaign so far: decisions that contact, and their cost. */
  async spend(campaignId: string): Promise<{ sends: number; cost: number }> {
    const row = await this.db
      .selectFrom("decisions")
      .select((eb) => [eb.fn.countAll<number>().as("sends"), eb.fn.sum<number>("cost").as("cost")])
      .where("campaign_id", "=", campaignId)
      .where("arm", "=", "contact")
      .executeTakeFirst();
    return { sends: Number(row?.sends ?? 0), cost: Number(row?.cost ?? 0) };
  }

  /**
   * Decisions and the ones that converted, grouped by campaign, source, channel and arm. A decision
   * converted when a conversion was credited to it, or the customer bought its offer between the
   * decision and the end of its attribution window.
   */
  async outcomes(filter: { campaignId?: string; since?: string } = {}): Promise<DecisionOutcome[]> {
    let query = this.db
      .selectFrom("decisions as d")
      .select((eb) => [
        "d.campaign_id",
        "d.source",
        "d.channel",
        "d.arm",
        eb.fn.countAll<number>().as("decisions"),
        eb.fn.sum<number>(convertedFlag(eb)).as("conversions"),
      ])
      .where("d.offer_id", "is not", null)
      .where("d.arm", "!=", "none");
    if (filter.campaignId) query = query.where("d.campaign_id", "=", filter.campaignId);
    if (filter.since) query = query.where("d.decided_at", ">=", filter.since);
    const rows = await query.groupBy(["d.campaign_id", "d.source", "d.channel", "d.arm"]).execute();
    return rows.map((r) =>
      extend(r, { decisions: Number(r.decisions), conversions: Number(r.conversions ?? 0) }),
    );
  }

  /**
   * Decisions that chose an offer and the ones that converted (as `outcomes` counts them), per UTC day
   * of `decided_at` and arm, from `since` on: the console's trend of conversion against the baseline.
   */
  async perDay(
    since: string,
  ): Promise<{ day: string; arm: string; decisions: number; conversions: number }[]> {
    const day = sql<string>`substr(d.decided_at, 1, 10)`;
    const rows = await this.db
      .selectFrom("decisions as d")
      .select((eb) => [
        day.as("day"),
        "d.arm",
        eb.fn.countAll<number>().as("decisions"),
        eb.fn.sum<number>(convertedFlag(eb)).as("conversions"),
      ])
      .where("d.offer_id", "is not", null)
      .where("d.arm", "!=", "none")
      .where("d.decided_at", ">=", since)
      .groupBy([day, "d.arm"])
      .orderBy(day)
      .execute();
    return rows.map((r) => ({
      day: r.day,
      arm: r.arm,
      decisions: Number(r.decisions),
      conversions: Number(r.conversions ?? 0),
    }));
  }

  /** Per decision of a campaign: the arm and whether it converted (the training labels of uplift). */
  async responses(campaignId: string): Promise<
    {
      id: string;
      customer_id: string;
      arm: string;
      decided_at: string;
      score: number | null;
      model_id: string | null;
      converted: number;
    }[]
  > {
    const rows = await this.db
      .selectFrom("decisions as d")
      .select((eb) => [
        "d.id",
        "d.customer_id",
        "d.arm",
        "d.decided_at",
        "d.score",
        "d.model_id",
        convertedFlag(eb).as("converted"),
      ])
      .where("d.campaign_id", "=", campaignId)
      .where("d.offer_id", "is not", null)
      .where("d.arm", "!=", "none")
      .execute();
    return rows.map((r) =>
      extend(r, { score: r.score === null ? null : Number(r.score), converted: Number(r.converted) }),
    );
  }
}

type DecisionScope = ExpressionBuilder<Database & { d: DecisionTable }, "d">;

/** 1 when a decision converted (a conversion credited to it, or a purchase of its offer in its window), else 0. */
function convertedFlag(eb: DecisionScope) {
  return eb
    .case()
    .when(eb.or([eb.exists(creditedConversion(eb)), eb.exists(purchaseInWindow(eb))]))
    .then(1)
    .else(0)
    .end();
}

function creditedConversion(eb: DecisionScope) {
  return eb
    .selectFrom("feedback as f")
    .select("f.id")
    .whereRef("f.decision_id", "=", "d.id")
    .where("f.type", "=", "conversion");
}

function purchaseInWindow(eb: DecisionScope) {
  return eb
    .selectFrom("events as e")
    .select("e.id")
    .whereRef("e.customer_id", "=", "d.customer_id")
    .where("e.type", "=", "purchase")
    .whereRef("e.item_id", "=", "d.offer_id")
    .whereRef("e.ts", ">=", "d.decided_at")
    .whereRef("e.ts", "<=", "d.respond_by");
}

/**
 * The result of a claimed delivery. `lease` is the claim's lease: when given, the row is settled only if
 * it still holds it (a dispatcher that outlived its lease must not overwrite the one that re-claimed
 * the row). `unsent`: the round ran out of time before trying it; it is due again, no attempt counted.
 */
export type DeliveryOutcome = { id: string; at: string; lease?: string } & (
  | { status: "sent" }
  | { status: "retry"; error: string; nextAttemptAt: string }
  | { status: "dead"; error: string }
  | { status: "unsent" }
);

export class DeliveryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /**
   * Adds a delivery, due at `next_attempt_at` (at once when null); a second one with the same
   * idempotency key is ignored. Answers whether it was new.
   */
  async enqueue(row: Insertable<DeliveryTable>): Promise<boolean> {
    const result = await this.db
      .insertInto("deliveries")
      .values({ ...row, next_attempt_at: row.next_attempt_at ?? row.created_at })
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  get(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom("deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /**
   * Claims up to `limit` due deliveries by marking them `sending` with a lease until `leaseUntil`
   * (default: `now`, which claims them once and never again until settled). A row whose lease ran
   * out — its dispatcher died mid-send — is due again. On PostgreSQL rows locked by another
   * dispatcher are skipped, so many can run.
   */
  async claimDue(now: string, limit: number, leaseUntil?: string): Promise<DeliveryRow[]> {
    const lease = leaseUntil ?? farFuture(now);
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .selectFrom("deliveries")
        .selectAll()
        .where("next_attempt_at", "<=", now)
        .orderBy("next_attempt_at")
        .limit(limit);
      if (this.dialect === "postgres") query = query.forUpdate().skipLocked();
      const due = (await query.execute()).filter((d) => d.status !== "sent" && d.status !== "dead");
      if (due.length === 0) return [];
      for (let i = 0; i < due.length; i += IN_CHUNK) {
        await trx
          .updateTable("deliveries")
          .set({ status: "sending", updated_at: now, next_attempt_at: lease })
          .where(
            "id",
            "in",
            due.slice(i, i + IN_CHUNK).map((d) => d.id),
          )
          .execute();
      }
      return due.map((d) => extend(d, { status: "sending", next_attempt_at: lease }));
    });
  }

  /** Records the result of one attempt. */
  async settle(
    id: string,
    outcome: { status: "sent" | "retry" | "dead"; at: string; error?: string; nextAttemptAt?: string },
  ): Promise<void> {
    await this.settleMany([{ id, ...outcome } as DeliveryOutcome]);
  }

  /**
   * Records the results of many attempts in one transaction. Sent deliveries that share their time and
   * lease (a dispatcher's round) are settled by one statement: most of a round is sent.
   */
  async settleMany(outcomes: readonly DeliveryOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const sent = new Map<string, { at: string; lease: string | undefined; ids: string[] }>();
    const others: DeliveryOutcome[] = [];
    for (const o of outcomes) {
      if (o.status !== "sent") {
        others.push(o);
        continue;
      }
      const key = `${o.at}\u001f${o.lease ?? ""}`;
      const group = sent.get(key) ?? { at: o.at, lease: o.lease, ids: [] };
      group.ids.push(o.id);
      sent.set(key, group);
    }
    const run = async (db: Kysely<Database>) => {
      for (const { at, lease, ids } of sent.values()) {
        for (let i = 0; i < ids.length; i += IN_CHUNK) {
          let query = db
            .updateTable("deliveries")
            .set((eb) => ({
              status: "sent",
              attempts: eb("attempts", "+", 1),
              updated_at: at,
              last_error: null,
              next_attempt_at: null,
              sent_at: at,
            }))
            .where("id", "in", ids.slice(i, i + IN_CHUNK));
          if (lease) query = query.where("status", "=", "sending").where("next_attempt_at", "=", lease);
          await query.execute();
        }
      }
      for (const o of others) {
        let query =
          o.status === "unsent"
            ? db.updateTable("deliveries").set({ status: "retry", updated_at: o.at, next_attempt_at: o.at })
            : db.updateTable("deliveries").set((eb) => ({
                status: o.status,
                attempts: eb("attempts", "+", 1),
                updated_at: o.at,
                last_error: o.status === "sent" ? null : o.error,
                next_attempt_at: o.status === "retry" ? o.nextAttemptAt : null,
                sent_at: null,
              }));
        query = query.where("id", "=", o.id);
        if (o.lease) query = query.where("status", "=", "sending").where("next_attempt_at", "=", o.lease);
        await query.execute();
      }
    };
    if (this.db.isTransaction) await run(this.db);
    else await this.db.transaction().execute(run);
  }

  byStatus(status: string, limit = 100): Promise<DeliveryRow[]> {
    return this.db
      .selectFrom("deliveries")
      .selectAll()
      .where("status", "=", status)
      .orderBy("created_at")
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  /** Counts by status. */
  async counts(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom("deliveries")
      .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
      .groupBy("status")
      .execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Deliveries per UTC day of `created_at` and status, from `since` on. */
  async perDay(since: string): Promise<{ day: string; status: string; n: number }[]> {
    const day = sql<string>`substr(created_at, 1, 10)`;
    const rows = await this.db
      .selectFrom("deliveries")
      .select((eb) => [day.as("day"), "status", eb.fn.countAll<number>().as("n")])
      .where("created_at", ">=", since)
      .groupBy([day, "status"])
      .orderBy(day)
      .execute();
    return rows.map((r) => ({ day: r.day, status: r.status, n: Number(r.n) }));
  }

  /** A customer's deliveries, newest first. */
  forCustomer(customerId: string, limit = 100): Promise<DeliveryRow[]> {
    return this.db
      .selectFrom("deliveries")
      .selectAll()
      .where("customer_id", "=", customerId)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(limit)
      .execute();
  }

  /** A customer's deliveries created since `since` that are not dead, for frequency caps. */
  recentFor(
    customerId: string,
    since: string,
  ): Promise<Pick<DeliveryRow, "channel" | "created_at" | "next_attempt_at" | "sent_at" | "status">[]> {
    return this.db
      .selectFrom("deliveries")
      .select(["channel", "created_at", "next_attempt_at", "sent_at", "status"])
      .where("customer_id", "=", customerId)
      .where("created_at", ">=", since)
      .where("status", "!=", "dead")
      .execute();
  }

  /** Puts dead deliveries (the given ones, or all) back in the queue, due at `now`. Answers how many. */
  async redrive(now: string, ids?: readonly string[]): Promise<number> {
    // A re-driven letter starts over: the full retry schedule, not one last attempt.
    let query = this.db
      .updateTable("deliveries")
      .set({ status: "retry", next_attempt_at: now, updated_at: now, attempts: 0 })
      .where("status", "=", "dead");
    if (ids) {
      if (ids.length === 0) return 0;
      query = query.where("id", "in", [...ids]);
    }
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0n);
  }
}

/** A lease that never runs out by itself, for callers that claim without one. */
function farFuture(now: string): string {
  return new Date(Date.parse(now) + 100 * 365 * 86_400_000).toISOString();
}

export class InboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds a message; the same delivery written twice stays one message. Answers whether it was new. */
  async add(row: Insertable<InboxTable>): Promise<boolean> {
    const result = await this.db
      .insertInto("inbox")
      .values(row)
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Newest first; `after` (a created_at) gives only newer ones, oldest first, for streams. */
  list(customerId: string, options: { limit?: number; after?: string } = {}): Promise<InboxRow[]> {
    let query = this.db.selectFrom("inbox").selectAll().where("customer_id", "=", customerId);
    if (options.after) {
      return query
        .where("created_at", ">", options.after)
        .orderBy("created_at")
        .orderBy("id")
        .limit(options.limit ?? 100)
        .execute();
    }
    query = query.orderBy("created_at", "desc").orderBy("id", "desc");
    return query.limit(options.limit ?? 50).execute();
  }

  async markRead(customerId: string, id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable("inbox")
      .set({ read_at: at })
      .where("id", "=", id)
      .where("customer_id", "=", customerId)
      .where("read_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0n) > 0;
  }
}

export class FeedbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds feedback; a row whose id exists is ignored (a retried report). Answers how many were new. */
  async insert(rows: readonly Insertable<FeedbackTable>[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto("feedback")
      .values([...rows])
      .onConflict((oc) => oc.column("id").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  forCustomer(customerId: string): Promise<FeedbackRow[]> {
    return this.db
      .selectFrom("feedback")
      .selectAll()
      .where("customer_id", "=", customerId)
      .orderBy("ts", "desc")
      .execute();
  }

  /** A customer's feedback of the given types since `since`, with the offer's category when known. */
  async recentOfTypes(
    customerId: string,
    types: readonly string[],
    since: string,
  ): Promise<RecentFeedback[]> {
    if (types.length === 0) return [];
    return (await recentFeedback(types.length)(this.db, customerId, since, ...types)).rows;
  }
}
