import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../core/index.js";
import { Decider } from "../decide/index.js";
import { ingestObjects } from "../ingest/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { recordFeedback } from "./index.js";

const T0 = "2026-12-03T02:00:00.000Z";

describe.each(storeKinds())("feedback ($name)", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    const clock = fixedClock("2026-12-01T00:00:00Z");
    await ingestObjects(
      store,
      "products",
      [
        { id: "loan", name: "Car loan", category: "loan", risk_level: 1, value: 9000 },
        { id: "gold", name: "Gold account", category: "metal", risk_level: 1, value: 4000 },
      ],
      { source: "test", clock },
    );
    await ingestObjects(
      store,
      "customers",
      [
        { id: "u1", risk_tolerance: 3, tz: "Asia/Shanghai", consent_email: 1 },
        { id: "u2", risk_tolerance: 3, tz: "Asia/Shanghai", consent_email: 1 },
      ],
      { source: "test", clock },
    );
    const candidates = ["u1", "u2"].flatMap((customer) =>
      ["loan", "gold"].map((offer) => ({
        id: `${customer}-${offer}`,
        customer_id: customer,
        offer_id: offer,
        offer_kind: "product",
        source: "segment",
        score: offer === "loan" ? 0.5 : 0.4,
        expected_value: null,
        reason: "similar customers hold it",
        model_id: null,
        status: "open",
        created_at: T0,
        expires_at: null,
      })),
    );
    await store.candidates.insert(candidates);
  }, 60_000);
  afterAll(async () => store.close());

  const decide = (customerId: string, at: string, channel = "email") =>
    new Decider(store, { clock: fixedClock(at), holdoutShare: 0 }).decide({
      customerId,
      context: "page",
      channel,
    });

  it("credits feedback to the decision of a delivery, once however often it is reported", async () => {
    const decision = await decide("u1", T0);
    expect(decision.offers[0]?.offerId).toBe("loan");
    const click = {
      customerId: "u1",
      type: "click" as const,
      deliveryId: decision.deliveryId as string,
      ts: "2026-12-03T03:00:00Z",
    };
    const first = await recordFeedback(store, click);
    expect(first).toMatchObject({ recorded: true, decisionId: decision.decisionId, offerId: "loan" });
    expect(await recordFeedback(store, click)).toMatchObject({ recorded: false, id: first.id });
    await expect(recordFeedback(store, { ...click, customerId: "u2" })).rejects.toThrow(
      /not about customer 'u2'/,
    );
    await expect(
      recordFeedback(store, { customerId: "u1", type: "click", deliveryId: "dlv_none" }),
    ).rejects.toThrow(/no delivery/);
    await expect(recordFeedback(store, { customerId: "u1", type: "like" as never })).rejects.toThrow(/type/);
  });

  it("credits a conversion without ids to the latest decision for the offer inside the attribution window", async () => {
    const inWindow = await recordFeedback(store, {
      customerId: "u1",
      type: "conversion",
      offerId: "loan",
      ts: "2026-12-05T00:00:00Z",
    });
    const decisions = await store.decisions.forCustomer("u1");
    expect(inWindow.decisionId).toBe(decisions[0]?.id);
    const outside = await recordFeedback(store, {
      customerId: "u1",
      type: "conversion",
      offerId: "loan",
      ts: "2026-12-30T00:00:00Z",
    });
    expect(outside.decisionId).toBeNull();
  });

  it("an unsubscribe withdraws the channel's consent; a complaint lowers the category and pauses contact", async () => {
    const pushed = await decide("u2", T0);
    const unsubscribe = await recordFeedback(store, {
      customerId: "u2",
      type: "unsubscribe",
      deliveryId: pushed.deliveryId as string,
      ts: "2026-12-03T05:00:00Z",
    });
    expect(unsubscribe.consentWithdrawn).toBe("email");
    expect(unsubscribe.adjustment).not.toBeNull();
    expect((await store.customers.get("u2"))?.consents.email).toBe(false);
    const after = await decide("u2", "2026-12-10T02:00:00.000Z");
    expect(after.arm).toBe("none");
    expect(after.dropped.map((d) => d.policy)).toContain("consent");

    const complaint = await recordFeedback(store, {
      customerId: "u1",
      type: "complaint",
      offerId: "loan",
      ts: "2026-12-06T00:00:00Z",
    });
    expect(complaint.adjustment).not.toBeNull();
    const quiet = await decide("u1", "2026-12-07T02:00:00.000Z");
    expect(quiet.arm).toBe("none");
    expect(quiet.dropped.every((d) => d.policy === "cooldown")).toBe(true);
    // After the cooldown (30 days) the customer may hear from us again.
    const later = await decide("u1", "2027-01-10T02:00:00.000Z");
    expect(later.arm).toBe("contact");
  });
});
