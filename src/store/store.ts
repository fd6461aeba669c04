/**
 * The store: one Kysely database plus one repository per aggregate, on any
 * dialect. `transaction` gives the same repositories bound to one transaction.
 */
import type BetterSqlite3 from "better-sqlite3";
import { type Kysely, Migrator, sql, type Transaction } from "kysely";
import { extend, NudgeError } from "../core/index.js";
import type { DialectName } from "./dialect/dialect-name.js";
import { type ColumnTypes, postgresRows } from "./dialect/postgres/postgres-rows.js";
import {
  BACKSTOP_PAGES,
  type Checkpointer,
  startCheckpointer,
} from "./dialect/sqlite/sqlite-checkpointer.js";
import { setWalCheckpointPages } from "./dialect/sqlite/sqlite-dialect.js";
import { type KeyedTable, type Prewarm, prewarmSqlite } from "./dialect/sqlite/sqlite-prewarm.js";
import { sqliteRows } from "./dialect/sqlite/sqlite-rows.js";
import { migrationProvider } from "./migrations/index.js";
import { AttributeRepository } from "./repositories/attributes.js";
import { CallRepository } from "./repositories/calls.js";
import {
  EventRepository,
  HoldingRepository,
  MessageRepository,
  OutcomeRepository,
  ProductRepository,
  RelationRepository,
} from "./repositories/catalog.js";
import { CustomerRepository } from "./repositories/customers.js";
import { IdentityRepository } from "./repositories/identities.js";
import { ModelRepository } from "./repositories/models.js";
import { ApiKeyRepository, AuditRepository, IngestRunRepository } from "./repositories/operations.js";
import {
  CampaignRepository,
  CandidateRepository,
  DecisionRepository,
  DeliveryRepository,
  FeedbackRepository,
  InboxRepository,
} from "./repositories/outbox.js";
import { PortraitRepository } from "./repositories/portraits.js";
import { kyselyRows } from "./rows.js";
import type { Database, TableName } from "./schema.js";

/** What a store knows of its engine beyond the query builder; transaction stores share it. */
export interface EngineOptions {
  /** Runs after the database is closed. */
  onClose?: () => Promise<void>;
  /** The raw SQLite handle, for the prepared-statement bulk path inside transactions. */
  sqlite?: BetterSqlite3.Database;
  /** The PostgreSQL schema the store lives in, when not the default. */
  schema?: string;
  /** PostgreSQL column types by table, looked up once per store. */
  columnTypes?: ColumnTypes;
}

/**
 * The tables a real-time decision reads by customer, most read first: what `prewarm` loads while its budget
 * lasts.
 */
const REALTIME_TABLES: readonly KeyedTable[] = [
  { table: "customers", key: "id" },
  { table: "portraits", key: "customer_id" },
  { table: "holdings", key: "customer_id" },
  { table: "candidates", key: "customer_id" },
  { table: "feedback", key: "customer_id" },
  { table: "decisions", key: "customer_id", indexesOnly: true },
];

/** Any fixed number shared by Nudge processes; "nudge" in ASCII. */
const MIGRATION_LOCK_ID = 0x6e75646765;

export class Store {
  private checkpointer: Checkpointer | undefined;
  readonly customers: CustomerRepository;
  readonly identities: IdentityRepository;
  readonly attributes: AttributeRepository;
  readonly products: ProductRepository;
  readonly holdings: HoldingRepository;
  readonly events: EventRepository;
  readonly relations: RelationRepository;
  readonly outcomes: OutcomeRepository;
  readonly messages: MessageRepository;
  readonly portraits: PortraitRepository;
  readonly models: ModelRepository;
  readonly candidates: CandidateRepository;
  readonly campaigns: CampaignRepository;
  readonly inbox: InboxRepository;
  readonly decisions: DecisionRepository;
  readonly deliveries: DeliveryRepository;
  readonly feedback: FeedbackRepository;
  readonly audit: AuditRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly ingestRuns: IngestRunRepository;
  readonly calls: CallRepository;

  constructor(
    /** The query builder; use repositories where one fits. */
    readonly db: Kysely<Database>,
    /** sqlite or postgres (PGlite speaks postgres). */
    readonly dialect: DialectName,
    private readonly engine: EngineOptions = {},
  ) {
    if (dialect === "postgres" && !engine.columnTypes) engine.columnTypes = new Map();
    const rows =
      dialect === "postgres" && engine.columnTypes
        ? postgresRows(db, engine.columnTypes)
        : engine.sqlite && db.isTransaction
          ? sqliteRows(engine.sqlite)
          : kyselyRows(db);
    this.customers = new CustomerRepository(db, rows);
    this.identities = new IdentityRepository(db, rows);
    this.attributes = new AttributeRepository(db);
    this.products = new ProductRepository(db, rows);
    this.holdings = new HoldingRepository(db, rows);
    this.events = new EventRepository(db, rows);
    this.relations = new RelationRepository(db, rows);
    this.outcomes = new OutcomeRepository(db, rows);
    this.messages = new MessageRepository(db, rows);
    this.portraits = new PortraitRepository(db);
    this.models = new ModelRepository(db);
    this.candidates = new CandidateRepository(db);
    this.campaigns = new CampaignRepository(db);
    this.inbox = new InboxRepository(db);
    this.decisions = new DecisionRepository(db);
    this.deliveries = new DeliveryRepository(db, dialect);
    this.feedback = new FeedbackRepository(db);
    this.audit = new AuditRepository(db);
    this.apiKeys = new ApiKeyRepository(db);
    this.ingestRuns = new IngestRunRepository(db);
    this.calls = new CallRepository(db);
  }

  /** Runs `work` in one transaction: all of its writes commit together or none do. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db
      .transaction()
      .execute((trx: Transaction<Database>) =>
        work(new Store(trx, this.dialect, extend(this.engine, { onClose: undefined }))),
      );
  }

  /**
   * Applies every pending migration. On PostgreSQL a session advisory lock
   * makes processes that start together on a fresh database take turns.
   */
  async migrate(): Promise<string[]> {
    const run = async (db: Kysely<Database>) => {
      const { error, results } = await new Migrator({
        db,
        provider: migrationProvider,
        ...(this.engine.schema ? { migrationTableSchema: this.engine.schema } : {}),
      }).migrateToLatest();
      if (error) {
        throw new NudgeError(
          "INTERNAL",
          `migration failed: ${(error as Error).message}`,
          { results },
          { cause: error },
        );
      }
      return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    };
    if (this.dialect !== "postgres" || this.db.isTransaction) return run(this.db);
    return this.db.connection().execute(async (connection) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(connection);
      try {
        return await run(connection);
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(connection);
      }
    });
  }

  /**
   * Refreshes the planner statistics of tables after bulk writes. PostgreSQL
   * plans key lookups from statistics, and a table that grew from empty in one
   * load would otherwise be scanned whole for every batch; SQLite needs nothing.
   */
  async refreshStatistics(tables: readonly TableName[]): Promise<void> {
    if (this.dialect !== "postgres") return;
    for (const table of tables) await sql`analyze ${sql.table(table)}`.execute(this.db);
  }

  /**
   * For long-running servers on SQLite: checkpoints the WAL from a worker thread so that commits never stall
   * on one (see sqlite-checkpointer.ts). No-op elsewhere and for in-memory databases; stopped by `close`.
   */
  checkpointInBackground(onError?: (message: string) => void): void {
    const sqlite = this.engine.sqlite;
    if (!sqlite || sqlite.memory || this.checkpointer) return;
    // The worker copies the WAL back; this connection's own checkpoint stays as the backstop that rewinds it.
    setWalCheckpointPages(sqlite, BACKSTOP_PAGES);
    this.checkpointer = startCheckpointer(sqlite.name, onError);
  }

  /**
   * For long-running servers on SQLite: gives this connection a page cache of `cacheMb` and loads the tables
   * real-time decisions read by customer into it (see sqlite-prewarm.ts). Undefined where there is nothing to
   * do: on PostgreSQL (the server's shared buffers hold its pages), for in-memory databases, and for 0 MB.
   */
  prewarm(cacheMb: number): Prewarm | undefined {
    const sqlite = this.engine.sqlite;
    if (!sqlite || sqlite.memory || cacheMb <= 0) return undefined;
    return prewarmSqlite(sqlite, REALTIME_TABLES, cacheMb);
  }

  async close(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    await checkpointer?.stop();
    await this.db.destroy();
    checkpointer?.release();
    await this.engine.onClose?.();
  }
}
