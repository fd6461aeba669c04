import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../../core/index.js";
import { rocAuc } from "../../ml/index.js";
import { DEFAULT_TWO_HEAD, scoreTwoHead, type TwoHeadOptions, trainTwoHead } from "./two-head.js";

const INPUTS = 6;

/** A campaign's history with its latent classes, which real history never shows. */
interface Campaign {
  x: Float32Array;
  rows: number;
  treated: Uint8Array;
  responded: Uint8Array;
  persuadable: Uint8Array;
  /** P(persuadable | x), the truth the model should recover. */
  persuadableProbability: Float64Array;
}

/**
 * Customers with six standard normal features. The class is drawn from a softmax of known functions of
 * them: always leans on x0, persuadable on x1, x2 and x3·x4 (an interaction, which a linear model
 * misses), never is the reference; x5 is noise. Responses follow the class exactly: always buys, never
 * does not, persuadable buys when treated. Treatment is randomized with the given share.
 */
function campaign(rows: number, treatedShare: number, seed: number): Campaign {
  const rng = new Rng(seed);
  const c: Campaign = {
    x: new Float32Array(rows * INPUTS),
    rows,
    treated: new Uint8Array(rows),
    responded: new Uint8Array(rows),
    persuadable: new Uint8Array(rows),
    persuadableProbability: new Float64Array(rows),
  };
  for (let r = 0; r < rows; r++) {
    const f = Array.from({ length: INPUTS }, () => rng.normal());
    c.x.set(f, r * INPUTS);
    const [x0, x1, x2, x3, x4] = f as [number, number, number, number, number];
    const always = Math.exp(1.5 * x0 - 0.5);
    const persuadable = Math.exp(2 * x1 - 1.5 * x2 + x3 * x4 - 0.3);
    const total = always + persuadable + 1;
    c.persuadableProbability[r] = persuadable / total;
    const u = rng.next() * total;
    const kind = u < always ? "always" : u < always + persuadable ? "persuadable" : "never";
    const treated = rng.chance(treatedShare);
    c.treated[r] = treated ? 1 : 0;
    c.persuadable[r] = kind === "persuadable" ? 1 : 0;
    c.responded[r] = kind === "always" || (kind === "persuadable" && treated) ? 1 : 0;
  }
  return c;
}

const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;

describe("trainTwoHead", () => {
  for (const treatedShare of [0.5, 0.3]) {
    it(`ranks true persuadables on rows it never saw, and estimates their share (${treatedShare * 100} % treated)`, () => {
      const history = campaign(12_000, treatedShare, 1);
      const fresh = campaign(4_000, treatedShare, 2);
      const { model, epochs, validationLoss } = trainTwoHead(
        history.x,
        history.rows,
        INPUTS,
        history.treated,
        history.responded,
        {
          seed: 7,
        },
      );
      const scores = scoreTwoHead(model, fresh.x, fresh.rows);
      const auc = rocAuc(fresh.persuadable, scores.uplift);
      // Measured: 0.90 at either share, against 0.91 for the true P(persuadable | x).
      expect(auc).toBeGreaterThanOrEqual(0.8);
      // Measured: 0.365 (50 %) and 0.390 (30 %) against a true 0.381.
      expect(Math.abs(mean(scores.uplift) - mean(fresh.persuadableProbability))).toBeLessThan(0.05);
      expect(epochs).toBeLessThan(DEFAULT_TWO_HEAD.epochs); // stopped early
      expect(validationLoss).toBeGreaterThan(0);
      for (const p of [scores.p1, scores.p2]) expect(p.every((v) => v >= 0 && v <= 1)).toBe(true);
    });
  }
});

describe("trainTwoHead, determinism and input", () => {
  const small = campaign(1_500, 0.5, 3);
  const quick: TwoHeadOptions = { seed: 4, hidden: [8], epochs: 3 };
  const train = (c: Campaign, options = quick) =>
    trainTwoHead(c.x, c.rows, INPUTS, c.treated, c.responded, options);

  it("gives the same model for the same seed and another for another", () => {
    const a = train(small);
    const b = train(small);
    expect(b.model.weights).toEqual(a.model.weights);
    expect(b.validationLoss).toBe(a.validationLoss);
    expect(a.model.shape).toEqual({ inputs: INPUTS, hidden: [8], outputs: 2 });
    const c = train(small, { ...quick, seed: 5 });
    expect(c.model.weights).not.toEqual(a.model.weights);
    const unweighted = train(small, { ...quick, weights: "none" });
    expect(unweighted.model.weights).not.toEqual(a.model.weights);
    const scores = scoreTwoHead(a.model, small.x, small.rows);
    expect(scoreTwoHead(b.model, small.x, small.rows)).toEqual(scores);
    scores.uplift.forEach((u, r) => {
      expect(u).toBeCloseTo((scores.p1[r] as number) + (scores.p2[r] as number) - 1, 6);
    });
  });

  /** The INPUT_INVALID message of what `run` throws. */
  function refusal(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      if (isNudgeError(error) && error.code === "INPUT_INVALID") return error.message;
      throw error;
    }
    throw new Error("accepted");
  }

  it("refuses history it cannot learn from, naming the problem", () => {
    const { x, rows, treated, responded } = small;
    const cases: [() => unknown, RegExp][] = [
      [() => trainTwoHead(x.subarray(1), rows, INPUTS, treated, responded, quick), /x holds/],
      [() => trainTwoHead(x, rows, INPUTS, treated.subarray(1), responded, quick), /treated holds/],
      [() => trainTwoHead(x, rows, INPUTS, treated, responded.subarray(1), quick), /responded holds/],
      [
        () =>
          trainTwoHead(
            x,
            rows,
            INPUTS,
            Uint8Array.from(treated, (t, r) => (r === 5 ? 2 : t)),
            responded,
            quick,
          ),
        /treated of row 5 must be 0 or 1, got 2/,
      ],
      [
        () =>
          trainTwoHead(
            x,
            rows,
            INPUTS,
            treated,
            Float32Array.from(responded, (v, r) => (r === 9 ? 0.5 : v)),
            quick,
          ),
        /responded of row 9 must be 0 or 1/,
      ],
      [
        () => trainTwoHead(x, rows, INPUTS, new Uint8Array(rows).fill(1), responded, quick),
        /both arms.*every row is treated/,
      ],
      [
        () => trainTwoHead(x, rows, INPUTS, new Uint8Array(rows), responded, quick),
        /both arms.*every row is control/,
      ],
      [
        () =>
          trainTwoHead(
            Float32Array.from(x, (v, i) => (i === 7 ? Number.NaN : v)),
            rows,
            INPUTS,
            treated,
            responded,
            quick,
          ),
        /x of row 1 is not a finite number/,
      ],
      [() => trainTwoHead(x, 0, INPUTS, treated, responded, quick), /positive integers/],
    ];
    for (const [run, message] of cases) expect(refusal(run)).toMatch(message);
    const model = train(small).model;
    expect(refusal(() => scoreTwoHead({ ...model, shape: { ...model.shape, outputs: 1 } }, x, rows))).toMatch(
      /two sigmoid outputs/,
    );
    expect(refusal(() => scoreTwoHead(model, x.subarray(1), rows))).toMatch(/inputs/);
  });
});
