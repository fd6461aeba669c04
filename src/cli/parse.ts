/** Option value parsers shared by commands; each fails with INPUT_INVALID naming the option. */
import { NudgeError } from "../core/index.js";

/** A finite number. */
export const numberOption = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new NudgeError("INPUT_INVALID", `${name} must be a number, not '${value}'`);
  return n;
};

/** A non-negative integer. */
export const countOption = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new NudgeError("INPUT_INVALID", `${name} must be a whole number, not '${value}'`);
  return n;
};

/** A comma-separated list, blanks dropped. */
export const listOption = (value: string) =>
  value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
