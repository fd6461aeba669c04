/** `nudge serve`: the HTTP API on a port until interrupted. */
import cluster from "node:cluster";
import type { Command } from "commander";
import type { FastifyInstance } from "fastify";
import { buildServer } from "../api/index.js";
import { type Config, createLogger, NudgeError } from "../core/index.js";
import { CampaignScheduler, loadPolicySettings } from "../decide/index.js";
import { type Channel, startDelivery } from "../deliver/index.js";
import { loadCallModels, ScriptRetrainSchedule } from "../sources/callassist/index.js";
import { openStore, type Store } from "../store/index.js";
import { configFor, type GlobalOptions } from "./context.js";
import type { Io } from "./io.js";
import { countOption } from "./parse.js";
import { type ServerProcess, serverProcess, transparentHugePageMode } from "./server-process.js";

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
  const prewarm = store.prewarm(config.cacheMb);
  if (prewarm) logger.info(prewarm, "real-time tables loaded into memory");
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
  const retraining = new ScriptRetrainSchedule(store, {
    intervalMs: config.scriptRetrainHours * 3600_000,
    logger,
  });
  // The schedulers run where the dispatcher does: one per database on SQLite.
  if (options.dispatch ?? true) {
    scheduler.start();
    retraining.start();
  }
  return {
    app,
    address,
    close: async () => {
      await scheduler.stop();
      await retraining.stop();
      await app.close();
      await delivery.close();
    },
  };
}

/**
 * Keeps serving until SIGINT/SIGTERM, then closes the server and the store. Signals that come while it
 * closes are ignored rather than let kill it half-closed: a worker started by `servePrimary` gets Ctrl-C from
 * the terminal and then SIGTERM from its primary.
 */
export function closeOnSignal(serving: Serving, store: Store): Promise<void> {
  return new Promise((resolve) => {
    let closing = false;
    const stop = async () => {
      if (closing) return;
      closing = true;
      await serving.close();
      await store.close();
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** Set in the processes `nudge serve --workers N` forks: which one this is (0 dispatches and schedules). */
const WORKER_ENV = "NUDGE_SERVE_WORKER";

/**
 * `--workers N`: N processes share the port (node:cluster hands connections out in turn), so the API uses
 * every core; one event loop tops out near one core. Only worker 0 runs the dispatcher and the campaign
 * scheduler (SQLite wants one dispatcher; the others still poke nothing and write decisions through
 * SQLite's WAL, one writer at a time). The primary only starts and stops them, and fails when one ends by
 * itself. It also serves a single worker when the server's process needs settings this one lacks (huge
 * pages, V8 heap sizes: see server-process.ts).
 */
async function servePrimary(
  io: Io,
  json: boolean,
  workers: number,
  dbUrl: string,
  settings: ServerProcess,
): Promise<void> {
  // Migrate once here: workers opening a fresh SQLite file together would race to create its tables. Call
  // assist's models are registered here too, or each worker would train and register its own on first use.
  // A single worker races with no one, and trains them on first use as a server in one process does.
  if (workers > 1) {
    const store = await openStore(dbUrl);
    try {
      await loadCallModels(store);
    } finally {
      await store.close();
    }
  }
  cluster.setupPrimary({ execArgv: [...process.execArgv, ...settings.execArgv] });
  const children = Array.from({ length: workers }, (_, i) =>
    cluster.fork({ ...settings.env, [WORKER_ENV]: String(i) }),
  );
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const child of children) if (!child.isDead()) child.process.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.isDead() ? undefined : new Promise((r) => c.once("exit", r)))));
  };
  // A worker that ends by itself ends the service: the primary stops the others and fails, so whatever
  // supervises `nudge serve` (systemd, Kubernetes) restarts it instead of keeping a port nothing answers.
  const died = new Promise<NudgeError>((resolve) => {
    for (const [i, child] of children.entries())
      child.once("exit", (code, signal) => {
        if (!stopping)
          resolve(new NudgeError("INTERNAL", `serve worker ${i} exited (${signal ?? `code ${code}`})`));
      });
  });
  const started = await Promise.race([
    new Promise<{ address: string; database: string; pid: number }>((resolve) =>
      children[0]?.once("message", resolve),
    ),
    died,
  ]);
  if (started instanceof NudgeError) {
    await stopAll();
    throw started;
  }
  if (json) io.out(`${JSON.stringify({ ...started, workers })}\n`);
  else
    io.err(
      `Nudge API and console on ${started.address}${workers > 1 ? ` in ${workers} processes` : ""} (OpenAPI: ${started.address}/openapi.json)\n`,
    );
  let stop = () => {};
  const signalled = new Promise<undefined>((resolve) => {
    stop = () => resolve(undefined);
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  const ended = await Promise.race([signalled, died]);
  await stopAll();
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  if (ended) throw ended;
}

export function serveCommand(program: Command, io: Io): void {
  program
    .command("serve")
    .description(
      "serve the HTTP API (OpenAPI at /openapi.json), dispatch deliveries and run scheduled campaigns",
    )
    .option("--port <port>", "port (default 3000, env NUDGE_PORT)")
    .option("--host <host>", "address to bind (default 127.0.0.1, env NUDGE_HOST)")
    .option(
      "--workers <n>",
      "processes serving the API on the same port (default 1)",
      countOption("--workers"),
      1,
    )
    .action(async (flags: { port?: string; host?: string; workers: number }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const config = configFor(io, options, {
        ...(flags.port ? { port: Number(flags.port) } : {}),
        ...(flags.host ? { host: flags.host } : {}),
      });
      const worker = io.env[WORKER_ENV];
      if (cluster.isPrimary && worker === undefined) {
        const settings = serverProcess(io.env, config, transparentHugePageMode(), process.execArgv);
        const needed = Object.keys(settings.env).length > 0 || settings.execArgv.length > 0;
        if (flags.workers > 1 || needed)
          return servePrimary(io, Boolean(options.json), flags.workers, config.dbUrl, settings);
      }
      const store = await openStore(config.dbUrl);
      const serving = await startServer(store, config, { dispatch: worker === undefined || worker === "0" });
      if (worker !== undefined) {
        process.send?.({ address: serving.address, database: store.dialect, pid: process.pid });
      } else if (options.json)
        io.out(
          `${JSON.stringify({ address: serving.address, database: store.dialect, pid: process.pid })}\n`,
        );
      else io.err(`Nudge API and console on ${serving.address} (OpenAPI: ${serving.address}/openapi.json)\n`);
      await closeOnSignal(serving, store);
      // A forked worker's channel to the primary would keep it alive after everything closed.
      if (worker !== undefined) process.disconnect?.();
    });
}
