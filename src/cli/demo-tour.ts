/**
 * The demo's tour of deciding, delivering and measuring, after the data is loaded and the models
 * trained: a customer logs in and gets next best offers; three campaigns push through the in-app
 * inbox, a webhook and e-mail; a dispatcher delivers them to receivers the demo runs on loopback (a
 * webhook endpoint that checks signatures and an SMTP mailbox, both real servers); simulated
 * customers respond (the responses are invented: contacted customers convert more often than held-out
 * ones, so the report has something to find); and the lift report compares them with the holdout.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { type Clock, Rng, systemClock } from "../core/index.js";
import {
  type CampaignRunReport,
  createCampaign,
  Decider,
  type DecisionResult,
  propensityProposer,
  runCampaign,
} from "../decide/index.js";
import {
  type Channel,
  Dispatcher,
  smtpChannel,
  startDelivery,
  verifyWebhookSignature,
  webhookChannel,
} from "../deliver/index.js";
import { type LiftReport, liftReport, recordFeedback } from "../feedback/index.js";
import { PropensityScorer } from "../sources/propensity/index.js";
import type { Store } from "../store/index.js";

/** Conversion rates of the simulated responses: contacted customers, and everyone else. */
const SIMULATED_RATES = { contacted: 0.3, baseline: 0.1 };
const DEMO_WEBHOOK_SECRET = "nudge-demo-webhook-secret";

/** A webhook endpoint and an SMTP mailbox on loopback, counting what they receive. */
export class DemoReceivers {
  readonly webhookKeys = new Map<string, number>();
  webhookBadSignatures = 0;
  readonly mails: { to: string; subject: string }[] = [];

  private constructor(
    private readonly http: Server,
    private readonly smtp: SMTPServer,
    readonly webhookUrl: string,
    readonly smtpPort: number,
  ) {}

  static async start(): Promise<DemoReceivers> {
    let receivers: DemoReceivers | undefined;
    const http = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (c: Buffer) => chunks.push(c));
      request.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const ok = verifyWebhookSignature(
          DEMO_WEBHOOK_SECRET,
          String(request.headers["x-nudge-timestamp"] ?? ""),
          body,
          String(request.headers["x-nudge-signature"] ?? ""),
        );
        if (!ok && receivers) receivers.webhookBadSignatures++;
        const key = String(request.headers["idempotency-key"] ?? "");
        receivers?.webhookKeys.set(key, (receivers.webhookKeys.get(key) ?? 0) + 1);
        response.writeHead(ok ? 200 : 401).end();
      });
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      closeTimeout: 100,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const subject = /^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "";
          for (const to of session.envelope.rcptTo) receivers?.mails.push({ to: to.address, subject });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
    receivers = new DemoReceivers(
      http,
      smtp,
      `http://127.0.0.1:${(http.address() as AddressInfo).port}/nudge`,
      (smtp.server.address() as AddressInfo).port,
    );
    return receivers;
  }

  channels(): Channel[] {
    return [
      webhookChannel({ url: this.webhookUrl, secret: DEMO_WEBHOOK_SECRET }),
      smtpChannel({
        host: "127.0.0.1",
        port: this.smtpPort,
        secure: false,
        from: "Nudge demo <offers@demo.nudge.invalid>",
        addressTemplate: "{{customerId}}@demo.nudge.invalid",
        transport: { ignoreTLS: true } as never,
      }),
    ];
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
  }
}

export interface TourReport {
  login: DecisionResult | null;
  campaigns: Record<string, CampaignRunReport>;
  delivered: { sent: number; retried: number; dead: number; inbox: number; webhook: number; email: number };
  simulatedConversions: { contacted: number; baseline: number; rates: typeof SIMULATED_RATES };
  lift: LiftReport;
}

export async function runTour(
  store: Store,
  receivers: DemoReceivers,
  options: { seed: number; holdoutKey?: string; clock?: Clock },
): Promise<TourReport> {
  const clock = options.clock ?? systemClock;
  // The demo runs at any hour: quiet hours would hold every message until the morning.
  const policies = { quietHours: null };
  const decider = new Decider(store, {
    holdoutKey: options.holdoutKey,
    clock,
    proposers: { login: [propensityProposer(new PropensityScorer(store))] },
  });
  // The first customer who is not held out and has something to be offered logs in.
  let login: DecisionResult | null = null;
  for (const customer of await store.customers.list({ limit: 50 })) {
    const result = await decider.decide({ customerId: customer.id, context: "login" });
    if (result.arm === "contact") {
      login = result;
      break;
    }
  }
  const products = await store.products.list();
  const byValue = [...products].sort((a, b) => Number(b.value) - Number(a.value) || (a.id < b.id ? -1 : 1));
  const lowRisk = byValue.filter((p) => (p.risk_level ?? 1) <= 2);
  const pick = (i: number) => (lowRisk[i] ?? byValue[i] ?? byValue[0])?.id as string;
  const plans = [
    { name: "demo-inbox", channel: "inapp", offerId: pick(0), controlShare: 0.1, budgetSends: 400 },
    { name: "demo-webhook", channel: "webhook", offerId: pick(1), controlShare: 0 },
    { name: "demo-email", channel: "email", offerId: pick(2), controlShare: 0.1, budgetSends: 300 },
    // What each customer's segment holds and they lack (nudge segment run wrote the candidates).
    { name: "demo-segment", channel: "inapp", source: "segment", controlShare: 0.1, budgetSends: 300 },
  ];
  const campaigns: Record<string, CampaignRunReport> = {};
  for (const plan of plans) {
    const existing = await store.campaigns.get(plan.name);
    if (!existing)
      await createCampaign(
        store,
        {
          source: "offer",
          ...plan,
          policies,
          template: { title: "{{offer_name}} for you", body: "{{offer_name}} ({{category}}): {{reason}}" },
        },
        { clock, actor: "demo" },
      );
    campaigns[plan.name] = await runCampaign(store, plan.name, {
      clock,
      holdoutKey: options.holdoutKey,
      actor: "demo",
    });
  }
  const delivery = await startDelivery(store, { channels: receivers.channels() });
  const dispatcher = new Dispatcher(store, delivery.channels, { clock });
  const drained = await dispatcher.drain();
  await dispatcher.close();

  // Simulated responses, seeded: the demo has no real customers to answer.
  const rng = new Rng(options.seed);
  const simulated = { contacted: 0, baseline: 0, rates: SIMULATED_RATES };
  for (const plan of plans) {
    const campaign = await store.campaigns.get(plan.name);
    if (!campaign) continue;
    for (const r of await store.decisions.responses(campaign.id)) {
      const contacted = r.arm === "contact";
      if (!rng.chance(contacted ? SIMULATED_RATES.contacted : SIMULATED_RATES.baseline)) continue;
      await recordFeedback(store, { customerId: r.customer_id, type: "conversion", decisionId: r.id });
      simulated[contacted ? "contacted" : "baseline"]++;
    }
  }
  const inbox = await store.db
    .selectFrom("inbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return {
    login,
    campaigns,
    delivered: {
      sent: drained.sent,
      retried: drained.retried,
      dead: drained.dead,
      inbox: Number(inbox.n),
      webhook: receivers.webhookKeys.size,
      email: receivers.mails.length,
    },
    simulatedConversions: simulated,
    lift: await liftReport(store),
  };
}
