import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoNow, loadConfig } from "../core/index.js";
import { segmentPopulation } from "../demo/index.js";
import { ingestObjects } from "../ingest/index.js";
import { registerModel } from "../ml/index.js";
import { runSegments } from "../sources/segment/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { buildServer, createApiKey } from "./index.js";

describe.each(storeKinds())("what the console reads: overview, browsing, models ($name)", (kind) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};
  const today = new Date().toISOString().slice(0, 10);

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
      Array.from({ length: 50 }, (_, i) => ({
        id: `h${String(i).padStart(2, "0")}`,
        age: 30 + i,
        risk_tolerance: 3,
        tz: "UTC",
        consent_inapp: 1,
      })),
      { source: "test" },
    );
    await ingestObjects(
      store,
      "events",
      [
        { customer_id: "h01", type: "login", ts: "2026-10-30T08:00:00Z" },
        { customer_id: "h01", type: "browse", item_id: "fund", ts: "2026-10-30T08:01:00Z" },
        { customer_id: "h02", type: "login", ts: "2026-10-31T09:00:00Z" },
      ],
      { source: "test" },
    );
    const app = await buildServer({
      store,
      config: loadConfig({}, { holdoutShare: 0.1 }),
      policies: { quietHours: null },
    });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    close = () => app.close();
    for (const scope of ["read", "admin"] as const)
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
    // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely and checked with expect
    return { status: response.status, body: (await response.json()) as any };
  };

  it("answers the overview: counts, today's decisions and deliveries, lift and daily trends", async () => {
    const empty = await call("GET", "/v1/overview", keys.read);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ customers: 50, products: 2, campaigns: 0, holdoutShare: 0.1 });
    expect(empty.body.today).toEqual({ day: today, decisions: 0, deliveries: {} });

    const created = await call("POST", "/v1/campaigns", keys.admin, {
      name: "card push",
      source: "offer",
      offerId: "card",
      channel: "inapp",
      controlShare: 0.2,
    });
    expect(created.status).toBe(201);
    const run = await call("POST", `/v1/campaigns/${created.body.id}/run`, keys.admin);
    expect(run.body.contacted).toBeGreaterThan(0);
    const activity = await call("GET", "/v1/customers/h01/activity", keys.read);
    const contacted = (
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          call("GET", `/v1/customers/h${String(i).padStart(2, "0")}/activity`, keys.read),
        ),
      )
    ).find((a) => a.body.decisions.some((d: { arm: string }) => d.arm === "contact"));
    expect(activity.status).toBe(200);
    const decision = contacted?.body.decisions.find((d: { arm: string }) => d.arm === "contact");
    expect(
      (
        await call("POST", "/v1/feedback", keys.admin, {
          customerId: contacted?.body.customerId,
          type: "conversion",
          decisionId: decision.id,
        })
      ).status,
    ).toBe(200);

    const { status, body } = await call("GET", "/v1/overview?days=7", keys.read);
    expect(status).toBe(200);
    expect(body.campaigns).toBe(1);
    expect(body.today.decisions).toBe(run.body.contacted + run.body.holdout + run.body.control);
    expect(body.today.deliveries.pending).toBe(run.body.deliveries);
    expect(body.deliveries.pending).toBe(run.body.deliveries);
    expect(body.lift.campaigns).toHaveLength(1);
    expect(body.lift.campaigns[0]).toMatchObject({ campaignName: "card push", source: null, channel: null });
    expect(body.lift.overall.contacted.conversions).toBe(1);
    expect(body.trend.since.slice(0, 10)).toBe(
      new Date(Date.parse(today) - 6 * 86_400_000).toISOString().slice(0, 10),
    );
    expect(body.trend.decisions).toHaveLength(1);
    expect(body.trend.decisions[0]).toMatchObject({
      day: today,
      arms: { contact: run.body.contacted },
      contacted: { n: run.body.contacted, conversions: 1 },
      baseline: { n: run.body.holdout + run.body.control, conversions: 0 },
    });
    expect(body.trend.deliveries).toEqual([{ day: today, status: { pending: run.body.deliveries } }]);
    // Activity ends with the data, not with today.
    expect(body.trend.activity.until).toBe("2026-10-31T09:00:00.000Z");
    expect(body.trend.activity.days).toEqual([
      { day: "2026-10-30", types: { browse: 1, login: 1 } },
      { day: "2026-10-31", types: { login: 1 } },
    ]);
    expect((await call("GET", "/v1/overview", undefined)).status).toBe(401);
  });

  it("pages through customers and shows one customer's activity; never identifiers", async () => {
    const first = await call("GET", "/v1/customers?limit=20", keys.read);
    expect(first.body.total).toBe(50);
    expect(first.body.customers).toHaveLength(20);
    expect(first.body.customers[0]).toEqual({
      id: "h00",
      age: 30,
      gender: null,
      region: null,
      riskTolerance: 3,
      subsidiary: "default",
    });
    const next = await call("GET", "/v1/customers?limit=20&after=h19", keys.read);
    expect(next.body.customers[0].id).toBe("h20");

    const activity = await call("GET", "/v1/customers/h01/activity", keys.read);
    expect(activity.body.events.map((e: { type: string }) => e.type)).toEqual(["browse", "login"]);
    expect(activity.body.decisions.length).toBeGreaterThan(0);
    expect(activity.body.decisions[0].reasons).toBeInstanceOf(Array);
    expect(JSON.stringify(activity.body)).not.toMatch(/person_key/);
    expect((await call("GET", "/v1/customers/nobody/activity", keys.read)).status).toBe(404);

    const products = await call("GET", "/v1/products", keys.read);
    expect(products.body.products).toEqual([
      { id: "card", name: "Card", category: "card", riskLevel: 1, value: 2000 },
      { id: "fund", name: "Bond fund", category: "fund", riskLevel: 2, value: 8000 },
    ]);
    const channels = await call("GET", "/v1/channels", keys.read);
    expect(channels.body.channels).toEqual(expect.arrayContaining(["inapp", "agent"]));
  });

  it("lists models with metrics, shows one with its retrainability, and retrains store-learned ones", async () => {
    const data = segmentPopulation({ customers: 300, seed: 4, asOf: new Date("2026-12-01T00:00:00Z") });
    await ingestObjects(store, "products", data.products, { source: "test" });
    await ingestObjects(store, "customers", data.customers, { source: "test" });
    await ingestObjects(store, "holdings", data.holdings, { source: "test" });
    const first = await runSegments(store, { k: 3, extractor: "pca", seed: 2 });
    await registerModel(store, {
      kind: "text",
      name: "messages",
      features: ["text"],
      encoder: {},
      params: {},
      fingerprint: "sha256:test",
      metrics: {
        test: {
          accuracy: 0.9,
          macroF1: 0.88,
          confusion: {
            classes: ["a", "b"],
            matrix: [
              [9, 1],
              [1, 9],
            ],
          },
        },
      },
      weights: new Float32Array(0),
    });

    const list = await call("GET", "/v1/models", keys.read);
    expect(list.body.models.map((m: { id: string }) => m.id)).toEqual(
      expect.arrayContaining([first.model, "messages-v1"]),
    );
    const text = await call("GET", "/v1/models/messages", keys.read);
    expect(text.body).toMatchObject({
      id: "messages-v1",
      kind: "text",
      retrain: null,
      curves: {},
      parameters: 0,
    });
    expect(text.body.metrics.test.accuracy).toBe(0.9);
    expect(text.body.metrics.test.confusion.matrix).toEqual([
      [9, 1],
      [1, 9],
    ]);
    const segment = await call("GET", `/v1/models/${first.model}`, keys.read);
    expect(segment.body).toMatchObject({ kind: "segment", retrain: "segment" });

    expect((await call("POST", `/v1/models/${first.model}/retrain`, keys.read)).status).toBe(403);
    const refused = await call("POST", "/v1/models/messages-v1/retrain", keys.admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/nudge model train text/);
    const retrained = await call("POST", `/v1/models/${first.model}/retrain`, keys.admin);
    expect(retrained.status).toBe(200);
    expect(retrained.body).toMatchObject({
      previous: first.model,
      model: { id: "segment-v2", kind: "segment", name: "segment", version: 2 },
    });
    expect((await call("GET", "/v1/models/nope", keys.read)).status).toBe(404);
  }, 60_000);

  it("documents the console's routes in OpenAPI", async () => {
    const doc = await call("GET", "/openapi.json", keys.read);
    for (const path of [
      "/v1/overview",
      "/v1/customers",
      "/v1/customers/{id}/activity",
      "/v1/products",
      "/v1/channels",
      "/v1/models",
      "/v1/models/{id}",
      "/v1/models/{id}/retrain",
    ])
      expect(doc.body.paths[path], path).toBeDefined();
    expect(doc.body.paths["/"]).toBeUndefined();
  });
});

describe("the console's static files", () => {
  let dir: string;
  let base: string;
  let missingBase: string;
  let close: () => Promise<void>;
  let store: Store;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nudge-console-files-"));
    mkdirSync(join(dir, "assets"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Nudge console</title>");
    writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(join(dir, "secret.txt"), "not an asset");
    const kind = storeKinds()[0];
    if (!kind) throw new Error("no store kind");
    store = await kind.open();
    const config = loadConfig({}, {});
    const app = await buildServer({ store, config, consoleDir: dir });
    const missing = await buildServer({ store, config, consoleDir: join(dir, "nowhere") });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    missingBase = await missing.listen({ host: "127.0.0.1", port: 0 });
    close = async () => {
      await app.close();
      await missing.close();
    };
  });
  afterAll(async () => {
    await close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves index.html at / with a strict content security policy, without a key", async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(await page.text()).toMatch(/Nudge console/);
  });

  it("serves hashed assets for a year and nothing outside the assets folder", async () => {
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/text\/javascript/);
    expect(asset.headers.get("cache-control")).toMatch(/immutable/);
    for (const path of [
      "/assets/missing.js",
      "/assets/..%2Fsecret.txt",
      "/assets/%2E%2E%2Fsecret.txt",
      "/secret.txt",
    ]) {
      const response = await fetch(`${base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toMatch(/not an asset/);
    }
  });

  it("says how to build the console when it is not built", async () => {
    const page = await fetch(`${missingBase}/`);
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/npm run build:web/);
  });
});
