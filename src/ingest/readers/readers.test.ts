import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { parquetWriteFile } from "hyparquet-writer";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { isNudgeError } from "../../core/index.js";
import { openRecords, type ReadItem, type ReadOptions } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "nudge-readers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer, ext = "csv") => {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, content);
  return path;
};

async function readAll(path: string, options: ReadOptions = {}) {
  const source = await openRecords(path, options);
  const items: ReadItem[] = [];
  for await (const batch of source.items) items.push(...batch);
  return { source, items };
}

const records = (items: ReadItem[]) => items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
const errors = (items: ReadItem[]) => items.flatMap((i) => (i.kind === "error" ? [i.error] : []));

describe("CSV reader", () => {
  it.each([
    [",", "a,b\n1,2\n"],
    [";", "a;b\n1;2\n"],
    ["\t", "a\tb\n1\t2\n"],
    ["|", "a|b\n1|2\n"],
  ])("detects the %j delimiter", async (_d, content) => {
    const { source, items } = await readAll(file(content));
    expect(source.columns).toEqual(["a", "b"]);
    expect(records(items)).toEqual([{ row: 1, values: { a: "1", b: "2" } }]);
  });

  it("reads quoted fields with delimiters, newlines and doubled quotes, CRLF and a BOM", async () => {
    const content = '\ufeffid,note\r\n1,"a, b"\r\n2,"line one\nline two"\r\n3,"say ""hi"""\r\n4,plain\r\n';
    const { source, items } = await readAll(file(content));
    expect(source.columns).toEqual(["id", "note"]);
    expect(records(items).map((r) => r.values.note)).toEqual([
      "a, b",
      "line one\nline two",
      'say "hi"',
      "plain",
    ]);
    expect(records(items).map((r) => r.row)).toEqual([1, 2, 3, 4]);
  });

  it("gives the same records whatever the chunk boundaries", async () => {
    const content = `id,text\n${Array.from({ length: 50 }, (_, i) => `${i},"multi\nline ""${i}"", with comma"`).join("\n")}\n`;
    const path = file(content);
    const whole = records((await readAll(path)).items);
    for (const highWaterMark of [1, 3, 7, 64]) {
      expect(records((await readAll(path, { highWaterMark })).items)).toEqual(whole);
    }
    expect(whole).toHaveLength(50);
    expect(whole[7]?.values.text).toBe('multi\nline "7", with comma');
  });

  it("turns malformed lines into errors and keeps reading", async () => {
    const content = 'id,v\n1,a\n2,"open\n3,b,extra\n4,"x"y\n5,c\n';
    const { items } = await readAll(file(content));
    expect(records(items).map((r) => r.values.id)).toEqual(["1", "5"]);
    expect(errors(items).map((e) => e.row)).toEqual([2, 3, 4]);
    expect(errors(items)[1]?.message).toMatch(/has 3 fields but the header has 2/);
  });

  it("reads GBK with an encoding and a 1 MB field", async () => {
    const big = "长".repeat(1024 * 1024);
    const gbk = iconv.encode(`客户,备注\n张三,${big}\n李四,好\n`, "gbk");
    const { source, items } = await readAll(file(gbk), { encoding: "gbk" });
    expect(source.columns).toEqual(["客户", "备注"]);
    expect(records(items).map((r) => [r.values["客户"], String(r.values["备注"]).length])).toEqual([
      ["张三", 1024 * 1024],
      ["李四", 1],
    ]);
  });

  it("refuses empty, binary, missing and headerless files clearly", async () => {
    const cases: [string, RegExp][] = [
      [file(""), /file is empty/],
      [file("\n\n  \n"), /file is empty/],
      [file(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 9])), /binary data/],
      [join(dir, "missing.csv"), /cannot open/],
      [file("a,,c\n1,2,3\n"), /column 2 of the header has no name/],
      [file("a,a\n1,2\n"), /names column 'a' twice/],
    ];
    for (const [path, message] of cases) {
      const error = await openRecords(path).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isNudgeError(error, "INPUT_UNREADABLE"), String(path)).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
  });

  it("never throws anything but a clear error, and numbers rows in order (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", ";", "é", " "), maxLength: 200 }),
        async (body) => {
          const path = file(`h1,h2\n${body}`);
          try {
            const { items } = await readAll(path, { highWaterMark: 5 });
            const rows = items.map((i) => (i.kind === "record" ? i.record.row : i.error.row));
            expect(rows).toEqual([...rows].sort((a, b) => a - b));
            expect(new Set(rows).size).toBe(rows.length);
          } catch (error) {
            expect(isNudgeError(error)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("JSONL reader", () => {
  it("reads objects, flattens nested values and reports bad lines", async () => {
    const content = [
      '{"id":"a","n":1,"ok":true,"tags":["x"]}',
      "",
      "not json",
      "[1,2]",
      '{"id":"b","n":null}',
    ].join("\n");
    const { source, items } = await readAll(file(content, "jsonl"));
    expect(source.columns).toBeNull();
    expect(records(items)).toEqual([
      { row: 1, values: { id: "a", n: 1, ok: true, tags: '["x"]' } },
      { row: 4, values: { id: "b", n: null } },
    ]);
    expect(errors(items).map((e) => [e.row, e.message.slice(0, 14)])).toEqual([
      [2, "not valid JSON"],
      [3, "each line must"],
    ]);
  });
});

describe("Parquet reader", () => {
  it("reads row groups into records with typed values", async () => {
    const path = join(dir, "customers.parquet");
    const ids = Array.from({ length: 2500 }, (_, i) => `p${i}`);
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: "id", data: ids },
        { name: "age", data: ids.map((_, i) => 20 + (i % 50)) },
        { name: "vip", data: ids.map((_, i) => i % 3 === 0) },
      ],
      rowGroupSize: 1000,
    });
    const { source, items } = await readAll(path);
    expect(source.format).toBe("parquet");
    expect(source.columns).toEqual(["id", "age", "vip"]);
    const all = records(items);
    expect(all).toHaveLength(2500);
    expect(all[1200]).toEqual({ row: 1201, values: { id: "p1200", age: 20 + (1200 % 50), vip: true } });
    expect(source.bytesRead()).toBeGreaterThan(0);
  });

  it("refuses a file that only claims to be Parquet", async () => {
    await expect(openRecords(file("PAR1 nonsense", "parquet"))).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
    });
  });
});
