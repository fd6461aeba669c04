/**
 * zod field builders over the value parsers: every row of every kind is
 * validated by a zod object built from these, so an error always names the
 * field and says why.
 */
import { z } from "zod";
import { isBlank, ValueError } from "./values.js";

type Parser<T> = (value: unknown) => T;

function run<T>(parse: Parser<T>, value: unknown, ctx: z.RefinementCtx): T {
  try {
    return parse(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: error instanceof ValueError ? error.message : String(error) });
    return z.NEVER;
  }
}

/** A field that may be absent (blank → null). */
export function optional<T>(parse: Parser<T>) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T | null => (isBlank(value) ? null : run(parse, value, ctx)));
}

/** A field that must be present. */
export function required<T>(parse: Parser<T>) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T => {
      if (isBlank(value)) {
        ctx.addIssue({ code: "custom", message: "is required" });
        return z.NEVER;
      }
      return run(parse, value, ctx);
    });
}

/** A field with a default when absent. */
export function withDefault<T>(parse: Parser<T>, fallback: T) {
  return z
    .unknown()
    .optional()
    .transform((value, ctx): T => (isBlank(value) ? fallback : run(parse, value, ctx)));
}

/** Trimmed text of at most `max` characters. */
export function text(max: number): Parser<string> {
  return (value) => {
    const s = String(value).trim();
    if (s.length > max) throw new ValueError(`is ${s.length} characters long; at most ${max} are allowed`);
    return s;
  };
}

/** A parser restricted to an inclusive range. */
export function inRange(parse: Parser<number>, min: number, max: number): Parser<number> {
  return (value) => {
    const n = parse(value);
    if (n < min || n > max) throw new ValueError(`${n} is outside ${min}–${max}`);
    return n;
  };
}

/** One of a fixed set of words (case-insensitive, stored lower case). */
export function oneOf(words: readonly string[]): Parser<string> {
  const allowed = new Set(words);
  return (value) => {
    const word = String(value).trim().toLowerCase();
    if (!allowed.has(word))
      throw new ValueError(`'${String(value).slice(0, 40)}' is not one of ${words.join(", ")}`);
    return word;
  };
}

/** The first issue of a failed parse as {field, message}. */
export function firstIssue(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join(".") || "(row)";
  return { field, message: issue?.message ?? "is invalid" };
}
