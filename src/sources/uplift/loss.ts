/**
 * The likelihood of the two-head uplift model. Customers fall in three latent classes: always (buys with
 * or without the incentive), persuadable (buys only with it) and never. Two heads on a shared
 * representation give logits z1, z2 with
 *
 *   p1 = σ(z1) = P(always or persuadable) = P(buys | treated),
 *   p2 = σ(z2) = P(persuadable or never)  = P(does not buy | control),
 *
 * so P(always) = 1 − p2, P(never) = 1 − p1 and P(persuadable) = p1 + p2 − 1, the uplift
 * P(buys | treated) − P(buys | control). Randomized history shows each row as one of four cases:
 *
 *   treated responder      {always, persuadable}  likelihood p1
 *   treated non-responder  {never}                likelihood 1 − p1
 *   control responder      {always}               likelihood 1 − p2
 *   control non-responder  {persuadable, never}   likelihood p2
 *
 * so a treated row is binary cross-entropy of head 1 against "responded" and a control row of head 2
 * against "did not respond"; each head learns from one arm only.
 *
 * Positivity of P(persuadable). The heads are left free and p1 + p2 − 1 is clamped at 0 only where class
 * probabilities are reported (`classProbabilities`). Why not a parameterization that guarantees it, such
 * as P(always) = σ(z1)·σ(z2):
 * - The likelihood never contains P(persuadable): every case's likelihood is p1, 1 − p1, p2 or 1 − p2,
 *   all in (0, 1) for finite logits, so the loss needs no floor ε and nothing in it can go negative.
 *   Positivity is a question of interpretation, not of numerics.
 * - p1 + p2 < 1 says the incentive lowers purchase. It is either noise around zero uplift or real
 *   "sleeping dogs", a fourth class the three-class story leaves out. Both are exactly the customers not
 *   to nudge. A constrained parameterization forbids the fit from saying so: it biases upward the
 *   estimate where the true uplift is zero or negative and hides the evidence. The signed p1 + p2 − 1
 *   stays available to rank by, and the share of customers where it is negative measures how far the
 *   monotonicity assumption fails.
 * - Free heads keep the loss two separate cross-entropies, convex in each logit. A constrained one
 *   couples them (control rows would move head 1 too).
 *
 * Propensity weighting. It is not needed for consistency when treatment is randomized with a constant
 * share: each head sees one arm only and fits that arm's response rate, whatever the arm's size. With
 * scalar heads the weights do not move the optimum at all (see the tests). They matter for the shared
 * representation. With 20 % treated, the mean loss is 80 % head 2, so the trunk is shaped mostly for the
 * control arm; weights 1/e for treated rows and 1/(1 − e) for control ones (e = treated share, or the
 * per-customer propensity when it varies) give both arms equal say. When the propensity varies with the
 * customer, they also make each head fit the whole population rather than the customers its arm
 * over-samples. The mean is normalized by the total weight, so weights only set proportions.
 */
import { NudgeError } from "../../core/index.js";

/** What a row of randomized history shows: its arm and whether the customer bought. */
export type UpliftCase =
  | "treatedResponder"
  | "treatedNonResponder"
  | "controlResponder"
  | "controlNonResponder";

/** The case of a row of randomized history. */
export function upliftCase(treated: boolean, responded: boolean): UpliftCase {
  if (treated) return responded ? "treatedResponder" : "treatedNonResponder";
  return responded ? "controlResponder" : "controlNonResponder";
}

/**
 * Weighted mean negative log-likelihood over rows (Σ wᵢ·ℓᵢ / Σ wᵢ; every weight 1 when `weights` is
 * absent), and its gradient with respect to each row's logits, written into `g1` (∂loss/∂z1) and `g2`
 * (∂loss/∂z2). A treated row's `g2` and a control row's `g1` are 0. `treated` and `responded` hold 0 or
 * 1. Stable for any finite logits: −log σ(z) is computed as softplus(−z), and 1 − σ(z) as σ(−z).
 */
export function upliftLoss(
  z1: ArrayLike<number>,
  z2: ArrayLike<number>,
  treated: ArrayLike<number>,
  responded: ArrayLike<number>,
  g1: Float64Array,
  g2: Float64Array,
  weights?: ArrayLike<number>,
): number {
  const n = z1.length;
  const lengths: [string, number][] = [
    ["z2", z2.length],
    ["treated", treated.length],
    ["responded", responded.length],
    ["g1", g1.length],
    ["g2", g2.length],
  ];
  if (weights) lengths.push(["weights", weights.length]);
  for (const [name, length] of lengths)
    if (length !== n)
      throw new NudgeError("INPUT_INVALID", `${name} holds ${length} values, z1 holds ${n}`, { name });
  const total = weights ? totalWeight(weights) : n;
  if (!(total > 0)) throw new NudgeError("INPUT_INVALID", "the rows carry no weight", { rows: n });
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const isTreated = indicator(treated[i] as number, "treated", i);
    const bought = indicator(responded[i] as number, "responded", i);
    const scale = (weights ? (weights[i] as number) : 1) / total;
    // Head 1 answers "buys if treated"; head 2 answers "does not buy if not treated".
    const z = isTreated ? (z1[i] as number) : (z2[i] as number);
    const positive = isTreated ? bought : !bought;
    // −log σ(z) = softplus(−z), −log(1 − σ(z)) = softplus(z); their derivatives −σ(−z) and σ(z).
    loss += scale * softplus(positive ? -z : z);
    const gradient = scale * (positive ? -logistic(-z) : logistic(z));
    g1[i] = isTreated ? gradient : 0;
    g2[i] = isTreated ? 0 : gradient;
  }
  return loss;
}

/** The three classes' probabilities for one customer; they sum to 1. */
export interface ClassProbabilities {
  always: number;
  persuadable: number;
  never: number;
}

/**
 * Class probabilities from the heads' probabilities. Where p1 + p2 ≥ 1 they are exact:
 * always 1 − p2, persuadable p1 + p2 − 1, never 1 − p1. Where the heads disagree (p1 + p2 < 1, the
 * incentive seeming to lower purchase) persuadable is clamped at 0. Always and never then sum to
 * 2 − p1 − p2 > 1 and are divided by it, which keeps their ratio. Use the signed p1 + p2 − 1 to rank
 * customers; this is for reporting the classes.
 */
export function classProbabilities(p1: number, p2: number): ClassProbabilities {
  for (const [name, p] of [
    ["p1", p1],
    ["p2", p2],
  ] as const)
    if (!(p >= 0 && p <= 1))
      throw new NudgeError("INPUT_INVALID", `${name} must be a probability, got ${p}`, { name });
  const always = 1 - p2;
  const persuadable = Math.max(0, p1 + p2 - 1);
  const never = 1 - p1;
  const total = always + persuadable + never; // max(1, 2 − p1 − p2): never 0
  return { always: always / total, persuadable: persuadable / total, never: never / total };
}

/** Σ weights, refusing any that is negative or not finite. */
function totalWeight(weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (!(w >= 0 && Number.isFinite(w)))
      throw new NudgeError("INPUT_INVALID", `weight ${i} must be finite and non-negative, got ${w}`, {
        row: i,
      });
    total += w;
  }
  return total;
}

/** A 0/1 flag as a boolean; anything else is refused. */
function indicator(value: number, name: string, row: number): boolean {
  if (value === 1) return true;
  if (value === 0) return false;
  throw new NudgeError("INPUT_INVALID", `${name} of row ${row} must be 0 or 1, got ${value}`, { name, row });
}

/** log(1 + eᶻ) without overflow for large z or loss of precision for very negative z. */
function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

/** σ(z), stable for large |z|. */
function logistic(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
