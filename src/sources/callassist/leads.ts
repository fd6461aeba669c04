/**
 * Interest heard during a call, as offer candidates. When the customer on the line asks about or warms to
 * a kind of product (the utterance's intent is one of LEAD_INTENTS, the product is the one the call is
 * about, and the combined emotion is positive or neutral), the products of that kind the customer does
 * not hold — the LEAD_OFFERS most valuable — become candidates of source `callassist` for the arbiter,
 * which applies consent, suitability, caps and the holdout like for any other source (a follow-up after
 * the call). An offer that already has an open call-assist candidate for the customer is not proposed
 * again. Score: the intent's confidence × the emotion's share that is not negative or irritated.
 */
import { newId, roundTo } from "../../core/index.js";
import type { Store } from "../../store/index.js";
import type { UtteranceAnalysis } from "./analyze.js";
import type { Intent } from "./dialogue/index.js";
import type { Product } from "./scripts/index.js";

/** The candidates' `source`. */
export const CALL_SOURCE = "callassist";
/** Intents that show interest in the product talked about. */
export const LEAD_INTENTS: ReadonlySet<Intent> = new Set<Intent>([
  "express_interest",
  "agree",
  "ask_rate",
  "ask_term",
  "ask_risk",
]);
/** Products proposed per utterance at most, the most valuable first. */
export const LEAD_OFFERS = 3;
/** How long a call's lead stays open for the arbiter. */
export const LEAD_TTL_MS = 7 * 24 * 3600 * 1000;
/** The catalogue categories of each kind of product the call models know (a catalogue's "card" is a credit card). */
export const PRODUCT_CATEGORIES: Readonly<Record<Product, readonly string[]>> = {
  deposit: ["deposit"],
  wealth: ["wealth"],
  fund: ["fund"],
  insurance: ["insurance"],
  loan: ["loan"],
  credit_card: ["credit_card", "card"],
};

/** One candidate written. */
export interface CallLead {
  candidateId: string;
  offerId: string;
  score: number;
}

/** What a lead is made from: the analysed utterance and where it was heard. */
export interface LeadInput {
  customerId: string;
  callId: string;
  utteranceId: string;
  analysis: UtteranceAnalysis;
  /** The scene/intent model version that read the interest. */
  modelId: string;
  now: Date;
}

/** Whether an analysed utterance shows interest in a product (no store needed). */
export function showsInterest(
  analysis: UtteranceAnalysis,
): analysis is UtteranceAnalysis & { product: Product } {
  return (
    analysis.product !== null &&
    LEAD_INTENTS.has(analysis.intent) &&
    (analysis.emotion.label === "positive" || analysis.emotion.label === "neutral")
  );
}

/** Writes the utterance's leads as open candidates; answers them (none when it shows no interest). */
export async function proposeLeads(store: Store, input: LeadInput): Promise<CallLead[]> {
  const { analysis } = input;
  if (!showsInterest(analysis)) return [];
  const categories = new Set(PRODUCT_CATEGORIES[analysis.product]);
  const held = new Set((await store.holdings.forCustomer(input.customerId)).map((h) => h.product_id));
  const open = new Set(
    (await store.candidates.open(input.customerId, input.now.toISOString()))
      .filter((c) => c.source === CALL_SOURCE)
      .map((c) => c.offer_id),
  );
  const offers = (await store.products.list())
    .filter((p) => categories.has(p.category) && !held.has(p.id) && !open.has(p.id))
    .sort((a, b) => b.value - a.value || a.id.localeCompare(b.id))
    .slice(0, LEAD_OFFERS);
  if (offers.length === 0) return [];
  const { probabilities } = analysis.emotion;
  const calm = 1 - probabilities.negative - probabilities.irritated;
  const score = roundTo(Math.max(0, Math.min(1, analysis.intentConfidence * calm)), 4);
  const reason = JSON.stringify({
    callId: input.callId,
    utteranceId: input.utteranceId,
    summary: `${analysis.intent.replace("_", " ")} about ${analysis.product.replace("_", " ")} during call ${input.callId}`,
    intent: analysis.intent,
    emotion: analysis.emotion.label,
    product: analysis.product,
  });
  const rows = offers.map((p) => ({
    id: newId("cand"),
    customer_id: input.customerId,
    offer_id: p.id,
    offer_kind: "product",
    source: CALL_SOURCE,
    score,
    expected_value: roundTo(score * p.value, 4),
    reason,
    model_id: input.modelId,
    status: "open",
    created_at: input.now.toISOString(),
    expires_at: new Date(input.now.getTime() + LEAD_TTL_MS).toISOString(),
  }));
  await store.candidates.insert(rows);
  return rows.map((r) => ({ candidateId: r.id, offerId: r.offer_id, score }));
}
