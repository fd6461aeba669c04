/**
 * Webhook channel: POSTs each message as JSON to one URL the customer's systems own, signed so the
 * receiver can tell it came from Nudge and was not replayed.
 *
 * Signature: `X-Nudge-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + rawBody)>` with
 * `X-Nudge-Timestamp: <unix seconds>`. A receiver verifies by recomputing the HMAC over the raw bytes
 * it received (before any JSON parsing), comparing in constant time, and rejecting timestamps more
 * than a few minutes old — `verifyWebhookSignature` does all three. It deduplicates on
 * `Idempotency-Key`, which is the same for every attempt of one delivery.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Clock, systemClock } from "../../core/index.js";
import type { Channel, OutboundMessage, SendResult } from "../channel.js";
import { DEFAULT_HTTP_TIMEOUT_MS, exchange, isSuccess, statusError } from "./http.js";

/** How far a signed timestamp may be from the receiver's clock before the request counts as replayed. */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;
const SIGNATURE_PREFIX = "sha256=";

export interface WebhookChannelOptions {
  url: string;
  /** Shared with the receiver; signs every request. */
  secret: string;
  timeoutMs?: number;
  name?: string;
  /** For the signature timestamp. */
  clock?: Clock;
}

/** What the receiver gets as the JSON body. No contact details: the receiver knows its own customers. */
export interface WebhookPayload {
  deliveryId: string;
  idempotencyKey: string;
  decisionId: string;
  channel: string;
  customerId: string;
  offerId: string | null;
  title: string;
  body: string;
  params: Record<string, string>;
  attempt: number;
}

function payloadOf(message: OutboundMessage): WebhookPayload {
  return {
    deliveryId: message.deliveryId,
    idempotencyKey: message.idempotencyKey,
    decisionId: message.decisionId,
    channel: message.channel,
    customerId: message.recipient.customerId,
    offerId: message.offerId,
    title: message.title,
    body: message.body,
    params: message.params,
    attempt: message.attempt,
  };
}

/** The `X-Nudge-Signature` value for a body sent at `timestamp` (unix seconds). */
export function signWebhook(
  secret: string,
  timestamp: string | number,
  rawBody: string | Uint8Array,
): string {
  const hmac = createHmac("sha256", secret).update(`${timestamp}.`).update(rawBody);
  return SIGNATURE_PREFIX + hmac.digest("hex");
}

/**
 * True when `header` (X-Nudge-Signature) signs `rawBody` at `timestamp` (X-Nudge-Timestamp) with
 * `secret`, and the timestamp is within `toleranceSeconds` of `now`. Pass the body exactly as
 * received: re-serialized JSON does not match.
 */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  rawBody: string | Uint8Array,
  header: string,
  toleranceSeconds: number = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  now: Date = new Date(),
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  const given = Buffer.from(header.trim());
  // timingSafeEqual throws on different lengths; a length mismatch is a plain "no".
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A channel that POSTs signed JSON; 2xx is sent, 408/425/429/5xx and no answer are worth retrying. */
export function webhookChannel(options: WebhookChannelOptions): Channel {
  const name = options.name ?? "webhook";
  const timeoutMs = options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const clock = options.clock ?? systemClock;
  if (options.secret.length === 0) throw new Error(`${name}: the signing secret is empty`);

  return {
    name,
    async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
      const rawBody = JSON.stringify(payloadOf(message));
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      const headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": message.idempotencyKey,
        "X-Nudge-Timestamp": timestamp,
        "X-Nudge-Signature": signWebhook(options.secret, timestamp, rawBody),
      };
      const init = { method: "POST", headers, body: rawBody };
      const answer = await exchange(name, options.url, init, signal, timeoutMs);
      if (!isSuccess(answer.status)) throw statusError(name, answer);
      return {};
    },
  };
}
