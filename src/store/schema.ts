/**
 * The database schema as Kysely types. Storage conventions hold on both
 * dialects so one repository layer serves SQLite and PostgreSQL:
 * - timestamps are ISO-8601 UTC text (sortable, zone-free);
 * - booleans are integers 0/1;
 * - structured values (consents, attributes, reasons, weights) are JSON text;
 * - money is integer minor units (bigint).
 * `ingest_run`/`ingest_row` record where a row last came from (file run or API
 * request) and let ingestion detect duplicates inside one input in constant memory.
 */

/** Provenance columns on every ingested aggregate. */
interface Provenance {
  ingest_run: string | null;
  ingest_row: number | null;
}

export interface CustomerTable extends Provenance {
  id: string;
  age: number | null;
  birth_date: string | null;
  gender: string | null;
  region: string | null;
  tz: string | null;
  risk_tolerance: number | null;
  subsidiary: string | null;
  /** JSON object channel → 0/1. */
  consents: string;
  /** JSON object of typed extra attributes. */
  attributes: string;
  /** HMAC of normalized name + ID number + phone; never the values themselves. */
  person_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface IdentityTable extends Provenance {
  subsidiary: string;
  source_id: string;
  customer_id: string;
  person_key: string | null;
  created_at: string;
}

export interface AttributeDefTable {
  entity: string;
  name: string;
  type: string;
  created_at: string;
}

export interface ProductTable extends Provenance {
  id: string;
  name: string;
  category: string;
  risk_level: number | null;
  value: number;
  attributes: string;
  created_at: string;
  updated_at: string;
}

export interface HoldingTable extends Provenance {
  customer_id: string;
  product_id: string;
  since: string | null;
  amount: number | null;
  updated_at: string;
}

export interface EventTable extends Provenance {
  id: string;
  customer_id: string;
  type: string;
  item_id: string | null;
  category: string | null;
  ts: string;
  value: number | null;
}

export interface RelationTable extends Provenance {
  src: string;
  dst: string;
  type: string;
  weight: number;
}

export interface OutcomeTable extends Provenance {
  customer_id: string;
  campaign: string;
  treated: number;
  responded: number;
  ts: string | null;
}

export interface MessageTable extends Provenance {
  id: string;
  text: string;
  lang: string | null;
  channel: string | null;
  category: string | null;
  /** JSON array/object of message tags, set by the text module. */
  tags: string | null;
  created_at: string;
  updated_at: string;
}

/** Tag terms: one per tag name and value, with the number of portraits that carry it. */
export interface PortraitTermTable {
  id: number;
  name: string;
  value: string;
  df: number;
}

/** A customer's portrait: tags by source as term ids and evidence (see portrait/README.md). */
export interface PortraitTable {
  customer_id: string;
  doc: string;
  as_of: string;
  built_at: string;
}

export interface PortraitBuildTable {
  id: string;
  mode: string;
  status: string;
  /** The tag definitions the build used, as JSON. */
  definitions: string;
  as_of: string;
  started_at: string;
  finished_at: string | null;
  customers: number;
  cursor: string | null;
}

/** Negative feedback applied to a portrait: lower weights, a suppressed category; reversible. */
export interface PortraitAdjustmentTable {
  id: string;
  customer_id: string;
  feedback_type: string;
  terms: string;
  factor: number;
  category: string | null;
  suppressed_until: string | null;
  message_id: string | null;
  feedback_id: string | null;
  reason: string;
  created_at: string;
  reverted_at: string | null;
}

export interface ModelTable {
  id: string;
  kind: string;
  name: string;
  version: number;
  features: string;
  encoder: string;
  params: string;
  fingerprint: string;
  metrics: string;
  weights: string;
  created_at: string;
}

export interface CandidateTable {
  id: string;
  customer_id: string;
  offer_id: string;
  offer_kind: string;
  source: string;
  score: number;
  expected_value: number | null;
  reason: string;
  model_id: string | null;
  status: string;
  created_at: string;
  expires_at: string | null;
}

export interface DecisionTable {
  id: string;
  customer_id: string;
  candidate_id: string | null;
  offer_id: string | null;
  channel: string | null;
  context: string;
  score: number | null;
  holdout: number;
  /** JSON list of reasons, including every policy that dropped an alternative. */
  reasons: string;
  model_id: string | null;
  decided_at: string;
  scheduled_at: string | null;
  campaign_id: string | null;
  /** The opportunity decided: one decision per customer per slot (e.g. `campaign:C:2026-12-03`). */
  slot: string | null;
  /** The candidate source of the chosen offer. */
  source: string | null;
  /** contact | holdout | control | none. */
  arm: string;
  expected_value: number | null;
  /** Incentive or send cost charged to the campaign budget, minor units. */
  cost: number | null;
  /** End of the attribution window. */
  respond_by: string | null;
}

export interface CampaignTable {
  id: string;
  name: string;
  source: string;
  offer_id: string | null;
  channel: string;
  /** JSON JsonLogic rule, or null for everyone. */
  audience: string | null;
  /** JSON {title, body}. */
  template: string;
  /** JSON policy overrides. */
  policies: string;
  control_share: number;
  budget_sends: number | null;
  budget_cost: number | null;
  cost_per_send: number;
  start_at: string | null;
  end_at: string | null;
  /** null (run by hand), once or daily: `nudge serve` runs scheduled campaigns when due. */
  schedule: string | null;
  last_run_at: string | null;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface InboxTable {
  /** The delivery's id: a redelivery writes the same row. */
  id: string;
  customer_id: string;
  decision_id: string;
  offer_id: string | null;
  title: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

export interface DeliveryTable {
  id: string;
  decision_id: string;
  channel: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  payload: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  customer_id: string | null;
}

export interface FeedbackTable {
  id: string;
  customer_id: string;
  decision_id: string | null;
  delivery_id: string | null;
  type: string;
  value: number | null;
  ts: string;
  offer_id: string | null;
}

export interface AuditTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  details: string;
}

export interface ApiKeyTable {
  id: string;
  key_hash: string;
  scopes: string;
  label: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface IngestRunTable {
  id: string;
  kind: string;
  source: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  inserted: number;
  updated: number;
  rejected: number;
}

/** One analysed utterance of a call and the scripts shown for it. */
export interface CallUtteranceTable {
  id: string;
  call_id: string;
  turn: number;
  speaker: string;
  text: string;
  lang: string | null;
  scene: string | null;
  intent: string | null;
  emotion: string | null;
  intensity: number | null;
  /** JSON: voice, emotion parts, confidences, relation, recognition, scripts shown. */
  analysis: string;
  model_id: string | null;
  created_at: string;
  /** The customer on the line, when the utterance named one (migration 0005). */
  customer_id: string | null;
}

/** An agent's 0–100 rating of a script shown for an utterance. */
export interface ScriptRatingTable {
  id: string;
  call_id: string;
  utterance_id: string;
  script_id: string;
  rating: number;
  agent: string | null;
  created_at: string;
}

/** A training example of the script model: what was said, its context, and the script that worked. */
export interface ScriptExampleTable {
  id: string;
  text: string;
  /** JSON: lang, scene, intent, emotion, previous utterances, product. */
  context: string;
  script_id: string;
  origin: string;
  rating: number | null;
  rating_id: string | null;
  created_at: string;
}

/** Every table Nudge stores. */
export interface Database {
  customers: CustomerTable;
  identities: IdentityTable;
  attribute_defs: AttributeDefTable;
  products: ProductTable;
  holdings: HoldingTable;
  events: EventTable;
  relations: RelationTable;
  outcomes: OutcomeTable;
  messages: MessageTable;
  portrait_terms: PortraitTermTable;
  portraits: PortraitTable;
  portrait_builds: PortraitBuildTable;
  portrait_adjustments: PortraitAdjustmentTable;
  models: ModelTable;
  candidates: CandidateTable;
  decisions: DecisionTable;
  deliveries: DeliveryTable;
  campaigns: CampaignTable;
  inbox: InboxTable;
  feedback: FeedbackTable;
  audit_log: AuditTable;
  api_keys: ApiKeyTable;
  ingest_runs: IngestRunTable;
  call_utterances: CallUtteranceTable;
  script_ratings: ScriptRatingTable;
  script_examples: ScriptExampleTable;
}

/** The name of a stored table. */
export type TableName = keyof Database;
