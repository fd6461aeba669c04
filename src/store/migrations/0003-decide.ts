/**
 * Deciding and delivering. Campaigns are rows (source, audience rule, channel, template, control
 * share, budget). A decision names its slot — one best action per customer per slot, so a campaign
 * run that is repeated for the same day decides nothing twice — and its arm: contacted, global holdout
 * or campaign control, the last two never contacted and always measured. Deliveries carry their
 * customer so frequency caps count them with an index, and a claimed delivery's `next_attempt_at` is
 * its lease: a dispatcher that dies mid-send leaves the row to be claimed again when the lease ends.
 * The in-app inbox keeps what was delivered to it, and feedback names the offer it is about.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("campaigns")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    /** Candidate source whose open candidates the campaign sends (propensity, segment, messaging, …), or `offer`. */
    .addColumn("source", "text", (c) => c.notNull())
    /** With source `offer`: the one offer pushed to the audience. */
    .addColumn("offer_id", "text")
    .addColumn("channel", "text", (c) => c.notNull())
    /** JSON: a JsonLogic rule over profile and tags, or null for everyone. */
    .addColumn("audience", "text")
    /** JSON: {title, body} with {{placeholders}}. */
    .addColumn("template", "text", (c) => c.notNull())
    /** JSON: policy settings that override the defaults (caps, quiet hours, cooldown). */
    .addColumn("policies", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("control_share", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("budget_sends", "integer")
    .addColumn("budget_cost", "bigint")
    .addColumn("cost_per_send", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("start_at", "text")
    .addColumn("end_at", "text")
    /** null: run by hand; once: the server runs it when it starts; daily: each day from the start. */
    .addColumn("schedule", "text")
    .addColumn("last_run_at", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema.alterTable("decisions").addColumn("campaign_id", "text").execute();
  await db.schema.alterTable("decisions").addColumn("slot", "text").execute();
  await db.schema.alterTable("decisions").addColumn("source", "text").execute();
  /** contact | holdout | control | none (every alternative dropped). */
  await db.schema
    .alterTable("decisions")
    .addColumn("arm", "text", (c) => c.notNull().defaultTo("contact"))
    .execute();
  await db.schema.alterTable("decisions").addColumn("expected_value", "double precision").execute();
  await db.schema.alterTable("decisions").addColumn("cost", "bigint").execute();
  /** End of the attribution window: a purchase of the offer until then counts as a conversion. */
  await db.schema.alterTable("decisions").addColumn("respond_by", "text").execute();
  await db.schema
    .createIndex("decisions_slot")
    .on("decisions")
    .columns(["customer_id", "slot"])
    .unique()
    .execute();
  await db.schema.createIndex("decisions_campaign").on("decisions").columns(["campaign_id"]).execute();
  await db.schema
    .createIndex("decisions_offer")
    .on("decisions")
    .columns(["customer_id", "offer_id"])
    .execute();

  await db.schema.alterTable("deliveries").addColumn("customer_id", "text").execute();
  await db.schema
    .createIndex("deliveries_customer")
    .on("deliveries")
    .columns(["customer_id", "channel", "created_at"])
    .execute();
  await db.schema.createIndex("deliveries_decision").on("deliveries").columns(["decision_id"]).execute();
  /** Claimable rows have a due time; sent and dead ones have none, so claiming is one index range. */
  await db.schema.createIndex("deliveries_next").on("deliveries").columns(["next_attempt_at"]).execute();

  await db.schema
    .createTable("inbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("decision_id", "text", (c) => c.notNull())
    .addColumn("offer_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("inbox_customer").on("inbox").columns(["customer_id", "created_at"]).execute();

  await db.schema.alterTable("feedback").addColumn("offer_id", "text").execute();
  await db.schema.createIndex("feedback_decision").on("feedback").columns(["decision_id"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex("feedback_decision").execute();
  await db.schema.alterTable("feedback").dropColumn("offer_id").execute();
  await db.schema.dropTable("inbox").execute();
  await db.schema.dropIndex("deliveries_next").execute();
  await db.schema.dropIndex("deliveries_decision").execute();
  await db.schema.dropIndex("deliveries_customer").execute();
  await db.schema.alterTable("deliveries").dropColumn("customer_id").execute();
  for (const index of ["decisions_offer", "decisions_campaign", "decisions_slot"])
    await db.schema.dropIndex(index).execute();
  for (const column of ["respond_by", "cost", "expected_value", "arm", "source", "slot", "campaign_id"])
    await db.schema.alterTable("decisions").dropColumn(column).execute();
  await db.schema.dropTable("campaigns").execute();
}
