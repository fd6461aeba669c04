/**
 * Policies: the rules every push obeys, whoever proposed it. Each is a pure function of one
 * proposal, one channel and one moment, answering allow, drop (never, with a reason) or defer (not
 * before `until`). `judge` runs them all: a drop wins; otherwise the latest deferral, re-judged at
 * its time, because a push deferred past quiet hours can land in a full day, and one deferred to
 * the next day can land in quiet hours again.
 */
import { extend } from "../core/index.js";
import { evaluateRule, ruleData } from "./eligibility.js";
import type { PolicyInput, PolicyName, PolicySettings, Subject, Verdict } from "./types.js";
import {
  inQuietHours,
  isValidZone,
  nextAllowedTime,
  startOfLocalDay,
  startOfLocalWeek,
  startOfNextLocalDay,
  startOfNextLocalWeek,
} from "./zone.js";

export type Policy = (input: PolicyInput) => Verdict;

const DAY_MS = 86_400_000;
/** With the customer's tolerance unknown, offers above this risk level are held back. */
export const UNKNOWN_TOLERANCE_MAX_RISK = 2;
/** Re-judgings of a deferral before giving up: quiet hours, then a full day, then quiet hours again fit. */
export const MAX_DEFER_ROUNDS = 4;
/** Cap periods (local days or weeks) the frequency policy looks ahead for room before dropping. */
const MAX_CAP_ROUNDS = 8;

const ALLOW: Verdict = { action: "allow" };
const CHANNEL_LABELS: Record<string, string> = { email: "e-mail", sms: "SMS", wecom: "WeCom" };

function label(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}

function drop(policy: PolicyName, reason: string): Verdict {
  return { action: "drop", policy, reason };
}

/** The customer's zone, or the default when the customer has none Intl knows. */
export function customerZone(subject: Subject, settings: PolicySettings): string {
  return subject.tz && isValidZone(subject.tz) ? subject.tz : settings.defaultTz;
}

/** Opt-in channels need a recorded yes; on the others only a recorded no stops us. */
export const consentPolicy: Policy = ({ subject, channel, settings }) => {
  const consent = subject.consents[channel];
  if (consent === false) return drop("consent", `customer opted out of ${label(channel)}`);
  if (consent !== true && settings.optInChannels.includes(channel))
    return drop("consent", `no ${label(channel)} consent (opt-in required)`);
  return ALLOW;
};

/** Every rule that applies to the offer (by id or category, or to all) must hold. */
export const eligibilityPolicy: Policy = ({ subject, proposal, settings }) => {
  let data: Record<string, unknown> | null = null;
  for (const { name, rule, appliesTo } of settings.eligibility) {
    const applies =
      !appliesTo ||
      appliesTo.includes(proposal.offerId) ||
      (proposal.category !== null && appliesTo.includes(proposal.category));
    if (!applies) continue;
    data ??= ruleData(subject, proposal);
    try {
      if (!evaluateRule(rule, data)) return drop("eligibility", `not eligible under rule "${name}"`);
    } catch (error) {
      // A rule that cannot run keeps the offer back rather than letting everyone through.
      const message = error instanceof Error ? error.message : String(error);
      return drop("eligibility", `rule "${name}" could not be evaluated: ${message}`);
    }
  }
  return ALLOW;
};

/** No offer riskier than the customer's tolerance; with the tolerance unknown, none above level 2. */
export const suitabilityPolicy: Policy = ({ subject, proposal, settings }) => {
  const risk = proposal.riskLevel;
  if (!settings.suitability || risk === null) return ALLOW;
  const tolerance = subject.riskTolerance;
  if (tolerance === null) {
    return risk > UNKNOWN_TOLERANCE_MAX_RISK
      ? drop(
          "suitability",
          `risk level ${risk} with the customer's tolerance unknown (held back conservatively above level ${UNKNOWN_TOLERANCE_MAX_RISK})`,
        )
      : ALLOW;
  }
  return risk > tolerance
    ? drop("suitability", `risk level ${risk} above the customer's tolerance ${tolerance}`)
    : ALLOW;
};

/** After a complaint or an unsubscribe no contact at all; after a dismissal not that offer or category. */
export const cooldownPolicy: Policy = ({ proposal, now, history, settings }) => {
  const days = settings.cooldownDays;
  for (const negative of history.negatives) {
    const age = now.getTime() - negative.at.getTime();
    const ago = age < DAY_MS ? "less than a day ago" : `${Math.floor(age / DAY_MS)} days ago`;
    if (negative.type === "complaint" || negative.type === "unsubscribe") {
      const cooldown = days[negative.type];
      if (age < cooldown * DAY_MS)
        return drop("cooldown", `${negative.type} ${ago}: no contact for ${cooldown} days`);
    } else if (negative.type === "dismiss" && age < days.dismiss * DAY_MS) {
      if (negative.offerId !== null && negative.offerId === proposal.offerId)
        return drop("cooldown", `offer dismissed ${ago}: not again for ${days.dismiss} days`);
      if (negative.category !== null && negative.category === proposal.category)
        return drop(
          "cooldown",
          `category ${negative.category} dismissed ${ago}: not again for ${days.dismiss} days`,
        );
    }
  }
  return ALLOW;
};

interface CapBreach {
  until: Date;
  reason: string;
}

/**
 * The cap the channel would break by a send at `at`, and when the period it counts ends. Sends are
 * counted in `at`'s local day and week, future ones too: a send scheduled for tomorrow fills
 * tomorrow. Week caps come first, since waiting for the next day would not help. `later` words the
 * reason for a moment after now ("that day" rather than "today").
 */
function capBreach(input: PolicyInput, zone: string, at: Date, later: boolean): CapBreach | null {
  const { channel, history, settings } = input;
  const { caps, cappedChannels } = settings;
  const dayFrom = startOfLocalDay(at, zone).getTime();
  const dayTo = startOfNextLocalDay(at, zone).getTime();
  const weekFrom = startOfLocalWeek(at, zone).getTime();
  const weekTo = startOfNextLocalWeek(at, zone).getTime();
  let channelDay = 0;
  let channelWeek = 0;
  let allDay = 0;
  let allWeek = 0;
  for (const send of history.sends) {
    const t = send.at.getTime();
    if (t < weekFrom || t >= weekTo || !cappedChannels.includes(send.channel)) continue;
    const same = send.channel === channel;
    const sameDay = t >= dayFrom && t < dayTo;
    allWeek++;
    if (same) channelWeek++;
    if (sameDay) allDay++;
    if (sameDay && same) channelDay++;
  }
  const name = label(channel);
  const week = later ? "that week" : "this week";
  const day = later ? "that day" : "today";
  const breach = (until: number, reason: string): CapBreach => ({ until: new Date(until), reason });
  if (channelWeek >= caps.perChannelWeek)
    return breach(weekTo, `${name} week cap ${caps.perChannelWeek} reached (${channelWeek} sent ${week})`);
  if (allWeek >= caps.allChannelsWeek)
    return breach(weekTo, `all-channel week cap ${caps.allChannelsWeek} reached (${allWeek} sent ${week})`);
  if (channelDay >= caps.perChannelDay)
    return breach(dayTo, `${name} day cap ${caps.perChannelDay} reached (${channelDay} sent ${day})`);
  if (allDay >= caps.allChannelsDay)
    return breach(dayTo, `all-channel day cap ${caps.allChannelsDay} reached (${allDay} sent ${day})`);
  return null;
}

/** Caps per channel and over all capped channels, per local day and week; a full period defers to the next. */
export const frequencyPolicy: Policy = (input) => {
  const { subject, channel, now, settings } = input;
  if (!settings.cappedChannels.includes(channel)) return ALLOW;
  const { caps } = settings;
  const smallest = Math.min(
    caps.perChannelDay,
    caps.perChannelWeek,
    caps.allChannelsDay,
    caps.allChannelsWeek,
  );
  if (smallest <= 0) return drop("frequency", `${label(channel)} is capped at 0 sends`);
  const zone = customerZone(subject, settings);
  const reasons: string[] = [];
  let at = now;
  for (let round = 0; round < MAX_CAP_ROUNDS; round++) {
    const breach = capBreach(input, zone, at, round > 0);
    if (!breach) return round === 0 ? ALLOW : defer("frequency", reasons, at);
    reasons.push(breach.reason);
    at = breach.until;
  }
  return drop("frequency", `no room within ${MAX_CAP_ROUNDS} cap periods: ${reasons.join("; then ")}`);
};

/** Pushes wait for the customer's local quiet hours to end. */
export const quietHoursPolicy: Policy = ({ subject, channel, now, settings }) => {
  const quiet = settings.quietHours;
  if (!quiet || !settings.quietChannels.includes(channel)) return ALLOW;
  const zone = customerZone(subject, settings);
  if (!inQuietHours(now, zone, quiet)) return ALLOW;
  return {
    action: "defer",
    policy: "quiet_hours",
    reason: `quiet hours ${quiet.start}–${quiet.end} in ${zone}`,
    until: nextAllowedTime(now, zone, quiet),
  };
};

function defer(policy: PolicyName, reasons: string[], until: Date): Verdict {
  return { action: "defer", policy, reason: reasons.join("; then "), until };
}

/** Every policy, in the order their drops are reported. */
export const POLICIES: readonly Policy[] = [
  consentPolicy,
  eligibilityPolicy,
  suitabilityPolicy,
  cooldownPolicy,
  frequencyPolicy,
  quietHoursPolicy,
];

/** All policies at one moment: the first drop, else the latest deferral, else allow. */
function judgeAt(input: PolicyInput): Verdict {
  let latest: Verdict = ALLOW;
  for (const policy of POLICIES) {
    const verdict = policy(input);
    if (verdict.action === "drop") return verdict;
    if (verdict.action === "defer" && (latest.action !== "defer" || verdict.until > latest.until))
      latest = verdict;
  }
  return latest;
}

/**
 * The verdict of every policy together. A deferral is re-judged at its `until` until every policy
 * allows there; the answer names the policy that deferred first and every reason on the way.
 */
export function judge(input: PolicyInput): Verdict {
  const reasons: string[] = [];
  let first: PolicyName | null = null;
  let at = input.now;
  for (let round = 0; round <= MAX_DEFER_ROUNDS; round++) {
    const verdict = round === 0 ? judgeAt(input) : judgeAt(extend(input, { now: at }));
    if (verdict.action === "drop") return verdict;
    if (verdict.action === "allow") return first === null ? verdict : defer(first, reasons, at);
    // A deferral that does not move forward would never end.
    if (verdict.until.getTime() <= at.getTime())
      return drop(verdict.policy, `deferred to ${verdict.until.toISOString()}, not later: ${verdict.reason}`);
    first ??= verdict.policy;
    reasons.push(verdict.reason);
    at = verdict.until;
  }
  return drop(
    first ?? "frequency",
    `no time found to send after ${reasons.length} deferrals: ${reasons.join("; then ")}`,
  );
}
