/** Asserts a call fails with NudgeError INPUT_INVALID and a message naming the problem. */
import { expect } from "vitest";
import { isNudgeError } from "../../../core/index.js";

/** Runs `run` and checks it throws INPUT_INVALID matching `message`. */
export function expectInvalid(run: () => unknown, message: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isNudgeError(thrown, "INPUT_INVALID"), String(thrown)).toBe(true);
  expect((thrown as Error).message).toMatch(message);
}
