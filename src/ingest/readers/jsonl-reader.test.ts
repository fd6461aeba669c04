import { afterAll, describe, expect, it } from "vitest";
import { openRecords } from "./index.js";
import { errorsOf, readAll, recordsOf, scratch } from "./test-support/read-all.js";

const files = scratch();
afterAll(files.remove);

describe("JSONL reader", () => {
  it("reads objects, keeps scalar types, turns nested values into JSON and reports bad lines", async () => {
    const content = [
      '{"id":"a","n":1,"ok":true,"tags":["x"],"address":{"city":"北京"}}',
      "",
      "not json",
      "[1,2]",
      '  {"id":"b","n":null}  ',
      '{"id":"c","balance":12345678901234567890}',
      '{"id":"d"}',
    ].join("\r\n");
    const { source, items } = await readAll(files.write(content, "jsonl"));
    expect(source.format).toBe("jsonl");
    expect(source.columns).toBeNull();
    expect(recordsOf(items)).toEqual([
      { row: 1, values: { id: "a", n: 1, ok: true, tags: '["x"]', address: '{"city":"北京"}' } },
      { row: 5, values: { id: "b", n: null } },
      { row: 7, values: { id: "d" } },
    ]);
    expect(errorsOf(items).map((e) => [e.row, e.field, e.message.slice(0, 22)])).toEqual([
      [3, undefined, "not valid JSON: Unexpe"],
      [4, undefined, "each line must be a JS"],
      [6, "balance", "an integer beyond 2^53"],
    ]);
  });

  it("reads the same across chunk boundaries, with a BOM and without a final newline", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `c${i}`, name: "张三", i }));
    const path = files.write(`\ufeff${lines.join("\n")}`, "ndjson");
    for (const highWaterMark of [1, 5, 64, 1 << 20]) {
      const records = recordsOf((await readAll(path, { highWaterMark })).items);
      expect(records).toHaveLength(40);
      expect(records[39]).toEqual({ row: 40, values: { id: "c39", name: "张三", i: 39 } });
    }
  });

  it("refuses an over-long line without buffering it, then reads on", async () => {
    const content = `{"id":"a"}\n{"blob":"${"x".repeat(5000)}"}\n{"id":"b"}\n{"blob":"${"y".repeat(500)}"}`;
    const { items } = await readAll(files.write(content, "jsonl"), { maxFieldBytes: 100, highWaterMark: 64 });
    expect(recordsOf(items).map((r) => [r.row, r.values.id])).toEqual([
      [1, "a"],
      [3, "b"],
    ]);
    expect(errorsOf(items)).toEqual([
      { row: 2, message: "the line is longer than 100 characters" },
      { row: 4, message: "the line is longer than 100 characters" },
    ]);
  });

  it("refuses a JSON array file with a hint, and a field named __proto__", async () => {
    await expect(openRecords(files.write('[\n  {"id": 1}\n]\n', "json"))).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: expect.stringMatching(/JSON array, not JSON Lines.*jq -c/),
    });
    const { items } = await readAll(files.write('{"__proto__":{"x":1},"id":"a"}\n', "jsonl"));
    expect(errorsOf(items)).toEqual([
      { row: 1, field: "__proto__", message: "'__proto__' cannot be a field name" },
    ]);
  });
});
