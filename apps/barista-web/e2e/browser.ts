/** Debian's Chromium driven by playwright-core (never a downloaded browser), and screenshots. */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);

const SCREENSHOTS = fileURLToPath(new URL("../screenshots/", import.meta.url));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** How long one browser action or poll may wait: just under the test's own 60 s. */
export const ACTION_TIMEOUT_MS = 50_000;

export const PHONE = { viewport: { width: 390, height: 780 }, deviceScaleFactor: 1 };
export const SCREEN = { viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 };

/** A fresh browser profile (its own cookies and storage): one person on one device. */
export async function newPage(
  browser: Browser,
  options: typeof PHONE | typeof SCREEN,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  // An action waits for the page as long as the test itself may run (60 s): a busy machine
  // makes pages slow, not wrong. A page that never gets there still fails, naming the locator.
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  // Surface the page's own errors in the test output.
  page.on("pageerror", (error) => console.error("[page error]", error.message));
  page.on("console", (message) => {
    if (message.type() === "error") console.error("[page console]", message.text());
  });
  return { context, page };
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage });
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel("User name").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
