/**
 * The customer on the line. An utterance may name the customer the call is with (the agent's desk knows
 * it from the CRM); the call's customer is the first one named. It lets call assist turn interest heard
 * during the call into offer candidates for that customer.
 */
import type { Kysely } from "kysely";

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable("call_utterances").addColumn("customer_id", "text").execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable("call_utterances").dropColumn("customer_id").execute();
}
