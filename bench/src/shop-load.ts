/**
 * The shop under load: orders per second through the HTTP API of the stack exactly as
 * `pnpm start` runs it (node apps/local-stack/dist/main.js in a child process, temp DATA_DIR),
 * with each order played by a customer (scan, choose) and a barista (accept, complete) on
 * loopback, and the latency of every route. Bounded by an order count and a deadline.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startStackProcess } from "@coffee/local-stack/testing";
import { call, type OrderRun, OrderWatch, orderIdFrom, pool, runOrder } from "@coffee/shop-driver";
import { latencyRows, type Row, type Section } from "./report.js";
import { customerAddress, retryTally } from "./shop-setup.js";
import { round } from "./stats.js";

export async function benchShopLoad(options: {
  orders: number;
  concurrency: number;
  deadlineSeconds: number;
  /** "sse": wake on the staff event stream (as the web app does); "poll": read every 500 ms. */
  clients: "sse" | "poll";
}): Promise<Section[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "coffee-bench-shop-"));
  const bootStarted = performance.now();
  const stack = await startStackProcess({ dataDir });
  const { base } = stack;
  const bootMs = performance.now() - bootStarted;
  try {
    const login = async (username: string) =>
      (await call(base, "POST", "/auth/login", { body: { username, password: `${username}-pw` } }))
        .body.token as string;
    const admin = await login("admin");
    const barista = await login("barista");
    await call(base, "PUT", "/admin/config", {
      token: admin,
      body: {
        limits: { drinksPerToken: 1000, maxOrdersInQueue: 10_000, tokenRotationSeconds: 10 },
        timeouts: { pickupSeconds: 1 },
      },
    });
    await call(base, "PUT", "/admin/menu", {
      token: admin,
      body: { stock: { beans: 100_000, milk: 100_000, cocoa: 100_000 } },
    });
    // The display shows a fresh QR token every 10 s (each carries up to 1,000 drinks); the
    // customers scan whatever it shows now.
    let qr = { token: "", at: 0 };
    const qrToken = async () => {
      if (Date.now() - qr.at > 5_000) {
        const shown = await call(base, "GET", "/qr-code", { token: barista });
        qr = { token: shown.body.token, at: Date.now() };
      }
      return qr.token;
    };
    let seed = 8;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const latencies = new Map<string, number[]>();
    const record = (route: string, ms: number) => {
      const list = latencies.get(route) ?? [];
      list.push(ms);
      latencies.set(route, list);
    };
    const retries = retryTally();
    const watch = options.clients === "sse" ? await OrderWatch.open(base, barista) : undefined;
    const shop = (deadline: number, onLatency?: typeof record) => ({
      base: () => base,
      barista,
      qr: qrToken,
      deadline,
      // With the event stream, a read every 2 s only covers a missed event.
      pollMs: watch ? 2_000 : 500,
      watch,
      startTimeoutMs: 30_000,
      reactAfterMs: 15_000,
      onLatency,
      // Retries count in the measured runs only, as latencies do.
      onRetry: onLatency ? retries.onRetry : undefined,
    });

    // Warm-up: JIT, SQLite and dynalite caches; not measured.
    await pool(20, 20, (i) =>
      runOrder(shop(Date.now() + 60_000), orderIdFrom(random), "complete", customerAddress(i)),
    );

    const began = performance.now();
    const deadline = Date.now() + options.deadlineSeconds * 1000;
    const runs: (OrderRun | Error)[] = await pool(options.orders, options.concurrency, (i) =>
      runOrder(
        shop(deadline, record),
        orderIdFrom(random),
        "complete",
        customerAddress(20 + i),
      ).catch((error: Error) => error),
    );
    const seconds = (performance.now() - began) / 1000;
    watch?.close();
    const completed = runs.filter((r) => !(r instanceof Error) && r.final === "COMPLETED").length;

    const summary: Row = {
      clients: options.clients,
      orders: options.orders,
      completed,
      "concurrent customers": options.concurrency,
      "wall s": round(seconds, 1),
      "orders/s": round(completed / seconds, 1),
      "HTTP requests": [...latencies.values()].reduce((n, l) => n + l.length, 0),
      retries: retries.text(),
      "stack boot ms": Math.round(bootMs),
    };
    const routes = latencyRows(latencies, [50, 95, 99]);
    return [
      {
        title: `Shop: orders through the HTTP API (pnpm start stack, child process; ${options.clients} clients)`,
        note: "Each order: POST /orders (scan), PUT choice, barista accept and complete, 1 s pickup wait; sse clients wake on the staff event stream and read their order then (or every 2 s), poll clients read it every 500 ms; latencies include retries of 429/5xx. Orders/s counts orders that reached COMPLETED.",
        rows: [summary],
      },
      {
        title: `Shop: latency per route (client side, loopback; ${options.clients} clients)`,
        note: "GET /orders/:id is the polling read (customer and barista views).",
        rows: routes,
      },
    ];
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
