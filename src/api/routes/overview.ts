/**
 * The console's front page: `GET /v1/overview` — how many customers, products and campaigns there are,
 * today's decisions and deliveries, conversion and lift against the holdout (overall and per campaign),
 * and daily trends of decisions, conversions, deliveries and customer activity. Read only.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "../../core/index.js";
import { liftReport, liftSummary } from "../../feedback/index.js";
import type { Store } from "../../store/index.js";
import { LiftReportSchema } from "./decide.js";

const DAY_MS = 86_400_000;
/** Days of trend shown when the caller does not say. */
const DEFAULT_TREND_DAYS = 30;
const MAX_TREND_DAYS = 366;

const LiftGroupSchema = LiftReportSchema.shape.overall;
const { campaign: _c, campaignName: _n, source: _s, channel: _ch, ...summaryShape } = LiftGroupSchema.shape;

const OverviewSchema = z.object({
  customers: z.number(),
  products: z.number(),
  campaigns: z.number(),
  holdoutShare: z.number().describe("share of customers in the global holdout (never contacted)"),
  today: z.object({
    day: z.string().describe("UTC date"),
    decisions: z.number().describe("decisions that chose an offer, every arm"),
    deliveries: z.record(z.string(), z.number()).describe("deliveries created today by status"),
  }),
  deliveries: z.record(z.string(), z.number()).describe("every delivery by status"),
  lift: z.object({
    confidence: z.number(),
    overall: LiftGroupSchema,
    campaigns: z.array(LiftGroupSchema).describe("one row per campaign (sources and channels summed)"),
  }),
  trend: z.object({
    since: z.string(),
    decisions: z
      .array(
        z.object({
          day: z.string(),
          arms: z.record(z.string(), z.number()).describe("decisions by arm (contact, holdout, control)"),
          ...summaryShape,
        }),
      )
      .describe("per day: conversion of contacted customers against holdout and control"),
    deliveries: z.array(z.object({ day: z.string(), status: z.record(z.string(), z.number()) })),
    activity: z
      .object({
        since: z.string().nullable(),
        until: z.string().nullable().describe("the latest event: the window ends with the data"),
        days: z.array(z.object({ day: z.string(), types: z.record(z.string(), z.number()) })),
      })
      .describe("customer events per day and type over the last days of data"),
  }),
});

/** Rows grouped by their day, each day's rows folded into one record. */
function byDay<R extends { day: string }, T>(
  rows: readonly R[],
  fold: (rows: R[]) => T,
): (T & { day: string })[] {
  const days = new Map<string, R[]>();
  for (const row of rows) {
    const group = days.get(row.day);
    if (group) group.push(row);
    else days.set(row.day, [row]);
  }
  return [...days].map(([day, group]) => ({ day, ...fold(group) }));
}

export function overviewRoutes(app: FastifyInstance, store: Store, config: Config): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/v1/overview",
    {
      config: { scope: "read" },
      schema: {
        summary: "Counts, today's decisions and deliveries, lift against holdout, and daily trends",
        tags: ["overview"],
        querystring: z.object({
          days: z.coerce.number().int().min(1).max(MAX_TREND_DAYS).default(DEFAULT_TREND_DAYS),
          confidence: z.coerce.number().gt(0.5).lt(1).default(0.95),
        }),
        response: { 200: OverviewSchema },
      },
    },
    async (request) => {
      const { days, confidence } = request.query;
      const now = Date.now();
      const today = new Date(now).toISOString().slice(0, 10);
      const since = new Date(Date.parse(today) - (days - 1) * DAY_MS).toISOString();
      const [customers, products, campaigns, deliveries, lift, decided, delivered, latestEvent] =
        await Promise.all([
          store.customers.count(),
          store.products.list(),
          store.campaigns.list(),
          store.deliveries.counts(),
          liftReport(store, { confidence }),
          store.decisions.perDay(since),
          store.deliveries.perDay(since),
          store.events.latestTs(),
        ]);
      const activitySince = latestEvent
        ? new Date(Date.parse(latestEvent.slice(0, 10)) - (days - 1) * DAY_MS).toISOString()
        : null;
      const activity = activitySince ? await store.events.perDay(activitySince) : [];
      const decisionDays = byDay(decided, (rows) => {
        const arms: Record<string, number> = {};
        const contacted = { n: 0, conversions: 0 };
        const baseline = { n: 0, conversions: 0 };
        let holdout = 0;
        let control = 0;
        for (const r of rows) {
          arms[r.arm] = (arms[r.arm] ?? 0) + r.decisions;
          const side = r.arm === "contact" ? contacted : baseline;
          side.n += r.decisions;
          side.conversions += r.conversions;
          if (r.arm === "holdout") holdout += r.decisions;
          if (r.arm === "control") control += r.decisions;
        }
        return { arms, ...liftSummary({ contacted, baseline, confidence }), holdout, control };
      });
      const deliveryDays = byDay(delivered, (rows) => ({
        status: Object.fromEntries(rows.map((r) => [r.status, r.n])),
      }));
      const todayDecisions = decisionDays.find((d) => d.day === today);
      return {
        customers,
        products: products.length,
        campaigns: campaigns.length,
        holdoutShare: config.holdoutShare,
        today: {
          day: today,
          decisions: todayDecisions ? Object.values(todayDecisions.arms).reduce((a, b) => a + b, 0) : 0,
          deliveries: deliveryDays.find((d) => d.day === today)?.status ?? {},
        },
        deliveries,
        lift: {
          confidence: lift.confidence,
          overall: lift.overall,
          campaigns: lift.groups.filter((g) => g.source === null && g.channel === null),
        },
        trend: {
          since,
          decisions: decisionDays,
          deliveries: deliveryDays,
          activity: {
            since: activitySince,
            until: latestEvent,
            days: byDay(activity, (rows) => ({
              types: Object.fromEntries(rows.map((r) => [r.type, r.n])),
            })),
          },
        },
      };
    },
  );
}
