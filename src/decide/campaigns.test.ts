import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock, Rng } from "../core/index.js";
import { liftReport, recordFeedback, writeCampaignOutcomes } from "../feedback/index.js";
import { ingestObjects } from "../ingest/index.js";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { CampaignScheduler, createCampaign, runCampaign } from "./index.js";

const NOW = "2026-12-03T02:00:00.000Z";
const CUSTOMERS = 400;

describe.each(storeKinds())("campaigns ($name)", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
    const clock = fixedClock("2026-12-01T00:00:00Z");
    await ingestObjects(
      store,
      "products",
      [
        { id: "fund", name: "Balanced fund", category: "fund", risk_level: 3, value: 20000 },
        { id: "card", name: "Travel card", category: "card", risk_level: 1, value: 5000 },
      ],
      { source: "test", clock },
    );
    const rng = new Rng(4);
    await ingestObjects(
      store,
      "customers",
      Array.from({ length: CUSTOMERS }, (_, i) => ({
        id: `m${String(i).padStart(4, "0")}`,
        age: 20 + (i % 50),
        risk_tolerance: 1 + (i % 5),
        tz: i % 2 ? "Asia/Shanghai" : "Europe/London",
        consent_inapp: rng.chance(0.9) ? 1 : 0,
      })),
      { source: "test", clock },
    );
  }, 60_000);
  afterAll(async () => store.close());

  it("rejects campaigns that could not run, naming the field", async () => {
    await expect(createCampaign(store, { name: "x", source: "offer", channel: "inapp" })).rejects.toThrow(
      /offerId is required/,
    );
    await expect(
      createCampaign(store, { name: "x", source: "offer", offerId: "nope", channel: "inapp" }),
    ).rejects.toThrow(/no product 'nope'/);
    await expect(
      createCampaign(store, {
        name: "x",
        source: "offer",
        offerId: "card",
        channel: "inapp",
        template: { title: "{{offer_nam}}", body: "b" },
      }),
    ).rejects.toThrow(/template.title: unknown placeholder \{\{offer_nam\}\}/);
    await expect(
      createCampaign(store, {
        name: "x",
        source: "offer",
        offerId: "card",
        channel: "inapp",
        audience: { frobnicate: [1] },
      }),
    ).rejects.toThrow(/audience/);
    await expect(
      createCampaign(store, {
        name: "x",
        source: "offer",
        offerId: "card",
        channel: "inapp",
        controlShare: 0.9,
      }),
    ).rejects.toThrow(/controlShare/);
  });

  it("decides an audience once per day, keeps control and holdout uncontacted, spends the budget on the best", async () => {
    const campaign = await createCampaign(
      store,
      {
        name: "fund-push",
        source: "offer",
        offerId: "fund",
        channel: "inapp",
        audience: { ">=": [{ var: "age" }, 40] },
        controlShare: 0.2,
        policies: { quietHours: null },
      },
      { clock: fixedClock(NOW) },
    );
    await expect(
      createCampaign(store, { name: "fund-push", source: "offer", offerId: "fund", channel: "inapp" }),
    ).rejects.toThrow(/exists/);
    const report = await runCampaign(store, "fund-push", { clock: fixedClock(NOW) });
    const audience = Array.from({ length: CUSTOMERS }, (_, i) => 20 + (i % 50)).filter(
      (age) => age >= 40,
    ).length;
    expect(report.inAudience).toBe(audience);
    // Suitability (risk 3) and consent drop some; every other member is contacted, held out or control.
    expect(report.contacted + report.holdout + report.control + report.nothingToSend).toBe(audience);
    expect(report.drops.suitability).toBeGreaterThan(0);
    expect(report.control).toBeGreaterThan(0);
    expect(report.deliveries).toBe(report.contacted);
    const decided = report.contacted + report.holdout + report.control;
    // The control draw depends on the campaign's (random) id: about 130 decided, share 0.2 ± 4 sd.
    expect(report.control / decided).toBeGreaterThan(0.05);
    expect(report.control / decided).toBeLessThan(0.35);

    const again = await runCampaign(store, campaign.id, { clock: fixedClock("2026-12-03T09:00:00.000Z") });
    expect(again.alreadyDecided).toBe(decided + report.nothingToSend);
    expect(again.deliveries).toBe(0);

    // Responses: a planted effect, contacted customers buy more often than the uncontacted.
    const rng = new Rng(9);
    const decisions = await store.db
      .selectFrom("decisions")
      .selectAll()
      .where("campaign_id", "=", campaign.id)
      .where("arm", "!=", "none")
      .execute();
    let expected = { contact: 0, baseline: 0 };
    const events: Record<string, unknown>[] = [];
    for (const d of decisions) {
      const contacted = d.arm === "contact";
      if (!rng.chance(contacted ? 0.7 : 0.05)) continue;
      expected = {
        ...expected,
        [contacted ? "contact" : "baseline"]: expected[contacted ? "contact" : "baseline"] + 1,
      };
      // Half are reported as conversions, half are only seen as purchases within the window.
      if (rng.chance(0.5))
        await recordFeedback(store, {
          customerId: d.customer_id,
          type: "conversion",
          decisionId: d.id,
          ts: "2026-12-04T00:00:00Z",
        });
      else
        events.push({
          customer_id: d.customer_id,
          type: "purchase",
          item_id: "fund",
          ts: "2026-12-05T00:00:00Z",
        });
    }
    // A purchase after the window does not count.
    const late = decisions.find((d) => !events.some((e) => e.customer_id === d.customer_id));
    if (late)
      events.push({
        customer_id: late.customer_id,
        type: "purchase",
        item_id: "fund",
        ts: "2026-12-20T00:00:00Z",
      });
    await ingestObjects(store, "events", events, { source: "test" });

    const lift = await liftReport(store, { campaignId: campaign.id });
    const row = lift.groups.find((g) => g.source === null);
    expect(row).toBeDefined();
    expect(row?.campaignName).toBe("fund-push");
    expect(row?.contacted.n).toBe(report.contacted);
    expect(row?.baseline.n).toBe(report.holdout + report.control);
    expect(row?.contacted.conversions).toBe(expected.contact);
    expect(row?.baseline.conversions).toBe(expected.baseline);
    expect(row?.difference.low).toBeGreaterThan(0);
    expect(row?.significant).toBe(true);
    expect(lift.groups.find((g) => g.source === "offer" && g.channel === "inapp")?.contacted.n).toBe(
      report.contacted,
    );

    // Outcomes: the randomized history uplift models learn from.
    expect(await writeCampaignOutcomes(store, campaign.id)).toBe(decided);
    const outcomes = await store.outcomes.forCampaign(campaign.id);
    expect(outcomes.filter((o) => o.treated === 1 && o.responded === 1)).toHaveLength(expected.contact);
  });

  it("stops at the send budget and gives it to the highest priorities", async () => {
    await createCampaign(store, {
      name: "card-small",
      source: "offer",
      offerId: "card",
      channel: "inapp",
      budgetSends: 25,
      policies: { quietHours: null },
    });
    const report = await runCampaign(store, "card-small", { clock: fixedClock(NOW), holdoutShare: 0 });
    expect(report.contacted).toBe(25);
    expect(report.overBudget).toBeGreaterThan(0);
    expect(report.spent.sends).toBe(25);
  });

  it("refuses to run outside its window", async () => {
    await createCampaign(store, {
      name: "later",
      source: "offer",
      offerId: "card",
      channel: "inapp",
      startAt: "2027-01-01T00:00:00Z",
    });
    await expect(runCampaign(store, "later", { clock: fixedClock(NOW) })).rejects.toThrow(/starts at/);
  });

  it("runs scheduled campaigns when their window opens: once, or once a day", async () => {
    await createCampaign(store, {
      name: "daily-card",
      source: "offer",
      offerId: "card",
      channel: "inapp",
      schedule: "daily",
      startAt: "2026-12-10T00:00:00Z",
      endAt: "2026-12-12T00:00:00Z",
      policies: {
        quietHours: null,
        caps: { perChannelDay: 5, allChannelsDay: 5, perChannelWeek: 20, allChannelsWeek: 20 },
      },
    });
    await createCampaign(store, {
      name: "once-card",
      source: "offer",
      offerId: "card",
      channel: "inapp",
      schedule: "once",
      startAt: "2026-12-10T00:00:00Z",
    });
    const at = (iso: string) => new CampaignScheduler(store, { clock: fixedClock(iso) });
    expect(await at("2026-12-09T12:00:00Z").tick()).toEqual([]);
    const first = await at("2026-12-10T01:00:00Z").tick();
    expect(first).toHaveLength(2);
    expect(await at("2026-12-10T05:00:00Z").tick()).toEqual([]);
    expect((await store.campaigns.get("once-card"))?.status).toBe("done");
    const next = await at("2026-12-11T01:00:00Z").tick();
    expect(next.map((r) => r.slot)).toEqual([expect.stringMatching(/:2026-12-11$/)]);
    expect(await at("2026-12-12T01:00:00Z").tick()).toEqual([]);
  });
});
