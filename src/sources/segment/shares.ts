/**
 * Share weights: in a cluster of a members, a product held by b of them weighs g = b / a. The product
 * with the largest g that some members still lack is what the cluster pushes to them: people like them
 * hold it. Minimum cluster size and minimum share keep noise out.
 */

export interface ProductShare {
  /** Index into the population's product list. */
  product: number;
  /** Members holding it (b). */
  holders: number;
  /** g = b / a. */
  share: number;
}

export interface PushRule {
  /** Clusters smaller than this push nothing (too few people to call them similar). */
  minClusterSize: number;
  /** A product pushed must be held by at least this share of its cluster. */
  minShare: number;
}

export const DEFAULT_PUSH_RULE: PushRule = { minClusterSize: 30, minShare: 0.2 };

/**
 * Per cluster, every product its members hold with b and g, largest g first (ties by product index, so
 * runs are reproducible).
 */
export function shareWeights(
  labels: ArrayLike<number>,
  k: number,
  offsets: ArrayLike<number>,
  holdings: ArrayLike<number>,
  products: number,
): ProductShare[][] {
  const sizes = new Array<number>(k).fill(0);
  const counts = Array.from({ length: k }, () => new Int32Array(products));
  for (let r = 0; r < labels.length; r++) {
    const cluster = labels[r] as number;
    sizes[cluster] = (sizes[cluster] as number) + 1;
    const held = counts[cluster] as Int32Array;
    for (let h = offsets[r] as number; h < (offsets[r + 1] as number); h++)
      held[holdings[h] as number] = (held[holdings[h] as number] as number) + 1;
  }
  return counts.map((held, cluster) => {
    const size = sizes[cluster] as number;
    const shares: ProductShare[] = [];
    held.forEach((holders, product) => {
      if (holders > 0) shares.push({ product, holders, share: holders / size });
    });
    return shares.sort((a, b) => b.share - a.share || a.product - b.product);
  });
}

/**
 * The product a cluster pushes: the largest g among products some members lack, when the cluster and
 * the share are large enough; null otherwise.
 */
export function productToPush(
  shares: readonly ProductShare[],
  size: number,
  rule: PushRule,
): ProductShare | null {
  if (size < rule.minClusterSize) return null;
  return shares.find((s) => s.holders < size && s.share >= rule.minShare) ?? null;
}

/** The reason a candidate carries, e.g. "held by 63% of 1,204 similar customers". */
export function shareReason(share: number, size: number): string {
  return `held by ${Math.round(share * 100)}% of ${size.toLocaleString("en-US")} similar customers`;
}
