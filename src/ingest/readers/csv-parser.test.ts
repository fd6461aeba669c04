import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CsvParser, detectDelimiter } from "./csv-parser.js";

type Parsed = string[] | { error: string; field: number };

/** Parses `text` fed in pieces cut at `cuts`, the way the reader feeds decoded chunks. */
function parse(text: string, { delimiter = ",", maxField = 100, cuts = [] as number[] } = {}): Parsed[] {
  const bounds = [...new Set(cuts.filter((c) => c > 0 && c < text.length))].sort((a, b) => a - b);
  const pieces = [0, ...bounds].map((start, i) => text.slice(start, bounds[i] ?? text.length));
  const parser = new CsvParser(delimiter, maxField);
  const fields: string[] = [];
  const out: Parsed[] = [];
  for (;;) {
    const step = parser.next(fields);
    if (step === "end") return out;
    if (step === "more") {
      const piece = pieces.shift();
      if (piece === undefined) parser.end();
      else parser.push(piece);
    } else out.push(step === "record" ? [...fields] : { error: parser.error, field: parser.errorField });
  }
}

const everyCut = (text: string) => Array.from({ length: text.length }, (_, i) => i);

describe("CsvParser", () => {
  it.each<[string, string, Parsed[]]>([
    [
      "plain lines",
      "a,b\n1,2\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "no final newline",
      "a,b\n1,2",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    [
      "CRLF",
      "a,b\r\n1,2\r\n",
      [
        ["a", "b"],
        ["1", "2"],
      ],
    ],
    ["blank lines skipped", "a\n\n\r\nb\n", [["a"], ["b"]]],
    [
      "empty fields kept",
      ",\n,x,\n",
      [
        ["", ""],
        ["", "x", ""],
      ],
    ],
    ["quoted delimiter", '"a,b",c\n', [["a,b", "c"]]],
    ["quoted newline", '"line 1\nline 2",c\n', [["line 1\nline 2", "c"]]],
    ["quoted CRLF kept inside", '"x\r\ny"\r\n', [["x\r\ny"]]],
    ["doubled quotes", '"say ""hi""",""""\n', [['say "hi"', '"']]],
    ["empty quoted field", '"",x\n', [["", "x"]]],
    ["quoted last field then EOF", 'x,"y"', [["x", "y"]]],
    ["quote inside an unquoted field is text", 'ab"c,d\n', [['ab"c', "d"]]],
    ["one column, no delimiter anywhere", "a\nb\nc\n", [["a"], ["b"], ["c"]]],
  ])("%s", (_name, text, expected) => {
    expect(parse(text)).toEqual(expected);
    for (const cut of everyCut(text)) expect(parse(text, { cuts: [cut] }), `cut at ${cut}`).toEqual(expected);
  });

  it("reports malformed records and resumes on the next line", () => {
    expect(parse('1,"open\n2,b\n')).toEqual([
      { error: "a quoted field is never closed", field: 1 },
      ["2", "b"],
    ]);
    expect(parse('1,"x"y,z\n2,b\n')).toEqual([
      { error: "unexpected text after a closing quote", field: 1 },
      ["2", "b"],
    ]);
    // A stray quote pairs with the next one; the record is refused and the lines after it are read again.
    expect(parse('1,"a\n2,"b\n3,c\n')).toEqual([
      { error: "unexpected text after a closing quote", field: 1 },
      { error: "a quoted field is never closed", field: 1 },
      ["3", "c"],
    ]);
  });

  it("refuses a field over the cap, keeps the record boundary and reads on", () => {
    const long = "x".repeat(11);
    const text = `a,${long}\nb,"${long}\n${long}"\nc,d\n`;
    const expected = [
      { error: "field 2 is longer than 10 characters", field: 1 },
      { error: "field 2 is longer than 10 characters", field: 1 },
      ["c", "d"],
    ];
    expect(parse(text, { maxField: 10 })).toEqual(expected);
    expect(parse(text, { maxField: 10, cuts: [3, 9, 20] })).toEqual(expected);
  });

  it("does not buffer an endless record: it refuses it and skips to the next line", () => {
    const endless = "y".repeat(100);
    const cuts = Array.from({ length: 20 }, (_, i) => i * 7);
    expect(parse(`${endless}\nok\n`, { maxField: 5, cuts })).toEqual([
      { error: "the record is longer than 20 characters", field: -1 },
      ["ok"],
    ]);
    // An unclosed quote: refused once the limit is passed, then the lines after its first are read again.
    expect(parse(`"abc\n${"yy\n".repeat(10)}`, { maxField: 5, cuts })).toEqual([
      { error: "a quoted field is not closed within 20 characters", field: -1 },
      ...Array.from({ length: 10 }, () => ["yy"]),
    ]);
  });

  it("splits on any one-character delimiter", () => {
    expect(parse('a;"b;c"\n', { delimiter: ";" })).toEqual([["a", "b;c"]]);
    expect(parse("a\tb\n", { delimiter: "\t" })).toEqual([["a", "b"]]);
    expect(parse("a|b,c\n", { delimiter: "|" })).toEqual([["a", "b,c"]]);
  });

  it("gives the same records however the text is cut (property)", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", "é"), maxLength: 60 });
    fc.assert(
      fc.property(
        text,
        fc.array(fc.nat(60), { maxLength: 6 }),
        fc.integer({ min: 1, max: 10 }),
        (body, cuts, maxField) => {
          // Records and which rows are errors must not change; an error's wording may (an oversized record
          // is caught while waiting for its end, or once it is complete).
          const shape = (parsed: Parsed[]) => parsed.map((p) => (Array.isArray(p) ? p : "error"));
          expect(shape(parse(body, { maxField, cuts }))).toEqual(shape(parse(body, { maxField })));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("agrees with a plain split on text without quotes (property)", () => {
    const line = fc.array(fc.string({ unit: fc.constantFrom("a", "1", " ", "中"), maxLength: 5 }), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const rows = lines.filter((fields) => fields.join(",") !== "");
        const text = lines.map((fields) => `${fields.join(",")}\n`).join("");
        expect(parse(text)).toEqual(rows);
      }),
    );
  });
});

describe("detectDelimiter", () => {
  it.each([
    ["id,name,age", ","],
    ["id;name;age", ";"],
    ["id\tname\tage", "\t"],
    ["id|name|age", "|"],
    ['"a,b";"c,d";e', ";"],
    ["single", ","],
    ["a;b,c;d", ";"],
  ])("%j → %j", (header, expected) => {
    expect(detectDelimiter(header)).toBe(expected);
  });
});
