/** Audit log, API keys and ingest runs: what operators need to see and control. */
import type { Insertable, Kysely, Selectable } from "kysely";
import { reusable } from "../reusable.js";
import type { ApiKeyTable, AuditTable, Database, IngestRunTable } from "../schema.js";

export type AuditRow = Selectable<AuditTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type IngestRunRow = Selectable<IngestRunTable>;

export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(row: Insertable<AuditTable>): Promise<void> {
    await this.db.insertInto("audit_log").values(row).execute();
  }

  list(options: { limit?: number; action?: string } = {}): Promise<AuditRow[]> {
    let query = this.db
      .selectFrom("audit_log")
      .selectAll()
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(options.limit ?? 100);
    if (options.action !== undefined) query = query.where("action", "=", options.action);
    return query.execute();
  }
}

/** The unrevoked key of a hash: read on every authenticated request. */
const activeKey = reusable<[keyHash: string], ApiKeyRow>(1, (db, keyHash) =>
  db.selectFrom("api_keys").selectAll().where("key_hash", "=", keyHash).where("revoked_at", "is", null),
);

export class ApiKeyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: Insertable<ApiKeyTable>): Promise<void> {
    await this.db.insertInto("api_keys").values(row).execute();
  }

  /** The active (not revoked) key with this hash. */
  async findActive(keyHash: string): Promise<ApiKeyRow | undefined> {
    return (await activeKey(this.db, keyHash)).rows[0];
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.updateTable("api_keys").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const result = await this.db
      .updateTable("api_keys")
      .set({ revoked_at: at })
      .where("id", "=", id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  list(): Promise<Omit<ApiKeyRow, "key_hash">[]> {
    return this.db
      .selectFrom("api_keys")
      .select(["id", "scopes", "label", "created_at", "revoked_at", "last_used_at"])
      .orderBy("created_at")
      .execute();
  }
}

export class IngestRunRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async start(row: Insertable<IngestRunTable>): Promise<void> {
    await this.db.insertInto("ingest_runs").values(row).execute();
  }

  async finish(
    id: string,
    result: { status: string; finished_at: string; inserted: number; updated: number; rejected: number },
  ): Promise<void> {
    await this.db.updateTable("ingest_runs").set(result).where("id", "=", id).execute();
  }

  list(limit = 50): Promise<IngestRunRow[]> {
    return this.db.selectFrom("ingest_runs").selectAll().orderBy("started_at", "desc").limit(limit).execute();
  }
}
