/** What `nudge demo` prints of each step, in words (its --json prints the objects themselves). */

import type { SegmentReport } from "../sources/segment/index.js";
import type { DemoMessages } from "./demo.js";
import type { CallTour } from "./demo-call.js";
import { DEMO_INCENTIVE, type IncentiveTour } from "./demo-incentive.js";
import type { TourReport } from "./demo-tour.js";
import { count } from "./io.js";

/** What the demo says of the propensity model. */
export function propensityLines(
  model: { model: string; products: number; meanTestRocAuc: number; seed: number },
  outlook: { model: string; test: Record<string, number> },
): string[] {
  return [
    `propensity: ${model.model} over ${model.products} products, mean held-out ROC AUC ${model.meanTestRocAuc} (seed ${model.seed})`,
    `outlook: ${outlook.model}, held-out ROC AUC ${Object.entries(outlook.test)
      .map(([t, auc]) => `${t} ${auc}`)
      .join(", ")}; churn_risk and spending_capacity tags written`,
  ];
}

/** What the demo says of the segment run. */
export function segmentLines(segments: SegmentReport): string[] {
  return [
    `segments: ${segments.model}, ${count(segments.population)} customers of 2+ products in ${segments.k} clusters (silhouette ${segments.silhouette}, seed ${segments.seed}); ${count(segments.candidates)} candidates`,
    ...segments.clusters.map(
      (c) =>
        `  cluster ${c.id} (${count(c.size)}): ${c.push ? `push ${c.push.name} to ${count(c.push.candidates)}, ${c.push.reason}` : "no push"}`,
    ),
  ];
}

/** What the demo says of the tagged messages and the audience of the first one. */
export function messageLines(messages: DemoMessages): string[] {
  const paths = Object.entries(messages.paths)
    .map(([path, n]) => `${path} ${n}`)
    .join(", ");
  const m = messages.match;
  return [
    `messages: ${count(messages.tagged)} tagged (decided by ${paths})`,
    `  ${m.messageId} → ${m.category}: ${count(m.matched.length)} customers matched (excluded: age ${count(m.excluded.age)}, risk ${count(m.excluded.risk)}, consent ${count(m.excluded.consent)}); best ${m.matched[0]?.customerId ?? "–"} (${m.matched[0]?.matched.join(", ") ?? ""})`,
  ];
}

/** What the demo says of the login, the campaigns, the deliveries and the lift. */
export function tourLines(tour: TourReport): string[] {
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
  const overall = tour.lift.overall;
  return [
    ...(tour.login
      ? [
          `login of ${tour.login.customerId} → next best offers (decision ${tour.login.decisionId}):`,
          ...tour.login.offers.map(
            (o) => `  ${o.score.toFixed(3)}  ${o.name ?? o.offerId} [${o.source}] — ${o.reason}`,
          ),
          ...tour.login.dropped.slice(0, 3).map((d) => `  dropped ${d.offerId}: ${d.policy} — ${d.reason}`),
        ]
      : []),
    ...Object.entries(tour.campaigns).map(
      ([name, r]) =>
        `campaign ${name}: ${count(r.contacted)} contacted, ${count(r.holdout)} holdout, ${count(r.control)} control, ${count(r.overBudget)} over budget; dropped ${
          Object.entries(r.drops)
            .map(([p, n]) => `${p} ${count(n)}`)
            .join(", ") || "none"
        }`,
    ),
    `delivered: ${count(tour.delivered.sent)} sent (inbox ${count(tour.delivered.inbox)}, webhook ${count(tour.delivered.webhook)}, e-mail ${count(tour.delivered.email)}), ${count(tour.delivered.dead)} dead letters`,
    `simulated responses: ${count(tour.simulatedConversions.contacted)} contacted and ${count(tour.simulatedConversions.baseline)} held-out customers converted`,
    `lift: contacted ${pct(overall.contacted.rate)} of ${count(overall.contacted.n)} vs holdout/control ${pct(overall.baseline.rate)} of ${count(overall.baseline.n)}; difference ${pct(overall.difference.difference)} (95% CI ${pct(overall.difference.low)} … ${pct(overall.difference.high)})`,
  ];
}

/** What the demo says of the incentive chosen by uplift: the model, who got it, and what it bought. */
export function incentiveLines(incentive: IncentiveTour): string[] {
  const pct = (x: number | null) => (x === null ? "–" : `${(x * 100).toFixed(1)}%`);
  const { model, candidates, lift, uplift } = incentive;
  const heldOut = model.report.test;
  const qini = (name: keyof typeof heldOut) => heldOut[name].qini.toFixed(4);
  const r = uplift.realised;
  return [
    `uplift: ${model.id} (${model.form}${model.report.graph ? ` over ${count(model.report.graph.edges)} relations` : ""}), held-out Qini ${qini("twoHead")} (S ${qini("sLearner")}, T ${qini("tLearner")}, X ${qini("xLearner")}; seed ${model.report.split.seed}, ${count(model.report.split.test)} test rows)`,
    `  ${DEMO_INCENTIVE.offerId}: ${count(candidates.worthwhile)} customers worth it (P(persuadable) × ${DEMO_INCENTIVE.value} − ${DEMO_INCENTIVE.cost} > 0), ${count(candidates.candidates)} proposed; campaign ${DEMO_INCENTIVE.campaign}: ${count(incentive.run.contacted)} contacted, ${count(incentive.run.control)} control, ${count(incentive.run.holdout)} holdout`,
    ...(lift
      ? [
          `  realised lift: contacted ${pct(lift.contacted.rate)} of ${count(lift.contacted.n)} vs control/holdout ${pct(lift.baseline.rate)} of ${count(lift.baseline.n)}; difference ${pct(lift.difference.difference)} (95% CI ${pct(lift.difference.low)} … ${pct(lift.difference.high)})`,
        ]
      : []),
    r
      ? `  realised Qini ${r.qini.toFixed(4)} (AUUC ${r.auuc.toFixed(4)}) of the model's scores on the campaign's own randomized arms`
      : `  realised Qini unavailable: ${uplift.unavailable}`,
  ];
}

/** What the demo says of the recorded call: transcript, emotion and the first script shown per utterance. */
export function callLines(call: CallTour): string[] {
  const versions = call.utterances[0]?.models;
  return [
    `call ${call.callId}: ${call.utterances.length} utterances from demo-call.wav (words from its transcript)${versions ? `; models ${versions.scene}, ${versions.emotion}, ${versions.scripts}` : ""}`,
    ...call.utterances.flatMap((u) => {
      const a = u.analysis;
      if (!a) return [`  ${u.turn}. ${u.text}`];
      const pitch = a.voice?.pitchMeanHz;
      return [
        `  ${u.turn}. "${u.text}" — ${a.scene}, ${a.intent}; ${a.emotion.label} ${a.emotion.intensity.toFixed(2)}${pitch ? ` (pitch ${Math.round(pitch)} Hz, ${a.voice?.energy.toFixed(0)} dBFS)` : ""}`,
        `     → ${a.scripts[0]?.text ?? "no script"}`,
        ...(u.leads.length > 0
          ? [
              `     lead: ${u.leads.map((l) => l.offerId).join(", ")} proposed for ${u.customerId} (candidates of source callassist)`,
            ]
          : []),
      ];
    }),
    ...(call.rated
      ? [
          `  the agent rated script ${call.rated.scriptId} ${call.rated.rating}: ${call.rated.example ? `a training example of the script model (${call.rated.examples} in all)` : "not a training example"}`,
        ]
      : []),
  ];
}
