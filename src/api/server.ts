/**
 * The HTTP server: Fastify with zod route schemas (validation and the
 * OpenAPI document come from the same schemas), API-key auth, metrics and one
 * error mapping. Transport only: every route calls into the domain modules.
 */
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Config, Logger } from "../core/index.js";
import { Decider, propensityProposer, resolvePolicySettings } from "../decide/index.js";
import { type Delivery, startDelivery } from "../deliver/index.js";
import { CallAssist, type CallAssistOptions, callAssistSettings } from "../sources/callassist/index.js";
import { PropensityTriggers } from "../sources/propensity/index.js";
import type { Store } from "../store/index.js";
import { agentScreenRoute } from "./agents.js";
import { installAuth } from "./auth.js";
import { callStreamRoute } from "./call-stream.js";
import { installConsole } from "./console.js";
import { installErrorHandling } from "./errors.js";
import { installMetrics } from "./metrics.js";
import { browseRoutes } from "./routes/browse.js";
import { callRoutes } from "./routes/calls.js";
import { customerRoutes } from "./routes/customers.js";
import { decideRoutes } from "./routes/decide.js";
import { deliverRoutes } from "./routes/deliver.js";
import { healthRoutes } from "./routes/health.js";
import { ingestRoutes } from "./routes/ingest.js";
import { messageRoutes } from "./routes/messages.js";
import { modelRoutes } from "./routes/models.js";
import { overviewRoutes } from "./routes/overview.js";
import { portraitRoutes } from "./routes/portraits.js";
import { propensityRoutes } from "./routes/propensity.js";
import { segmentRoutes } from "./routes/segments.js";
import { installUpgrades } from "./upgrades.js";

export interface ServerOptions {
  store: Store;
  config: Config;
  logger?: Logger;
  /**
   * Hubs, channels and (when this process dispatches) the dispatcher; without one the server makes
   * its own that does not dispatch, and closes it with itself.
   */
  delivery?: Delivery;
  /** Policy settings over the defaults (what the policies file says). */
  policies?: unknown;
  /** The built web console served at `/` (default: the package's web/dist). */
  consoleDir?: string;
  /** Call assist options over what the configuration's files give (e.g. a recognizer for tests). */
  callAssist?: CallAssistOptions;
}

/** Builds the server with every route registered; call `listen` to serve. */
export async function buildServer({
  store,
  config,
  logger,
  delivery: given,
  policies,
  consoleDir,
  callAssist,
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: config.maxBodyBytes,
    ...(logger ? { loggerInstance: logger } : { logger: false }),
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Nudge API", version: "1", description: "Precision push for financial groups" },
      components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer" } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  installErrorHandling(app);
  const metrics = installMetrics(app);
  installAuth(app, store);
  healthRoutes(app, store, metrics);
  const triggers = new PropensityTriggers(store, { logger });
  app.addHook("onClose", () => triggers.idle());
  ingestRoutes(app, store, config, metrics, triggers);
  customerRoutes(app, store);
  portraitRoutes(app, store);
  propensityRoutes(app, triggers);
  segmentRoutes(app, store);
  const delivery = given ?? (await startDelivery(store, { logger }));
  if (!given) app.addHook("onClose", () => delivery.close());
  const settings = resolvePolicySettings(policies ?? {});
  messageRoutes(app, store, settings);
  const decider = new Decider(store, {
    settings,
    holdoutKey: config.holdoutKey,
    holdoutShare: config.holdoutShare,
    proposers: { login: [propensityProposer(triggers.offers)] },
  });
  metrics.watchDispatcher(() => delivery.dispatcher?.totals as Record<string, number> | undefined);
  decideRoutes(app, store, config, decider, delivery.dispatcher, metrics);
  deliverRoutes(app, store, delivery.inbox, delivery.dispatcher);
  const calls = new CallAssist(store, { ...(await callAssistSettings(config)), ...callAssist });
  callRoutes(app, store, calls);
  installUpgrades(app, store, [agentScreenRoute(app, delivery.agents), callStreamRoute(app, calls)]);
  overviewRoutes(app, store, config);
  browseRoutes(app, store, () => delivery.channels.map((c) => c.name));
  modelRoutes(app, store);
  installConsole(app, consoleDir);
  await app.ready();
  return app;
}
