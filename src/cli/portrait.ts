/**
 * `nudge portrait build|show|feedback|revert|definitions` and `nudge audience lookalike`.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { NudgeError } from "../core/index.js";
import {
  buildPortraits,
  currentDefinitions,
  DEFAULT_DEFINITIONS,
  loadDefinitions,
  lookalike,
  NEGATIVE_FEEDBACK_TYPES,
  type NegativeFeedbackType,
  portraitOf,
  recordNegativeFeedback,
  revertAdjustment,
} from "../portrait/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { count, emit, type Io, progressBar } from "./io.js";
import { listOption as list, numberOption as number } from "./parse.js";

export function portraitCommand(program: Command, io: Io): void {
  const portrait = program.command("portrait").description("customer portraits: tags, weights, feedback");

  portrait
    .command("build")
    .description("compute portraits of customers with new data since the last build (--full: all)")
    .option("--full", "recompute every customer")
    .option(
      "--tags <file>",
      "tag definitions (JSON or YAML); default: those of the last build, else the shipped ones",
    )
    .option("--as-of <time>", "end of the time windows (ISO time); default now")
    .action(async (flags: { full?: boolean; tags?: string; asOf?: string }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const definitions = flags.tags ? loadDefinitions(flags.tags) : undefined;
      let asOf: Date | undefined;
      if (flags.asOf) {
        asOf = new Date(flags.asOf);
        if (Number.isNaN(asOf.getTime()))
          throw new NudgeError("INPUT_INVALID", `--as-of '${flags.asOf}' is not a time`);
      }
      const progress = progressBar(io, Boolean(options.json), "customers");
      const report = await withStore(configFor(io, options), (store) =>
        buildPortraits(store, {
          full: Boolean(flags.full),
          definitions,
          asOf,
          onProgress: (done, total) => progress.update(done, total, "portraits"),
        }).finally(() => progress.stop()),
      );
      emit(io, Boolean(options.json), report, () => [
        `${report.mode} build ${report.build}${report.resumed ? " (resumed)" : ""}: ${count(report.customers)} customers, ${count(report.terms)} terms, as of ${report.asOf}, ${report.seconds} s`,
      ]);
    });

  portrait
    .command("show")
    .description("a customer's tags with kind, value, weight and why")
    .argument("<id>", "customer id")
    .action(async (id: string, _flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const view = await withStore(configFor(io, options), (store) => portraitOf(store, id));
      emit(io, Boolean(options.json), view, () => [
        `customer ${view.customerId}: ${view.tags.length} tags, as of ${view.asOf} (weights over ${count(view.population)} portraits)`,
        ...view.tags.map(
          (t) =>
            `  ${t.weight.toFixed(4)}  ${t.kind.padEnd(9)} ${t.name} = ${String(t.value)}${t.factor !== 1 ? `  (× ${t.factor} feedback)` : ""}\n` +
            `          ${t.explanation}`,
        ),
        ...view.suppressions.map((s) => `  suppressed: ${s.category} until ${s.until} (${s.adjustment})`),
      ]);
    });

  portrait
    .command("feedback")
    .description("record negative feedback: lower the weights of a message's tags, suppress its category")
    .argument("<customer>", "customer id")
    .requiredOption("--type <type>", NEGATIVE_FEEDBACK_TYPES.join("|"))
    .option("--message <id>", "the pushed message (its tags and category)")
    .option("--tags <list>", "tags to lower (name=value, name, or value), comma-separated", list)
    .option("--category <name>", "category to suppress")
    .option("--factor <x>", "weight multiplier in (0, 1] (default by type)", number("--factor"))
    .option("--days <n>", "days to suppress the category (default by type)", number("--days"))
    .action(
      async (
        customerId: string,
        flags: {
          type: string;
          message?: string;
          tags?: string[];
          category?: string;
          factor?: number;
          days?: number;
        },
        command: Command,
      ) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        const row = await withStore(configFor(io, options), (store) =>
          recordNegativeFeedback(store, {
            customerId,
            type: flags.type as NegativeFeedbackType,
            messageId: flags.message,
            tags: flags.tags,
            category: flags.category,
            factor: flags.factor,
            suppressDays: flags.days,
          }),
        );
        const result = { ...row, terms: JSON.parse(row.terms) as string[] };
        emit(io, Boolean(options.json), result, () => [`${row.id}: ${row.reason}`]);
      },
    );

  portrait
    .command("revert")
    .description("take a negative-feedback adjustment back")
    .argument("<adjustment>", "adjustment id")
    .action(async (id: string, _flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      await withStore(configFor(io, options), (store) => revertAdjustment(store, id));
      emit(io, Boolean(options.json), { id, reverted: true }, () => [`reverted ${id}`]);
    });

  portrait
    .command("definitions")
    .description("print the tag definitions in force (or check a file: --check FILE)")
    .option("--check <file>", "validate a definitions file")
    .option("--defaults", "print the shipped definitions")
    .action(async (flags: { check?: string; defaults?: boolean }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const definitions = flags.check
        ? loadDefinitions(flags.check)
        : flags.defaults
          ? DEFAULT_DEFINITIONS
          : await withStore(configFor(io, options), (store) => currentDefinitions(store));
      if (flags.check)
        emit(
          io,
          Boolean(options.json),
          { valid: true, version: definitions.version, tags: definitions.tags.length },
          () => [`${flags.check}: valid, version ${definitions.version}, ${definitions.tags.length} tags`],
        );
      else emit(io, Boolean(options.json), definitions, () => [JSON.stringify(definitions, null, 2)]);
    });

  const audience = program.command("audience").description("audiences built from portraits");
  audience
    .command("lookalike")
    .description("customers most similar to a seed audience (a product's holders, or ids in a file)")
    .option("--product <id>", "seed: holders of this product (who are then never candidates)")
    .option("--seeds <file>", "seed: a file of customer ids, one per line (a header line 'id' is skipped)")
    .requiredOption("--size <n>", "at most this many customers", number("--size"))
    .option("--threshold <x>", "lowest cosine similarity, 0–1 (default 0.2)", number("--threshold"))
    .option("--save", "store the audience as candidates for --product")
    .action(
      async (
        flags: { product?: string; seeds?: string; size: number; threshold?: number; save?: boolean },
        command: Command,
      ) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        if (!flags.product && !flags.seeds)
          throw new NudgeError("INPUT_INVALID", "give --product or --seeds");
        const seeds = flags.seeds ? readIds(flags.seeds) : undefined;
        const progress = progressBar(io, Boolean(options.json), "portraits");
        const result = await withStore(configFor(io, options), (store) =>
          lookalike(store, {
            seeds,
            product: flags.product,
            size: flags.size,
            threshold: flags.threshold,
            writeCandidates: Boolean(flags.save),
            onProgress: (done, total) => progress.update(done, total, "scoring"),
          }).finally(() => progress.stop()),
        );
        emit(io, Boolean(options.json), result, () => [
          `${count(result.candidates.length)} lookalikes of ${count(result.seeds)} seeds (${count(result.scanned)} scanned, similarity ≥ ${result.threshold})${result.written ? `; ${count(result.written)} candidates stored` : ""}`,
          ...result.candidates
            .slice(0, 20)
            .map((c) => `  ${c.customerId}  ${c.similarity.toFixed(4)}  ${c.reasons.join(", ")}`),
          ...(result.candidates.length > 20 ? [`  … (--json for all)`] : []),
        ]);
      },
    );
}

function readIds(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new NudgeError("INPUT_UNREADABLE", `cannot read ${path}: ${(error as Error).message}`);
  }
  const ids = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .map((line) => (line.split(",")[0] ?? "").trim())
    .filter(Boolean);
  if (ids[0] && ["id", "customer_id"].includes(ids[0].toLowerCase())) ids.shift();
  return ids;
}
