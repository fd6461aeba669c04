import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AMBIGUOUS, type Store } from "./index.js";
import { storeKinds } from "./test-support/stores.js";

const T0 = "2026-01-01T00:00:00.000Z";
const T1 = "2026-01-02T00:00:00.000Z";

function customer(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    age: 40,
    birth_date: null,
    gender: "F",
    region: "Lisbon",
    tz: "Europe/Lisbon",
    risk_tolerance: 3,
    subsidiary: "bank",
    consents: JSON.stringify({ email: 1, sms: 0 }),
    attributes: JSON.stringify({ job: "admin.", balance: 1200 }),
    person_key: null,
    created_at: T0,
    updated_at: T0,
    ingest_run: "run_a",
    ingest_row: 1,
    ...overrides,
  };
}

describe.each(storeKinds())("store on $name", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it("migrates idempotently", async () => {
    expect(await store.migrate()).toEqual([]);
  });

  it("upserts customers, keeps created_at, decodes consents and attributes", async () => {
    await store.customers.upsert([customer("c1"), customer("c2", { age: null })]);
    await store.customers.upsert([customer("c1", { age: 41, created_at: T1, updated_at: T1 })]);
    const c1 = await store.customers.get("c1");
    expect(c1).toMatchObject({
      id: "c1",
      age: 41,
      created_at: T0,
      updated_at: T1,
      consents: { email: true, sms: false },
      attributes: { job: "admin.", balance: 1200 },
    });
    expect((await store.customers.get("c2"))?.age).toBeNull();
    expect(await store.customers.count()).toBe(2);
    expect((await store.customers.list({ after: "c1" })).map((c) => c.id)).toEqual(["c2"]);
  });

  it("reports provenance of existing rows, by single and composite keys", async () => {
    const existing = await store.customers.existingRecords(["c1", "nope"]);
    expect([...existing.keys()]).toEqual(["c1"]);
    expect(existing.get("c1")).toMatchObject({
      ingest_run: "run_a",
      ingest_row: 1,
      consents: '{"email":1,"sms":0}',
    });

    await store.products.upsert([
      {
        id: "p1",
        name: "Term deposit",
        category: "deposit",
        risk_level: 1,
        value: 12_345_678_901,
        attributes: "{}",
        created_at: T0,
        updated_at: T0,
        ingest_run: "r",
        ingest_row: 1,
      },
    ]);
    expect((await store.products.get("p1"))?.value).toBe(12_345_678_901);
    await store.holdings.upsert([
      {
        customer_id: "c1",
        product_id: "p1",
        since: "2020-01-01",
        amount: 500,
        updated_at: T0,
        ingest_run: "r",
        ingest_row: 2,
      },
    ]);
    const holdings = await store.holdings.existing([
      { customer_id: "c1", product_id: "p1" },
      { customer_id: "c2", product_id: "p1" },
    ]);
    expect([...holdings.keys()]).toEqual(["c1\u001fp1"]);
    expect(await store.products.knownIds(["p1", "p9"])).toEqual(new Set(["p1"]));
  });

  it("upserts and looks up whole batches inside a transaction, by single and composite keys", async () => {
    // 70 rows: two full multi-row statements and a remainder; keys spread over many composite groups.
    const rows = Array.from({ length: 70 }, (_, i) => ({
      customer_id: `c${(i % 2) + 1}`,
      product_id: `bulk-${i}`,
      since: null,
      amount: i,
      updated_at: T0,
      ingest_run: "r",
      ingest_row: i + 1,
    }));
    await store.transaction(async (tx) => {
      await tx.holdings.upsert(rows);
      await tx.holdings.upsert(rows.slice(0, 40).map((r) => ({ ...r, amount: -r.amount })));
      const wanted = [...rows.slice(60), { ...rows[0], customer_id: "c9" }];
      const found = await tx.holdings.existing(wanted);
      expect([...found.keys()].sort()).toEqual(
        rows
          .slice(60)
          .map((r) => `${r.customer_id}\u001f${r.product_id}`)
          .sort(),
      );
      expect(found.get("c1\u001fbulk-60")).toMatchObject({ ingest_run: "r", ingest_row: 61 });
      await tx.customers.upsert([customer("bulk-c1"), customer("bulk-c2")]);
      const customers = await tx.customers.existingRecords(["bulk-c1", "bulk-c2", "nope", "bulk-c1"]);
      expect([...customers.keys()].sort()).toEqual(["bulk-c1", "bulk-c2"]);
    });
    const stored = await store.db
      .selectFrom("holdings")
      .select(["product_id", "amount"])
      .where("product_id", "like", "bulk-%")
      .execute();
    expect(stored).toHaveLength(70);
    expect(stored.reduce((sum, r) => sum + Number(r.amount), 0)).toBe(
      rows.reduce((sum, r, i) => sum + (i < 40 ? -r.amount : r.amount), 0),
    );
  });

  it("pages through holdings in customer then product order, a customer's rows split across pages", async () => {
    const holding = (customer_id: string, product_id: string) => ({
      customer_id,
      product_id,
      since: null,
      amount: 1,
      updated_at: T0,
      ingest_run: "r",
      ingest_row: 1,
    });
    await store.holdings.upsert([
      holding("h2", "pb"),
      holding("h1", "pc"),
      holding("h2", "pa"),
      holding("h1", "pa"),
      holding("h3", "pa"),
      holding("h1", "pb"),
    ]);
    const pages: string[][] = [];
    for await (const page of store.holdings.pages(2))
      pages.push(
        page.filter((h) => h.customer_id.startsWith("h")).map((h) => `${h.customer_id}/${h.product_id}`),
      );
    expect(pages.flat()).toEqual(["h1/pa", "h1/pb", "h1/pc", "h2/pa", "h2/pb", "h3/pa"]);
  });

  it("links identities by person key and resolves source ids", async () => {
    await store.customers.upsert([customer("c3", { person_key: "pk3" })]);
    await store.identities.upsert([
      {
        subsidiary: "bank",
        source_id: "B-3",
        customer_id: "c3",
        person_key: "pk3",
        created_at: T0,
        ingest_run: "r",
        ingest_row: 1,
      },
      {
        subsidiary: "insurance",
        source_id: "I-9",
        customer_id: "c3",
        person_key: "pk3",
        created_at: T0,
        ingest_run: "r",
        ingest_row: 2,
      },
      {
        subsidiary: "bank",
        source_id: "X",
        customer_id: "c1",
        person_key: null,
        created_at: T0,
        ingest_run: "r",
        ingest_row: 3,
      },
      {
        subsidiary: "insurance",
        source_id: "X",
        customer_id: "c2",
        person_key: null,
        created_at: T0,
        ingest_run: "r",
        ingest_row: 4,
      },
    ]);
    expect(await store.identities.customersByPersonKey(["pk3", "pkX"])).toEqual(new Map([["pk3", "c3"]]));
    const resolved = await store.identities.resolve(["B-3", "I-9", "c1", "ghost"]);
    expect(resolved).toEqual(
      new Map([
        ["B-3", "c3"],
        ["I-9", "c3"],
        ["c1", "c1"],
      ]),
    );
    expect(await store.identities.resolve(["I-9"], "bank")).toEqual(new Map());
    expect((await store.identities.resolve(["X"])).get("X")).toBe(AMBIGUOUS);
    expect((await store.identities.resolve(["X"], "insurance")).get("X")).toBe("c2");
    const existing = await store.identities.existing([{ subsidiary: "insurance", source_id: "I-9" }]);
    expect(existing.get("I-9\u001finsurance")).toMatchObject({ customer_id: "c3", ingest_row: 2 });
    expect((await store.identities.forCustomer("c3")).map((i) => i.subsidiary)).toEqual([
      "bank",
      "insurance",
    ]);
  });

  it("declares attribute types once and never changes them", async () => {
    await store.attributes.declare("customer", new Map([["balance", "integer"]]), T0);
    await store.attributes.declare(
      "customer",
      new Map([
        ["balance", "string"],
        ["job", "string"],
      ]),
      T1,
    );
    expect(await store.attributes.types("customer")).toEqual(
      new Map([
        ["balance", "integer"],
        ["job", "string"],
      ]),
    );
  });

  it("stores events, relations, outcomes and messages with their natural keys", async () => {
    const event = {
      id: "e1",
      customer_id: "c1",
      type: "login",
      item_id: null,
      category: null,
      ts: T0,
      value: 1.5,
      ingest_run: "r",
      ingest_row: 1,
    };
    await store.events.upsert([event, { ...event, id: "e2", ts: T1 }]);
    await store.events.upsert([event]);
    expect(await store.events.count()).toBe(2);
    expect((await store.events.forCustomer("c1")).map((e) => e.id)).toEqual(["e2", "e1"]);
    expect((await store.events.forCustomer("c1", { since: T1 })).map((e) => e.id)).toEqual(["e2"]);

    await store.relations.upsert([
      { src: "c1", dst: "c2", type: "family", weight: 1, ingest_run: "r", ingest_row: 1 },
    ]);
    expect((await store.relations.forCustomer("c2")).map((r) => r.src)).toEqual(["c1"]);

    await store.outcomes.upsert([
      { customer_id: "c1", campaign: "k1", treated: 1, responded: 0, ts: T0, ingest_run: "r", ingest_row: 1 },
      { customer_id: "c1", campaign: "k1", treated: 1, responded: 1, ts: T0, ingest_run: "r", ingest_row: 1 },
    ]);
    expect((await store.outcomes.forCampaign("k1")).map((o) => o.responded)).toEqual([1]);

    await store.messages.upsert([
      {
        id: "m1",
        text: "理财产品 3.5%",
        lang: "zh",
        channel: "inapp",
        category: null,
        tags: null,
        created_at: T0,
        updated_at: T0,
        ingest_run: "r",
        ingest_row: 1,
      },
    ]);
    expect((await store.messages.get("m1"))?.text).toBe("理财产品 3.5%");
  });

  it("keeps portraits, terms, builds and adjustments", async () => {
    await store.transaction(async (tx) => {
      await tx.portraits.addTerms([
        { id: 1, name: "age_band", value: "35-44", df: 0 },
        { id: 2, name: "interest", value: "fund", df: 0 },
      ]);
      await tx.portraits.addDocumentFrequency(
        new Map([
          [1, 2],
          [2, 1],
        ]),
      );
      await tx.portraits.upsert([
        { customer_id: "c1", doc: '{"a":1}', as_of: T0, built_at: T0 },
        { customer_id: "c2", doc: '{"b":1}', as_of: T0, built_at: T0 },
      ]);
    });
    await store.portraits.upsert([{ customer_id: "c1", doc: '{"a":2}', as_of: T1, built_at: T1 }]);
    expect((await store.portraits.terms()).map((t) => [t.id, t.df])).toEqual([
      [1, 2],
      [2, 1],
    ]);
    expect((await store.portraits.get("c1"))?.doc).toBe('{"a":2}');
    expect([...(await store.portraits.many(["c1", "c2", "zz"])).keys()].sort()).toEqual(["c1", "c2"]);
    expect((await store.portraits.page("c1", 10)).map((p) => p.customer_id)).toEqual(["c2"]);
    expect(await store.portraits.count()).toBe(2);

    const build = {
      mode: "full",
      definitions: "{}",
      as_of: T0,
      customers: 0,
      cursor: null,
      finished_at: null,
    };
    await store.portraits.startBuild({ ...build, id: "b1", status: "running", started_at: T0 });
    await store.portraits.updateBuild("b1", { status: "done", finished_at: T0, customers: 2 });
    await store.portraits.startBuild({ ...build, id: "b2", status: "running", started_at: T1 });
    expect((await store.portraits.lastBuild())?.id).toBe("b2");
    expect((await store.portraits.lastFinishedBuild())?.customers).toBe(2);

    await store.portraits.addAdjustment({
      id: "adj1",
      customer_id: "c1",
      feedback_type: "complaint",
      terms: '["interest=fund"]',
      factor: 0.5,
      category: "fund",
      suppressed_until: T1,
      message_id: "m1",
      feedback_id: null,
      reason: "complaint about m1",
      created_at: T0,
      reverted_at: null,
    });
    expect((await store.portraits.adjustments(["c1"])).map((a) => a.id)).toEqual(["adj1"]);
    expect(await store.portraits.revertAdjustment("adj1", T1)).toBe(true);
    expect(await store.portraits.revertAdjustment("adj1", T1)).toBe(false);
    expect(await store.portraits.adjustments()).toEqual([]);
  });

  it("keeps models, candidates and decisions", async () => {
    const model = {
      kind: "propensity",
      name: "nbo",
      features: "[]",
      encoder: "{}",
      params: "{}",
      fingerprint: "f",
      metrics: "{}",
      weights: "",
      created_at: T0,
    };
    await store.models.insert({ ...model, id: "m_1", version: await store.models.nextVersion("nbo") });
    await store.models.insert({
      ...model,
      id: "m_2",
      version: await store.models.nextVersion("nbo"),
      created_at: T1,
    });
    expect((await store.models.get("nbo"))?.id).toBe("m_2");
    expect((await store.models.list("propensity")).map((m) => m.version)).toEqual([2, 1]);

    await store.candidates.insert([
      {
        id: "k1",
        customer_id: "c1",
        offer_id: "p1",
        offer_kind: "product",
        source: "segment",
        score: 0.4,
        expected_value: 10,
        reason: "held by 63%",
        model_id: null,
        status: "open",
        created_at: T0,
        expires_at: null,
      },
      {
        id: "k2",
        customer_id: "c1",
        offer_id: "p2",
        offer_kind: "product",
        source: "propensity",
        score: 0.9,
        expected_value: 5,
        reason: "p=0.9",
        model_id: "m_2",
        status: "open",
        created_at: T0,
        expires_at: null,
      },
    ]);
    expect((await store.candidates.open("c1")).map((c) => c.id)).toEqual(["k2", "k1"]);
    // A fresh segment run drops the open segment candidates, no one else's.
    expect(await store.candidates.dropOpen("segment")).toBe(1);
    expect((await store.candidates.open("c1")).map((c) => c.id)).toEqual(["k2"]);
    await store.decisions.insert({
      id: "d1",
      customer_id: "c1",
      candidate_id: "k2",
      offer_id: "p2",
      channel: "email",
      context: "login",
      score: 0.9,
      holdout: 0,
      arm: "contact",
      reasons: "[]",
      model_id: "m_2",
      decided_at: T0,
      scheduled_at: null,
    });
    expect((await store.decisions.forCustomer("c1"))[0]?.candidate_id).toBe("k2");
  });

  it("outbox: idempotent enqueue, claims due rows once, settles attempts", async () => {
    const row = {
      id: "v1",
      decision_id: "d1",
      channel: "email",
      idempotency_key: "d1:email",
      status: "pending",
      attempts: 0,
      next_attempt_at: null,
      last_error: null,
      payload: "{}",
      created_at: T0,
      updated_at: T0,
      sent_at: null,
    };
    expect(await store.deliveries.enqueue(row)).toBe(true);
    expect(await store.deliveries.enqueue({ ...row, id: "v2" })).toBe(false);
    const claimed = await store.deliveries.claimDue(T1, 10);
    expect(claimed.map((d) => d.id)).toEqual(["v1"]);
    expect(await store.deliveries.claimDue(T1, 10)).toEqual([]);
    await store.deliveries.settle("v1", {
      status: "retry",
      at: T1,
      error: "timeout",
      nextAttemptAt: "2026-01-03T00:00:00.000Z",
    });
    expect(await store.deliveries.claimDue(T1, 10)).toEqual([]);
    expect((await store.deliveries.claimDue("2026-01-03T00:00:00.000Z", 10)).map((d) => d.id)).toEqual([
      "v1",
    ]);
    await store.deliveries.settle("v1", { status: "sent", at: T1 });
    expect(await store.deliveries.get("v1")).toMatchObject({
      status: "sent",
      attempts: 2,
      sent_at: T1,
      last_error: null,
    });
  });

  it("feedback, audit, api keys and ingest runs", async () => {
    await store.feedback.insert([
      {
        id: "f1",
        customer_id: "c1",
        decision_id: "d1",
        delivery_id: "v1",
        type: "click",
        value: null,
        ts: T1,
      },
    ]);
    await store.feedback.insert([
      {
        id: "f1",
        customer_id: "c1",
        decision_id: "d1",
        delivery_id: "v1",
        type: "click",
        value: null,
        ts: T1,
      },
    ]);
    expect(await store.feedback.forCustomer("c1")).toHaveLength(1);

    await store.audit.record({
      id: "a1",
      at: T0,
      actor: "key_1",
      action: "ingest",
      target: "customers",
      details: "{}",
    });
    expect((await store.audit.list({ action: "ingest" }))[0]?.actor).toBe("key_1");

    await store.apiKeys.insert({
      id: "key_1",
      key_hash: "h",
      scopes: '["read"]',
      label: null,
      created_at: T0,
      revoked_at: null,
      last_used_at: null,
    });
    expect((await store.apiKeys.findActive("h"))?.id).toBe("key_1");
    expect(await store.apiKeys.revoke("key_1", T1)).toBe(true);
    expect(await store.apiKeys.findActive("h")).toBeUndefined();
    expect(await store.apiKeys.revoke("key_1", T1)).toBe(false);

    await store.ingestRuns.start({
      id: "run_1",
      kind: "customers",
      source: "f.csv",
      started_at: T0,
      finished_at: null,
      status: "running",
      inserted: 0,
      updated: 0,
      rejected: 0,
    });
    await store.ingestRuns.finish("run_1", {
      status: "done",
      finished_at: T1,
      inserted: 5,
      updated: 1,
      rejected: 2,
    });
    expect((await store.ingestRuns.list())[0]).toMatchObject({ status: "done", inserted: 5 });
  });

  it("rolls a failed transaction back completely", async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.customers.upsert([customer("tx1")]);
        throw new Error("crash in the middle");
      }),
    ).rejects.toThrow("crash in the middle");
    expect(await store.customers.get("tx1")).toBeUndefined();
    await store.transaction(async (tx) => tx.customers.upsert([customer("tx2")]));
    expect(await store.customers.get("tx2")).toBeDefined();
  });
});

describe("openStore", () => {
  it("rejects unknown URLs with a clear error", async () => {
    const { openStore } = await import("./index.js");
    await expect(openStore("mysql://x")).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
