/** Uplift: whom an incentive persuades. So far the two-head likelihood; the graph model and baselines follow (issue 9). */

/** The four observed cases' negative log-likelihood and its gradient, and the three classes from the heads. */
export {
  type ClassProbabilities,
  classProbabilities,
  type UpliftCase,
  upliftCase,
  upliftLoss,
} from "./loss.js";
