/**
 * The script model's scheduled retraining: `nudge serve` looks every few hours (NUDGE_SCRIPT_RETRAIN_HOURS,
 * default 24; 0 turns it off) whether agents' ratings added training examples since the latest script
 * model was registered, and if so trains and registers the next version. Servers pick it up within
 * MODEL_CHECK_MS (session.ts). A store whose call models were never used is left alone: the first call
 * trains them.
 */
import {
  type Clock,
  errorMessage,
  IntervalRunner,
  type Logger,
  silentLogger,
  systemClock,
} from "../../core/index.js";
import { ModelLoader } from "../../ml/index.js";
import type { Store } from "../../store/index.js";
import { CALL_MODELS, type CallModelOptions, retrainScripts } from "./models.js";

export interface ScriptRetrainOptions extends CallModelOptions {
  /** Between looks; 0 or less: never. */
  intervalMs: number;
  logger?: Logger;
  clock?: Clock;
}

/** What one look found and did. */
export type ScriptRetrainOutcome =
  | { retrained: false; why: "no script model yet" | "no new examples" }
  | { retrained: true; model: string; newExamples: number };

export class ScriptRetrainSchedule {
  private readonly runner = new IntervalRunner(
    () => this.tick(),
    (error) =>
      (this.options.logger ?? silentLogger).warn(
        { error: errorMessage(error) },
        "scheduled script retraining failed",
      ),
  );

  constructor(
    private readonly store: Store,
    private readonly options: ScriptRetrainOptions,
  ) {}

  /** One look: retrains when examples were added since the latest script model. */
  async tick(): Promise<ScriptRetrainOutcome> {
    const found = await this.store.models.resolve(CALL_MODELS.scripts);
    if (!found) return { retrained: false, why: "no script model yet" };
    const latest = await new ModelLoader(this.store).stored(found.id);
    const newExamples = await this.store.calls.countExamplesSince(latest.createdAt);
    if (newExamples === 0) return { retrained: false, why: "no new examples" };
    const { model } = await retrainScripts(this.store, {
      ...this.options,
      clock: this.options.clock ?? systemClock,
    });
    (this.options.logger ?? silentLogger).info({ model, newExamples }, "script model retrained");
    return { retrained: true, model, newExamples };
  }

  /** Looks every `intervalMs` (0 or less: never), the first time one interval from now. */
  start(): void {
    this.runner.start(this.options.intervalMs);
  }

  /** Stops looking and waits for a retraining in progress. */
  stop(): Promise<void> {
    return this.runner.stop();
  }
}
