/**
 * The arbiter: policies (consent, eligibility, suitability, frequency caps, quiet hours, cooldown,
 * budgets), the global holdout and campaign control groups, arbitration, and the decision records
 * that carry their delivery into the outbox in the same transaction.
 */
export {
  type Arbitration,
  arbitrate,
  type Drop,
  type Levers,
  priorityOf,
  type RankedProposal,
} from "./arbitrate.js";
export {
  type CampaignInput,
  CampaignInputSchema,
  type CampaignRunOptions,
  type CampaignRunReport,
  createCampaign,
  dueCampaigns,
  OFFER_SOURCE,
  runCampaign,
  TEMPLATE_PARAMS,
} from "./campaigns.js";
export {
  APP_CHANNEL,
  DEFAULT_DECIDE_LIMIT,
  DEFAULT_HOLDOUT_KEY,
  DEFAULT_HOLDOUT_SHARE,
  DEFAULT_PUSH_TEMPLATE,
  type DecidedOffer,
  type DecideRequest,
  Decider,
  type DeciderOptions,
  type DecisionResult,
  type Proposer,
  type ProposerInput,
} from "./decider.js";
export { evaluateRule, validateRule } from "./eligibility.js";
export { holdoutBucket, inHoldout } from "./holdout.js";
export { judge, POLICIES } from "./policies.js";
export { loadPolicySettings } from "./policies-file.js";
export { propensityProposer } from "./proposers.js";
export { type Arm, DEFAULT_ATTRIBUTION_DAYS, type DeliveryPayload, type Reason } from "./record.js";
export { CampaignScheduler, type SchedulerOptions } from "./scheduler.js";
export { DEFAULT_POLICY_SETTINGS, PolicySettingsSchema, resolvePolicySettings } from "./settings.js";
export type * from "./types.js";
export { nextAllowedTime } from "./zone.js";
