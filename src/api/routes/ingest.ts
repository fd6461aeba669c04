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
import type { PropensityTriggers } from "../../sources/propensity/index.js";
import type { Store } from "../../store/index.js";
import type { ServerMetrics } from "../metrics.js";
import { OfferListSchema } from "./propensity.js";

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
  triggered: z
    .object({
      logins: z.array(OfferListSchema).describe("next best offers scored for each login event"),
      expansionsQueued: z.number().int().describe("purchases queued for lookalike expansion"),
    })
    .optional()
    .describe("events only: what the accepted login and purchase events set off"),
});

export function ingestRoutes(
  app: FastifyInstance,
  store: Store,
  config: Config,
  metrics: ServerMetrics,
  triggers: PropensityTriggers,
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
        if (kind !== "events") return body;
        // Triggers need to know which rows were stored; past the error cap that is unknown, so none fire.
        if (report.rejected > report.errors.length) return body;
        const rejected = new Set(report.errors.map((e) => e.row));
        const accepted = rows.flatMap((row, i) =>
          rejected.has(i + 1)
            ? []
            : [
                {
                  customerId: String(row.customer_id ?? ""),
                  type: String(row.type ?? ""),
                  itemId: row.item_id === undefined || row.item_id === null ? null : String(row.item_id),
                },
              ],
        );
        return { ...body, triggered: await triggers.onEvents(accepted) };
      },
    );
  }
}
