import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/index.js";
import { outlookData } from "../../demo/index.js";
import { ingestObjects } from "../../ingest/index.js";
import { buildPortraits, portraitOf } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";
import { storeKinds } from "../../store/test-support/stores.js";
import { trainOutlook } from "./index.js";

const CUTOFF = new Date("2026-10-31T00:00:00Z");
const clock = fixedClock("2026-12-01T08:00:00Z");
const data = outlookData({ seed: 4, customers: 3000, cutoff: CUTOFF });
/** Both outcomes are planted (engagement, income); a model that learned them ranks well above chance. */
const MIN_AUC = 0.8;

describe.each(storeKinds())("churn and spending outlook on $name", (kind) => {
  let store: Store;
  let result: Awaited<ReturnType<typeof trainOutlook>>;
  beforeAll(async () => {
    store = await kind.open();
    for (const k of ["customers", "events"] as const) {
      const report = await ingestObjects(store, k, data[k], { source: "test", actor: "test" });
      expect(report.rejected).toBe(0);
    }
    await buildPortraits(store, { full: true, clock });
    result = await trainOutlook(store, { seed: 3, clock });
  }, 240_000);
  afterAll(async () => store.close());

  it("learns at a cutoff one window before the last event, from rows it never saw", () => {
    const last = data.events
      .map((e) => String(e.ts))
      .sort()
      .at(-1) as string;
    expect(result.asOf).toBe(last);
    expect(Date.parse(result.asOf) - Date.parse(result.cutoff)).toBe(30 * 86_400_000);
    expect(result.targets).toEqual(["churn", "high_spend"]);
    expect(result.report.test.churn?.rocAuc).toBeGreaterThan(MIN_AUC);
    expect(result.report.test.high_spend?.rocAuc).toBeGreaterThan(MIN_AUC);
    expect(result.model.id).toBe("outlook-v1");
  });

  it("writes churn risk and spending capacity into every portrait, with the model version", async () => {
    expect(result.tagged).toBe(3000);
    const view = await portraitOf(store, "o000001", { clock });
    const churn = view.tags.find((t) => t.name === "churn_risk");
    const spending = view.tags.find((t) => t.name === "spending_capacity");
    expect(churn?.kind).toBe("predicted");
    expect(churn?.value as number).toBeGreaterThanOrEqual(0);
    expect(["low", "medium", "high"]).toContain(spending?.value);
    expect(churn?.explanation).toContain("outlook-v1");
  });
});
