/** `nudge serve`: the HTTP API on a port until interrupted. */
import type { Command } from "commander";
import type { FastifyInstance } from "fastify";
import { buildServer } from "../api/index.js";
import { type Config, createLogger } from "../core/index.js";
import { CampaignScheduler, loadPolicySettings } from "../decide/index.js";
import { type Channel, startDelivery } from "../deliver/index.js";
import { openStore, type Store } from "../store/index.js";
import { configFor, type GlobalOptions } from "./context.js";
import type { Io } from "./io.js";

export interface Serving {
  app: FastifyInstance;
  address: string;
  close(): Promise<void>;
}

/**
 * Starts the API on the configured host and port over an open store, with a dispatcher delivering
 * through the inbox, the agent screens and the channels of the channels file.
 */
export async function startServer(
  store: Store,
  config: Config,
  options: { channels?: Channel[]; dispatch?: boolean } = {},
): Promise<Serving> {
  const logger = createLogger(config.logLevel);
  store.checkpointInBackground((message) => logger.warn({ error: message }, "WAL checkpoint failed"));
  const policies = config.policiesFile ? await loadPolicySettings(config.policiesFile) : undefined;
  const delivery = await startDelivery(store, {
    channelsFile: config.channelsFile,
    channels: options.channels,
    dispatch: options.dispatch ?? true,
    logger,
  });
  const app = await buildServer({ store, config, logger, delivery, policies });
  const address = await app.listen({ host: config.host, port: config.port });
  const scheduler = new CampaignScheduler(store, {
    holdoutKey: config.holdoutKey,
    holdoutShare: config.holdoutShare,
    settings: policies,
    logger,
    onRun: () => delivery.dispatcher?.poke(),
  });
  scheduler.start();
  return {
    app,
    address,
    close: async () => {
      await scheduler.stop();
      await app.close();
      await delivery.close();
    },
  };
}

/** Keeps serving until SIGINT/SIGTERM, then closes the server and the store. */
export function closeOnSignal(serving: Serving, store: Store): Promise<void> {
  return new Promise((resolve) => {
    const stop = async () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      await serving.close();
      await store.close();
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export function serveCommand(program: Command, io: Io): void {
  program
    .command("serve")
    .description("serve the HTTP API (OpenAPI at /openapi.json)")
    .option("--port <port>", "port (default 3000, env NUDGE_PORT)")
    .option("--host <host>", "address to bind (default 127.0.0.1, env NUDGE_HOST)")
    .action(async (flags: { port?: string; host?: string }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const config = configFor(io, options, {
        ...(flags.port ? { port: Number(flags.port) } : {}),
        ...(flags.host ? { host: flags.host } : {}),
      });
      const store = await openStore(config.dbUrl);
      const serving = await startServer(store, config);
      if (options.json) io.out(`${JSON.stringify({ address: serving.address, database: store.dialect })}\n`);
      else io.err(`Nudge API on ${serving.address} (OpenAPI: ${serving.address}/openapi.json)\n`);
      await closeOnSignal(serving, store);
    });
}
