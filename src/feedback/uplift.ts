/**
 * Realised uplift of a campaign whose decisions carry a model score (an incentive chosen by uplift, an
 * offer by propensity): the decided customers ranked by the score each decision recorded, with the
 * contacted as the treated arm and the never-contacted (the campaign's control group and the global
 * holdout, both assigned without looking at the score) as the control arm. Its Qini is the model's ranking
 * judged on what really happened, shown next to the held-out Qini the model reported when it was trained.
 */
import { round4 } from "../core/index.js";
import { type UpliftReport, upliftReport } from "../ml/index.js";
import type { Store } from "../store/index.js";

/** Points kept per curve of the realised report: enough for the console's plot. */
const REALISED_POINTS = 50;

/** A model that scored the campaign's decisions, with what it promised on its held-out rows. */
export interface ScoringModel {
  id: string;
  name: string | null;
  kind: string | null;
  decisions: number;
  /** Held-out Qini and AUUC of an uplift model's two-head net when it was trained; null for other kinds. */
  heldOut: { qini: number; auuc: number } | null;
}

export interface CampaignUplift {
  /** Scored decisions in each arm (decisions without a score are left out). */
  rows: { contacted: number; baseline: number };
  /** Qini, AUUC, uplift at 10/20/30% and curves of the recorded scores on the observed conversions. */
  realised: UpliftReport | null;
  /** Why `realised` is null: an arm without scored decisions. */
  unavailable: string | null;
  models: ScoringModel[];
}

/** The realised uplift report of one campaign (by id). */
export async function campaignUplift(store: Store, campaignId: string): Promise<CampaignUplift> {
  const scored = (await store.decisions.responses(campaignId)).filter((r) => r.score !== null);
  const treated = Uint8Array.from(scored, (r) => (r.arm === "contact" ? 1 : 0));
  const contacted = treated.reduce((s, t) => s + t, 0);
  const rows = { contacted, baseline: scored.length - contacted };
  const byModel = new Map<string, number>();
  for (const r of scored) if (r.model_id) byModel.set(r.model_id, (byModel.get(r.model_id) ?? 0) + 1);
  const models: ScoringModel[] = [];
  for (const [id, decisions] of byModel) {
    const row = await store.models.get(id);
    const test = row
      ? (JSON.parse(row.metrics) as { test?: { twoHead?: { qini: number; auuc: number } } }).test
      : undefined;
    models.push({
      id,
      name: row?.name ?? null,
      kind: row?.kind ?? null,
      decisions,
      heldOut:
        row?.kind === "uplift" && test?.twoHead ? { qini: test.twoHead.qini, auuc: test.twoHead.auuc } : null,
    });
  }
  if (rows.contacted === 0 || rows.baseline === 0)
    return {
      rows,
      realised: null,
      unavailable: `no scored ${rows.contacted === 0 ? "contacted" : "holdout or control"} decisions`,
      models,
    };
  const report = upliftReport(
    Uint8Array.from(scored, (r) => r.converted),
    Float64Array.from(scored, (r) => r.score as number),
    treated,
    { points: REALISED_POINTS },
  );
  return {
    rows,
    realised: {
      ...report,
      qini: round4(report.qini),
      auuc: round4(report.auuc),
      upliftAt: {
        10: round4(report.upliftAt[10]),
        20: round4(report.upliftAt[20]),
        30: round4(report.upliftAt[30]),
      },
    },
    unavailable: null,
    models,
  };
}
