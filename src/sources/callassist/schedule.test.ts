import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../core/index.js";
import { openStore, type Store } from "../../store/index.js";
import { ScriptRetrainSchedule } from "./schedule.js";
import { CallAssist } from "./session.js";

/** A clock the test moves. */
function steppedClock(start: Date): Clock & { advance(ms: number): void } {
  let at = start.getTime();
  return { now: () => new Date(at), advance: (ms) => (at += ms) };
}

// Trains the three call models once (about 15 s) on an in-memory SQLite store.
describe("scheduled retraining of the script model", () => {
  let store: Store;
  const clock = steppedClock(new Date("2026-12-03T09:00:00.000Z"));
  beforeAll(async () => {
    store = await openStore("sqlite::memory:");
  });
  afterAll(() => store.close());

  it("retrains only when ratings added examples, and a serving CallAssist picks the new version up", async () => {
    const schedule = new ScriptRetrainSchedule(store, { intervalMs: 3600_000, clock });
    expect(await schedule.tick()).toEqual({ retrained: false, why: "no script model yet" });

    const assist = new CallAssist(store, { clock, modelCheckMs: 1000 });
    const first = await assist.utterance({
      callId: "sched",
      text: "What is the interest rate on this deposit?",
    });
    expect(first.models.scripts).toBe("call-scripts-v1");
    clock.advance(10);
    expect(await schedule.tick()).toEqual({ retrained: false, why: "no new examples" });

    const script = first.analysis?.scripts[0]?.id as string;
    clock.advance(10);
    await assist.rate({ callId: "sched", utteranceId: first.utteranceId, scriptId: script, rating: 95 });
    clock.advance(10);
    expect(await schedule.tick()).toEqual({ retrained: true, model: "call-scripts-v2", newExamples: 1 });
    clock.advance(10);
    expect(await schedule.tick()).toEqual({ retrained: false, why: "no new examples" });

    // Within the check interval the loaded version stays; after it, the newer one is used.
    const soon = await assist.utterance({ callId: "sched", text: "And how long is the term?" });
    expect(soon.models.scripts).toBe("call-scripts-v1");
    clock.advance(1000);
    const later = await assist.utterance({ callId: "sched", text: "Can I take the money out early?" });
    expect(later.models).toEqual({
      scene: "call-scene-v1",
      emotion: "call-emotion-v1",
      scripts: "call-scripts-v2",
    });
  }, 120_000);
});
