/**
 * Limited-memory BFGS for smooth, unconstrained objectives of many variables (here: softmax weights over a
 * vocabulary): two-loop recursion over the last `history` steps and a backtracking Armijo line search.
 * Deterministic: no randomness, fixed arithmetic order.
 */

/** Computes the objective at `theta`, writes its gradient into `gradient`, returns the objective. */
export type Objective = (theta: Float64Array, gradient: Float64Array) => number;

/** When to stop and how much curvature to remember. */
export interface LbfgsOptions {
  maxIterations: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance: number;
  /** Stop when an iteration lowers the objective by less than this share of it. */
  relativeTolerance: number;
  /** Pairs of (step, gradient change) kept. */
  history: number;
}

/** Where the minimization stopped. */
export interface LbfgsResult {
  value: number;
  iterations: number;
  converged: boolean;
}

/** Sufficient decrease constant of the Armijo condition. */
const ARMIJO = 1e-4;
/** Step shrink factor while backtracking. */
const BACKTRACK = 0.5;
/** Backtracking steps tried before giving up on a direction. */
const MAX_BACKTRACKS = 30;
/** Curvature pairs with s·y at or below this are skipped (they would break positive definiteness). */
const MIN_CURVATURE = 1e-12;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}

/** Ring buffer of the last curvature pairs. */
class CurvatureHistory {
  private readonly steps: Float64Array[] = [];
  private readonly changes: Float64Array[] = [];
  private readonly rho: number[] = [];

  constructor(private readonly size: number) {}

  /** Remembers one pair when its curvature is positive; drops the oldest past the size. */
  push(step: Float64Array, change: Float64Array): void {
    const curvature = dot(step, change);
    if (curvature <= MIN_CURVATURE) return;
    if (this.steps.length === this.size) {
      // Reuse the oldest buffers for the newest pair.
      const oldStep = this.steps.shift()!;
      const oldChange = this.changes.shift()!;
      this.rho.shift();
      oldStep.set(step);
      oldChange.set(change);
      this.steps.push(oldStep);
      this.changes.push(oldChange);
    } else {
      this.steps.push(Float64Array.from(step));
      this.changes.push(Float64Array.from(change));
    }
    this.rho.push(1 / curvature);
  }

  clear(): void {
    this.steps.length = 0;
    this.changes.length = 0;
    this.rho.length = 0;
  }

  /** Writes −H·gradient into `direction` by the two-loop recursion. */
  direction(gradient: Float64Array, direction: Float64Array): void {
    const m = this.steps.length;
    for (let i = 0; i < direction.length; i++) direction[i] = -gradient[i]!;
    const alpha = new Float64Array(m);
    for (let h = m - 1; h >= 0; h--) {
      const s = this.steps[h]!;
      const y = this.changes[h]!;
      const a = this.rho[h]! * dot(s, direction);
      alpha[h] = a;
      for (let i = 0; i < direction.length; i++) direction[i]! -= a * y[i]!;
    }
    if (m > 0) {
      const y = this.changes[m - 1]!;
      const gamma = 1 / (this.rho[m - 1]! * dot(y, y));
      for (let i = 0; i < direction.length; i++) direction[i]! *= gamma;
    }
    for (let h = 0; h < m; h++) {
      const s = this.steps[h]!;
      const y = this.changes[h]!;
      const b = this.rho[h]! * dot(y, direction);
      const a = alpha[h]!;
      for (let i = 0; i < direction.length; i++) direction[i]! += (a - b) * s[i]!;
    }
  }
}

/** Minimizes `objective` from `theta` (updated in place). */
export function minimizeLbfgs(objective: Objective, theta: Float64Array, options: LbfgsOptions): LbfgsResult {
  const n = theta.length;
  let gradient = new Float64Array(n);
  let nextGradient = new Float64Array(n);
  const next = new Float64Array(n);
  const direction = new Float64Array(n);
  const step = new Float64Array(n);
  const change = new Float64Array(n);
  const history = new CurvatureHistory(options.history);
  let value = objective(theta, gradient);
  for (let iteration = 0; iteration < options.maxIterations; iteration++) {
    if (maxAbs(gradient) < options.gradientTolerance)
      return { value, iterations: iteration, converged: true };
    history.direction(gradient, direction);
    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // Not a descent direction (stale curvature): restart from steepest descent.
      history.clear();
      history.direction(gradient, direction);
      slope = dot(gradient, direction);
    }
    let t = 1;
    let nextValue = Number.NaN;
    let accepted = false;
    for (let b = 0; b < MAX_BACKTRACKS; b++, t *= BACKTRACK) {
      for (let i = 0; i < n; i++) next[i] = theta[i]! + t * direction[i]!;
      nextValue = objective(next, nextGradient);
      if (nextValue <= value + ARMIJO * t * slope) {
        accepted = true;
        break;
      }
    }
    if (!accepted) return { value, iterations: iteration, converged: false };
    for (let i = 0; i < n; i++) {
      step[i] = next[i]! - theta[i]!;
      change[i] = nextGradient[i]! - gradient[i]!;
    }
    theta.set(next);
    history.push(step, change);
    [gradient, nextGradient] = [nextGradient, gradient];
    const decrease = value - nextValue;
    value = nextValue;
    if (decrease <= options.relativeTolerance * Math.max(Math.abs(value), 1))
      return { value, iterations: iteration + 1, converged: true };
  }
  return { value, iterations: options.maxIterations, converged: false };
}
