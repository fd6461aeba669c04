/**
 * Scheduled campaigns: `nudge serve` looks every minute for campaigns due (schedule `once` or `daily`,
 * window open, not yet run today) and runs them one at a time. A run is idempotent per day, so two
 * servers that both run a campaign decide each customer once.
 */
import {
  type Clock,
  errorMessage,
  IntervalRunner,
  type Logger,
  silentLogger,
  systemClock,
} from "../core/index.js";
import type { Store } from "../store/index.js";
import { type CampaignRunOptions, type CampaignRunReport, dueCampaigns, runCampaign } from "./campaigns.js";

export interface SchedulerOptions extends Omit<CampaignRunOptions, "clock" | "onProgress"> {
  clock?: Clock;
  logger?: Logger;
  intervalMs?: number;
  /** Called after each run (the server pokes its dispatcher). */
  onRun?: (report: CampaignRunReport) => void;
}

export class CampaignScheduler {
  // A failing campaign is logged in tick(); this catches what fails around them (finding the due ones).
  private readonly runner = new IntervalRunner(
    () => this.tick(),
    (error) =>
      (this.options.logger ?? silentLogger).warn({ error: errorMessage(error) }, "campaign scheduler failed"),
  );

  constructor(
    private readonly store: Store,
    private readonly options: SchedulerOptions = {},
  ) {}

  /** Runs every campaign due now; answers their reports. A failing campaign is logged and skipped. */
  async tick(): Promise<CampaignRunReport[]> {
    const clock = this.options.clock ?? systemClock;
    const logger = this.options.logger ?? silentLogger;
    const reports: CampaignRunReport[] = [];
    for (const campaign of await dueCampaigns(this.store, clock.now())) {
      try {
        const report = await runCampaign(this.store, campaign.id, {
          ...this.options,
          clock,
          actor: "scheduler",
        });
        reports.push(report);
        logger.info(
          { campaign: campaign.id, contacted: report.contacted, deliveries: report.deliveries },
          "campaign ran",
        );
        this.options.onRun?.(report);
      } catch (error) {
        logger.warn({ campaign: campaign.id, error: errorMessage(error) }, "scheduled campaign failed");
      }
    }
    return reports;
  }

  /** Runs due campaigns now and then every `intervalMs` (default a minute). */
  start(): void {
    this.runner.start(this.options.intervalMs ?? 60_000, { immediately: true });
  }

  /** Stops looking and waits for a run in progress. */
  stop(): Promise<void> {
    return this.runner.stop();
  }
}
