/**
 * Writing a decision: the decision row, its delivery (the outbox row) and the used candidates' status
 * commit in one transaction, so a crash leaves either a decision that will be delivered or nothing.
 * A slot already decided for the customer writes nothing and answers false.
 */
import type { Store } from "../store/index.js";
import type { Drop, RankedProposal } from "./arbitrate.js";

export type Arm = "contact" | "holdout" | "control" | "none";

/** Days after a decision (or its deferred send) in which a purchase of the offer counts as its conversion. */
export const DEFAULT_ATTRIBUTION_DAYS = 7;

/** What a delivery carries: the template and the values it is rendered from at send time. */
export interface DeliveryPayload {
  offerId: string | null;
  template: { title: string; body: string };
  params: Record<string, string>;
  campaignId: string | null;
}

export interface DecisionRecord {
  id: string;
  customerId: string;
  context: string;
  slot: string;
  channel: string;
  arm: Arm;
  campaignId: string | null;
  chosen: RankedProposal | null;
  /** The other ranked proposals, kept as reasons. */
  alternatives: readonly RankedProposal[];
  dropped: readonly Drop[];
  decidedAt: Date;
  /** Written to the outbox when the arm contacts and the channel is one the dispatcher sends. */
  delivery: DeliveryPayload | null;
  attributionDays?: number;
}

export interface Reason {
  offerId: string;
  source: string;
  verdict: "chosen" | "ranked" | "deferred" | "dropped" | "holdout" | "control";
  policy?: string;
  reason: string;
}

export function reasonsOf(record: DecisionRecord): Reason[] {
  const reasons: Reason[] = [];
  if (record.chosen) {
    const c = record.chosen;
    const verdict = record.arm === "holdout" || record.arm === "control" ? record.arm : "chosen";
    reasons.push({ offerId: c.offerId, source: c.source, verdict, reason: c.reason });
    if (c.deferral)
      reasons.push({ offerId: c.offerId, source: c.source, verdict: "deferred", reason: c.deferral });
  }
  for (const a of record.alternatives)
    reasons.push({ offerId: a.offerId, source: a.source, verdict: "ranked", reason: a.reason });
  for (const d of record.dropped)
    reasons.push({
      offerId: d.offerId,
      source: d.source,
      verdict: "dropped",
      policy: d.policy,
      reason: d.reason,
    });
  return reasons;
}

export interface Recorded {
  /** False when the customer already had a decision for the slot: nothing was written. */
  written: boolean;
  deliveryId: string | null;
}

/** Writes one decision (and its delivery). */
export async function recordDecision(store: Store, record: DecisionRecord): Promise<Recorded> {
  return (await recordDecisions(store, [record]))[0] as Recorded;
}

/** Writes decisions and their deliveries, all in one transaction. */
export function recordDecisions(store: Store, records: readonly DecisionRecord[]): Promise<Recorded[]> {
  return store.transaction(async (tx) => {
    const out: Recorded[] = [];
    for (const record of records) out.push(await writeOne(tx, record));
    return out;
  });
}

async function writeOne(tx: Store, record: DecisionRecord): Promise<Recorded> {
  const at = record.decidedAt.toISOString();
  const chosen = record.chosen;
  const scheduled = chosen?.scheduledAt ? chosen.scheduledAt.toISOString() : null;
  const written = await tx.decisions.insert({
    id: record.id,
    customer_id: record.customerId,
    candidate_id: chosen?.candidateId ?? null,
    offer_id: chosen?.offerId ?? null,
    channel: record.channel,
    context: record.context,
    score: chosen ? chosen.score : null,
    holdout: record.arm === "holdout" || record.arm === "control" ? 1 : 0,
    arm: record.arm,
    reasons: JSON.stringify(reasonsOf(record)),
    model_id: chosen?.modelId ?? null,
    decided_at: at,
    scheduled_at: scheduled,
    campaign_id: record.campaignId,
    slot: record.slot,
    source: chosen?.source ?? null,
    expected_value: chosen ? chosen.score * chosen.value : null,
    cost: record.arm === "contact" && chosen ? chosen.cost : null,
    respond_by: new Date(
      Date.parse(scheduled ?? at) + (record.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS) * 86_400_000,
    ).toISOString(),
  });
  if (!written) return { written: false, deliveryId: null };
  let deliveryId: string | null = null;
  if (record.delivery && record.arm === "contact" && chosen) {
    deliveryId = `dlv_${record.id.replace(/^dec_/, "")}`;
    await tx.deliveries.enqueue({
      id: deliveryId,
      decision_id: record.id,
      customer_id: record.customerId,
      channel: record.channel,
      idempotency_key: `${record.id}:${record.channel}`,
      status: "pending",
      attempts: 0,
      next_attempt_at: scheduled ?? at,
      last_error: null,
      payload: JSON.stringify(record.delivery),
      created_at: at,
      updated_at: at,
      sent_at: null,
    });
  }
  // The chosen candidate is used up, contacted or held out; the others stay open for later slots.
  if (chosen?.candidateId) await tx.candidates.close([chosen.candidateId], "decided");
  return { written: true, deliveryId };
}
