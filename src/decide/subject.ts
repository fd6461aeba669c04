/**
 * The arbiter's view of a customer: zone, risk tolerance, consents, and the facts eligibility rules
 * read — standard fields, typed attributes by name, and rule tags under `tags`. Recent sends and
 * negative feedback (`History`) come from the outbox and the feedback table.
 */
import { extend } from "../core/index.js";
import type { FeatureValue } from "../portrait/index.js";
import type { Customer, Store } from "../store/index.js";
import type { History, PolicySettings, Subject } from "./types.js";

const NEGATIVE_TYPES = ["complaint", "unsubscribe", "dismiss"] as const;
const DAY_MS = 86_400_000;

/** The subject of a customer with their portrait's feature record (`PortraitFeatures.of`). */
export function subjectOf(customer: Customer, record: Readonly<Record<string, FeatureValue>>): Subject {
  const tags: Record<string, unknown> = {};
  const facts: Record<string, unknown> = extend(customer.attributes, { tags });
  for (const [name, value] of Object.entries(record)) {
    if (name.startsWith("tag.")) {
      const key = name.slice(4);
      const eq = key.indexOf("=");
      if (eq < 0) tags[key] = value;
      else {
        // A tag with several values (interest=fund, interest=insurance) becomes a list of its values.
        const tag = key.slice(0, eq);
        const list = Array.isArray(tags[tag]) ? (tags[tag] as unknown[]) : [];
        list.push(key.slice(eq + 1));
        tags[tag] = list;
      }
    } else if (!name.startsWith("attr.")) facts[name] = value;
  }
  facts.tz = customer.tz;
  return {
    customerId: customer.id,
    tz: customer.tz,
    riskTolerance: customer.risk_tolerance === null ? null : Number(customer.risk_tolerance),
    consents: customer.consents,
    facts,
  };
}

/**
 * What a customer was sent (for caps: the last eight days cover any local week) and said (for
 * cooldowns: back as far as the longest one). Sends are read only when the channel is capped.
 */
export async function historyOf(
  store: Store,
  customerId: string,
  now: Date,
  settings: PolicySettings,
  channel: string,
): Promise<History> {
  const longest = Math.max(
    settings.cooldownDays.complaint,
    settings.cooldownDays.unsubscribe,
    settings.cooldownDays.dismiss,
  );
  const [sends, negatives] = await Promise.all([
    settings.cappedChannels.includes(channel)
      ? store.deliveries.recentFor(customerId, new Date(now.getTime() - 8 * DAY_MS).toISOString())
      : Promise.resolve([]),
    store.feedback.recentOfTypes(
      customerId,
      NEGATIVE_TYPES,
      new Date(now.getTime() - longest * DAY_MS).toISOString(),
    ),
  ]);
  return {
    sends: sends.map((s) => ({
      channel: s.channel,
      // A deferred delivery counts in the period it is due in, not the one it was decided in.
      at: new Date(
        s.sent_at ?? (s.status === "sending" ? s.created_at : (s.next_attempt_at ?? s.created_at)),
      ),
      offerId: null,
    })),
    negatives: negatives.map((n) => ({
      type: n.type,
      at: new Date(n.ts),
      offerId: n.offer_id,
      category: n.category,
    })),
  };
}
