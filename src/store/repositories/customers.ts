/** Customers: profile fields, consents and typed attributes; identities link source records to them. */
import type { Insertable, Kysely, Selectable } from "kysely";
import { extend } from "../../core/index.js";
import { reusable } from "../reusable.js";
import { type BulkRows, parseJson } from "../rows.js";
import type { CustomerTable, Database } from "../schema.js";

export type CustomerRow = Selectable<CustomerTable>;

/** A customer as the domain sees it: JSON columns decoded. */
export interface Customer extends Omit<CustomerRow, "consents" | "attributes" | "ingest_run" | "ingest_row"> {
  consents: Record<string, boolean>;
  attributes: Record<string, unknown>;
}

export const CUSTOMER_KEY = ["id"] as const;
const CUSTOMER_COLUMNS = [
  "id",
  "age",
  "birth_date",
  "gender",
  "region",
  "tz",
  "risk_tolerance",
  "subsidiary",
  "consents",
  "attributes",
  "person_key",
  "created_at",
  "updated_at",
] as const satisfies readonly (keyof CustomerTable)[];

/** One customer by id: a real-time decision's first read. */
const byId = reusable<[id: string], CustomerRow>(1, (db, id) =>
  db.selectFrom("customers").selectAll().where("id", "=", id),
);

function decode(row: CustomerRow): Customer {
  const { consents, attributes, ingest_run: _run, ingest_row: _row, ...rest } = row;
  const flags = parseJson<Record<string, number | boolean>>(consents, {});
  return extend(rest, {
    consents: Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, v === true || v === 1])),
    attributes: parseJson<Record<string, unknown>>(attributes, {}),
  });
}

export class CustomerRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly rows: BulkRows,
  ) {}

  /** Inserts or replaces customers; created_at of existing ones is kept. */
  async upsert(rows: readonly Insertable<CustomerTable>[]): Promise<void> {
    await this.rows.upsert("customers", rows, CUSTOMER_KEY, ["created_at"]);
  }

  /** Stored rows (JSON undecoded) of the given ids that exist, by id. */
  async existingRecords(ids: readonly string[]): Promise<Map<string, CustomerRow>> {
    return (await this.rows.existing(
      "customers",
      CUSTOMER_KEY,
      ids.map((id) => ({ id })),
      CUSTOMER_COLUMNS,
    )) as unknown as Map<string, CustomerRow>;
  }

  async get(id: string): Promise<Customer | undefined> {
    const [row] = (await byId(this.db, id)).rows;
    return row ? decode(row) : undefined;
  }

  /** Sets one channel's consent (an unsubscribe turns it off); answers false for an unknown customer. */
  async setConsent(id: string, channel: string, value: boolean, at: string): Promise<boolean> {
    const row = await this.db
      .selectFrom("customers")
      .select("consents")
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return false;
    const consents = { ...parseJson<Record<string, unknown>>(row.consents, {}), [channel]: value ? 1 : 0 };
    await this.db
      .updateTable("customers")
      .set({ consents: JSON.stringify(consents), updated_at: at })
      .where("id", "=", id)
      .execute();
    return true;
  }

  /** The customers of the given ids that exist, by id. */
  async getMany(ids: readonly string[]): Promise<Map<string, Customer>> {
    const out = new Map<string, Customer>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      for (const row of await this.db.selectFrom("customers").selectAll().where("id", "in", chunk).execute())
        out.set(row.id, decode(row));
    }
    return out;
  }

  async list(options: { limit?: number; after?: string } = {}): Promise<Customer[]> {
    let query = this.db
      .selectFrom("customers")
      .selectAll()
      .orderBy("id")
      .limit(options.limit ?? 100);
    if (options.after !== undefined) query = query.where("id", ">", options.after);
    return (await query.execute()).map(decode);
  }

  /** Every customer in id order, `size` at a time (for work over the whole base). */
  async *pages(size: number): AsyncGenerator<Customer[]> {
    let after: string | undefined;
    for (;;) {
      const page = await this.list({ limit: size, after });
      if (page.length === 0) return;
      yield page;
      after = page[page.length - 1]?.id;
    }
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("customers")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
