import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CsvWriter, csvLine } from "./csv-writer.js";
import { scratch, table } from "./test-support/tables.js";

const tmp = scratch();
afterAll(tmp.cleanup);

describe("CsvWriter", () => {
  it("quotes only cells that need it (RFC 4180) and leaves nulls blank", () => {
    const cases: [Parameters<typeof csvLine>[0], string][] = [
      [["a", 1, null, undefined], "a,1,,\n"],
      [["x,y", 'say "hi"', "two\nlines"], '"x,y","say ""hi""","two\nlines"\n'],
      [["年化收益率3.5%，专享", -42], "年化收益率3.5%，专享,-42\n"],
    ];
    for (const [values, line] of cases) expect(csvLine(values)).toBe(line);
  });

  it("streams many rows to a file that a CSV parser reads back", async () => {
    const path = join(tmp.dir(), "big.csv");
    const writer = new CsvWriter(path, ["id", "text"]);
    for (let i = 0; i < 60_000; i++) {
      writer.row([i, i % 7 === 0 ? `line, with "quotes" ${i}` : `plain ${i}`]);
      await writer.drain();
    }
    expect(await writer.close()).toBe(60_000);
    const rows = table(path);
    expect(rows).toHaveLength(60_000);
    expect(rows[7]).toEqual({ id: "7", text: 'line, with "quotes" 7' });
    expect(readFileSync(path, "utf8").startsWith('id,text\n0,"line, with ""quotes"" 0"\n1,plain 1\n')).toBe(
      true,
    );
  });

  it("reports a file it cannot write", async () => {
    const writer = new CsvWriter(join(tmp.dir(), "missing", "x.csv"), ["a"]);
    writer.row([1]);
    await expect(writer.close()).rejects.toThrow(/ENOENT/);
  });
});
