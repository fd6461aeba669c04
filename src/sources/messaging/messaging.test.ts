import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../core/index.js";
import { affinityData } from "../../demo/index.js";
import { ingestObjects } from "../../ingest/index.js";
import { buildPortraits } from "../../portrait/index.js";
import type { Store } from "../../store/index.js";
import { storeKinds } from "../../store/test-support/stores.js";
import {
  constraintRefusing,
  MESSAGING_SOURCE,
  MessageClassifier,
  matchMessage,
  tagMessages,
} from "./index.js";

const END = new Date("2026-11-30T23:59:59Z");
const clock = fixedClock("2026-12-01T08:00:00Z");
const OPT_IN = ["email", "sms", "wecom"];
const data = affinityData({ seed: 21, customers: 800, end: END });
// Risk tolerance 1–5 in turn; every third customer has not consented to SMS.
const customers: Record<string, string | number>[] = data.customers.map((c, i) => ({
  ...c,
  risk_tolerance: (i % 5) + 1,
  consent_sms: i % 3 === 0 ? "no" : "yes",
  consent_inapp: "yes",
}));
const MESSAGES = [
  { id: "m_fund", text: "灯塔基金推出指数基金定投，风险等级R3，60岁以下客户专享", channel: "sms" },
  {
    id: "m_health",
    text: "Critical illness insurance for customers aged 35 to 60, cover from day one",
    channel: "inapp",
  },
  { id: "m_vague", text: "Have a nice weekend", channel: "inapp" },
];

describe.each(storeKinds())("message tagging and matching on $name", (kind) => {
  let store: Store;
  let classifier: MessageClassifier;
  beforeAll(async () => {
    store = await kind.open();
    for (const [k, rows] of [
      ["products", data.products],
      ["customers", customers],
      ["holdings", data.holdings],
      ["events", data.events],
      ["messages", MESSAGES],
    ] as const) {
      const report = await ingestObjects(store, k, rows, { source: "test", actor: "test" });
      expect(report.rejected, `${k}: ${JSON.stringify(report.errors[0])}`).toBe(0);
    }
    await buildPortraits(store, { full: true, asOf: END, clock });
    classifier = await MessageClassifier.load(store);
  }, 120_000);
  afterAll(async () => store.close());

  it("tags stored messages: category by the dictionary when no model exists, fields and tags", async () => {
    const tagged = await tagMessages(store, classifier, { clock });
    const fund = tagged.find((m) => m.id === "m_fund");
    expect(fund).toMatchObject({ category: "fund", path: "dictionary", classifier: null });
    expect(fund?.fields.riskLevel).toBe(3);
    expect(fund?.tags).toMatchObject({ interest: "fund", riskLevel: 3 });
    expect(fund?.tags?.ageMax).toBeLessThanOrEqual(60);
    expect(fund?.keywords.length).toBeGreaterThan(0);
    expect(tagged.find((m) => m.id === "m_vague")).toMatchObject({
      category: null,
      path: "none",
      tags: null,
    });
    const stored = await store.messages.get("m_fund");
    expect(stored?.category).toBe("fund");
    expect(JSON.parse(stored?.tags ?? "{}")).toMatchObject({ path: "dictionary" });
  });

  it("matches customers interested in the category, within age, risk and consent, and writes candidates", async () => {
    const result = await matchMessage(store, "m_fund", { top: 60, optInChannels: OPT_IN, classifier, clock });
    expect(result.category).toBe("fund");
    expect(result.matched.length).toBeGreaterThan(10);
    const byId = new Map(customers.map((c) => [String(c.id), c]));
    for (const m of result.matched) {
      const c = byId.get(m.customerId);
      expect(c?.age as number).toBeLessThanOrEqual(60);
      expect(c?.risk_tolerance).toBeGreaterThanOrEqual(3);
      expect(c?.consent_sms).toBe("yes");
      expect(m.matched).toContain("interest=fund");
    }
    expect(result.excluded.age).toBeGreaterThan(0);
    expect(result.excluded.risk).toBeGreaterThan(0);
    expect(result.excluded.consent).toBeGreaterThan(0);
    // Best first.
    const scores = result.matched.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const open = await store.candidates.openFor(
      result.matched.map((m) => m.customerId),
      MESSAGING_SOURCE,
      clock.now().toISOString(),
    );
    expect(open).toHaveLength(result.candidates);
    expect(open.every((c) => c.offer_id === "m_fund" && c.offer_kind === "message")).toBe(true);
    expect(JSON.parse(open[0]?.reason ?? "{}").summary).toMatch(/^matches interest=fund/);
  });

  it("refuses a message no path recognizes, and an unknown message", async () => {
    await expect(
      matchMessage(store, "m_vague", { top: 5, optInChannels: OPT_IN, classifier }),
    ).rejects.toThrow(/has no category/);
    await expect(matchMessage(store, "nope", { top: 5, optInChannels: OPT_IN, classifier })).rejects.toThrow(
      /no message 'nope'/,
    );
  });
});

describe("hard constraints", () => {
  const customer = (
    age: number | null,
    risk_tolerance: number | null,
    consents: Record<string, boolean>,
  ) => ({
    age,
    risk_tolerance,
    consents,
  });
  const query = { ageRange: { min: 18, max: 59 }, riskLevel: 3, channel: "sms" };
  it.each([
    [customer(30, 3, { sms: true }), null],
    [customer(60, 3, { sms: true }), "age"],
    [customer(null, 3, { sms: true }), "age"],
    [customer(30, 2, { sms: true }), "risk"],
    [customer(30, null, { sms: true }), "risk"],
    [customer(30, 4, {}), "consent"],
    [customer(30, 4, { sms: false }), "consent"],
  ] as const)("%o → %s", (c, expected) => {
    expect(constraintRefusing(c, query, OPT_IN)).toBe(expected);
  });
  it("needs only an absent opt-out on channels without opt-in", () => {
    expect(constraintRefusing(customer(30, 4, {}), { ...query, channel: "inapp" }, OPT_IN)).toBeNull();
    expect(
      constraintRefusing(customer(30, 4, { inapp: false }), { ...query, channel: "inapp" }, OPT_IN),
    ).toBe("consent");
  });
});
