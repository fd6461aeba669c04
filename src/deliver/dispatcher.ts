/**
 * The dispatcher: claims due deliveries from the outbox (with a lease, so a dispatcher that dies
 * mid-send leaves its rows to be claimed again when the lease ends), renders each payload, sends it
 * through its channel with bounded concurrency, and settles the batch in one transaction: sent, retry
 * after a backoff with jitter, or dead letter after the last attempt or a failure that retrying cannot
 * fix. Delivery is at least once; the idempotency key each message carries makes the effect exactly
 * once at receivers (the inbox, webhooks, e-mail Message-ID, SMS out_id).
 *
 * On SQLite one dispatcher runs per database; on PostgreSQL claims skip rows locked by others, so any
 * number may run side by side.
 */
import {
  type Clock,
  errorMessage,
  type Logger,
  renderTemplate,
  silentLogger,
  systemClock,
} from "../core/index.js";
import type { DeliveryPayload } from "../decide/index.js";
import type { Customer, DeliveryOutcome, DeliveryRow, Store } from "../store/index.js";
import { parseJson } from "../store/index.js";
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from "./backoff.js";
import { type Channel, ChannelError, type OutboundMessage, type Recipient } from "./channel.js";

export interface DispatcherOptions {
  /** Deliveries claimed per round. */
  batchSize?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  /** How long a claim holds; a send must finish well within it. */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  /** Wait between rounds when nothing was due. */
  idleMs?: number;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
}

export interface RoundReport {
  claimed: number;
  sent: number;
  retried: number;
  dead: number;
}

const DEFAULTS = { batchSize: 200, concurrency: 32, leaseMs: 60_000, idleMs: 250 };

export class Dispatcher {
  private readonly channels: Map<string, Channel>;
  private readonly options: Required<Omit<DispatcherOptions, "logger" | "clock" | "random" | "backoff">>;
  private readonly backoff: BackoffPolicy;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  readonly totals: RoundReport = { claimed: 0, sent: 0, retried: 0, dead: 0 };

  constructor(
    private readonly store: Store,
    channels: readonly Channel[],
    options: DispatcherOptions = {},
  ) {
    this.channels = new Map(channels.map((c) => [c.name, c]));
    this.options = {
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      concurrency: options.concurrency ?? DEFAULTS.concurrency,
      leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
      idleMs: options.idleMs ?? DEFAULTS.idleMs,
    };
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? Math.random;
  }

  get channelNames(): string[] {
    return [...this.channels.keys()];
  }

  /** Claims one batch of due deliveries and sends it. */
  async round(): Promise<RoundReport> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs).toISOString();
    const claimed = await this.store.deliveries.claimDue(
      now.toISOString(),
      this.options.batchSize,
      leaseUntil,
    );
    const report: RoundReport = { claimed: claimed.length, sent: 0, retried: 0, dead: 0 };
    if (claimed.length === 0) return report;
    const customers = await this.store.customers.getMany(claimed.map((d) => d.customer_id ?? ""));
    // Every send of the round must end before the lease does, or another dispatcher could claim the
    // rows meanwhile; what has not started by then goes back to the queue untried.
    const budget = this.options.leaseMs - Math.min(5_000, this.options.leaseMs / 4);
    const deadline = Date.now() + budget;
    const signal = AbortSignal.timeout(budget);
    const outcomes: DeliveryOutcome[] = new Array(claimed.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < claimed.length; i = next++) {
        const delivery = claimed[i] as DeliveryRow;
        outcomes[i] =
          deadline - Date.now() < 1
            ? { id: delivery.id, status: "unsent", at: this.clock.now().toISOString(), lease: leaseUntil }
            : {
                ...(await this.attempt(delivery, customers.get(delivery.customer_id ?? ""), signal)),
                lease: leaseUntil,
              };
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, claimed.length) }, worker));
    // A round's sends are recorded as sent when it settles (within its lease), in one statement.
    const settledAt = this.clock.now().toISOString();
    for (const o of outcomes) if (o.status === "sent") o.at = settledAt;
    await this.store.deliveries.settleMany(outcomes);
    for (const o of outcomes) {
      if (o.status === "sent") report.sent++;
      else if (o.status === "retry" || o.status === "unsent") report.retried++;
      else {
        report.dead++;
        this.logger.warn({ delivery: o.id, error: o.error }, "delivery is a dead letter");
      }
    }
    for (const key of ["claimed", "sent", "retried", "dead"] as const) this.totals[key] += report[key];
    return report;
  }

  /** Runs rounds until nothing is due now; answers the totals of this drain. */
  async drain(): Promise<RoundReport> {
    const total: RoundReport = { claimed: 0, sent: 0, retried: 0, dead: 0 };
    for (;;) {
      const report = await this.round();
      for (const key of ["claimed", "sent", "retried", "dead"] as const) total[key] += report[key];
      if (report.claimed === 0) return total;
    }
  }

  /** Runs rounds in the background until `stop`. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        let report: RoundReport | undefined;
        try {
          report = await this.round();
        } catch (error) {
          this.logger.error({ error: errorMessage(error) }, "dispatcher round failed");
        }
        if (!report || report.claimed === 0) await this.sleep(this.options.idleMs);
      }
    })();
  }

  /** Lets a waiting dispatcher look for due deliveries now (after a decision was written). */
  poke(): void {
    this.wake?.();
  }

  /** Finishes the round in flight and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    await Promise.all([...this.channels.values()].map((c) => c.close?.()));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async attempt(
    delivery: DeliveryRow,
    customer: Customer | undefined,
    signal: AbortSignal,
  ): Promise<DeliveryOutcome> {
    const attempt = delivery.attempts + 1;
    try {
      const channel = this.channels.get(delivery.channel);
      if (!channel)
        throw new ChannelError(
          `no '${delivery.channel}' channel is configured (have: ${this.channelNames.join(", ")})`,
          {
            retryable: false,
          },
        );
      const message = messageOf(delivery, customer, attempt);
      await channel.send(message, signal);
      return { id: delivery.id, status: "sent", at: this.clock.now().toISOString() };
    } catch (error) {
      const at = this.clock.now();
      const retryable = error instanceof ChannelError ? error.retryable : true;
      const text = errorMessage(error).slice(0, 1_000);
      if (!retryable || attempt >= this.backoff.maxAttempts)
        return {
          id: delivery.id,
          status: "dead",
          at: at.toISOString(),
          error: retryable ? `${text} (after ${attempt} attempts)` : text,
        };
      const delay = retryDelay(
        attempt,
        this.backoff,
        this.random,
        error instanceof ChannelError ? error.retryAfterMs : undefined,
      );
      return {
        id: delivery.id,
        status: "retry",
        at: at.toISOString(),
        error: text,
        nextAttemptAt: new Date(at.getTime() + delay).toISOString(),
      };
    }
  }
}

/** The message a delivery row stands for, rendered for its customer. */
function messageOf(delivery: DeliveryRow, customer: Customer | undefined, attempt: number): OutboundMessage {
  const payload = parseJson<DeliveryPayload | null>(delivery.payload, null);
  if (!payload?.template)
    throw new ChannelError(`delivery ${delivery.id} has no template`, { retryable: false });
  const customerId = delivery.customer_id ?? "";
  const params = { customer_id: customerId, ...payload.params };
  try {
    return {
      deliveryId: delivery.id,
      idempotencyKey: delivery.idempotency_key,
      decisionId: delivery.decision_id,
      channel: delivery.channel,
      recipient: recipientOf(customerId, customer),
      offerId: payload.offerId,
      title: renderTemplate(payload.template.title, params),
      body: renderTemplate(payload.template.body, params),
      params,
      attempt,
    };
  } catch (error) {
    throw new ChannelError(`template: ${errorMessage(error)}`, { retryable: false, cause: error });
  }
}

function recipientOf(customerId: string, customer: Customer | undefined): Recipient {
  const attributes = customer?.attributes ?? {};
  const text = (name: string) =>
    typeof attributes[name] === "string" ? (attributes[name] as string) : undefined;
  const recipient: Recipient = { customerId };
  const email = text("email");
  const chatUser = text("wecom_user");
  const agent = text("agent");
  if (email) recipient.email = email;
  if (chatUser) recipient.chatUser = chatUser;
  if (agent) recipient.agent = agent;
  return recipient;
}
