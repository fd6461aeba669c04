/** The latest segment run: `GET /v1/segments`, clusters with centroids, share weights and pushes. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import { latestSegments } from "../../sources/segment/index.js";
import type { Store } from "../../store/index.js";

const ProductShareSchema = z.object({
  productId: z.string(),
  name: z.string(),
  holders: z.number().describe("members of the cluster holding it (b)"),
  share: z.number().describe("g = b / a, a being the cluster size"),
});

const SegmentsSchema = z.object({
  model: z.string().describe("the registered segment run"),
  createdAt: z.string(),
  population: z.number().describe("customers segmented (holding at least the minimum number of products)"),
  k: z.number(),
  kScores: z
    .array(z.object({ k: z.number(), silhouette: z.number() }))
    .describe("when k was chosen by silhouette"),
  silhouette: z.number(),
  inertia: z.number(),
  iterations: z.number(),
  features: z.object({
    extractor: z.string(),
    inputs: z.number(),
    dimensions: z.number(),
    correlation: z.number().optional().describe("autoencoder: held-out input/reconstruction correlation"),
    reached: z.boolean().optional(),
    explainedVariance: z.number().optional().describe("pca: share of variance kept"),
  }),
  cleaning: z.array(
    z.object({
      feature: z.string(),
      low: z.number().nullable(),
      high: z.number().nullable(),
      outliers: z.number(),
      missing: z.number(),
      fill: z.number(),
      scale: z.literal("log").optional().describe("interval and fill on the log(1 + x) scale"),
    }),
  ),
  skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
  clusters: z.array(
    z.object({
      id: z.number(),
      size: z.number(),
      centroid: z
        .record(z.string(), z.union([z.number(), z.object({ level: z.string(), share: z.number() })]))
        .describe("number columns: the cluster mean in original units; categories: the most common level"),
      topProducts: z.array(ProductShareSchema),
      push: ProductShareSchema.extend({ candidates: z.number(), reason: z.string() }).nullable(),
    }),
  ),
  candidates: z.number(),
  projection: z.array(z.tuple([z.number(), z.number(), z.number()])).describe("[x, y, cluster] of a sample"),
  seed: z.number(),
  seconds: z.number(),
  stages: z.record(z.string(), z.number()).describe("seconds per stage of the run"),
});

export function segmentRoutes(app: FastifyInstance, store: Store): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/v1/segments",
    {
      config: { scope: "read" },
      schema: {
        summary: "The latest segment run (or ?model=ID): clusters, centroids, share weights and pushes",
        tags: ["segments"],
        querystring: z.object({ model: z.string().min(1).max(128).optional() }),
        response: { 200: SegmentsSchema },
      },
    },
    async (request) => {
      const view = await latestSegments(store, request.query.model);
      if (!view) throw new NudgeError("NOT_FOUND", "no segment run yet: run `nudge segment run`");
      return view;
    },
  );
}
