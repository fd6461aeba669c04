/**
 * Arbitration: every proposal goes through the policies (`judge`); what survives is ranked by
 * priority = score × value × lever × P(persuadable), value counting 1 for offers without one, and ties
 * go to the lower offer id so the same inputs always give the same answer. Every drop and every
 * deferral is kept with the policy and reason that caused it.
 */
import { extend } from "../core/index.js";
import { judge } from "./policies.js";
import type { History, PolicySettings, Proposal, Subject } from "./types.js";

/** Multipliers that let operators steer ranking: by source, by category, by offer (default 1). */
export interface Levers {
  sources?: Record<string, number>;
  categories?: Record<string, number>;
  offers?: Record<string, number>;
}

export interface RankedProposal extends Proposal {
  priority: number;
  /** When a policy deferred it: the first moment it may be sent. */
  scheduledAt: Date | null;
  /** Why it was deferred, when it was. */
  deferral: string | null;
}

export interface Drop {
  offerId: string;
  source: string;
  policy: string;
  reason: string;
}

export interface Arbitration {
  ranked: RankedProposal[];
  dropped: Drop[];
}

export function priorityOf(proposal: Proposal, levers: Levers = {}): number {
  const lever =
    (levers.sources?.[proposal.source] ?? 1) *
    (proposal.category ? (levers.categories?.[proposal.category] ?? 1) : 1) *
    (levers.offers?.[proposal.offerId] ?? 1);
  const value = proposal.value > 0 ? proposal.value : 1;
  return proposal.score * value * lever * (proposal.persuadable ?? 1);
}

/**
 * Keeps one proposal per offer (the one with the highest priority: two sources may propose the same
 * product), judges each and ranks what may be sent.
 */
export function arbitrate(input: {
  subject: Subject;
  proposals: readonly Proposal[];
  channel: string;
  now: Date;
  history: History;
  settings: PolicySettings;
  levers?: Levers;
}): Arbitration {
  const best = new Map<string, { proposal: Proposal; priority: number }>();
  for (const proposal of input.proposals) {
    const priority = priorityOf(proposal, input.levers);
    const seen = best.get(proposal.offerId);
    if (
      !seen ||
      priority > seen.priority ||
      (priority === seen.priority && proposal.source < seen.proposal.source)
    )
      best.set(proposal.offerId, { proposal, priority });
  }
  const ranked: RankedProposal[] = [];
  const dropped: Drop[] = [];
  for (const { proposal, priority } of best.values()) {
    const verdict = judge(extend(input, { proposal }));
    if (verdict.action === "drop") {
      dropped.push({
        offerId: proposal.offerId,
        source: proposal.source,
        policy: verdict.policy,
        reason: verdict.reason,
      });
      continue;
    }
    ranked.push(
      extend(proposal, {
        priority,
        scheduledAt: verdict.action === "defer" ? verdict.until : null,
        deferral: verdict.action === "defer" ? `${verdict.policy}: ${verdict.reason}` : null,
      }),
    );
  }
  ranked.sort(
    (a, b) => b.priority - a.priority || (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0),
  );
  dropped.sort((a, b) => (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : 0));
  return { ranked, dropped };
}
