/** Prometheus metrics of one server: default process metrics, HTTP traffic and ingested rows. */
import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export interface ServerMetrics {
  registry: Registry;
  ingestedRows: Counter<"kind" | "outcome">;
}

export function installMetrics(app: FastifyInstance): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "nudge_" });
  const requests = new Histogram({
    name: "nudge_http_request_duration_seconds",
    help: "HTTP request duration by route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const ingestedRows = new Counter({
    name: "nudge_ingested_rows_total",
    help: "Rows received by the ingest API, by kind and outcome (inserted, updated, rejected)",
    labelNames: ["kind", "outcome"],
    registers: [registry],
  });
  app.addHook("onResponse", async (request, reply) => {
    requests.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? "unmatched",
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  return { registry, ingestedRows };
}
