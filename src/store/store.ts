/**
 * The store: one Kysely database plus one repository per aggregate, on any
 * dialect. `transaction` gives the same repositories bound to one transaction.
 */
import { type Kysely, Migrator, type Transaction } from "kysely";
import { NudgeError } from "../core/index.js";
import type { DialectName } from "./dialect/dialect-name.js";
import { migrationProvider } from "./migrations/index.js";
import { AttributeRepository } from "./repositories/attributes.js";
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
  CandidateRepository,
  DecisionRepository,
  DeliveryRepository,
  FeedbackRepository,
} from "./repositories/outbox.js";
import { TagRepository } from "./repositories/tags.js";
import type { Database } from "./schema.js";

export class Store {
  readonly customers: CustomerRepository;
  readonly identities: IdentityRepository;
  readonly attributes: AttributeRepository;
  readonly products: ProductRepository;
  readonly holdings: HoldingRepository;
  readonly events: EventRepository;
  readonly relations: RelationRepository;
  readonly outcomes: OutcomeRepository;
  readonly messages: MessageRepository;
  readonly tags: TagRepository;
  readonly models: ModelRepository;
  readonly candidates: CandidateRepository;
  readonly decisions: DecisionRepository;
  readonly deliveries: DeliveryRepository;
  readonly feedback: FeedbackRepository;
  readonly audit: AuditRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly ingestRuns: IngestRunRepository;

  constructor(
    /** The query builder; use repositories where one fits. */
    readonly db: Kysely<Database>,
    /** sqlite or postgres (PGlite speaks postgres). */
    readonly dialect: DialectName,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.customers = new CustomerRepository(db);
    this.identities = new IdentityRepository(db);
    this.attributes = new AttributeRepository(db);
    this.products = new ProductRepository(db);
    this.holdings = new HoldingRepository(db);
    this.events = new EventRepository(db);
    this.relations = new RelationRepository(db);
    this.outcomes = new OutcomeRepository(db);
    this.messages = new MessageRepository(db);
    this.tags = new TagRepository(db);
    this.models = new ModelRepository(db);
    this.candidates = new CandidateRepository(db);
    this.decisions = new DecisionRepository(db);
    this.deliveries = new DeliveryRepository(db, dialect);
    this.feedback = new FeedbackRepository(db);
    this.audit = new AuditRepository(db);
    this.apiKeys = new ApiKeyRepository(db);
    this.ingestRuns = new IngestRunRepository(db);
  }

  /** Runs `work` in one transaction: all of its writes commit together or none do. */
  transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    return this.db.transaction().execute((trx: Transaction<Database>) => work(new Store(trx, this.dialect)));
  }

  /** Applies every pending migration. */
  async migrate(): Promise<string[]> {
    const migrator = new Migrator({ db: this.db, provider: migrationProvider });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      throw new NudgeError(
        "INTERNAL",
        `migration failed: ${(error as Error).message}`,
        { results },
        { cause: error },
      );
    }
    return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }
}
