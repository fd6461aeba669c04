import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoNow, loadConfig } from "../core/index.js";
import { segmentPopulation } from "../demo/index.js";
import { ingestObjects } from "../ingest/index.js";
import { runSegments } from "../sources/segment/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { buildServer, createApiKey } from "./index.js";

describe.each(storeKinds())("GET /v1/segments ($name)", (kind) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  let key: string;
  beforeAll(async () => {
    store = await kind.open();
    const app = await buildServer({ store, config: loadConfig({}, { piiKey: "api-test-pii-key-0123" }) });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    close = () => app.close();
    key = (await createApiKey(store, ["read"], null, isoNow())).key;
  }, 60_000);
  afterAll(async () => {
    await close();
    await store.close();
  });
  const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });

  it("answers 404 before any run, then the latest run with clusters and pushes", async () => {
    const none = await get("/v1/segments");
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { message: string } }).error.message).toMatch(
      /nudge segment run/,
    );

    const data = segmentPopulation({ customers: 400, seed: 9, asOf: new Date("2026-12-01T00:00:00Z") });
    await ingestObjects(store, "products", data.products, { source: "test" });
    await ingestObjects(store, "customers", data.customers, { source: "test" });
    await ingestObjects(store, "holdings", data.holdings, { source: "test" });
    const first = await runSegments(store, { k: 3, extractor: "pca", seed: 1 });
    const second = await runSegments(store, { k: 4, extractor: "pca", seed: 1 });

    const latest = await get("/v1/segments");
    expect(latest.status).toBe(200);
    const body = (await latest.json()) as {
      model: string;
      k: number;
      clusters: { push: unknown }[];
      projection: unknown[];
    };
    expect(body.model).toBe(second.model);
    expect(body.k).toBe(4);
    expect(body.clusters).toHaveLength(4);
    expect(body.projection).toHaveLength(400);

    const older = await get(`/v1/segments?model=${first.model}`);
    expect(((await older.json()) as { k: number }).k).toBe(3);
    const missing = await get("/v1/segments?model=nope-v9");
    expect(missing.status).toBe(404);
  }, 120_000);
});
