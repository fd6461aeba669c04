import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateDemoData, PRODUCTS, writeCustomersCsv } from "./index.js";

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), "nudge-demo-test-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function table(path: string): Record<string, string>[] {
  // The generator quotes only message texts with commas; this test reads simple files.
  const [header, ...lines] = readFileSync(path, "utf8").trimEnd().split("\n");
  const columns = (header as string).split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [columns[i], v])));
}

describe("demo data", () => {
  it("is byte-identical for a seed and different for another", async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    await generateDemoData({ outDir: a, customers: 300, seed: 1 });
    await generateDemoData({ outDir: b, customers: 300, seed: 1 });
    await generateDemoData({ outDir: c, customers: 300, seed: 2 });
    for (const name of ["customers", "holdings", "events", "relations", "outcomes", "truth"]) {
      expect(readFileSync(join(a, `${name}.csv`)).equals(readFileSync(join(b, `${name}.csv`))), name).toBe(
        true,
      );
    }
    expect(readFileSync(join(a, "events.csv")).equals(readFileSync(join(c, "events.csv")))).toBe(false);
  });

  it("has canonical columns, referential integrity and people known to two subsidiaries", async () => {
    const dir = fresh();
    const manifest = await generateDemoData({ outDir: dir, customers: 1000, seed: 3 });
    const customers = table(manifest.files.customers!.path);
    expect(Object.keys(customers[0]!)).toEqual(
      expect.arrayContaining([
        "id",
        "age",
        "tz",
        "risk_tolerance",
        "consent_email",
        "name",
        "id_number",
        "phone",
      ]),
    );
    const ids = new Set(customers.map((c) => c.id));
    const productIds = new Set(PRODUCTS.map((p) => p.id));
    for (const h of table(manifest.files.holdings!.path)) {
      expect(ids.has(h.customer_id!)).toBe(true);
      expect(productIds.has(h.product_id!)).toBe(true);
    }
    for (const r of table(manifest.files.relations!.path))
      expect(ids.has(r.src!) && ids.has(r.dst!) && r.src !== r.dst).toBe(true);
    const byPerson = new Map<string, Set<string>>();
    for (const c of customers)
      byPerson.set(
        `${c.name}|${c.id_number}|${c.phone}`,
        (byPerson.get(`${c.name}|${c.id_number}|${c.phone}`) ?? new Set()).add(c.subsidiary!),
      );
    const multi = [...byPerson.values()].filter((s) => s.size > 1).length;
    expect(multi).toBeGreaterThan(40);
    expect(manifest.files.events!.rows).toBeGreaterThan(30_000);
  });

  it("plants segment product preferences and a positive treatment effect", async () => {
    const dir = fresh();
    const manifest = await generateDemoData({ outDir: dir, customers: 2000, seed: 4 });
    const segment = new Map(table(manifest.files.truth!.path).map((t) => [t.customer_id, t.segment]));
    const holders = new Map<string, Set<string>>();
    for (const h of table(manifest.files.holdings!.path))
      holders.set(h.product_id!, (holders.get(h.product_id!) ?? new Set()).add(h.customer_id!));
    const shareIn = (product: string, seg: string) => {
      const members = [...segment].filter(([, s]) => s === seg).map(([id]) => id);
      return members.filter((id) => holders.get(product)?.has(id!)).length / members.length;
    };
    expect(shareIn("p_loan_sme", "sme_owner")).toBeGreaterThan(0.55);
    expect(shareIn("p_loan_sme", "young_digital")).toBeLessThan(0.1);
    expect(shareIn("p_term3y", "retiree_saver")).toBeGreaterThan(0.65);
    expect(shareIn("p_term3y", "affluent_investor")).toBeLessThan(0.1);

    const outcomes = table(manifest.files.outcomes!.path);
    const rate = (treated: string) => {
      const group = outcomes.filter((o) => o.treated === treated);
      return group.filter((o) => o.responded === "1").length / group.length;
    };
    expect(rate("1") - rate("0")).toBeGreaterThan(0.15);
  });

  it("writes a large plain customers file for benchmarks", async () => {
    const path = join(fresh(), "big.csv");
    expect(await writeCustomersCsv(path, 20_000, 9)).toBe(20_000);
    expect(readFileSync(path, "utf8").split("\n")).toHaveLength(20_002);
  });
});
