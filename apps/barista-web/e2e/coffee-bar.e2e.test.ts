/**
 * The whole shop in headless Chromium against the real local stack (API, durable runtime with
 * the real workflow, dynalite, the built web app on the same origin): a customer scans the
 * display's code and orders, a barista accepts and completes, and the customer's page and the
 * display follow without a reload; a customer who does not choose in time sees the order
 * cancelled; the inspector shows the finished execution. Screenshots land in screenshots/.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RateLimiter } from "@coffee/api";
import { type LocalStack, startLocalStack } from "@coffee/local-stack";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ACTION_TIMEOUT_MS,
  hasChromium,
  launchChromium,
  newPage,
  PHONE,
  SCREEN,
  screenshot,
  signIn,
} from "./browser.js";

const WEB_DIST = fileURLToPath(new URL("../dist", import.meta.url));

/** The order's status as the workflow wrote it, not an action's pending answer. */
const written = (page: Page) => page.locator('[data-testid="order-status"]:not([data-pending])');

if (!hasChromium) {
  console.warn(
    "barista-web-e2e skipped: /usr/bin/chromium is missing (apt-get install chromium to run it)",
  );
}

describe.skipIf(!hasChromium)("the coffee bar in a browser", () => {
  let dataDir: string;
  let stack: LocalStack;
  let browser: Browser;
  let base: string;

  function startStack(ports?: LocalStack["ports"] & { web: number }) {
    return startLocalStack({
      env: {
        PORT: ports?.web ?? 0,
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: "admin-pw",
        BARISTA_PASSWORD: "barista-pw",
        // Spread: env is spread over the parsed environment; undefined would wipe a port's 0.
        ...(ports
          ? {
              DYNAMODB_PORT: ports.dynamodb,
              EVENTS_PORT: ports.events,
              DURABLE_RUNTIME_PORT: ports.lambda,
            }
          : {}),
      },
      webDist: WEB_DIST,
      heartbeatMs: 1000,
      // Every customer here is a browser on 127.0.0.1: more scans than one address may make.
      limits: {
        redeem: new RateLimiter({ capacity: 100, refillPerSecond: 10 }),
        startOrder: new RateLimiter({ capacity: 100, refillPerSecond: 10 }),
      },
    });
  }

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, "index.html"))) {
      throw new Error("apps/barista-web/dist is missing: build first (pnpm test builds it)");
    }
    dataDir = await mkdtemp(join(tmpdir(), "coffee-e2e-"));
    stack = await startStack();
    base = stack.loopbackUrl;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  /** The admin screen: shorter timeouts for this run (the stack takes them live). */
  async function setTimeouts(page: Page, values: Record<string, number>) {
    for (const [label, value] of Object.entries(values)) {
      await page.getByLabel(label).fill(String(value));
    }
    await page.getByRole("button", { name: "Save limits and timeouts" }).click();
    await page.getByText("Limits and timeouts saved.").waitFor();
  }

  it("orders, makes and hands over a drink, live on every screen", async () => {
    const admin = await newPage(browser, SCREEN);
    await admin.page.goto(`${base}/admin`);
    await signIn(admin.page, "admin", "admin-pw");
    await admin.page.getByRole("heading", { name: "Limits and timeouts" }).waitFor();
    // A short pickup window, so the execution finishes within the test.
    await setTimeouts(admin.page, { "Shown as ready for (s)": 4 });
    await screenshot(admin.page, "admin");

    const display = await newPage(browser, SCREEN);
    await display.page.goto(`${base}/display`);
    await signIn(display.page, "barista", "barista-pw");
    const qr = display.page.getByRole("img", { name: "QR code to order a drink" });
    await qr.waitFor();
    const orderUrl = await qr.getAttribute("data-qr-text");
    expect(orderUrl).toMatch(new RegExp(`^${base}/order\\?token=.+`));
    await display.page.getByTestId("drinks-left").filter({ hasText: "10 drinks left" }).waitFor();

    const barista = await newPage(browser, SCREEN);
    await barista.page.goto(`${base}/barista`);
    await signIn(barista.page, "barista", "barista-pw");
    await barista.page.getByRole("heading", { name: /Queue/ }).waitFor();

    // The customer "scans" the code: their phone opens the URL it encodes.
    const customer = await newPage(browser, PHONE);
    await customer.page.goto(orderUrl ?? "");
    await customer.page.getByRole("heading", { name: "Choose your drink" }).waitFor();
    await customer.page.getByRole("radio", { name: "Latte" }).check();
    await customer.page.getByLabel("Size").selectOption("large");
    await customer.page.getByLabel("Milk").selectOption("oat");
    await customer.page.getByLabel("Extra shot").selectOption("yes");
    await screenshot(customer.page, "order-menu");
    await customer.page.getByRole("button", { name: "Order Latte" }).click();
    const status = customer.page.getByTestId("order-status");
    // Queued as the workflow wrote it (the choice's answer is pending, without its number).
    await written(customer.page).filter({ hasText: "In the queue" }).waitFor();
    const number = (await customer.page.getByTestId("order-number").textContent())?.trim();
    expect(number).toMatch(/^\d+$/);
    expect(await customer.page.getByTestId("order-drink").textContent()).toBe(
      "Large oat latte, extra shot",
    );
    // Live on the display: the order used one of the code's drinks. Codes rotate at every
    // 5-minute mark of the clock; if one passed since the scan, the display shows the next code.
    const nextCode = display.page.locator(`[data-qr-text]:not([data-qr-text="${orderUrl}"])`);
    await display.page
      .getByTestId("drinks-left")
      .filter({ hasText: "9 drinks left" })
      .or(nextCode)
      .first()
      .waitFor();

    // The console announces it, live, as a barista would say it, with its time to be taken.
    await barista.page
      .getByTestId("new-order-cue")
      .filter({ hasText: `New order #${number}: Large oat latte, extra shot` })
      .waitFor();
    const ticket = barista.page.getByRole("article", { name: new RegExp(`#${number}`) });
    expect(await ticket.getByTestId("time-left").textContent()).toMatch(/^1[45]:\d\d left$/);
    await barista.page.getByRole("button", { name: `Accept order ${number}` }).click();
    await status.filter({ hasText: "Being made" }).waitFor();
    const making = display.page.getByRole("list", { name: "Orders being made" });
    await making.getByText(number ?? "", { exact: true }).waitFor();
    await screenshot(barista.page, "barista");
    await screenshot(display.page, "display");

    await barista.page.getByRole("button", { name: `Complete order ${number}` }).click();
    await status.filter({ hasText: "Ready for pickup" }).waitFor();
    const ready = display.page.getByRole("list", { name: "Orders ready for pickup" });
    await ready.getByText(number ?? "", { exact: true }).waitFor();
    await screenshot(customer.page, "order-ready");
    expect(await making.getByText(number ?? "", { exact: true }).count()).toBe(0);

    // The pickup window passes: picked up, off the display, execution finished.
    await status.filter({ hasText: "Picked up" }).waitFor();
    await ready.getByText(number ?? "", { exact: true }).waitFor({ state: "detached" });

    const orderId = await customer.page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith("coffee.order."));
      return key
        ? (JSON.parse(localStorage.getItem(key) ?? "{}") as { orderId: string }).orderId
        : "";
    });
    await barista.page.goto(`${base}/executions/${orderId}`);
    await barista.page.getByTestId("execution-status").filter({ hasText: "SUCCEEDED" }).waitFor();
    const operations = barista.page.getByTestId("operation");
    const names = await operations.getByRole("rowheader").allTextContents();
    for (const name of [
      "customer-order",
      "reserve-stock",
      "barista-accept",
      "barista-complete",
      "pickup-window",
    ]) {
      expect(names.some((n) => n.startsWith(name))).toBe(true);
    }
    await screenshot(barista.page, "inspector", true);

    for (const p of [admin, display, customer, barista]) await p.context.close();
  });

  it("shows a customer who does not choose in time that the order was cancelled", async () => {
    const admin = await newPage(browser, SCREEN);
    await admin.page.goto(`${base}/admin`);
    await signIn(admin.page, "admin", "admin-pw");
    await setTimeouts(admin.page, { "Time to choose a drink (s)": 2 });

    const display = await newPage(browser, SCREEN);
    await display.page.goto(`${base}/display`);
    await signIn(display.page, "barista", "barista-pw");
    const orderUrl = await display.page
      .getByRole("img", { name: "QR code to order a drink" })
      .getAttribute("data-qr-text");

    const customer = await newPage(browser, PHONE);
    await customer.page.goto(orderUrl ?? "");
    // Nothing chosen: the workflow's callback times out and the page follows.
    await customer.page.getByTestId("order-status").filter({ hasText: "Cancelled" }).waitFor();
    expect(await customer.page.getByTestId("order-reason").textContent()).toBe(
      "The time to choose a drink ran out.",
    );
    await screenshot(customer.page, "order-timed-out");
    // Not a dead end: the same code orders again while it is valid.
    await customer.page.getByRole("button", { name: "Order again" }).click();
    await customer.page.getByRole("heading", { name: "Choose your drink" }).waitFor();

    for (const p of [admin, display, customer]) await p.context.close();
  });

  it("warns the barista before the unaccept that cancels; the customer can order again", async () => {
    const admin = await newPage(browser, SCREEN);
    await admin.page.goto(`${base}/admin`);
    await signIn(admin.page, "admin", "admin-pw");
    await admin.page.getByLabel("Unaccepts before an order is cancelled").fill("0");
    await setTimeouts(admin.page, { "Time to choose a drink (s)": 300 });

    const display = await newPage(browser, SCREEN);
    await display.page.goto(`${base}/display`);
    await signIn(display.page, "barista", "barista-pw");
    const orderUrl = await display.page
      .getByRole("img", { name: "QR code to order a drink" })
      .getAttribute("data-qr-text");
    const customer = await newPage(browser, PHONE);
    await customer.page.goto(orderUrl ?? "");
    await customer.page.getByRole("button", { name: "Order Espresso" }).click();
    const status = customer.page.getByTestId("order-status");
    // Queued as the workflow wrote it (the choice's answer is pending, without its number).
    await written(customer.page).filter({ hasText: "In the queue" }).waitFor();
    const number = (await customer.page.getByTestId("order-number").textContent())?.trim();

    const barista = await newPage(browser, SCREEN);
    await barista.page.goto(`${base}/barista`);
    await signIn(barista.page, "barista", "barista-pw");
    await barista.page.getByRole("button", { name: `Accept order ${number}` }).click();
    const ticket = barista.page.getByRole("article", { name: new RegExp(`#${number}`) });
    await ticket.getByRole("button", { name: "Unaccept" }).click();
    expect(await ticket.getByRole("alert").textContent()).toBe(
      "It cannot go back to the queue again (put back 0 of 0 times): unaccepting cancels the customer's order.",
    );
    // The question sits inside the ticket, below its title: nothing of the ticket is covered.
    const box = await ticket.boundingBox();
    const question = await ticket.getByRole("alert").boundingBox();
    expect(question && box && question.y + question.height <= box.y + box.height).toBe(true);
    await screenshot(barista.page, "barista-unaccept-warning");
    await ticket.getByRole("button", { name: `Yes, cancel #${number}` }).click();

    await status.filter({ hasText: "Cancelled" }).waitFor();
    expect(await customer.page.getByTestId("order-reason").textContent()).toBe(
      "The order was put back in the queue too many times.",
    );
    await customer.page.getByRole("button", { name: "Order again" }).click();
    await customer.page.getByRole("heading", { name: "Choose your drink" }).waitFor();

    await admin.page.getByLabel("Unaccepts before an order is cancelled").fill("3");
    await admin.page.getByRole("button", { name: "Save limits and timeouts" }).click();
    await admin.page.getByText("Limits and timeouts saved.").waitFor();
    for (const p of [admin, display, customer, barista]) await p.context.close();
  });

  it("leads a customer at the per-customer limit to the order already open", async () => {
    const display = await newPage(browser, SCREEN);
    await display.page.goto(`${base}/display`);
    await signIn(display.page, "barista", "barista-pw");
    const orderUrl = await display.page
      .getByRole("img", { name: "QR code to order a drink" })
      .getAttribute("data-qr-text");
    const customer = await newPage(browser, PHONE);
    await customer.page.goto(orderUrl ?? "");
    await customer.page.getByRole("button", { name: "Order Espresso" }).click();
    const status = customer.page.getByTestId("order-status");
    // Queued as the workflow wrote it (the choice's answer is pending, without its number).
    await written(customer.page).filter({ hasText: "In the queue" }).waitFor();
    const number = (await customer.page.getByTestId("order-number").textContent())?.trim();
    // The code on the display and its drinks left, read together.
    const shown = async () => ({
      code: await display.page
        .getByRole("img", { name: "QR code to order a drink" })
        .getAttribute("data-qr-text"),
      left: await display.page.getByTestId("drinks-left").textContent(),
    });
    const before = await shown();

    // The phone forgets the page's memory but keeps its session (a new tab, a cleared site
    // storage): scanning again is refused at the limit of one open order, spending nothing.
    await customer.page.evaluate(() => localStorage.clear());
    await customer.page.reload();
    await customer.page.getByRole("heading", { name: "You already have an order" }).waitFor();
    // Codes rotate at every 5-minute mark of the clock: when one passed in between, the display
    // shows the next code and nothing of the old one's count, so only the same code is compared.
    const after = await shown();
    if (after.code === before.code) expect(after.left).toBe(before.left);
    await screenshot(customer.page, "order-limit");
    await customer.page.getByRole("button", { name: "Show my order" }).click();
    await status.filter({ hasText: "In the queue" }).waitFor();
    expect((await customer.page.getByTestId("order-number").textContent())?.trim()).toBe(number);
    for (const p of [display, customer]) await p.context.close();
  });

  it("closes the shop: the display and a customer's page say so live, and reopen", async () => {
    const display = await newPage(browser, SCREEN);
    await display.page.goto(`${base}/display`);
    await signIn(display.page, "barista", "barista-pw");
    const qr = display.page.getByRole("img", { name: "QR code to order a drink" });
    const orderUrl = await qr.getAttribute("data-qr-text");

    const admin = await newPage(browser, SCREEN);
    await admin.page.goto(`${base}/admin`);
    await signIn(admin.page, "admin", "admin-pw");
    await admin.page.getByRole("button", { name: "Close shop" }).click();
    await display.page
      .getByTestId("display-title")
      .filter({ hasText: "The shop is closed" })
      .waitFor();
    await qr.waitFor({ state: "detached" });
    await screenshot(display.page, "display-closed");

    // A code scanned just before: the page says the shop is closed and spends nothing.
    const customer = await newPage(browser, PHONE);
    await customer.page.goto(orderUrl ?? "");
    await customer.page.getByRole("heading", { name: "The shop is closed" }).waitFor();

    await admin.page.getByRole("button", { name: "Open shop" }).click();
    await qr.waitFor();
    await customer.page.getByRole("heading", { name: "The shop is open again" }).waitFor();
    await customer.page.getByRole("button", { name: "Order now" }).click();
    await customer.page.getByRole("heading", { name: "Choose your drink" }).waitFor();
    for (const p of [admin, display, customer]) await p.context.close();
  });

  it("keeps the display going across an API restart, without a reload", async () => {
    const display = await newPage(browser, SCREEN);
    await display.page.goto(`${base}/display`);
    await signIn(display.page, "barista", "barista-pw");
    const badge = display.page
      .getByRole("status")
      .filter({ hasText: /Live|Reconnecting|Connecting/ });
    await badge.filter({ hasText: "Live" }).waitFor();

    const ports = { ...stack.ports, web: Number(new URL(base).port) };
    await stack.close();
    await badge.filter({ hasText: /Reconnecting|Connecting/ }).waitFor();
    stack = await startStack(ports);
    await badge.filter({ hasText: "Live" }).waitFor();

    // An order made after the restart, through the API as a script would, appears live.
    const api = async (
      path: string,
      init: { token?: string; body?: unknown; method?: string } = {},
    ) => {
      const response = await fetch(`${base}/api${path}`, {
        method: init.method ?? (init.body ? "POST" : "GET"),
        // Spread: an undefined header value would be sent as the text "undefined".
        headers: {
          "content-type": "application/json",
          ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const staff = String(
      (await api("/auth/login", { body: { username: "barista", password: "barista-pw" } })).token,
    );
    // The previous test shortened the choice window; give this customer (a script) time again.
    const admin = String(
      (await api("/auth/login", { body: { username: "admin", password: "admin-pw" } })).token,
    );
    await api("/admin/config", {
      method: "PUT",
      token: admin,
      body: { timeouts: { customerOrderSeconds: 300 } },
    });
    const { token } = await api("/qr-code", { token: staff });
    const started = await api("/orders", { body: { token } });
    const customer = String(started.customerToken);
    const orderId = String(started.orderId);
    await expect
      .poll(async () => (await api(`/orders/${orderId}`, { token: customer })).status, {
        timeout: ACTION_TIMEOUT_MS,
      })
      .toBe("AWAITING_ORDER");
    await api(`/orders/${orderId}`, {
      method: "PUT",
      token: customer,
      body: { drink: "espresso", modifiers: {} },
    });
    await expect
      .poll(async () => (await api(`/orders/${orderId}`, { token: staff })).status, {
        timeout: ACTION_TIMEOUT_MS,
      })
      .toBe("QUEUED");
    const { orderNumber } = await api(`/orders/${orderId}/accept`, { token: staff, body: {} });
    await display.page
      .getByRole("list", { name: "Orders being made" })
      .getByText(String(orderNumber), { exact: true })
      .waitFor();
    await display.context.close();
  });
});
