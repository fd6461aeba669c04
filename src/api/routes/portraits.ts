/** Reading portraits: `GET /v1/customers/{id}/portrait`, tags with weights and explanations; never PII. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { portraitOf } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";

const PortraitSchema = z.object({
  customerId: z.string(),
  asOf: z.string().describe("the end of the rules' time windows"),
  builtAt: z.string(),
  population: z.number().describe("customers with a portrait: the N of the inverse document frequency"),
  tags: z.array(
    z.object({
      name: z.string().describe("tag name; `<tag>.<group>` for tags computed per group"),
      kind: z.string().describe("fact, model or predicted"),
      type: z.string().describe("category, band, number or boolean"),
      value: z.union([z.string(), z.number(), z.boolean()]),
      weight: z.number().describe("tf × idf × feedback factor"),
      tf: z.number(),
      idf: z.number(),
      factor: z.number().describe("product of negative-feedback factors in force; 1 when none"),
      evidence: z.number(),
      source: z.string().describe("'rules' or the model that set it"),
      setAt: z.string(),
      explanation: z.string(),
      adjustments: z.array(z.string()),
    }),
  ),
  suppressions: z.array(
    z.object({ category: z.string(), until: z.string(), adjustment: z.string(), reason: z.string() }),
  ),
  adjustments: z.array(
    z.object({ id: z.string(), type: z.string(), reason: z.string(), createdAt: z.string() }),
  ),
});

export function portraitRoutes(app: FastifyInstance, store: Store): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/v1/customers/:id/portrait",
    {
      config: { scope: "read" },
      schema: {
        summary: "A customer's portrait: tags with kind, value, weight and explanation",
        tags: ["customers"],
        params: z.object({ id: z.string().min(1).max(128) }),
        response: { 200: PortraitSchema },
      },
    },
    (request) => portraitOf(store, request.params.id),
  );
}
