/** The model registry: every trained model with its features, encoder, metrics and weights. */
import type { Insertable, Kysely, Selectable } from "kysely";
import type { Database, ModelTable } from "../schema.js";

export type ModelRow = Selectable<ModelTable>;

export class ModelRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<ModelTable>): Promise<void> {
    await this.db.insertInto("models").values(row).execute();
  }

  /** By id, or by name (latest version). */
  async get(idOrName: string): Promise<ModelRow | undefined> {
    const byId = await this.db.selectFrom("models").selectAll().where("id", "=", idOrName).executeTakeFirst();
    if (byId) return byId;
    return this.db
      .selectFrom("models")
      .selectAll()
      .where("name", "=", idOrName)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** The id and kind a model id or name (latest version) points to, without the weights. */
  async resolve(idOrName: string): Promise<{ id: string; kind: string } | undefined> {
    const byId = await this.db
      .selectFrom("models")
      .select(["id", "kind"])
      .where("id", "=", idOrName)
      .executeTakeFirst();
    if (byId) return byId;
    return this.db
      .selectFrom("models")
      .select(["id", "kind"])
      .where("name", "=", idOrName)
      .orderBy("version", "desc")
      .limit(1)
      .executeTakeFirst();
  }

  /** The next version number for a model name. */
  async nextVersion(name: string): Promise<number> {
    const row = await this.db
      .selectFrom("models")
      .select((eb) => eb.fn.max("version").as("v"))
      .where("name", "=", name)
      .executeTakeFirst();
    return Number(row?.v ?? 0) + 1;
  }

  /** Registry listing without the (large) weights. */
  list(kind?: string) {
    let query = this.db
      .selectFrom("models")
      .select(["id", "kind", "name", "version", "metrics", "fingerprint", "created_at"])
      .orderBy("created_at", "desc")
      .orderBy("id");
    if (kind !== undefined) query = query.where("kind", "=", kind);
    return query.execute();
  }
}
