/**
 * Candidates, decisions, deliveries (the outbox) and feedback: the path from
 * a proposal to a message and back.
 */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { DialectName } from "../dialect/dialect-name.js";
import type { CandidateTable, Database, DecisionTable, DeliveryTable, FeedbackTable } from "../schema.js";

export type CandidateRow = Selectable<CandidateTable>;
export type DecisionRow = Selectable<DecisionTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
export type FeedbackRow = Selectable<FeedbackTable>;

export class CandidateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rows: readonly Insertable<CandidateTable>[]): Promise<void> {
    if (rows.length > 0)
      await this.db
        .insertInto("candidates")
        .values([...rows])
        .execute();
  }

  open(customerId: string): Promise<CandidateRow[]> {
    return this.db
      .selectFrom("candidates")
      .selectAll()
      .where("customer_id", "=", customerId)
      .where("status", "=", "open")
      .orderBy("score", "desc")
      .orderBy("id")
      .execute();
  }
}

export class DecisionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<DecisionTable>): Promise<void> {
    await this.db.insertInto("decisions").values(row).execute();
  }

  forCustomer(customerId: string): Promise<DecisionRow[]> {
    return this.db
      .selectFrom("decisions")
      .selectAll()
      .where("customer_id", "=", customerId)
      .orderBy("decided_at", "desc")
      .orderBy("id")
      .execute();
  }
}

export class DeliveryRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** Adds a delivery; a second one with the same idempotency key is ignored. Answers whether it was new. */
  async enqueue(row: Insertable<DeliveryTable>): Promise<boolean> {
    const result = await this.db
      .insertInto("deliveries")
      .values(row)
      .onConflict((oc) => oc.column("idempotency_key").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  get(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom("deliveries").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /**
   * Claims up to `limit` due deliveries by marking them `sending`. On PostgreSQL
   * rows locked by another worker are skipped, so many dispatchers can run.
   */
  async claimDue(now: string, limit: number): Promise<DeliveryRow[]> {
    return this.db.transaction().execute(async (trx) => {
      let query = trx
        .selectFrom("deliveries")
        .selectAll()
        .where("status", "in", ["pending", "retry"])
        .where((eb) => eb.or([eb("next_attempt_at", "is", null), eb("next_attempt_at", "<=", now)]))
        .orderBy("created_at")
        .orderBy("id")
        .limit(limit);
      if (this.dialect === "postgres") query = query.forUpdate().skipLocked();
      const due = await query.execute();
      if (due.length === 0) return [];
      await trx
        .updateTable("deliveries")
        .set({ status: "sending", updated_at: now })
        .where(
          "id",
          "in",
          due.map((d) => d.id),
        )
        .execute();
      return due.map((d) => ({ ...d, status: "sending" }));
    });
  }

  /** Records the result of one attempt. */
  async settle(
    id: string,
    outcome: { status: "sent" | "retry" | "dead"; at: string; error?: string; nextAttemptAt?: string },
  ): Promise<void> {
    await this.db
      .updateTable("deliveries")
      .set((eb) => ({
        status: outcome.status,
        attempts: eb("attempts", "+", 1),
        updated_at: outcome.at,
        last_error: outcome.error ?? null,
        next_attempt_at: outcome.nextAttemptAt ?? null,
        sent_at: outcome.status === "sent" ? outcome.at : null,
      }))
      .where("id", "=", id)
      .execute();
  }

  byStatus(status: string, limit = 100): Promise<DeliveryRow[]> {
    return this.db
      .selectFrom("deliveries")
      .selectAll()
      .where("status", "=", status)
      .orderBy("created_at")
      .limit(limit)
      .execute();
  }
}

export class FeedbackRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(rows: readonly Insertable<FeedbackTable>[]): Promise<void> {
    if (rows.length > 0) {
      await this.db
        .insertInto("feedback")
        .values([...rows])
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    }
  }

  forCustomer(customerId: string): Promise<FeedbackRow[]> {
    return this.db
      .selectFrom("feedback")
      .selectAll()
      .where("customer_id", "=", customerId)
      .orderBy("ts", "desc")
      .execute();
  }
}
