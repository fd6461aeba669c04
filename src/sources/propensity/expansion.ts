/**
 * Lookalike expansion: when a customer buys a product, customers whose portraits are most like the
 * buyer's (weighted-tag cosine above a threshold) get that product as a candidate.
 */
import type { Clock } from "../../core/index.js";
import { type LookalikeResult, lookalike } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";

/** Lookalikes proposed per purchase, and the least similarity that counts. */
export const EXPANSION = { size: 20, threshold: 0.6 } as const;

/** Writes the buyer's lookalikes as candidates for the product they bought. */
export function expandPurchase(
  store: Store,
  purchase: { customerId: string; productId: string },
  options: { size?: number; threshold?: number; clock?: Clock } = {},
): Promise<LookalikeResult> {
  return lookalike(store, {
    seeds: [purchase.customerId],
    product: purchase.productId,
    size: options.size ?? EXPANSION.size,
    threshold: options.threshold ?? EXPANSION.threshold,
    writeCandidates: true,
    clock: options.clock,
  });
}
