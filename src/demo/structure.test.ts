/** The planted structure is real: segments differ, identities link, the coupon works on persuadables. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoData, SEGMENTS } from "./index.js";
import { type Row, scratch, table } from "./test-support/tables.js";

const tmp = scratch();
afterAll(tmp.cleanup);

interface Data {
  customers: Row[];
  holdings: Row[];
  events: Row[];
  relations: Row[];
  outcomes: Row[];
  truth: Row[];
  /** Person (first record's id) → segment and uplift class. */
  person: Map<string, { segment: string; uplift: string }>;
  /** Any customer record id → person id. */
  personOf: Map<string, string>;
}

let data: Data;

beforeAll(async () => {
  const manifest = await generateDemoData({ outDir: tmp.dir(), customers: 3000, seed: 11 });
  const read = (kind: string) => table(manifest.files[kind]!.path);
  const truth = read("truth");
  data = {
    customers: read("customers"),
    holdings: read("holdings"),
    events: read("events"),
    relations: read("relations"),
    outcomes: read("outcomes"),
    truth,
    person: new Map(truth.map((t) => [t.person_id!, { segment: t.segment!, uplift: t.uplift_class! }])),
    personOf: new Map(truth.map((t) => [t.customer_id!, t.person_id!])),
  };
});

const segmentOf = (customerId: string) => data.person.get(data.personOf.get(customerId)!)!.segment;
const share = (part: number, whole: number) => part / Math.max(1, whole);

describe("planted structure", () => {
  it("gives each segment a favourite product it holds far more often than everyone else", () => {
    const people = [...data.person];
    for (const segment of SEGMENTS) {
      const members = people.filter(([, p]) => p.segment === segment.name).map(([id]) => id);
      const [favourite] = Object.entries(segment.holds).sort((a, b) => b[1] - a[1])[0]!;
      const holders = new Set(
        data.holdings
          .filter((h) => h.product_id === favourite)
          .map((h) => data.personOf.get(h.customer_id!)!),
      );
      const inSegment = share(members.filter((id) => holders.has(id)).length, members.length);
      const overall = share(holders.size, people.length);
      expect(inSegment, segment.name).toBeGreaterThan(0.4);
      expect(inSegment, segment.name).toBeGreaterThan(2.5 * overall);
    }
  });

  it("draws segments from distinct kinds of people", () => {
    const mean = (segment: string, field: string) => {
      const values = data.customers
        .filter((c) => c.id === data.personOf.get(c.id!) && segmentOf(c.id!) === segment)
        .map((c) => Number(c[field]));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    expect(mean("young_digital", "age")).toBeLessThan(32);
    expect(mean("retiree_saver", "age")).toBeGreaterThan(58);
    expect(mean("affluent_investor", "balance")).toBeGreaterThan(5 * mean("young_digital", "balance"));
    expect(mean("affluent_investor", "risk_tolerance")).toBeGreaterThan(
      mean("retiree_saver", "risk_tolerance") + 1.5,
    );
  });

  it("makes people browse what their segment likes, at their segment's hours", () => {
    for (const segment of SEGMENTS) {
      const views = data.events.filter(
        (e) => e.type === "browse" && segmentOf(e.customer_id!) === segment.name,
      );
      const counts = new Map<string, number>();
      for (const v of views) counts.set(v.item_id!, (counts.get(v.item_id!) ?? 0) + 1);
      const [top] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      expect(Object.keys(segment.holds), segment.name).toContain(top);
    }
    // Mainland customers (UTC+8): young people's logins cluster late in the evening, retirees' in the morning.
    const zone = new Map(data.customers.map((c) => [c.id!, c.tz!]));
    const localHours = (segment: string) =>
      data.events
        .filter((e) => e.type === "login" && segmentOf(e.customer_id!) === segment)
        .filter((e) => zone.get(e.customer_id!) === "Asia/Shanghai")
        .map((e) => (new Date(e.ts!).getUTCHours() + 8) % 24);
    const lateShare = (hours: number[]) =>
      share(hours.filter((h) => h >= 21 || h === 0).length, hours.length);
    expect(lateShare(localHours("young_digital"))).toBeGreaterThan(0.5);
    expect(lateShare(localHours("retiree_saver"))).toBeLessThan(0.15);
  });

  it("records the purchase of every holding bought during the history", () => {
    const purchases = new Set(
      data.events
        .filter((e) => e.type === "purchase")
        .map((e) => `${e.customer_id}|${e.item_id}|${e.ts!.slice(0, 10)}`),
    );
    const recent = data.holdings.filter((h) => h.since! >= "2026-07-04");
    expect(recent.length).toBeGreaterThan(200);
    for (const h of recent)
      expect(purchases.has(`${data.personOf.get(h.customer_id!)}|${h.product_id}|${h.since}`)).toBe(true);
  });

  it("knows some people in two or three subsidiaries with the same name, ID number and phone", () => {
    const byPerson = new Map<string, Row[]>();
    for (const c of data.customers) {
      const id = data.personOf.get(c.id!)!;
      byPerson.set(id, [...(byPerson.get(id) ?? []), c]);
    }
    const linked = [...byPerson.values()].filter((records) => records.length > 1);
    expect(share(linked.length, byPerson.size)).toBeGreaterThan(0.05);
    expect(share(linked.length, byPerson.size)).toBeLessThan(0.3);
    expect(linked.some((records) => records.length === 3)).toBe(true);
    for (const records of linked) {
      expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
      expect(new Set(records.map((r) => r.subsidiary)).size).toBe(records.length);
      expect(new Set(records.map((r) => `${r.name}|${r.id_number}|${r.phone}`)).size).toBe(1);
    }
    // Different people do not share all three identifiers.
    const identities = new Set(data.customers.map((c) => `${c.name}|${c.id_number}|${c.phone}`));
    expect(identities.size).toBe(byPerson.size);
  });

  it("links people mostly within their segment, and families within their region", () => {
    const regionOf = new Map(data.customers.map((c) => [c.id!, c.region!]));
    const same = data.relations.filter((r) => segmentOf(r.src!) === segmentOf(r.dst!));
    expect(share(same.length, data.relations.length)).toBeGreaterThan(0.6);
    for (const r of data.relations.filter((x) => x.type === "family"))
      expect(regionOf.get(r.src!)).toBe(regionOf.get(r.dst!));
    expect(new Set(data.relations.map((r) => r.type))).toEqual(
      new Set(["family", "colleague", "referral", "transfer"]),
    );
  });

  it("runs a randomized coupon whose effect comes from the persuadable class", () => {
    const rate = (rows: Row[]) => share(rows.filter((o) => o.responded === "1").length, rows.length);
    const treated = data.outcomes.filter((o) => o.treated === "1");
    const control = data.outcomes.filter((o) => o.treated === "0");
    expect(share(treated.length, data.outcomes.length)).toBeGreaterThan(0.45);
    expect(share(treated.length, data.outcomes.length)).toBeLessThan(0.55);
    expect(rate(treated) - rate(control)).toBeGreaterThan(0.15);
    const effect = (uplift: string) => {
      const of = (rows: Row[]) => rows.filter((o) => data.person.get(o.customer_id!)!.uplift === uplift);
      return rate(of(treated)) - rate(of(control));
    };
    expect(effect("persuadable")).toBeGreaterThan(0.6);
    expect(Math.abs(effect("always"))).toBeLessThan(0.15);
    expect(Math.abs(effect("never"))).toBeLessThan(0.1);
    // The class depends on observable features too: app users are more often persuadable.
    const persuadable = (inapp: string) => {
      const people = data.customers.filter(
        (c) => c.id === data.personOf.get(c.id!) && c.consent_inapp === inapp,
      );
      return share(
        people.filter((c) => data.person.get(c.id!)!.uplift === "persuadable").length,
        people.length,
      );
    };
    expect(persuadable("1")).toBeGreaterThan(persuadable("0") + 0.1);
  });
});
