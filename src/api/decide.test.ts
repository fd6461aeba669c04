import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoNow, loadConfig } from "../core/index.js";
import { startDelivery } from "../deliver/index.js";
import { ingestObjects } from "../ingest/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { buildServer, createApiKey } from "./index.js";

describe.each(storeKinds())("deciding, campaigns, feedback and lift over HTTP ($name)", (kind) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    store = await kind.open();
    await ingestObjects(
      store,
      "products",
      [
        { id: "fund", name: "Bond fund", category: "fund", risk_level: 2, value: 8000 },
        { id: "card", name: "Card", category: "card", risk_level: 1, value: 2000 },
      ],
      { source: "test" },
    );
    await ingestObjects(
      store,
      "customers",
      Array.from({ length: 60 }, (_, i) => ({ id: `h${i}`, risk_tolerance: 3, tz: "UTC", consent_inapp: 1 })),
      { source: "test" },
    );
    await store.candidates.insert(
      ["fund", "card"].map((offer, i) => ({
        id: `k${i}`,
        customer_id: "h1",
        offer_id: offer,
        offer_kind: "product",
        source: "segment",
        score: 0.5,
        expected_value: null,
        reason: "held by 40% of 120 similar customers",
        model_id: null,
        status: "open",
        created_at: isoNow(),
        expires_at: null,
      })),
    );
    // The server dispatches: a decision's inbox delivery reaches the inbox without anyone asking.
    const delivery = await startDelivery(store, { dispatch: true, dispatcher: { idleMs: 20 } });
    const app = await buildServer({
      store,
      config: loadConfig({}, { holdoutShare: 0 }),
      delivery,
      policies: { quietHours: null },
    });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    close = async () => {
      await app.close();
      await delivery.close();
    };
    for (const scope of ["ingest", "read", "decide", "admin"] as const)
      keys[scope] = (await createApiKey(store, [scope], null, isoNow())).key;
  }, 60_000);
  afterAll(async () => {
    await close();
    await store.close();
  });

  const call = async (method: string, path: string, key: string | undefined, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
      },
    });
    return {
      status: response.status,
      // biome-ignore lint/suspicious/noExplicitAny: the test reads JSON answers loosely and checks them with expect
      body: (await response.json()) as Record<string, any>,
    };
  };

  it("answers next best offers at login with reasons, and records the decision", async () => {
    expect((await call("POST", "/v1/decide", keys.read, { customerId: "h1" })).status).toBe(403);
    const bad = await call("POST", "/v1/decide", keys.decide, { customerId: "h1", limit: 0 });
    expect(bad.status).toBe(400);
    const { status, body } = await call("POST", "/v1/decide", keys.decide, {
      customerId: "h1",
      context: "login",
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ customerId: "h1", arm: "contact", channel: "app" });
    const offers = body.offers as { offerId: string; reason: string }[];
    expect(offers.map((o) => o.offerId)).toEqual(["fund", "card"]);
    expect(offers[0]?.reason).toMatch(/similar customers/);
    expect(await store.decisions.get(body.decisionId as string)).toBeDefined();
    expect((await call("POST", "/v1/decide", keys.decide, { customerId: "ghost" })).status).toBe(404);
  });

  it("delivers a decision to the in-app inbox through the dispatcher", async () => {
    const { body } = await call("POST", "/v1/decide", keys.decide, {
      customerId: "h1",
      context: "page",
      channel: "inapp",
    });
    expect(body.deliveryId).toEqual(expect.any(String));
    let inbox: { messages: { id: string; title: string }[] } = { messages: [] };
    for (let i = 0; i < 100 && inbox.messages.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      inbox = (await call("GET", "/v1/inbox/h1", keys.read)).body as never;
    }
    expect(inbox.messages).toEqual([expect.objectContaining({ id: body.deliveryId, title: "Card" })]);
    const deliveries = await call("GET", "/v1/deliveries?status=sent", keys.read);
    expect((deliveries.body.counts as Record<string, number>).sent).toBe(1);
  });

  it("creates and runs a campaign, takes feedback and reports lift", async () => {
    const denied = await call("POST", "/v1/campaigns", keys.read, {
      name: "c",
      source: "offer",
      offerId: "card",
      channel: "inapp",
    });
    expect(denied.status).toBe(403);
    const invalid = await call("POST", "/v1/campaigns", keys.admin, {
      name: "c",
      source: "offer",
      channel: "inapp",
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toMatch(/offerId is required/);
    const created = await call("POST", "/v1/campaigns", keys.admin, {
      name: "cards",
      source: "offer",
      offerId: "card",
      channel: "inapp",
      controlShare: 0.3,
    });
    expect(created.status).toBe(201);
    const run = await call("POST", `/v1/campaigns/${created.body.id}/run`, keys.admin);
    expect(run.status).toBe(200);
    expect((run.body.contacted as number) + (run.body.control as number)).toBeGreaterThan(50);
    const decision = await store.db
      .selectFrom("decisions")
      .selectAll()
      .where("campaign_id", "=", created.body.id as string)
      .where("arm", "=", "contact")
      .executeTakeFirstOrThrow();
    const feedback = await call("POST", "/v1/feedback", keys.ingest, {
      customerId: decision.customer_id,
      type: "conversion",
      decisionId: decision.id,
    });
    expect(feedback.status).toBe(200);
    expect(feedback.body).toMatchObject({ recorded: true, campaignId: created.body.id, arm: "contact" });
    const lift = await call("GET", "/v1/reports/lift?campaign=cards", keys.read);
    expect(lift.status).toBe(200);
    const group = (
      lift.body.groups as { source: string | null; contacted: { n: number; conversions: number } }[]
    ).find((g) => g.source === null);
    expect(group?.contacted).toMatchObject({ n: run.body.contacted, conversions: 1 });
    expect((await call("GET", "/v1/campaigns", keys.read)).body).toEqual([
      expect.objectContaining({ name: "cards" }),
    ]);
  });

  it("re-drives dead letters on request", async () => {
    const none = await call("POST", "/v1/deliveries/retry", keys.admin, {});
    expect(none.status).toBe(400);
    const all = await call("POST", "/v1/deliveries/retry", keys.admin, { all: true });
    expect(all.body).toEqual({ requeued: 0 });
  });

  it("counts decisions and the dispatcher's deliveries in /metrics", async () => {
    const text = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${keys.read}` } })
    ).text();
    expect(text).toMatch(/nudge_decisions_total\{context="login",arm="contact"\} [1-9]/);
    expect(text).toMatch(/nudge_dispatcher_deliveries\{outcome="sent"\} [1-9]/);
  });

  it("documents the routes in OpenAPI", async () => {
    const doc = (await call("GET", "/openapi.json", keys.read)).body as unknown as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      "/v1/decide",
      "/v1/campaigns",
      "/v1/feedback",
      "/v1/reports/lift",
      "/v1/inbox/{customer}",
      "/v1/deliveries/retry",
    ])
      expect(doc.paths[path]).toBeDefined();
  });
});
