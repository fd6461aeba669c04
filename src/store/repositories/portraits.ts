/**
 * Portrait storage: documents per customer, tag terms with document frequency, builds, and
 * negative-feedback adjustments. Plain reads and writes; what a portrait means is src/portrait's.
 */
import type { Insertable, Kysely, Selectable } from "kysely";
import { reusable } from "../reusable.js";
import type {
  Database,
  PortraitAdjustmentTable,
  PortraitBuildTable,
  PortraitTable,
  PortraitTermTable,
} from "../schema.js";

export type PortraitRow = Selectable<PortraitTable>;
export type PortraitTermRow = Selectable<PortraitTermTable>;
export type PortraitBuildRow = Selectable<PortraitBuildTable>;
export type PortraitAdjustmentRow = Selectable<PortraitAdjustmentTable>;

/** SQLite binds at most 32,766 parameters; lists of ids are sent in slices below that. */
const IN_LIST = 10_000;

function slices<T>(items: readonly T[], size = IN_LIST): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One customer's portrait: read by every real-time decision. */
const portraitOf = reusable<[customerId: string], PortraitRow>(1, (db, customerId) =>
  db.selectFrom("portraits").selectAll().where("customer_id", "=", customerId),
);

export class PortraitRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every term; a few thousand rows at most (tag names × values). */
  terms(): Promise<PortraitTermRow[]> {
    return this.db.selectFrom("portrait_terms").selectAll().orderBy("id").execute();
  }

  /** Adds terms with ids given by the caller (inside the caller's transaction). */
  async addTerms(rows: readonly PortraitTermRow[]): Promise<void> {
    for (const slice of slices(rows, 1000))
      await this.db.insertInto("portrait_terms").values(slice).execute();
  }

  /** Adds `delta` to the document frequency of each term. */
  async addDocumentFrequency(deltas: ReadonlyMap<number, number>): Promise<void> {
    for (const [id, delta] of deltas) {
      if (delta === 0) continue;
      await this.db
        .updateTable("portrait_terms")
        .set((eb) => ({ df: eb("df", "+", delta) }))
        .where("id", "=", id)
        .execute();
    }
  }

  async get(customerId: string): Promise<PortraitRow | undefined> {
    return (await portraitOf(this.db, customerId)).rows[0];
  }

  /** The stored portraits of these customers, by customer id. */
  async many(customerIds: readonly string[]): Promise<Map<string, PortraitRow>> {
    const found = new Map<string, PortraitRow>();
    for (const slice of slices(customerIds)) {
      const rows = await this.db
        .selectFrom("portraits")
        .selectAll()
        .where("customer_id", "in", slice)
        .execute();
      for (const row of rows) found.set(row.customer_id, row);
    }
    return found;
  }

  /** Portraits in customer-id order after `after`, `limit` at a time: for streaming all of them. */
  page(after: string | null, limit: number): Promise<PortraitRow[]> {
    let query = this.db.selectFrom("portraits").selectAll().orderBy("customer_id").limit(limit);
    if (after !== null) query = query.where("customer_id", ">", after);
    return query.execute();
  }

  async upsert(rows: readonly Insertable<PortraitTable>[]): Promise<void> {
    for (const slice of slices(rows, 2000)) {
      await this.db
        .insertInto("portraits")
        .values(slice)
        .onConflict((oc) =>
          oc.column("customer_id").doUpdateSet((eb) => ({
            doc: eb.ref("excluded.doc"),
            as_of: eb.ref("excluded.as_of"),
            built_at: eb.ref("excluded.built_at"),
          })),
        )
        .execute();
    }
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("portraits")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async startBuild(row: Insertable<PortraitBuildTable>): Promise<void> {
    await this.db.insertInto("portrait_builds").values(row).execute();
  }

  async updateBuild(
    id: string,
    changes: Partial<Pick<PortraitBuildRow, "status" | "finished_at" | "customers" | "cursor">>,
  ): Promise<void> {
    await this.db.updateTable("portrait_builds").set(changes).where("id", "=", id).execute();
  }

  /** The newest build, of any status. */
  lastBuild(): Promise<PortraitBuildRow | undefined> {
    return this.db
      .selectFrom("portrait_builds")
      .selectAll()
      .orderBy("started_at", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** The newest build that finished. */
  lastFinishedBuild(): Promise<PortraitBuildRow | undefined> {
    return this.db
      .selectFrom("portrait_builds")
      .selectAll()
      .where("status", "=", "done")
      .orderBy("started_at", "desc")
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  getBuild(id: string): Promise<PortraitBuildRow | undefined> {
    return this.db.selectFrom("portrait_builds").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /**
   * Customers whose profile, holdings, events, relations or responses may have changed since `since`:
   * rows of ingest runs that finished at or after it (or have not finished; both ends of a relation),
   * and feedback stamped since.
   */
  async changedSince(since: string): Promise<{ customers: string[]; relationsChanged: boolean }> {
    const runs = (
      await this.db
        .selectFrom("ingest_runs")
        .select("id")
        .where((eb) => eb.or([eb("finished_at", "is", null), eb("finished_at", ">=", since)]))
        .execute()
    ).map((r) => r.id);
    const ids = new Set<string>();
    let relationsChanged = false;
    // One run at a time with `=`: a bulk load makes most rows share one run, so planners estimate
    // `ingest_run in (…)` as most of the table and scan it; `=` on the index finds a small run's rows.
    for (const run of runs) {
      const [customers, holdings, events, relations] = await Promise.all([
        this.db.selectFrom("customers").select("id").where("ingest_run", "=", run).execute(),
        this.db.selectFrom("holdings").select("customer_id").where("ingest_run", "=", run).execute(),
        this.db.selectFrom("events").select("customer_id").where("ingest_run", "=", run).execute(),
        this.db.selectFrom("relations").select(["src", "dst"]).where("ingest_run", "=", run).execute(),
      ]);
      for (const r of customers) ids.add(r.id);
      for (const r of holdings) ids.add(r.customer_id);
      for (const r of events) ids.add(r.customer_id);
      for (const r of relations) {
        ids.add(r.src);
        ids.add(r.dst);
      }
      relationsChanged ||= relations.length > 0;
    }
    const feedback = await this.db
      .selectFrom("feedback")
      .select("customer_id")
      .distinct()
      .where("ts", ">=", since)
      .execute();
    for (const r of feedback) ids.add(r.customer_id);
    return { customers: [...ids].sort(), relationsChanged };
  }

  async addAdjustment(row: Insertable<PortraitAdjustmentTable>): Promise<void> {
    await this.db.insertInto("portrait_adjustments").values(row).execute();
  }

  getAdjustment(id: string): Promise<PortraitAdjustmentRow | undefined> {
    return this.db.selectFrom("portrait_adjustments").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** Adjustments in force (not reverted) for these customers, oldest first; all customers when omitted. */
  async adjustments(customerIds?: readonly string[]): Promise<PortraitAdjustmentRow[]> {
    const base = this.db
      .selectFrom("portrait_adjustments")
      .selectAll()
      .where("reverted_at", "is", null)
      .orderBy("created_at")
      .orderBy("id");
    if (customerIds === undefined) return base.execute();
    const out: PortraitAdjustmentRow[] = [];
    for (const slice of slices(customerIds))
      out.push(...(await base.where("customer_id", "in", slice).execute()));
    return out;
  }

  /** Marks an adjustment reverted; false when there is no such adjustment in force. */
  async revertAdjustment(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable("portrait_adjustments")
      .set({ reverted_at: at })
      .where("id", "=", id)
      .where("reverted_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
