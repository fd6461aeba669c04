/**
 * Deciding: `POST /v1/decide` ranks a customer's next best offers now and records the decision;
 * campaigns are created, run and reported; `GET /v1/reports/lift` compares contacted customers with
 * the holdout.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Config, NudgeError } from "../../core/index.js";
import {
  CampaignInputSchema,
  createCampaign,
  DEFAULT_DECIDE_LIMIT,
  type Decider,
  runCampaign,
} from "../../decide/index.js";
import type { Dispatcher } from "../../deliver/index.js";
import { liftReport, writeCampaignOutcomes } from "../../feedback/index.js";
import type { CampaignRow, Store } from "../../store/index.js";
import type { ServerMetrics } from "../metrics.js";

const MAX_OFFERS = 50;

const DecisionSchema = z.object({
  decisionId: z.string(),
  customerId: z.string(),
  context: z.string(),
  channel: z.string(),
  arm: z.enum(["contact", "holdout", "control", "none"]).describe("holdout: measured, never contacted"),
  offers: z.array(
    z.object({
      offerId: z.string(),
      offerKind: z.string(),
      name: z.string().nullable(),
      category: z.string().nullable(),
      source: z.string(),
      score: z.number(),
      value: z.number().describe("minor units"),
      persuadable: z.number().nullable(),
      priority: z.number().describe("score × value × levers × P(persuadable)"),
      reason: z.string(),
      modelId: z.string().nullable(),
      scheduledAt: z.string().nullable().describe("when quiet hours or caps deferred the send"),
    }),
  ),
  dropped: z.array(
    z.object({ offerId: z.string(), source: z.string(), policy: z.string(), reason: z.string() }),
  ),
  deliveryId: z.string().nullable(),
});

const CampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  offerId: z.string().nullable(),
  channel: z.string(),
  audience: z.unknown(),
  template: z.object({ title: z.string(), body: z.string() }),
  policies: z.record(z.string(), z.unknown()),
  controlShare: z.number(),
  budgetSends: z.number().nullable(),
  budgetCost: z.number().nullable(),
  costPerSend: z.number(),
  startAt: z.string().nullable(),
  endAt: z.string().nullable(),
  schedule: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
});

const Interval = z.object({
  n: z.number(),
  conversions: z.number(),
  rate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});
const LiftGroupSchema = z.object({
  campaign: z.string().nullable(),
  campaignName: z.string().nullable(),
  source: z.string().nullable(),
  channel: z.string().nullable(),
  contacted: Interval,
  baseline: Interval,
  holdout: z.number(),
  control: z.number(),
  difference: z.object({
    difference: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
  }),
  relative: z.object({
    lift: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
  }),
  pValue: z.number().nullable(),
  significant: z.boolean(),
});
export const LiftReportSchema = z.object({
  confidence: z.number(),
  groups: z.array(LiftGroupSchema),
  overall: LiftGroupSchema,
});

export function campaignView(row: CampaignRow): z.infer<typeof CampaignSchema> {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    offerId: row.offer_id,
    channel: row.channel,
    audience: row.audience ? JSON.parse(row.audience) : null,
    template: JSON.parse(row.template),
    policies: JSON.parse(row.policies),
    controlShare: Number(row.control_share),
    budgetSends: row.budget_sends === null ? null : Number(row.budget_sends),
    budgetCost: row.budget_cost === null ? null : Number(row.budget_cost),
    costPerSend: Number(row.cost_per_send),
    startAt: row.start_at,
    endAt: row.end_at,
    schedule: row.schedule,
    lastRunAt: row.last_run_at,
    status: row.status,
    createdAt: row.created_at,
  };
}

export function decideRoutes(
  app: FastifyInstance,
  store: Store,
  config: Config,
  decider: Decider,
  dispatcher: Dispatcher | undefined,
  metrics: ServerMetrics,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    "/v1/decide",
    {
      config: { scope: "decide" },
      schema: {
        summary: "Next best offers for a customer now, ranked with reasons; records the decision",
        tags: ["decide"],
        body: z
          .object({
            customerId: z.string().min(1).max(128),
            context: z.string().min(1).max(64).default("login"),
            channel: z
              .string()
              .min(1)
              .max(64)
              .optional()
              .describe("app (default): shown by the caller; else delivered"),
            limit: z.number().int().min(1).max(MAX_OFFERS).default(DEFAULT_DECIDE_LIMIT),
          })
          .strict(),
        response: { 200: DecisionSchema },
      },
    },
    async (request) => {
      const result = await decider.decide(request.body);
      metrics.decisions.inc({ context: result.context, arm: result.arm });
      if (result.deliveryId) dispatcher?.poke();
      return result;
    },
  );

  api.get(
    "/v1/campaigns",
    {
      config: { scope: "read" },
      schema: {
        summary: "Campaigns, newest first",
        tags: ["campaigns"],
        response: { 200: z.array(CampaignSchema) },
      },
    },
    async () => (await store.campaigns.list()).map(campaignView),
  );

  api.post(
    "/v1/campaigns",
    {
      config: { scope: "admin" },
      schema: {
        summary: "Create a campaign: source, audience rule, channel, template, control group, budget, window",
        tags: ["campaigns"],
        body: CampaignInputSchema,
        response: { 201: CampaignSchema },
      },
    },
    async (request, reply) => {
      const row = await createCampaign(store, request.body, { actor: `key:${request.apiKey?.id ?? "?"}` });
      reply.code(201);
      return campaignView(row);
    },
  );

  api.post(
    "/v1/campaigns/:id/run",
    {
      config: { scope: "admin" },
      schema: {
        summary: "Decide the campaign for its audience today and queue its deliveries",
        tags: ["campaigns"],
        params: z.object({ id: z.string().min(1) }),
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async (request) => {
      const report = await runCampaign(store, request.params.id, {
        holdoutKey: config.holdoutKey,
        holdoutShare: config.holdoutShare,
        actor: `key:${request.apiKey?.id ?? "?"}`,
      });
      if (report.deliveries > 0) dispatcher?.poke();
      return report as unknown as Record<string, unknown>;
    },
  );

  api.get(
    "/v1/reports/lift",
    {
      config: { scope: "read" },
      schema: {
        summary: "Conversion of contacted customers against holdout and control, with confidence intervals",
        tags: ["reports"],
        querystring: z.object({
          campaign: z.string().min(1).optional(),
          since: z.iso.datetime({ offset: true }).optional(),
          confidence: z.coerce.number().gt(0.5).lt(1).optional(),
        }),
        response: { 200: LiftReportSchema },
      },
    },
    async (request) => {
      let campaignId: string | undefined;
      if (request.query.campaign) {
        const campaign = await store.campaigns.get(request.query.campaign);
        if (!campaign) throw new NudgeError("NOT_FOUND", `no campaign '${request.query.campaign}'`);
        campaignId = campaign.id;
        await writeCampaignOutcomes(store, campaign.id);
      }
      return liftReport(store, {
        campaignId,
        since: request.query.since,
        confidence: request.query.confidence,
      });
    },
  );
}
