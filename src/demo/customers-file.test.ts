import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CUSTOMER_COLUMNS, writeCustomersCsv } from "./index.js";
import { header, scratch, table } from "./test-support/tables.js";

const tmp = scratch();
afterAll(tmp.cleanup);

describe("writeCustomersCsv", () => {
  it("writes the demo's customer columns, one distinct person a row, the same for a seed", async () => {
    const [a, b] = [join(tmp.dir(), "a.csv"), join(tmp.dir(), "b.csv")];
    expect(await writeCustomersCsv(a, 5000, 9)).toBe(5000);
    await writeCustomersCsv(b, 5000, 9);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(header(a)).toEqual([...CUSTOMER_COLUMNS]);
    const rows = table(a);
    expect(rows).toHaveLength(5000);
    expect(new Set(rows.map((r) => r.id)).size).toBe(5000);
    expect(new Set(rows.map((r) => `${r.name}|${r.id_number}|${r.phone}`)).size).toBe(5000);
  });

  it("leaves out the identifiers when asked", async () => {
    const path = join(tmp.dir(), "plain.csv");
    await writeCustomersCsv(path, 100, 9, false);
    expect(header(path)).toEqual(CUSTOMER_COLUMNS.filter((c) => !["name", "id_number", "phone"].includes(c)));
    expect(table(path)).toHaveLength(100);
  });
});
