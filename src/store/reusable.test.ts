import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "./index.js";
import { reusable } from "./reusable.js";
import { storeKinds } from "./test-support/stores.js";

const T0 = "2026-01-01T00:00:00.000Z";

const candidateOf = (id: string, customer: string, score: number, expires: string | null) => ({
  id,
  customer_id: customer,
  offer_id: `p_${id}`,
  offer_kind: "product",
  source: "test",
  score,
  expected_value: null,
  reason: "r",
  model_id: null,
  status: "open",
  created_at: T0,
  expires_at: expires,
});

/** Open candidates above a score, with a constant (`open`) among the parameters. */
const above = reusable<[customerId: string, min: number], { id: string }>(2, (db, customerId, min) =>
  db
    .selectFrom("candidates")
    .select("id")
    .where("customer_id", "=", customerId)
    .where("status", "=", "open")
    .where("score", ">", min)
    .orderBy("id"),
);

describe.each(storeKinds())("reusable queries on $name", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    await store.candidates.insert([
      candidateOf("k1", "a", 0.9, null),
      candidateOf("k2", "a", 0.2, "2026-01-02T00:00:00.000Z"),
      candidateOf("k3", "b", 0.8, "2025-12-31T00:00:00.000Z"),
    ]);
  });
  afterAll(async () => store.close());

  it("answers each call with its own arguments, as the query built anew would", async () => {
    for (const [customer, min] of [
      ["a", 0.1],
      ["a", 0.5],
      ["b", 0.1],
      ["c", 0],
    ] as const) {
      const built = await store.db
        .selectFrom("candidates")
        .select("id")
        .where("customer_id", "=", customer)
        .where("status", "=", "open")
        .where("score", ">", min)
        .orderBy("id")
        .execute();
      expect((await above(store.db, customer, min)).rows, `${customer} > ${min}`).toEqual(built);
    }
    // The repositories' reusable reads: expiry compared with the argument, not the first call's.
    expect((await store.candidates.open("a", T0)).map((c) => c.id)).toEqual(["k1", "k2"]);
    expect((await store.candidates.open("a", "2026-01-03T00:00:00.000Z")).map((c) => c.id)).toEqual(["k1"]);
    expect((await store.candidates.open("b", T0)).map((c) => c.id)).toEqual([]);
  });

  it("reads recent feedback by any number of types, each count of types its own query", async () => {
    const feedback = (id: string, type: string, ts: string) => ({
      id,
      customer_id: "a",
      decision_id: null,
      delivery_id: null,
      type,
      value: null,
      ts,
      offer_id: null,
    });
    await store.feedback.insert([
      feedback("f1", "complaint", "2026-01-01T10:00:00.000Z"),
      feedback("f2", "dismiss", "2026-01-02T10:00:00.000Z"),
      feedback("f3", "click", "2026-01-02T11:00:00.000Z"),
      feedback("f4", "unsubscribe", "2025-12-01T10:00:00.000Z"),
    ]);
    const types = async (kinds: string[], since: string) =>
      (await store.feedback.recentOfTypes("a", kinds, since)).map((f) => f.type).sort();
    expect(await types(["complaint", "unsubscribe", "dismiss"], T0)).toEqual(["complaint", "dismiss"]);
    expect(await types(["complaint", "unsubscribe", "dismiss"], "2025-01-01T00:00:00.000Z")).toEqual([
      "complaint",
      "dismiss",
      "unsubscribe",
    ]);
    expect(await types(["click"], T0)).toEqual(["click"]);
    expect(await types(["dismiss", "click"], "2026-01-02T10:30:00.000Z")).toEqual(["click"]);
    expect(await types([], T0)).toEqual([]);
  });

  it("runs inside a transaction like any other query", async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.candidates.insert([candidateOf("k4", "a", 0.95, null)]);
        expect((await above(tx.db, "a", 0.5)).rows.map((r) => r.id)).toEqual(["k1", "k4"]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await above(store.db, "a", 0.5)).rows.map((r) => r.id)).toEqual(["k1"]);
  });

  it("fails at once when an argument does not become a parameter", async () => {
    const broken = reusable<[limit: number], { id: string }>(1, (db, limit) =>
      db.selectFrom("candidates").select("id").where("score", ">", Number(limit)),
    );
    await expect(async () => broken(store.db, 1)).rejects.toThrow(/argument 0 is not a parameter/);
  });
});
