import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call } from "@coffee/shop-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STACK_PASSWORDS, type StackProcess, startStackProcess } from "./testing/stack-process.js";

// `pnpm start` runs the bundle (scripts/bundle.mjs), in which every module but this package's
// own sits elsewhere than where it was built: each must still find the files it serves or
// starts. A path that broke in bundling shows here as a 404 or a start that fails.

let dataDir: string;
let stack: StackProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-bundle-"));
  stack = await startStackProcess({ dataDir, startTimeoutMs: 120_000 });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const page = async (url: string) => {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
};

describe("the bundled stack", () => {
  it("runs the bundle, not the modules in dist/", () => {
    expect(stack.child.spawnargs.at(-1)).toMatch(/[/\\]bundle[/\\]main\.js$/);
  });

  it("serves the web app from apps/barista-web/dist", async () => {
    const index = await page(stack.base.replace(/\/api$/, "/"));
    expect(index.status).toBe(200);
    expect(index.type).toContain("text/html");
    expect(index.text).toContain('<div id="root">');
  });

  it("serves the runtime console's assets from packages/console", async () => {
    const index = await page(`${stack.lambdaUrl}/console/`);
    expect(index.status).toBe(200);
    expect(index.type).toContain("text/html");
    const script = index.text.match(/src="([^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await page(new URL(script!, `${stack.lambdaUrl}/console/`).href);
    expect(asset.status).toBe(200);
  });

  it("starts dynalite's process from local-aws, and runs an order's workflow", async () => {
    const config = await page(`${stack.base}/config`);
    expect(config.status).toBe(200);
    expect(JSON.parse(config.text).storeOpen).toBe(true);

    // The runtime thread's bundle holds the official SDK beside the runtime, each with a class
    // of the same name: the workflow must still take the runtime's event as its own.
    const barista = (
      await call(stack.base, "POST", "/auth/login", {
        body: { username: "barista", password: STACK_PASSWORDS.barista },
      })
    ).body.token as string;
    const qr = (await call(stack.base, "GET", "/qr-code", { token: barista })).body.token as string;
    const started = await call(stack.base, "POST", "/orders", { body: { token: qr } });
    expect(started.status).toBe(202);
    const { orderId, customerToken } = started.body as { orderId: string; customerToken: string };
    let status: string | undefined;
    while (status !== "AWAITING_ORDER") {
      const order = await call(stack.base, "GET", `/orders/${orderId}`, { token: customerToken });
      status = order.body.status as string;
      expect(["PENDING", "AWAITING_ORDER"]).toContain(status);
      if (status !== "AWAITING_ORDER") await new Promise((r) => setTimeout(r, 50));
    }
  });
});
