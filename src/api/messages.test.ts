import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoNow, loadConfig } from "../core/index.js";
import { affinityData } from "../demo/index.js";
import { ingestObjects } from "../ingest/index.js";
import { buildPortraits } from "../portrait/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { buildServer, createApiKey } from "./index.js";

const END = new Date("2026-11-30T23:59:59Z");

describe.each(storeKinds())("messages over HTTP ($name)", (kind) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;
  const keys: Record<string, string> = {};
  beforeAll(async () => {
    store = await kind.open();
    const data = affinityData({ seed: 8, customers: 300, end: END });
    const customers = data.customers.map((c) => ({ ...c, risk_tolerance: 4 }));
    for (const [k, rows] of [
      ["products", data.products],
      ["customers", customers],
      ["holdings", data.holdings],
      ["events", data.events],
      ["messages", [{ id: "m1", text: "重疾险新品上线，30岁以下投保保费更低", channel: "inapp" }]],
    ] as const)
      await ingestObjects(store, k, rows, { source: "test" });
    await buildPortraits(store, { full: true, asOf: END });
    const app = await buildServer({ store, config: loadConfig({}, { piiKey: "api-test-pii-key-0123" }) });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    close = () => app.close();
    for (const scope of ["read", "decide"] as const)
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

  it("classifies a message: category, confidence, path, fields and tags", async () => {
    const response = await post(
      "/v1/messages/classify",
      { text: "招商银行推出新的理财产品，年化收益率3.5%，60岁以下客户专享" },
      keys.read,
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      category: string;
      path: string;
      fields: { rates: { value: number }[]; ageRange: { max: number } };
      tags: { interest: string; ageMax: number };
    };
    expect(body).toMatchObject({ category: "wealth", path: "dictionary" });
    expect(body.fields.rates[0]?.value).toBe(3.5);
    expect(body.fields.ageRange.max).toBe(60);
    expect(body.tags).toMatchObject({ interest: "wealth", ageMax: 60 });
  });

  it("finds the audience of a typed message without writing anything", async () => {
    const candidates = async () =>
      Number(
        (
          await store.db
            .selectFrom("candidates")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await candidates();
    const response = await post(
      "/v1/messages/classify",
      { text: "Accident insurance from 99 a year", audience: { top: 5, channel: "inapp" } },
      keys.read,
    );
    const body = (await response.json()) as {
      category: string;
      audience: { matched: { matched: string[] }[] };
    };
    expect(body.category).toBe("insurance");
    expect(body.audience.matched.length).toBeGreaterThan(0);
    expect(body.audience.matched[0]?.matched).toContain("interest=insurance");
    expect(await candidates()).toBe(before);
  });

  it("refuses an empty or oversized text and unknown fields with 400", async () => {
    expect((await post("/v1/messages/classify", { text: "" }, keys.read)).status).toBe(400);
    expect((await post("/v1/messages/classify", { text: "x".repeat(5000) }, keys.read)).status).toBe(400);
    expect((await post("/v1/messages/classify", { text: "fund", extra: 1 }, keys.read)).status).toBe(400);
    expect((await post("/v1/messages/classify", { text: "fund" }, undefined)).status).toBe(401);
  });

  it("matches a stored message to customers (decide scope) and writes candidates", async () => {
    expect((await post("/v1/messages/m1/match", { top: 10 }, keys.read)).status).toBe(403);
    const response = await post("/v1/messages/m1/match", { top: 10 }, keys.decide);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      category: string;
      matched: { matched: string[] }[];
      candidates: number;
    };
    expect(body.category).toBe("insurance");
    expect(body.candidates).toBe(body.matched.length);
    expect(body.matched.every((m) => m.matched.includes("interest=insurance"))).toBe(true);
    expect((await post("/v1/messages/nope/match", {}, keys.decide)).status).toBe(404);
  });
});
