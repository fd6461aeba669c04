import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../core/index.js";
import { ingestObjects } from "../ingest/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { Decider, resolvePolicySettings } from "./index.js";

// 14:00 UTC is 22:00 in Shanghai: inside the default quiet hours (21:00–08:00).
const QUIET = "2026-12-03T14:00:00.000Z";
// 02:00 UTC is 10:00 in Shanghai.
const DAYTIME = "2026-12-03T02:00:00.000Z";

async function seed(store: Store): Promise<void> {
  const clock = fixedClock("2026-12-01T00:00:00Z");
  await ingestObjects(
    store,
    "products",
    [
      { id: "deposit", name: "Term deposit", category: "deposit", risk_level: 1, value: 1000 },
      { id: "equity", name: "Equity fund", category: "fund", risk_level: 5, value: 5000 },
      { id: "cover", name: "Health cover", category: "insurance", risk_level: 2, value: 3000 },
    ],
    { source: "test", clock },
  );
  await ingestObjects(
    store,
    "customers",
    [
      { id: "c1", age: 41, risk_tolerance: 3, tz: "Asia/Shanghai", consent_email: 1, consent_inapp: 1 },
      { id: "c2", age: 35, risk_tolerance: 1, tz: "Asia/Shanghai", consent_email: 0 },
      { id: "c3", age: 60, risk_tolerance: 4, tz: "America/New_York", consent_email: 1 },
    ],
    { source: "test", clock },
  );
  await ingestObjects(store, "holdings", [{ customer_id: "c3", product_id: "cover" }], {
    source: "test",
    clock,
  });
  const candidate = (id: string, customer: string, offer: string, source: string, score: number) => ({
    id,
    customer_id: customer,
    offer_id: offer,
    offer_kind: "product",
    source,
    score,
    expected_value: null,
    reason: `${source} says ${score}`,
    model_id: null,
    status: "open",
    created_at: "2026-12-01T00:00:00.000Z",
    expires_at: null,
  });
  await store.candidates.insert([
    candidate("k1", "c1", "deposit", "segment", 0.5),
    candidate("k2", "c1", "equity", "propensity", 0.9),
    candidate("k3", "c1", "cover", "lookalike", 0.4),
    candidate("k4", "c2", "deposit", "segment", 0.7),
    candidate("k5", "c3", "cover", "segment", 0.9),
    candidate("k6", "c3", "deposit", "segment", 0.2),
  ]);
}

describe.each(storeKinds())("the real-time arbiter ($name)", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    await seed(store);
  }, 60_000);
  afterAll(async () => store.close());
  // Each case starts from the seeded candidates, all open again.
  beforeEach(async () => {
    await store.db.updateTable("candidates").set({ status: "open" }).execute();
  });

  const decider = (at: string, holdoutShare = 0) =>
    new Decider(store, { clock: fixedClock(at), holdoutShare, settings: resolvePolicySettings({}) });

  it("drops unsuitable offers, ranks the rest by score × value and records the decision with every reason", async () => {
    const result = await decider(DAYTIME).decide({ customerId: "c1", context: "login" });
    expect(result.arm).toBe("contact");
    // cover: 0.4 × 3000 = 1200 beats deposit: 0.5 × 1000 = 500; equity (risk 5 > tolerance 3) is dropped.
    expect(result.offers.map((o) => o.offerId)).toEqual(["cover", "deposit"]);
    expect(result.offers[0]).toMatchObject({ source: "lookalike", priority: 1200, name: "Health cover" });
    expect(result.dropped).toEqual([
      expect.objectContaining({
        offerId: "equity",
        policy: "suitability",
        reason: expect.stringContaining("5"),
      }),
    ]);
    expect(result.deliveryId).toBeNull();
    const stored = await store.decisions.get(result.decisionId);
    expect(stored).toMatchObject({
      offer_id: "cover",
      arm: "contact",
      channel: "app",
      source: "lookalike",
      candidate_id: "k3",
    });
    const reasons = JSON.parse(stored?.reasons ?? "[]") as { verdict: string; offerId: string }[];
    expect(reasons.map((r) => [r.verdict, r.offerId])).toEqual([
      ["chosen", "cover"],
      ["ranked", "deposit"],
      ["dropped", "equity"],
    ]);
    // The chosen candidate is used; the others stay open for the next moment.
    expect((await store.candidates.open("c1")).map((c) => c.id).sort()).toEqual(["k1", "k2"]);
  });

  it("never offers a product the customer holds", async () => {
    const result = await decider(DAYTIME).decide({ customerId: "c3", context: "login" });
    expect(result.offers.map((o) => o.offerId)).toEqual(["deposit"]);
    expect(result.dropped).toEqual([
      expect.objectContaining({ offerId: "cover", reason: "already holds it" }),
    ]);
  });

  it("holds out customers of the holdout: a decision with what they would have got, no offers shown", async () => {
    const result = await decider(DAYTIME, 1).decide({ customerId: "c2", context: "login" });
    expect(result.arm).toBe("holdout");
    expect(result.offers).toEqual([]);
    expect(await store.decisions.get(result.decisionId)).toMatchObject({
      arm: "holdout",
      offer_id: "deposit",
      holdout: 1,
    });
  });

  it("needs consent for e-mail, and says so", async () => {
    const result = await decider(DAYTIME).decide({ customerId: "c2", context: "page", channel: "email" });
    expect(result.arm).toBe("none");
    expect(result.deliveryId).toBeNull();
    expect(result.dropped[0]).toMatchObject({ policy: "consent" });
  });

  it("defers a push in quiet hours to 08:00 local, then caps the next one to the following day", async () => {
    const first = await decider(QUIET).decide({ customerId: "c3", context: "page", channel: "email" });
    expect(first.arm).toBe("contact");
    // c3 is in New York: 14:00 UTC is 09:00 there, outside quiet hours: sent now.
    expect(first.offers[0]?.scheduledAt).toBeNull();
    const delivery = await store.deliveries.get(first.deliveryId as string);
    expect(delivery).toMatchObject({
      channel: "email",
      status: "pending",
      customer_id: "c3",
      next_attempt_at: QUIET,
    });

    const late = await decider("2026-12-04T03:00:00.000Z").decide({
      customerId: "c1",
      context: "page",
      channel: "email",
    });
    // 03:00 UTC = 11:00 Shanghai: now. Then a second e-mail the same local day waits for the next day.
    expect(late.offers[0]?.scheduledAt).toBeNull();
    const capped = await decider("2026-12-04T04:00:00.000Z").decide({
      customerId: "c1",
      context: "page",
      channel: "email",
    });
    expect(capped.arm).toBe("contact");
    // Next local day starts 2026-12-05 00:00 Shanghai (16:00 UTC), which is in quiet hours: 08:00 local.
    expect(capped.offers[0]?.scheduledAt).toBe("2026-12-05T00:00:00.000Z");
    const reasons = JSON.parse((await store.decisions.get(capped.decisionId))?.reasons ?? "[]") as {
      verdict: string;
      reason: string;
    }[];
    expect(reasons.find((r) => r.verdict === "deferred")?.reason).toMatch(/cap|quiet/);
  });

  it("defers a push decided in quiet hours to the morning, in the customer's zone", async () => {
    await store.candidates.insert([
      {
        id: "k7",
        customer_id: "c2",
        offer_id: "deposit",
        offer_kind: "product",
        source: "segment",
        score: 0.6,
        expected_value: null,
        reason: "x",
        model_id: null,
        status: "open",
        created_at: DAYTIME,
        expires_at: null,
      },
    ]);
    // c2 may take in-app messages (no explicit opt-out) but not at 22:00 local when inapp is a quiet channel.
    const settings = resolvePolicySettings({ quietChannels: ["inapp"] });
    const result = await new Decider(store, { clock: fixedClock(QUIET), holdoutShare: 0, settings }).decide({
      customerId: "c2",
      context: "page",
      channel: "inapp",
    });
    expect(result.offers[0]?.scheduledAt).toBe("2026-12-04T00:00:00.000Z");
    expect((await store.deliveries.get(result.deliveryId as string))?.next_attempt_at).toBe(
      "2026-12-04T00:00:00.000Z",
    );
  });

  it("answers NOT_FOUND for an unknown customer", async () => {
    await expect(decider(DAYTIME).decide({ customerId: "nobody", context: "login" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
