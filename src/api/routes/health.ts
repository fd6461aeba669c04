/** Liveness and readiness (public), Prometheus metrics and the OpenAPI document (keyed). */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { z } from "zod";
import type { Store } from "../../store/index.js";
import type { ServerMetrics } from "../metrics.js";

export function healthRoutes(app: FastifyInstance, store: Store, metrics: ServerMetrics): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/healthz",
    {
      schema: {
        summary: "Liveness and database reachability",
        tags: ["operations"],
        response: { 200: z.object({ status: z.literal("ok"), database: z.string() }) },
      },
    },
    async () => {
      await sql`select 1`.execute(store.db);
      return { status: "ok" as const, database: store.dialect };
    },
  );
  app.get(
    "/metrics",
    { config: { scope: "read" }, schema: { summary: "Prometheus metrics", tags: ["operations"] } },
    async (_request, reply) => {
      reply.header("content-type", metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
  app.get("/openapi.json", { config: { scope: "read" }, schema: { hide: true } }, async () => app.swagger());
}
