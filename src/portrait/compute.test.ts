import { describe, expect, it } from "vitest";
import { type CustomerFacts, computeTags, type EventFact } from "./compute.js";
import { validateDefinitions } from "./definitions.js";
import { daypartOf, LocalHours } from "./facts.js";

const AS_OF = Date.parse("2026-11-20T12:00:00Z");
const DAY = 86_400_000;

function event(type: string, daysAgo: number, extra: Partial<EventFact> = {}): EventFact {
  return {
    type,
    item_id: null,
    category: null,
    value: null,
    ts: AS_OF - daysAgo * DAY,
    hour: 10,
    daypart: "morning",
    ...extra,
  };
}

const facts: CustomerFacts = {
  id: "c1",
  profile: {
    age: 41,
    gender: "F",
    region: "Hong Kong",
    attributes: { balance: 250_000, vip: true },
    consents: { sms: 1 },
  },
  events: [
    event("login", 1),
    event("login", 2),
    event("login", 20),
    event("login", 200),
    event("browse", 3, { item_id: "p1", category: "fund" }),
    event("purchase", 5, { item_id: "p1", category: "fund", value: 1000 }),
    event("purchase", 40, { item_id: "p2", category: "deposit", value: 500, hour: 21, daypart: "evening" }),
    event("search", 1, { category: "insurance" }),
    event("login", -3), // after as-of: ignored
  ],
  holdings: [
    { product_id: "p1", category: "fund", amount: 100_000, risk_level: 4 },
    { product_id: "p2", category: "deposit", amount: 50_000, risk_level: 1 },
    { product_id: "p3", category: "deposit", amount: null, risk_level: 1 },
  ],
  responses: [{ type: "click", channel: "sms", ts: AS_OF - DAY }],
  graph: { pagerank: 2.5, degree: 3 },
};

const tag = (name: string, type: string, rule: object, more: object = {}) => ({
  name,
  kind: "fact",
  type,
  rule,
  ...more,
});

describe("computing tags", () => {
  const compute = (...tags: object[]) =>
    Object.fromEntries(
      computeTags(validateDefinitions({ version: 1, tags }), facts, AS_OF).map((t) => [
        t.name,
        [t.value, t.measure, t.evidence],
      ]),
    );

  it("reads profile columns and attributes", () => {
    expect(
      compute(
        tag("age_band", "band", { from: "profile", field: "age" }, { bands: [25, 35, 45] }),
        tag("region", "category", { from: "profile", field: "region" }),
        tag("balance", "number", { from: "profile", field: "attributes.balance" }),
        tag("vip", "boolean", { from: "profile", field: "attributes.vip" }),
        tag("sms_ok", "boolean", { from: "profile", field: "consents.sms" }),
        tag("tz", "category", { from: "profile", field: "tz" }),
      ),
    ).toEqual({
      age_band: ["35-44", 41, 1],
      region: ["Hong Kong", 1, 1],
      balance: [250_000, 250_000, 1],
      vip: [true, 1, 1],
      sms_ok: [true, 1, 1],
    });
  });

  it("counts per group inside a window, excluding events after the as-of time", () => {
    expect(
      compute(tag("events_30d", "number", { from: "events", agg: "count", by: "type", window: "30d" })),
    ).toEqual({
      "events_30d.browse": [1, 1, 1],
      "events_30d.login": [3, 3, 3],
      "events_30d.purchase": [1, 1, 1],
      "events_30d.search": [1, 1, 1],
    });
    expect(
      compute(tag("logins", "number", { from: "events", agg: "count", where: { type: "login" } })),
    ).toEqual({
      logins: [4, 4, 4],
    });
  });

  it("sums, recency, distinct and share", () => {
    expect(
      compute(
        tag("spend", "number", {
          from: "events",
          agg: "sum",
          field: "value",
          where: { type: "purchase" },
          window: "30d",
        }),
        tag("since_purchase", "number", { from: "events", agg: "recency", where: { type: "purchase" } }),
        tag("since_complaint", "number", { from: "events", agg: "recency", where: { type: "complaint" } }),
        tag("items", "number", { from: "events", agg: "distinct", field: "item_id" }),
        tag("login_share", "number", {
          from: "events",
          agg: "share",
          where: { type: ["login"] },
          window: "30d",
        }),
        tag("assets", "number", { from: "holdings", agg: "sum", field: "amount" }),
        tag("held", "number", { from: "holdings", agg: "count", by: "category" }),
      ),
    ).toEqual({
      spend: [1000, 1000, 1],
      since_purchase: [5, 5, 1],
      items: [2, 2, 2],
      login_share: [0.5, 0.5, 1],
      assets: [150_000, 150_000, 1],
      "held.deposit": [2, 2, 2],
      "held.fund": [1, 1, 1],
    });
  });

  it("ranks top values by weighted counts, types without a weight counting zero", () => {
    const list = computeTags(
      validateDefinitions({
        version: 1,
        tags: [
          tag("interest", "category", {
            from: "events",
            agg: "top",
            field: "category",
            weights: { purchase: 5, browse: 2, search: 1 },
            limit: 3,
          }),
        ],
      }),
      facts,
      AS_OF,
    );
    expect(list.map((t) => [t.value, t.measure])).toEqual([
      ["fund", 7],
      ["deposit", 5],
      ["insurance", 1],
    ]);
  });

  it("takes graph scores and responses", () => {
    expect(
      compute(
        tag("influence", "band", { from: "graph", agg: "pagerank" }, { bands: [1, 2] }),
        tag("connections", "number", { from: "graph", agg: "degree" }),
        tag("channel", "category", {
          from: "responses",
          agg: "top",
          field: "channel",
          where: { type: "click" },
        }),
      ),
    ).toEqual({ influence: ["2+", 2.5, 1], connections: [3, 3, 1], channel: ["sms", 1, 1] });
  });
});

describe("local hours", () => {
  it("reads the hour in the customer's zone, UTC when unknown", () => {
    const hours = new LocalHours();
    const ms = Date.parse("2026-07-01T23:30:00Z");
    expect(hours.hour(ms, "Asia/Shanghai")).toBe(7);
    expect(hours.hour(ms, "America/New_York")).toBe(19);
    expect(hours.hour(ms, null)).toBe(23);
    expect(hours.hour(ms, "Not/AZone")).toBe(23);
    expect([0, 6, 12, 18].map(daypartOf)).toEqual(["night", "morning", "afternoon", "evening"]);
  });
});
