/** Builds the app on in-memory stores with a controllable clock, for route tests. */
import { randomBytes } from "node:crypto";
import { createApp } from "../app.js";
import type { AppDeps } from "../app-deps.js";
import { hashPassword } from "../auth/password-hash.js";
import { SessionTokens } from "../auth/session-tokens.js";
import { EventHub } from "../events/event-hub.js";
import { RateLimiter } from "../rate-limiter.js";
import {
  MemoryAdmission,
  MemoryOrders,
  MemoryQrTokens,
  MemoryShop,
  MemoryStaffAccounts,
  RecordingShopEvents,
  RecordingWorkflow,
} from "./memory-stores.js";

export async function createTestApp(overrides: Partial<AppDeps> = {}) {
  const clock = { now: Date.parse("2026-01-01T08:00:00Z") };
  const orders = new MemoryOrders();
  const shop = new MemoryShop();
  const qrTokens = new MemoryQrTokens();
  const staffAccounts = new MemoryStaffAccounts();
  const shopEvents = new RecordingShopEvents();
  const workflow = new RecordingWorkflow();
  const hub = new EventHub({ capacity: 50, boot: "test" });
  for (const role of ["admin", "barista"] as const) {
    staffAccounts.accounts.set(role, {
      username: role,
      role,
      passwordHash: await hashPassword(`${role}-pw`),
      credentialVersion: 1,
      createdAt: new Date(clock.now).toISOString(),
    });
  }
  const admission = new MemoryAdmission(orders, shop, qrTokens);
  const deps: AppDeps = {
    orders,
    admission,
    shop,
    qrTokens,
    staffAccounts,
    shopEvents,
    workflow,
    sessions: new SessionTokens({
      secret: randomBytes(32),
      staff: staffAccounts,
      now: () => Math.floor(clock.now / 1000),
    }),
    hub,
    limits: {
      redeem: new RateLimiter({ capacity: 100, refillPerSecond: 10, now: () => clock.now }),
      startOrder: new RateLimiter({ capacity: 100, refillPerSecond: 10, now: () => clock.now }),
    },
    webOrigin: "http://localhost:5173",
    clientIp: (request) => request.headers.get("x-test-ip") ?? "127.0.0.1",
    now: () => clock.now,
    shopCacheMs: 0,
    ...overrides,
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    clock,
    orders,
    shop,
    qrTokens,
    staffAccounts,
    shopEvents,
    workflow,
    hub,
  };
}
