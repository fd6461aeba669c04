import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServer, createApiKey } from "../api/index.js";
import { isoNow, loadConfig } from "../core/index.js";
import { type InboxRow, openStore, type Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { sampleMessage } from "./channels/test-support.js";
import { Dispatcher } from "./dispatcher.js";
import { followInbox, InboxHub, inboxChannel } from "./inbox.js";
import { startDelivery } from "./service.js";
import { deliveryRow, enqueueAll } from "./test-support/deliveries.js";

const POLL_MS = 25;
const signal = () => new AbortController().signal;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function inboxMessage(deliveryId: string, customerId: string) {
  return sampleMessage({
    deliveryId,
    channel: "inapp",
    recipient: { customerId },
    title: `title ${deliveryId}`,
  });
}

function inboxRow(id: string, customerId: string, createdAt: string): InboxRow {
  const row = { id, customer_id: customerId, decision_id: `dec-${id}`, offer_id: null };
  return { ...row, title: `title ${id}`, body: "b", created_at: createdAt, read_at: null };
}

async function eventually(what: string, done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe.each(storeKinds())("the in-app inbox ($name)", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("writes one message per delivery however often it is sent, and publishes it once", async () => {
    const hub = new InboxHub();
    const published: string[] = [];
    const unsubscribe = hub.subscribe("C-once", (row) => published.push(row.id));
    const channel = inboxChannel(store, hub);
    const message = inboxMessage("dlv-once", "C-once");

    expect(await channel.send(message, signal())).toEqual({ providerId: "dlv-once" });
    expect(await channel.send({ ...message, attempt: 2, title: "changed" }, signal())).toEqual({
      providerId: "dlv-once",
    });
    unsubscribe();

    const rows = await store.inbox.list("C-once");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: "dlv-once", decision_id: "dec-1", title: "title dlv-once" });
    expect(published).toEqual(["dlv-once"]);
  });

  it("keeps one message when a crash loses the settle and the dispatcher sends again", async () => {
    const hub = new InboxHub();
    const published: string[] = [];
    hub.subscribe("C-crash", (row) => published.push(row.id));
    const dispatcher = new Dispatcher(store, [inboxChannel(store, hub)]);
    const row = deliveryRow("crash", isoNow(), { channel: "inapp", customer_id: "C-crash" });
    await enqueueAll(store, [row]);

    expect((await dispatcher.drain()).sent).toBe(1);
    // As if the dispatcher had died after sending and before settling: the row is due again.
    await store.db
      .updateTable("deliveries")
      .set({ status: "sending", sent_at: null, next_attempt_at: isoNow() })
      .where("id", "=", row.id)
      .execute();
    expect((await dispatcher.drain()).sent).toBe(1);

    expect(await store.deliveries.get(row.id)).toMatchObject({ status: "sent", attempts: 2 });
    const rows = await store.inbox.list("C-crash");
    expect(rows.map((r) => [r.id, r.title, r.body])).toEqual([[row.id, "Hi Fund", "r"]]);
    expect(published).toEqual([row.id]);
  });

  it("follows new rows from the hub and from other stores' writes, each once", async () => {
    // PGlite cannot be shared: there the "other process" writes through the same store, past the hub.
    const other = kind.name === "pglite" ? undefined : await kind.freshUrl();
    const reader = other ? await openStore(other.url) : store;
    const writer = other ? await openStore(other.url) : store;
    try {
      const hub = new InboxHub();
      const since = new Date().toISOString();
      await writer.inbox.add(inboxRow("old", "C-follow", new Date(Date.parse(since) - 60_000).toISOString()));
      const seen: string[] = [];
      const stop = followInbox(reader, hub, "C-follow", since, (row) => seen.push(row.id), POLL_MS);

      await inboxChannel(reader, hub).send(inboxMessage("from-hub", "C-follow"), signal());
      expect(seen).toEqual(["from-hub"]); // at once, before any poll
      await writer.inbox.add(inboxRow("from-other", "C-follow", new Date().toISOString()));
      await writer.inbox.add(inboxRow("someone-else", "C-other", new Date().toISOString()));
      await eventually("the other store's row", () => seen.includes("from-other"));
      await sleep(POLL_MS * 6); // several more polls find both rows again and pass neither on
      expect(seen).toEqual(["from-hub", "from-other"]);

      stop();
      await writer.inbox.add(inboxRow("after-stop", "C-follow", new Date().toISOString()));
      await inboxChannel(reader, hub).send(inboxMessage("hub-after-stop", "C-follow"), signal());
      await sleep(POLL_MS * 4);
      expect(seen).toEqual(["from-hub", "from-other"]);
    } finally {
      if (other) {
        await reader.close();
        await writer.close();
        await other.cleanup();
      }
    }
  });
});

describe.each(storeKinds())("the inbox over HTTP ($name)", (kind) => {
  it("streams a delivered message as an SSE `inbox` event and lists it", async () => {
    const store = await kind.open();
    const delivery = await startDelivery(store);
    const app = await buildServer({
      store,
      config: loadConfig({}, { piiKey: "inbox-test-pii-key-0123" }),
      delivery,
    });
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    const { key } = await createApiKey(store, ["read"], null, isoNow());
    const headers = { authorization: `Bearer ${key}` };
    const client = new AbortController();
    try {
      expect((await fetch(`${base}/v1/inbox/C-sse/stream`)).status).toBe(401);
      const stream = await fetch(`${base}/v1/inbox/C-sse/stream`, { headers, signal: client.signal });
      expect(stream.status).toBe(200);
      expect(stream.headers.get("content-type")).toMatch(/^text\/event-stream/);
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = "";
      const readUntil = async (pattern: RegExp): Promise<RegExpExecArray> => {
        for (let match = pattern.exec(text); ; match = pattern.exec(text)) {
          if (match) return match;
          const { value, done } = await reader.read();
          if (done) throw new Error(`the stream ended before ${pattern}: ${text}`);
          text += decoder.decode(value, { stream: true });
        }
      };
      await readUntil(/^: inbox stream\n\n/);

      const inbox = delivery.channels.find((c) => c.name === "inapp");
      await inbox?.send(inboxMessage("dlv-sse", "C-sse"), signal());
      const event = await readUntil(/id: (\S+)\nevent: inbox\ndata: (.+)\n\n/);
      expect(event[1]).toBe("dlv-sse");
      expect(JSON.parse(event[2] as string)).toMatchObject({ id: "dlv-sse", title: "title dlv-sse" });

      const listed = await fetch(`${base}/v1/inbox/C-sse`, { headers });
      expect(listed.status).toBe(200);
      expect(await listed.json()).toMatchObject({
        customerId: "C-sse",
        messages: [{ id: "dlv-sse", title: "title dlv-sse", readAt: null }],
      });
    } finally {
      // The client leaves first: app.close() waits for open streams, whose ending is an onClose hook
      // that Fastify runs only after the HTTP server has closed.
      client.abort();
      await app.close();
      await delivery.close();
      await store.close();
    }
  });
});
