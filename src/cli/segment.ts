/** `nudge segment run|show`: cluster customers of several products and push what their cluster holds. */
import type { Command } from "commander";
import { NudgeError } from "../core/index.js";
import {
  EXTRACTORS,
  type ExtractorName,
  latestSegments,
  type OutlierRule,
  type Replacement,
  runSegments,
  SEGMENT_DEFAULTS,
  type SegmentReport,
} from "../sources/segment/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { count, emit, type Io, progressBar } from "./io.js";
import { countOption, listOption as list, numberOption as number } from "./parse.js";

/** `median`, `median:3,1.4826`, `iqr`, `iqr:1.5`, `zscore:3`. */
export function outlierRuleOption(value: string): OutlierRule {
  const [name, constants = ""] = value.split(":");
  const numbers = constants === "" ? [] : constants.split(",").map(number("--outliers"));
  switch (name) {
    case "median":
      return { rule: "median", n: numbers[0] ?? 3, m: numbers[1] ?? 1.4826 };
    case "iqr":
      return { rule: "iqr", k: numbers[0] ?? 1.5 };
    case "zscore":
      return { rule: "zscore", k: numbers[0] ?? 3 };
    default:
      throw new NudgeError(
        "INPUT_INVALID",
        `--outliers must be median[:n,m], iqr[:k] or zscore[:k], not '${value}'`,
      );
  }
}

const choice =
  <T extends string>(name: string, values: readonly T[]) =>
  (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new NudgeError("INPUT_INVALID", `${name} must be one of ${values.join(", ")}, not '${value}'`);
    return value as T;
  };

interface RunFlags {
  k?: number;
  features?: string[];
  exclude?: string[];
  extractor: ExtractorName;
  dimensions?: number;
  correlation: number;
  epochs: number;
  outliers?: OutlierRule;
  replace: Replacement;
  minProducts: number;
  minCluster?: number;
  minShare?: number;
  seed: number;
  name: string;
  mode: "auto" | "full" | "minibatch";
  write: boolean;
}

export function segmentCommand(program: Command, io: Io): void {
  const segment = program
    .command("segment")
    .description("segment push: cluster, then push what the cluster holds");

  segment
    .command("run")
    .description(
      "cluster customers of at least two products and push each cluster's top product to members lacking it",
    )
    .option("--k <n>", "clusters (default: chosen by silhouette, 2–10)", countOption("--k"))
    .option("--features <names>", "attributes to cluster on, comma-separated (default: all)", list)
    .option("--exclude <names>", "attributes to leave out, comma-separated", list)
    .option(
      "--extractor <name>",
      EXTRACTORS.join("|"),
      choice("--extractor", EXTRACTORS),
      SEGMENT_DEFAULTS.extractor,
    )
    .option(
      "--dimensions <n>",
      "feature dimensions (autoencoder code or principal components)",
      countOption("--dimensions"),
    )
    .option(
      "--correlation <r>",
      "autoencoder: target input/reconstruction correlation",
      number("--correlation"),
      SEGMENT_DEFAULTS.targetCorrelation,
    )
    .option("--epochs <n>", "autoencoder: epoch cap", countOption("--epochs"), SEGMENT_DEFAULTS.epochs)
    .option(
      "--outliers <rule>",
      "median[:n,m] (default median:3,1.4826), iqr[:k] or zscore[:k]",
      outlierRuleOption,
    )
    .option(
      "--replace <how>",
      "mean|clip: what replaces an outlier",
      choice("--replace", ["mean", "clip"] as const),
      "mean",
    )
    .option(
      "--min-products <n>",
      "products a customer must hold to be segmented",
      countOption("--min-products"),
      SEGMENT_DEFAULTS.minProducts,
    )
    .option("--min-cluster <n>", "smallest cluster that pushes", countOption("--min-cluster"))
    .option("--min-share <g>", "smallest share g a pushed product needs", number("--min-share"))
    .option(
      "--mode <mode>",
      "k-means: auto (mini-batch above 2,000,000 customers), full or minibatch",
      choice("--mode", ["auto", "full", "minibatch"] as const),
      "auto",
    )
    .option("--seed <n>", "seed", countOption("--seed"), SEGMENT_DEFAULTS.seed)
    .option("--name <name>", "model name", SEGMENT_DEFAULTS.name)
    .option("--no-write", "report only: register no model, write no candidates")
    .action(async (flags: RunFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const json = Boolean(options.json);
      const progress = progressBar(io, json, "");
      const push = {
        ...(flags.minCluster !== undefined ? { minClusterSize: flags.minCluster } : {}),
        ...(flags.minShare !== undefined ? { minShare: flags.minShare } : {}),
      };
      const report = await withStore(configFor(io, options), (store) =>
        runSegments(store, {
          k: flags.k,
          features: flags.features,
          exclude: flags.exclude,
          extractor: flags.extractor,
          dimensions: flags.dimensions,
          targetCorrelation: flags.correlation,
          epochs: flags.epochs,
          outliers: flags.outliers,
          replacement: flags.replace,
          minProducts: flags.minProducts,
          push,
          seed: flags.seed,
          mode: flags.mode,
          name: flags.name,
          write: flags.write,
          onProgress: (stage, done, total) => progress.update(done, total, stage),
        }).finally(() => progress.stop()),
      );
      emit(io, json, report, () => describe(report));
    });

  segment
    .command("show")
    .description("the latest segment run (or MODEL): clusters, centroids, share weights, pushes")
    .argument("[model]", "segment model id or name")
    .action(async (model: string | undefined, _flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const view = await withStore(configFor(io, options), (store) => latestSegments(store, model));
      if (!view) throw new NudgeError("NOT_FOUND", "no segment run yet: run `nudge segment run`");
      emit(io, Boolean(options.json), view, () => describe(view));
    });
}

function describe(report: SegmentReport): string[] {
  const f = report.features;
  const quality =
    f.correlation !== undefined
      ? `correlation ${f.correlation}${f.reached ? "" : " (target not reached)"}`
      : f.explainedVariance !== undefined
        ? `${Math.round(f.explainedVariance * 100)}% of variance`
        : "standardized columns";
  const cleaned = report.cleaning.filter((c) => c.outliers > 0);
  return [
    `${report.model ?? "(not saved)"}: ${count(report.population)} customers in ${report.k} clusters, silhouette ${report.silhouette}, seed ${report.seed}, ${report.seconds} s`,
    `features: ${f.inputs} columns → ${f.dimensions} by ${f.extractor} (${quality})`,
    `outliers replaced: ${cleaned.length ? cleaned.map((c) => `${c.feature} ${count(c.outliers)}`).join(", ") : "none"}`,
    ...report.clusters.map((c) => {
      const top = c.topProducts
        .slice(0, 3)
        .map((p) => `${p.productId} ${Math.round(p.share * 100)}%`)
        .join(", ");
      const push = c.push
        ? `push ${c.push.productId} to ${count(c.push.candidates)} (${c.push.reason})`
        : "no push";
      return `  cluster ${c.id}: ${count(c.size)} customers; holds ${top}; ${push}`;
    }),
    `${count(report.candidates)} candidates written`,
  ];
}
