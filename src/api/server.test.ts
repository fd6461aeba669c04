import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoNow, loadConfig } from "../core/index.js";
import { buildPortraits } from "../portrait/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { KEY_CACHE_MS } from "./auth.js";
import { buildServer, createApiKey } from "./index.js";

const MAX_BODY = 64 * 1024;

describe.each(storeKinds())("HTTP API on a real loopback server ($name)", (kind) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    store = await kind.open();
    const config = loadConfig({}, { piiKey: "api-test-pii-key-0123", maxBodyBytes: MAX_BODY });
    const app = await buildServer({ store, config });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    close = () => app.close();
    for (const scope of ["ingest", "read", "admin"] as const)
      keys[scope] = (await createApiKey(store, [scope], null, isoNow())).key;
  });
  afterAll(async () => {
    await close();
    await store.close();
  });

  const call = (path: string, init: RequestInit & { key?: string } = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });

  it("answers health without a key", async () => {
    const response = await call("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: kind.name === "sqlite" ? "sqlite" : "postgres",
    });
  });

  it("needs a key with the right scope everywhere else", async () => {
    const body = JSON.stringify({ customers: [{ id: "a1" }] });
    const none = await call("/v1/customers", { method: "POST", body });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    const wrong = await call("/v1/customers", { method: "POST", body, key: "nk_forged_key" });
    expect(wrong.status).toBe(401);
    const readOnly = await call("/v1/customers", { method: "POST", body, key: keys.read });
    expect(readOnly.status).toBe(403);
    expect(await readOnly.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    expect((await call("/metrics")).status).toBe(401);
    expect((await call("/openapi.json")).status).toBe(401);
  });

  it("refuses a key revoked while the server runs, within the key cache's time", async () => {
    const { id, key } = await createApiKey(store, ["read"], "short-lived", isoNow());
    expect((await call("/v1/products", { key })).status).toBe(200);
    expect(await store.apiKeys.revoke(id, isoNow())).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, KEY_CACHE_MS + 50));
    expect((await call("/v1/products", { key })).status).toBe(401);
    expect((await call("/v1/products", { key: keys.read })).status).toBe(200);
  });

  it("ingests batches with the same reject report as files", async () => {
    const response = await call("/v1/customers", {
      method: "POST",
      key: keys.ingest,
      body: JSON.stringify({
        customers: [
          { id: "a1", age: 30, tz: "Asia/Hong_Kong", consent_inapp: true, segment: "gold" },
          { id: "a2", age: "old" },
          { id: "a3", age: 45, name: "Chan Tai Man", id_number: "A1234563", phone: "+852 9123 4567" },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toMatchObject({
      inserted: 2,
      updated: 0,
      rejected: 1,
      errors: [{ row: 2, field: "age" }],
    });

    const products = await call("/v1/products", {
      method: "POST",
      key: keys.admin,
      body: JSON.stringify({
        products: [{ id: "p1", name: "Gold card", category: "card", risk_level: 2, value: 5000 }],
      }),
    });
    expect(await products.json()).toMatchObject({ inserted: 1 });
    const events = await call("/v1/events", {
      method: "POST",
      key: keys.ingest,
      body: JSON.stringify({ events: [{ customer_id: "a1", type: "login", ts: "2026-11-01T08:00:00Z" }] }),
    });
    expect(await events.json()).toMatchObject({ inserted: 1 });
  });

  it("reads a customer without personal identifiers", async () => {
    const response = await call("/v1/customers/a3", { key: keys.read });
    expect(response.status).toBe(200);
    const customer = await response.json();
    expect(customer).toMatchObject({
      id: "a3",
      age: 45,
      identities: [{ subsidiary: "default", sourceId: "a3" }],
    });
    expect(JSON.stringify(customer)).not.toMatch(/Chan|A1234563|9123/);
    const a1 = await (await call("/v1/customers/a1", { key: keys.read })).json();
    expect(a1).toMatchObject({ consents: { inapp: true }, attributes: { segment: "gold" } });
    const missing = await call("/v1/customers/zzz", { key: keys.read });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("serves a customer's portrait with weights and explanations", async () => {
    const before = await call("/v1/customers/a3/portrait", { key: keys.read });
    expect(before.status).toBe(404);
    expect(await before.json()).toMatchObject({
      error: { message: expect.stringContaining("nudge portrait build") },
    });
    await buildPortraits(store, {});
    expect((await call("/v1/customers/a3/portrait")).status).toBe(401);
    const response = await call("/v1/customers/a3/portrait", { key: keys.read });
    expect(response.status).toBe(200);
    const portrait = (await response.json()) as {
      customerId: string;
      tags: { name: string; explanation: string; weight: number }[];
    };
    expect(portrait.customerId).toBe("a3");
    expect(portrait.tags.find((t) => t.name === "age_band")).toMatchObject({
      explanation: "age: 45 → 45-54",
    });
    expect(portrait.tags.every((t) => t.weight > 0)).toBe(true);
    expect(JSON.stringify(portrait)).not.toMatch(/Chan|A1234563|9123/);
    expect((await call("/v1/customers/zzz/portrait", { key: keys.read })).status).toBe(404);
  });

  it("answers bad input with 4xx JSON, never 500", async () => {
    const cases: [RequestInit & { key?: string }, number, string][] = [
      [{ method: "POST", body: "{not json", key: keys.ingest }, 400, "INPUT_INVALID"],
      [
        { method: "POST", body: JSON.stringify({ customers: "many" }), key: keys.ingest },
        400,
        "INPUT_INVALID",
      ],
      [{ method: "POST", body: JSON.stringify({ customers: [] }), key: keys.ingest }, 400, "INPUT_INVALID"],
      [
        { method: "POST", body: JSON.stringify({ clients: [{ id: 1 }] }), key: keys.ingest },
        400,
        "INPUT_INVALID",
      ],
      [
        {
          method: "POST",
          body: JSON.stringify({ customers: [{ id: "x".repeat(MAX_BODY) }] }),
          key: keys.ingest,
        },
        413,
        "PAYLOAD_TOO_LARGE",
      ],
      [
        {
          method: "POST",
          body: "id=1",
          key: keys.ingest,
          headers: { "content-type": "application/x-www-form-urlencoded" },
        },
        415,
        "UNSUPPORTED",
      ],
    ];
    for (const [init, status, code] of cases) {
      const response = await call("/v1/customers", init);
      expect(response.status, String(init.body).slice(0, 40)).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const unknown = await call("/v1/nothing", { key: keys.read });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  });

  it("serves OpenAPI and Prometheus metrics", async () => {
    const spec = (await (await call("/openapi.json", { key: keys.read })).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/v1/customers",
        "/v1/products",
        "/v1/events",
        "/v1/customers/{id}",
        "/v1/customers/{id}/portrait",
        "/healthz",
      ]),
    );
    const metrics = await (await call("/metrics", { key: keys.read })).text();
    expect(metrics).toMatch(/nudge_ingested_rows_total\{kind="customers",outcome="inserted"\} 2/);
    expect(metrics).toMatch(/nudge_http_request_duration_seconds_bucket/);
  });
});
