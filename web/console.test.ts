/**
 * The console in a real browser: headless Chromium against `nudge serve` on loopback with the demo
 * data. Signs in with the demo's key, opens every page, and goes through the main flows — create and
 * run a campaign, read its report, retry its dead letters; classify a message; assist a call (send an
 * utterance, rate a script into the training data, open the demo's recorded call and follow it live) —
 * saving screenshots under .ci/artifacts/console/. Any console.error or uncaught exception fails.
 */
import { existsSync } from "node:fs";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium, openPage, type WatchedPage } from "./test-support/browser.js";
import { type NudgeServer, startNudge } from "./test-support/nudge-server.js";

const STARTUP_MS = 180_000;
const FLOW_MS = 90_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`no Chromium at ${CHROMIUM}: .ci/run installs it`);

describe.skipIf(!hasChromium)("web console in Chromium against nudge serve", () => {
  let nudge: NudgeServer;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    [nudge, browser] = await Promise.all([startNudge(), launchChromium()]);
    watched = await openPage(browser, nudge.address);
    page = watched.page;
    Object.assign(timings, { demoSeconds: nudge.seconds.demo, serveSeconds: nudge.seconds.serve });
  }, STARTUP_MS);

  afterAll(async () => {
    await browser?.close();
    await nudge?.stop();
    if (Object.keys(timings).length) console.info(JSON.stringify({ consoleTimings: timings }));
  });

  afterEach(() => {
    const errors = watched.errors.splice(0);
    expect(errors, "console errors and uncaught exceptions").toEqual([]);
  });

  /** Runs a flow and records how long it took. */
  const timed = async (name: string, flow: () => Promise<void>) => {
    const started = performance.now();
    await flow();
    timings[name] = Number(((performance.now() - started) / 1000).toFixed(2));
  };

  const go = async (hash: string) => {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
  };

  it(
    "serves the console and signs in with an API key",
    async () => {
      await timed("signIn", async () => {
        const response = await page.goto("/");
        expect(response?.status()).toBe(200);
        expect(response?.headers()["content-security-policy"]).toContain("default-src 'self'");
        await page.locator("#api-key").waitFor();
        await watched.shot("01-sign-in");
        await page.fill("#api-key", nudge.key);
        await page.click("button[type=submit]");
        await page.locator("[data-testid=stat-customers]").waitFor();
        await page.locator("[data-chart] canvas").first().waitFor();
      });
      expect(await text(page.locator("[data-testid=stat-customers]"))).toMatch(/\d/);
      expect(await text(page.locator("[data-testid=stat-lift]"))).toMatch(/%/);
      await watched.shot("02-overview");
    },
    FLOW_MS,
  );

  it(
    "switches between Chinese and English",
    async () => {
      await page.click("[data-lang=zh]");
      await page.locator("nav a[data-nav=overview]", { hasText: "总览" }).waitFor();
      expect(await text(page.locator("h1"))).toBe("总览");
      await watched.shot("03-overview-zh");
      await page.click("[data-lang=en]");
      await page.locator("h1", { hasText: "Overview" }).waitFor();
    },
    FLOW_MS,
  );

  it(
    "shows a customer's portrait, holdings, timeline and decisions, identifiers masked",
    async () => {
      await timed("customer", async () => {
        await go("#/customers");
        await page.locator("[data-testid=customer-list] tbody tr").first().waitFor();
        await page.locator("[data-testid=customer-list] tbody tr a").first().click();
        await page.locator("[data-testid=portrait-tags] tbody tr").first().waitFor();
      });
      const profile = await text(page.locator("[data-testid=customer-profile]"));
      expect(profile).toMatch(/masked/);
      expect(await page.locator("[data-testid=portrait-tags] tbody tr").count()).toBeGreaterThan(3);
      await page.locator("[data-chart='Events timeline'] canvas").waitFor();
      await watched.shot("04-customer");
    },
    FLOW_MS,
  );

  it(
    "draws the segments: projection, sizes, share weights and pushes",
    async () => {
      await go("#/segments");
      await page.locator("[data-testid=segment-pushes] tbody tr").first().waitFor();
      expect(await page.locator("[data-chart] canvas").count()).toBeGreaterThanOrEqual(3);
      await watched.shot("05-segments");
    },
    FLOW_MS,
  );

  it(
    "lists the models, shows calibration and ROC, and retrains the segment model",
    async () => {
      await go("#/models/propensity-v1");
      await page.locator("[data-testid=propensity-targets] tbody tr").first().waitFor();
      await page.locator("[data-chart='Calibration (reliability diagram)'] canvas").waitFor();
      await page.locator("[data-chart^='ROC curve'] canvas").waitFor();
      await watched.shot("06-models-propensity");
      await timed("retrain", async () => {
        await go("#/models/segment-v1");
        await page.locator("[data-testid=retrain]").click();
        await page.locator("[data-testid=retrained]").waitFor({ timeout: 60_000 });
      });
      expect(await text(page.locator("[data-testid=retrained]"))).toMatch(/segment-v2/);
      await watched.shot("07-models-retrained");
    },
    FLOW_MS,
  );

  it(
    "creates and runs a campaign, reports its lift, and retries its dead letters",
    async () => {
      const name = `console-e2e-${Date.now().toString(36)}`;
      await go("#/campaigns");
      await page.locator("[data-testid=new-campaign]").click();
      const form = page.locator("[data-testid=campaign-form]");
      await form.locator("select[name=offerId] option").nth(1).waitFor({ state: "attached" });
      await form.locator("input[name=name]").fill(name);
      await form.locator("select[name=source]").selectOption("offer");
      await form.locator("select[name=offerId]").selectOption({ index: 1 });
      // No SMS sender is configured on this server: its deliveries become dead letters to retry.
      await form.locator("select[name=channel]").selectOption("sms");
      await form.locator("textarea[name=audience]").fill('{">=": [{"var": "age"}, 25]}');
      await form.locator("input[name=controlShare]").fill("0.2");
      await form.locator("input[name=perChannelDay]").fill("1");
      await form.locator("input[name=budgetSends]").fill("40");
      // Quiet hours would defer the sends at night and leave nothing to retry yet.
      await form.locator("input[name=quietHours]").uncheck();
      await watched.shot("08-campaign-form");
      await form.locator("button[type=submit]").click();
      const row = page.locator(`tr[data-campaign="${name}"]`);
      await row.waitFor();
      await timed("campaignRun", async () => {
        await row.locator("[data-testid=run-campaign]").click();
        await page.locator("[data-testid=run-contacted]").waitFor({ timeout: 60_000 });
      });
      expect(
        Number((await text(page.locator("[data-testid=run-contacted] .stat-value"))).replace(/\D/g, "")),
      ).toBeGreaterThan(0);
      await page.locator("[data-testid=campaign-report] tbody tr").first().waitFor();
      expect(await text(page.locator("[data-testid=campaign-report]"))).toMatch(/%.*–.*%/);
      await timed("deadLetters", async () => {
        await page
          .locator("[data-testid=dead-letters] tbody tr", { hasText: "sms" })
          .first()
          .waitFor({ timeout: 30_000 });
      });
      await watched.shot("09-campaign-run-report");
      await page.locator("[data-testid=retry-all]").click();
      await page.locator("[data-testid=requeued]").waitFor();
      expect(await text(page.locator("[data-testid=requeued]"))).toMatch(/[1-9]/);
      await watched.shot("10-dead-letters-retried");
    },
    FLOW_MS,
  );

  it(
    "classifies a typed message: category, fields, tags and matched audience",
    async () => {
      await go("#/messages");
      await page
        .locator("#message-text")
        .fill("稳健理财新品，年化收益率3.5%，1万元起购，三年期，60岁以下客户专享，适合R2及以上风险等级");
      await timed("classify", async () => {
        await page.locator("[data-testid=classify]").click();
        await page.locator("[data-testid=category]").waitFor();
      });
      expect(await text(page.locator("[data-testid=category] .stat-value"))).not.toBe("");
      expect(await text(page.locator("[data-testid=fields]"))).toMatch(/3\.5|0\.035/);
      await page.locator("[data-testid=audience] tbody tr").first().waitFor();
      await watched.shot("11-message");
    },
    FLOW_MS,
  );

  it(
    "assists a call: an utterance's transcript, emotion and scripts, and a rating that becomes a training example",
    async () => {
      await go("#/calls");
      // A new call, listening to its stream before anything is said.
      await page.locator("[data-testid=call-live][data-live=true]").waitFor();
      expect(await page.locator("[data-testid=call-select]").inputValue()).toMatch(/^call-/);
      await page.locator("#utterance").fill("这个理财产品收益太低了，我想把钱取出来");
      await timed("callUtterance", async () => {
        await page.locator("[data-testid=send-utterance]").click();
        await page.locator("[data-testid=scripts] li").first().waitFor();
      });
      const transcript = page.locator("[data-testid=transcript] li[data-utterance]");
      expect(await transcript.count()).toBe(1);
      expect(await text(transcript)).toContain("这个理财产品收益太低了");
      expect(await text(transcript.locator(".meta"))).toMatch(/scene: .+intent: .+relation: /);
      const gauge = page.locator("[data-testid=emotion]");
      await gauge.locator("[data-chart] canvas").waitFor();
      expect(await gauge.getAttribute("data-emotion")).toMatch(/^(positive|neutral|negative|irritated)$/);
      expect(Number(await gauge.getAttribute("data-intensity"))).toBeGreaterThanOrEqual(0);
      expect(await text(page.locator("[data-testid=emotion-weights]"))).toMatch(
        /first 0\.\d+ · second 0\.\d+/,
      );
      expect(await text(page.locator("[data-testid=call-models]"))).toMatch(/scripts call-scripts-v\d+/);
      const scripts = page.locator("[data-testid=scripts] li");
      expect(await scripts.count()).toBe(3);
      const first = scripts.first();
      expect(await text(first.locator("[data-testid=script-reasons]"))).not.toBe("");
      await first.locator("input[type=range]").fill("85");
      await first.locator("[data-testid=rate-script]").click();
      const rated = first.locator("[data-testid=rated]");
      await rated.waitFor();
      expect(await rated.getAttribute("data-example")).toBe("true");
      expect(await text(rated)).toMatch(/^Rated 85: added to training data \(\d+ examples\)$/);
      // The stream delivered the utterance the POST answered too: still one line.
      expect(await transcript.count()).toBe(1);
      await watched.shot("12-calls");
    },
    FLOW_MS,
  );

  it(
    "opens the demo's recorded call from the list and follows it live",
    async () => {
      const select = page.locator("[data-testid=call-select]");
      await select.locator("option[value=demo-call]").waitFor({ state: "attached" });
      // The call made in the previous test is listed too, now that it has an utterance.
      expect(await select.locator("option").count()).toBeGreaterThanOrEqual(2);
      await select.selectOption("demo-call");
      await page.waitForFunction(() => window.location.hash === "#/calls/demo-call");
      const transcript = page.locator("[data-testid=transcript] li[data-utterance]");
      await transcript.nth(4).waitFor();
      expect(await transcript.count()).toBe(5);
      // The recorded call ends irritated: the gauge is red, and the voice was measured.
      const gauge = page.locator("[data-testid=emotion]");
      expect(await gauge.getAttribute("data-emotion")).toBe("irritated");
      expect(await gauge.getAttribute("data-alarm")).toBe("true");
      expect(await text(page.locator("[data-testid=voice]"))).toMatch(/\d+ Hz/);
      expect(await page.locator("[data-testid=scripts] li").count()).toBeGreaterThan(0);
      // The demo's agent rated the first script of the last utterance 90.
      expect(await text(page.locator("[data-testid=rated-before]"))).toMatch(/90/);
      await page.locator("[data-testid=call-live][data-live=true]").waitFor();
      await watched.shot("13-calls-demo");
      // Another client speaks on the call: the page hears it through the stream.
      const response = await page.request.post(`${nudge.address}/v1/calls/demo-call/utterances`, {
        headers: { authorization: `Bearer ${nudge.key}` },
        data: { text: "Fine, what is the interest rate then?", lang: "en" },
      });
      expect(response.status()).toBe(200);
      await transcript.nth(5).waitFor();
      expect(await text(transcript.nth(5))).toContain("what is the interest rate");
      expect(await page.locator("[data-testid=scripts]").getAttribute("data-utterance")).toBe(
        ((await response.json()) as { utteranceId: string }).utteranceId,
      );
      await page.click("[data-lang=zh]");
      await page.locator("h1", { hasText: "通话辅助" }).waitFor();
      await watched.shot("14-calls-demo-zh");
      await page.click("[data-lang=en]");
      await page.locator("h1", { hasText: "Call assist" }).waitFor();
    },
    FLOW_MS,
  );
});

/** The text of the first element a locator finds. */
async function text(locator: Locator): Promise<string> {
  return ((await locator.first().textContent()) ?? "").trim();
}
