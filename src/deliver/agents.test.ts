import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildServer, createApiKey } from "../api/index.js";
import { isoNow, loadConfig } from "../core/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { ChannelError } from "./channel.js";
import { failureOf, sampleMessage } from "./channels/test-support.js";
import { Dispatcher } from "./dispatcher.js";
import { type Delivery, startDelivery } from "./service.js";
import { deliveryRow, enqueueAll } from "./test-support/deliveries.js";

const AGENT = "ag-1";

/** A connected screen and the messages it received, as parsed JSON. */
interface Screen {
  socket: WebSocket;
  messages: unknown[];
  /** The next message not yet taken. */
  next(): Promise<unknown>;
}

function openScreen(url: string, headers: Record<string, string> = {}): Promise<Screen> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const messages: unknown[] = [];
    let taken = 0;
    let waiting: (() => void) | undefined;
    socket.on("message", (data) => {
      messages.push(JSON.parse(String(data)));
      waiting?.();
    });
    const next = async (): Promise<unknown> => {
      while (messages.length <= taken) await new Promise<void>((wake) => (waiting = wake));
      return messages[taken++];
    };
    socket.once("open", () => resolve({ socket, messages, next }));
    socket.once("error", reject);
  });
}

/** The HTTP status an upgrade is refused with. */
function refusal(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.on("unexpected-response", (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on("error", () => {});
    socket.once("open", () => {
      socket.terminate();
      reject(new Error("the upgrade was accepted"));
    });
  });
}

async function closeScreen(screen: Screen): Promise<void> {
  if (screen.socket.readyState === WebSocket.CLOSED) return;
  await new Promise((resolve) => {
    screen.socket.once("close", resolve);
    screen.socket.close();
  });
}

describe.each(storeKinds())("the agent screen WebSocket ($name)", (kind) => {
  let store: Store;
  let delivery: Delivery;
  let app: FastifyInstance;
  let screenUrl: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    store = await kind.open();
    delivery = await startDelivery(store);
    app = await buildServer({
      store,
      config: loadConfig({}, { piiKey: "agents-test-pii-key-0123" }),
      delivery,
    });
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    screenUrl = `${base.replace(/^http/, "ws")}/v1/agents/${AGENT}/screen`;
    for (const scope of ["read", "ingest"] as const)
      keys[scope] = (await createApiKey(store, [scope], null, isoNow())).key;
  });
  afterAll(async () => {
    await app.close();
    await delivery.close();
    await store.close();
  });

  const bearer = (key: string | undefined) => ({ authorization: `Bearer ${key}` });
  const agentChannel = () => delivery.channels.find((c) => c.name === "agent");

  it("refuses a missing or bad key (401) and a key without the read scope (403)", async () => {
    expect(await refusal(screenUrl)).toBe(401);
    expect(await refusal(screenUrl, bearer("nk_forged_key"))).toBe(401);
    expect(await refusal(`${screenUrl}?key=nk_forged_key`)).toBe(401);
    expect(await refusal(screenUrl, bearer(keys.ingest))).toBe(403);
    expect(delivery.agents.connected).toBe(0);
  });

  it("greets a screen that shows a good key, in the header or the query", async () => {
    for (const screen of [
      await openScreen(screenUrl, bearer(keys.read)),
      await openScreen(`${screenUrl}?key=${encodeURIComponent(keys.read ?? "")}`),
    ]) {
      expect(await screen.next()).toEqual({ type: "hello", agent: AGENT });
      await closeScreen(screen);
    }
  });

  it("brings a delivery for the agent channel to the customer's agent's screen", async () => {
    const at = isoNow();
    await store.customers.upsert([
      {
        id: "C-agent",
        age: null,
        birth_date: null,
        gender: null,
        region: null,
        tz: null,
        risk_tolerance: null,
        subsidiary: null,
        consents: "{}",
        attributes: JSON.stringify({ agent: AGENT }),
        person_key: null,
        created_at: at,
        updated_at: at,
        ingest_run: "run_test",
        ingest_row: 1,
      },
    ]);
    const screen = await openScreen(screenUrl, bearer(keys.read));
    expect(await screen.next()).toMatchObject({ type: "hello" });
    const row = deliveryRow("agent", at, { channel: "agent", customer_id: "C-agent" });
    await enqueueAll(store, [row]);

    const report = await new Dispatcher(store, delivery.channels).drain();
    expect(report).toEqual({ claimed: 1, sent: 1, retried: 0, dead: 0 });
    expect(await screen.next()).toEqual({
      type: "recommendation",
      deliveryId: row.id,
      customerId: "C-agent",
      offerId: "p1",
      title: "Hi Fund",
      body: "r",
    });
    expect(await store.deliveries.get(row.id)).toMatchObject({ status: "sent", attempts: 1 });
    await closeScreen(screen);
  });

  it("fails retryably with no screen connected, so the dispatcher tries later", async () => {
    const screen = await openScreen(screenUrl, bearer(keys.read));
    await screen.next();
    await closeScreen(screen);
    for (let i = 0; i < 100 && delivery.agents.connected > 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(delivery.agents.connected).toBe(0);

    const channel = agentChannel();
    const named = sampleMessage({ channel: "agent", recipient: { customerId: "C-1", agent: AGENT } });
    const unnamed = sampleMessage({ channel: "agent", recipient: { customerId: "C-2" } });
    for (const [message, text] of [
      [named, `agent '${AGENT}' is not connected`],
      [unnamed, "no agent screen is connected"],
    ] as const) {
      const error = await failureOf(
        channel?.send(message, new AbortController().signal) ?? Promise.resolve(),
      );
      expect(error).toBeInstanceOf(ChannelError);
      expect(error).toMatchObject({ retryable: true, message: text });
    }

    const row = deliveryRow("nobody", isoNow(), { channel: "agent", customer_id: "C-nobody" });
    await enqueueAll(store, [row]);
    expect((await new Dispatcher(store, delivery.channels).drain()).retried).toBe(1);
    expect(await store.deliveries.get(row.id)).toMatchObject({
      status: "retry",
      attempts: 1,
      last_error: "no agent screen is connected",
    });
  });
});
