/**
 * Identities: (subsidiary, source id) → customer, with the person key (keyed
 * hash of name + ID number + phone) that links one person across subsidiaries.
 */
import type { Insertable, Kysely } from "kysely";
import type { BulkRows } from "../rows.js";
import type { Database, IdentityTable } from "../schema.js";

export const IDENTITY_KEY = ["source_id", "subsidiary"] as const;
/** The subsidiary recorded when a source does not name one. */
export const DEFAULT_SUBSIDIARY = "default";
const IN_LIST_CHUNK = 10_000;
/** What `resolve` answers for a source id that names different customers in different subsidiaries. */
export const AMBIGUOUS = "\u0000ambiguous";

export class IdentityRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly rows: BulkRows,
  ) {}

  async upsert(rows: readonly Insertable<IdentityTable>[]): Promise<void> {
    await this.rows.upsert("identities", rows, IDENTITY_KEY, ["created_at"]);
  }

  /** Stored identities among (subsidiary, source_id) pairs, with their customer and provenance. */
  existing(rows: readonly { subsidiary: string; source_id: string }[]) {
    return this.rows.existing("identities", IDENTITY_KEY, rows, ["customer_id"]);
  }

  /** Customer ids of the persons with these keys. */
  async customersByPersonKey(keys: readonly string[]): Promise<Map<string, string>> {
    const found = await this.rows.existing(
      "customers",
      ["person_key"],
      keys.map((person_key) => ({ person_key })),
      ["id"],
    );
    return new Map([...found].map(([key, row]) => [key, row.id as string]));
  }

  /**
   * Maps source ids (as used in holdings, events… files) to customer ids. With a
   * subsidiary only that subsidiary's ids are searched. Without one, an id that
   * is a customer id maps to itself, and an id two subsidiaries use for
   * different customers maps to AMBIGUOUS.
   */
  async resolve(sourceIds: readonly string[], subsidiary?: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const unique = [...new Set(sourceIds)];
    for (let i = 0; i < unique.length; i += IN_LIST_CHUNK) {
      const slice = unique.slice(i, i + IN_LIST_CHUNK);
      if (subsidiary === undefined) {
        const direct = await this.db.selectFrom("customers").select("id").where("id", "in", slice).execute();
        for (const row of direct) found.set(row.id, row.id);
      }
      let query = this.db
        .selectFrom("identities")
        .select(["source_id", "customer_id"])
        .where("source_id", "in", slice);
      if (subsidiary !== undefined) query = query.where("subsidiary", "=", subsidiary);
      for (const row of await query.execute()) {
        const known = found.get(row.source_id);
        if (known === undefined) found.set(row.source_id, row.customer_id);
        else if (known !== row.customer_id && known !== row.source_id) found.set(row.source_id, AMBIGUOUS);
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
