/**
 * Statistics of the lift report: conversion rates of contacted and baseline (holdout or control) groups
 * with score intervals, their difference (Newcombe's hybrid score interval), the pooled two-proportion
 * z test and the relative lift with a log risk-ratio interval. Every function is pure and O(1); counts
 * are whole numbers, and an empty group gives nulls rather than NaN, so the report can print "n/a".
 * `src/feedback/fixtures/lift-stats-reference.py` computes the reference values the tests compare with.
 */
import { NudgeError } from "../core/index.js";

/** Confidence level of every interval unless the caller asks for another. */
export const DEFAULT_CONFIDENCE = 0.95;

/** Decimals kept in a lift summary: a millionth of a rate is below anything a campaign can act on. */
export const SUMMARY_DECIMALS = 6;

/** Counts of one group: `successes` of `n` trials (contacts that converted). */
export interface Proportion {
  successes: number;
  n: number;
}

/** A rate with its confidence interval; all null for an empty group. */
export interface RateInterval {
  rate: number | null;
  low: number | null;
  high: number | null;
}

/** rate(a) − rate(b) with its confidence interval; all null when either group is empty. */
export interface DifferenceInterval {
  difference: number | null;
  low: number | null;
  high: number | null;
}

/** rate(a) / rate(b) − 1 with its confidence interval; all null when undefined or either side has no success. */
export interface RelativeLift {
  lift: number | null;
  low: number | null;
  high: number | null;
}

/** Contacts and conversions of one arm of a campaign, source or channel. */
export interface ArmCounts {
  n: number;
  conversions: number;
}

/** One arm as the report prints it: its counts, conversion rate and interval. */
export interface ArmSummary extends RateInterval {
  n: number;
  conversions: number;
}

/** What the lift report prints for one campaign, source or channel, rounded to SUMMARY_DECIMALS. */
export interface LiftSummary {
  confidence: number;
  contacted: ArmSummary;
  baseline: ArmSummary;
  difference: DifferenceInterval;
  relative: RelativeLift;
  /** Two-sided p-value of the pooled z test; null when an arm is empty or the arms together convert all or none. */
  pValue: number | null;
  /** True when the interval of the difference excludes 0. */
  significant: boolean;
}

/** Input of liftSummary: the contacted arm, its baseline and the confidence level (default 0.95). */
export interface LiftInput {
  contacted: ArmCounts;
  baseline: ArmCounts;
  confidence?: number;
}

// Wichura (1988), algorithm AS241 (PPND16): the normal quantile to about 1e-16 relative.
// Coefficients in ascending powers, written as the float64 nearest to the published 20-digit values.
const AS241_SPLIT_CENTRAL = 0.425;
const AS241_SPLIT_TAIL = 5;
const AS241_CENTRAL_SHIFT = 0.180625;
const AS241_NEAR_SHIFT = 1.6;
const AS241_A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const AS241_B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const AS241_C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const AS241_D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
const AS241_E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 0.000027115555687434876, 2.0103343992922881e-7,
];
const AS241_F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  0.000018463183175100548, 1.421511758316446e-7, 2.0442631033899397e-15,
];

/** Below this z the upper normal tail comes from the power series, above it from the continued fraction. */
const TAIL_SERIES_LIMIT = 3;

/** Enough continued-fraction terms for z ≥ TAIL_SERIES_LIMIT; convergence takes far fewer. */
const TAIL_MAX_TERMS = 1000;

/** Stand-in for a zero denominator in Lentz's method. */
const LENTZ_TINY = 1e-300;

function polynomial(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (let i = coefficients.length - 1; i >= 0; i--) value = value * x + coefficients[i]!;
  return value;
}

/** Standard normal quantile Φ⁻¹(p) by AS241; −Infinity at 0, Infinity at 1. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1))
    throw new NudgeError("INPUT_INVALID", `a probability must lie in [0, 1], got ${p}`, { p });
  const q = p - 0.5;
  if (Math.abs(q) <= AS241_SPLIT_CENTRAL) {
    const r = AS241_CENTRAL_SHIFT - q * q;
    return (q * polynomial(AS241_A, r)) / polynomial(AS241_B, r);
  }
  const tail = Math.min(p, 1 - p);
  if (tail === 0) return q < 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  const r = Math.sqrt(-Math.log(tail));
  const z =
    r <= AS241_SPLIT_TAIL
      ? polynomial(AS241_C, r - AS241_NEAR_SHIFT) / polynomial(AS241_D, r - AS241_NEAR_SHIFT)
      : polynomial(AS241_E, r - AS241_SPLIT_TAIL) / polynomial(AS241_F, r - AS241_SPLIT_TAIL);
  return q < 0 ? -z : z;
}

/**
 * Upper tail 1 − Φ(x) for x ≥ 0, within about 1e-13 relative all the way down to 1e-307 (p-values of
 * ten million contacts per arm get there); below that float64 runs out of digits, and past x ≈ 38.5 of range.
 */
function normalUpperTail(x: number): number {
  const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  if (x < TAIL_SERIES_LIMIT) {
    // Φ(x) − ½ = φ(x) · Σ x^(2k+1) / (1·3·…·(2k+1)): positive terms, so no cancellation (Marsaglia 2004).
    let term = x;
    let sum = x;
    for (let k = 1; term > sum * Number.EPSILON; k++) {
      term *= (x * x) / (2 * k + 1);
      sum += term;
    }
    return 0.5 - density * sum;
  }
  // Laplace's continued fraction 1 − Φ(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), by modified Lentz.
  let fraction = x;
  let c = x;
  let d = 0;
  for (let j = 1; j <= TAIL_MAX_TERMS; j++) {
    d = x + j * d;
    d = d === 0 ? 1 / LENTZ_TINY : 1 / d;
    c = x + j / c;
    if (c === 0) c = LENTZ_TINY;
    const delta = c * d;
    fraction *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) break;
  }
  return density / fraction;
}

function checkConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new NudgeError("INPUT_INVALID", `confidence must lie strictly between 0 and 1, got ${confidence}`, {
      confidence,
    });
  // The lower tail point, negated: (1 − confidence) / 2 is exact, where 1 − that would round.
  return -normalQuantile((1 - confidence) / 2);
}

function checkCounts(successes: number, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || !Number.isSafeInteger(successes) || successes < 0 || successes > n)
    throw new NudgeError("INPUT_INVALID", `counts must be whole numbers with 0 <= successes <= n`, {
      successes,
      n,
    });
}

/**
 * Wilson bounds for checked counts, n > 0, and a two-sided z: (2x + z² ∓ z√(z² + 4x(n − x)/n)) / 2(n + z²),
 * the textbook formula multiplied through by 2n.
 */
function wilsonBounds(successes: number, n: number, z: number): { low: number; high: number } {
  const z2 = z * z;
  const centre = 2 * successes + z2;
  const spread = z * Math.sqrt(z2 + (4 * successes * (n - successes)) / n);
  const denominator = 2 * (n + z2);
  return {
    // Exact at the edges: no success means a lower bound of 0, no failure an upper bound of 1.
    low: successes === 0 ? 0 : Math.max(0, (centre - spread) / denominator),
    high: successes === n ? 1 : Math.min(1, (centre + spread) / denominator),
  };
}

/**
 * Distances from the rate down to the Wilson lower bound and up to the upper bound, (spread ± z²(1 − 2p)) /
 * 2(n + z²). Subtracting the bounds from the rate would cancel: at 10,000,000 of 10,000,000 the lower
 * bound is 0.99999962, and 1 minus it keeps only seven digits.
 */
function wilsonMargins(successes: number, n: number, z: number): { below: number; above: number } {
  const z2 = z * z;
  const spread = z * Math.sqrt(z2 + (4 * successes * (n - successes)) / n);
  const skew = (z2 * (n - 2 * successes)) / n;
  const denominator = 2 * (n + z2);
  return {
    below: successes === 0 ? 0 : (spread - skew) / denominator,
    above: successes === n ? 0 : (spread + skew) / denominator,
  };
}

/** Wilson score interval of successes / n (Newcombe 1998a, method 3); nulls for n = 0. */
export function wilsonInterval(successes: number, n: number, confidence = DEFAULT_CONFIDENCE): RateInterval {
  const z = checkConfidence(confidence);
  checkCounts(successes, n);
  if (n === 0) return { rate: null, low: null, high: null };
  return { rate: successes / n, ...wilsonBounds(successes, n, z) };
}

/** rate(a) − rate(b) as one division of exact integer products, so 1e7-sized groups lose no digits. */
function rateDifference(a: Proportion, b: Proportion): number {
  return (a.successes * b.n - b.successes * a.n) / (a.n * b.n);
}

/**
 * Interval of rate(a) − rate(b) by Newcombe's hybrid score method (1998b, method 10): each side of the
 * difference combines the distances from each rate to the matching Wilson bound.
 */
export function differenceInterval(
  a: Proportion,
  b: Proportion,
  confidence = DEFAULT_CONFIDENCE,
): DifferenceInterval {
  const z = checkConfidence(confidence);
  checkCounts(a.successes, a.n);
  checkCounts(b.successes, b.n);
  if (a.n === 0 || b.n === 0) return { difference: null, low: null, high: null };
  const ma = wilsonMargins(a.successes, a.n, z);
  const mb = wilsonMargins(b.successes, b.n, z);
  const difference = rateDifference(a, b);
  return {
    difference,
    low: Math.max(-1, difference - Math.hypot(ma.below, mb.above)),
    high: Math.min(1, difference + Math.hypot(ma.above, mb.below)),
  };
}

/**
 * Two-sided p-value of the pooled two-proportion z test; null when a group is empty or nobody (or
 * everybody) converted in both, where the statistic is 0/0.
 */
export function twoProportionTest(a: Proportion, b: Proportion): number | null {
  checkCounts(a.successes, a.n);
  checkCounts(b.successes, b.n);
  if (a.n === 0 || b.n === 0) return null;
  const total = a.n + b.n;
  const pooledSuccesses = a.successes + b.successes;
  if (pooledSuccesses === 0 || pooledSuccesses === total) return null;
  // p̂(1 − p̂)(1/n₁ + 1/n₂) as one ratio of integers: 1 − p̂ would cancel when nearly everybody converts.
  const standardError = Math.sqrt((pooledSuccesses * (total - pooledSuccesses)) / total / (a.n * b.n));
  const z = Math.abs(rateDifference(a, b)) / standardError;
  return Math.min(1, 2 * normalUpperTail(z));
}

/**
 * rate(a) / rate(b) − 1 with an interval from the log risk ratio (Katz et al. 1978), whose standard
 * error is √(1/x₁ − 1/n₁ + 1/x₂ − 1/n₂); nulls when a group is empty or has no success.
 */
export function relativeLift(a: Proportion, b: Proportion, confidence = DEFAULT_CONFIDENCE): RelativeLift {
  const z = checkConfidence(confidence);
  checkCounts(a.successes, a.n);
  checkCounts(b.successes, b.n);
  if (a.successes === 0 || b.successes === 0) return { lift: null, low: null, high: null };
  // One division of integer products, then log1p/expm1: a lift of 1e-7 keeps its digits.
  const lift = (a.successes * b.n - b.successes * a.n) / (b.successes * a.n);
  const logRatio = Math.log1p(lift);
  // 1/x − 1/n written as (n − x)/(x·n), which does not cancel when x is close to n.
  const margin =
    z * Math.sqrt((a.n - a.successes) / (a.successes * a.n) + (b.n - b.successes) / (b.successes * b.n));
  return { lift, low: Math.expm1(logRatio - margin), high: Math.expm1(logRatio + margin) };
}

/** Rounds half away from zero to SUMMARY_DECIMALS and never prints −0. */
function rounded(value: number | null): number | null {
  if (value === null) return null;
  const scale = 10 ** SUMMARY_DECIMALS;
  return (Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale + 0;
}

function armSummary(arm: ArmCounts, confidence: number): ArmSummary {
  const interval = wilsonInterval(arm.conversions, arm.n, confidence);
  return {
    n: arm.n,
    conversions: arm.conversions,
    rate: rounded(interval.rate),
    low: rounded(interval.low),
    high: rounded(interval.high),
  };
}

/** Everything the lift report prints for one campaign, source or channel: contacted against baseline. */
export function liftSummary({
  contacted,
  baseline,
  confidence = DEFAULT_CONFIDENCE,
}: LiftInput): LiftSummary {
  const a = { successes: contacted.conversions, n: contacted.n };
  const b = { successes: baseline.conversions, n: baseline.n };
  const difference = differenceInterval(a, b, confidence);
  const relative = relativeLift(a, b, confidence);
  // Decided on the unrounded bounds: rounding must not turn 4e-7 into a "not significant" 0.
  const significant =
    difference.low !== null && difference.high !== null && (difference.low > 0 || difference.high < 0);
  return {
    confidence,
    contacted: armSummary(contacted, confidence),
    baseline: armSummary(baseline, confidence),
    difference: {
      difference: rounded(difference.difference),
      low: rounded(difference.low),
      high: rounded(difference.high),
    },
    relative: { lift: rounded(relative.lift), low: rounded(relative.low), high: rounded(relative.high) },
    pValue: rounded(twoProportionTest(a, b)),
    significant,
  };
}
