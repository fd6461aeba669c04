/**
 * The initial schema. Column types are chosen to mean the same on SQLite and
 * PostgreSQL: text, integer, bigint (money, minor units), double precision.
 */
import { type CreateTableBuilder, type Kysely, SqliteAdapter, sql } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types
type AnyDb = Kysely<any>;

const provenance = <T extends { addColumn: (name: string, type: "text" | "integer") => T }>(t: T): T =>
  t.addColumn("ingest_run", "text").addColumn("ingest_row", "integer");

/**
 * On SQLite, tables keyed by text are stored WITHOUT ROWID: the row lives in the primary-key B-tree
 * instead of a rowid table plus a separate key index, which halves the B-tree writes of a bulk load.
 */
function clusteredOn<T extends string, C extends string>(
  db: AnyDb,
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C> {
  return db.getExecutor().adapter instanceof SqliteAdapter ? table.modifyEnd(sql`without rowid`) : table;
}

export async function up(db: AnyDb): Promise<void> {
  await clusteredOn(
    db,
    provenance(
      db.schema
        .createTable("customers")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("age", "integer")
        .addColumn("birth_date", "text")
        .addColumn("gender", "text")
        .addColumn("region", "text")
        .addColumn("tz", "text")
        .addColumn("risk_tolerance", "integer")
        .addColumn("subsidiary", "text")
        .addColumn("consents", "text", (c) => c.notNull().defaultTo("{}"))
        .addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}"))
        .addColumn("person_key", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull()),
    ),
  ).execute();
  // Partial: most customers carry no person key, and lookups are by equality, which implies not null.
  await db.schema
    .createIndex("customers_person_key")
    .on("customers")
    .column("person_key")
    .where(sql.ref("person_key"), "is not", null)
    .execute();

  await clusteredOn(
    db,
    provenance(
      db.schema
        .createTable("identities")
        .addColumn("subsidiary", "text", (c) => c.notNull())
        .addColumn("source_id", "text", (c) => c.notNull())
        .addColumn("customer_id", "text", (c) => c.notNull())
        .addColumn("person_key", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        // source_id first: references without a subsidiary look up by source id alone.
        .addPrimaryKeyConstraint("identities_pk", ["source_id", "subsidiary"]),
    ),
  ).execute();

  await db.schema
    .createTable("attribute_defs")
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("attribute_defs_pk", ["entity", "name"])
    .execute();

  await provenance(
    db.schema
      .createTable("products")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("category", "text", (c) => c.notNull())
      .addColumn("risk_level", "integer")
      .addColumn("value", "bigint", (c) => c.notNull().defaultTo(0))
      .addColumn("attributes", "text", (c) => c.notNull().defaultTo("{}"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull()),
  ).execute();

  await provenance(
    db.schema
      .createTable("holdings")
      .addColumn("customer_id", "text", (c) => c.notNull())
      .addColumn("product_id", "text", (c) => c.notNull())
      .addColumn("since", "text")
      .addColumn("amount", "bigint")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("holdings_pk", ["customer_id", "product_id"]),
  ).execute();
  await db.schema.createIndex("holdings_product").on("holdings").column("product_id").execute();

  await provenance(
    db.schema
      .createTable("events")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("customer_id", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("item_id", "text")
      .addColumn("category", "text")
      .addColumn("ts", "text", (c) => c.notNull())
      .addColumn("value", "double precision"),
  ).execute();
  await db.schema.createIndex("events_customer_ts").on("events").columns(["customer_id", "ts"]).execute();
  await db.schema.createIndex("events_ts").on("events").column("ts").execute();

  await provenance(
    db.schema
      .createTable("relations")
      .addColumn("src", "text", (c) => c.notNull())
      .addColumn("dst", "text", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("weight", "double precision", (c) => c.notNull().defaultTo(1))
      .addPrimaryKeyConstraint("relations_pk", ["src", "dst", "type"]),
  ).execute();
  await db.schema.createIndex("relations_dst").on("relations").column("dst").execute();

  await provenance(
    db.schema
      .createTable("outcomes")
      .addColumn("customer_id", "text", (c) => c.notNull())
      .addColumn("campaign", "text", (c) => c.notNull())
      .addColumn("treated", "integer", (c) => c.notNull())
      .addColumn("responded", "integer", (c) => c.notNull())
      .addColumn("ts", "text")
      .addPrimaryKeyConstraint("outcomes_pk", ["customer_id", "campaign"]),
  ).execute();

  await provenance(
    db.schema
      .createTable("messages")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("text", "text", (c) => c.notNull())
      .addColumn("lang", "text")
      .addColumn("channel", "text")
      .addColumn("category", "text")
      .addColumn("tags", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull()),
  ).execute();

  await db.schema
    .createTable("tags")
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("weight", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("set_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("tags_pk", ["customer_id", "name"])
    .execute();
  await db.schema.createIndex("tags_name_value").on("tags").columns(["name", "value"]).execute();

  await db.schema
    .createTable("models")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("features", "text", (c) => c.notNull())
    .addColumn("encoder", "text", (c) => c.notNull())
    .addColumn("params", "text", (c) => c.notNull())
    .addColumn("fingerprint", "text", (c) => c.notNull())
    .addColumn("metrics", "text", (c) => c.notNull())
    .addColumn("weights", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("models_name_version", ["name", "version"])
    .execute();

  await db.schema
    .createTable("candidates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("offer_id", "text", (c) => c.notNull())
    .addColumn("offer_kind", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("score", "double precision", (c) => c.notNull())
    .addColumn("expected_value", "double precision")
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("model_id", "text")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("open"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .execute();
  await db.schema
    .createIndex("candidates_customer")
    .on("candidates")
    .columns(["customer_id", "status"])
    .execute();

  await db.schema
    .createTable("decisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("candidate_id", "text")
    .addColumn("offer_id", "text")
    .addColumn("channel", "text")
    .addColumn("context", "text", (c) => c.notNull())
    .addColumn("score", "double precision")
    .addColumn("holdout", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("reasons", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("model_id", "text")
    .addColumn("decided_at", "text", (c) => c.notNull())
    .addColumn("scheduled_at", "text")
    .execute();
  await db.schema
    .createIndex("decisions_customer")
    .on("decisions")
    .columns(["customer_id", "decided_at"])
    .execute();

  await db.schema
    .createTable("deliveries")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("decision_id", "text", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("idempotency_key", "text", (c) => c.notNull().unique())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    .addColumn("last_error", "text")
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema
    .createIndex("deliveries_due")
    .on("deliveries")
    .columns(["status", "next_attempt_at"])
    .execute();

  await db.schema
    .createTable("feedback")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("customer_id", "text", (c) => c.notNull())
    .addColumn("decision_id", "text")
    .addColumn("delivery_id", "text")
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("value", "double precision")
    .addColumn("ts", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("feedback_customer").on("feedback").columns(["customer_id", "ts"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("target", "text")
    .addColumn("details", "text", (c) => c.notNull().defaultTo("{}"))
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();

  await db.schema
    .createTable("api_keys")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("key_hash", "text", (c) => c.notNull().unique())
    .addColumn("scopes", "text", (c) => c.notNull())
    .addColumn("label", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("last_used_at", "text")
    .execute();

  await db.schema
    .createTable("ingest_runs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("finished_at", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("inserted", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rejected", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "ingest_runs",
    "api_keys",
    "audit_log",
    "feedback",
    "deliveries",
    "decisions",
    "candidates",
    "models",
    "tags",
    "messages",
    "outcomes",
    "relations",
    "events",
    "holdings",
    "products",
    "attribute_defs",
    "identities",
    "customers",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
