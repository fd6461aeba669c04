/**
 * Feedback on what Nudge sent: exposure, click, conversion, complaint, unsubscribe, dismissal. Each is
 * credited to a decision — the one named (directly or through its delivery), else the customer's
 * latest decision for the offer within the attribution window — and stored once (a report repeated
 * with the same id, or the same facts, is not counted twice). Negative feedback lowers the offer's
 * category in the customer's portrait and starts the arbiter's cooldown; an unsubscribe also turns
 * the channel's consent off. Conversions are what lift reports count and what models learn from.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { type Clock, NudgeError, parseInput, systemClock } from "../core/index.js";
import { DEFAULT_ATTRIBUTION_DAYS } from "../decide/index.js";
import { recordNegativeFeedback } from "../portrait/index.js";
import type { DecisionRow, Store } from "../store/index.js";

export const FEEDBACK_TYPES = [
  "exposure",
  "click",
  "conversion",
  "complaint",
  "unsubscribe",
  "dismiss",
] as const;
export type FeedbackType = (typeof FEEDBACK_TYPES)[number];
const NEGATIVE = new Set<FeedbackType>(["complaint", "unsubscribe", "dismiss"]);

export const FeedbackInputSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe("the reporter's id; a report repeated with it is stored once"),
    customerId: z.string().min(1).max(128),
    type: z.enum(FEEDBACK_TYPES),
    decisionId: z.string().min(1).optional(),
    deliveryId: z.string().min(1).optional(),
    offerId: z.string().min(1).optional(),
    ts: z.iso.datetime({ offset: true }).optional().describe("when it happened (default: now)"),
    value: z.number().finite().optional().describe("e.g. a conversion's amount, minor units"),
  })
  .strict();

export type FeedbackInput = z.input<typeof FeedbackInputSchema>;

export interface FeedbackResult {
  id: string;
  /** False when the same feedback was stored before. */
  recorded: boolean;
  decisionId: string | null;
  offerId: string | null;
  campaignId: string | null;
  arm: string | null;
  /** The portrait adjustment negative feedback made, when it made one. */
  adjustment: string | null;
  /** The channel whose consent an unsubscribe turned off. */
  consentWithdrawn: string | null;
}

export async function recordFeedback(
  store: Store,
  input: FeedbackInput,
  options: { clock?: Clock; attributionDays?: number } = {},
): Promise<FeedbackResult> {
  const f = parseInput(FeedbackInputSchema, input, "feedback");
  const ts = f.ts ? new Date(f.ts).toISOString() : (options.clock ?? systemClock).now().toISOString();
  if (!(await store.customers.get(f.customerId)))
    throw new NudgeError("NOT_FOUND", `no customer '${f.customerId}'`);
  const decision = await creditedDecision(store, f, ts, options.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS);
  const offerId = f.offerId ?? decision?.offer_id ?? null;
  const id = f.id ?? `fb_${digest([f.customerId, f.type, decision?.id ?? "", offerId ?? "", ts])}`;
  const recorded =
    (await store.feedback.insert([
      {
        id,
        customer_id: f.customerId,
        decision_id: decision?.id ?? null,
        delivery_id: f.deliveryId ?? null,
        type: f.type,
        value: f.value ?? null,
        ts,
        offer_id: offerId,
      },
    ])) > 0;
  const result: FeedbackResult = {
    id,
    recorded,
    decisionId: decision?.id ?? null,
    offerId,
    campaignId: decision?.campaign_id ?? null,
    arm: decision?.arm ?? null,
    adjustment: null,
    consentWithdrawn: null,
  };
  if (!recorded || !NEGATIVE.has(f.type)) return result;
  const product = offerId ? await store.products.get(offerId) : undefined;
  if (product?.category) {
    const adjustment = await recordNegativeFeedback(
      store,
      {
        customerId: f.customerId,
        type: f.type as "complaint",
        category: product.category,
        tags: [product.category],
        feedbackId: id,
      },
      { clock: options.clock },
    );
    result.adjustment = adjustment.id;
  }
  if (f.type === "unsubscribe" && decision?.channel && decision.channel !== "app") {
    await store.customers.setConsent(f.customerId, decision.channel, false, ts);
    result.consentWithdrawn = decision.channel;
  }
  return result;
}

async function creditedDecision(
  store: Store,
  f: z.infer<typeof FeedbackInputSchema>,
  ts: string,
  attributionDays: number,
): Promise<DecisionRow | undefined> {
  let decisionId = f.decisionId;
  if (f.deliveryId) {
    const delivery = await store.deliveries.get(f.deliveryId);
    if (!delivery) throw new NudgeError("NOT_FOUND", `no delivery '${f.deliveryId}'`);
    if (decisionId && decisionId !== delivery.decision_id)
      throw new NudgeError(
        "INPUT_INVALID",
        `delivery '${f.deliveryId}' belongs to decision '${delivery.decision_id}', not '${decisionId}'`,
      );
    decisionId = delivery.decision_id;
  }
  if (decisionId) {
    const decision = await store.decisions.get(decisionId);
    if (!decision) throw new NudgeError("NOT_FOUND", `no decision '${decisionId}'`);
    if (decision.customer_id !== f.customerId)
      throw new NudgeError(
        "INPUT_INVALID",
        `decision '${decisionId}' is not about customer '${f.customerId}'`,
      );
    return decision;
  }
  const since = new Date(Date.parse(ts) - attributionDays * 86_400_000).toISOString();
  return store.decisions.attributable(f.customerId, ts, since, f.offerId);
}

function digest(parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\u001f")).digest("hex").slice(0, 24);
}
