/**
 * When to try a failed delivery again: exponential backoff with full jitter (a uniform draw between 0
 * and base × 2^(attempt−1), capped), so receivers that failed together are not hit together again. A
 * Retry-After from the receiver is a floor.
 */

export interface BackoffPolicy {
  /** Delay ceiling after the first failure, milliseconds. */
  baseMs: number;
  /** Largest delay, milliseconds. */
  maxMs: number;
  /** Attempts before a delivery becomes a dead letter. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 3_600_000, maxAttempts: 8 };

/** Delay before the next attempt after `attempts` failed ones (1 = the first failed). */
export function retryDelay(
  attempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxMs), 1);
}
