/**
 * `nudge decide`, `nudge campaign create|list|run|report`, `nudge deliveries list|retry|dispatch`,
 * `nudge feedback` and `nudge report lift`: deciding, delivering and measuring from the command line.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import { type Config, NudgeError } from "../core/index.js";
import {
  type CampaignInput,
  createCampaign,
  DEFAULT_PUSH_TEMPLATE,
  Decider,
  loadPolicySettings,
  propensityProposer,
  runCampaign,
} from "../decide/index.js";
import { Dispatcher, startDelivery } from "../deliver/index.js";
import {
  type CampaignUplift,
  campaignUplift,
  FEEDBACK_TYPES,
  type LiftGroup,
  liftReport,
  recordFeedback,
  writeCampaignOutcomes,
} from "../feedback/index.js";
import { PropensityScorer } from "../sources/propensity/index.js";
import type { Store } from "../store/index.js";
import { configFor, type GlobalOptions, withStore } from "./context.js";
import { count, emit, type Io, progressBar } from "./io.js";
import { countOption, numberOption } from "./parse.js";

async function policiesOf(config: Config) {
  return config.policiesFile ? await loadPolicySettings(config.policiesFile) : undefined;
}

/** A JSON value given inline or as @FILE (JSON or YAML). */
function jsonArgument(name: string) {
  return (value: string): unknown => {
    try {
      if (value.startsWith("@")) return parseYaml(readFileSync(value.slice(1), "utf8"));
      return JSON.parse(value);
    } catch (error) {
      throw new NudgeError("INPUT_INVALID", `${name}: ${(error as Error).message}`);
    }
  };
}

export function decideCommand(program: Command, io: Io): void {
  program
    .command("decide")
    .description("a customer's next best offers now, ranked with reasons; records the decision")
    .argument("<customer>", "customer id")
    .option("--context <context>", "login, browse, …", "login")
    .option(
      "--channel <channel>",
      "app (the answer is shown by the caller) or a channel to deliver through",
      "app",
    )
    .option("--limit <n>", "offers to answer", countOption("--limit"), 3)
    .action(
      async (
        customerId: string,
        flags: { context: string; channel: string; limit: number },
        command: Command,
      ) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        const config = configFor(io, options);
        const result = await withStore(config, async (store) => {
          const decider = new Decider(store, {
            settings: await policiesOf(config),
            holdoutKey: config.holdoutKey,
            holdoutShare: config.holdoutShare,
            proposers: { login: [propensityProposer(new PropensityScorer(store))] },
          });
          return decider.decide({
            customerId,
            context: flags.context,
            channel: flags.channel,
            limit: flags.limit,
          });
        });
        emit(io, Boolean(options.json), result, () => [
          `decision ${result.decisionId} for ${result.customerId} (${result.context}, ${result.channel}): ${result.arm}`,
          ...(result.arm === "holdout" ? ["  in the global holdout: measured, not contacted"] : []),
          ...result.offers.map(
            (o, i) =>
              `  ${i + 1}. ${o.name ?? o.offerId} [${o.source}] score ${o.score.toFixed(3)}, priority ${o.priority}${o.scheduledAt ? `, at ${o.scheduledAt}` : ""}\n     ${o.reason}`,
          ),
          ...result.dropped.map((d) => `  dropped ${d.offerId} [${d.source}] by ${d.policy}: ${d.reason}`),
          ...(result.deliveryId ? [`  delivery ${result.deliveryId} queued`] : []),
        ]);
      },
    );

  const campaign = program.command("campaign").description("batch sends: create, list, run, report");
  campaign
    .command("create")
    .description("create a campaign from a source, an audience, a channel and a schedule")
    .option("--file <file>", "the campaign as YAML or JSON (flags override its fields)")
    .option("--name <name>")
    .option("--source <source>", "candidate source (propensity, segment, lookalike, …) or 'offer'")
    .option("--offer <id>", "the product pushed when --source offer")
    .option("--channel <channel>", "inbox, webhook, email, sms, wecom, agent")
    .option(
      "--audience <rule>",
      "JsonLogic rule over profile and tags, inline JSON or @FILE",
      jsonArgument("--audience"),
    )
    .option("--title <text>", "message title template ({{offer_name}}, {{reason}}, …)")
    .option("--body <text>", "message body template")
    .option(
      "--control-share <share>",
      "share of the audience kept as control (0–0.5)",
      numberOption("--control-share"),
    )
    .option("--budget-sends <n>", "most contacts", countOption("--budget-sends"))
    .option("--budget-cost <minor>", "most spend, minor units", countOption("--budget-cost"))
    .option("--cost-per-send <minor>", "cost of one contact, minor units", countOption("--cost-per-send"))
    .option("--start <time>", "not before (ISO time)")
    .option("--end <time>", "not after (ISO time)")
    .option("--schedule <when>", "once|daily: `nudge serve` runs it when due (default: run by hand)")
    .option("--policies <json>", "policy overrides, inline JSON or @FILE", jsonArgument("--policies"))
    .action(async (flags: Record<string, unknown>, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const base = (flags.file ? jsonArgument("--file")(`@${flags.file}`) : {}) as Record<string, unknown>;
      const input = {
        ...base,
        ...defined({
          name: flags.name,
          source: flags.source,
          offerId: flags.offer,
          channel: flags.channel,
          audience: flags.audience,
          controlShare: flags.controlShare,
          budgetSends: flags.budgetSends,
          budgetCost: flags.budgetCost,
          costPerSend: flags.costPerSend,
          startAt: flags.start,
          endAt: flags.end,
          schedule: flags.schedule,
          policies: flags.policies,
        }),
      } as Record<string, unknown>;
      if (flags.title || flags.body) {
        // Either text alone keeps the other from the file, else from the default template.
        const template = (base.template ?? DEFAULT_PUSH_TEMPLATE) as Record<string, unknown>;
        input.template = { ...template, ...defined({ title: flags.title, body: flags.body }) };
      }
      const row = await withStore(configFor(io, options), (store) =>
        createCampaign(store, input as CampaignInput),
      );
      emit(io, Boolean(options.json), { id: row.id, name: row.name, status: row.status }, () => [
        `campaign ${row.name} (${row.id}): ${row.source} → ${row.channel}`,
      ]);
    });

  campaign
    .command("list")
    .description("campaigns, newest first")
    .action(async (_flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const rows = await withStore(configFor(io, options), (store) => store.campaigns.list());
      emit(
        io,
        Boolean(options.json),
        {
          campaigns: rows.map((r) => ({
            id: r.id,
            name: r.name,
            source: r.source,
            channel: r.channel,
            status: r.status,
          })),
        },
        () => rows.map((r) => `${r.id}  ${r.name}  ${r.source} → ${r.channel}  ${r.status}`),
      );
    });

  campaign
    .command("run")
    .description("decide the campaign for its audience today and queue its deliveries")
    .argument("<campaign>", "id or name")
    .action(async (name: string, _flags: unknown, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const config = configFor(io, options);
      const progress = progressBar(io, Boolean(options.json), "customers");
      const report = await withStore(config, async (store) =>
        runCampaign(store, name, {
          holdoutKey: config.holdoutKey,
          holdoutShare: config.holdoutShare,
          settings: await policiesOf(config),
          onProgress: (done, total) => progress.update(done, total, "customers"),
        }).finally(() => progress.stop()),
      );
      emit(io, Boolean(options.json), report, () => [
        `campaign ${report.campaign}, slot ${report.slot}: ${count(report.inAudience)} in audience of ${count(report.customers)}`,
        `  contacted ${count(report.contacted)} (${count(report.deferred)} deferred), holdout ${count(report.holdout)}, control ${count(report.control)}, over budget ${count(report.overBudget)}, nothing to send ${count(report.nothingToSend)}`,
        `  deliveries queued ${count(report.deliveries)}; already decided today ${count(report.alreadyDecided)}`,
        ...Object.entries(report.drops).map(([policy, n]) => `  dropped by ${policy}: ${count(n)}`),
      ]);
    });

  campaign
    .command("report")
    .description(
      "lift of a campaign against holdout and control, with confidence intervals; writes its outcomes",
    )
    .argument("<campaign>", "id or name")
    .option("--confidence <level>", "confidence level", numberOption("--confidence"), 0.95)
    .action(async (name: string, flags: { confidence: number }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const report = await withStore(configFor(io, options), async (store) => {
        const row = await campaignOf(store, name);
        const outcomes = await writeCampaignOutcomes(store, row.id);
        return {
          ...(await liftReport(store, { campaignId: row.id, confidence: flags.confidence })),
          outcomes,
          uplift: await campaignUplift(store, row.id),
        };
      });
      emit(io, Boolean(options.json), report, () => [
        ...liftLines(report.groups, report.confidence),
        ...upliftLines(report.uplift),
      ]);
    });

  const report = program.command("report").description("reports");
  report
    .command("lift")
    .description(
      "conversion of contacted vs holdout/control with confidence intervals, per campaign, source and channel",
    )
    .option("--campaign <campaign>", "one campaign (id or name)")
    .option("--since <time>", "decisions from (ISO time)")
    .option("--confidence <level>", "confidence level", numberOption("--confidence"), 0.95)
    .action(async (flags: { campaign?: string; since?: string; confidence: number }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await withStore(configFor(io, options), async (store) => {
        const campaignId = flags.campaign ? (await campaignOf(store, flags.campaign)).id : undefined;
        if (campaignId) await writeCampaignOutcomes(store, campaignId);
        return liftReport(store, { campaignId, since: flags.since, confidence: flags.confidence });
      });
      emit(io, Boolean(options.json), result, () => [
        ...liftLines(result.groups, result.confidence),
        ...liftLines([result.overall], result.confidence, "overall"),
      ]);
    });

  const deliveries = program
    .command("deliveries")
    .description("the outbox: list, re-drive dead letters, dispatch");
  deliveries
    .command("list")
    .description("deliveries by status (default: dead letters) and counts")
    .option("--status <status>", "pending|sending|retry|sent|dead", "dead")
    .option("--limit <n>", "rows", countOption("--limit"), 100)
    .action(async (flags: { status: string; limit: number }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const result = await withStore(configFor(io, options), async (store) => ({
        counts: await store.deliveries.counts(),
        deliveries: await store.deliveries.byStatus(flags.status, flags.limit),
      }));
      emit(io, Boolean(options.json), result, () => [
        Object.entries(result.counts)
          .map(([s, n]) => `${s} ${count(n)}`)
          .join(", ") || "no deliveries",
        ...result.deliveries.map(
          (d) =>
            `${d.id}  ${d.channel}  ${d.customer_id ?? ""}  attempts ${d.attempts}  ${d.last_error ?? ""}`,
        ),
      ]);
    });

  deliveries
    .command("retry")
    .description("re-drive dead letters (the given ids, or --all)")
    .argument("[ids...]", "delivery ids")
    .option("--all", "every dead letter")
    .action(async (ids: string[], flags: { all?: boolean }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      if (ids.length === 0 && !flags.all)
        throw new NudgeError("INPUT_INVALID", "name delivery ids or pass --all");
      const requeued = await withStore(configFor(io, options), (store) =>
        store.deliveries.redrive(new Date().toISOString(), flags.all ? undefined : ids),
      );
      emit(io, Boolean(options.json), { requeued }, () => [`${count(requeued)} dead letters queued again`]);
    });

  deliveries
    .command("dispatch")
    .description(
      "send due deliveries through the configured channels (NUDGE_CHANNELS); --until-empty stops when none is due",
    )
    .option("--until-empty", "stop when nothing is due")
    .option("--batch <n>", "deliveries per round", countOption("--batch"), 200)
    .option("--concurrency <n>", "sends in flight", countOption("--concurrency"), 32)
    .action(async (flags: { untilEmpty?: boolean; batch: number; concurrency: number }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>();
      const config = configFor(io, options);
      const totals = await withStore(config, async (store) => {
        const delivery = await startDelivery(store, {
          channelsFile: config.channelsFile,
          dispatch: false,
        });
        const dispatcher = new Dispatcher(store, delivery.channels, {
          batchSize: flags.batch,
          concurrency: flags.concurrency,
        });
        try {
          if (flags.untilEmpty) return await dispatcher.drain();
          dispatcher.start();
          await new Promise<void>((resolve) => {
            process.once("SIGINT", resolve);
            process.once("SIGTERM", resolve);
          });
          await dispatcher.stop();
          return dispatcher.totals;
        } finally {
          await dispatcher.close();
        }
      });
      emit(io, Boolean(options.json), totals, () => [
        `claimed ${count(totals.claimed)}: sent ${count(totals.sent)}, retry ${count(totals.retried)}, dead ${count(totals.dead)}`,
      ]);
    });

  program
    .command("feedback")
    .description("record feedback on what was sent, credited to a decision")
    .argument("<customer>", "customer id")
    .requiredOption("--type <type>", FEEDBACK_TYPES.join("|"))
    .option("--decision <id>")
    .option("--delivery <id>")
    .option("--offer <id>")
    .option("--ts <time>", "when (ISO time; default now)")
    .option("--value <minor>", "amount, minor units", numberOption("--value"))
    .action(
      async (
        customerId: string,
        flags: {
          type: string;
          decision?: string;
          delivery?: string;
          offer?: string;
          ts?: string;
          value?: number;
        },
        command: Command,
      ) => {
        const options = command.optsWithGlobals<GlobalOptions>();
        const result = await withStore(configFor(io, options), (store) =>
          recordFeedback(
            store,
            defined({
              customerId,
              type: flags.type,
              decisionId: flags.decision,
              deliveryId: flags.delivery,
              offerId: flags.offer,
              ts: flags.ts,
              value: flags.value,
            }) as never,
          ),
        );
        emit(io, Boolean(options.json), result, () => [
          `${result.recorded ? "recorded" : "already recorded"} ${flags.type} ${result.id}${result.decisionId ? ` for decision ${result.decisionId}` : " (no decision in the attribution window)"}`,
        ]);
      },
    );
}

async function campaignOf(store: Store, name: string) {
  const row = await store.campaigns.get(name);
  if (!row) throw new NudgeError("NOT_FOUND", `no campaign '${name}'`);
  return row;
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

function percent(x: number | null): string {
  return x === null ? "–" : `${(x * 100).toFixed(2)}%`;
}

/** The realised Qini of a campaign's scores, beside each scoring model's held-out Qini. */
function upliftLines(uplift: CampaignUplift): string[] {
  if (uplift.models.length === 0) return [];
  const models = uplift.models.map(
    (m) =>
      `${m.id} (${m.kind ?? "?"}, ${count(m.decisions)} decisions)${m.heldOut ? `: held-out Qini ${m.heldOut.qini.toFixed(4)}, AUUC ${m.heldOut.auuc.toFixed(4)}` : ""}`,
  );
  const r = uplift.realised;
  return [
    `scored by ${models.join("; ")}`,
    r
      ? `realised: Qini ${r.qini.toFixed(4)}, AUUC ${r.auuc.toFixed(4)}, uplift at 10/20/30% ${[r.upliftAt[10], r.upliftAt[20], r.upliftAt[30]].map((v) => v.toFixed(4)).join(" / ")} over ${count(uplift.rows.contacted)} contacted and ${count(uplift.rows.baseline)} held out`
      : `realised Qini unavailable: ${uplift.unavailable}`,
  ];
}

function liftLines(groups: readonly LiftGroup[], confidence: number, label?: string): string[] {
  const level = `${Math.round(confidence * 100)}% CI`;
  return groups.map((g) => {
    const name =
      label ?? [g.campaignName ?? g.campaign ?? "real-time", g.source, g.channel].filter(Boolean).join(" / ");
    return (
      `${name}: contacted ${percent(g.contacted.rate)} of ${count(g.contacted.n)} [${percent(g.contacted.low)}, ${percent(g.contacted.high)}]` +
      ` vs baseline ${percent(g.baseline.rate)} of ${count(g.baseline.n)} [${percent(g.baseline.low)}, ${percent(g.baseline.high)}];` +
      ` lift ${percent(g.difference.difference)} (${level} ${percent(g.difference.low)} … ${percent(g.difference.high)})${g.significant ? " significant" : ""}`
    );
  });
}
