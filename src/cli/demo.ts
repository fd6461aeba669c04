/**
 * `nudge demo`: a fresh embedded database loaded with the bundled, seeded demo
 * data set, an admin key, and the API served. Nothing is read from outside
 * the package.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { createApiKey } from "../api/index.js";
import { isoNow, NudgeError } from "../core/index.js";
import { DEFAULT_POLICY_SETTINGS } from "../decide/index.js";
import { generateDemoData } from "../demo/index.js";
import { type IngestKind, type IngestReport, ingestFile } from "../ingest/index.js";
import { buildPortraits } from "../portrait/index.js";
import {
  MessageClassifier,
  type MessageMatch,
  matchMessage,
  tagMessages,
} from "../sources/messaging/index.js";
import { trainOutlook, trainPropensityFromStore } from "../sources/propensity/index.js";
import { runSegments } from "../sources/segment/index.js";
import { openStore } from "../store/index.js";
import { configFor, type GlobalOptions } from "./context.js";
import { runCallTour } from "./demo-call.js";
import { runIncentiveTour } from "./demo-incentive.js";
import {
  callLines,
  incentiveLines,
  messageLines,
  propensityLines,
  segmentLines,
  tourLines,
} from "./demo-lines.js";
import { DemoReceivers, runTour } from "./demo-tour.js";
import { count, emit, type Io, progressBar } from "./io.js";
import { closeOnSignal, startServer } from "./serve.js";

/** The demo's own database, so a demo never touches ./nudge.db. */
export const DEMO_DB_URL = "sqlite:./nudge-demo.db";
/** Used only when NUDGE_PII_KEY is unset: the demo's identities are fake, so a public key is harmless. */
const DEMO_PII_KEY = "nudge-demo-key-not-for-production";
const LOAD_ORDER: IngestKind[] = [
  "products",
  "customers",
  "holdings",
  "events",
  "relations",
  "outcomes",
  "messages",
];

interface DemoFlags extends GlobalOptions {
  seed: string;
  customers: string;
  port?: string;
  serve: boolean;
}

export interface DemoMessages {
  tagged: number;
  paths: Record<string, number>;
  match: MessageMatch;
}

/** Tags every demo message and matches the first recognized one to its audience (candidates written). */
async function demoMessages(store: Awaited<ReturnType<typeof openStore>>): Promise<DemoMessages> {
  const classifier = await MessageClassifier.load(store);
  const tagged = await tagMessages(store, classifier);
  const paths: Record<string, number> = {};
  for (const m of tagged) paths[m.path] = (paths[m.path] ?? 0) + 1;
  const first = tagged.find((m) => m.category !== null);
  if (!first) throw new NudgeError("INTERNAL", "no demo message was recognized");
  const match = await matchMessage(store, first.id, {
    top: DEMO_MATCH_TOP,
    optInChannels: DEFAULT_POLICY_SETTINGS.optInChannels,
    classifier,
  });
  return { tagged: tagged.length, paths, match };
}

/** Customers a demo message is matched to. */
const DEMO_MATCH_TOP = 200;

function freshDemoDatabase(url: string, explicit: boolean): void {
  if (!url.startsWith("sqlite:"))
    throw new NudgeError(
      "CONFIG_INVALID",
      "the demo runs on the embedded SQLite default; give --db sqlite:PATH",
    );
  const path = url.slice("sqlite:".length);
  if (explicit && existsSync(path)) {
    throw new NudgeError(
      "CONFLICT",
      `${path} exists; the demo needs a fresh database (remove it or pick another --db)`,
    );
  }
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${path}${suffix}`, { force: true });
}

export function demoCommand(program: Command, io: Io): void {
  program
    .command("demo")
    .description("load the bundled demo data into a fresh database and serve the API")
    .option("--seed <n>", "seed of the generated data", "7")
    .option("--customers <n>", "number of customers", "2000")
    .option("--port <port>", "port to serve on (default 3000)")
    .option("--no-serve", "load the data and exit")
    .action(async (flags: DemoFlags, command: Command) => {
      const options = { ...command.optsWithGlobals<GlobalOptions>(), ...flags };
      const explicitDb = Boolean(options.db);
      const config = configFor(
        io,
        { ...options, db: options.db ?? DEMO_DB_URL },
        {
          ...(flags.port ? { port: Number(flags.port) } : {}),
        },
      );
      freshDemoDatabase(config.dbUrl, explicitDb);
      const dir = mkdtempSync(join(tmpdir(), "nudge-demo-"));
      const store = await openStore(config.dbUrl);
      let receivers: DemoReceivers | undefined;
      try {
        const manifest = await generateDemoData({
          seed: Number(options.seed),
          customers: Number(options.customers),
          outDir: dir,
        });
        const progress = progressBar(io, Boolean(options.json), "kinds");
        const loaded: Record<string, IngestReport> = {};
        for (const [i, kind] of LOAD_ORDER.entries()) {
          const file = manifest.files[kind];
          if (!file) continue;
          progress.update(i, LOAD_ORDER.length, kind);
          loaded[kind] = await ingestFile(store, kind, file.path, {
            piiKey: config.piiKey ?? DEMO_PII_KEY,
            actor: "demo",
          });
        }
        progress.update(LOAD_ORDER.length, LOAD_ORDER.length, "portraits");
        // Windows end with the demo's own history, so the portraits do not depend on today's date.
        const portraits = await buildPortraits(store, {
          full: true,
          asOf: new Date(`${manifest.referenceDate}T23:59:59.999Z`),
          actor: "demo",
        });
        progress.update(LOAD_ORDER.length, LOAD_ORDER.length, "propensity model");
        const propensity = await trainPropensityFromStore(store, { seed: Number(options.seed) });
        const outlook = await trainOutlook(store, { seed: Number(options.seed) });
        progress.update(LOAD_ORDER.length, LOAD_ORDER.length, "segments");
        const segments = await runSegments(store, { seed: Number(options.seed) });
        progress.update(LOAD_ORDER.length, LOAD_ORDER.length, "messages");
        const messages = await demoMessages(store);
        progress.update(LOAD_ORDER.length, LOAD_ORDER.length, "campaigns and deliveries");
        receivers = await DemoReceivers.start();
        const tour = await runTour(store, receivers, {
          seed: Number(options.seed),
          holdoutKey: config.holdoutKey,
        });
        progress.update(LOAD_ORDER.length, LOAD_ORDER.length, "uplift incentive");
        const incentive = await runIncentiveTour(store, receivers.channels(), {
          seed: Number(options.seed),
          truth: manifest.truth,
          holdoutKey: config.holdoutKey,
        });
        progress.update(LOAD_ORDER.length, LOAD_ORDER.length, "call assist");
        const call = await runCallTour(store, tour.login ? { customerId: tour.login.customerId } : {});
        progress.stop();
        const aucs = Object.values(propensity.report.test).map((r) => r.rocAuc);
        const key = await createApiKey(store, ["admin"], "demo", isoNow());
        const summary = {
          database: config.dbUrl,
          seed: manifest.seed,
          loaded: Object.fromEntries(
            Object.entries(loaded).map(([k, r]) => [
              k,
              { inserted: r.inserted, updated: r.updated, rejected: r.rejected },
            ]),
          ),
          portraits: { customers: portraits.customers, terms: portraits.terms, asOf: portraits.asOf },
          propensity: {
            model: propensity.model.id,
            products: propensity.products.length,
            meanTestRocAuc: Number((aucs.reduce((a, b) => a + b, 0) / Math.max(1, aucs.length)).toFixed(4)),
            split: propensity.report.split.rows,
            seed: propensity.report.seed,
          },
          outlook: {
            model: outlook.model.id,
            cutoff: outlook.cutoff,
            test: Object.fromEntries(
              Object.entries(outlook.report.test).map(([t, r]) => [t, Number(r.rocAuc.toFixed(4))]),
            ),
          },
          segments: {
            model: segments.model,
            population: segments.population,
            k: segments.k,
            silhouette: segments.silhouette,
            candidates: segments.candidates,
            clusters: segments.clusters.map((c) => ({ id: c.id, size: c.size, push: c.push })),
          },
          messages: {
            tagged: messages.tagged,
            paths: messages.paths,
            match: { ...messages.match, matched: messages.match.matched.slice(0, 5) },
          },
          ...tour,
          incentive: {
            model: {
              id: incentive.model.id,
              form: incentive.model.form,
              split: incentive.model.report.split,
              heldOut: Object.fromEntries(
                Object.entries(incentive.model.report.test).map(([name, r]) => [
                  name,
                  { qini: r.qini, auuc: r.auuc },
                ]),
              ),
            },
            candidates: incentive.candidates,
            run: incentive.run,
            simulatedConversions: incentive.simulatedConversions,
            lift: incentive.lift,
            realised: incentive.uplift.realised && {
              qini: incentive.uplift.realised.qini,
              auuc: incentive.uplift.realised.auuc,
              upliftAt: incentive.uplift.realised.upliftAt,
            },
          },
          call: {
            callId: call.callId,
            models: call.utterances[0]?.models ?? null,
            utterances: call.utterances.map((u) => ({
              turn: u.turn,
              text: u.text,
              voice: u.analysis?.voice ?? null,
              scene: u.analysis?.scene ?? null,
              intent: u.analysis?.intent ?? null,
              emotion: u.analysis
                ? { label: u.analysis.emotion.label, intensity: u.analysis.emotion.intensity }
                : null,
              scripts:
                u.analysis?.scripts.map((sc) => ({ id: sc.id, text: sc.text, reasons: sc.reasons })) ?? [],
            })),
            rated: call.rated,
          },
          receivers: { webhook: receivers.webhookUrl, smtpPort: receivers.smtpPort },
          apiKey: key.key,
        };
        if (!options.serve) {
          emit(io, Boolean(options.json), summary, () => [
            ...Object.entries(summary.loaded).map(
              ([k, r]) =>
                `${k}: ${count(r.inserted)} loaded${r.rejected ? `, ${count(r.rejected)} rejected` : ""}`,
            ),
            `portraits: ${count(portraits.customers)} customers, ${count(portraits.terms)} tag terms`,
            ...propensityLines(summary.propensity, summary.outlook),
            ...segmentLines(segments),
            ...messageLines(messages),
            ...tourLines(tour),
            ...incentiveLines(incentive),
            ...callLines(call),
            `database ${config.dbUrl}; admin key ${key.key}`,
          ]);
          await receivers.close();
          await store.close();
          return;
        }
        const serving = await startServer(store, config, { channels: receivers.channels() });
        emit(io, Boolean(options.json), { ...summary, address: serving.address }, () => [
          ...Object.entries(summary.loaded).map(([k, r]) => `${k}: ${count(r.inserted)} loaded`),
          `portraits: ${count(portraits.customers)} customers, ${count(portraits.terms)} tag terms`,
          ...propensityLines(summary.propensity, summary.outlook),
          ...segmentLines(segments),
          ...messageLines(messages),
          ...tourLines(tour),
          ...incentiveLines(incentive),
          ...callLines(call),
          "",
          `Nudge demo is serving on ${serving.address}`,
          `  console (signed in with the demo key): ${serving.address}/#key=${key.key}`,
          `  API key (admin): ${key.key}`,
          `  try: curl -H "Authorization: Bearer ${key.key}" ${serving.address}/v1/customers/c000001`,
          `       curl -H "Authorization: Bearer ${key.key}" ${serving.address}/v1/customers/c000001/portrait`,
          `       curl -H "Authorization: Bearer ${key.key}" -H "content-type: application/json" -d '{"customerId":"c000001"}' ${serving.address}/v1/decide`,
          `       curl -H "Authorization: Bearer ${key.key}" ${serving.address}/v1/reports/lift`,
          `       curl -H "Authorization: Bearer ${key.key}" ${serving.address}/v1/segments`,
          `       curl -H "Authorization: Bearer ${key.key}" -H "content-type: application/json" -d '{"text":"稳健理财新品，年化收益率3.5%，60岁以下客户专享"}' ${serving.address}/v1/messages/classify`,
          `       curl -H "Authorization: Bearer ${key.key}" -H "content-type: application/json" -d '{"text":"What is the interest rate?"}' ${serving.address}/v1/calls/${call.callId}/utterances`,
          ...(tour.login
            ? [
                `       curl -H "Authorization: Bearer ${key.key}" ${serving.address}/v1/inbox/${tour.login.customerId}`,
              ]
            : []),
          `  OpenAPI: ${serving.address}/openapi.json   health: ${serving.address}/healthz`,
          "Ctrl-C stops it.",
        ]);
        await closeOnSignal(serving, store);
        await receivers.close();
      } catch (error) {
        await receivers?.close().catch(() => {});
        await store.close().catch(() => {});
        throw error;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
