/** Portrait tags: value, weight, source, and when and why each was set. */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { BulkRows } from "../rows.js";
import type { Database, TagTable } from "../schema.js";

export type TagRow = Selectable<TagTable>;

export class TagRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly rows: BulkRows,
  ) {}

  /** Sets tags; a tag already set on a customer is replaced. */
  async upsert(rows: readonly Insertable<TagTable>[]): Promise<void> {
    await this.rows.upsert("tags", rows, ["customer_id", "name"]);
  }

  forCustomer(customerId: string): Promise<TagRow[]> {
    return this.db
      .selectFrom("tags")
      .selectAll()
      .where("customer_id", "=", customerId)
      .orderBy("weight", "desc")
      .orderBy("name")
      .execute();
  }

  /** Customers carrying a tag (optionally with one value). */
  async customersWith(name: string, value?: string): Promise<string[]> {
    let query = this.db.selectFrom("tags").select("customer_id").where("name", "=", name);
    if (value !== undefined) query = query.where("value", "=", value);
    return (await query.orderBy("customer_id").execute()).map((r) => r.customer_id);
  }
}
