/**
 * Negative feedback on a pushed message. A complaint, an unsubscribe or a dismissal multiplies the
 * weights of the message's tags for that customer by a factor (the decay) and suppresses the
 * message's category for some days. Each is one adjustment row: recorded with its reason, shown with
 * the portrait, applied whenever weights are read, and reversible (`revertAdjustment`).
 *
 * A tag pattern matches terms this way: `name=value` that term; `name` every value of the tag and
 * its groups (`name.*`); a word without `=` also matches any term whose value it is (`fund` matches
 * `interest=fund`), so message keywords can name portrait values directly.
 */
import { type Clock, NudgeError, newId, systemClock } from "../core/index.js";
import type { PortraitAdjustmentRow, PortraitTermRow, Store } from "../store/index.js";
import { parseJson } from "../store/index.js";

export const NEGATIVE_FEEDBACK_TYPES = ["complaint", "unsubscribe", "dismiss"] as const;
export type NegativeFeedbackType = (typeof NEGATIVE_FEEDBACK_TYPES)[number];

export interface FeedbackPolicy {
  /** Weight multiplier for the message's tags, in (0, 1]. */
  factor: number;
  /** Days the message's category is suppressed for the customer (0: none). */
  suppressDays: number;
}

/** Defaults: a complaint weighs most, a dismissal least. */
export const DEFAULT_FEEDBACK_POLICY: Record<NegativeFeedbackType, FeedbackPolicy> = {
  complaint: { factor: 0.3, suppressDays: 90 },
  unsubscribe: { factor: 0.5, suppressDays: 180 },
  dismiss: { factor: 0.8, suppressDays: 7 },
};

export interface NegativeFeedback {
  customerId: string;
  type: NegativeFeedbackType;
  /** The pushed message; its stored tags and category are used when `tags`/`category` are not given. */
  messageId?: string;
  tags?: readonly string[];
  category?: string;
  feedbackId?: string;
  /** Overrides of the policy for this one adjustment. */
  factor?: number;
  suppressDays?: number;
}

/** Records negative feedback as an adjustment and answers it. */
export async function recordNegativeFeedback(
  store: Store,
  input: NegativeFeedback,
  options: { clock?: Clock; policy?: Partial<Record<NegativeFeedbackType, FeedbackPolicy>> } = {},
): Promise<PortraitAdjustmentRow> {
  if (!NEGATIVE_FEEDBACK_TYPES.includes(input.type))
    throw new NudgeError(
      "INPUT_INVALID",
      `feedback type must be one of ${NEGATIVE_FEEDBACK_TYPES.join(", ")}`,
    );
  if (!(await store.customers.get(input.customerId)))
    throw new NudgeError("NOT_FOUND", `no customer '${input.customerId}'`);
  let tags = input.tags ? [...input.tags] : [];
  let category = input.category ?? null;
  if (input.messageId) {
    const message = await store.messages.get(input.messageId);
    if (!message) throw new NudgeError("NOT_FOUND", `no message '${input.messageId}'`);
    if (!input.tags) tags = messageTags(message.tags);
    category ??= message.category;
  }
  tags = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
  if (tags.length === 0 && !category)
    throw new NudgeError(
      "INPUT_INVALID",
      "negative feedback needs tags or a category (or a message that has them)",
    );
  const policy = { ...DEFAULT_FEEDBACK_POLICY[input.type], ...options.policy?.[input.type] };
  const factor = input.factor ?? policy.factor;
  const days = input.suppressDays ?? policy.suppressDays;
  if (!(factor > 0 && factor <= 1)) throw new NudgeError("INPUT_INVALID", "factor must be in (0, 1]");
  if (!(days >= 0)) throw new NudgeError("INPUT_INVALID", "suppress days must be 0 or more");
  const now = (options.clock ?? systemClock).now();
  const until = category && days > 0 ? new Date(now.getTime() + days * 86_400_000).toISOString() : null;
  const parts = [
    tags.length > 0 ? `weights of ${tags.join(", ")} × ${factor}` : null,
    until ? `category '${category}' suppressed until ${until}` : null,
  ].filter(Boolean);
  const row: PortraitAdjustmentRow = {
    id: newId("adj"),
    customer_id: input.customerId,
    feedback_type: input.type,
    terms: JSON.stringify(tags),
    factor,
    category: until ? category : null,
    suppressed_until: until,
    message_id: input.messageId ?? null,
    feedback_id: input.feedbackId ?? null,
    reason: `${input.type}${input.messageId ? ` of message ${input.messageId}` : ""}: ${parts.join("; ")}`,
    created_at: now.toISOString(),
    reverted_at: null,
  };
  await store.transaction(async (tx) => {
    await tx.portraits.addAdjustment(row);
    await tx.audit.record({
      id: newId("aud"),
      at: row.created_at,
      actor: "feedback",
      action: "portrait.adjust",
      target: input.customerId,
      details: JSON.stringify({ adjustment: row.id, type: input.type, message: row.message_id }),
    });
  });
  return row;
}

/** Takes an adjustment back: weights and suppression return as if it had not happened. */
export async function revertAdjustment(
  store: Store,
  id: string,
  options: { clock?: Clock; actor?: string } = {},
): Promise<void> {
  const at = (options.clock ?? systemClock).now().toISOString();
  const adjustment = await store.portraits.getAdjustment(id);
  if (!adjustment) throw new NudgeError("NOT_FOUND", `no adjustment '${id}'`);
  if (!(await store.portraits.revertAdjustment(id, at)))
    throw new NudgeError("CONFLICT", `adjustment '${id}' was already reverted at ${adjustment.reverted_at}`);
  await store.audit.record({
    id: newId("aud"),
    at,
    actor: options.actor ?? "cli",
    action: "portrait.revert",
    target: adjustment.customer_id,
    details: JSON.stringify({ adjustment: id }),
  });
}

/** The tags of a message as stored by the text module: a JSON array of strings, or an object whose keys are tags. */
function messageTags(stored: string | null): string[] {
  const value = parseJson<unknown>(stored ?? "null", null);
  if (Array.isArray(value)) return value.map(String);
  if (value && typeof value === "object") return Object.keys(value);
  return [];
}

/** True when a pattern of an adjustment names this term (see the module comment). */
export function patternMatches(pattern: string, term: Pick<PortraitTermRow, "name" | "value">): boolean {
  const eq = pattern.indexOf("=");
  if (eq >= 0) return term.name === pattern.slice(0, eq) && term.value === pattern.slice(eq + 1);
  return term.name === pattern || term.name.startsWith(`${pattern}.`) || term.value === pattern;
}

/** The weight factor of each term under these adjustments (terms not listed: 1). */
export function adjustmentFactors(
  adjustments: readonly PortraitAdjustmentRow[],
  term: (id: number) => Pick<PortraitTermRow, "name" | "value"> | undefined,
): (termId: number) => number {
  if (adjustments.length === 0) return () => 1;
  const patterns = adjustments.map((a) => ({ factor: a.factor, terms: parseJson<string[]>(a.terms, []) }));
  const cache = new Map<number, number>();
  return (termId) => {
    let factor = cache.get(termId);
    if (factor === undefined) {
      factor = 1;
      const t = term(termId);
      if (t)
        for (const p of patterns)
          if (p.terms.some((pattern) => patternMatches(pattern, t))) factor *= p.factor;
      cache.set(termId, factor);
    }
    return factor;
  };
}

/** Categories suppressed for a customer at `at`, with the adjustment behind each. */
export async function suppressedCategories(
  store: Store,
  customerId: string,
  at: Date,
): Promise<{ category: string; until: string; adjustment: string; reason: string }[]> {
  const iso = at.toISOString();
  return (await store.portraits.adjustments([customerId]))
    .filter((a) => a.category && a.suppressed_until && a.suppressed_until > iso)
    .map((a) => ({
      category: a.category as string,
      until: a.suppressed_until as string,
      adjustment: a.id,
      reason: a.reason,
    }));
}
