import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pool } from "@coffee/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, type OrderRun, OrderWatch, orderIdFrom, runOrder } from "../testing/shop-driver.js";
import { type StackProcess, startStackProcess } from "../testing/stack-process.js";

// Many concurrent orders through the HTTP API of the whole shop as `pnpm start` runs it (node
// apps/local-stack/dist/main.js in a child process on a temp DATA_DIR: dynalite, the durable runtime on
// SQLite, the real workflow), with less milk than orders: every order ends, the ones past the
// last drop of milk are cancelled out of stock, stock never goes below zero, and order numbers
// are unique and gap-free. The shop runs in its own process so that the customers and baristas
// played here do not take CPU from it. LOAD_ORDERS overrides the count (default 1,000).

const ORDERS = Number(process.env.LOAD_ORDERS ?? 1000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 250);
const SHORT_BY = Math.max(1, Math.floor(ORDERS / 20)); // this many orders find no milk

let dataDir: string;
let stack: StackProcess | undefined;
let base: string;
let watch: OrderWatch | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-load-"));
  stack = await startStackProcess({ dataDir, startTimeoutMs: 20_000 });
  base = stack.base;
});

afterAll(async () => {
  watch?.close();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Each customer on its own loopback address (the API limits QR redemptions per address). */
const customerAddress = (i: number) => `127.${1 + Math.floor(i / 250)}.0.${1 + (i % 250)}`;

describe("load", () => {
  it(`${ORDERS} concurrent orders complete with no lost update`, async () => {
    const login = async (username: string) =>
      (await call(base, "POST", "/auth/login", { body: { username, password: `${username}-pw` } }))
        .body.token as string;
    const admin = await login("admin");
    const barista = await login("barista");
    const configured = await call(base, "PUT", "/admin/config", {
      token: admin,
      body: {
        // One QR token carries up to 1,000 drinks (drinksPerToken's maximum).
        limits: { drinksPerToken: 1000, maxOrdersInQueue: 10_000, tokenRotationSeconds: 3600 },
        timeouts: { pickupSeconds: 1 },
      },
    });
    expect(configured.status).toBe(200);
    const milk = ORDERS - SHORT_BY;
    const beans = ORDERS * 2;
    const stocked = await call(base, "PUT", "/admin/menu", {
      token: admin,
      body: { stock: { beans, milk, cocoa: 10 } },
    });
    expect(stocked.status).toBe(200);
    const qrToken = (await call(base, "GET", "/qr-code", { token: barista })).body.token as string;
    // Every order loop wakes on its order's events (the staff SSE stream), as the web app
    // does, instead of polling; a status read every 2 s covers a missed event.
    watch = await OrderWatch.open(base, barista);
    let random = 8;
    const next = () => {
      random = (random * 1103515245 + 12345) % 2 ** 31;
      return random / 2 ** 31;
    };
    const began = Date.now();
    const runs: OrderRun[] = await pool(ORDERS, CONCURRENCY, (i) =>
      runOrder(
        {
          base: () => base,
          barista,
          qr: async () => qrToken,
          deadline: began + 150_000, // 63-67 s alone on 2 shared cores; room for a busy machine
          pollMs: Number(process.env.LOAD_POLL_MS ?? 2_000),
          watch,
          // All starts redeem the one QR token (one item, its writes serialized): the last of a
          // burst of 250 waits several seconds.
          startTimeoutMs: 30_000,
        },
        orderIdFrom(next),
        "complete",
        customerAddress(i),
      ),
    );
    const seconds = (Date.now() - began) / 1000;
    console.log(
      `load: ${ORDERS} orders in ${seconds.toFixed(1)} s (${(ORDERS / seconds).toFixed(0)}/s)`,
    );

    const views = await pool(runs.length, 50, async (i) => {
      const reply = await call(base, "GET", `/orders/${runs[i]!.orderId}`, { token: barista });
      return reply.body as { status: string; orderNumber?: number; reason?: string };
    });
    const completed = views.filter((v) => v.status === "COMPLETED");
    const cancelled = views.filter((v) => v.status === "CANCELLED");
    // Exactly the milk there was: never more drinks than stock, never fewer (a lost update
    // on the stock item would let two orders take the same unit, or strand one).
    expect(completed).toHaveLength(milk);
    expect(cancelled).toHaveLength(SHORT_BY);
    expect(new Set(cancelled.map((v) => v.reason))).toEqual(new Set(["OUT_OF_STOCK"]));
    const stock = (await call(base, "GET", "/admin/stock", { token: admin })).body.stock;
    expect(stock).toEqual({ beans: beans - milk, milk: 0, cocoa: 10 });
    // Numbers only for the orders that got their drink reserved: unique, 1..n with no gap.
    const numbers = views.flatMap((v) => (v.orderNumber === undefined ? [] : [v.orderNumber]));
    expect(numbers.sort((a, b) => a - b)).toEqual(completed.map((_, i) => i + 1));
  }, 180_000);
});
