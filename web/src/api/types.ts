/**
 * The shapes the console reads, as the API's zod schemas answer them (src/api/routes/*.ts; the OpenAPI
 * document at /openapi.json is the reference). Only the fields the pages use are spelled out.
 */

export interface ArmSummary {
  n: number;
  conversions: number;
  rate: number | null;
  low: number | null;
  high: number | null;
}

export interface LiftSummary {
  confidence?: number;
  contacted: ArmSummary;
  baseline: ArmSummary;
  holdout: number;
  control: number;
  difference: { difference: number | null; low: number | null; high: number | null };
  relative: { lift: number | null; low: number | null; high: number | null };
  pValue: number | null;
  significant: boolean;
}

export interface LiftGroup extends LiftSummary {
  campaign: string | null;
  campaignName: string | null;
  source: string | null;
  channel: string | null;
}

export interface LiftReport {
  confidence: number;
  groups: LiftGroup[];
  overall: LiftGroup;
}

export interface Overview {
  customers: number;
  products: number;
  campaigns: number;
  holdoutShare: number;
  today: { day: string; decisions: number; deliveries: Record<string, number> };
  deliveries: Record<string, number>;
  lift: { confidence: number; overall: LiftGroup; campaigns: LiftGroup[] };
  trend: {
    since: string;
    decisions: (LiftSummary & { day: string; arms: Record<string, number> })[];
    deliveries: { day: string; status: Record<string, number> }[];
    activity: {
      since: string | null;
      until: string | null;
      days: { day: string; types: Record<string, number> }[];
    };
  };
}

export interface CustomerRow {
  id: string;
  age: number | null;
  gender: string | null;
  region: string | null;
  riskTolerance: number | null;
  subsidiary: string | null;
}

export interface Customer extends CustomerRow {
  birthDate: string | null;
  tz: string | null;
  consents: Record<string, boolean>;
  attributes: Record<string, unknown>;
  linked: boolean;
  identities: { subsidiary: string; sourceId: string }[];
  holdings: { productId: string; since: string | null; amount: number | null }[];
  createdAt: string;
  updatedAt: string;
}

export interface PortraitTag {
  name: string;
  kind: string;
  type: string;
  value: string | number | boolean;
  weight: number;
  tf: number;
  idf: number;
  factor: number;
  evidence: number;
  source: string;
  setAt: string;
  explanation: string;
  adjustments: string[];
}

export interface Portrait {
  customerId: string;
  asOf: string;
  builtAt: string;
  population: number;
  tags: PortraitTag[];
  suppressions: { category: string; until: string; adjustment: string; reason: string }[];
  adjustments: { id: string; type: string; reason: string; createdAt: string }[];
}

export interface Activity {
  customerId: string;
  events: {
    id: string;
    type: string;
    itemId: string | null;
    category: string | null;
    ts: string;
    value: number | null;
  }[];
  decisions: {
    id: string;
    decidedAt: string;
    context: string;
    campaignId: string | null;
    offerId: string | null;
    channel: string | null;
    source: string | null;
    arm: string;
    score: number | null;
    modelId: string | null;
    scheduledAt: string | null;
    reasons: unknown;
  }[];
  deliveries: Delivery[];
  feedback: { id: string; type: string; ts: string; decisionId: string | null; offerId: string | null }[];
}

export interface Product {
  id: string;
  name: string;
  category: string;
  riskLevel: number | null;
  value: number;
}

export interface ProductShare {
  productId: string;
  name: string;
  holders: number;
  share: number;
}

export interface Segments {
  model: string;
  createdAt: string;
  population: number;
  k: number;
  kScores: { k: number; silhouette: number }[];
  silhouette: number;
  inertia: number;
  iterations: number;
  features: { extractor: string; inputs: number; dimensions: number };
  clusters: {
    id: number;
    size: number;
    centroid: Record<string, number | { level: string; share: number }>;
    topProducts: ProductShare[];
    push: (ProductShare & { candidates: number; reason: string }) | null;
  }[];
  candidates: number;
  projection: [number, number, number][];
  seed: number;
}

export interface ModelSummary {
  id: string;
  kind: string;
  name: string;
  version: number;
  createdAt: string;
  fingerprint: string;
  metrics: unknown;
}

export interface Curve {
  x: number[];
  y: number[];
}

export interface ModelDetail extends ModelSummary {
  features: string[];
  parameters: number;
  curves: Record<string, { qini?: Curve; uplift?: Curve; random?: Curve }>;
  retrain: "propensity" | "outlook" | "segment" | null;
}

export interface Retrained {
  previous: string;
  model: { id: string; kind: string; name: string; version: number };
  seconds: number;
}

export interface Campaign {
  id: string;
  name: string;
  source: string;
  offerId: string | null;
  channel: string;
  audience: unknown;
  template: { title: string; body: string };
  policies: Record<string, unknown>;
  controlShare: number;
  budgetSends: number | null;
  budgetCost: number | null;
  costPerSend: number;
  startAt: string | null;
  endAt: string | null;
  schedule: string | null;
  lastRunAt: string | null;
  status: string;
  createdAt: string;
}

/** What POST /v1/campaigns takes (src/decide/campaigns.ts CampaignInputSchema). */
export interface CampaignInput {
  name: string;
  source: string;
  offerId?: string;
  channel: string;
  audience?: unknown;
  template?: { title: string; body: string };
  policies?: Record<string, unknown>;
  controlShare?: number;
  budgetSends?: number;
  costPerSend?: number;
  startAt?: string;
  endAt?: string;
  schedule?: "once" | "daily";
}

export interface CampaignRun {
  campaign: string;
  slot: string;
  customers: number;
  alreadyDecided: number;
  inAudience: number;
  nothingToSend: number;
  contacted: number;
  holdout: number;
  control: number;
  overBudget: number;
  deferred: number;
  deliveries: number;
  drops: Record<string, number>;
  spent: { sends: number; cost: number };
}

export interface Delivery {
  id: string;
  decisionId: string;
  customerId?: string | null;
  channel: string;
  status: string;
  attempts: number;
  nextAttemptAt?: string | null;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface Deliveries {
  counts: Record<string, number>;
  deliveries: Delivery[];
}

export interface Classification {
  category: string | null;
  confidence: number;
  path: "classifier" | "dictionary" | "none";
  classifier: {
    model: string;
    label: string;
    confidence: number;
    probabilities: Record<string, number>;
  } | null;
  dictionary: { category: string | null; matched: string[] };
  keywords: { term: string; weight: number }[];
  fields: Record<string, unknown>;
  tags: Record<string, unknown> | null;
  audience?: {
    matched: { customerId: string; score: number; matched: string[] }[];
    scanned: number;
    excluded: { age: number; risk: number; consent: number };
  };
}

/** Call assist (src/api/routes/calls.ts, src/api/call-stream.ts). */
export type CallSpeaker = "customer" | "agent";
export type CallEmotionLabel = "positive" | "neutral" | "negative" | "irritated";

/** The lexicon's emotion (first) and the model's over words and voice (second), mixed by the weights. */
export interface CallEmotion {
  label: CallEmotionLabel;
  /** 0 … 1: 1 − P(neutral) of the mixture. */
  intensity: number;
  /** The mixture; stored with the call (GET /v1/calls/{id}), left out of the POST answer. */
  probabilities?: Record<CallEmotionLabel, number>;
  first: { label: CallEmotionLabel; score: number; intensity: number };
  second: { label: CallEmotionLabel; confidence: number };
  weights: { first: number; second: number };
}

/** Voice features, when the utterance came as audio. */
export interface CallVoice {
  pitchMeanHz: number | null;
  pitchRangeHz: number | null;
  /** Hz per second. */
  pitchSlope: number | null;
  /** dBFS of the active frames. */
  energy: number;
  speechRate: number;
  speechRateUnit: "syllables/s" | "words/s";
  pauses: { count: number; totalS: number };
  voicedRatio: number;
  durationS: number;
}

export interface CallScript {
  id: string;
  text: string;
  scene: string;
  tone: string;
  product: string | null;
  score: number;
  reasons: string[];
}

export interface CallRecognition {
  engine: string;
  lang?: string;
  confidence?: number;
  elapsedMs: number;
}

export interface CallModelVersions {
  scene: string;
  emotion: string;
  scripts: string;
}

/** What was understood of a customer's utterance (null or empty for the agent's). */
export interface CallUnderstanding {
  lang: string | null;
  relation: string | null;
  scene: string | null;
  sceneConfidence: number | null;
  intent: string | null;
  intentConfidence: number | null;
  emotion: CallEmotion | null;
  product: string | null;
  voice: CallVoice | null;
  scripts: CallScript[];
  recognition: CallRecognition | null;
  converted: string[];
}

/** One utterance, flat: the POST /v1/calls/{id}/utterances answer and the stream's `utterance` message. */
export interface CallUtterance extends CallUnderstanding {
  callId: string;
  utteranceId: string;
  turn: number;
  speaker: CallSpeaker;
  text: string;
  models: CallModelVersions;
  timings: { recognitionMs: number; analysisMs: number };
  createdAt: string;
}

/** What the call's WebSocket sends. */
export type CallStreamMessage =
  | { type: "hello"; callId: string }
  | ({ type: "utterance" } & CallUtterance)
  | { type: "error"; code: string; message: string };

/** GET /v1/calls. */
export interface CallSummary {
  callId: string;
  utterances: number;
  startedAt: string;
  lastAt: string;
}

/** An utterance as GET /v1/calls/{id} reads it back: the analysis as stored (the agent's has only
 * recognition and converted), and the script model's version. */
export interface StoredUtterance {
  utteranceId: string;
  turn: number;
  speaker: CallSpeaker;
  text: string;
  scene: string | null;
  intent: string | null;
  emotion: string | null;
  intensity: number | null;
  analysis: Partial<CallUnderstanding>;
  model: string | null;
  createdAt: string;
}

/** A stored rating (the store's row). */
export interface StoredRating {
  id: string;
  call_id: string;
  utterance_id: string;
  script_id: string;
  rating: number;
  agent: string | null;
  created_at: string;
}

export interface CallDetail {
  callId: string;
  utterances: StoredUtterance[];
  ratings: StoredRating[];
}

/** POST /v1/calls/{id}/utterances takes. */
export interface UtteranceInput {
  text: string;
  lang?: "zh" | "en";
  speaker?: CallSpeaker;
}

/** POST /v1/calls/{id}/ratings answers: at or above the threshold the rating is a training example. */
export interface ScriptRated {
  ratingId: string;
  rating: number;
  threshold: number;
  example: boolean;
  /** Training examples from ratings in all. */
  examples: number;
}
