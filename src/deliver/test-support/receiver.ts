/**
 * Test support: a webhook receiver on a loopback port that behaves like a real one. It checks each
 * request's signature, counts requests per `Idempotency-Key`, and applies a key the first time it
 * answers 2xx for it — later requests with the same key are answered 2xx and change nothing.
 */
import type { ServerResponse } from "node:http";
import { startServer } from "../channels/test-support.js";
import { verifyWebhookSignature, type WebhookPayload } from "../channels/webhook.js";

/** One request as the receiver saw it. */
export interface ReceivedWebhook {
  /** The request path: senders that post to different paths can be told apart. */
  path: string;
  key: string;
  payload: WebhookPayload;
  signatureValid: boolean;
  /** 1 for the first request with this key. */
  seen: number;
  /** The key was applied before this request came: a redelivery the receiver absorbed. */
  duplicate: boolean;
  /** Milliseconds since the receiver started. */
  atMs: number;
}

/** What to answer: an HTTP status, or `silent` to never answer (timeouts). */
export type Answer = number | "silent";

export interface WebhookReceiver {
  url: string;
  /** Every request, in the order received. */
  requests: ReceivedWebhook[];
  /** Requests per idempotency key. */
  received: Map<string, number>;
  /** Keys applied, each once, in order. */
  applied: Set<string>;
  /** Requests for a key already applied when they came: what deduplication absorbed. */
  duplicates(): number;
  /** Changes the answer from now on; the default answers 200. */
  answer(decide: (request: ReceivedWebhook) => Answer): void;
  close(): Promise<void>;
}

export async function startReceiver(secret: string, delayMs = 0): Promise<WebhookReceiver> {
  const requests: ReceivedWebhook[] = [];
  const received = new Map<string, number>();
  const applied = new Set<string>();
  const started = Date.now();
  let decide: (request: ReceivedWebhook) => Answer = () => 200;

  const respond = (request: ReceivedWebhook, res: ServerResponse) => {
    const status = decide(request);
    if (status === "silent") return;
    if (status >= 200 && status < 300) applied.add(request.key);
    res.writeHead(status, { "Content-Type": "text/plain" });
    res.end(status < 300 ? "ok" : `refused ${request.key}`);
  };

  const server = await startServer((recorded, res) => {
    const header = (name: string) => String(recorded.headers[name] ?? "");
    const key = header("idempotency-key");
    const seen = (received.get(key) ?? 0) + 1;
    received.set(key, seen);
    const request: ReceivedWebhook = {
      path: recorded.url,
      key,
      payload: JSON.parse(recorded.body) as WebhookPayload,
      signatureValid: verifyWebhookSignature(
        secret,
        header("x-nudge-timestamp"),
        recorded.body,
        header("x-nudge-signature"),
      ),
      seen,
      duplicate: applied.has(key),
      atMs: Date.now() - started,
    };
    requests.push(request);
    if (delayMs > 0) setTimeout(() => respond(request, res), delayMs);
    else respond(request, res);
  });

  return {
    url: server.url,
    requests,
    received,
    applied,
    duplicates: () => requests.filter((r) => r.duplicate).length,
    answer(next) {
      decide = next;
    },
    close: () => server.close(),
  };
}
