import { fileURLToPath } from "node:url";
import fc from "fast-check";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { isNudgeError } from "../../core/index.js";
import { openRecords, READ_BATCH } from "./index.js";
import { errorsOf, readAll, recordsOf, rejection, rowsOf, scratch } from "./test-support/read-all.js";

const files = scratch();
afterAll(files.remove);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe("CSV reader", () => {
  it.each([
    ["comma", "a,b\n1,2\n"],
    ["semicolon", "a;b\n1;2\n"],
    ["tab", "a\tb\n1\t2\n"],
    ["pipe", "a|b\n1|2\n"],
    ["semicolon with quoted commas in the header", '"a,x";b\n1;2\n'],
    ["tab after blank lines", "\n\r\n a\tb\n1\t2\n"],
  ])("detects the delimiter: %s", async (_name, content) => {
    const { source, items } = await readAll(files.write(content));
    expect(source.columns).toHaveLength(2);
    expect(recordsOf(items).map((r) => Object.values(r.values))).toEqual([["1", "2"]]);
  });

  it("takes the delimiter from the options, `tab` included", async () => {
    const path = files.write("a b\tc\n1 2\t3\n", "txt");
    const { source } = await readAll(path, { delimiter: "tab" });
    expect(source.columns).toEqual(["a b", "c"]);
    await expect(openRecords(path, { delimiter: "::" })).rejects.toMatchObject({ code: "INPUT_INVALID" });
  });

  it("reads quoted fields with delimiters, newlines and doubled quotes, CRLF and a BOM", async () => {
    const content = '\ufeff id , note\r\n1,"a, b"\r\n2,"line one\nline two"\r\n3,"say ""hi"""\r\n4,\r\n';
    const { source, items } = await readAll(files.write(content));
    expect(source.columns).toEqual(["id", "note"]);
    expect(recordsOf(items)).toEqual([
      { row: 1, values: { id: "1", note: "a, b" } },
      { row: 2, values: { id: "2", note: "line one\nline two" } },
      { row: 3, values: { id: "3", note: 'say "hi"' } },
      { row: 4, values: { id: "4", note: "" } },
    ]);
  });

  it("gives the same records whatever the chunk boundaries", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => `${i},"multi\nline ""${i}"", 中文",x${i}`);
    const path = files.write(`id,text,tail\n${lines.join("\r\n")}\n`);
    const whole = recordsOf((await readAll(path)).items);
    expect(whole).toHaveLength(60);
    expect(whole[7]?.values).toEqual({ id: "7", text: 'multi\nline "7", 中文', tail: "x7" });
    for (const highWaterMark of [1, 2, 3, 7, 64]) {
      expect(recordsOf((await readAll(path, { highWaterMark })).items), `chunks of ${highWaterMark}`).toEqual(
        whole,
      );
    }
  });

  it("turns malformed lines into errors with their row and keeps reading", async () => {
    const content = 'id,v\n1,a\n2,"open\n3,b,extra\n4,"x"y\n5,c\n6\n7,d\n';
    const { items } = await readAll(files.write(content));
    expect(recordsOf(items).map((r) => [r.row, r.values.id])).toEqual([
      [1, "1"],
      [5, "5"],
      [7, "7"],
    ]);
    expect(errorsOf(items)).toEqual([
      { row: 2, field: "v", message: "unexpected text after a closing quote" },
      { row: 3, message: "has 3 fields but the header has 2 (delimiter ',')" },
      { row: 4, field: "v", message: "unexpected text after a closing quote" },
      { row: 6, message: "has 1 fields but the header has 2 (delimiter ',')" },
    ]);
  });

  it("reads a 1 MB field; refuses a field over maxFieldBytes (naming its column) and a record far over it", async () => {
    const big = "x".repeat(1024 * 1024);
    const path = files.write(`id,blob\n1,${big}\n2,"${big}"\n3,${"y".repeat(1500)}\n4,small\n`);
    const fine = await readAll(path);
    expect(recordsOf(fine.items).map((r) => String(r.values.blob).length)).toEqual([
      big.length,
      big.length,
      1500,
      5,
    ]);
    const capped = await readAll(path, { maxFieldBytes: 1000, highWaterMark: 4096 });
    expect(errorsOf(capped.items)).toEqual([
      { row: 1, message: "the record is longer than 4000 characters" },
      { row: 2, message: "the record is longer than 4000 characters" },
      { row: 3, field: "blob", message: "field 2 is longer than 1000 characters" },
    ]);
    expect(recordsOf(capped.items)).toEqual([{ row: 4, values: { id: "4", blob: "small" } }]);
  });

  it("decodes GBK with --encoding gbk (committed fixture, and a 1 MB Chinese field)", async () => {
    const { source, items } = await readAll(fixture("customers-gbk.csv"), { encoding: "gbk" });
    expect(source.columns).toEqual(["客户号", "姓名", "地区", "备注"]);
    expect(recordsOf(items).map((r) => r.values)).toEqual([
      { 客户号: "c1", 姓名: "张三", 地区: "北京", 备注: "贵宾; 理财" },
      { 客户号: "c2", 姓名: "李四", 地区: "上海", 备注: "" },
    ]);
    const big = "长".repeat(1024 * 1024);
    const path = files.write(iconv.encode(`客户,备注\n张三,${big}\n李四,好\n`, "gb18030"));
    const read = await readAll(path, { encoding: "gb18030", highWaterMark: 65_536 });
    expect(recordsOf(read.items).map((r) => [r.values.客户, String(r.values.备注).length])).toEqual([
      ["张三", big.length],
      ["李四", 1],
    ]);
  });

  it("refuses empty, blank, binary, missing and headerless files, naming the file", async () => {
    const cases: [string, RegExp][] = [
      [files.write(""), /input-\d+\.csv: file is empty/],
      [files.write("\ufeff\n\n  \r\n"), /file is empty/],
      [files.write(Buffer.from([0x50, 0x4b, 3, 4, 20, 0, 6, 0])), /Excel \.xlsx workbook/],
      [
        files.write(Buffer.from("id,name\n1,\u0000\u0001\u0002\n")),
        /is not CSV text: it looks like binary data/,
      ],
      [files.write(Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 7) % 32))), /binary data/],
      [files.dir, /cannot open .*not a regular file/],
      [`${files.dir}/missing.csv`, /cannot open .*missing\.csv/],
      [files.write("a,,c\n1,2,3\n"), /column 2 of the header has no name/],
      [files.write("a,a\n1,2\n"), /names column 'a' twice/],
      [
        files.write('"never closed\n'),
        /the header line cannot be read as CSV \(a quoted field is never closed\)/,
      ],
    ];
    for (const [path, message] of cases) {
      const error = await rejection(openRecords(path));
      expect(isNudgeError(error, "INPUT_UNREADABLE"), `${path}: ${error}`).toBe(true);
      expect((error as Error).message).toMatch(message);
    }
    await expect(openRecords(files.write("a\n1\n"), { encoding: "klingon" })).rejects.toMatchObject({
      code: "INPUT_INVALID",
    });
  });

  it("yields batches of at most READ_BATCH items and counts the bytes read", async () => {
    const rows = 2 * READ_BATCH + 17;
    const content = `id\n${Array.from({ length: rows }, (_, i) => `r${i}`).join("\n")}\n`;
    const { source, items, batchSizes } = await readAll(files.write(content), { highWaterMark: 1000 });
    expect(batchSizes).toEqual([READ_BATCH, READ_BATCH, 17]);
    expect(rowsOf(items)).toEqual(Array.from({ length: rows }, (_, i) => i + 1));
    expect(source.totalBytes).toBe(Buffer.byteLength(content));
    expect(source.bytesRead()).toBe(source.totalBytes);
  });

  it("can stop early with close()", async () => {
    const content = `id\n${Array.from({ length: 5000 }, (_, i) => i).join("\n")}\n`;
    const source = await openRecords(files.write(content), { highWaterMark: 100 });
    const first = await source.items[Symbol.asyncIterator]().next();
    expect(first.value).toHaveLength(READ_BATCH);
    await source.close();
    expect(source.bytesRead()).toBeLessThan(Buffer.byteLength(content));
    await (await openRecords(files.write(content))).close();
  });

  it("never throws anything but NudgeError and numbers rows strictly increasing (property)", async () => {
    const body = fc.string({
      unit: fc.constantFrom("a", ",", ";", '"', "\n", "\r", "é", " ", "\t"),
      maxLength: 200,
    });
    const header = fc.constantFrom("h1,h2", "h1;h2;h3", '"h,1"\th2', "solo", "", '"', "\u0000x");
    await fc.assert(
      fc.asyncProperty(header, body, fc.integer({ min: 1, max: 64 }), async (head, text, highWaterMark) => {
        const path = files.write(`${head}\n${text}`);
        try {
          const rows = rowsOf((await readAll(path, { highWaterMark, maxFieldBytes: 16 })).items);
          rows.forEach((row, i) => {
            expect(row).toBeGreaterThan(i === 0 ? 0 : (rows[i - 1] as number));
          });
        } catch (error) {
          expect(isNudgeError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
