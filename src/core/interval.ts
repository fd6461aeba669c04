/**
 * Work repeated on an interval in a long-running process (scheduled campaigns, script retraining): a run
 * starts only after the one before has finished, so runs never overlap, and `stop` waits for the run in
 * progress. The timer does not keep the process alive.
 */
export class IntervalRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly run: () => Promise<unknown>,
    /** Called with what a run threw; the next run goes ahead. */
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs every `intervalMs` (0 or less: never), and once at once when `immediately`. */
  start(intervalMs: number, options: { immediately?: boolean } = {}): void {
    if (this.timer || intervalMs <= 0) return;
    const beat = () => {
      this.running = this.running.then(() => this.run()).catch(this.onError);
    };
    if (options.immediately) beat();
    this.timer = setInterval(beat, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for the run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
