/**
 * The console as a team would first try it: its own official-SDK handler (a step, a callback,
 * a one-hour wait) under `durable-runtime serve`, driven in real Chromium by the controls'
 * accessible names only. Start an execution from the console, find it in the list, open it,
 * pause and resume it, succeed its callback from its button, crash and restart the runtime, fire the one-hour wait
 * now, and see the execution finish without a reload. Screenshots land in screenshots/.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium, newPage, screenshot } from "./browser.js";
import { type ServeProcess, serve } from "./serve-process.js";

const HANDLER = fileURLToPath(new URL("fixtures/refund.handler.mjs", import.meta.url));

describe.skipIf(!hasChromium)("the console in Chromium", () => {
  let workDir: string;
  let browser: Browser;
  let runtime: ServeProcess;
  const args = (port: string, db: string) => [
    "--port",
    port,
    "--db",
    db,
    "--function",
    `refund=${HANDLER}`,
  ];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), "console-e2e-"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await runtime?.kill();
    await browser?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it("starts, finds, opens, answers, survives a restart, fires a wait and shows the end", async () => {
    const db = join(workDir, "runtime.sqlite");
    runtime = await serve(args("0", db));
    const port = new URL(runtime.url).port;
    const page = await newPage(browser);
    await page.goto(runtime.consoleUrl);

    // Start it from the form.
    await page.getByLabel("Function", { exact: true }).selectOption("refund");
    await page.getByLabel("Name", { exact: true }).fill("refund-42");
    await page
      .getByLabel("Payload", { exact: true })
      .fill(JSON.stringify({ customer: "Ada", amount: 12.5 }));
    await page.getByRole("button", { name: "Start" }).click();

    // Find it in the list and open it.
    const row = page.getByRole("row").filter({ hasText: "refund-42" });
    await expect.poll(() => row.getAttribute("data-status")).toBe("RUNNING");
    await row.getByRole("link", { name: "refund-42" }).click();

    // Its callback waits for a person. Pause and resume it first.
    const callback = operationRow(page, "callback of manager-approval");
    await callback.getByRole("button", { name: "Succeed" }).waitFor();
    const status = () => page.getByTestId("execution-status").textContent();
    await page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(status).toBe("PAUSED");
    await page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(status).toBe("RUNNING");

    // Answer the callback from its row.
    await callback.getByLabel("Result", { exact: true }).fill(JSON.stringify({ by: "Grace" }));
    await screenshot(page, "console-callback");
    await callback.getByRole("button", { name: "Succeed" }).click();

    // The handler moves on to the one-hour wait.
    const wait = operationRow(page, "cooling-off");
    await wait.getByRole("button", { name: "Fire now" }).waitFor();
    expect(await wait.getAttribute("data-status")).toBe("STARTED");

    // A crash and a restart on the same store and port; the open page carries on.
    await runtime.kill();
    runtime = await serve(args(port, db));
    await wait.getByRole("button", { name: "Fire now" }).click();

    // Live: the page shows the end without a reload.
    await expect.poll(status).toBe("SUCCEEDED");
    const pay = operationRow(page, "pay-refund");
    await expect.poll(() => pay.getAttribute("data-status")).toBe("SUCCEEDED");
    expect(await pay.textContent()).toContain('"approvedBy": "Grace"');
    await screenshot(page, "console-execution");

    // The history says what the Lambda API would have recorded.
    const arn = decodeURIComponent(new URL(page.url()).pathname.split("/executions/")[1] ?? "");
    const history = await fetch(
      `${runtime.url}/2025-12-01/durable-executions/${encodeURIComponent(arn)}/history?IncludeExecutionData=true`,
    ).then((r) => r.json() as Promise<{ Events: { EventType: string }[] }>);
    const types = history.Events.map((e) => e.EventType).filter((t) => t !== "InvocationCompleted");
    expect(types).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "ContextStarted",
      "CallbackStarted",
      "StepStarted",
      "StepSucceeded",
      "ExecutionPaused",
      "ExecutionResumed",
      "CallbackSucceeded",
      "ContextSucceeded",
      "WaitStarted",
      "WaitSucceeded",
      "StepStarted",
      "StepSucceeded",
      "ExecutionSucceeded",
    ]);

    // The history exports as a replay fixture.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export history" }).click(),
    ]);
    const fixture = JSON.parse(await readFile((await download.path()) as string, "utf8"));
    expect(fixture.execution.DurableExecutionName).toBe("refund-42");

    // Back in the list, the same row has finished. A second one is stopped from its page.
    await page.getByRole("link", { name: "← Executions" }).click();
    await expect.poll(() => row.getAttribute("data-status")).toBe("SUCCEEDED");
    await page.getByLabel("Name", { exact: true }).fill("refund-43");
    await page.getByRole("button", { name: "Start" }).click();
    const second = page.getByRole("row").filter({ hasText: "refund-43" });
    await second.getByRole("link", { name: "refund-43" }).click();
    await page.getByRole("button", { name: "Stop" }).click();
    await expect.poll(status).toBe("STOPPED");
    await page.getByRole("link", { name: "← Executions" }).click();
    await expect.poll(() => second.getAttribute("data-status")).toBe("STOPPED");
    await page.getByLabel("Filter by status").selectOption("SUCCEEDED");
    await expect.poll(() => second.count()).toBe(0);
    await page.getByLabel("Filter by status").selectOption("");
    await expect.poll(() => second.count()).toBe(1);
    await screenshot(page, "console-executions");
  });
});

const operationRow = (page: Page, name: string) =>
  page.getByTestId("operation").filter({
    has: page.getByRole("rowheader", { name, exact: true }),
  });
