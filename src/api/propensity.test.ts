import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, isoNow, loadConfig } from "../core/index.js";
import { affinityData } from "../demo/index.js";
import { ingestObjects } from "../ingest/index.js";
import { buildPortraits } from "../portrait/index.js";
import { trainPropensityFromStore } from "../sources/propensity/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { buildServer, createApiKey } from "./index.js";

const END = new Date("2026-11-30T23:59:59Z");

describe.each(storeKinds())("next best offers over HTTP ($name)", (kind) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};
  const data = affinityData({ seed: 3, customers: 600, end: END });

  beforeAll(async () => {
    store = await kind.open();
    for (const k of ["products", "customers", "holdings", "events"] as const)
      await ingestObjects(store, k, data[k], { source: "test", actor: "test" });
    await buildPortraits(store, { full: true, asOf: END, clock: fixedClock("2026-12-01T00:00:00Z") });
    await trainPropensityFromStore(store, { seed: 1, train: { epochs: 30 } });
    const app = await buildServer({ store, config: loadConfig({}, { piiKey: "api-test-pii-key-0123" }) });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    close = () => app.close();
    for (const scope of ["ingest", "read", "decide"] as const)
      keys[scope] = (await createApiKey(store, [scope], null, isoNow())).key;
  }, 120_000);
  afterAll(async () => {
    await close();
    await store.close();
  });

  const post = (path: string, body: unknown, key: string | undefined) =>
    fetch(`${base}${path}`, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    });

  it("ranks offers with probabilities and reasons, for a key with the decide scope", async () => {
    const denied = await post("/v1/score/propensity", { customerId: "a000001" }, keys.read);
    expect(denied.status).toBe(403);
    const response = await post(
      "/v1/score/propensity",
      { customerId: "a000001", limit: 2, write: false },
      keys.decide,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      model: string;
      offers: { probability: number; reason: string }[];
      candidates: number;
    };
    expect(body.model).toBe("propensity-v1");
    expect(body.offers).toHaveLength(2);
    expect(body.offers[0]?.probability).toBeGreaterThanOrEqual(body.offers[1]?.probability ?? 1);
    expect(body.offers[0]?.reason.length).toBeGreaterThan(0);
    expect(body.candidates).toBe(0);
    expect(await store.candidates.open("a000001")).toEqual([]);
  });

  it("answers 404 for an unknown customer and 400 for a bad body", async () => {
    const missing = await post("/v1/score/propensity", { customerId: "nobody" }, keys.decide);
    expect(missing.status).toBe(404);
    const bad = await post("/v1/score/propensity", { customerId: "a000001", limit: 0 }, keys.decide);
    expect(bad.status).toBe(400);
  });

  it("scores a login event as it arrives and records the offers as candidates", async () => {
    const response = await post(
      "/v1/events",
      {
        events: [
          { customer_id: "a000005", type: "login", ts: "2026-12-01T09:00:00Z" },
          { customer_id: "a000006", type: "login", ts: "not a time" },
        ],
      },
      keys.ingest,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      inserted: number;
      rejected: number;
      triggered: { logins: { customerId: string; context: string; offers: unknown[] }[] };
    };
    expect(body).toMatchObject({ inserted: 1, rejected: 1 });
    expect(body.triggered.logins.map((l) => [l.customerId, l.context])).toEqual([["a000005", "login"]]);
    const candidates = await store.candidates.open("a000005");
    expect(candidates.length).toBe(body.triggered.logins[0]?.offers.length);
    expect(await store.candidates.open("a000006")).toEqual([]);
  });
});
