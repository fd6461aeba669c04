/** Reading customers: profile, consents, attributes, linked source records and holdings; never PII. */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import type { Store } from "../../store/index.js";

const CustomerSchema = z.object({
  id: z.string(),
  age: z.number().nullable(),
  birthDate: z.string().nullable(),
  gender: z.string().nullable(),
  region: z.string().nullable(),
  tz: z.string().nullable(),
  riskTolerance: z.number().nullable(),
  subsidiary: z.string().nullable(),
  consents: z.record(z.string(), z.boolean()),
  attributes: z.record(z.string(), z.unknown()),
  linked: z
    .boolean()
    .describe(
      "true when the customer was matched across subsidiaries by the keyed hash of name, ID number and phone",
    ),
  identities: z.array(z.object({ subsidiary: z.string(), sourceId: z.string() })),
  holdings: z.array(
    z.object({ productId: z.string(), since: z.string().nullable(), amount: z.number().nullable() }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function customerRoutes(app: FastifyInstance, store: Store): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    "/v1/customers/:id",
    {
      config: { scope: "read" },
      schema: {
        summary: "One customer",
        tags: ["customers"],
        params: z.object({ id: z.string().min(1).max(128) }),
        response: { 200: CustomerSchema },
      },
    },
    async (request) => {
      const customer = await store.customers.get(request.params.id);
      if (!customer) throw new NudgeError("NOT_FOUND", `no customer '${request.params.id}'`);
      const [identities, holdings] = await Promise.all([
        store.identities.forCustomer(customer.id),
        store.holdings.forCustomer(customer.id),
      ]);
      return {
        id: customer.id,
        age: customer.age,
        birthDate: customer.birth_date,
        gender: customer.gender,
        region: customer.region,
        tz: customer.tz,
        riskTolerance: customer.risk_tolerance,
        subsidiary: customer.subsidiary,
        consents: customer.consents,
        attributes: customer.attributes,
        linked: identities.length > 1 && customer.person_key !== null,
        identities: identities.map((i) => ({ subsidiary: i.subsidiary, sourceId: i.source_id })),
        holdings: holdings.map((h) => ({ productId: h.product_id, since: h.since, amount: h.amount })),
        createdAt: customer.created_at,
        updatedAt: customer.updated_at,
      };
    },
  );
}
