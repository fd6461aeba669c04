/** Storage: schema, migrations and repositories over SQLite, PostgreSQL and PGlite behind one interface. */
export { type OpenOptions, openStore } from "./connect.js";
export type { DialectName } from "./dialect/dialect-name.js";
export type { Prewarm, PrewarmedTree } from "./dialect/sqlite/sqlite-prewarm.js";
export type { AttributeType } from "./repositories/attributes.js";
export type {
  CallSummary,
  CallUtteranceRow,
  ScriptExampleRow,
  ScriptRatingRow,
} from "./repositories/calls.js";
export type { Customer, CustomerRow } from "./repositories/customers.js";
export { AMBIGUOUS, DEFAULT_SUBSIDIARY, IDENTITY_KEY } from "./repositories/identities.js";
export type { ModelRow } from "./repositories/models.js";
export type { ApiKeyRow, AuditRow, IngestRunRow } from "./repositories/operations.js";
export type {
  CampaignRow,
  CandidateRow,
  DecisionOutcome,
  DecisionRow,
  DeliveryOutcome,
  DeliveryRow,
  FeedbackRow,
  InboxRow,
} from "./repositories/outbox.js";
export type {
  PortraitAdjustmentRow,
  PortraitBuildRow,
  PortraitRow,
  PortraitTermRow,
} from "./repositories/portraits.js";
export { keyOf, type Provenance, parseJson } from "./rows.js";
export type * from "./schema.js";
export { Store } from "./store.js";
