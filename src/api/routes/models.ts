/**
 * The model registry over HTTP: `GET /v1/models` (every version with its held-out metrics),
 * `GET /v1/models/{id}` (one model: features, metrics, stored curves, whether it can be retrained here)
 * and `POST /v1/models/{id}/retrain` for the models learned from the store itself (propensity, outlook,
 * segments). Others (trained from a file, or uplift on a campaign's arms) are retrained with `nudge model train`.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import { ModelLoader, type StoredModel } from "../../ml/index.js";
import {
  ID_COLUMN,
  OFFER_PREFIX,
  trainOutlook,
  trainPropensityFromStore,
} from "../../sources/propensity/index.js";
import { runSegments, SEGMENT_KIND } from "../../sources/segment/index.js";
import type { Store } from "../../store/index.js";

/** Most registry rows one listing answers (newest first). */
const MAX_LISTED = 500;
/** The outlook model's targets (see sources/propensity/outlook.ts): churn and spending capacity. */
const OUTLOOK_TARGETS = new Set(["churn", "high_spend"]);
/** Seed of a retrain when the stored model does not record one. */
const DEFAULT_SEED = 42;

const RETRAINERS = ["propensity", "outlook", "segment"] as const;
type Retrainer = (typeof RETRAINERS)[number];

const CurveSchema = z.object({ x: z.array(z.number()), y: z.array(z.number()) });

const ModelSummarySchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  version: z.number(),
  createdAt: z.string(),
  fingerprint: z.string(),
  metrics: z.unknown().describe("the held-out metrics as the model kind stores them"),
});

const ModelDetailSchema = ModelSummarySchema.extend({
  features: z.array(z.string()),
  parameters: z.number().describe("number of stored weights"),
  curves: z
    .record(
      z.string(),
      z.object({
        qini: CurveSchema.optional(),
        uplift: CurveSchema.optional(),
        random: CurveSchema.optional(),
      }),
    )
    .describe("uplift: the held-out Qini and uplift curves each model stored (empty when none were)"),
  retrain: z
    .enum(RETRAINERS)
    .nullable()
    .describe(
      "how POST /v1/models/{id}/retrain relearns it from the store; null: only `nudge model train` can",
    ),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Which store-side trainer made the model, judged by the shape of what it stored. */
function retrainerOf(model: StoredModel): Retrainer | null {
  if (model.kind === SEGMENT_KIND) return "segment";
  if (model.kind !== "propensity" || !isRecord(model.params)) return null;
  const { id, targets } = model.params as { id?: unknown; targets?: { column?: unknown }[] };
  if (id !== ID_COLUMN || !Array.isArray(targets) || targets.length === 0) return null;
  const columns = targets.map((t) => String(t.column));
  if (columns.every((c) => c.startsWith(OFFER_PREFIX))) return "propensity";
  if (columns.every((c) => OUTLOOK_TARGETS.has(c))) return "outlook";
  return null;
}

/** The seed the model was trained with, where its parameters record one. */
function seedOf(model: StoredModel): number {
  const params = isRecord(model.params) ? model.params : {};
  const train = isRecord(params.train) ? params.train : {};
  const seed = typeof params.seed === "number" ? params.seed : train.seed;
  return typeof seed === "number" ? seed : DEFAULT_SEED;
}

/** Curves an uplift model kept: in its metrics, or in the report its parameters carry. */
function curvesOf(model: StoredModel): Record<string, Record<string, { x: number[]; y: number[] }>> {
  const fromMetrics = isRecord(model.metrics) && isRecord(model.metrics.test) ? model.metrics.test : {};
  const params = isRecord(model.params) ? model.params : {};
  const report = isRecord(params.report) && isRecord(params.report.test) ? params.report.test : {};
  const out: Record<string, Record<string, { x: number[]; y: number[] }>> = {};
  for (const name of new Set([...Object.keys(fromMetrics), ...Object.keys(report)])) {
    const held = [fromMetrics[name], report[name]].find((r) => isRecord(r) && isRecord(r.curves));
    if (held) out[name] = (held as { curves: Record<string, { x: number[]; y: number[] }> }).curves;
  }
  return out;
}

export function modelRoutes(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  // One retrain at a time: a second click while one runs would only train the same data twice.
  let retraining: string | null = null;
  api.get(
    "/v1/models",
    {
      config: { scope: "read" },
      schema: {
        summary: "The model registry: every version with kind and held-out metrics, newest first",
        tags: ["models"],
        querystring: z.object({ kind: z.string().min(1).max(32).optional() }),
        response: { 200: z.object({ models: z.array(ModelSummarySchema) }) },
      },
    },
    async (request) => ({
      models: (await store.models.list(request.query.kind)).slice(0, MAX_LISTED).map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        version: Number(r.version),
        createdAt: r.created_at,
        fingerprint: r.fingerprint,
        metrics: JSON.parse(r.metrics) as unknown,
      })),
    }),
  );

  api.get(
    "/v1/models/:id",
    {
      config: { scope: "read" },
      schema: {
        summary: "One model (id, or name for its latest version): features, metrics, curves, retrainability",
        tags: ["models"],
        params: z.object({ id: z.string().min(1).max(128) }),
        response: { 200: ModelDetailSchema },
      },
    },
    async (request) => {
      const model = await new ModelLoader(store).stored(request.params.id);
      return {
        id: model.id,
        kind: model.kind,
        name: model.name,
        version: model.version,
        createdAt: model.createdAt,
        fingerprint: model.fingerprint,
        metrics: model.metrics,
        features: model.features,
        parameters: model.weights.length,
        curves: curvesOf(model),
        retrain: retrainerOf(model),
      };
    },
  );

  api.post(
    "/v1/models/:id/retrain",
    {
      config: { scope: "admin" },
      schema: {
        summary:
          "Relearn a store-trained model (propensity, outlook, segments) on today's data: a new version",
        description:
          "Runs in the serving process and answers when the new version is registered; on a large store prefer `nudge model train --from-store` or `nudge segment run`.",
        tags: ["models"],
        params: z.object({ id: z.string().min(1).max(128) }),
        response: {
          200: z.object({
            previous: z.string(),
            model: z.object({ id: z.string(), kind: z.string(), name: z.string(), version: z.number() }),
            seconds: z.number(),
          }),
        },
      },
    },
    async (request) => {
      const model = await new ModelLoader(store).stored(request.params.id);
      const how = retrainerOf(model);
      if (!how)
        throw new NudgeError(
          "CONFLICT",
          `model '${model.id}' is not one the server relearns from the store (propensity, outlook, segments); retrain it with nudge model train ${model.kind}`,
        );
      if (retraining)
        throw new NudgeError(
          "CONFLICT",
          `model '${retraining}' is being retrained; try again when it is done`,
        );
      retraining = model.id;
      const started = performance.now();
      const seed = seedOf(model);
      const freshId = await (how === "propensity"
        ? trainPropensityFromStore(store, { seed, name: model.name }).then((r) => r.model.id)
        : how === "outlook"
          ? trainOutlook(store, { seed, name: model.name }).then((r) => r.model.id)
          : runSegments(store, { seed, name: model.name }).then((r) => r.model)
      ).finally(() => {
        retraining = null;
      });
      const fresh = (await store.models.list(model.kind)).find((r) => r.id === freshId);
      if (!fresh) throw new NudgeError("INTERNAL", `retrained model '${freshId}' is not in the registry`);
      return {
        previous: model.id,
        model: { id: fresh.id, kind: fresh.kind, name: fresh.name, version: Number(fresh.version) },
        seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      };
    },
  );
}
