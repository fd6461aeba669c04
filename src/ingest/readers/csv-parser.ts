/**
 * A streaming RFC 4180 parser over decoded text, pulled one record at a time.
 *
 * Lines without a quote take a fast path (indexOf for the newline and each delimiter, one slice per
 * field); a record with a quote goes through a small state machine that allows delimiters, newlines and
 * doubled quotes inside quoted fields. A malformed record (unterminated quote, text after a closing quote,
 * an oversized field or record) is reported as an error and parsing resumes on the next line, so one bad
 * line never loses the good ones. Memory is bounded by the text of one record plus one chunk.
 */
import { RECORD_TO_FIELD_RATIO } from "./record.js";

/** What `CsvParser.next` found: a record (in `fields`), a refused one (see `error`), a need for text, the end. */
export type CsvStep = "record" | "error" | "more" | "end";

const QUOTE = 34;
const LF = 10;
const CR = 13;
const NONE = Number.POSITIVE_INFINITY;

export class CsvParser {
  /** Why the last "error" step refused its record. */
  error = "";
  /** 0-based index of the field at fault in the last error, or -1 when it concerns the whole record. */
  errorField = -1;

  private text = "";
  private pos = 0;
  private final = false;
  /** Discarding the rest of an oversized line up to its newline. */
  private skipping = false;
  // The next quote and delimiter found by the last search, and where that search started. indexOf answers
  // stay valid for any later start up to the match, so each character is scanned about once: without this
  // a file with no delimiter at all (one column) would rescan to the end of the text on every line.
  private quoteOrigin = 0;
  private quoteAt = -1;
  private delimiterOrigin = 0;
  private delimiterAt = -1;
  private readonly delimiterCode: number;
  private readonly maxRecord: number;

  constructor(
    readonly delimiter: string,
    private readonly maxField: number,
  ) {
    this.delimiterCode = delimiter.charCodeAt(0);
    this.maxRecord = maxField * RECORD_TO_FIELD_RATIO;
  }

  /** Appends decoded text; the text already parsed is dropped. */
  push(chunk: string): void {
    this.text = this.pos >= this.text.length ? chunk : this.text.slice(this.pos) + chunk;
    this.pos = 0;
    this.quoteAt = -1;
    this.delimiterAt = -1;
  }

  /** No more text will come: the last record may end without a newline. */
  end(): void {
    this.final = true;
  }

  /** Reads the next record's fields into `fields` (which it clears), skipping blank lines. */
  next(fields: string[]): CsvStep {
    if (this.skipping && !this.skipRestOfLine()) return this.final ? "end" : "more";
    const text = this.text;
    for (;;) {
      const start = this.pos;
      if (start >= text.length) return this.final ? "end" : "more";
      const newline = text.indexOf("\n", start);
      if (newline === -1 && !this.final) return this.awaitMore(start, "record");
      const lineEnd = newline === -1 ? text.length : newline;
      if (this.quoteFrom(start) < lineEnd) return this.quotedRecord(fields, start);
      if (lineEnd - start > this.maxRecord) return this.refuse(start, this.recordTooLong(), -1);
      let end = lineEnd;
      if (end > start && text.charCodeAt(end - 1) === CR) end--;
      this.pos = lineEnd + 1;
      if (end === start) continue;
      fields.length = 0;
      let fieldStart = start;
      for (let d = this.delimiterFrom(start); d < end; d = this.delimiterFrom(fieldStart)) {
        fields.push(text.slice(fieldStart, d));
        fieldStart = d + 1;
      }
      fields.push(text.slice(fieldStart, end));
      return end - start > this.maxField ? this.checkFieldLengths(fields) : "record";
    }
  }

  /** A record holding at least one quote, from `start`; on "more" nothing is consumed and it is parsed again. */
  private quotedRecord(fields: string[], start: number): CsvStep {
    const text = this.text;
    const length = text.length;
    fields.length = 0;
    let i = start;
    let newline = -1;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        let value = "";
        let from = i + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote === -1 || (quote + 1 >= length && !this.final)) {
            if (!this.final) return this.awaitMore(start, "quoted field");
            return this.refuse(start, "a quoted field is never closed", fields.length);
          }
          if (text.charCodeAt(quote + 1) === QUOTE) {
            value += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          value += text.slice(from, quote);
          i = quote + 1;
          break;
        }
        fields.push(value);
        if (i >= length)
          return this.final ? this.accept(fields, start, i, i) : this.awaitMore(start, "record");
        const after = text.charCodeAt(i);
        if (after === this.delimiterCode) {
          i++;
          continue;
        }
        if (after === LF) return this.accept(fields, start, i, i + 1);
        if (after === CR) {
          if (i + 1 >= length)
            return this.final ? this.accept(fields, start, i + 1, i + 1) : this.awaitMore(start, "record");
          if (text.charCodeAt(i + 1) === LF) return this.accept(fields, start, i + 1, i + 2);
        }
        return this.refuse(start, "unexpected text after a closing quote", fields.length - 1);
      }
      // An unquoted field ends at the delimiter or the line end; a quote inside it is kept as text.
      if (newline < i) {
        const found = text.indexOf("\n", i);
        newline = found === -1 ? NONE : found;
      }
      if (newline === NONE && !this.final) return this.awaitMore(start, "record");
      const lineEnd = newline === NONE ? length : newline;
      const d = this.delimiterFrom(i);
      if (d < lineEnd) {
        fields.push(text.slice(i, d));
        i = d + 1;
        continue;
      }
      const end = lineEnd > i && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
      fields.push(text.slice(i, end));
      return this.accept(fields, start, lineEnd, lineEnd + 1);
    }
  }

  /** A complete record from `start` to `stop` (its newline, if any); parsing goes on at `resume`. */
  private accept(fields: string[], start: number, stop: number, resume: number): CsvStep {
    // The same limit as while waiting for text, so the outcome never depends on where chunks end.
    if (stop - start > this.maxRecord) return this.refuse(start, this.recordTooLong(), -1);
    this.pos = resume;
    return this.checkFieldLengths(fields);
  }

  private recordTooLong(): string {
    return `the record is longer than ${this.maxRecord} characters`;
  }

  private checkFieldLengths(fields: string[]): CsvStep {
    for (let i = 0; i < fields.length; i++) {
      if ((fields[i] as string).length > this.maxField) {
        this.error = `field ${i + 1} is longer than ${this.maxField} characters`;
        this.errorField = i;
        return "error";
      }
    }
    return "record";
  }

  /** Waits for more text unless the pending record is already too long, which makes it an error. */
  private awaitMore(start: number, what: "record" | "quoted field"): CsvStep {
    if (this.text.length - start <= this.maxRecord) return "more";
    const reason =
      what === "record"
        ? this.recordTooLong()
        : `a quoted field is not closed within ${this.maxRecord} characters`;
    return this.refuse(start, reason, -1);
  }

  /** Refuses the record at `start` and resumes on the line after its first one. */
  private refuse(start: number, reason: string, field: number): CsvStep {
    this.error = reason;
    this.errorField = field;
    const newline = this.text.indexOf("\n", start);
    if (newline === -1) {
      this.pos = this.text.length;
      this.skipping = !this.final;
    } else {
      this.pos = newline + 1;
    }
    return "error";
  }

  /** Drops text up to and including the next newline; false when none has arrived yet. */
  private skipRestOfLine(): boolean {
    const newline = this.text.indexOf("\n", this.pos);
    if (newline === -1) {
      this.pos = this.text.length;
      return false;
    }
    this.pos = newline + 1;
    this.skipping = false;
    return true;
  }

  private quoteFrom(at: number): number {
    if (at > this.quoteAt || at < this.quoteOrigin) {
      const found = this.text.indexOf('"', at);
      this.quoteAt = found === -1 ? NONE : found;
      this.quoteOrigin = at;
    }
    return this.quoteAt;
  }

  private delimiterFrom(at: number): number {
    if (at > this.delimiterAt || at < this.delimiterOrigin) {
      const found = this.text.indexOf(this.delimiter, at);
      this.delimiterAt = found === -1 ? NONE : found;
      this.delimiterOrigin = at;
    }
    return this.delimiterAt;
  }
}

/** Candidate delimiters, in order of preference on a tie. */
const DELIMITERS = [",", ";", "\t", "|"] as const;

/** The delimiter of a header line: the most frequent of , ; tab | outside quotes (comma when none). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = DELIMITERS[0];
  let bestCount = 0;
  for (const [char, count] of counts) {
    if (count > bestCount) {
      best = char;
      bestCount = count;
    }
  }
  return best;
}
