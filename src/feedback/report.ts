/**
 * The lift report: for each campaign, and within it each source and channel, the conversion rate of
 * the customers contacted against the customers held out (global holdout and the campaign's control
 * group, never contacted), with confidence intervals for both rates and their difference. Decisions
 * of real-time contexts (login) have no campaign and report under `campaign: null`.
 */
import type { DecisionOutcome, Store } from "../store/index.js";
import { type LiftSummary, liftSummary } from "./stats.js";

export interface LiftGroup extends LiftSummary {
  campaign: string | null;
  campaignName: string | null;
  /** null where the row sums over sources (or channels). */
  source: string | null;
  channel: string | null;
  /** Of the baseline: how many were in the global holdout and how many in the campaign's control group. */
  holdout: number;
  control: number;
}

export interface LiftReport {
  confidence: number;
  /** One row per campaign (source and channel null), then one per campaign, source and channel. */
  groups: LiftGroup[];
  /** All decisions together. */
  overall: LiftGroup;
}

export async function liftReport(
  store: Store,
  options: { campaignId?: string; since?: string; confidence?: number } = {},
): Promise<LiftReport> {
  const confidence = options.confidence ?? 0.95;
  const rows = await store.decisions.outcomes({ campaignId: options.campaignId, since: options.since });
  const names = new Map((await store.campaigns.list()).map((c) => [c.id, c.name]));
  const byKey = new Map<
    string,
    { key: Omit<LiftGroup, keyof LiftSummary | "holdout" | "control">; rows: DecisionOutcome[] }
  >();
  const add = (
    campaign: string | null,
    source: string | null,
    channel: string | null,
    row: DecisionOutcome,
  ) => {
    const k = JSON.stringify([campaign, source, channel]);
    let entry = byKey.get(k);
    if (!entry) {
      entry = {
        key: { campaign, campaignName: campaign ? (names.get(campaign) ?? null) : null, source, channel },
        rows: [],
      };
      byKey.set(k, entry);
    }
    entry.rows.push(row);
  };
  for (const row of rows) {
    add(row.campaign_id, null, null, row);
    add(row.campaign_id, row.source, row.channel, row);
  }
  const groups = [...byKey.values()]
    .map(({ key, rows }) => ({ ...key, ...summarize(rows, confidence) }))
    .sort(
      (a, b) =>
        compare(a.campaignName ?? a.campaign, b.campaignName ?? b.campaign) ||
        Number(a.source !== null) - Number(b.source !== null) ||
        compare(a.source, b.source) ||
        compare(a.channel, b.channel),
    );
  return {
    confidence,
    groups,
    overall: {
      campaign: null,
      campaignName: null,
      source: null,
      channel: null,
      ...summarize(rows, confidence),
    },
  };
}

function summarize(
  rows: readonly DecisionOutcome[],
  confidence: number,
): LiftSummary & { holdout: number; control: number } {
  const contacted = { conversions: 0, n: 0 };
  const baseline = { conversions: 0, n: 0 };
  let holdout = 0;
  let control = 0;
  for (const r of rows) {
    const side = r.arm === "contact" ? contacted : baseline;
    side.n += r.decisions;
    side.conversions += r.conversions;
    if (r.arm === "holdout") holdout += r.decisions;
    if (r.arm === "control") control += r.decisions;
  }
  return { ...liftSummary({ contacted, baseline, confidence }), holdout, control };
}

function compare(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
