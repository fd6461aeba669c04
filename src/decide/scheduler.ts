/**
 * Scheduled campaigns: `nudge serve` looks every minute for campaigns due (schedule `once` or `daily`,
 * window open, not yet run today) and runs them one at a time. A run is idempotent per day, so two
 * servers that both run a campaign decide each customer once.
 */
import { type Clock, errorMessage, type Logger, silentLogger, systemClock } from "../core/index.js";
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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

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

  start(): void {
    if (this.timer) return;
    const beat = () => {
      this.running = this.running.then(() => this.tick()).catch(() => {});
    };
    beat();
    this.timer = setInterval(beat, this.options.intervalMs ?? 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
