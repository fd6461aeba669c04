import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isNudgeError } from "../core/index.js";
import { CUSTOMER_COLUMNS, generateDemoData, MESSAGES, PRODUCTS } from "./index.js";
import { header, type Row, scratch, table } from "./test-support/tables.js";

const tmp = scratch();
afterAll(tmp.cleanup);

/** The canonical columns of DESIGN.md, per ingest kind. */
const CANONICAL: Record<string, readonly string[]> = {
  customers: [
    "id",
    "age",
    "gender",
    "region",
    "tz",
    "risk_tolerance",
    "subsidiary",
    "name",
    "id_number",
    "phone",
  ],
  products: ["id", "name", "category", "risk_level", "value"],
  holdings: ["customer_id", "product_id", "since", "amount"],
  events: ["customer_id", "type", "item_id", "category", "ts", "value"],
  relations: ["src", "dst", "type", "weight"],
  outcomes: ["customer_id", "campaign", "treated", "responded", "ts"],
  messages: ["id", "text", "lang", "channel"],
};
const CONSENTS = ["email", "sms", "inapp", "wecom", "webhook"].map((c) => `consent_${c}`);
const ATTRIBUTES = ["job", "marital", "education", "balance", "income_band", "opened_at"];

describe("generateDemoData", () => {
  it("writes byte-identical files for a seed and different ones for another", async () => {
    const [a, b, c] = [tmp.dir(), tmp.dir(), tmp.dir()];
    await generateDemoData({ outDir: a, customers: 400, seed: 1 });
    await generateDemoData({ outDir: b, customers: 400, seed: 1 });
    await generateDemoData({ outDir: c, customers: 400, seed: 2 });
    const names = readdirSync(a).sort();
    expect(names).toEqual([
      "customers.csv",
      "events.csv",
      "holdings.csv",
      "manifest.json",
      "messages.csv",
      "outcomes.csv",
      "products.csv",
      "relations.csv",
      "truth.csv",
    ]);
    for (const name of names)
      expect(readFileSync(join(a, name)).equals(readFileSync(join(b, name))), name).toBe(true);
    for (const name of [
      "customers.csv",
      "holdings.csv",
      "events.csv",
      "relations.csv",
      "outcomes.csv",
      "truth.csv",
    ])
      expect(readFileSync(join(a, name)).equals(readFileSync(join(c, name))), name).toBe(false);
  });

  it("uses the canonical columns and counts its rows right", async () => {
    const dir = tmp.dir();
    const manifest = await generateDemoData({ outDir: dir, customers: 500, seed: 3 });
    expect(manifest.seed).toBe(3);
    expect(manifest.referenceDate).toBe("2026-10-31");
    for (const [kind, columns] of Object.entries(CANONICAL)) {
      const file = manifest.files[kind]!;
      expect(header(file.path), kind).toEqual(expect.arrayContaining([...columns]));
      expect(table(file.path), kind).toHaveLength(file.rows);
    }
    expect(header(manifest.files.customers!.path)).toEqual([...CUSTOMER_COLUMNS]);
    expect(CUSTOMER_COLUMNS).toEqual(expect.arrayContaining([...CONSENTS, ...ATTRIBUTES]));
    expect(header(manifest.files.events!.path)).toEqual(CANONICAL.events);
    expect(manifest.files.customers!.rows).toBe(500);
    expect(manifest.files.products!.rows).toBe(PRODUCTS.length);
    expect(manifest.files.messages!.rows).toBe(MESSAGES.length);
    expect(manifest.files.truth!.rows).toBe(500);
    const written = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    expect(written.files.events).toEqual({ path: "events.csv", rows: manifest.files.events!.rows });
    expect(written.truth.path).toBe("truth.csv");
  });

  it("writes values ingestion accepts: typed, in range, unique by each kind's key", async () => {
    const manifest = await generateDemoData({ outDir: tmp.dir(), customers: 800, seed: 5 });
    const rows = (kind: string): Row[] => table(manifest.files[kind]!.path);
    const customers = rows("customers");
    expect(new Set(customers.map((c) => c.id)).size).toBe(customers.length);
    for (const c of customers) {
      expect(Number(c.age)).toBeGreaterThanOrEqual(18);
      expect(["F", "M"]).toContain(c.gender);
      expect(Number(c.risk_tolerance)).toBeGreaterThanOrEqual(1);
      expect(Number(c.risk_tolerance)).toBeLessThanOrEqual(5);
      expect(["bank", "insurance", "securities"]).toContain(c.subsidiary);
      for (const consent of CONSENTS) expect(["0", "1"]).toContain(c[consent]);
      expect(() => new Intl.DateTimeFormat("en", { timeZone: c.tz })).not.toThrow();
      expect(c.balance).toMatch(/^-?\d+$/);
      expect(c.opened_at).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    for (const p of rows("products")) {
      expect(Number(p.risk_level)).toBeGreaterThanOrEqual(1);
      expect(p.value).toMatch(/^\d+$/);
    }
    const unique = (kind: string, key: (r: Row) => string) => {
      const all = rows(kind);
      expect(new Set(all.map(key)).size, kind).toBe(all.length);
    };
    // Ingestion resolves linked records to one customer, so a holding is unique per person and product.
    const personOf = new Map(rows("truth").map((t) => [t.customer_id, t.person_id]));
    unique("holdings", (h) => `${personOf.get(h.customer_id!)}|${h.product_id}`);
    unique("events", (e) => Object.values(e).join("|"));
    unique("relations", (r) => `${r.src}|${r.dst}|${r.type}`);
    unique("outcomes", (o) => `${o.customer_id}|${o.campaign}`);
    for (const r of rows("relations")) expect(r.src).not.toBe(r.dst);
    const start = Date.parse("2026-07-03T00:00:00Z") - 86_400_000;
    const end = Date.parse("2026-11-01T00:00:00Z");
    for (const e of rows("events")) {
      expect(e.ts).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(Date.parse(e.ts!)).toBeGreaterThanOrEqual(start);
      expect(Date.parse(e.ts!)).toBeLessThan(end);
    }
    const messages = rows("messages");
    expect(new Set(messages.map((m) => m.lang))).toEqual(new Set(["zh", "en"]));
    expect(messages.some((m) => m.text!.includes(","))).toBe(true);
  });

  it("references only customers and products it wrote", async () => {
    const manifest = await generateDemoData({ outDir: tmp.dir(), customers: 800, seed: 6 });
    const ids = new Set(table(manifest.files.customers!.path).map((c) => c.id));
    const products = new Set(table(manifest.files.products!.path).map((p) => p.id));
    for (const h of table(manifest.files.holdings!.path)) {
      expect(ids.has(h.customer_id!)).toBe(true);
      expect(products.has(h.product_id!)).toBe(true);
    }
    for (const e of table(manifest.files.events!.path)) {
      expect(ids.has(e.customer_id!)).toBe(true);
      if (e.item_id) expect(products.has(e.item_id)).toBe(true);
    }
    for (const r of table(manifest.files.relations!.path))
      expect(ids.has(r.src!) && ids.has(r.dst!)).toBe(true);
    for (const o of table(manifest.files.outcomes!.path)) expect(ids.has(o.customer_id!)).toBe(true);
    for (const t of table(manifest.files.truth!.path)) expect(ids.has(t.customer_id!)).toBe(true);
  });

  it("produces the default data set in the expected sizes", async () => {
    const manifest = await generateDemoData({ outDir: tmp.dir() });
    const rows = (kind: string) => manifest.files[kind]!.rows;
    expect(manifest.seed).toBe(7);
    expect(rows("customers")).toBe(2000);
    expect(rows("holdings")).toBeGreaterThan(3000);
    expect(rows("holdings")).toBeLessThan(6000);
    expect(rows("events")).toBeGreaterThan(50_000);
    expect(rows("events")).toBeLessThan(100_000);
    expect(rows("relations")).toBeGreaterThan(2000);
    expect(rows("relations")).toBeLessThan(4000);
    expect(rows("outcomes")).toBeGreaterThan(1500);
    expect(rows("messages")).toBeGreaterThanOrEqual(30);
    expect(rows("messages")).toBeLessThanOrEqual(60);
  });

  it("ends the history on the reference date it is given", async () => {
    const manifest = await generateDemoData({
      outDir: tmp.dir(),
      customers: 200,
      referenceDate: "2025-03-15",
    });
    const stamps = table(manifest.files.events!.path).map((e) => e.ts!);
    const last = stamps.sort().at(-1)!;
    expect(last < "2025-03-16").toBe(true);
    expect(last > "2025-03-01").toBe(true);
  });

  it("rejects options it cannot honour", async () => {
    for (const options of [
      { customers: 0 },
      { customers: 1.5 },
      { seed: Number.NaN },
      { referenceDate: "31/10/2026" },
    ]) {
      const error = await generateDemoData({ outDir: tmp.dir(), ...options }).catch((e: unknown) => e);
      expect(isNudgeError(error, "CONFIG_INVALID"), JSON.stringify(options)).toBe(true);
    }
  });
});
