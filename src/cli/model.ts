/**
 * `nudge model train|score|list|show`: train a model from a data file (or the store), score a file with a
 * stored model, and look at the registry.
 */
import { rename, rm } from "node:fs/promises";
import type { Command } from "commander";
import { isNudgeError, NudgeError } from "../core/index.js";
import { CsvWriter } from "../demo/index.js";
import { openRecords } from "../ingest/index.js";
import {
  type BinaryReport,
  type Cell,
  type ClassifierReport,
  classifierArtifact,
  classifierOf,
  encode,
  ModelLoader,
  PredictorPool,
  registerModel,
  scoreClassifier,
  Table,
  trainClassifier,
} from "../ml/index.js";
import { trainOutlook, trainPropensityFromStore } from "../sources/propensity/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { describeRecordError, readTable } from "./data-file.js";
import { count, emit, type Io, progressBar } from "./io.js";
import { emotionReportLines, scoreEmotionFile, trainEmotionFromFile } from "./model-emotion.js";
import { scoreTextFile, textReportLines, trainTextFromFile } from "./model-text.js";
import {
  scoreUpliftFile,
  trainUpliftFromFile,
  trainUpliftFromStore,
  upliftReportLines,
} from "./model-uplift.js";
import { countOption, listOption } from "./parse.js";

/** Scoring batches predicted but not yet written, at most. */
const IN_FLIGHT = 4;

/** Model kinds `model train` knows, and the issue that brings each one not here yet. */
const KINDS = ["propensity", "uplift", "text", "emotion"] as const;
const DEFAULT_SEED = 42;

interface TrainFlags {
  data?: string;
  text?: string;
  label?: string;
  treatment?: string;
  outcome?: string;
  graph?: string;
  campaign?: string;
  fromStore?: boolean;
  target?: string[];
  id?: string;
  exclude?: string[];
  seed: number;
  name?: string;
  epochs?: number;
  hidden?: string[];
  sample?: number;
  members?: number;
}

/** The held-out metrics a person reads first (the calibration table stays in --json). */
function headline(report: BinaryReport): string {
  return `ROC AUC ${report.rocAuc.toFixed(4)}, PR AUC ${report.prAuc.toFixed(4)}, log loss ${report.logLoss.toFixed(4)}, accuracy ${report.accuracy.toFixed(4)}, macro-F1 ${report.macroF1.toFixed(4)} (${count(report.positives)} of ${count(report.n)} positive)`;
}

/** Targets listed one per line; beyond this the human output summarizes (--json has them all). */
const LISTED_TARGETS = 8;

function reportLines(report: ClassifierReport): string[] {
  const { rows } = report.split;
  const targets = Object.entries(report.test);
  const aucs = targets.map(([, r]) => r.rocAuc).filter((a) => !Number.isNaN(a));
  const worst = targets.reduce<[string, BinaryReport] | undefined>(
    (w, t) => (w === undefined || t[1].rocAuc < w[1].rocAuc ? t : w),
    undefined,
  );
  return [
    `split (seed ${report.seed}): train ${count(rows.train)}, validation ${count(rows.validation)}, test ${count(rows.test)} rows; stopped after ${report.epochs} epochs (best ${report.bestEpoch})`,
    ...(targets.length <= LISTED_TARGETS
      ? targets.map(([target, r]) => `  test ${target}: ${headline(r)}`)
      : [
          `  test: mean ROC AUC ${(aucs.reduce((a, b) => a + b, 0) / aucs.length).toFixed(4)} over ${targets.length} targets; lowest ${worst?.[0]} ${worst?.[1].rocAuc.toFixed(4)} (all in --json)`,
        ]),
  ];
}

function outlookLine(
  outlook: { skipped: string } | { model: string; cutoff: string; test: Record<string, { rocAuc: number }> },
): string {
  if ("skipped" in outlook) return `outlook (churn, spending) skipped: ${outlook.skipped}`;
  const aucs = Object.entries(outlook.test).map(([t, r]) => `${t} ROC AUC ${r.rocAuc.toFixed(4)}`);
  return `outlook ${outlook.model}, learned at ${outlook.cutoff}: ${aucs.join(", ")}; churn_risk and spending_capacity tags written`;
}

/** Held-out figures by name, as each kind stores them, for one line of the registry listing. */
const HEADLINE_FIGURES: [key: string, label: string][] = [
  ["rocAuc", "AUC"],
  ["qini", "Qini"],
  ["accuracy", "accuracy"],
  ["macroF1", "macro-F1"],
  ["silhouette", "silhouette"],
];

/** "y: AUC 0.93", "twoHead: Qini 0.08, …", "accuracy 0.90", "silhouette 0.44". */
function headlineOf(metrics: Record<string, unknown>): string {
  // The first figure a report has, in HEADLINE_FIGURES order: one number per model or target.
  const figures = (from: Record<string, unknown>) => {
    const found = HEADLINE_FIGURES.find(([key]) => typeof from[key] === "number");
    return found ? `${found[1]} ${(from[found[0]] as number).toFixed(4)}` : "";
  };
  const test = metrics.test as Record<string, unknown> | undefined;
  if (!test) return figures(metrics);
  const own = figures(test);
  if (own) return own;
  return Object.entries(test)
    .filter(([, r]) => typeof r === "object" && r !== null)
    .map(([name, r]) => `${name}: ${figures(r as Record<string, unknown>)}`)
    .join(", ");
}

/** Prints a trained model's id and report (the whole report under --json, its lines otherwise). */
function emitTrained(
  io: Io,
  json: boolean,
  stored: { id: string; kind: string; name: string; version: number },
  report: object,
  started: number,
  lines: string[],
): void {
  const seconds = Number(((performance.now() - started) / 1000).toFixed(2));
  emit(
    io,
    json,
    {
      model: { id: stored.id, kind: stored.kind, name: stored.name, version: stored.version },
      ...report,
      seconds,
    },
    () => [`trained ${stored.id} in ${seconds} s`, ...lines],
  );
}

export function modelCommand(program: Command, io: Io): void {
  const model = program.command("model").description("train, score and list models");

  model
    .command("train")
    .description("train a model; prints held-out metrics and the model id")
    .argument("<kind>", `model kind: ${KINDS.join("|")}`)
    .option("--data <file>", "training data (CSV, JSONL or Parquet with a header)")
    .option(
      "--from-store",
      "train on the store: propensity — products held from profile and portrait, then churn and spending; uplift — a campaign's outcomes",
    )
    .option("--target <cols>", "target column(s), comma-separated", listOption)
    .option("--id <col>", "row id column (never a feature)")
    .option("--text <col>", "text and emotion models: the column holding the text")
    .option("--label <col>", "text and emotion models: the column holding the class")
    .option("--treatment <col>", "uplift models: the 0/1 column saying who was treated")
    .option("--outcome <col>", "uplift models: the 0/1 column saying who responded")
    .option("--campaign <name>", "uplift models with --from-store: the campaign whose outcomes to learn from")
    .option("--graph <file>", "uplift models: relations between customers (two id columns); needs --id")
    .option("--exclude <cols>", "columns that are not features, comma-separated", listOption)
    .option("--seed <n>", "seed of the split and the initial weights", countOption("--seed"), DEFAULT_SEED)
    .option("--name <name>", "registry name (default: the kind)")
    .option("--epochs <n>", "most passes over the training rows", countOption("--epochs"))
    .option("--hidden <widths>", "hidden layer widths, e.g. 64,32", listOption)
    .option(
      "--members <n>",
      "nets averaged (default 3; 1 scores three times faster)",
      countOption("--members"),
    )
    .option(
      "--sample <n>",
      "with --from-store: learn from about N customers (every k-th)",
      countOption("--sample"),
    )
    .action(async (kind: string, flags: TrainFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const json = Boolean(options.json);
      if (!(KINDS as readonly string[]).includes(kind))
        throw new NudgeError("INPUT_INVALID", `unknown model kind '${kind}': use ${KINDS.join(", ")}`);
      if (kind === "text") {
        if (!flags.data) throw new NudgeError("INPUT_INVALID", "text models need --data FILE");
        const data = flags.data;
        const progress = progressBar(io, json, "folds");
        const started = performance.now();
        const { model: stored, report } = await withStore(configFor(io, options), (store) =>
          trainTextFromFile(store, { ...flags, data }, (done, total) =>
            progress.update(done, total, "selecting"),
          ),
        ).finally(() => progress.stop());
        emitTrained(io, json, stored, report, started, textReportLines(report));
        return;
      }
      if (kind === "uplift") {
        if (Boolean(flags.data) === Boolean(flags.fromStore))
          throw new NudgeError("INPUT_INVALID", "give either --data FILE or --from-store");
        const started = performance.now();
        const { model: stored, report } = await withStore(configFor(io, options), (store) =>
          flags.data
            ? trainUpliftFromFile(store, { ...flags, data: flags.data })
            : trainUpliftFromStore(store, flags),
        );
        emitTrained(io, json, stored, report, started, upliftReportLines(report));
        return;
      }
      if (kind === "emotion") {
        if (!flags.data) throw new NudgeError("INPUT_INVALID", "emotion models need --data FILE");
        const data = flags.data;
        const started = performance.now();
        const { model: stored, report } = await withStore(configFor(io, options), (store) =>
          trainEmotionFromFile(store, { ...flags, data }),
        );
        emitTrained(io, json, stored, report, started, emotionReportLines(report));
        return;
      }
      if (Boolean(flags.data) === Boolean(flags.fromStore))
        throw new NudgeError("INPUT_INVALID", "give either --data FILE or --from-store");
      const hidden = flags.hidden?.map((w) => countOption("--hidden")(w));
      const train = {
        ...(flags.epochs !== undefined ? { epochs: flags.epochs } : {}),
        ...(hidden ? { hidden } : {}),
      };
      const progress = progressBar(io, json, "epochs");
      const onEpoch = (epoch: number, _train: number, validation: number) =>
        progress.update(epoch, flags.epochs ?? null, `validation loss ${validation.toFixed(4)}`);
      const started = performance.now();
      const result = await withStore(configFor(io, options), async (store) => {
        if (flags.fromStore) {
          const trained = await trainPropensityFromStore(store, {
            seed: flags.seed,
            name: flags.name,
            train,
            sample: flags.sample,
            members: flags.members,
            onEpoch,
          });
          // The outlook (churn, spending) needs behaviour history; without it the offers still stand.
          const outlook = await trainOutlook(store, { seed: flags.seed }).then(
            (o) => ({
              model: o.model.id,
              cutoff: o.cutoff,
              asOf: o.asOf,
              tagged: o.tagged,
              test: Object.fromEntries(
                Object.entries(o.report.test).map(([t, r]) => [t, { rocAuc: r.rocAuc }]),
              ),
            }),
            (error: unknown) => {
              if (isNudgeError(error, "INPUT_INVALID")) return { skipped: error.message };
              throw error;
            },
          );
          return { ...trained, outlook, seconds: 0 };
        }
        if (!flags.target?.length)
          throw new NudgeError("INPUT_INVALID", "--target COL[,COL] is required with --data");
        const table = await readTable(flags.data as string);
        const trained = trainClassifier(
          table,
          {
            targets: flags.target,
            id: flags.id,
            exclude: flags.exclude,
            seed: flags.seed,
            train,
            members: flags.members,
          },
          onEpoch,
        );
        const stored = await registerModel(store, classifierArtifact(trained, kind, flags.name ?? kind));
        return {
          model: stored,
          report: trained.report,
          features: trained.features.length,
          outlook: undefined,
          seconds: 0,
        };
      }).finally(() => progress.stop());
      result.seconds = Number(((performance.now() - started) / 1000).toFixed(2));
      const { model: stored, report } = result;
      emit(
        io,
        json,
        {
          model: { id: stored.id, kind: stored.kind, name: stored.name, version: stored.version },
          ...report,
          features: result.features,
          ...(result.outlook ? { outlook: result.outlook } : {}),
          seconds: result.seconds,
        },
        () => [
          `trained ${stored.id} on ${result.features} features in ${result.seconds} s`,
          ...reportLines(report),
          ...(result.outlook ? [outlookLine(result.outlook)] : []),
        ],
      );
    });

  model
    .command("score")
    .description("score a data file with a stored model: the id column (or row) and p_<target> per target")
    .argument("<model>", "model id, or name for its latest version")
    .requiredOption("--data <file>", "rows to score (CSV, JSONL or Parquet with a header)")
    .requiredOption("--out <file>", "CSV to write")
    .option("--text <col>", "text models: the column holding the text (default 'text')")
    .option("--id <col>", "text and uplift models: an id column to write instead of the row number")
    .option("--graph <file>", "uplift models trained over a graph: the relations among these rows")
    .action(
      async (
        name: string,
        flags: { data: string; out: string; text?: string; id?: string },
        command: Command,
      ) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        const json = Boolean(options.json);
        const kind = await withStore(
          configFor(io, options),
          async (store) => (await store.models.resolve(name))?.kind,
        );
        if (kind === "uplift") {
          const scored = await withStore(configFor(io, options), (store) =>
            scoreUpliftFile(store, name, flags),
          );
          emit(io, json, scored, () => [
            `scored ${count(scored.rows)} rows with ${scored.model} → ${scored.out}`,
          ]);
          return;
        }
        if (kind === "text" || kind === "emotion") {
          const scored = await withStore(configFor(io, options), (store) =>
            kind === "text" ? scoreTextFile(store, name, flags) : scoreEmotionFile(store, name, flags),
          );
          emit(io, json, scored, () => [
            `scored ${count(scored.rows)} texts with ${scored.model} → ${scored.out}`,
          ]);
          return;
        }
        const progress = progressBar(io, json, "bytes");
        const result = await withStore(configFor(io, options), async (store) => {
          const { id, model: classifier } = await new ModelLoader(store).load(
            name,
            classifierOf,
            "propensity",
          );
          const source = await openRecords(flags.data);
          const features = classifier.encoder.columns.map((c) => c.name);
          const absent = source.columns ? features.filter((f) => !source.columns?.includes(f)) : [];
          if (absent.length > 0) {
            await source.close();
            throw new NudgeError(
              "INPUT_INVALID",
              `${flags.data} lacks feature column(s) the model was trained on: ${absent.join(", ")}`,
              { file: flags.data, missing: absent },
            );
          }
          const idColumn =
            classifier.id && (source.columns === null || source.columns.includes(classifier.id))
              ? classifier.id
              : null;
          const header = [idColumn ?? "row", ...classifier.targets.map((t) => `p_${t.column}`)];
          // Written beside the target and renamed at the end: a failed run leaves no half-written file.
          const partial = `${flags.out}.partial-${process.pid}`;
          const writer = new CsvWriter(partial, header);
          const k = classifier.targets.length;
          // Batches encoded here are predicted on a second thread while the next is read; at most
          // IN_FLIGHT wait, and they are written in order.
          const pool = PredictorPool.start(classifier);
          const pending: { ids: string[] | null; rowNumbers: readonly number[]; p: Promise<Float32Array> }[] =
            [];
          const writeOldest = async () => {
            const batch = pending.shift();
            if (!batch) return;
            const p = await batch.p;
            for (let r = 0; r < batch.rowNumbers.length; r++) {
              const cells: (string | number | null)[] = [
                batch.ids ? (batch.ids[r] ?? "") : (batch.rowNumbers[r] ?? r + 1),
              ];
              for (let j = 0; j < k; j++) cells.push(Number((p[r * k + j] as number).toPrecision(6)));
              writer.row(cells);
            }
            await writer.drain();
          };
          try {
            for await (const batch of source.items) {
              const records: { row: number; values: Record<string, Cell> }[] = [];
              for (const item of batch) {
                if (item.kind === "error")
                  throw new NudgeError("INPUT_INVALID", `${flags.data}: ${describeRecordError(item.error)}`, {
                    row: item.error.row,
                  });
                records.push(item.record);
              }
              const table = Table.fromRecords(features.concat(idColumn ? [idColumn] : []), records);
              pending.push({
                ids: idColumn ? table.column(idColumn).map((v) => String(v ?? "")) : null,
                rowNumbers: table.rowNumbers,
                p: pool
                  ? pool.predict(encode(classifier.encoder, table), table.rows)
                  : Promise.resolve(scoreClassifier(classifier, table)),
              });
              if (pending.length >= IN_FLIGHT) await writeOldest();
              progress.update(source.bytesRead(), source.totalBytes, "scoring");
            }
            while (pending.length > 0) await writeOldest();
            const rows = await writer.close();
            await rename(partial, flags.out);
            return { model: id, rows, out: flags.out, columns: header };
          } catch (error) {
            writer.abort();
            await source.close();
            await rm(partial, { force: true });
            throw error;
          } finally {
            await pool?.close();
          }
        }).finally(() => progress.stop());
        emit(io, json, result, () => [
          `scored ${count(result.rows)} rows with ${result.model} → ${result.out}`,
        ]);
      },
    );

  model
    .command("list")
    .description("the registry: every model with kind, version and headline metrics")
    .option("--kind <kind>", "only this kind")
    .action(async (flags: { kind?: string }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const rows = await withStore(configFor(io, options), (store) => store.models.list(flags.kind));
      const models = rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        version: Number(r.version),
        createdAt: r.created_at,
        fingerprint: r.fingerprint,
        metrics: JSON.parse(r.metrics) as Record<string, unknown>,
      }));
      emit(io, Boolean(options.json), { models }, () =>
        models.length === 0
          ? ["no models yet (nudge model train)"]
          : models.map(
              (m) => `${m.id.padEnd(24)} ${m.kind.padEnd(11)} ${m.createdAt}  ${headlineOf(m.metrics)}`,
            ),
      );
    });

  model
    .command("show")
    .description("one model: features, encoder, parameters, metrics (weights omitted)")
    .argument("<model>", "model id, or name for its latest version")
    .action(async (name: string, _flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const stored = await withStore(configFor(io, options), (store) => new ModelLoader(store).stored(name));
      const { weights, ...rest } = stored;
      const shown = { ...rest, parameters: weights.length };
      emit(io, Boolean(options.json), shown, () => [
        `${stored.id} (${stored.kind}, version ${stored.version}, ${stored.createdAt})`,
        `  features (${stored.features.length}): ${stored.features.join(", ")}`,
        `  parameters: ${count(weights.length)}; data ${stored.fingerprint}`,
        ...reportLines(stored.metrics as ClassifierReport),
      ]);
    });
}
