/**
 * Batch ingestion over HTTP: `POST /v1/<kind>` with `{"<kind>": [rows…]}`.
 * The same validation and reject report as files; valid rows are stored even
 * when others are rejected.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Config } from "../../core/index.js";
import { INGEST_KINDS, ingestObjects } from "../../ingest/index.js";
import type { Store } from "../../store/index.js";
import type { ServerMetrics } from "../metrics.js";

/** Rows accepted in one request; larger loads belong in files. */
export const MAX_ROWS_PER_REQUEST = 10_000;

const ReportSchema = z.object({
  run: z.string(),
  inserted: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
  ignoredColumns: z.array(z.object({ column: z.string(), reason: z.string() })),
  seconds: z.number(),
});

export function ingestRoutes(
  app: FastifyInstance,
  store: Store,
  config: Config,
  metrics: ServerMetrics,
): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  for (const kind of INGEST_KINDS) {
    api.post(
      `/v1/${kind}`,
      {
        config: { scope: "ingest" },
        schema: {
          summary: `Upsert a batch of ${kind}`,
          description: `Rows use the canonical ${kind} columns; bad rows are rejected with row, field and reason while good rows are stored.`,
          tags: ["ingest"],
          body: z
            .object({ [kind]: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_ROWS_PER_REQUEST) })
            .strict(),
          response: { 200: ReportSchema },
        },
      },
      async (request) => {
        const rows = (request.body as Record<string, Record<string, unknown>[]>)[kind] ?? [];
        const report = await ingestObjects(store, kind, rows, {
          source: "api",
          actor: request.apiKey?.id ?? "api",
          piiKey: config.piiKey,
        });
        metrics.ingestedRows.inc({ kind, outcome: "inserted" }, report.inserted);
        metrics.ingestedRows.inc({ kind, outcome: "updated" }, report.updated);
        metrics.ingestedRows.inc({ kind, outcome: "rejected" }, report.rejected);
        const { kind: _k, source: _s, ...body } = report;
        return body;
      },
    );
  }
}
