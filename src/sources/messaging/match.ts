/**
 * Message–portrait matching: a customer scores the summed weights of their portrait terms that the
 * message's tags ask for (interest in its category, the spending capacity it suits, its channel…), from
 * the same unit TF-IDF vectors lookalikes read. Hard constraints exclude before scoring: the age range,
 * a product risk level above the customer's tolerance, and no consent for the message's channel.
 */
import { type Clock, NudgeError, newId, round4, systemClock } from "../../core/index.js";
import { PortraitVectors } from "../../portrait/index.js";
import type { Customer, Store } from "../../store/index.js";

/** What a message looks for in portraits and whom it must not reach. */
export interface MatchQuery {
  /** Portrait terms sought: a tag name and, when given, its value (`interest` = `fund`). */
  terms: { name: string; value?: string }[];
  ageRange: { min: number | null; max: number | null } | null;
  /** The promoted product's risk level, 1–5. */
  riskLevel: number | null;
  /** The channel the message goes out on; consent is checked for it. */
  channel: string | null;
}

export interface MatchOptions {
  top: number;
  /** Channels that need an explicit opt-in (the decide settings' list), others only an absent opt-out. */
  optInChannels: readonly string[];
  onProgress?: (scanned: number, total: number) => void;
}

export interface MatchedCustomer {
  customerId: string;
  score: number;
  /** The matched portrait terms, strongest first, as name=value. */
  matched: string[];
}

export interface MatchResult {
  matched: MatchedCustomer[];
  scanned: number;
  /** Customers left out by each hard constraint. */
  excluded: { age: number; risk: number; consent: number };
}

/** Without a stated tolerance a customer takes products of at most this risk level (as decide does). */
export const UNKNOWN_TOLERANCE_MAX_RISK = 2;
const PAGE = 5000;

/** The top customers for a query, best first (ties by id). */
export async function matchCustomers(
  store: Store,
  query: MatchQuery,
  options: MatchOptions,
): Promise<MatchResult> {
  if (!(Number.isInteger(options.top) && options.top >= 1))
    throw new NudgeError("INPUT_INVALID", `top must be a positive whole number, got ${options.top}`);
  const vectors = await PortraitVectors.load(store);
  const wanted = wantedTerms(vectors, query.terms);
  const excluded = { age: 0, risk: 0, consent: 0 };
  const best: MatchedCustomer[] = [];
  let scanned = 0;
  if (wanted.size === 0) return { matched: [], scanned, excluded };
  for await (const page of vectors.pages(store, PAGE)) {
    const customers = await store.customers.getMany(page.map((p) => p.customer_id));
    for (const row of page) {
      scanned++;
      const v = vectors.of(row.customer_id, row.doc);
      const hits: { id: number; w: number }[] = [];
      for (let k = 0; k < v.ids.length; k++)
        if (wanted.has(v.ids[k] as number)) hits.push({ id: v.ids[k] as number, w: v.weights[k] as number });
      if (hits.length === 0) continue;
      const customer = customers.get(row.customer_id);
      const refusal = customer ? constraintRefusing(customer, query, options.optInChannels) : "consent";
      if (refusal) {
        excluded[refusal]++;
        continue;
      }
      hits.sort((a, b) => b.w - a.w);
      const score = hits.reduce((s, h) => s + h.w, 0);
      best.push({
        customerId: row.customer_id,
        score: round4(score),
        matched: hits.map((h) => vectors.label(h.id)),
      });
    }
    best.sort((a, b) => b.score - a.score || (a.customerId < b.customerId ? -1 : 1));
    best.length = Math.min(best.length, options.top);
    options.onProgress?.(scanned, vectors.population);
  }
  return { matched: best, scanned, excluded };
}

/** Term ids of the portrait terms a query asks for: by name and value, or every value of a name. */
function wantedTerms(vectors: PortraitVectors, terms: MatchQuery["terms"]): Set<number> {
  const ids = new Set<number>();
  for (const term of vectors.dictionary.all())
    if (terms.some((t) => t.name === term.name && (t.value === undefined || t.value === term.value)))
      ids.add(term.id);
  return ids;
}

/** The hard constraint that keeps this customer from the message, if any. */
export function constraintRefusing(
  customer: Pick<Customer, "age" | "risk_tolerance" | "consents">,
  query: Pick<MatchQuery, "ageRange" | "riskLevel" | "channel">,
  optInChannels: readonly string[],
): "age" | "risk" | "consent" | null {
  const range = query.ageRange;
  if (range && (range.min !== null || range.max !== null)) {
    // An age limit cannot be checked for a customer of unknown age: better not to send.
    if (customer.age === null) return "age";
    if (range.min !== null && customer.age < range.min) return "age";
    if (range.max !== null && customer.age > range.max) return "age";
  }
  if (query.riskLevel !== null) {
    const tolerance = customer.risk_tolerance ?? UNKNOWN_TOLERANCE_MAX_RISK;
    if (query.riskLevel > tolerance) return "risk";
  }
  if (query.channel) {
    const consent = customer.consents[query.channel];
    if (consent === false || (consent !== true && optInChannels.includes(query.channel))) return "consent";
  }
  return null;
}

/** Candidates for a message (source `messaging`), the matched tags as the reason. */
export async function writeMessageCandidates(
  store: Store,
  messageId: string,
  matched: readonly MatchedCustomer[],
  options: { clock?: Clock; ttlDays?: number; modelId?: string | null } = {},
): Promise<number> {
  const now = (options.clock ?? systemClock).now();
  const expires = new Date(now.getTime() + (options.ttlDays ?? MESSAGE_CANDIDATE_DAYS) * 86_400_000);
  const rows = matched.map((m) => ({
    id: newId("cand"),
    customer_id: m.customerId,
    offer_id: messageId,
    offer_kind: "message",
    source: MESSAGING_SOURCE,
    score: m.score,
    expected_value: null,
    reason: JSON.stringify({ summary: `matches ${m.matched.slice(0, 3).join(", ")}`, matched: m.matched }),
    model_id: options.modelId ?? null,
    status: "open",
    created_at: now.toISOString(),
    expires_at: expires.toISOString(),
  }));
  await store.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) await tx.candidates.insert(rows.slice(i, i + 1000));
  });
  return rows.length;
}

/** Candidate source name of message matches. */
export const MESSAGING_SOURCE = "messaging";
/** Days a message candidate stays open. */
export const MESSAGE_CANDIDATE_DAYS = 14;
