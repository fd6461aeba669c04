/**
 * One interface for every channel: `send` delivers one message or throws a `ChannelError` that says
 * whether trying again can help. The dispatcher owns retries, backoff and dead letters; a channel
 * only makes one attempt, within the abort signal's time.
 */

/** Where a message goes, as far as Nudge knows it; a channel reads what it needs. */
export interface Recipient {
  customerId: string;
  /** From the customer's `email` attribute, when present. */
  email?: string;
  /** Enterprise-chat user id, from the customer's `wecom_user` attribute, when present. */
  chatUser?: string;
  /** The customer's agent, from the `agent` attribute, when present. */
  agent?: string;
}

export interface OutboundMessage {
  deliveryId: string;
  /** Stable across retries; receivers deduplicate on it (webhook header, e-mail Message-ID, SMS out_id). */
  idempotencyKey: string;
  decisionId: string;
  channel: string;
  recipient: Recipient;
  offerId: string | null;
  title: string;
  body: string;
  /** Values the templates were rendered from, for providers that render their own (SMS templates). */
  params: Record<string, string>;
  /** 1 for the first attempt. */
  attempt: number;
}

export interface SendResult {
  /** The provider's id for the message, when it gives one. */
  providerId?: string;
}

export interface Channel {
  readonly name: string;
  send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult>;
  /** Releases connections (SMTP pools, sockets). */
  close?(): Promise<void>;
}

/** A failed attempt. `retryable` false sends the delivery to the dead letters at once. */
export class ChannelError extends Error {
  readonly retryable: boolean;
  /** A delay the receiver asked for (HTTP Retry-After), milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ChannelError";
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
  }
}
