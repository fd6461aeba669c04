/**
 * Prometheus metrics of one server: default process metrics, HTTP traffic, ingested rows, decisions by
 * arm and the dispatcher's deliveries by outcome.
 */
import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

export interface ServerMetrics {
  registry: Registry;
  ingestedRows: Counter<"kind" | "outcome">;
  decisions: Counter<"context" | "arm">;
  /** Reports what this process's dispatcher has done since it started (absent: it does not dispatch). */
  watchDispatcher(totals: () => Record<string, number> | undefined): void;
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
  const decisions = new Counter({
    name: "nudge_decisions_total",
    help: "Real-time decisions by context and arm (contact, holdout, none)",
    labelNames: ["context", "arm"],
    registers: [registry],
  });
  const watchDispatcher = (totals: () => Record<string, number> | undefined) => {
    new Gauge({
      name: "nudge_dispatcher_deliveries",
      help: "Deliveries this process's dispatcher claimed, sent, retried or dead-lettered since it started",
      labelNames: ["outcome"],
      registers: [registry],
      collect() {
        for (const [outcome, n] of Object.entries(totals() ?? {})) this.set({ outcome }, n);
      },
    });
  };
  return { registry, ingestedRows, decisions, watchDispatcher };
}
