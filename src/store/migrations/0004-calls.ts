/**
 * Call assist. Every analysed utterance of a sales call is kept with what Nudge understood (scene,
 * intent, emotion, voice) and the scripts it put on the agent's screen, under the script model version
 * that ranked them. Agents rate shown scripts; a rating at or above the threshold copies the
 * (utterance, context, script) example into `script_examples`, the script model's training set, so an
 * example survives the call's own retention.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("call_utterances")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("call_id", "text", (c) => c.notNull())
    .addColumn("turn", "integer", (c) => c.notNull())
    /** customer | agent. */
    .addColumn("speaker", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("lang", "text")
    .addColumn("scene", "text")
    .addColumn("intent", "text")
    .addColumn("emotion", "text")
    .addColumn("intensity", "double precision")
    /** JSON: voice features, emotion parts, confidences, relation, recognition, scripts shown. */
    .addColumn("analysis", "text", (c) => c.notNull().defaultTo("{}"))
    /** The script model version that ranked the scripts shown. */
    .addColumn("model_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("call_utterances_turn")
    .on("call_utterances")
    .columns(["call_id", "turn"])
    .unique()
    .execute();

  await db.schema
    .createTable("script_ratings")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("call_id", "text", (c) => c.notNull())
    .addColumn("utterance_id", "text", (c) => c.notNull())
    .addColumn("script_id", "text", (c) => c.notNull())
    /** 0–100. */
    .addColumn("rating", "integer", (c) => c.notNull())
    .addColumn("agent", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("script_ratings_once")
    .on("script_ratings")
    .columns(["utterance_id", "script_id"])
    .unique()
    .execute();

  await db.schema
    .createTable("script_examples")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("text", "text", (c) => c.notNull())
    /** JSON: lang, scene, intent, emotion, previous utterances, product. */
    .addColumn("context", "text", (c) => c.notNull())
    .addColumn("script_id", "text", (c) => c.notNull())
    /** feedback (an agent's rating above the threshold) or seed. */
    .addColumn("origin", "text", (c) => c.notNull())
    .addColumn("rating", "integer")
    /** The rating it came from: one example per rating. */
    .addColumn("rating_id", "text", (c) => c.unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("script_examples").execute();
  await db.schema.dropTable("script_ratings").execute();
  await db.schema.dropTable("call_utterances").execute();
}
