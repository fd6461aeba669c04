/**
 * Call assist over HTTP. `POST /v1/calls/{id}/utterances` takes one utterance: JSON `{text}` (or
 * `{audio: base64, text?}`), or the audio itself as the body (`audio/wav`, or 16 kHz mono s16le PCM as
 * `audio/L16` / `application/octet-stream`, with `?text=&lang=&speaker=`); it answers what Nudge
 * understood and the scripts for the agent's screen, and publishes the same to the call's stream.
 * `POST /v1/calls/{id}/ratings` records an agent's rating; `GET /v1/calls`, `GET /v1/calls/{id}` read
 * calls back; `POST /v1/calls/retrain` trains the next script model on the rated examples.
 */
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NudgeError } from "../../core/index.js";
import { type CallAssist, type UtteranceRequest, utteranceView } from "../../sources/callassist/index.js";
import type { Store } from "../../store/index.js";

const MAX_TEXT = 2000;
const CallId = z.string().regex(/^[A-Za-z0-9_.:@-]{1,128}$/, "1–128 letters, digits or _.:@-");
const Lang = z.enum(["zh", "en"]);
const Speaker = z.enum(["customer", "agent"]);
const CustomerId = z
  .string()
  .min(1)
  .max(128)
  .describe("the customer on the line; named once, it holds for the rest of the call");
/** Body types taken as raw audio. */
const AUDIO_TYPES = ["audio/wav", "audio/x-wav", "audio/wave", "audio/L16", "application/octet-stream"];

const ScriptSchema = z.object({
  id: z.string(),
  text: z.string(),
  scene: z.string(),
  tone: z.string(),
  product: z.string().nullable(),
  score: z.number(),
  reasons: z.array(z.string()),
});

const VoiceSchema = z.object({
  pitchMeanHz: z.number().nullable(),
  pitchRangeHz: z.number().nullable(),
  pitchSlope: z.number().nullable().describe("Hz per second"),
  energy: z.number().describe("dBFS of the active frames"),
  speechRate: z.number(),
  speechRateUnit: z.enum(["syllables/s", "words/s"]),
  pauses: z.object({ count: z.number(), totalS: z.number() }),
  voicedRatio: z.number(),
  durationS: z.number(),
});

const UtteranceSchema = z.object({
  callId: z.string(),
  utteranceId: z.string(),
  turn: z.number(),
  speaker: Speaker,
  text: z.string(),
  lang: z.string().nullable(),
  relation: z.string().nullable(),
  scene: z.string().nullable(),
  sceneConfidence: z.number().nullable(),
  intent: z.string().nullable(),
  intentConfidence: z.number().nullable(),
  emotion: z
    .object({
      label: z.string(),
      intensity: z.number(),
      first: z.record(z.string(), z.unknown()),
      second: z.record(z.string(), z.unknown()),
      weights: z.object({ first: z.number(), second: z.number() }),
    })
    .nullable()
    .describe("first: the lexicon's emotion; second: the model's over words and voice; combined by weights"),
  product: z.string().nullable(),
  voice: VoiceSchema.nullable().describe("when audio came"),
  scripts: z.array(ScriptSchema),
  recognition: z
    .object({
      engine: z.string(),
      lang: z.string().optional(),
      confidence: z.number().optional(),
      elapsedMs: z.number(),
    })
    .nullable()
    .describe("when the words were recognized from the audio"),
  converted: z.array(z.string()),
  models: z.object({ scene: z.string(), emotion: z.string(), scripts: z.string() }),
  timings: z.object({ recognitionMs: z.number(), analysisMs: z.number() }),
  createdAt: z.string(),
  customerId: z.string().nullable().describe("the call's customer, when an utterance named one"),
  leads: z
    .array(z.object({ candidateId: z.string(), offerId: z.string(), score: z.number() }))
    .describe("offer candidates (source callassist) this utterance's interest proposed"),
});

export function callRoutes(app: FastifyInstance, store: Store, assist: CallAssist): void {
  // Raw audio bodies arrive as bytes; JSON stays JSON.
  app.addContentTypeParser(AUDIO_TYPES, { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  const typed = app.withTypeProvider<ZodTypeProvider>();

  typed.post(
    "/v1/calls/:id/utterances",
    {
      config: { scope: "decide" },
      schema: {
        summary: "One utterance of a live call (text or audio) → scene, intent, emotion and scripts",
        tags: ["calls"],
        params: z.object({ id: CallId }),
        querystring: z
          .object({
            text: z.string().min(1).max(MAX_TEXT).optional(),
            lang: Lang.optional(),
            speaker: Speaker.optional(),
            customerId: CustomerId.optional(),
          })
          .strict(),
        body: z.union([
          z
            .object({
              text: z.string().min(1).max(MAX_TEXT).optional(),
              audio: z
                .string()
                .min(1)
                .optional()
                .describe("base64 of a WAV file, or of 16 kHz mono s16le PCM"),
              format: z.enum(["wav", "pcm16"]).optional(),
              lang: Lang.optional(),
              speaker: Speaker.optional(),
              customerId: CustomerId.optional(),
            })
            .strict(),
          z
            .instanceof(Buffer)
            .describe("the audio itself (audio/wav, audio/L16 or application/octet-stream)"),
        ]),
        response: { 200: UtteranceSchema },
      },
    },
    async (request) => {
      const { id } = request.params;
      const body = request.body;
      const query = request.query;
      let utterance: UtteranceRequest;
      if (Buffer.isBuffer(body)) {
        const type = String(request.headers["content-type"] ?? "");
        utterance = {
          callId: id,
          audio: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          format: /wav|wave/i.test(type) ? "wav" : "pcm16",
          text: query.text,
          lang: query.lang,
          speaker: query.speaker,
          customerId: query.customerId,
        };
      } else {
        if (body.text === undefined && body.audio === undefined)
          throw new NudgeError("INPUT_INVALID", "body: give text, audio or both", { field: "text" });
        utterance = {
          callId: id,
          text: body.text,
          audio: body.audio ? Buffer.from(body.audio, "base64") : undefined,
          format: body.format,
          lang: body.lang ?? query.lang,
          speaker: body.speaker ?? query.speaker,
          customerId: body.customerId ?? query.customerId,
        };
      }
      return utteranceView(await assist.utterance(utterance));
    },
  );

  typed.post(
    "/v1/calls/:id/ratings",
    {
      config: { scope: "decide" },
      schema: {
        summary: "An agent's 0–100 rating of a shown script; 80 and above becomes a training example",
        tags: ["calls"],
        params: z.object({ id: CallId }),
        body: z
          .object({
            utteranceId: z.string().min(1).max(128),
            scriptId: z.string().min(1).max(128),
            rating: z.number().int().min(0).max(100),
            agent: z.string().min(1).max(128).optional(),
          })
          .strict(),
        response: {
          200: z.object({
            ratingId: z.string(),
            rating: z.number(),
            threshold: z.number(),
            example: z.boolean().describe("whether it is now a training example"),
            examples: z.number().describe("training examples from ratings in all"),
          }),
        },
      },
    },
    async (request) => assist.rate({ callId: request.params.id, ...request.body }),
  );

  typed.get(
    "/v1/calls",
    {
      config: { scope: "read" },
      schema: {
        summary: "The latest calls",
        tags: ["calls"],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
        response: {
          200: z.object({
            calls: z.array(
              z.object({
                callId: z.string(),
                utterances: z.number(),
                startedAt: z.string(),
                lastAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      calls: (await store.calls.recent(request.query.limit)).map((c) => ({
        callId: c.call_id,
        utterances: c.utterances,
        startedAt: c.started_at,
        lastAt: c.last_at,
      })),
    }),
  );

  typed.get(
    "/v1/calls/:id",
    {
      config: { scope: "read" },
      schema: {
        summary: "A call's utterances with what was understood and shown, and the agents' ratings",
        tags: ["calls"],
        params: z.object({ id: CallId }),
      },
    },
    async (request) => assist.call(request.params.id),
  );

  typed.post(
    "/v1/calls/retrain",
    {
      config: { scope: "admin" },
      schema: {
        summary: "Train the next script model on the seed examples and every rated example",
        tags: ["calls"],
        response: {
          200: z.object({ model: z.string(), rated: z.number(), examples: z.number(), report: z.unknown() }),
        },
      },
    },
    async () => assist.retrain(),
  );
}
