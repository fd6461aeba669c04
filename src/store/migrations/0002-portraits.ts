/**
 * Portraits. A customer's tags are one document per customer (`portraits.doc`), holding term ids and
 * evidence per tag source, not a row per tag: a million customers with twenty-odd tags each would be
 * tens of millions of rows to rewrite on every build. Terms (tag name + value) carry their document
 * frequency for the TF-IDF weights; builds record what they read and with which definitions;
 * adjustments record negative feedback, reversibly. The unused row-per-tag table of 0001 goes.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.dropTable("tags").execute();

  await db.schema
    .createTable("portrait_terms")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("df", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("portrait_terms_name_value", ["name", "value"])
    .execute();

  await db.schema
    .createTable("portraits")
    .addColumn("customer_id", "text", (c) => c.primaryKey())
    /** JSON: {source: {at, build?, t: [termId, evidence, number?][]}}. */
    .addColumn("doc", "text", (c) => c.notNull())
    .addColumn("as_of", "text", (c) => c.notNull())
    .addColumn("built_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("portrait_builds")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("mode", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("definitions", "text", (c) => c.notNull())
    .addColumn("as_of", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("customers", "integer", (c) => c.notNull().defaultTo(0))
    /** The last customer id written, so an interrupted full build resumes after it. */
    .addColumn("cursor", "text")
    .execute();

  await db.schema
    .createTable("portrait_adjustments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("feedback_type", "text", (c) => c.notNull())
    /** JSON array of terms (name=value) or tag names whose weight is multiplied by `factor`. */
    .addColumn("terms", "text", (c) => c.notNull())
    .addColumn("factor", "double precision", (c) => c.notNull())
    .addColumn("category", "text")
    .addColumn("suppressed_until", "text")
    .addColumn("message_id", "text")
    .addColumn("feedback_id", "text")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("reverted_at", "text")
    .execute();
  await db.schema
    .createIndex("portrait_adjustments_customer")
    .on("portrait_adjustments")
    .column("customer_id")
    .execute();

  // An incremental build finds what changed by the ingest runs since the last build.
  for (const table of ["customers", "holdings", "events", "relations"]) {
    await db.schema.createIndex(`${table}_ingest_run`).on(table).column("ingest_run").execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["customers", "holdings", "events", "relations"])
    await db.schema.dropIndex(`${table}_ingest_run`).execute();
  for (const table of ["portrait_adjustments", "portrait_builds", "portraits", "portrait_terms"])
    await db.schema.dropTable(table).execute();
  await db.schema
    .createTable("tags")
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("weight", "double precision", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("set_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("tags_pk", ["customer_id", "name"])
    .execute();
}
