/** Propensity at login: a multi-label MLP from profile and portrait to products, next best offers, lookalike expansion. */

/** The store as a training table: features, `offer:<product>` targets, leakage rules. */
export {
  ID_COLUMN,
  LEAKING_TAGS,
  MIN_HOLDERS,
  OFFER_PREFIX,
  type PropensityDataset,
  propensityDataset,
} from "./dataset.js";
/** Buyers' lookalikes become candidates for what they bought. */
export { EXPANSION, expandPurchase } from "./expansion.js";
/** Churn and spending capacity in the next window, learned by moving the clock back. */
export { OUTLOOK_HORIZON_DAYS, type OutlookResult, trainOutlook } from "./outlook.js";
/** Ranked offers with reasons for one customer, written as candidates. */
export {
  DEFAULT_OFFERS,
  type LoadedCustomer,
  type Offer,
  type OfferList,
  PropensityScorer,
  type ScorerOptions,
} from "./scorer.js";
/** Train on the store, register, and write predicted demand tags. */
export {
  PROPENSITY_KIND,
  type PropensityTrainOptions,
  type PropensityTrainResult,
  trainPropensityFromStore,
} from "./train.js";
/** Logins score offers; purchases queue lookalike expansions. */
export { PropensityTriggers, type TriggerEvent, type TriggerReport } from "./triggers.js";
