import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openRecords } from "./index.js";
import { plainValue } from "./parquet-reader.js";
import { readAll, recordsOf, rowsOf, scratch } from "./test-support/read-all.js";

const files = scratch();
afterAll(files.remove);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("Parquet reader", () => {
  it("reads every row group into records with typed values and row numbers", async () => {
    const { source, items, batchSizes } = await readAll(fixture("customers.parquet"));
    expect(source.format).toBe("parquet");
    expect(source.columns).toEqual(["id", "age", "vip", "balance_minor", "score", "joined"]);
    expect(batchSizes).toEqual([1000, 1000, 500]);
    expect(rowsOf(items)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    const records = recordsOf(items);
    expect(records[0]?.values).toEqual({
      id: "p0",
      age: null,
      vip: true,
      balance_minor: 0,
      score: 0,
      joined: "2024-01-01T00:00:00.000Z",
    });
    expect(records[7]?.values.balance_minor).toBe("1152921504606846977");
    expect(records[1200]).toEqual({
      row: 1201,
      values: {
        id: "p1200",
        age: 20,
        vip: true,
        balance_minor: 120000,
        score: 150,
        joined: "2024-04-15T00:00:00.000Z",
      },
    });
    expect(source.bytesRead()).toBe(source.totalBytes);
  });

  it("is found by its magic bytes whatever its name, and reads gzip pages", async () => {
    const { source, items } = await readAll(fixture("events-gzip.parquet"), { format: undefined });
    expect(source.columns).toEqual(["customer_id", "value"]);
    expect(recordsOf(items).map((r) => r.values)).toEqual([
      { customer_id: "a", value: 1.5 },
      { customer_id: "b", value: 2 },
      { customer_id: "c", value: null },
    ]);
  });

  it("refuses a file that only claims to be Parquet", async () => {
    await expect(openRecords(files.write("PAR1 nonsense", "parquet"))).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: expect.stringMatching(/is not a readable Parquet file/),
    });
  });

  it.each<[unknown, unknown]>([
    [undefined, null],
    [42n, 42],
    [2n ** 63n - 1n, "9223372036854775807"],
    [-(2n ** 60n), "-1152921504606846976"],
    [new Date("2024-05-06T07:08:09Z"), "2024-05-06T07:08:09.000Z"],
    [new Date(Number.NaN), null],
    [Number.NaN, "NaN"],
    [new TextEncoder().encode("北京"), "北京"],
    [{ city: "北京", n: 1n }, '{"city":"北京","n":"1"}'],
    [[1, 2], "[1,2]"],
  ])("plainValue(%o) → %o", (value, expected) => {
    expect(plainValue(value)).toEqual(expected);
  });
});
