/**
 * A streaming RFC 4180 parser over decoded text chunks. Lines without quotes
 * take a fast path (indexOf + split); quoted records go through a small state
 * machine that allows delimiters, newlines and doubled quotes inside fields.
 * A malformed record (unterminated quote, text after a closing quote, a field
 * or line over the limit) becomes an error and parsing resumes on the next
 * line, so one bad line never loses the good ones.
 */

/** One parsed record: its fields, or why it could not be parsed. */
export type ParsedLine = { fields: string[] } | { error: string };

const NEED_MORE = Symbol("need more text");
type Step = { fields: string[]; end: number } | { error: string; end: number } | typeof NEED_MORE;

/** Splits a quoted record starting at `start`; `final` means no more text will come. */
function quotedRecord(
  text: string,
  start: number,
  delimiter: string,
  final: boolean,
  maxField: number,
): Step {
  const fields: string[] = [];
  let i = start;
  const length = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote === -1 || (quote + 1 >= length && !final)) {
          if (length - i > maxField)
            return {
              error: `a quoted field is longer than ${maxField} characters or never closed`,
              end: nextLine(text, start),
            };
          return final ? { error: "a quoted field is never closed", end: nextLine(text, start) } : NEED_MORE;
        }
        if (text.charCodeAt(quote + 1) === 34) {
          value += text.slice(j, quote + 1);
          j = quote + 2;
          continue;
        }
        value += text.slice(j, quote);
        i = quote + 1;
        break;
      }
      if (value.length > maxField)
        return { error: `a field is longer than ${maxField} characters`, end: nextLine(text, start) };
      fields.push(value);
      const after = text[i];
      if (after === delimiter) {
        i++;
        continue;
      }
      if (after === "\r" && text[i + 1] === "\n") return { fields, end: i + 2 };
      if (after === "\n" || after === "\r") return { fields, end: i + 1 };
      if (after === undefined) return final ? { fields, end: i } : NEED_MORE;
      return {
        error: `unexpected text after a closing quote in field ${fields.length}`,
        end: nextLine(text, start),
      };
    }
    // Unquoted field: up to the next delimiter or line end; a stray quote inside is kept as text.
    const lineEnd = text.indexOf("\n", i);
    if (lineEnd === -1 && !final) return NEED_MORE;
    const limit = lineEnd === -1 ? length : lineEnd;
    const delim = text.indexOf(delimiter, i);
    if (delim !== -1 && delim < limit) {
      fields.push(text.slice(i, delim));
      i = delim + 1;
      continue;
    }
    const value = text.slice(i, limit);
    fields.push(value.endsWith("\r") ? value.slice(0, -1) : value);
    return { fields, end: lineEnd === -1 ? length : lineEnd + 1 };
  }
}

function nextLine(text: string, from: number): number {
  const newline = text.indexOf("\n", from);
  return newline === -1 ? text.length : newline + 1;
}

/** Parses CSV text chunk by chunk, yielding each record's fields (or error) in order. */
export async function* csvLines(
  chunks: AsyncIterable<string>,
  delimiter: string,
  maxField: number,
): AsyncGenerator<ParsedLine[]> {
  let text = "";
  let skippingLongLine = false;
  const iterator = chunks[Symbol.asyncIterator]();
  let final = false;
  while (!final) {
    const next = await iterator.next();
    if (next.done) final = true;
    else text += next.value;
    const out: ParsedLine[] = [];
    let pos = 0;
    if (skippingLongLine) {
      const newline = text.indexOf("\n");
      if (newline === -1) {
        text = "";
        continue;
      }
      pos = newline + 1;
      skippingLongLine = false;
    }
    // Where the next quote is; searched once per stretch, not once per line (that would be quadratic).
    let nextQuote: number = -1;
    while (pos < text.length) {
      const newline = text.indexOf("\n", pos);
      if (newline === -1 && !final) {
        if (text.length - pos > maxField) {
          out.push({ error: `a line is longer than ${maxField} characters` });
          skippingLongLine = true;
          pos = text.length;
        }
        break;
      }
      const lineEnd = newline === -1 ? text.length : newline;
      if (nextQuote !== Number.POSITIVE_INFINITY && nextQuote < pos) {
        const found = text.indexOf('"', pos);
        nextQuote = found === -1 ? Number.POSITIVE_INFINITY : found;
      }
      if (nextQuote >= lineEnd) {
        let line = text.slice(pos, lineEnd);
        if (line.endsWith("\r")) line = line.slice(0, -1);
        pos = lineEnd + 1;
        if (line.length === 0) continue;
        if (line.length > maxField) {
          out.push({ error: `a line is longer than ${maxField} characters` });
          continue;
        }
        out.push({ fields: line.split(delimiter) });
        continue;
      }
      const step = quotedRecord(text, pos, delimiter, final, maxField);
      if (step === NEED_MORE) break;
      pos = step.end;
      out.push("error" in step ? { error: step.error } : { fields: step.fields });
    }
    text = text.slice(pos);
    if (out.length > 0) yield out;
  }
}

/** The delimiter of a header line: the most frequent of , ; tab | outside quotes (comma when none). */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
    ["|", 0],
  ]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ",";
  let bestCount = 0;
  for (const [char, count] of counts) {
    if (count > bestCount) {
      best = char;
      bestCount = count;
    }
  }
  return best;
}
