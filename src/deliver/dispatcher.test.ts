import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../core/index.js";
import type { DeliveryPayload } from "../decide/index.js";
import type { DeliveryRow, Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import type { BackoffPolicy } from "./backoff.js";
import { webhookChannel } from "./channels/index.js";
import { Dispatcher, type DispatcherOptions } from "./dispatcher.js";
import { deliveryRow, enqueueAll, SAMPLE_PAYLOAD } from "./test-support/deliveries.js";
import { type Answer, startReceiver, type WebhookReceiver } from "./test-support/receiver.js";

const SECRET = "whsec-dispatcher-test-0123";
/** Tiny delays, so a test walks through every retry by moving its clock a few milliseconds. */
const FAST_BACKOFF: BackoffPolicy = { baseMs: 1, maxMs: 5, maxAttempts: 5 };
/** Generous for a receiver that answers; the never-answering receiver gets SILENT_TIMEOUT_MS. */
const WEBHOOK_TIMEOUT_MS = 5_000;
const SILENT_TIMEOUT_MS = 100;

function movableClock(startMs = Date.now()) {
  let nowMs = startMs;
  const clock: Clock = { now: () => new Date(nowMs) };
  return {
    clock,
    iso: () => new Date(nowMs).toISOString(),
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

let batch = 0;

/** Enqueues `count` deliveries due at `at`; answers their ids. */
async function enqueue(
  store: Store,
  at: string,
  count: number,
  overrides: { channel?: string; payload?: DeliveryPayload } = {},
): Promise<string[]> {
  const prefix = `b${++batch}`;
  const rows = Array.from({ length: count }, (_, i) =>
    deliveryRow(`${prefix}_${i}`, at, {
      channel: overrides.channel ?? "webhook",
      payload: JSON.stringify(overrides.payload ?? SAMPLE_PAYLOAD),
    }),
  );
  await enqueueAll(store, rows);
  return rows.map((row) => row.id);
}

async function rows(store: Store, ids: readonly string[]): Promise<DeliveryRow[]> {
  return Promise.all(ids.map(async (id) => (await store.deliveries.get(id)) as DeliveryRow));
}

describe.each(storeKinds())("Dispatcher over a loopback webhook ($name)", (kind) => {
  let store: Store;
  let receiver: WebhookReceiver;
  let time: ReturnType<typeof movableClock>;

  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store.close();
  });
  afterEach(async () => {
    await receiver.close();
    await store.db.deleteFrom("deliveries").execute();
  });

  async function setUp(answer: (request: { seen: number; key: string }) => Answer = () => 200) {
    receiver = await startReceiver(SECRET);
    receiver.answer(answer);
    time = movableClock();
  }

  function dispatcher(options: DispatcherOptions = {}, timeoutMs = WEBHOOK_TIMEOUT_MS): Dispatcher {
    const channel = webhookChannel({ url: `${receiver.url}/hooks`, secret: SECRET, timeoutMs });
    return new Dispatcher(store, [channel], { backoff: FAST_BACKOFF, clock: time.clock, ...options });
  }

  /** Drains, moving the clock past each backoff, until no delivery waits for another attempt. */
  async function settleAll(target: Dispatcher): Promise<void> {
    for (let pass = 0; pass <= FAST_BACKOFF.maxAttempts * 2; pass++) {
      await target.drain();
      const counts = await store.deliveries.counts();
      if (!counts.pending && !counts.retry && !counts.sending) return;
      time.advance(FAST_BACKOFF.maxMs + 1);
    }
    throw new Error(`deliveries still waiting: ${JSON.stringify(await store.deliveries.counts())}`);
  }

  it("delivers every row once, rendered, with its idempotency key, signed", async () => {
    await setUp();
    const ids = await enqueue(store, time.iso(), 40);
    const report = await dispatcher({ batchSize: 15, concurrency: 4 }).drain();

    expect(report).toEqual({ claimed: 40, sent: 40, retried: 0, dead: 0 });
    expect(receiver.requests).toHaveLength(40);
    const byId = new Map((await rows(store, ids)).map((row) => [row.id, row]));
    for (const request of receiver.requests) {
      const row = byId.get(request.payload.deliveryId);
      expect(row).toBeDefined();
      expect(request.key).toBe(row?.idempotency_key);
      expect(request.signatureValid).toBe(true);
      expect(request.payload).toMatchObject({
        idempotencyKey: row?.idempotency_key,
        decisionId: row?.decision_id,
        customerId: row?.customer_id,
        offerId: "p1",
        title: "Hi Fund",
        body: "r",
        attempt: 1,
      });
    }
    expect(new Set(receiver.requests.map((r) => r.payload.deliveryId))).toEqual(new Set(ids));
    for (const row of byId.values())
      expect(row).toMatchObject({ status: "sent", attempts: 1, last_error: null, next_attempt_at: null });
    expect(await store.deliveries.counts()).toEqual({ sent: 40 });
  });

  it("retries a 500 after a jittered backoff and ends sent on the third attempt", async () => {
    await setUp(({ seen }) => (seen <= 2 ? 500 : 200));
    const [id] = await enqueue(store, time.iso(), 1);
    const target = dispatcher();

    expect(await target.drain()).toEqual({ claimed: 1, sent: 0, retried: 1, dead: 0 });
    const waiting = (await store.deliveries.get(id as string)) as DeliveryRow;
    expect(waiting).toMatchObject({ status: "retry", attempts: 1 });
    expect(waiting.last_error).toMatch(/^webhook answered HTTP 500/);
    const delay = Date.parse(waiting.next_attempt_at ?? "") - time.clock.now().getTime();
    expect(delay).toBeGreaterThanOrEqual(1);
    expect(delay).toBeLessThanOrEqual(FAST_BACKOFF.maxMs);
    // Not due yet: a drain at the same instant claims nothing.
    expect((await target.drain()).claimed).toBe(0);

    await settleAll(target);
    expect(await store.deliveries.get(id as string)).toMatchObject({
      status: "sent",
      attempts: 3,
      last_error: null,
    });
    expect(receiver.requests.map((r) => r.payload.attempt)).toEqual([1, 2, 3]);
    expect(receiver.applied.size).toBe(1);
  });

  it.each([
    ["answers 500", 500 as Answer, /^webhook answered HTTP 500: refused .* \(after 5 attempts\)$/],
    ["never answers", "silent" as Answer, /^webhook: no answer within 100 ms \(after 5 attempts\)$/],
  ])(
    "dead-letters after the last attempt when the receiver %s, loses nothing, and re-drives",
    async (_, failure, error) => {
      const broken = new Set<string>();
      await setUp(({ key }) => (broken.has(key) ? failure : 200));
      const ids = await enqueue(store, time.iso(), 12);
      for (const row of (await rows(store, ids)).slice(0, 6)) broken.add(row.idempotency_key);
      const target = dispatcher(
        { concurrency: 12 },
        failure === "silent" ? SILENT_TIMEOUT_MS : WEBHOOK_TIMEOUT_MS,
      );

      await settleAll(target);
      const settled = await rows(store, ids);
      const dead = settled.filter((row) => row.status === "dead");
      expect(new Set(dead.map((row) => row.idempotency_key))).toEqual(broken);
      for (const row of dead) {
        expect(row.attempts).toBe(FAST_BACKOFF.maxAttempts);
        expect(row.last_error).toMatch(error);
        expect(receiver.received.get(row.idempotency_key)).toBe(FAST_BACKOFF.maxAttempts);
      }
      expect(settled.filter((row) => row.status === "sent")).toHaveLength(6);
      expect(await store.deliveries.counts()).toEqual({ sent: 6, dead: 6 });

      expect(await store.deliveries.redrive(time.iso())).toBe(6);
      broken.clear();
      await settleAll(target);
      expect(await store.deliveries.counts()).toEqual({ sent: 12 });
      expect(receiver.applied).toEqual(new Set(settled.map((row) => row.idempotency_key)));
      // A re-driven letter starts its retry schedule over: the successful attempt is its first.
      for (const row of await rows(
        store,
        dead.map((d) => d.id),
      ))
        expect(row).toMatchObject({
          status: "sent",
          attempts: 1,
          last_error: null,
        });
    },
  );

  it("dead-letters a 400 after one attempt", async () => {
    await setUp(() => 400);
    const [id] = await enqueue(store, time.iso(), 1);
    await settleAll(dispatcher());
    const row = (await store.deliveries.get(id as string)) as DeliveryRow;
    expect(row).toMatchObject({ status: "dead", attempts: 1, next_attempt_at: null });
    expect(row.last_error).toMatch(/^webhook answered HTTP 400: refused /);
    expect(receiver.requests).toHaveLength(1);
  });

  it("dead-letters a delivery for a channel nobody configured, naming it", async () => {
    await setUp();
    const [id] = await enqueue(store, time.iso(), 1, { channel: "pigeon" });
    expect(await dispatcher().drain()).toEqual({ claimed: 1, sent: 0, retried: 0, dead: 1 });
    expect(await store.deliveries.get(id as string)).toMatchObject({
      status: "dead",
      attempts: 1,
      last_error: "no 'pigeon' channel is configured (have: webhook)",
    });
    expect(receiver.requests).toHaveLength(0);
  });

  it("dead-letters a template with an unknown placeholder without retrying it", async () => {
    await setUp();
    const template = { title: "Hi {{nickname}}", body: "{{reason}}" };
    const [id] = await enqueue(store, time.iso(), 1, { payload: { ...SAMPLE_PAYLOAD, template } });
    await settleAll(dispatcher());
    expect(await store.deliveries.get(id as string)).toMatchObject({
      status: "dead",
      attempts: 1,
      last_error: "template: template uses unknown field: nickname",
    });
    expect(receiver.requests).toHaveLength(0);
  });

  it("claims again a row whose lease ran out (its dispatcher died mid-send), not before", async () => {
    await setUp();
    const leaseMs = 1_000;
    const [id] = await enqueue(store, time.iso(), 1);
    const leaseUntil = new Date(time.clock.now().getTime() + leaseMs).toISOString();
    expect(await store.deliveries.claimDue(time.iso(), 10, leaseUntil)).toHaveLength(1);
    const target = dispatcher({ leaseMs });

    time.advance(leaseMs - 1);
    expect((await target.drain()).claimed).toBe(0);
    time.advance(1);
    expect(await target.drain()).toEqual({ claimed: 1, sent: 1, retried: 0, dead: 0 });
    expect(await store.deliveries.get(id as string)).toMatchObject({ status: "sent", attempts: 1 });
  });
});
