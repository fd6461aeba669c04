/**
 * What behaviour events set off in the propensity source: a `login` scores the customer's next best
 * offers at once (the app is waiting); a `purchase` of a product queues a lookalike expansion, which
 * scans portraits and so runs in the background, one at a time, never twice for the same purchase.
 */
import { type Clock, errorMessage, isNudgeError, type Logger, silentLogger } from "../../core/index.js";
import type { Store } from "../../store/index.js";
import { expandPurchase } from "./expansion.js";
import { type OfferList, PropensityScorer } from "./scorer.js";

/** An accepted behaviour event, as far as triggers care. */
export interface TriggerEvent {
  customerId: string;
  type: string;
  itemId?: string | null;
}

export interface TriggerReport {
  /** Offers scored for each login (customers without a model or record are skipped). */
  logins: OfferList[];
  /** Purchases queued for lookalike expansion. */
  expansionsQueued: number;
}

export class PropensityTriggers {
  private readonly scorer: PropensityScorer;
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly options: { clock?: Clock; logger?: Logger } = {},
  ) {
    this.scorer = new PropensityScorer(store, { clock: options.clock });
  }

  /** The scorer behind logins, shared with the score endpoint so the model is loaded once. */
  get offers(): PropensityScorer {
    return this.scorer;
  }

  /** Reacts to accepted events. */
  async onEvents(events: readonly TriggerEvent[]): Promise<TriggerReport> {
    const logger = this.options.logger ?? silentLogger;
    const logins: OfferList[] = [];
    for (const customerId of new Set(events.filter((e) => e.type === "login").map((e) => e.customerId))) {
      try {
        logins.push(await this.scorer.offers(customerId, { context: "login" }));
      } catch (error) {
        // The login itself is stored whatever happens here: no model yet or an unknown customer means
        // nothing to offer; anything else is logged, never turned into a failed ingest.
        if (isNudgeError(error, "NOT_FOUND"))
          logger.debug({ customerId, reason: errorMessage(error) }, "login without offers");
        else logger.warn({ customerId, error: errorMessage(error) }, "scoring a login failed");
      }
    }
    let expansionsQueued = 0;
    const products = await this.store.products.knownIds(
      events.filter((e) => e.type === "purchase" && e.itemId).map((e) => e.itemId as string),
    );
    for (const event of events) {
      if (event.type !== "purchase" || !event.itemId || !products.has(event.itemId)) continue;
      const key = `${event.customerId}\u001f${event.itemId}`;
      if (this.pending.has(key)) continue;
      this.pending.add(key);
      expansionsQueued++;
      const purchase = { customerId: event.customerId, productId: event.itemId };
      this.queue = this.queue.then(async () => {
        try {
          const result = await expandPurchase(this.store, purchase, { clock: this.options.clock });
          logger.info({ ...purchase, candidates: result.written }, "lookalike expansion");
        } catch (error) {
          logger.warn({ ...purchase, error: errorMessage(error) }, "lookalike expansion failed");
        } finally {
          this.pending.delete(key);
        }
      });
    }
    return { logins, expansionsQueued };
  }

  /** Waits for queued expansions (before the store closes). */
  idle(): Promise<void> {
    return this.queue;
  }
}
