/**
 * The same workflow on the official SDK's LocalDurableTestRunner (its in-memory emulator of the
 * service), for paths that only need the data layer (here on dynalite, in this process).
 *
 * Time skipping is off on purpose: it installs fake timers for the whole process, which would
 * also drive dynalite and the AWS SDK clients. The pickup window is shortened to one second
 * instead, through the shop config that admission turns into the order's terms.
 */
import {
  LocalDurableTestRunner,
  WaitingOperationStatus,
} from "@aws/durable-execution-sdk-js-testing";
import { type DataLayer, QrTokenRepository } from "@coffee/data";
import {
  newOrderId,
  type OrderOutcome,
  type OrderWorkflowInput,
  orderTerms,
  SEED_CONFIG,
} from "@coffee/shared";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createOrdersWorkflow } from "./orders-workflow.js";
import { type LocalData, startLocalData } from "./testing/local-data.js";
import { choose } from "./testing/workflow-harness.js";

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

  /** Admits an order as the API does, and answers the input the API would start it with. */
  async function admitted(customerId: string): Promise<Required<OrderWorkflowInput>> {
    const qr = new QrTokenRepository({ client: local.clients.dynamo, tableName: "shop" });
    const { token } = await qr.current(Date.now(), { rotationSeconds: 300, drinksPerToken: 100 });
    const config = await data.shop.getConfig();
    const terms = orderTerms(config);
    const admission = await data.admission.admit({
      orderId: newOrderId(),
      customerId,
      token,
      nowMs: Date.now(),
      maxOrdersPerCustomer: config.limits.maxOrdersPerCustomer,
      terms,
    });
    if (!admission.admitted) throw new Error(`refused: ${admission.reason}`);
    const { orderId, createdAt } = admission.order;
    return { orderId, customerId, createdAt, terms };
  }

  /** Completes the callback `name` once its submitter has stored it, as the API would. */
  async function answer(name: string, payload: unknown) {
    const op = await runner.getOperation(name).waitForData(WaitingOperationStatus.SUBMITTED);
    await op.sendCallbackSuccess(JSON.stringify(payload));
  }

  it("runs the happy path", async () => {
    const payload = await admitted("runner-1");
    const execution = runner.run({ payload });
    await answer("customer-order", choose("espresso", {}));
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
      "customer-order",
      "reserve-stock",
      "barista-accept",
      "barista-complete",
      "mark-ready",
      "pickup-window",
      "complete-order",
    ]);
  });

  it("reads the terms of an order admitted before they were passed (load-terms)", async () => {
    const { orderId, customerId } = await admitted("runner-2");
    const execution = runner.run({ payload: { orderId, customerId } });
    await answer("customer-order", { action: "cancel" });
    const result = await execution;
    expect(result.getResult()).toEqual({
      orderId,
      status: "CANCELLED",
      reason: "CUSTOMER_CANCELLED",
    });
    const names = result.getOperations().filter((op) => op.getParentId() === undefined);
    expect(names.map((op) => op.getName())).toEqual([
      "load-terms",
      "customer-order",
      "cancel-order",
    ]);
  });

  it("cancels when the customer cancels before choosing", async () => {
    const payload = await admitted("runner-3");
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
    const payload = await admitted("runner-4");
    const execution = runner.run({ payload });
    await answer("customer-order", choose("latte", {}));
    await answer("barista-accept", { action: "cancel", by: "barista" });
    const result = await execution;
    expect(result.getResult()).toMatchObject({ status: "CANCELLED", reason: "BARISTA_CANCELLED" });
    expect(await data.shop.getStock()).toEqual(before);
  });
});
