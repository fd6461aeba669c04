/** Seeded, stratified train/validation/test splits: the same seed and labels give the same split. */
import { NudgeError, Rng } from "../core/index.js";

export interface SplitShares {
  train: number;
  validation: number;
  test: number;
}

/** 70% to learn from, 15% to stop early on, 15% never seen until the report. */
export const DEFAULT_SPLIT: SplitShares = { train: 0.7, validation: 0.15, test: 0.15 };

export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
  seed: number;
  shares: SplitShares;
}

/**
 * Splits rows 0..n−1 so each stratum (rows with the same key, e.g. the same label combination) is divided in
 * the same shares. Rows of a stratum are shuffled with the seed, then cut; each part keeps row order.
 */
export function stratifiedSplit(
  strata: ArrayLike<string | number>,
  seed: number,
  shares = DEFAULT_SPLIT,
): Split {
  const total = shares.train + shares.validation + shares.test;
  if (Math.abs(total - 1) > 1e-9 || shares.train <= 0 || shares.validation < 0 || shares.test <= 0)
    throw new NudgeError("INPUT_INVALID", "split shares must be positive and add up to 1");
  const groups = new Map<string | number, number[]>();
  for (let i = 0; i < strata.length; i++) {
    const key = strata[i] as string | number;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  const rng = new Rng(seed);
  const train: number[] = [];
  const validation: number[] = [];
  const test: number[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = groups.get(key) as number[];
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [group[i], group[j]] = [group[j] as number, group[i] as number];
    }
    const nTest = Math.round(group.length * shares.test);
    const nValidation = Math.round(group.length * shares.validation);
    test.push(...group.slice(0, nTest));
    validation.push(...group.slice(nTest, nTest + nValidation));
    train.push(...group.slice(nTest + nValidation));
  }
  const sorted = (rows: number[]) => Uint32Array.from(rows).sort();
  return { train: sorted(train), validation: sorted(validation), test: sorted(test), seed, shares };
}
