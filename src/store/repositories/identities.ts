/**
 * Identities: (subsidiary, source id) → customer, with the person key (keyed
 * hash of name + ID number + phone) that links one person across subsidiaries.
 */
import type { Insertable, Kysely } from "kysely";
import { upsertRows } from "../rows.js";
import type { Database, IdentityTable } from "../schema.js";

export const IDENTITY_KEY = ["subsidiary", "source_id"] as const;
/** The subsidiary recorded when a source does not name one. */
export const DEFAULT_SUBSIDIARY = "default";
const IN_LIST_CHUNK = 10_000;

export class IdentityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(rows: readonly Insertable<IdentityTable>[]): Promise<void> {
    await upsertRows(this.db, "identities", rows, IDENTITY_KEY, ["created_at"]);
  }

  /** Customer ids of the persons with these keys (the first customer each person was stored as). */
  async customersByPersonKey(keys: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < keys.length; i += IN_LIST_CHUNK) {
      const rows = await this.db
        .selectFrom("customers")
        .select(["person_key", "id"])
        .where("person_key", "in", keys.slice(i, i + IN_LIST_CHUNK))
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      for (const row of rows)
        if (row.person_key && !found.has(row.person_key)) found.set(row.person_key, row.id);
    }
    return found;
  }

  /**
   * Maps source ids (as used in holdings, events… files) to customer ids. With a
   * subsidiary only that subsidiary's ids are searched; ids not found map to
   * themselves when they are customer ids.
   */
  async resolve(sourceIds: readonly string[], subsidiary?: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(sourceIds)];
    for (let i = 0; i < unique.length; i += IN_LIST_CHUNK) {
      const slice = unique.slice(i, i + IN_LIST_CHUNK);
      let query = this.db
        .selectFrom("identities")
        .select(["source_id", "customer_id"])
        .where("source_id", "in", slice);
      if (subsidiary !== undefined) query = query.where("subsidiary", "=", subsidiary);
      for (const row of await query.execute()) found.set(row.source_id, row.customer_id);
      const missing = slice.filter((id) => !found.has(id));
      if (missing.length > 0 && subsidiary === undefined) {
        const direct = await this.db
          .selectFrom("customers")
          .select("id")
          .where("id", "in", missing)
          .execute();
        for (const row of direct) found.set(row.id, row.id);
      }
    }
    return found;
  }

  async forCustomer(customerId: string) {
    return this.db
      .selectFrom("identities")
      .select(["subsidiary", "source_id", "created_at"])
      .where("customer_id", "=", customerId)
      .orderBy("subsidiary")
      .execute();
  }
}
