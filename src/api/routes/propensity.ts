/** Next best offers: `POST /v1/score/propensity {customerId}` ranks the products a customer does not hold. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { PropensityTriggers } from "../../sources/propensity/index.js";

/** The most offers one request may ask for. */
const MAX_OFFERS = 50;

export const OfferListSchema = z.object({
  customerId: z.string(),
  model: z.string().describe("the model version that scored"),
  context: z.string(),
  offers: z.array(
    z.object({
      productId: z.string(),
      name: z.string(),
      category: z.string(),
      probability: z.number().describe("P(the customer takes the product)"),
      expectedValue: z.number().describe("probability × product value, minor units"),
      reason: z.string().describe("the features that raised the probability most"),
      drivers: z.array(
        z.object({
          feature: z.string(),
          value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
          effect: z.number().describe("drop in probability when the feature is blanked"),
        }),
      ),
    }),
  ),
  candidates: z.number().int().describe("candidates written for the arbiter"),
});

export function propensityRoutes(app: FastifyInstance, triggers: PropensityTriggers): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    "/v1/score/propensity",
    {
      config: { scope: "decide" },
      schema: {
        summary: "Next best offers for a customer, with probabilities and reasons; written as candidates",
        tags: ["propensity"],
        body: z
          .object({
            customerId: z.string().min(1).max(128),
            limit: z.number().int().min(1).max(MAX_OFFERS).optional(),
            context: z.string().min(1).max(64).optional(),
            write: z.boolean().optional().describe("write the offers as candidates (default true)"),
          })
          .strict(),
        response: { 200: OfferListSchema },
      },
    },
    (request) =>
      triggers.offers.offers(request.body.customerId, {
        limit: request.body.limit,
        context: request.body.context ?? "score",
        write: request.body.write,
      }),
  );
}
