import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../core/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { type IngestOptions, ingestObjects } from "./index.js";

const PII_KEY = "test-pii-key-0123456789";
const options: IngestOptions = { source: "test", piiKey: PII_KEY, clock: fixedClock("2026-11-01T00:00:00Z") };

describe.each(storeKinds())("ingest pipeline on $name", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    await ingestObjects(
      store,
      "products",
      [
        { id: "p_dep", name: "Term deposit", category: "deposit", risk_level: 1, value: 1500 },
        { id: "p_fund", name: "Equity fund", category: "fund", risk_level: 4, value: "9000" },
      ],
      options,
    );
  });
  afterAll(async () => store.close());

  it("stores valid customers and rejects bad rows naming row, field and reason", async () => {
    const report = await ingestObjects(
      store,
      "customers",
      [
        {
          id: "c1",
          age: "34",
          gender: "female",
          tz: "Asia/Shanghai",
          risk_tolerance: 3,
          consent_email: "yes",
          job: "admin.",
          balance: "1200",
        },
        { id: "c2", age: "forty", job: "technician", balance: "10" },
        { id: "c3", age: 51, tz: "Mars/Base", balance: "-5" },
        { id: "", age: 20 },
        { id: "c4", age: 29, risk_tolerance: 9 },
        { id: "c1", age: 35 },
      ],
      options,
    );
    expect(report).toMatchObject({ inserted: 1, updated: 0, rejected: 5 });
    expect(report.errors).toEqual([
      { row: 2, field: "age", message: "'forty' is not a whole number" },
      { row: 3, field: "tz", message: "'Mars/Base' is not an IANA time zone (e.g. Asia/Shanghai)" },
      { row: 4, field: "id", message: "is required" },
      { row: 5, field: "risk_tolerance", message: "9 is outside 1–5" },
      {
        row: 6,
        field: "id",
        message: "duplicate of row 1 (default c1); the first is kept",
      },
    ]);
    const c1 = await store.customers.get("c1");
    expect(c1).toMatchObject({
      age: 34,
      gender: "F",
      tz: "Asia/Shanghai",
      risk_tolerance: 3,
      consents: { email: true },
      attributes: { job: "admin.", balance: 1200 },
    });
    // The type inferred from the first rows is fixed: a later value that does not fit is a reject.
    const later = await ingestObjects(
      store,
      "customers",
      [{ id: "c5", age: 61, job: "retired", balance: "lots" }],
      options,
    );
    expect(later.errors).toEqual([
      { row: 1, field: "balance", message: "'lots' is not a whole number (the attribute is integer)" },
    ]);
    expect(await store.attributes.types("customer")).toEqual(
      new Map([
        ["balance", "integer"],
        ["job", "string"],
      ]),
    );
  });

  it("re-running the same rows updates and converges to the same state", async () => {
    const rows = [
      { id: "r1", age: 40, region: "north" },
      { id: "r2", age: 41 },
    ];
    const first = await ingestObjects(store, "customers", rows, options);
    const second = await ingestObjects(store, "customers", rows, options);
    expect(first).toMatchObject({ inserted: 2, updated: 0, rejected: 0 });
    expect(second).toMatchObject({ inserted: 0, updated: 2, rejected: 0 });
    expect(await store.customers.get("r1")).toMatchObject({ age: 40, region: "north" });
  });

  it("links one person across subsidiaries by the keyed hash, storing no identifier in clear", async () => {
    const person = { name: "Wang Fang", id_number: "310101199001011234", phone: "+86 139 1234 5678" };
    await ingestObjects(
      store,
      "customers",
      [{ id: "B-100", subsidiary: "bank", age: 36, consent_sms: 1, ...person }],
      options,
    );
    const report = await ingestObjects(
      store,
      "customers",
      [
        {
          id: "I-900",
          subsidiary: "insurance",
          region: "Shanghai",
          consent_email: 0,
          name: "wang  fang",
          id_number: "310101199001011234",
          phone: "13912345678",
        },
        {
          id: "S-7",
          subsidiary: "securities",
          name: "Wang Fang",
          id_number: "310101199001011234",
          phone: "13900000000",
        },
      ],
      options,
    );
    expect(report).toMatchObject({ inserted: 1, updated: 1, rejected: 0 });
    const merged = await store.customers.get("B-100");
    expect(merged).toMatchObject({
      age: 36,
      region: "Shanghai",
      subsidiary: "bank",
      consents: { sms: true, email: false },
    });
    expect((await store.identities.forCustomer("B-100")).map((i) => i.source_id)).toEqual(["B-100", "I-900"]);
    expect(await store.customers.get("S-7")).toBeDefined();

    const dump = JSON.stringify([
      await store.db.selectFrom("customers").selectAll().execute(),
      await store.db.selectFrom("identities").selectAll().execute(),
      await store.db.selectFrom("audit_log").selectAll().execute(),
    ]);
    for (const secret of ["Wang", "wang", "310101199001011234", "13912345678", "5678"])
      expect(dump).not.toContain(secret);
  });

  it("refuses identifiers without a key, before writing anything", async () => {
    const before = await store.customers.count();
    await expect(
      ingestObjects(store, "customers", [{ id: "x1", name: "A", id_number: "1", phone: "2" }], {
        ...options,
        piiKey: undefined,
      }),
    ).rejects.toMatchObject({ code: "PII_KEY_MISSING" });
    expect(await store.customers.count()).toBe(before);
  });

  it("keeps subsidiaries' id spaces apart", async () => {
    const clash = await ingestObjects(
      store,
      "customers",
      [{ id: "c1", subsidiary: "insurance", age: 50 }],
      options,
    );
    expect(clash.rejected).toBe(1);
    expect(clash.errors[0]?.message).toMatch(/already belongs to another source record/);
    const prefixed = await ingestObjects(store, "customers", [{ id: "c1", age: 50 }], {
      ...options,
      subsidiary: "insurance",
      idPrefix: "ins-",
    });
    expect(prefixed).toMatchObject({ inserted: 1, rejected: 0 });
    // Without a subsidiary, "c1" names two customers now only if ambiguous: the direct id wins.
    const holdings = await ingestObjects(store, "holdings", [{ customer_id: "c1", product_id: "p_dep" }], {
      ...options,
      subsidiary: "insurance",
    });
    expect(holdings).toMatchObject({ inserted: 1, rejected: 0 });
    expect((await store.holdings.forCustomer("ins-c1")).map((h) => h.product_id)).toEqual(["p_dep"]);
  });

  it("checks references of holdings, events, relations and outcomes", async () => {
    const holdings = await ingestObjects(
      store,
      "holdings",
      [
        { customer_id: "c1", product_id: "p_fund", since: "2024-05-01", amount: 100000 },
        { customer_id: "ghost", product_id: "p_fund" },
        { customer_id: "c1", product_id: "p_nope" },
        { customer_id: "c1", product_id: "p_dep", amount: "12.50" },
      ],
      options,
    );
    expect(holdings).toMatchObject({ inserted: 1, rejected: 3 });
    expect(holdings.errors.map((e) => [e.row, e.field])).toEqual([
      [2, "customer_id"],
      [3, "product_id"],
      [4, "amount"],
    ]);
    expect(holdings.errors[0]?.message).toMatch(/unknown customer 'ghost'/);

    const relations = await ingestObjects(
      store,
      "relations",
      [
        { src: "c1", dst: "r1", type: "family" },
        { src: "c1", dst: "c1", type: "family" },
        { src: "c1", dst: "r2", type: "enemy" },
      ],
      options,
    );
    expect(relations).toMatchObject({ inserted: 1, rejected: 2 });
    expect(relations.errors.map((e) => e.field)).toEqual(["dst", "type"]);

    const outcomes = await ingestObjects(
      store,
      "outcomes",
      [
        { customer_id: "c1", campaign: "coupon-1", treated: 1, responded: "yes" },
        { customer_id: "r1", campaign: "coupon-1", treated: "maybe", responded: 0 },
      ],
      options,
    );
    expect(outcomes).toMatchObject({ inserted: 1, rejected: 1 });
  });

  it("gives events without ids a content identity, so reloading adds nothing", async () => {
    const events = [
      { customer_id: "c1", type: "Login", ts: "2026-10-01T08:00:00+08:00" },
      {
        customer_id: "c1",
        type: "purchase",
        item_id: "p_fund",
        category: "fund",
        ts: "2026-10-02 09:30:00",
        value: "250.5",
      },
      { customer_id: "c1", type: "browse", ts: "not a time" },
    ];
    const first = await ingestObjects(store, "events", events, options);
    const second = await ingestObjects(store, "events", events, options);
    expect(first).toMatchObject({ inserted: 2, rejected: 1 });
    expect(first.errors[0]).toMatchObject({ row: 3, field: "ts" });
    expect(second).toMatchObject({ inserted: 0, updated: 2, rejected: 1 });
    const stored = await store.events.forCustomer("c1");
    expect(stored.map((e) => [e.type, e.ts])).toEqual([
      ["purchase", "2026-10-02T09:30:00.000Z"],
      ["login", "2026-10-01T00:00:00.000Z"],
    ]);
  });

  it("stores messages and detects their language", async () => {
    const report = await ingestObjects(
      store,
      "messages",
      [
        { id: "m1", text: "招商银行推出新的理财产品，年化收益率3.5%，60岁以下客户专享" },
        { id: "m2", text: "New travel card: no FX fees", lang: "EN", channel: "email" },
      ],
      options,
    );
    expect(report.inserted).toBe(2);
    expect((await store.messages.get("m1"))?.lang).toBe("zh");
    expect((await store.messages.get("m2"))?.lang).toBe("en");
  });

  it("records every run and audits it", async () => {
    const runs = await store.ingestRuns.list();
    // The run refused for its missing PII key is recorded as failed; all others finished.
    expect(runs.filter((r) => r.status !== "done").map((r) => r.status)).toEqual(["failed"]);
    expect((await store.audit.list({ action: "ingest.customers" })).length).toBeGreaterThan(0);
  });
});
