import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pool } from "@coffee/api";
import {
  type CallOptions,
  call,
  type OrderRun,
  OrderWatch,
  orderIdFrom,
  runOrder,
} from "@coffee/shop-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StackProcess, startStackProcess } from "../testing/stack-process.js";

// Many customers at once through the HTTP API of the whole shop as `pnpm start` runs it
// (apps/local-stack/bundle/main.js in a child process on a temp DATA_DIR: dynalite, the durable
// runtime on SQLite, the real workflow), with less milk than orders: every order ends, the ones
// past the last drop of milk are cancelled out of stock, stock never goes below zero, and order
// numbers are unique and gap-free. Correctness only: how fast the shop does it is the shop
// benchmark's business (`pnpm bench:shop`, bench/README.md), so nothing here depends on the
// machine being quick. The shop runs in its own process so that the customers and baristas
// played here do not take CPU from it.

const ORDERS = 150;
const SHORT_BY = 8; // this many orders find no milk
/** Vitest's limit for the whole test: room for a machine many times slower than a quiet one. */
const TEST_TIMEOUT_MS = 600_000;

let dataDir: string;
let stack: StackProcess | undefined;
let base: string;
let watch: OrderWatch | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-concurrent-"));
  stack = await startStackProcess({ dataDir, startTimeoutMs: 120_000 });
  base = stack.base;
}, 180_000);

afterAll(async () => {
  watch?.close();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Each customer on its own loopback address (the API limits QR redemptions per address). */
const customerAddress = (i: number) => `127.${1 + Math.floor(i / 250)}.0.${1 + (i % 250)}`;

describe("concurrent orders", () => {
  it(
    `${ORDERS} customers ordering at once: every order ends, stock and numbers exact`,
    async () => {
      // The test's own requests wait for their answer as long as the test may: on a busy
      // machine one can take longer than the driver's 10 s default, which is not a failure.
      const ask = (method: string, path: string, options: CallOptions = {}) =>
        call(base, method, path, { timeoutMs: TEST_TIMEOUT_MS, ...options });
      const login = async (username: string) =>
        (await ask("POST", "/auth/login", { body: { username, password: `${username}-pw` } })).body
          .token as string;
      const admin = await login("admin");
      const barista = await login("barista");
      const configured = await ask("PUT", "/admin/config", {
        token: admin,
        body: {
          limits: { drinksPerToken: ORDERS, maxOrdersInQueue: 10_000, tokenRotationSeconds: 3600 },
          timeouts: { pickupSeconds: 1 },
        },
      });
      expect(configured.status).toBe(200);
      const milk = ORDERS - SHORT_BY;
      const beans = ORDERS * 2;
      const stocked = await ask("PUT", "/admin/menu", {
        token: admin,
        body: { stock: { beans, milk, cocoa: 10 } },
      });
      expect(stocked.status).toBe(200);
      const qrToken = (await ask("GET", "/qr-code", { token: barista })).body.token as string;
      // Every order loop wakes on its order's events (the staff SSE stream), as the web app
      // does; a status read every 2 s covers a missed event.
      watch = await OrderWatch.open(base, barista);
      let random = 8;
      const next = () => {
        random = (random * 1103515245 + 12345) % 2 ** 31;
        return random / 2 ** 31;
      };
      const runs: OrderRun[] = await pool(ORDERS, ORDERS, (i) =>
        runOrder(
          {
            base: () => base,
            barista,
            qr: async () => qrToken,
            // Not a time limit of its own: just inside vitest's, so that an order that never
            // ends is named (with the statuses it went through) instead of a bare timeout.
            deadline: Date.now() + TEST_TIMEOUT_MS - 60_000,
            watch,
            // A start sent again after its first try went through loses the customer's session
            // (ORDER_EXISTS), so a slow start is waited for rather than retried.
            startTimeoutMs: 300_000,
          },
          orderIdFrom(next),
          "complete",
          customerAddress(i),
        ),
      );
      // Every start was answered to its customer, so every order was steered to the end.
      expect(runs.filter((r) => !r.owned)).toEqual([]);

      const views = await pool(runs.length, 50, async (i) => {
        const reply = await ask("GET", `/orders/${runs[i]!.orderId}`, { token: barista });
        return reply.body as { status: string; orderNumber?: number; reason?: string };
      });
      const completed = views.filter((v) => v.status === "COMPLETED");
      const cancelled = views.filter((v) => v.status === "CANCELLED");
      // Exactly the milk there was: never more drinks than stock, never fewer (a lost update
      // on the stock item would let two orders take the same unit, or strand one).
      expect(completed).toHaveLength(milk);
      expect(cancelled).toHaveLength(SHORT_BY);
      expect(new Set(cancelled.map((v) => v.reason))).toEqual(new Set(["OUT_OF_STOCK"]));
      const stock = (await ask("GET", "/admin/stock", { token: admin })).body.stock;
      expect(stock).toEqual({ beans: beans - milk, milk: 0, cocoa: 10 });
      // Numbers only for the orders that got their drink reserved: unique, 1..n with no gap.
      const numbers = views.flatMap((v) => (v.orderNumber === undefined ? [] : [v.orderNumber]));
      expect(numbers.sort((a, b) => a - b)).toEqual(completed.map((_, i) => i + 1));
    },
    TEST_TIMEOUT_MS,
  );
});
