/** Input checked by a zod schema, failing with INPUT_INVALID that names what was checked, the field path and why. */
import type { z } from "zod";
import { NudgeError } from "./errors.js";

export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.length ? issue.path.map(String).join(".") : "input";
  throw new NudgeError("INPUT_INVALID", `${what}: ${path}: ${issue?.message}`, {
    issues: parsed.error.issues,
  });
}
