import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runToCompletion } from "@coffee/durable-runtime/testing";
import { DEFAULT_LIMITS, SEED_CONFIG, SEED_STOCK } from "@coffee/shared";
import { afterEach, describe, expect, it } from "vitest";
import { expectHistoryFixture } from "./testing/history-fixture.js";
import { startHarness, type WorkflowHarness } from "./testing/workflow-harness.js";

const latte = { action: "submit", drink: "latte", modifiers: { size: "large", milk: "oat" } };
const accept = (baristaId = "barista") => ({ action: "accept", baristaId });
/** Seed stock minus one latte. */
const ONE_LATTE_OUT = {
  ...SEED_STOCK,
  beans: (SEED_STOCK.beans ?? 0) - 1,
  milk: (SEED_STOCK.milk ?? 0) - 1,
};

describe("orders workflow on the durable runtime (ManualClock, dynalite)", () => {
  let h: WorkflowHarness;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await h.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function harness(options?: Parameters<typeof startHarness>[0]) {
    h = await startHarness(options);
    return h;
  }
  async function history(arn: string) {
    return (await h.runtime.getExecutionHistory(arn)).Events;
  }
  async function expectFinished(arn: string, outcome: object) {
    const execution = await h.execution(arn);
    expect(execution.Status).toBe("SUCCEEDED");
    expect(await h.outcome(arn)).toEqual(outcome);
  }
  /** Starts an order and brings it to QUEUED with a latte. */
  async function queuedOrder(customerId = "cust-1") {
    const started = await h.startOrder(customerId);
    await h.send(started.orderId, "customer-order", latte);
    expect(await h.order(started.orderId)).toMatchObject({ status: "QUEUED" });
    return started;
  }

  it("happy path: choose, queue, accept, complete, pick up", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    expect(await h.order(orderId)).toMatchObject({ status: "AWAITING_ORDER" });
    // Status and pending callback are written together: the API can tell "not ready" (409)
    // from "ready" by the record alone, and never completes the wrong callback.
    const pending = async () => (await h.data.orders.getRecord(orderId))?.pendingCallback?.name;
    expect(await pending()).toBe("customer-order");

    await h.send(orderId, "customer-order", latte);
    expect(await pending()).toBe("barista-accept");
    expect(await h.order(orderId)).toMatchObject({
      status: "QUEUED",
      orderNumber: 1,
      drink: "latte",
      drinkName: "Latte",
      modifiers: { size: "large", milk: "oat", shots: "no" },
    });
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);

    await h.send(orderId, "barista-accept", accept());
    expect(await h.order(orderId)).toMatchObject({ status: "ACCEPTED", baristaId: "barista" });
    expect(await pending()).toBe("barista-complete");

    await h.send(orderId, "barista-complete", { action: "complete" });
    expect(await h.order(orderId)).toMatchObject({ status: "READY" });
    // The pickup window is a durable wait: nothing happens until the clock gets there.
    await h.advance(10 * 60 - 1);
    expect((await h.execution(arn)).Status).toBe("RUNNING");

    await h.advance(1);
    await expectFinished(arn, { orderId, status: "COMPLETED", orderNumber: 1 });
    expect(await h.order(orderId)).toMatchObject({
      status: "COMPLETED",
      orderNumber: 1,
      baristaId: "barista",
    });
    expect((await h.data.orders.getRecord(orderId))?.pendingCallback).toBeUndefined();
    // The drink's ingredients stay used.
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    expect(h.events(orderId)).toEqual([
      "Order.Created",
      "Order.AwaitingOrder",
      "Order.Submitted",
      "Order.Queued",
      "Order.Accepted",
      "Order.Ready",
      "Order.Completed",
    ]);
    expectHistoryFixture("happy-path", await history(arn));
  });

  it("customer timeout: cancelled after 5 minutes, and no order number is used up", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    await h.advance(5 * 60 - 1);
    expect(await h.order(orderId)).toMatchObject({ status: "AWAITING_ORDER" });
    await h.advance(1);
    await expectFinished(arn, { orderId, status: "CANCELLED", reason: "CUSTOMER_TIMEOUT" });
    const order = await h.order(orderId);
    expect(order).toMatchObject({ status: "CANCELLED", reason: "CUSTOMER_TIMEOUT" });
    expect(order?.orderNumber).toBeUndefined();
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.AwaitingOrder", "Order.Cancelled"]);
    expectHistoryFixture("customer-timeout", await history(arn));

    // The next order that is submitted gets number 1.
    const next = await queuedOrder("cust-2");
    expect((await h.order(next.orderId))?.orderNumber).toBe(1);
  });

  it("barista accept timeout: cancelled after 15 minutes in the queue, stock released", async () => {
    await harness();
    const { orderId, arn } = await queuedOrder();
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    await h.advance(15 * 60);
    await expectFinished(arn, {
      orderId,
      status: "CANCELLED",
      orderNumber: 1,
      reason: "BARISTA_ACCEPT_TIMEOUT",
    });
    expect(await h.order(orderId)).toMatchObject({
      status: "CANCELLED",
      reason: "BARISTA_ACCEPT_TIMEOUT",
    });
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId)).toEqual([
      "Order.Created",
      "Order.AwaitingOrder",
      "Order.Submitted",
      "Order.Queued",
      "Order.Cancelled",
    ]);
    expectHistoryFixture("barista-accept-timeout", await history(arn));
  });

  it("barista complete timeout: cancelled 15 minutes after accepting, stock released", async () => {
    await harness();
    const { orderId, arn } = await queuedOrder();
    await h.advance(14 * 60);
    await h.send(orderId, "barista-accept", accept());
    // A fresh 15 minutes from the accept, not from the queueing.
    await h.advance(15 * 60 - 1);
    expect(await h.order(orderId)).toMatchObject({ status: "ACCEPTED" });
    await h.advance(1);
    await expectFinished(arn, {
      orderId,
      status: "CANCELLED",
      orderNumber: 1,
      reason: "BARISTA_TIMEOUT",
    });
    expect(await h.order(orderId)).toMatchObject({
      status: "CANCELLED",
      reason: "BARISTA_TIMEOUT",
    });
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId).slice(-2)).toEqual(["Order.Accepted", "Order.Cancelled"]);
    expectHistoryFixture("barista-complete-timeout", await history(arn));
  });

  it("customer cancels before submitting: cancelled, nothing reserved, no number", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    await h.send(orderId, "customer-order", { action: "cancel" });
    await expectFinished(arn, { orderId, status: "CANCELLED", reason: "CUSTOMER_CANCELLED" });
    const order = await h.order(orderId);
    expect(order).toMatchObject({ status: "CANCELLED", reason: "CUSTOMER_CANCELLED" });
    expect(order?.orderNumber).toBeUndefined();
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.AwaitingOrder", "Order.Cancelled"]);
    expectHistoryFixture("customer-cancel-before-submit", await history(arn));
  });

  it("customer cancels while queued: cancelled, stock released", async () => {
    await harness();
    const { orderId, arn } = await queuedOrder();
    await h.send(orderId, "barista-accept", { action: "cancel", by: "customer" });
    await expectFinished(arn, {
      orderId,
      status: "CANCELLED",
      orderNumber: 1,
      reason: "CUSTOMER_CANCELLED",
    });
    expect(await h.order(orderId)).toMatchObject({
      status: "CANCELLED",
      reason: "CUSTOMER_CANCELLED",
    });
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId).slice(-2)).toEqual(["Order.Queued", "Order.Cancelled"]);
    expectHistoryFixture("customer-cancel-queued", await history(arn));
  });

  it("barista cancels an accepted order: cancelled, stock released", async () => {
    await harness();
    const { orderId, arn } = await queuedOrder();
    await h.send(orderId, "barista-accept", accept());
    await h.send(orderId, "barista-complete", { action: "cancel", by: "barista" });
    await expectFinished(arn, {
      orderId,
      status: "CANCELLED",
      orderNumber: 1,
      reason: "BARISTA_CANCELLED",
    });
    expect(await h.order(orderId)).toMatchObject({
      status: "CANCELLED",
      reason: "BARISTA_CANCELLED",
    });
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId).slice(-2)).toEqual(["Order.Accepted", "Order.Cancelled"]);
    expectHistoryFixture("barista-cancel", await history(arn));
  });

  it("shop closed: rejected at once", async () => {
    await harness();
    await h.data.shop.setStoreOpen(false);
    const { orderId, arn } = await h.startOrder("cust-1");
    await expectFinished(arn, { orderId, status: "REJECTED", reason: "STORE_CLOSED" });
    expect(await h.order(orderId)).toMatchObject({ status: "REJECTED", reason: "STORE_CLOSED" });
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.Rejected"]);
    expectHistoryFixture("shop-closed", await history(arn));
  });

  it("queue full: rejected when the other open orders reach maxOrdersInQueue", async () => {
    await harness();
    await h.data.shop.putConfig({
      ...SEED_CONFIG,
      limits: { ...DEFAULT_LIMITS, maxOrdersInQueue: 2 },
    });
    await h.startOrder("cust-1");
    // At 1 of 2: this order is not counted against itself.
    const second = await h.startOrder("cust-2");
    expect(await h.order(second.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
    const { orderId, arn } = await h.startOrder("cust-3");
    await expectFinished(arn, { orderId, status: "REJECTED", reason: "QUEUE_FULL" });
    expect(await h.order(orderId)).toMatchObject({ status: "REJECTED", reason: "QUEUE_FULL" });
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.Rejected"]);
    expectHistoryFixture("queue-full", await history(arn));
  });

  it("customer limit: the order being checked does not count, a second open one is rejected", async () => {
    await harness();
    // maxOrdersPerCustomer is 1: the first order (already PENDING in the table) passes.
    const first = await h.startOrder("cust-1");
    expect(await h.order(first.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
    const { orderId, arn } = await h.startOrder("cust-1");
    await expectFinished(arn, { orderId, status: "REJECTED", reason: "CUSTOMER_LIMIT" });
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.Rejected"]);
    expectHistoryFixture("customer-limit", await history(arn));

    // Another customer is not affected.
    const other = await h.startOrder("cust-2");
    expect(await h.order(other.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
  });

  it("invalid drink: the choice is refused and the customer may choose again", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    const firstCallback = (await h.data.orders.getRecord(orderId))?.pendingCallback;
    await h.advance(60);
    await h.send(orderId, "customer-order", { action: "submit", drink: "unicorn", modifiers: {} });
    const record = await h.data.orders.getRecord(orderId);
    expect(record?.order.status).toBe("AWAITING_ORDER");
    expect(record?.pendingCallback?.callbackId).not.toBe(firstCallback?.callbackId);
    // A malformed message is refused the same way.
    await h.send(orderId, "customer-order", { action: "submit" });
    await h.send(orderId, "customer-order", latte);
    expect(await h.order(orderId)).toMatchObject({ status: "QUEUED", drink: "latte" });
    expect(h.events(orderId)).toEqual([
      "Order.Created",
      "Order.AwaitingOrder",
      "Order.AwaitingOrder",
      "Order.AwaitingOrder",
      "Order.Submitted",
      "Order.Queued",
    ]);
    expect((await h.execution(arn)).Status).toBe("RUNNING");
    expectHistoryFixture("invalid-drink", await history(arn));
  });

  it("invalid drink: the retry window is what is left of the 5 minutes", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    await h.advance(60);
    await h.send(orderId, "customer-order", { action: "submit", drink: "unicorn", modifiers: {} });
    await h.advance(4 * 60 - 1);
    expect(await h.order(orderId)).toMatchObject({ status: "AWAITING_ORDER" });
    await h.advance(1);
    await expectFinished(arn, { orderId, status: "CANCELLED", reason: "CUSTOMER_TIMEOUT" });
  });

  it("out of stock: cancelled, nothing taken, no number", async () => {
    await harness();
    await h.data.shop.putStock({ beans: 5, milk: 0, cocoa: 5 });
    const { orderId, arn } = await h.startOrder("cust-1");
    await h.send(orderId, "customer-order", latte);
    await expectFinished(arn, { orderId, status: "CANCELLED", reason: "OUT_OF_STOCK" });
    const order = await h.order(orderId);
    expect(order).toMatchObject({ status: "CANCELLED", reason: "OUT_OF_STOCK" });
    expect(order?.orderNumber).toBeUndefined();
    expect(await h.data.shop.getStock()).toEqual({ beans: 5, milk: 0, cocoa: 5 });
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.AwaitingOrder", "Order.Cancelled"]);
    expectHistoryFixture("out-of-stock", await history(arn));
  });

  it("unaccept puts the order back in the queue, and another barista can take it", async () => {
    await harness();
    const { orderId, arn } = await queuedOrder();
    await h.send(orderId, "barista-accept", accept("barista-1"));
    await h.send(orderId, "barista-complete", { action: "unaccept" });
    const back = await h.order(orderId);
    expect(back).toMatchObject({ status: "QUEUED", orderNumber: 1 });
    expect(back?.baristaId).toBeUndefined();
    await h.send(orderId, "barista-accept", accept("barista-2"));
    expect(await h.order(orderId)).toMatchObject({ status: "ACCEPTED", baristaId: "barista-2" });
    await h.send(orderId, "barista-complete", { action: "complete" });
    await h.advance(10 * 60);
    await expectFinished(arn, { orderId, status: "COMPLETED", orderNumber: 1 });
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    expect(h.events(orderId)).toEqual([
      "Order.Created",
      "Order.AwaitingOrder",
      "Order.Submitted",
      "Order.Queued",
      "Order.Accepted",
      "Order.Unaccepted",
      "Order.Accepted",
      "Order.Ready",
      "Order.Completed",
    ]);
    expectHistoryFixture("unaccept-reaccept", await history(arn));
  });

  it("a duplicate start with the same name is the same execution; other input is refused", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    const again = await h.runtime.startExecution({
      functionName: "orders-workflow",
      executionName: orderId,
      input: { orderId, customerId: "cust-1" },
    });
    expect(again).toEqual({ executionArn: arn, alreadyStarted: true });
    await expect(
      h.runtime.startExecution({
        functionName: "orders-workflow",
        executionName: orderId,
        input: { orderId, customerId: "cust-2" },
      }),
    ).rejects.toMatchObject({ errorType: "DurableExecutionAlreadyStartedException" });
    await h.runtime.settle();
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.AwaitingOrder"]);
    expectHistoryFixture("duplicate-start", await history(arn));
  });

  it("resumes after a crash in the middle of a step: the step runs again, idempotently", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orders-workflow-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await harness({ dbPath: join(dir, "runtime.db") });
    const { orderId, arn } = await queuedOrder();

    // The accept step has written ACCEPTED but not yet published: the runtime goes down here.
    const held = h.holdPublish("Order.Accepted");
    await h.send(orderId, "barista-accept", accept(), { settle: false });
    await held.reached;
    await h.restart();
    held.release();
    await h.runtime.settle();

    // The new runtime re-ran the step (at least once): same status, same callback, published.
    const record = await h.data.orders.getRecord(orderId);
    expect(record?.order).toMatchObject({ status: "ACCEPTED", baristaId: "barista" });
    expect(record?.pendingCallback?.name).toBe("barista-complete");
    // Steps are at-least-once: the held attempt and the re-run both published. Consumers can
    // tell the copies apart from nothing but order id, status and updatedAt, which are equal.
    const accepted = h.bus
      .received()
      .filter((e) => e.detailType === "Order.Accepted")
      .map((e) => e.detail);
    expect(accepted).toHaveLength(2);
    expect(accepted[0]).toEqual(accepted[1]);

    await h.send(orderId, "barista-complete", { action: "complete" });
    await h.advance(10 * 60);
    await expectFinished(arn, { orderId, status: "COMPLETED", orderNumber: 1 });
    // Steps before the crash did not run again.
    expect(await h.data.shop.nextOrderNumber()).toBe(2);
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    expect(h.events(orderId).filter((e) => e === "Order.Submitted")).toHaveLength(1);
  });

  it("keeps the order number when the numbering step runs again after a crash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orders-workflow-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await harness({ dbPath: join(dir, "runtime.db") });
    const { orderId } = await h.startOrder("cust-1");
    const held = h.holdPublish("Order.Submitted");
    await h.send(orderId, "customer-order", latte, { settle: false });
    await held.reached;
    await h.restart();
    held.release();
    await h.runtime.settle();

    expect(await h.order(orderId)).toMatchObject({ status: "QUEUED", orderNumber: 1 });
    // One number used, one reservation held.
    expect(await h.data.shop.nextOrderNumber()).toBe(2);
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
  });

  it("fails the execution on invalid input, before touching any table", async () => {
    await harness();
    const { executionArn } = await h.runtime.startExecution({
      functionName: "orders-workflow",
      executionName: "bad-input",
      input: { orderId: "not-an-order-id", customerId: "cust-1" },
    });
    await h.runtime.settle();
    const execution = await h.execution(executionArn);
    expect(execution.Status).toBe("FAILED");
    expect(execution.Error?.ErrorMessage).toContain("invalid order input");
    expect(await h.data.orders.countByStatus(["PENDING"])).toBe(0);
    expect(h.bus.received()).toEqual([]);
  });

  it("replays after a runtime restart mid-order without repeating any step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "orders-workflow-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await harness({ dbPath: join(dir, "runtime.db") });
    const { orderId, arn } = await queuedOrder();
    await h.send(orderId, "barista-accept", accept());

    await h.restart();
    expect((await h.execution(arn)).Status).toBe("RUNNING");
    await h.send(orderId, "barista-complete", { action: "complete" });
    await h.restart();
    await h.advance(10 * 60);
    await expectFinished(arn, { orderId, status: "COMPLETED", orderNumber: 1 });

    // Each side effect happened once: one event per change, one number, one reservation.
    expect(h.events(orderId)).toEqual([
      "Order.Created",
      "Order.AwaitingOrder",
      "Order.Submitted",
      "Order.Queued",
      "Order.Accepted",
      "Order.Ready",
      "Order.Completed",
    ]);
    expect(await h.data.shop.nextOrderNumber()).toBe(2);
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    expectHistoryFixture("replay-after-restart", await history(arn));
  });

  /** Jumps the clock from timer to timer (step retries included) until the execution ends. */
  async function runOut(arn: string) {
    await runToCompletion(h.runtime, h.clock, arn);
  }

  it("unaccept limit: the fourth unaccept (maxUnaccepts 3) cancels the order, stock released", async () => {
    await harness();
    const { orderId, arn } = await queuedOrder();
    for (let round = 1; round <= 3; round++) {
      await h.send(orderId, "barista-accept", accept(`barista-${round}`));
      await h.send(orderId, "barista-complete", { action: "unaccept" });
      expect(await h.order(orderId)).toMatchObject({ status: "QUEUED" });
    }
    await h.send(orderId, "barista-accept", accept("barista-4"));
    await h.send(orderId, "barista-complete", { action: "unaccept" });
    await expectFinished(arn, {
      orderId,
      status: "CANCELLED",
      orderNumber: 1,
      reason: "UNACCEPT_LIMIT",
    });
    const record = await h.data.orders.getRecord(orderId);
    expect(record?.order).toMatchObject({ status: "CANCELLED", reason: "UNACCEPT_LIMIT" });
    // No pending callback: any further barista action is answered 409 by the API.
    expect(record?.pendingCallback).toBeUndefined();
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId)).toEqual([
      "Order.Created",
      "Order.AwaitingOrder",
      "Order.Submitted",
      "Order.Queued",
      "Order.Accepted",
      "Order.Unaccepted",
      "Order.Accepted",
      "Order.Unaccepted",
      "Order.Accepted",
      "Order.Unaccepted",
      "Order.Accepted",
      "Order.Cancelled",
    ]);
    expectHistoryFixture("unaccept-limit", await history(arn));
  });

  it("unaccept limit: read from the shop config (0: the first unaccept cancels)", async () => {
    await harness();
    await h.data.shop.putConfig({ ...SEED_CONFIG, limits: { ...DEFAULT_LIMITS, maxUnaccepts: 0 } });
    const { orderId, arn } = await queuedOrder();
    await h.send(orderId, "barista-accept", accept());
    await h.send(orderId, "barista-complete", { action: "unaccept" });
    await expectFinished(arn, {
      orderId,
      status: "CANCELLED",
      orderNumber: 1,
      reason: "UNACCEPT_LIMIT",
    });
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
  });

  it("a step that fails for good: stock released, order CANCELLED (WORKFLOW_FAILED), execution FAILED", async () => {
    await harness();
    const { orderId, arn } = await queuedOrder();
    // The accept step writes ACCEPTED, then cannot publish, on every attempt.
    h.failPublish("Order.Accepted");
    await h.send(orderId, "barista-accept", accept());
    expect(await h.order(orderId)).toMatchObject({ status: "ACCEPTED" });
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    await runOut(arn);

    const execution = await h.execution(arn);
    expect(execution.Status).toBe("FAILED");
    expect(execution.Error?.ErrorType).toBe("CallbackSubmitterError");
    const record = await h.data.orders.getRecord(orderId);
    expect(record?.order).toMatchObject({
      status: "CANCELLED",
      reason: "WORKFLOW_FAILED",
      orderNumber: 1,
    });
    expect(record?.pendingCallback).toBeUndefined();
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId)).toEqual([
      "Order.Created",
      "Order.AwaitingOrder",
      "Order.Submitted",
      "Order.Queued",
      "Order.Cancelled",
    ]);
    expectHistoryFixture("workflow-failed", await history(arn));
  });

  it("a step that fails for good before the choice: CANCELLED (WORKFLOW_FAILED), nothing to release", async () => {
    await harness();
    h.failPublish("Order.AwaitingOrder");
    const { orderId, arn } = await h.startOrder("cust-1");
    await runOut(arn);
    expect((await h.execution(arn)).Status).toBe("FAILED");
    const order = await h.order(orderId);
    expect(order).toMatchObject({ status: "CANCELLED", reason: "WORKFLOW_FAILED" });
    expect(order?.orderNumber).toBeUndefined();
    expect(await h.data.shop.getStock()).toEqual(SEED_STOCK);
    expect(h.events(orderId)).toEqual(["Order.Created", "Order.Cancelled"]);
    expectHistoryFixture("workflow-failed-before-choice", await history(arn));
  });
});
