/** Input checks the uplift trainers share: encoded rows, and 0/1 treatment and response flags. */
import { NudgeError } from "../../core/index.js";

/** rows × inputs finite numbers. */
export function checkNodes(x: Float64Array | Float32Array, rows: number, inputs: number): void {
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(inputs) || inputs < 1)
    throw new NudgeError(
      "INPUT_INVALID",
      `rows and inputs must be positive integers, got ${rows} and ${inputs}`,
    );
  if (x.length !== rows * inputs)
    throw new NudgeError(
      "INPUT_INVALID",
      `x holds ${x.length} numbers, ${rows} rows × ${inputs} inputs need ${rows * inputs}`,
      { name: "x" },
    );
  for (let i = 0; i < x.length; i++)
    if (!Number.isFinite(x[i]))
      throw new NudgeError("INPUT_INVALID", `x of row ${Math.floor(i / inputs)} is not a finite number`, {
        name: "x",
        row: Math.floor(i / inputs),
      });
}

/** One 0/1 treated flag and one 0/1 responded flag per row. */
export function checkFlags(rows: number, treated: ArrayLike<number>, responded: ArrayLike<number>): void {
  for (const [name, flags] of [
    ["treated", treated],
    ["responded", responded],
  ] as const) {
    if (flags.length !== rows)
      throw new NudgeError("INPUT_INVALID", `${name} holds ${flags.length} values for ${rows} rows`, {
        name,
      });
    for (let r = 0; r < rows; r++)
      if (flags[r] !== 0 && flags[r] !== 1)
        throw new NudgeError("INPUT_INVALID", `${name} of row ${r} must be 0 or 1, got ${flags[r]}`, {
          name,
          row: r,
        });
  }
}
