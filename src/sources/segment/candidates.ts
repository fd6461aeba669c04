/** Segment pushes as candidates: one per member lacking their cluster's pushed product, replacing the last run's. */
import { newId, round4 } from "../../core/index.js";
import type { Store } from "../../store/index.js";
import type { Population } from "./population.js";
import type { ClusterReport } from "./run.js";

/** Candidate source name of segment pushes. */
export const SEGMENT_SOURCE = "segment";
const CANDIDATE_CHUNK = 1000;
const MS_PER_DAY = 86_400_000;

export interface PushedRun {
  population: Population;
  labels: Int32Array;
  clusters: readonly ClusterReport[];
  products: ReadonlyMap<string, { value: number }>;
  modelId: string;
  asOf: Date;
  /** Days a candidate stays open. */
  ttlDays: number;
}

/** Writes the run's candidates in one transaction that first drops the open ones of earlier runs. */
export async function writeCandidates(store: Store, run: PushedRun): Promise<void> {
  const { population, labels, clusters, products, modelId, asOf, ttlDays } = run;
  const now = asOf.toISOString();
  const expires = new Date(asOf.getTime() + ttlDays * MS_PER_DAY).toISOString();
  const pushed = clusters.map((c) => (c.push ? population.products.indexOf(c.push.productId) : -1));
  await store.transaction(async (tx) => {
    await tx.candidates.dropOpen(SEGMENT_SOURCE);
    let batch: Parameters<typeof tx.candidates.insert>[0][number][] = [];
    for (let r = 0; r < labels.length; r++) {
      const id = labels[r] as number;
      const product = pushed[id] as number;
      const push = (clusters[id] as ClusterReport).push;
      if (product < 0 || !push) continue;
      let holds = false;
      for (let h = population.offsets[r] as number; h < (population.offsets[r + 1] as number); h++)
        if (population.holdings[h] === product) holds = true;
      if (holds) continue;
      batch.push({
        id: newId("cand"),
        customer_id: population.ids[r] as string,
        offer_id: push.productId,
        offer_kind: "product",
        source: SEGMENT_SOURCE,
        score: push.share,
        expected_value: round4(push.share * (products.get(push.productId)?.value ?? 0)),
        reason: JSON.stringify({
          summary: push.reason,
          cluster: id,
          share: push.share,
          size: (clusters[id] as ClusterReport).size,
        }),
        model_id: modelId,
        status: "open",
        created_at: now,
        expires_at: expires,
      });
      if (batch.length === CANDIDATE_CHUNK) {
        await tx.candidates.insert(batch);
        batch = [];
      }
    }
    await tx.candidates.insert(batch);
  });
}
