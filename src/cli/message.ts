/** `nudge message tag FILE` and `nudge message match ID --top N`: tag marketing messages, find their audience. */
import type { Command } from "commander";
import { DEFAULT_POLICY_SETTINGS, loadPolicySettings } from "../decide/index.js";
import { ingestFile } from "../ingest/index.js";
import { MessageClassifier, matchMessage, tagMessages } from "../sources/messaging/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { count, emit, type Io, progressBar } from "./io.js";
import { countOption, numberOption } from "./parse.js";

interface ClassifierFlags {
  model?: string;
  threshold?: number;
}

export function messageCommand(program: Command, io: Io): void {
  const message = program
    .command("message")
    .description("marketing messages: category, tags, matched audience");

  message
    .command("tag")
    .description(
      "load messages (id, text[, lang, channel]) and tag each: category, deciding path, keywords, fields, tags",
    )
    .argument("<file>", "CSV, JSONL or Parquet with a header")
    .option("--model <model>", "text model (id or name); default: the latest 'messages' model, if any")
    .option(
      "--threshold <p>",
      "below this classifier confidence the dictionary decides",
      numberOption("--threshold"),
    )
    .action(async (file: string, flags: ClassifierFlags, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await withStore(configFor(io, options), async (store) => {
        const loaded = await ingestFile(store, "messages", file, { actor: "cli" });
        const ids = (await store.messages.list()).filter((m) => m.ingest_run === loaded.run).map((m) => m.id);
        const classifier = await MessageClassifier.load(store, flags);
        const tagged = await tagMessages(store, classifier, { ids });
        return {
          loaded: {
            inserted: loaded.inserted,
            updated: loaded.updated,
            rejected: loaded.rejected,
            errors: loaded.errors,
          },
          messages: tagged,
        };
      });
      emit(io, Boolean(options.json), result, () => [
        `${count(result.messages.length)} messages tagged${result.loaded.rejected ? `, ${count(result.loaded.rejected)} rows rejected` : ""}`,
        ...result.loaded.errors.map((e) => `  row ${e.row}${e.field ? ` ${e.field}` : ""}: ${e.message}`),
        ...result.messages.map((m) => {
          const t = m.tags;
          const limits = [
            t?.ageMin !== null && t?.ageMin !== undefined ? `age ≥ ${t.ageMin}` : "",
            t?.ageMax !== null && t?.ageMax !== undefined ? `age ≤ ${t.ageMax}` : "",
            t?.riskLevel ? `risk ${t.riskLevel}` : "",
          ].filter(Boolean);
          return `  ${m.id}: ${m.category ?? "(none)"} by ${m.path} (${m.confidence}); keywords ${m.keywords.map((k) => k.term).join(" ") || "–"}${limits.length ? `; ${limits.join(", ")}` : ""}`;
        }),
      ]);
    });

  message
    .command("match")
    .description("the customers whose portraits match a stored message; the top N become candidates")
    .argument("<id>", "message id")
    .option("--top <n>", "customers to keep", countOption("--top"), 100)
    .option("--model <model>", "text model (id or name); default: the latest 'messages' model, if any")
    .option(
      "--threshold <p>",
      "below this classifier confidence the dictionary decides",
      numberOption("--threshold"),
    )
    .option("--no-write", "report only, write no candidates")
    .action(
      async (id: string, flags: ClassifierFlags & { top: number; write: boolean }, command: Command) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        const json = Boolean(options.json);
        const config = configFor(io, options);
        const progress = progressBar(io, json, "portraits");
        const result = await withStore(config, async (store) => {
          const settings = config.policiesFile
            ? await loadPolicySettings(config.policiesFile)
            : DEFAULT_POLICY_SETTINGS;
          return matchMessage(store, id, {
            top: flags.top,
            write: flags.write,
            optInChannels: settings.optInChannels,
            classifier: await MessageClassifier.load(store, flags),
            onProgress: (done, total) => progress.update(done, total, "matching"),
          });
        }).finally(() => progress.stop());
        emit(io, json, result, () => [
          `message ${result.messageId}: ${result.category} (by ${result.path}); ${count(result.matched.length)} customers matched of ${count(result.scanned)} portraits; excluded: age ${count(result.excluded.age)}, risk ${count(result.excluded.risk)}, consent ${count(result.excluded.consent)}; ${count(result.candidates)} candidates written`,
          ...result.matched
            .slice(0, 10)
            .map((m) => `  ${m.score.toFixed(4)}  ${m.customerId}  ${m.matched.join(", ")}`),
        ]);
      },
    );
}
