import { afterAll, describe, expect, it } from "vitest";
import { binaryKind, detectFormat, formatFromName } from "./sniff.js";
import { scratch } from "./test-support/read-all.js";

const files = scratch();
afterAll(files.remove);
const bytes = (text: string) => new TextEncoder().encode(text);

describe("format detection", () => {
  it.each([
    ["a.csv", "csv"],
    ["A.TSV", "csv"],
    ["export.txt", "csv"],
    ["e.jsonl", "jsonl"],
    ["e.ndjson", "jsonl"],
    ["c.parquet", "parquet"],
    ["data", null],
    ["data.xlsx", null],
  ])("%s → %s by name", (name, format) => {
    expect(formatFromName(name)).toBe(format);
  });

  it("sniffs the content when the name says nothing, reading the file itself when no head is given", () => {
    expect(detectFormat("dump", bytes('  {"id":1}\n'))).toBe("jsonl");
    expect(detectFormat("dump", bytes("\ufeff{}"))).toBe("jsonl");
    expect(detectFormat("dump", bytes("id,name\n"))).toBe("csv");
    expect(detectFormat("misnamed.csv", bytes("PAR1\u0000\u0000"))).toBe("parquet");
    expect(detectFormat(files.write('{"a":1}\n', "dat"))).toBe("jsonl");
    expect(detectFormat(files.write("PAR1xxxx", "bin"))).toBe("parquet");
    expect(detectFormat(files.write("PAR1xxxx", "csv"))).toBe("csv");
    expect(detectFormat(`${files.dir}/missing`)).toBe("csv");
  });
});

describe("binaryKind", () => {
  it.each<[string, number[], RegExp | null]>([
    ["plain CSV", [...bytes("id,name\r\n1,张三\t\f\n")], null],
    ["GBK text", [0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x0a], null],
    ["an xlsx workbook", [0x50, 0x4b, 0x03, 0x04, 0x14], /xlsx/],
    ["an xls workbook", [0xd0, 0xcf, 0x11, 0xe0, 0xa1], /\.xls workbook/],
    ["gzip", [0x1f, 0x8b, 0x08], /gzip/],
    ["UTF-16", [0xff, 0xfe, 0x69, 0x00], /UTF-16/],
    ["NUL bytes", [...bytes("id,name\n1,"), 0], /NUL/],
    ["control bytes", Array.from({ length: 200 }, (_, i) => (i % 2 ? 0x41 : 0x02)), /control/],
    ["one stray control byte in a long text", [...bytes("a,b\n".repeat(100)), 0x1a], null],
  ])("%s", (_name, head, expected) => {
    const kind = binaryKind(Uint8Array.from(head));
    if (expected === null) expect(kind).toBeNull();
    else expect(kind).toMatch(expected);
  });
});
