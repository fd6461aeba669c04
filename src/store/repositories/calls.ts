/** Call assist: analysed utterances of calls, agents' ratings of the scripts shown, the script model's examples. */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { CallUtteranceTable, Database, ScriptExampleTable, ScriptRatingTable } from "../schema.js";

export type CallUtteranceRow = Selectable<CallUtteranceTable>;
export type ScriptRatingRow = Selectable<ScriptRatingTable>;
export type ScriptExampleRow = Selectable<ScriptExampleTable>;

/** A call as the console lists it. */
export interface CallSummary {
  call_id: string;
  utterances: number;
  started_at: string;
  last_at: string;
}

export class CallRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** The turn the next utterance of a call takes (1 for a new call). */
  async nextTurn(callId: string): Promise<number> {
    const row = await this.db
      .selectFrom("call_utterances")
      .select((eb) => eb.fn.max("turn").as("turn"))
      .where("call_id", "=", callId)
      .executeTakeFirst();
    return Number(row?.turn ?? 0) + 1;
  }

  /** Stores an utterance; false when its (call, turn) is taken (another utterance got there first). */
  async insertUtterance(row: Insertable<CallUtteranceTable>): Promise<boolean> {
    const result = await this.db
      .insertInto("call_utterances")
      .values(row)
      .onConflict((oc) => oc.columns(["call_id", "turn"]).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** A call's utterances in turn order (the last `limit` when given). */
  async utterances(callId: string, limit?: number): Promise<CallUtteranceRow[]> {
    let query = this.db
      .selectFrom("call_utterances")
      .selectAll()
      .where("call_id", "=", callId)
      .orderBy("turn", "desc");
    if (limit !== undefined) query = query.limit(limit);
    return (await query.execute()).reverse();
  }

  /** The customer a call is with: the first one an utterance of it named; null when none did. */
  async customerOf(callId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom("call_utterances")
      .select("customer_id")
      .where("call_id", "=", callId)
      .where("customer_id", "is not", null)
      .orderBy("turn")
      .limit(1)
      .executeTakeFirst();
    return row?.customer_id ?? null;
  }

  async utterance(id: string): Promise<CallUtteranceRow | undefined> {
    return this.db.selectFrom("call_utterances").selectAll().where("id", "=", id).executeTakeFirst();
  }

  /** The latest calls, newest first. */
  async recent(limit: number): Promise<CallSummary[]> {
    const rows = await this.db
      .selectFrom("call_utterances")
      .select((eb) => [
        "call_id",
        eb.fn.countAll<number>().as("utterances"),
        eb.fn.min("created_at").as("started_at"),
        eb.fn.max("created_at").as("last_at"),
      ])
      .groupBy("call_id")
      .orderBy("last_at", "desc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      call_id: r.call_id,
      utterances: Number(r.utterances),
      started_at: String(r.started_at),
      last_at: String(r.last_at),
    }));
  }

  /** Records a rating; a second rating of the same script for the same utterance replaces the first. */
  async rate(row: Insertable<ScriptRatingTable>): Promise<ScriptRatingRow> {
    await this.db
      .insertInto("script_ratings")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["utterance_id", "script_id"]).doUpdateSet({
          rating: row.rating,
          agent: row.agent ?? null,
          created_at: row.created_at,
        }),
      )
      .execute();
    return this.db
      .selectFrom("script_ratings")
      .selectAll()
      .where("utterance_id", "=", row.utterance_id)
      .where("script_id", "=", row.script_id)
      .executeTakeFirstOrThrow();
  }

  async ratings(callId: string): Promise<ScriptRatingRow[]> {
    return this.db
      .selectFrom("script_ratings")
      .selectAll()
      .where("call_id", "=", callId)
      .orderBy("created_at")
      .execute();
  }

  /** Adds a training example; one per rating (a re-rating updates it). */
  async addExample(row: Insertable<ScriptExampleTable>): Promise<void> {
    await this.db
      .insertInto("script_examples")
      .values(row)
      .onConflict((oc) =>
        oc.column("rating_id").doUpdateSet({ rating: row.rating ?? null, created_at: row.created_at }),
      )
      .execute();
  }

  /** Drops the example of a rating that fell below the threshold. */
  async dropExample(ratingId: string): Promise<void> {
    await this.db.deleteFrom("script_examples").where("rating_id", "=", ratingId).execute();
  }

  /** The script model's training examples, oldest first. */
  async examples(): Promise<ScriptExampleRow[]> {
    return this.db.selectFrom("script_examples").selectAll().orderBy("created_at").orderBy("id").execute();
  }

  /** Training examples added after `at` (ISO time), e.g. since the latest script model. */
  async countExamplesSince(at: string): Promise<number> {
    const row = await this.db
      .selectFrom("script_examples")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("created_at", ">", at)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async countExamples(): Promise<number> {
    const row = await this.db
      .selectFrom("script_examples")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
