import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../../core/index.js";
import { classProbabilities, type UpliftCase, upliftCase, upliftLoss } from "./loss.js";

/** The (treated, responded) flags of each case. */
const FLAGS: Record<UpliftCase, [number, number]> = {
  treatedResponder: [1, 1],
  treatedNonResponder: [1, 0],
  controlResponder: [0, 1],
  controlNonResponder: [0, 0],
};

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Loss and gradients of one row. */
function oneRow(kind: UpliftCase, z1: number, z2: number): { loss: number; g1: number; g2: number } {
  const [t, r] = FLAGS[kind];
  const g1 = new Float64Array(1);
  const g2 = new Float64Array(1);
  const loss = upliftLoss([z1], [z2], [t], [r], g1, g2);
  return { loss, g1: g1[0] as number, g2: g2[0] as number };
}

describe("upliftCase", () => {
  it("names the four cases of randomized history", () => {
    expect(upliftCase(true, true)).toBe("treatedResponder");
    expect(upliftCase(true, false)).toBe("treatedNonResponder");
    expect(upliftCase(false, true)).toBe("controlResponder");
    expect(upliftCase(false, false)).toBe("controlNonResponder");
  });
});

describe("upliftLoss", () => {
  // Each case's likelihood as a function of the heads' probabilities.
  const likelihood: Record<UpliftCase, (p1: number, p2: number) => number> = {
    treatedResponder: (p1) => p1,
    treatedNonResponder: (p1) => 1 - p1,
    controlResponder: (_, p2) => 1 - p2,
    controlNonResponder: (_, p2) => p2,
  };

  it.each(Object.keys(FLAGS) as UpliftCase[])("%s: −log of its likelihood", (kind) => {
    expect(oneRow(kind, 0, 0).loss).toBeCloseTo(Math.LN2, 14);
    for (const [z1, z2] of [
      [1.5, -0.7],
      [-2, 3],
      [0.3, 0.3],
    ] as const)
      expect(oneRow(kind, z1, z2).loss).toBeCloseTo(
        -Math.log(likelihood[kind](sigmoid(z1), sigmoid(z2))),
        12,
      );
  });

  it.each(Object.keys(FLAGS) as UpliftCase[])(
    "%s: analytic gradient equals central finite differences, up to |z| = 30",
    (kind) => {
      const h = 1e-6;
      for (const z1 of [-30, -4, -0.5, 0, 0.8, 5, 30])
        for (const z2 of [-30, -1.2, 0, 2.5, 30]) {
          const { loss, g1, g2 } = oneRow(kind, z1, z2);
          expect(Number.isFinite(loss) && loss >= 0).toBe(true);
          const numeric1 = (oneRow(kind, z1 + h, z2).loss - oneRow(kind, z1 - h, z2).loss) / (2 * h);
          const numeric2 = (oneRow(kind, z1, z2 + h).loss - oneRow(kind, z1, z2 - h).loss) / (2 * h);
          // Saturated logits give gradients near 1e-13: the tolerance is relative, with no absolute floor.
          expect(Math.abs(g1 - numeric1)).toBeLessThanOrEqual(1e-7 * Math.abs(numeric1));
          expect(Math.abs(g2 - numeric2)).toBeLessThanOrEqual(1e-7 * Math.abs(numeric2));
          // Each arm informs only its own head.
          if (kind.startsWith("treated")) expect(g2).toBe(0);
          else expect(g1).toBe(0);
        }
    },
  );

  it("stays finite for logits far beyond where σ saturates", () => {
    for (const kind of Object.keys(FLAGS) as UpliftCase[])
      for (const z of [-800, 800]) {
        const { loss, g1, g2 } = oneRow(kind, z, z);
        for (const v of [loss, g1, g2]) expect(Number.isFinite(v)).toBe(true);
        expect(Math.abs(g1) + Math.abs(g2)).toBeLessThanOrEqual(1);
      }
    // A confidently wrong row costs |z|, with gradient of size 1.
    expect(oneRow("treatedResponder", -800, 0)).toEqual({ loss: 800, g1: -1, g2: 0 });
  });

  it("averages with weights: Σ w·ℓ / Σ w, gradients scaled alike; a zero weight silences a row", () => {
    const z1 = [0.4, -1.1, 2, 0.7];
    const z2 = [-0.3, 0.9, 1.5, -2];
    const treated = [1, 1, 0, 0];
    const responded = [1, 0, 1, 0];
    const w = [1, 3, 0.5, 0];
    const rows = z1.map((_, i) => {
      const [t, r] = [treated[i] as number, responded[i] as number];
      return oneRow(upliftCase(t === 1, r === 1), z1[i] as number, z2[i] as number);
    });
    const g1 = new Float64Array(4);
    const g2 = new Float64Array(4);
    const loss = upliftLoss(z1, z2, treated, responded, g1, g2, w);
    const total = 4.5;
    expect(loss).toBeCloseTo(rows.reduce((s, r, i) => s + (w[i] as number) * r.loss, 0) / total, 14);
    rows.forEach((r, i) => {
      expect(g1[i]).toBeCloseTo(((w[i] as number) * r.g1) / total, 14);
      expect(g2[i]).toBeCloseTo(((w[i] as number) * r.g2) / total, 14);
    });
    expect(g2[3] === 0).toBe(true); // possibly −0: 0 · −σ(−z)
    // Equal weights are the plain mean.
    const plain = upliftLoss(z1, z2, treated, responded, new Float64Array(4), new Float64Array(4));
    expect(upliftLoss(z1, z2, treated, responded, g1, g2, [7, 7, 7, 7])).toBeCloseTo(plain, 14);
    expect(plain).toBeCloseTo(rows.reduce((s, r) => s + r.loss, 0) / 4, 14);
  });

  it("gives the gradient of the mean over many rows, weighted", () => {
    const rng = new Rng(17);
    const n = 12;
    const z1 = Array.from({ length: n }, () => rng.normal(0, 2));
    const z2 = Array.from({ length: n }, () => rng.normal(0, 2));
    const treated = Array.from({ length: n }, () => (rng.chance(0.4) ? 1 : 0));
    const responded = Array.from({ length: n }, () => (rng.chance(0.5) ? 1 : 0));
    const w = Array.from({ length: n }, () => rng.next() * 3);
    const g1 = new Float64Array(n);
    const g2 = new Float64Array(n);
    upliftLoss(z1, z2, treated, responded, g1, g2, w);
    const lossAt = (a: number[], b: number[]) =>
      upliftLoss(a, b, treated, responded, new Float64Array(n), new Float64Array(n), w);
    const h = 1e-6;
    for (let i = 0; i < n; i++)
      for (const [z, g] of [
        [z1, g1],
        [z2, g2],
      ] as const) {
        const keep = z[i] as number;
        z[i] = keep + h;
        const up = lossAt(z1, z2);
        z[i] = keep - h;
        const down = lossAt(z1, z2);
        z[i] = keep;
        const numeric = (up - down) / (2 * h);
        expect(Math.abs((g[i] as number) - numeric)).toBeLessThan(1e-9 + 1e-6 * Math.abs(numeric));
      }
  });

  it("refuses mismatched lengths, flags other than 0/1, bad weights and weightless rows", () => {
    const g = () => new Float64Array(2);
    const invalid = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(isNudgeError(error, "INPUT_INVALID")).toBe(true);
        return;
      }
      throw new Error("expected INPUT_INVALID");
    };
    const ok = [0, 1];
    invalid(() => upliftLoss(ok, [0], ok, ok, g(), g()));
    invalid(() => upliftLoss(ok, ok, [1], ok, g(), g()));
    invalid(() => upliftLoss(ok, ok, ok, [1, 0, 1], g(), g()));
    invalid(() => upliftLoss(ok, ok, ok, ok, new Float64Array(1), g()));
    invalid(() => upliftLoss(ok, ok, ok, ok, g(), new Float64Array(3)));
    invalid(() => upliftLoss(ok, ok, ok, ok, g(), g(), [1]));
    invalid(() => upliftLoss(ok, ok, [0, 2], ok, g(), g()));
    invalid(() => upliftLoss(ok, ok, ok, [0.5, 1], g(), g()));
    invalid(() => upliftLoss(ok, ok, ok, ok, g(), g(), [1, -1]));
    invalid(() => upliftLoss(ok, ok, ok, ok, g(), g(), [1, Number.NaN]));
    invalid(() => upliftLoss(ok, ok, ok, ok, g(), g(), [0, 0]));
    invalid(() => upliftLoss([], [], [], [], new Float64Array(0), new Float64Array(0)));
    expect(Number.isFinite(upliftLoss(ok, ok, ok, ok, g(), g(), [0, 2]))).toBe(true);
  });
});

describe("classProbabilities", () => {
  it("are exact where the heads agree, and sum to 1", () => {
    const c = classProbabilities(0.5, 0.8);
    expect(c.always).toBeCloseTo(0.2, 14);
    expect(c.persuadable).toBeCloseTo(0.3, 14);
    expect(c.never).toBeCloseTo(0.5, 14);
    expect(classProbabilities(1, 1)).toEqual({ always: 0, persuadable: 1, never: 0 });
    expect(classProbabilities(0.3, 0.7).persuadable).toBeCloseTo(0, 15);
  });

  it("clamp persuadable at 0 where the incentive seems to lower purchase, keeping always : never", () => {
    const c = classProbabilities(0.4, 0.5); // P(buy | treated) 0.4 < P(buy | control) 0.5
    expect(c.persuadable).toBe(0);
    expect(c.always + c.never).toBeCloseTo(1, 14);
    expect(c.always / c.never).toBeCloseTo(0.5 / 0.6, 14);
    expect(classProbabilities(0, 0)).toEqual({ always: 0.5, persuadable: 0, never: 0.5 });
  });

  it("refuse numbers that are not probabilities", () => {
    for (const [p1, p2] of [
      [-0.1, 0.5],
      [0.5, 1.2],
      [Number.NaN, 0.5],
    ] as const)
      expect(() => classProbabilities(p1, p2)).toThrow(/must be a probability/);
  });
});

describe("fitting two scalar heads on simulated randomized history", () => {
  const TRUTH = { always: 0.2, persuadable: 0.3, never: 0.5 };
  const ROWS = 20_000;

  /** Rows drawn from the three classes, each treated with probability `treatedShare`. */
  function simulate(treatedShare: number, seed: number) {
    const rng = new Rng(seed);
    const treated = new Float64Array(ROWS);
    const responded = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) {
      const kind = rng.weighted(["always", "persuadable", "never"] as const, [
        TRUTH.always,
        TRUTH.persuadable,
        TRUTH.never,
      ]);
      const t = rng.chance(treatedShare);
      treated[i] = t ? 1 : 0;
      responded[i] = kind === "always" || (t && kind === "persuadable") ? 1 : 0;
    }
    return { treated, responded };
  }

  /** Two logits, shared by every row, fitted by plain gradient descent on the mean loss. */
  function fitScalarHeads(treated: Float64Array, responded: Float64Array, weights?: Float64Array) {
    const z1 = new Float64Array(ROWS);
    const z2 = new Float64Array(ROWS);
    const g1 = new Float64Array(ROWS);
    const g2 = new Float64Array(ROWS);
    let a = 0;
    let b = 0;
    for (let step = 0; step < 400; step++) {
      z1.fill(a);
      z2.fill(b);
      upliftLoss(z1, z2, treated, responded, g1, g2, weights);
      a -= 8 * g1.reduce((s, v) => s + v, 0); // the scalar's gradient is the sum of the rows'
      b -= 8 * g2.reduce((s, v) => s + v, 0);
    }
    return classProbabilities(1 / (1 + Math.exp(-a)), 1 / (1 + Math.exp(-b)));
  }

  function expectRecovered(c: { always: number; persuadable: number; never: number }): void {
    expect(Math.abs(c.persuadable - TRUTH.persuadable)).toBeLessThan(0.02);
    expect(Math.abs(c.always - TRUTH.always)).toBeLessThan(0.02);
    expect(Math.abs(c.never - TRUTH.never)).toBeLessThan(0.02);
  }

  it("recovers the class probabilities with half the rows treated", () => {
    const { treated, responded } = simulate(0.5, 1);
    expectRecovered(fitScalarHeads(treated, responded));
  });

  it("recovers them with 20 % treated and inverse-propensity weights, which do not move the optimum", () => {
    const share = 0.2;
    const { treated, responded } = simulate(share, 2);
    const weights = treated.map((t) => (t === 1 ? 1 / share : 1 / (1 - share)));
    const weighted = fitScalarHeads(treated, responded, weights);
    expectRecovered(weighted);
    // Each head sees one arm only, so weights rescale its loss but not where its minimum lies.
    const plain = fitScalarHeads(treated, responded);
    expect(plain.persuadable).toBeCloseTo(weighted.persuadable, 4);
    expect(plain.always).toBeCloseTo(weighted.always, 4);
  });
});
