/** Numbers as reports show them. */

/** `value` rounded to `digits` decimals (milliseconds to 1, seconds to 2…). */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Four decimals: enough to read a probability, a share or a score, and small in JSON. */
export function round4(value: number): number {
  return roundTo(value, 4);
}
