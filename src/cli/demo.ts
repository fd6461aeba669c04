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
import { generateDemoData } from "../demo/index.js";
import { type IngestKind, type IngestReport, ingestFile } from "../ingest/index.js";
import { buildPortraits } from "../portrait/index.js";
import {
  type OfferList,
  PropensityScorer,
  trainOutlook,
  trainPropensityFromStore,
} from "../sources/propensity/index.js";
import { openStore } from "../store/index.js";
import { configFor, type GlobalOptions } from "./context.js";
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

/** What the demo says of the propensity model and the first customer's login. */
function propensityLines(
  model: { model: string; products: number; meanTestRocAuc: number; seed: number },
  outlook: { model: string; test: Record<string, number> },
  login: OfferList | null,
): string[] {
  return [
    `propensity: ${model.model} over ${model.products} products, mean held-out ROC AUC ${model.meanTestRocAuc} (seed ${model.seed})`,
    `outlook: ${outlook.model}, held-out ROC AUC ${Object.entries(outlook.test)
      .map(([t, auc]) => `${t} ${auc}`)
      .join(", ")}; churn_risk and spending_capacity tags written`,
    ...(login
      ? [
          `login of ${login.customerId} → next best offers:`,
          ...login.offers.map(
            (o) => `  ${o.probability.toFixed(3)}  ${o.name} (${o.category}) — ${o.reason}`,
          ),
        ]
      : []),
  ];
}

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
        // The first demo customer logs in: what would the app show them?
        const firstCustomer = (await store.customers.list({ limit: 1 }))[0]?.id;
        const login: OfferList | null = firstCustomer
          ? await new PropensityScorer(store).offers(firstCustomer, { context: "login" })
          : null;
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
          login,
          apiKey: key.key,
        };
        if (!options.serve) {
          emit(io, Boolean(options.json), summary, () => [
            ...Object.entries(summary.loaded).map(
              ([k, r]) =>
                `${k}: ${count(r.inserted)} loaded${r.rejected ? `, ${count(r.rejected)} rejected` : ""}`,
            ),
            `portraits: ${count(portraits.customers)} customers, ${count(portraits.terms)} tag terms`,
            ...propensityLines(summary.propensity, summary.outlook, login),
            `database ${config.dbUrl}; admin key ${key.key}`,
          ]);
          await store.close();
          return;
        }
        const serving = await startServer(store, config);
        emit(io, Boolean(options.json), { ...summary, address: serving.address }, () => [
          ...Object.entries(summary.loaded).map(([k, r]) => `${k}: ${count(r.inserted)} loaded`),
          `portraits: ${count(portraits.customers)} customers, ${count(portraits.terms)} tag terms`,
          ...propensityLines(summary.propensity, summary.outlook, login),
          "",
          `Nudge demo is serving on ${serving.address}`,
          `  API key (admin): ${key.key}`,
          `  try: curl -H "Authorization: Bearer ${key.key}" ${serving.address}/v1/customers/c000001`,
          `       curl -H "Authorization: Bearer ${key.key}" ${serving.address}/v1/customers/c000001/portrait`,
          `       curl -H "Authorization: Bearer ${key.key}" -H "content-type: application/json" -d '{"customerId":"c000001"}' ${serving.address}/v1/score/propensity`,
          `  OpenAPI: ${serving.address}/openapi.json   health: ${serving.address}/healthz`,
          "Ctrl-C stops it.",
        ]);
        await closeOnSignal(serving, store);
      } catch (error) {
        await store.close().catch(() => {});
        throw error;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
}
