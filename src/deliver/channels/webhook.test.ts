import { afterEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/index.js";
import { ChannelError } from "../channel.js";
import {
  closedPort,
  failureOf,
  type Handler,
  type LoopbackServer,
  sampleMessage,
  sendJson,
  startServer,
} from "./test-support.js";
import { signWebhook, verifyWebhookSignature, webhookChannel } from "./webhook.js";

const SECRET = "whsec-test-0123456789";
const NOW = new Date("2025-03-01T10:00:00Z");
const NOW_SECONDS = String(NOW.getTime() / 1000);

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function channelAnswering(handler: Handler, timeoutMs = 2000) {
  server = await startServer(handler);
  return webhookChannel({ url: `${server.url}/hook`, secret: SECRET, timeoutMs, clock: fixedClock(NOW) });
}

function header(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}

describe("webhookChannel", () => {
  it("posts the signed payload with the idempotency key", async () => {
    const channel = await channelAnswering((_req, res) => sendJson(res, 200, { ok: true }));
    await expect(channel.send(sampleMessage(), new AbortController().signal)).resolves.toEqual({});

    const request = server!.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/hook");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["idempotency-key"]).toBe("idem-1");
    expect(request.headers["x-nudge-timestamp"]).toBe(NOW_SECONDS);
    expect(JSON.parse(request.body)).toEqual({
      deliveryId: "dlv-1",
      idempotencyKey: "idem-1",
      decisionId: "dec-1",
      channel: "webhook",
      customerId: "C-001",
      offerId: "travel-card",
      title: "A card for your trip",
      body: "No FX fees, Ada.",
      params: { name: "Ada" },
      attempt: 1,
    });
    const signature = header(request.headers["x-nudge-signature"]);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, NOW_SECONDS, request.body, signature, 300, NOW)).toBe(true);
  });

  it("keeps the idempotency key across attempts of one delivery", async () => {
    const channel = await channelAnswering((_req, res) => sendJson(res, 204, {}));
    const signal = new AbortController().signal;
    await channel.send(sampleMessage({ attempt: 1 }), signal);
    await channel.send(sampleMessage({ attempt: 2 }), signal);
    const keys = server!.requests.map((r) => r.headers["idempotency-key"]);
    expect(keys).toEqual(["idem-1", "idem-1"]);
  });

  it.each([
    [503, true],
    [500, true],
    [429, true],
    [408, true],
    [425, true],
    [400, false],
    [401, false],
    [404, false],
    [410, false],
    [302, false],
  ])("HTTP %i → retryable %s", async (status, retryable) => {
    const channel = await channelAnswering((_req, res) => {
      res.writeHead(status, { Location: "http://127.0.0.1:1/elsewhere" });
      res.end("x".repeat(300));
    });
    const error = await failureOf(channel.send(sampleMessage(), new AbortController().signal));
    expect(error).toBeInstanceOf(ChannelError);
    expect((error as ChannelError).retryable).toBe(retryable);
    expect((error as ChannelError).message).toBe(`webhook answered HTTP ${status}: ${"x".repeat(200)}`);
    expect(server!.requests).toHaveLength(1);
  });

  it("honours Retry-After in seconds and as an HTTP date", async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    const answers = [{ "Retry-After": "7" }, { "Retry-After": inTwoMinutes }];
    const channel = await channelAnswering((_req, res) => sendJson(res, 429, {}, answers.shift()));
    const signal = new AbortController().signal;

    const inSeconds = (await failureOf(channel.send(sampleMessage(), signal))) as ChannelError;
    expect(inSeconds.retryAfterMs).toBe(7000);
    const byDate = (await failureOf(channel.send(sampleMessage(), signal))) as ChannelError;
    expect(byDate.retryAfterMs).toBeGreaterThan(100_000);
    expect(byDate.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it("times out on a receiver that never answers, retryably", async () => {
    const channel = await channelAnswering(() => {}, 200);
    const started = Date.now();
    const error = (await failureOf(
      channel.send(sampleMessage(), new AbortController().signal),
    )) as ChannelError;
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe("webhook: no answer within 200 ms");
  });

  it("stops when the dispatcher cancels", async () => {
    const channel = await channelAnswering(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = (await failureOf(channel.send(sampleMessage(), controller.signal))) as ChannelError;
    expect(error.message).toBe("webhook: cancelled");
    expect(error.retryable).toBe(true);
  });

  it("treats a refused connection as retryable", async () => {
    const port = await closedPort();
    const channel = webhookChannel({ url: `http://127.0.0.1:${port}/hook`, secret: SECRET });
    const error = (await failureOf(
      channel.send(sampleMessage(), new AbortController().signal),
    )) as ChannelError;
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED/);
  });
});

describe("verifyWebhookSignature", () => {
  const body = '{"deliveryId":"dlv-1"}';
  const good = signWebhook(SECRET, NOW_SECONDS, body);

  it("accepts the signature it made, from a string or the raw bytes", () => {
    expect(verifyWebhookSignature(SECRET, NOW_SECONDS, body, good, 300, NOW)).toBe(true);
    expect(verifyWebhookSignature(SECRET, NOW_SECONDS, Buffer.from(body), good, 300, NOW)).toBe(true);
  });

  it.each([
    ["a tampered body", SECRET, NOW_SECONDS, body.replace("1", "2"), good],
    ["a tampered timestamp", SECRET, String(Number(NOW_SECONDS) - 1), body, good],
    ["another secret", "another-secret-0123", NOW_SECONDS, body, good],
    ["a truncated signature", SECRET, NOW_SECONDS, body, good.slice(0, -2)],
    ["a bare hex signature", SECRET, NOW_SECONDS, body, good.slice("sha256=".length)],
    ["a non-numeric timestamp", SECRET, "soon", body, good],
  ])("rejects %s", (_case, secret, timestamp, rawBody, signature) =>
    expect(verifyWebhookSignature(secret, timestamp, rawBody, signature, 300, NOW)).toBe(false),
  );

  it("rejects a replay older than the tolerance", () => {
    const later = new Date(NOW.getTime() + 301_000);
    expect(verifyWebhookSignature(SECRET, NOW_SECONDS, body, good, 300, later)).toBe(false);
    expect(verifyWebhookSignature(SECRET, NOW_SECONDS, body, good, 600, later)).toBe(true);
  });
});
