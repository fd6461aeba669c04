/**
 * Conversions become training labels: a campaign's decisions are written as outcomes (treated = it
 * contacted, responded = it converted), the randomized treatment/control history uplift models learn
 * from. Writing again rewrites the same rows, so it can run after every report.
 */
import type { Store } from "../store/index.js";

export async function writeCampaignOutcomes(store: Store, campaignId: string): Promise<number> {
  const responses = await store.decisions.responses(campaignId);
  const rows = responses.map((r) => ({
    customer_id: r.customer_id,
    campaign: campaignId,
    treated: r.arm === "contact" ? 1 : 0,
    responded: r.converted,
    ts: r.decided_at,
    ingest_run: null,
    ingest_row: null,
  }));
  for (let i = 0; i < rows.length; i += 1_000) await store.outcomes.upsert(rows.slice(i, i + 1_000));
  return rows.length;
}
