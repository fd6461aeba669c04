/**
 * Live proposers: sources asked at decision time rather than read from candidate rows. At login the
 * propensity model scores the customer now (so a new model or a new holding counts at once).
 */
import { isNudgeError } from "../core/index.js";
import type { PropensityScorer } from "../sources/propensity/index.js";
import type { Proposer } from "./decider.js";

/** How many of the model's offers go into arbitration; policies may drop some. */
const PROPENSITY_PROPOSALS = 10;

export function propensityProposer(scorer: PropensityScorer): Proposer {
  return async ({ customer, portrait, holdings, features, context }) => {
    try {
      const list = await scorer.offers(customer.id, {
        context,
        limit: PROPENSITY_PROPOSALS,
        write: false,
        loaded: { customer, portrait, holdings, features },
      });
      return list.offers.map((o) => ({
        candidateId: null,
        offerId: o.productId,
        offerKind: "product",
        source: "propensity",
        score: o.probability,
        value: 0,
        category: o.category,
        riskLevel: null,
        persuadable: null,
        cost: 0,
        modelId: list.model,
        reason: o.reason,
      }));
    } catch (error) {
      // No propensity model yet: the other sources' candidates are still ranked.
      if (isNudgeError(error, "NOT_FOUND")) return [];
      throw error;
    }
  };
}
