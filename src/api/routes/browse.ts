/**
 * Read-only listings the console browses: customers page by page (`GET /v1/customers`), one customer's
 * activity — events, decisions, deliveries, feedback — (`GET /v1/customers/{id}/activity`), the product
 * catalog (`GET /v1/products`) and the channels this server delivers through (`GET /v1/channels`).
 * Never personal identifiers: customers carry only their profile fields.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import { parseJson, type Store } from "../../store/index.js";

const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;
const DEFAULT_ACTIVITY = 200;
const MAX_ACTIVITY = 1000;

const CustomerRowSchema = z.object({
  id: z.string(),
  age: z.number().nullable(),
  gender: z.string().nullable(),
  region: z.string().nullable(),
  riskTolerance: z.number().nullable(),
  subsidiary: z.string().nullable(),
});

const ActivitySchema = z.object({
  customerId: z.string(),
  events: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      itemId: z.string().nullable(),
      category: z.string().nullable(),
      ts: z.string(),
      value: z.number().nullable(),
    }),
  ),
  decisions: z.array(
    z.object({
      id: z.string(),
      decidedAt: z.string(),
      context: z.string(),
      campaignId: z.string().nullable(),
      offerId: z.string().nullable(),
      channel: z.string().nullable(),
      source: z.string().nullable(),
      arm: z.string(),
      score: z.number().nullable(),
      modelId: z.string().nullable(),
      scheduledAt: z.string().nullable(),
      reasons: z.unknown().describe("why the offer was chosen and why alternatives were dropped"),
    }),
  ),
  deliveries: z.array(
    z.object({
      id: z.string(),
      decisionId: z.string(),
      channel: z.string(),
      status: z.string(),
      attempts: z.number(),
      createdAt: z.string(),
      sentAt: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
  feedback: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      ts: z.string(),
      decisionId: z.string().nullable(),
      offerId: z.string().nullable(),
    }),
  ),
});

export function browseRoutes(app: FastifyInstance, store: Store, channels: () => readonly string[]): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/v1/customers",
    {
      config: { scope: "read" },
      schema: {
        summary: "Customers in id order, a page at a time (profile fields only)",
        tags: ["customers"],
        querystring: z.object({
          after: z.string().min(1).max(128).optional().describe("the last id of the previous page"),
          limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(DEFAULT_PAGE),
        }),
        response: { 200: z.object({ customers: z.array(CustomerRowSchema), total: z.number() }) },
      },
    },
    async (request) => {
      const [page, total] = await Promise.all([
        store.customers.list({ after: request.query.after, limit: request.query.limit }),
        store.customers.count(),
      ]);
      return {
        customers: page.map((c) => ({
          id: c.id,
          age: c.age,
          gender: c.gender,
          region: c.region,
          riskTolerance: c.risk_tolerance,
          subsidiary: c.subsidiary,
        })),
        total,
      };
    },
  );

  api.get(
    "/v1/customers/:id/activity",
    {
      config: { scope: "read" },
      schema: {
        summary: "A customer's events, decisions, deliveries and feedback, newest first",
        tags: ["customers"],
        params: z.object({ id: z.string().min(1).max(128) }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(MAX_ACTIVITY).default(DEFAULT_ACTIVITY),
        }),
        response: { 200: ActivitySchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { limit } = request.query;
      if (!(await store.customers.get(id))) throw new NudgeError("NOT_FOUND", `no customer '${id}'`);
      const [events, decisions, deliveries, feedback] = await Promise.all([
        store.events.forCustomer(id, { limit }),
        store.decisions.forCustomer(id, limit),
        store.deliveries.forCustomer(id, limit),
        store.feedback.forCustomer(id),
      ]);
      return {
        customerId: id,
        events: events.map((e) => ({
          id: e.id,
          type: e.type,
          itemId: e.item_id,
          category: e.category,
          ts: e.ts,
          value: e.value === null ? null : Number(e.value),
        })),
        decisions: decisions.map((d) => ({
          id: d.id,
          decidedAt: d.decided_at,
          context: d.context,
          campaignId: d.campaign_id,
          offerId: d.offer_id,
          channel: d.channel,
          source: d.source,
          arm: d.arm,
          score: d.score === null ? null : Number(d.score),
          modelId: d.model_id,
          scheduledAt: d.scheduled_at,
          reasons: parseJson<unknown>(d.reasons, []),
        })),
        deliveries: deliveries.map((d) => ({
          id: d.id,
          decisionId: d.decision_id,
          channel: d.channel,
          status: d.status,
          attempts: Number(d.attempts),
          createdAt: d.created_at,
          sentAt: d.sent_at,
          lastError: d.last_error,
        })),
        feedback: feedback.slice(0, limit).map((f) => ({
          id: f.id,
          type: f.type,
          ts: f.ts,
          decisionId: f.decision_id,
          offerId: f.offer_id,
        })),
      };
    },
  );

  api.get(
    "/v1/products",
    {
      config: { scope: "read" },
      schema: {
        summary: "The product catalog",
        tags: ["products"],
        response: {
          200: z.object({
            products: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                category: z.string(),
                riskLevel: z.number().nullable(),
                value: z.number().describe("minor units"),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      products: (await store.products.list()).map((p) => ({
        id: p.id,
        name: p.name,
        category: p.category,
        riskLevel: p.risk_level === null ? null : Number(p.risk_level),
        value: Number(p.value),
      })),
    }),
  );

  api.get(
    "/v1/channels",
    {
      config: { scope: "read" },
      schema: {
        summary: "The channels this server delivers through (a campaign on another one dead-letters)",
        tags: ["deliveries"],
        response: { 200: z.object({ channels: z.array(z.string()) }) },
      },
    },
    async () => ({ channels: [...channels()] }),
  );
}
