/** Declared types of extra attributes (customer columns beyond the standard fields). */
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

/** The value types an attribute can have. */
export type AttributeType = "integer" | "number" | "boolean" | "date" | "string";

export class AttributeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** name → type for one entity (e.g. "customer"). */
  async types(entity: string): Promise<Map<string, AttributeType>> {
    const rows = await this.db
      .selectFrom("attribute_defs")
      .select(["name", "type"])
      .where("entity", "=", entity)
      .execute();
    return new Map(rows.map((r) => [r.name, r.type as AttributeType]));
  }

  /** Records types that are not yet declared; an existing declaration is never changed. */
  async declare(entity: string, types: ReadonlyMap<string, AttributeType>, at: string): Promise<void> {
    if (types.size === 0) return;
    await this.db
      .insertInto("attribute_defs")
      .values([...types].map(([name, type]) => ({ entity, name, type, created_at: at })))
      .onConflict((oc) => oc.columns(["entity", "name"]).doNothing())
      .execute();
  }
}
