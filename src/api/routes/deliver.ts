/**
 * Delivering and hearing back: the in-app inbox (`GET /v1/inbox/{customer}`, its SSE stream, marking
 * read), feedback on what was sent (`POST /v1/feedback`), and the outbox for operators (deliveries by
 * status, dead letters re-driven).
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import { type Dispatcher, followInbox, type InboxHub } from "../../deliver/index.js";
import { FeedbackInputSchema, recordFeedback } from "../../feedback/index.js";
import type { InboxRow, Store } from "../../store/index.js";

const InboxMessageSchema = z.object({
  id: z.string(),
  decisionId: z.string(),
  offerId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

function inboxView(row: InboxRow): z.infer<typeof InboxMessageSchema> {
  return {
    id: row.id,
    decisionId: row.decision_id,
    offerId: row.offer_id,
    title: row.title,
    body: row.body,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

const DeliverySchema = z.object({
  id: z.string(),
  decisionId: z.string(),
  customerId: z.string().nullable(),
  channel: z.string(),
  status: z.string(),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});

/** SSE comment lines every so often keep proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export function deliverRoutes(
  app: FastifyInstance,
  store: Store,
  hub: InboxHub,
  dispatcher: Dispatcher | undefined,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const customer = z.object({ customer: z.string().min(1).max(128) });
  // Open streams end before the server closes (preClose: onClose runs only after every connection
  // is gone, which an open stream never is).
  const streams = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of [...streams]) end();
  });

  api.get(
    "/v1/inbox/:customer",
    {
      config: { scope: "read" },
      schema: {
        summary: "A customer's in-app inbox, newest first",
        tags: ["inbox"],
        params: customer,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ customerId: z.string(), messages: z.array(InboxMessageSchema) }) },
      },
    },
    async (request) => ({
      customerId: request.params.customer,
      messages: (await store.inbox.list(request.params.customer, { limit: request.query.limit })).map(
        inboxView,
      ),
    }),
  );

  api.get(
    "/v1/inbox/:customer/stream",
    {
      config: { scope: "read" },
      schema: {
        summary: "Server-sent events: each new inbox message as an `inbox` event (JSON data)",
        tags: ["inbox"],
        params: customer,
        querystring: z.object({ since: z.iso.datetime({ offset: true }).optional() }),
      },
    },
    (request, reply) => {
      const since = request.query.since
        ? new Date(request.query.since).toISOString()
        : new Date().toISOString();
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      });
      raw.write(": inbox stream\n\n");
      const stop = followInbox(store, hub, request.params.customer, since, (row) => {
        raw.write(`id: ${row.id}\nevent: inbox\ndata: ${JSON.stringify(inboxView(row))}\n\n`);
      });
      const keepalive = setInterval(() => raw.write(": keepalive\n\n"), KEEPALIVE_MS);
      keepalive.unref();
      const end = () => {
        streams.delete(end);
        clearInterval(keepalive);
        stop();
        raw.end();
      };
      streams.add(end);
      request.raw.on("close", end);
    },
  );

  api.post(
    "/v1/inbox/:customer/:id/read",
    {
      config: { scope: "ingest" },
      schema: {
        summary: "Marks an inbox message read",
        tags: ["inbox"],
        params: z.object({ customer: z.string().min(1).max(128), id: z.string().min(1) }),
        response: { 200: z.object({ read: z.boolean() }) },
      },
    },
    async (request) => ({
      read: await store.inbox.markRead(request.params.customer, request.params.id, new Date().toISOString()),
    }),
  );

  api.post(
    "/v1/feedback",
    {
      config: { scope: "ingest" },
      schema: {
        summary: "Exposure, click, conversion, complaint, unsubscribe or dismissal, credited to a decision",
        tags: ["feedback"],
        body: FeedbackInputSchema,
        response: {
          200: z.object({
            id: z.string(),
            recorded: z.boolean().describe("false when the same feedback was stored before"),
            decisionId: z.string().nullable(),
            offerId: z.string().nullable(),
            campaignId: z.string().nullable(),
            arm: z.string().nullable(),
            adjustment: z.string().nullable().describe("portrait adjustment made by negative feedback"),
            consentWithdrawn: z.string().nullable(),
          }),
        },
      },
    },
    (request) => recordFeedback(store, request.body),
  );

  api.get(
    "/v1/deliveries",
    {
      config: { scope: "read" },
      schema: {
        summary: "Deliveries by status (dead: the dead letters), and counts of every status",
        tags: ["deliveries"],
        querystring: z.object({
          status: z.enum(["pending", "sending", "retry", "sent", "dead"]).default("dead"),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
        }),
        response: {
          200: z.object({ counts: z.record(z.string(), z.number()), deliveries: z.array(DeliverySchema) }),
        },
      },
    },
    async (request) => ({
      counts: await store.deliveries.counts(),
      deliveries: (await store.deliveries.byStatus(request.query.status, request.query.limit)).map((d) => ({
        id: d.id,
        decisionId: d.decision_id,
        customerId: d.customer_id,
        channel: d.channel,
        status: d.status,
        attempts: d.attempts,
        nextAttemptAt: d.next_attempt_at,
        lastError: d.last_error,
        createdAt: d.created_at,
        sentAt: d.sent_at,
      })),
    }),
  );

  api.post(
    "/v1/deliveries/retry",
    {
      config: { scope: "admin" },
      schema: {
        summary: "Re-drives dead letters: the given ones, or all",
        tags: ["deliveries"],
        body: z
          .object({ ids: z.array(z.string().min(1)).max(10_000).optional(), all: z.boolean().optional() })
          .strict(),
        response: { 200: z.object({ requeued: z.number() }) },
      },
    },
    async (request) => {
      if (!request.body.ids && !request.body.all)
        throw new NudgeError("INPUT_INVALID", "name the dead letters to retry (ids) or ask for all");
      const requeued = await store.deliveries.redrive(
        new Date().toISOString(),
        request.body.all ? undefined : request.body.ids,
      );
      if (requeued > 0) dispatcher?.poke();
      return { requeued };
    },
  );
}
