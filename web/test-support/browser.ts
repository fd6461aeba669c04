/**
 * Debian's Chromium, headless, driven by playwright-core. Every page records console errors and
 * uncaught exceptions, so a test can fail on any of them; screenshots go to .ci/artifacts/console/.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.NUDGE_CHROMIUM ?? "/usr/bin/chromium";
export const SCREENSHOTS = fileURLToPath(new URL("../../.ci/artifacts/console/", import.meta.url));
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface WatchedPage {
  page: Page;
  /** Every console.error and uncaught exception so far. */
  errors: string[];
  shot(name: string): Promise<void>;
}

export async function openPage(browser: Browser, base: string): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    baseURL: base,
    locale: "en-GB",
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error")
      errors.push(`console.error: ${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  return {
    page,
    errors,
    shot: async (name) => {
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
    },
  };
}
