/**
 * The in-app inbox (channel `inapp`, the name consents use): delivering writes one inbox row keyed by the delivery id (a redelivery after a
 * crash finds the row and writes nothing: exactly one message) and tells listeners in this process
 * at once. Streams in other processes find new rows by polling (`InboxFeed`).
 */
import { EventEmitter } from "node:events";
import type { InboxRow, Store } from "../store/index.js";
import type { Channel } from "./channel.js";

/** In-process notice of new inbox rows, by customer. */
export class InboxHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open stream; a busy server has many.
    this.emitter.setMaxListeners(0);
  }

  publish(row: InboxRow): void {
    this.emitter.emit(row.customer_id, row);
  }

  subscribe(customerId: string, listener: (row: InboxRow) => void): () => void {
    this.emitter.on(customerId, listener);
    return () => this.emitter.off(customerId, listener);
  }
}

export function inboxChannel(store: Store, hub?: InboxHub): Channel {
  return {
    name: "inapp",
    async send(message) {
      const row: InboxRow = {
        id: message.deliveryId,
        customer_id: message.recipient.customerId,
        decision_id: message.decisionId,
        offer_id: message.offerId,
        title: message.title,
        body: message.body,
        created_at: new Date().toISOString(),
        read_at: null,
      };
      if (await store.inbox.add(row)) hub?.publish(row);
      return { providerId: message.deliveryId };
    },
  };
}

/** How far back each poll looks behind the newest row seen: rows another process stamped a little earlier
 * (clock skew between servers, a slow commit) still arrive. */
const POLL_OVERLAP_MS = 5_000;

/**
 * New inbox rows of one customer, as they come: at once from the hub, and from polling the table for
 * rows written by other processes. Each row is passed on once.
 */
export function followInbox(
  store: Store,
  hub: InboxHub | undefined,
  customerId: string,
  since: string,
  onRow: (row: InboxRow) => void,
  pollMs = 1_000,
): () => void {
  const seen = new Map<string, string>();
  const floor = Date.parse(since) - 1;
  let newest = since;
  let closed = false;
  const pass = (row: InboxRow) => {
    if (closed || seen.has(row.id)) return;
    seen.set(row.id, row.created_at);
    if (row.created_at > newest) newest = row.created_at;
    onRow(row);
  };
  const unsubscribe = hub?.subscribe(customerId, pass);
  let polling = false;
  const timer = setInterval(async () => {
    if (polling || closed) return;
    polling = true;
    try {
      const from = new Date(Math.max(Date.parse(newest) - POLL_OVERLAP_MS, floor)).toISOString();
      for (const row of await store.inbox.list(customerId, { after: from, limit: 1_000 })) pass(row);
      // Ids older than the overlap are never read again: forget them.
      for (const [id, at] of seen) if (at < from) seen.delete(id);
    } catch {
      // A failed poll is tried again on the next tick; the stream stays open.
    } finally {
      polling = false;
    }
  }, pollMs);
  timer.unref();
  return () => {
    closed = true;
    clearInterval(timer);
    unsubscribe?.();
  };
}
