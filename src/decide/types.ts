/**
 * The arbiter's vocabulary: who is decided for (`Subject`), what is proposed (`Proposal`), what the
 * customer was lately sent and said (`History`), the settings policies read (`PolicySettings`) and
 * what a policy answers (`Verdict`). Policies are pure functions of these, so they are tested alone.
 */

/** What the arbiter knows of a customer when deciding. */
export interface Subject {
  customerId: string;
  /** IANA time zone; policies use `PolicySettings.defaultTz` when null or unknown. */
  tz: string | null;
  /** 1 (lowest) … 5; null when unknown. */
  riskTolerance: number | null;
  /** Channel → consent as ingested (`consent_<channel>`); a channel not named here has no answer. */
  consents: Record<string, boolean>;
  /**
   * What eligibility rules read: the standard fields (`age`, `gender`, `region`, `subsidiary`,
   * `risk_tolerance`, `tz`), each typed attribute by name, and `tags` as `{name: value | value[]}`.
   */
  facts: Record<string, unknown>;
}

/** One thing that could be sent: an offer proposed by a candidate source. */
export interface Proposal {
  /** The candidate row it came from, when it came from one. */
  candidateId: string | null;
  offerId: string;
  /** product | message | incentive. */
  offerKind: string;
  /** The candidate source: propensity, segment, messaging, uplift, lookalike, campaign, … */
  source: string;
  /** Propensity or match strength in [0, 1]. */
  score: number;
  /** The offer's value, minor units. */
  value: number;
  category: string | null;
  /** The product's risk level, 1 … 5; null when the offer carries no risk. */
  riskLevel: number | null;
  /** P(persuadable) where an uplift model scored the offer. */
  persuadable: number | null;
  /** What sending costs (incentive, fee), minor units. */
  cost: number;
  modelId: string | null;
  reason: string;
}

export interface SentRecord {
  channel: string;
  at: Date;
  offerId: string | null;
}

export interface NegativeRecord {
  /** complaint | unsubscribe | dismiss. */
  type: string;
  at: Date;
  offerId: string | null;
  category: string | null;
}

/** What the customer was lately sent (deliveries not dead) and said (negative feedback). */
export interface History {
  sends: SentRecord[];
  negatives: NegativeRecord[];
}

export interface FrequencyCaps {
  /** Sends per customer per channel per local day. */
  perChannelDay: number;
  /** Sends per customer per channel per local week (Monday to Sunday). */
  perChannelWeek: number;
  /** Sends per customer over every channel per local day. */
  allChannelsDay: number;
  /** Sends per customer over every channel per local week. */
  allChannelsWeek: number;
}

export interface EligibilityRule {
  name: string;
  /** A JsonLogic rule over `Subject.facts` plus `offer` ({id, category, riskLevel, value, source}). */
  rule: unknown;
  /** Offer ids or categories the rule applies to; every offer when absent. */
  appliesTo?: string[];
}

export interface PolicySettings {
  /** Zone for customers without a valid one. */
  defaultTz: string;
  /** Local quiet hours, e.g. {start: "21:00", end: "08:00"}; null for none. */
  quietHours: { start: string; end: string } | null;
  /** Channels quiet hours hold for (a login answer is not a push). */
  quietChannels: string[];
  /** Channels that need an explicit opt-in; elsewhere only an explicit opt-out drops. */
  optInChannels: string[];
  caps: FrequencyCaps;
  /** Channels the caps count and hold for. */
  cappedChannels: string[];
  /** Days without any contact after a complaint or an unsubscribe; days without the same offer after a dismissal. */
  cooldownDays: { complaint: number; unsubscribe: number; dismiss: number };
  /** Drop offers whose risk level is above the customer's risk tolerance. */
  suitability: boolean;
  eligibility: EligibilityRule[];
}

export type PolicyName =
  | "consent"
  | "eligibility"
  | "suitability"
  | "frequency"
  | "quiet_hours"
  | "cooldown"
  | "budget";

export type Verdict =
  | { action: "allow" }
  | { action: "drop"; policy: PolicyName; reason: string }
  /** Allowed later: at `until`, the first moment every policy allows. */
  | { action: "defer"; policy: PolicyName; reason: string; until: Date };

/** What a policy reads to judge one proposal on one channel at one moment. */
export interface PolicyInput {
  subject: Subject;
  proposal: Proposal;
  channel: string;
  now: Date;
  history: History;
  settings: PolicySettings;
}
