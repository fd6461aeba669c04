/**
 * Marketing messages: `POST /v1/messages/classify` (category, confidence, deciding path, keywords, fields,
 * tags) and `POST /v1/messages/{id}/match` (the customers whose portraits match; candidates written).
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { PolicySettings } from "../../decide/index.js";
import {
  MessageClassifier,
  matchCustomers,
  matchMessage,
  matchQuery,
} from "../../sources/messaging/index.js";
import type { Store } from "../../store/index.js";

/** A loaded classifier (text model + corpus keywords) is reused this long before re-reading the store. */
const CLASSIFIER_TTL_MS = 60_000;
const MAX_TEXT = 4000;
const MAX_TOP = 100_000;

const ClassificationSchema = z.object({
  category: z.string().nullable(),
  confidence: z.number(),
  path: z.enum(["classifier", "dictionary", "none"]).describe("which path decided the category"),
  classifier: z
    .object({
      model: z.string(),
      label: z.string(),
      confidence: z.number(),
      probabilities: z.record(z.string(), z.number()),
    })
    .nullable(),
  dictionary: z.object({ category: z.string().nullable(), matched: z.array(z.string()) }),
  keywords: z.array(z.object({ term: z.string(), weight: z.number() })),
  fields: z.record(z.string(), z.unknown()).describe("amounts, rates, dateRange, term, ageRange, riskLevel"),
  tags: z.record(z.string(), z.unknown()).nullable().describe("the category's tags merged with the fields"),
});

const AudienceSchema = z.object({
  matched: z.array(z.object({ customerId: z.string(), score: z.number(), matched: z.array(z.string()) })),
  scanned: z.number(),
  excluded: z.object({ age: z.number(), risk: z.number(), consent: z.number() }),
});

/** Loads classifiers on demand and keeps each (per model and threshold) for CLASSIFIER_TTL_MS. */
function classifierCache(store: Store) {
  const cache = new Map<string, { at: number; classifier: Promise<MessageClassifier> }>();
  return (model: string | undefined, threshold: number | undefined) => {
    const key = `${model ?? ""}|${threshold ?? ""}`;
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CLASSIFIER_TTL_MS) return hit.classifier;
    const classifier = MessageClassifier.load(store, { model, threshold });
    cache.set(key, { at: Date.now(), classifier });
    classifier.catch(() => cache.delete(key));
    return classifier;
  };
}

export function messageRoutes(app: FastifyInstance, store: Store, policies: PolicySettings): void {
  const classifierFor = classifierCache(store);
  const typed = app.withTypeProvider<ZodTypeProvider>();
  typed.post(
    "/v1/messages/classify",
    {
      config: { scope: "read" },
      schema: {
        summary: "Classify a marketing message: category, confidence, deciding path, keywords, fields, tags",
        tags: ["messages"],
        body: z
          .object({
            text: z.string().min(1).max(MAX_TEXT),
            model: z
              .string()
              .min(1)
              .max(128)
              .optional()
              .describe("text model id or name (default 'messages')"),
            threshold: z.number().min(0).max(1).optional().describe("below it the dictionary decides"),
            audience: z
              .object({
                top: z.number().int().min(1).max(MAX_TOP).default(20),
                channel: z.string().min(1).max(32).optional().describe("the channel consent is checked for"),
              })
              .strict()
              .optional()
              .describe("also find the customers the message suits (nothing is written)"),
          })
          .strict(),
        response: { 200: ClassificationSchema.extend({ audience: AudienceSchema.optional() }) },
      },
    },
    async (request) => {
      const { text, model, threshold, audience } = request.body;
      const result = (await classifierFor(model, threshold)).classify(text);
      const classified = {
        ...result,
        fields: { ...result.fields },
        tags: result.tags ? { ...result.tags } : null,
      };
      if (!audience || !result.tags) return classified;
      const matched = await matchCustomers(store, matchQuery(result.tags, audience.channel ?? null), {
        top: audience.top,
        optInChannels: policies.optInChannels,
      });
      return { ...classified, audience: matched };
    },
  );
  typed.post(
    "/v1/messages/:id/match",
    {
      config: { scope: "decide" },
      schema: {
        summary: "The customers whose portraits match a stored message, under age, risk and consent limits",
        tags: ["messages"],
        params: z.object({ id: z.string().min(1).max(128) }),
        body: z
          .object({
            top: z.number().int().min(1).max(MAX_TOP).default(100),
            write: z.boolean().default(true).describe("write the matches as candidates"),
          })
          .strict(),
        response: {
          200: z.object({
            messageId: z.string(),
            category: z.string(),
            path: z.string(),
            matched: z.array(
              z.object({ customerId: z.string(), score: z.number(), matched: z.array(z.string()) }),
            ),
            scanned: z.number(),
            excluded: z.object({ age: z.number(), risk: z.number(), consent: z.number() }),
            candidates: z.number(),
          }),
        },
      },
    },
    async (request) =>
      matchMessage(store, request.params.id, {
        top: request.body.top,
        write: request.body.write,
        optInChannels: policies.optInChannels,
        classifier: await classifierFor(undefined, undefined),
      }),
  );
}
