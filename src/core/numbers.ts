/** Numbers as reports show them. */

/** Four decimals: enough to read a probability, a share or a score, and small in JSON. */
export function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
