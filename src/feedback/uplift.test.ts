import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../store/index.js";
import { storeKinds } from "../store/test-support/stores.js";
import { campaignUplift } from "./index.js";

// The realised report on real decisions is checked end to end in src/cli/decide.test.ts (the demo's
// incentive campaign); here, what it says when there is nothing to rank.
describe.each(storeKinds())("campaignUplift ($name)", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await kind.open();
  }, 60_000);
  afterAll(async () => store.close());

  it("says why there is no realised Qini when an arm has no scored decisions", async () => {
    expect(await campaignUplift(store, "camp_none")).toEqual({
      rows: { contacted: 0, baseline: 0 },
      realised: null,
      unavailable: "no scored contacted decisions",
      models: [],
    });
  });
});
