import { describe, expect, it } from "vitest";
import { IntervalRunner } from "./interval.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("IntervalRunner", () => {
  it("never overlaps runs, goes on after a failure, and stop waits for the run in progress", async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    const errors: unknown[] = [];
    const runner = new IntervalRunner(
      async () => {
        runs++;
        active++;
        most = Math.max(most, active);
        await sleep(25); // longer than the interval: beats queue behind the run
        active--;
        if (runs === 2) throw new Error("second run fails");
      },
      (error) => errors.push(error),
    );
    runner.start(5, { immediately: true });
    while (runs < 3) await sleep(10);
    await runner.stop();
    expect(active).toBe(0);
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(errors.map((e) => (e as Error).message)).toEqual(["second run fails"]);
    const after = runs;
    await sleep(60);
    expect(runs).toBe(after);
  });

  it("does not run for an interval of 0, nor before the first interval unless asked", async () => {
    let runs = 0;
    const never = new IntervalRunner(
      async () => void runs++,
      () => {},
    );
    never.start(0, { immediately: true });
    const later = new IntervalRunner(
      async () => void runs++,
      () => {},
    );
    later.start(60_000);
    await sleep(20);
    await Promise.all([never.stop(), later.stop()]);
    expect(runs).toBe(0);
  });
});
