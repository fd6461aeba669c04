import { describe, expect, it } from "vitest";
import { isNudgeError, Rng } from "../../core/index.js";
import { type Cell, Table } from "../../ml/table.js";
import { qiniCoefficient } from "../../ml/uplift-metrics.js";
import { fitBaseline, META_LEARNERS, type MetaLearner } from "./baselines.js";

/** A randomized campaign: features, arm and outcome per row, and the true uplift behind each outcome. */
interface Campaign {
  table: Table;
  treatment: number[];
  outcome: number[];
  trueUplift: number[];
}

const COLUMNS = ["a", "b", "c", "region"];
const REGIONS = ["north", "south", "east", "west"];
/** How much the incentive raises the response probability where a > 0 (none elsewhere). */
const EFFECT = 0.3;

/**
 * Rows with numeric a, b, c and a categorical region; half treated at random. The control response rate
 * depends on b and region; treatment adds `effect` where a > 0.
 */
function campaignOf(rows: number, seed: number, effect: number): Campaign {
  const rng = new Rng(seed);
  const records: { row: number; values: Record<string, Cell> }[] = [];
  const treatment: number[] = [];
  const outcome: number[] = [];
  const trueUplift: number[] = [];
  for (let r = 0; r < rows; r++) {
    const a = rng.normal();
    const b = rng.normal();
    const c = rng.next();
    const region = rng.pick(REGIONS);
    const t = rng.next() < 0.5 ? 1 : 0;
    const base = 0.1 + (region === "north" ? 0.15 : 0) + 0.2 / (1 + Math.exp(-2 * b));
    const uplift = a > 0 ? effect : 0;
    treatment.push(t);
    outcome.push(rng.next() < base + t * uplift ? 1 : 0);
    trueUplift.push(uplift);
    records.push({ row: r + 1, values: { a, b, c, region } });
  }
  return { table: Table.fromRecords(COLUMNS, records), treatment, outcome, trueUplift };
}

/** The first `n` rows of a campaign and the rest. */
function holdOut(campaign: Campaign, n: number): [Campaign, Campaign] {
  const part = (from: number, to: number): Campaign => ({
    table: campaign.table.pick(Array.from({ length: to - from }, (_, i) => from + i)),
    treatment: campaign.treatment.slice(from, to),
    outcome: campaign.outcome.slice(from, to),
    trueUplift: campaign.trueUplift.slice(from, to),
  });
  return [part(0, n), part(n, campaign.treatment.length)];
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s / values.length;
}

/** Default nets: smaller ones ([16, 8]) leave the S-learner's a > 0 gap near 0.12 on some seeds. */
const OPTIONS = { seed: 7 };
/**
 * The Qini coefficient is relative to sklift's oracle, which ranks by realized outcomes, so even the true
 * uplift reaches only about 0.13–0.19 here; learners are held to a share of what the true uplift reaches.
 */
const SHARE_OF_TRUE_QINI = 0.5;
const [train, test] = holdOut(campaignOf(8000, 11, EFFECT), 6000);
/** The Qini coefficient of the true uplift on the held-out rows: what an exact model of the effect reaches. */
const trueQini = qiniCoefficient(test.outcome, test.trueUplift, test.treatment);

describe.each(META_LEARNERS)("%s-learner", (learner: MetaLearner) => {
  it("ranks the persuadable first on held-out rows and separates the a > 0 group", () => {
    const started = performance.now();
    const fitted = fitBaseline(learner, train.table, train.treatment, train.outcome, OPTIONS);
    const uplift = fitted.predict(test.table);
    const qini = qiniCoefficient(test.outcome, uplift, test.treatment);
    const a = test.table.column("a") as number[];
    const positive = mean(uplift.filter((_, r) => (a[r] as number) > 0));
    const rest = mean(uplift.filter((_, r) => (a[r] as number) <= 0));
    console.info(
      `${learner}-learner: qini ${qini.toFixed(4)} (true uplift ${trueQini.toFixed(4)}), ` +
        `uplift a>0 ${positive.toFixed(3)} vs ${rest.toFixed(3)}, ${(performance.now() - started).toFixed(0)} ms`,
    );
    expect(fitted.learner).toBe(learner);
    expect(uplift).toHaveLength(test.table.rows);
    expect(trueQini).toBeGreaterThan(0.1);
    expect(qini).toBeGreaterThan(SHARE_OF_TRUE_QINI * trueQini);
    expect(positive - rest).toBeGreaterThan(0.15);
  });

  it("finds no effect where there is none", () => {
    const none = campaignOf(4000, 12, 0);
    const uplift = fitBaseline(learner, none.table, none.treatment, none.outcome, OPTIONS).predict(
      none.table,
    );
    console.info(`${learner}-learner without effect: mean uplift ${mean(uplift).toFixed(4)}`);
    expect(Math.abs(mean(uplift))).toBeLessThan(0.05);
  });

  it("gives the same uplift for the same seed", () => {
    const small = campaignOf(1500, 13, EFFECT);
    const upliftOf = () =>
      fitBaseline(learner, small.table, small.treatment, small.outcome, { ...OPTIONS, epochs: 5 }).predict(
        small.table,
      );
    expect(upliftOf()).toEqual(upliftOf());
  });
});

describe("fitBaseline input checks", () => {
  const small = campaignOf(50, 14, EFFECT);
  const cases: [string, number[], number[], RegExp][] = [
    [
      "treatment length",
      small.treatment.slice(1),
      small.outcome,
      /treatment has 49 values for a table of 50/,
    ],
    ["outcome length", small.treatment, [...small.outcome, 0], /outcome has 51 values/],
    [
      "treatment not 0/1",
      small.treatment.map((t, r) => (r === 3 ? 2 : t)),
      small.outcome,
      /treatment must be 0 or 1, but row 4 has 2/,
    ],
    [
      "outcome not 0/1",
      small.treatment,
      small.outcome.map((y, r) => (r === 0 ? 0.5 : y)),
      /outcome must be 0 or 1, but row 1/,
    ],
    ["no treated row", small.treatment.map(() => 0), small.outcome, /no row is treated/],
    ["no control row", small.treatment.map(() => 1), small.outcome, /no row is a control/],
  ];
  it.each(cases)("refuses %s", (_, treatment, outcome, message) => {
    for (const learner of META_LEARNERS) {
      try {
        fitBaseline(learner, small.table, treatment, outcome, OPTIONS);
        expect.unreachable(`${learner} accepted bad input`);
      } catch (error) {
        expect(isNudgeError(error, "INPUT_INVALID")).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    }
  });

  it("refuses an excluded column that is not there and an unknown learner", () => {
    expect(() =>
      fitBaseline("t", small.table, small.treatment, small.outcome, { ...OPTIONS, exclude: ["nope"] }),
    ).toThrow(/no column 'nope'/);
    expect(() =>
      fitBaseline("q" as MetaLearner, small.table, small.treatment, small.outcome, OPTIONS),
    ).toThrow(/no meta-learner 'q'/);
  });
});
