/**
 * The same workflow on the official SDK's LocalDurableTestRunner (its in-memory emulator of the
 * service), for paths that only need the data layer (here on dynalite, in this process).
 *
 * Time skipping is off on purpose: it installs fake timers for the whole process, which would
 * also drive dynalite and the AWS SDK clients. The pickup window is shortened to one second
 * instead, through the shop config the workflow reads.
 */
import {
  LocalDurableTestRunner,
  WaitingOperationStatus,
} from "@aws/durable-execution-sdk-js-testing";
import type { DataLayer } from "@coffee/data";
import { newOrderId, type OrderOutcome, SEED_CONFIG } from "@coffee/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOrdersWorkflow } from "./orders-workflow.js";
import { type LocalData, startLocalData } from "./testing/local-data.js";

describe("orders workflow on LocalDurableTestRunner", () => {
  let local: LocalData;
  let data: DataLayer;
  let runner: LocalDurableTestRunner<OrderOutcome>;

  beforeAll(async () => {
    local = await startLocalData();
    ({ data } = local);
    await data.shop.putConfig({
      ...SEED_CONFIG,
      limits: { ...SEED_CONFIG.limits, maxOrdersPerCustomer: 10 },
      timeouts: { ...SEED_CONFIG.timeouts, pickupSeconds: 1 },
    });
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: false });
  });
  afterAll(async () => {
    await LocalDurableTestRunner.teardownTestEnvironment();
    await local.close();
  });
  beforeEach(async () => {
    await data.shop.setStoreOpen(true);
    runner = new LocalDurableTestRunner<OrderOutcome>({
      handlerFunction: createOrdersWorkflow(data),
    });
  });

  const input = (customerId: string) => ({ orderId: newOrderId(), customerId });

  /** Completes the callback `name` once its submitter has stored it, as the API would. */
  async function answer(name: string, payload: unknown) {
    const op = await runner.getOperation(name).waitForData(WaitingOperationStatus.SUBMITTED);
    await op.sendCallbackSuccess(JSON.stringify(payload));
  }

  it("runs the happy path", async () => {
    const payload = input("runner-1");
    const execution = runner.run({ payload });
    await answer("customer-order", { action: "submit", drink: "espresso", modifiers: {} });
    await answer("barista-accept", { action: "accept", baristaId: "barista" });
    await answer("barista-complete", { action: "complete" });
    const result = await execution;

    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toMatchObject({ orderId: payload.orderId, status: "COMPLETED" });
    expect(await data.orders.get(payload.orderId)).toMatchObject({
      status: "COMPLETED",
      drink: "espresso",
    });
    expect(runner.getOperation("pickup-window").getWaitDetails()?.waitSeconds).toBe(1);
    const names = result
      .getOperations()
      .filter((op) => op.getParentId() === undefined)
      .map((op) => op.getName());
    expect(names).toEqual([
      "create-order",
      "load-config",
      "check-shop",
      "customer-order",
      "check-choice",
      "reserve-stock",
      "assign-order-number",
      "barista-accept",
      "barista-complete",
      "mark-ready",
      "pickup-window",
      "complete-order",
    ]);
  });

  it("rejects when the shop is closed, with the parallel checks kept by index", async () => {
    await data.shop.setStoreOpen(false);
    const payload = input("runner-2");
    const result = await runner.run({ payload });
    expect(result.getStatus()).toBe("SUCCEEDED");
    expect(result.getResult()).toEqual({
      orderId: payload.orderId,
      status: "REJECTED",
      reason: "STORE_CLOSED",
    });
    expect(await data.orders.get(payload.orderId)).toMatchObject({ status: "REJECTED" });
  });

  it("cancels when the customer cancels before choosing", async () => {
    const payload = input("runner-3");
    const execution = runner.run({ payload });
    await answer("customer-order", { action: "cancel" });
    const result = await execution;
    expect(result.getResult()).toEqual({
      orderId: payload.orderId,
      status: "CANCELLED",
      reason: "CUSTOMER_CANCELLED",
    });
  });

  it("releases the stock when the barista cancels", async () => {
    const before = await data.shop.getStock();
    const payload = input("runner-4");
    const execution = runner.run({ payload });
    await answer("customer-order", { action: "submit", drink: "latte", modifiers: {} });
    await answer("barista-accept", { action: "cancel", by: "barista" });
    const result = await execution;
    expect(result.getResult()).toMatchObject({ status: "CANCELLED", reason: "BARISTA_CANCELLED" });
    expect(await data.shop.getStock()).toEqual(before);
  });
});
