import { describe, expect, it } from "vitest";
import { shopConfigSchema } from "./config.js";
import {
  baristaAcceptResultSchema,
  baristaCompleteResultSchema,
  customerOrderResultSchema,
  orderSchema,
  publicOrder,
  publicOrderSchema,
} from "./order.js";
import { isTerminalStatus } from "./order-lifecycle.js";
import { SEED_CONFIG } from "./seed.js";

describe("callback results", () => {
  it("parse each action and reject unknown ones", () => {
    expect(customerOrderResultSchema.parse({ action: "cancel" })).toEqual({ action: "cancel" });
    expect(customerOrderResultSchema.safeParse({ action: "submit", drink: "latte" }).success).toBe(
      false,
    );
    expect(baristaAcceptResultSchema.parse({ action: "accept", baristaId: "barista" })).toEqual({
      action: "accept",
      baristaId: "barista",
    });
    expect(baristaCompleteResultSchema.safeParse({ action: "explode" }).success).toBe(false);
  });
});

describe("orderSchema", () => {
  it("requires a known status", () => {
    const order = {
      orderId: "ord_01HZZZZZZZZZZZZZZZZZZZZZZZ",
      customerId: "c-1",
      status: "QUEUED",
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    };
    expect(orderSchema.parse(order).status).toBe("QUEUED");
    expect(orderSchema.safeParse({ ...order, status: "BREWING" }).success).toBe(false);
  });
});

describe("shop config", () => {
  it("accepts the seed and rejects a zero queue", () => {
    expect(shopConfigSchema.parse(SEED_CONFIG)).toEqual(SEED_CONFIG);
    const bad = { ...SEED_CONFIG, limits: { ...SEED_CONFIG.limits, maxOrdersInQueue: 0 } };
    expect(shopConfigSchema.safeParse(bad).success).toBe(false);
  });

  it("knows which statuses are final", () => {
    expect(isTerminalStatus("COMPLETED")).toBe(true);
    expect(isTerminalStatus("QUEUED")).toBe(false);
  });
});

describe("the public order", () => {
  const stored = {
    orderId: "ord_01KZZZZZZZZZZZZZZZZZZZZZZZ",
    customerId: "cus_1",
    status: "QUEUED" as const,
    orderNumber: 3,
    createdAt: "2026-01-01T08:00:00.000Z",
    updatedAt: "2026-01-01T08:00:00.000Z",
  };

  it("carries the record's public fields only, and `pending` only when asked", () => {
    const record = { ...stored, pendingCallback: { callbackId: "secret" }, pending: true };
    expect(publicOrder(record)).toEqual(stored);
    expect(publicOrder(stored, true)).toEqual({ ...stored, pending: true });
    expect(publicOrderSchema.parse(publicOrder(stored, true))).toEqual({
      ...stored,
      pending: true,
    });
  });
});
