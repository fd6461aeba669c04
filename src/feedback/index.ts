/** Closing the loop: feedback credited to decisions, lift against holdout with confidence intervals, training labels. */
export { writeCampaignOutcomes } from "./labels.js";
export {
  FEEDBACK_TYPES,
  type FeedbackInput,
  FeedbackInputSchema,
  type FeedbackResult,
  type FeedbackType,
  recordFeedback,
} from "./record.js";
export { type LiftGroup, type LiftReport, liftReport } from "./report.js";
export { differenceInterval, type LiftSummary, liftSummary, wilsonInterval } from "./stats.js";
/** Realised Qini of a campaign's recorded scores against its control and holdout, beside the models' held-out Qini. */
export { type CampaignUplift, campaignUplift, type ScoringModel } from "./uplift.js";
