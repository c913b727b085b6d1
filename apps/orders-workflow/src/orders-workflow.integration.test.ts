import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runToCompletion } from "@coffee/durable-runtime/testing";
import {
  DEFAULT_LIMITS,
  type OrderEndReason,
  type OrderStatus,
  SEED_CONFIG,
  SEED_STOCK,
} from "@coffee/shared";
import { afterEach, describe, expect, it } from "vitest";
import { expectHistoryFixture } from "./testing/history-fixture.js";
import { startHarness, type WorkflowHarness } from "./testing/workflow-harness.js";

const latte = { action: "submit", drink: "latte", modifiers: { size: "large", milk: "oat" } };
const unicorn = { action: "submit", drink: "unicorn", modifiers: {} };
const accept = (baristaId = "barista") => ({ action: "accept", baristaId });
const unaccept = { action: "unaccept" };
const complete = { action: "complete" };
/** Seed stock minus one latte. */
const ONE_LATTE_OUT = {
  ...SEED_STOCK,
  beans: (SEED_STOCK.beans ?? 0) - 1,
  milk: (SEED_STOCK.milk ?? 0) - 1,
};
/** Detail-types every order publishes up to the queue. */
const TO_QUEUE = ["Order.Created", "Order.AwaitingOrder", "Order.Submitted", "Order.Queued"];

/** A scenario that runs one order to its end, checked the same way for every one of them. */
interface Scenario {
  title: string;
  /** Keeps the runtime's SQLite store in a file, so the scenario can restart the runtime. */
  dbFile?: boolean;
  /** Drives the order to its end, with the checks on the way; answers the order's ids. */
  run(): Promise<{ orderId: string; arn: string }>;
  /** The order's end state; also the execution's result (with the order id) unless `failed`. */
  end: { status: OrderStatus; reason?: OrderEndReason; orderNumber?: number };
  /** The execution failed with this error type (the order still ends as `end` says). */
  failed?: string;
  /** The shop's stock once the order has ended. */
  stock: Record<string, number>;
  /** Detail-types published for the order, in order. */
  events: string[];
  /** `__fixtures__/<fixture>.history.json`: the operation history, reviewed. */
  fixture?: string;
  /** Checks after the common ones (they may start more orders). */
  after?(ids: { orderId: string; arn: string }): Promise<void>;
}

describe("orders workflow on the durable runtime (ManualClock, dynalite)", () => {
  let h: WorkflowHarness;
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    await h.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function harness(options: { dbFile?: boolean } = {}) {
    if (!options.dbFile) {
      h = await startHarness();
      return h;
    }
    const dir = mkdtempSync(join(tmpdir(), "orders-workflow-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    h = await startHarness({ dbPath: join(dir, "runtime.db") });
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
  const pendingCallback = async (orderId: string) =>
    (await h.data.orders.getRecord(orderId))?.pendingCallback?.name;
  /** Starts an order and brings it to QUEUED with a latte. */
  async function queuedOrder(customerId = "cust-1") {
    const started = await h.startOrder(customerId);
    await h.send(started.orderId, "customer-order", latte);
    expect(await h.order(started.orderId)).toMatchObject({ status: "QUEUED" });
    return started;
  }
  /** Starts an order and brings it to ACCEPTED by `baristaId`. */
  async function acceptedOrder(baristaId = "barista") {
    const started = await queuedOrder();
    await h.send(started.orderId, "barista-accept", accept(baristaId));
    expect(await h.order(started.orderId)).toMatchObject({ status: "ACCEPTED", baristaId });
    return started;
  }
  /** The barista finishes the drink and the pickup window runs out. */
  async function finishDrink(orderId: string) {
    await h.send(orderId, "barista-complete", complete);
    await h.advance(10 * 60);
  }
  /** Jumps the clock from timer to timer (step retries included) until the execution ends. */
  async function runOut(arn: string) {
    await runToCompletion(h.runtime, h.clock, arn);
  }

  const scenarios: Scenario[] = [
    {
      title: "happy path: choose, queue, accept, complete, pick up",
      async run() {
        const { orderId, arn } = await h.startOrder("cust-1");
        expect(await h.order(orderId)).toMatchObject({ status: "AWAITING_ORDER" });
        // Status and pending callback are written together: the API can tell "not ready" (409)
        // from "ready" by the record alone, and never completes the wrong callback.
        expect(await pendingCallback(orderId)).toBe("customer-order");

        await h.send(orderId, "customer-order", latte);
        expect(await pendingCallback(orderId)).toBe("barista-accept");
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
        expect(await pendingCallback(orderId)).toBe("barista-complete");

        await h.send(orderId, "barista-complete", complete);
        expect(await h.order(orderId)).toMatchObject({ status: "READY" });
        // The pickup window is a durable wait: nothing happens until the clock gets there.
        await h.advance(10 * 60 - 1);
        expect((await h.execution(arn)).Status).toBe("RUNNING");
        await h.advance(1);
        expect(await h.order(orderId)).toMatchObject({ baristaId: "barista" });
        return { orderId, arn };
      },
      end: { status: "COMPLETED", orderNumber: 1 },
      // The drink's ingredients stay used.
      stock: ONE_LATTE_OUT,
      events: [...TO_QUEUE, "Order.Accepted", "Order.Ready", "Order.Completed"],
      fixture: "happy-path",
    },
    {
      title: "customer timeout: cancelled after 5 minutes, and no order number is used up",
      async run() {
        const started = await h.startOrder("cust-1");
        await h.advance(5 * 60 - 1);
        expect(await h.order(started.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
        await h.advance(1);
        return started;
      },
      end: { status: "CANCELLED", reason: "CUSTOMER_TIMEOUT" },
      stock: SEED_STOCK,
      events: ["Order.Created", "Order.AwaitingOrder", "Order.Cancelled"],
      fixture: "customer-timeout",
      async after() {
        // The next order that is submitted gets number 1.
        const next = await queuedOrder("cust-2");
        expect((await h.order(next.orderId))?.orderNumber).toBe(1);
      },
    },
    {
      title: "barista accept timeout: cancelled after 15 minutes in the queue, stock released",
      async run() {
        const started = await queuedOrder();
        expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
        await h.advance(15 * 60);
        return started;
      },
      end: { status: "CANCELLED", reason: "BARISTA_ACCEPT_TIMEOUT", orderNumber: 1 },
      stock: SEED_STOCK,
      events: [...TO_QUEUE, "Order.Cancelled"],
      fixture: "barista-accept-timeout",
    },
    {
      title: "barista complete timeout: cancelled 15 minutes after accepting, stock released",
      async run() {
        const started = await queuedOrder();
        await h.advance(14 * 60);
        await h.send(started.orderId, "barista-accept", accept());
        // A fresh 15 minutes from the accept, not from the queueing.
        await h.advance(15 * 60 - 1);
        expect(await h.order(started.orderId)).toMatchObject({ status: "ACCEPTED" });
        await h.advance(1);
        return started;
      },
      end: { status: "CANCELLED", reason: "BARISTA_TIMEOUT", orderNumber: 1 },
      stock: SEED_STOCK,
      events: [...TO_QUEUE, "Order.Accepted", "Order.Cancelled"],
      fixture: "barista-complete-timeout",
    },
    {
      title: "customer cancels before submitting: cancelled, nothing reserved, no number",
      async run() {
        const started = await h.startOrder("cust-1");
        await h.send(started.orderId, "customer-order", { action: "cancel" });
        return started;
      },
      end: { status: "CANCELLED", reason: "CUSTOMER_CANCELLED" },
      stock: SEED_STOCK,
      events: ["Order.Created", "Order.AwaitingOrder", "Order.Cancelled"],
      fixture: "customer-cancel-before-submit",
    },
    {
      title: "customer cancels while queued: cancelled, stock released",
      async run() {
        const started = await queuedOrder();
        await h.send(started.orderId, "barista-accept", { action: "cancel", by: "customer" });
        return started;
      },
      end: { status: "CANCELLED", reason: "CUSTOMER_CANCELLED", orderNumber: 1 },
      stock: SEED_STOCK,
      events: [...TO_QUEUE, "Order.Cancelled"],
      fixture: "customer-cancel-queued",
    },
    {
      title: "barista cancels an accepted order: cancelled, stock released",
      async run() {
        const started = await acceptedOrder();
        await h.send(started.orderId, "barista-complete", { action: "cancel", by: "barista" });
        return started;
      },
      end: { status: "CANCELLED", reason: "BARISTA_CANCELLED", orderNumber: 1 },
      stock: SEED_STOCK,
      events: [...TO_QUEUE, "Order.Accepted", "Order.Cancelled"],
      fixture: "barista-cancel",
    },
    {
      title: "shop closed: rejected at once",
      async run() {
        await h.data.shop.setStoreOpen(false);
        return h.startOrder("cust-1");
      },
      end: { status: "REJECTED", reason: "STORE_CLOSED" },
      stock: SEED_STOCK,
      events: ["Order.Created", "Order.Rejected"],
      fixture: "shop-closed",
    },
    {
      title: "queue full: rejected when the other open orders reach maxOrdersInQueue",
      async run() {
        await h.data.shop.putConfig({
          ...SEED_CONFIG,
          limits: { ...DEFAULT_LIMITS, maxOrdersInQueue: 2 },
        });
        await h.startOrder("cust-1");
        // At 1 of 2: this order is not counted against itself.
        const second = await h.startOrder("cust-2");
        expect(await h.order(second.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
        return h.startOrder("cust-3");
      },
      end: { status: "REJECTED", reason: "QUEUE_FULL" },
      stock: SEED_STOCK,
      events: ["Order.Created", "Order.Rejected"],
      fixture: "queue-full",
    },
    {
      title:
        "customer limit: the order being checked does not count, a second open one is rejected",
      async run() {
        // maxOrdersPerCustomer is 1: the first order (already PENDING in the table) passes.
        const first = await h.startOrder("cust-1");
        expect(await h.order(first.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
        return h.startOrder("cust-1");
      },
      end: { status: "REJECTED", reason: "CUSTOMER_LIMIT" },
      stock: SEED_STOCK,
      events: ["Order.Created", "Order.Rejected"],
      fixture: "customer-limit",
      async after() {
        // Another customer is not affected.
        const other = await h.startOrder("cust-2");
        expect(await h.order(other.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
      },
    },
    {
      title: "invalid drink: the retry window is what is left of the 5 minutes",
      async run() {
        const started = await h.startOrder("cust-1");
        await h.advance(60);
        await h.send(started.orderId, "customer-order", unicorn);
        await h.advance(4 * 60 - 1);
        expect(await h.order(started.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
        await h.advance(1);
        return started;
      },
      end: { status: "CANCELLED", reason: "CUSTOMER_TIMEOUT" },
      stock: SEED_STOCK,
      events: ["Order.Created", "Order.AwaitingOrder", "Order.AwaitingOrder", "Order.Cancelled"],
    },
    {
      title: "out of stock: cancelled, nothing taken, no number",
      async run() {
        await h.data.shop.putStock({ beans: 5, milk: 0, cocoa: 5 });
        const started = await h.startOrder("cust-1");
        await h.send(started.orderId, "customer-order", latte);
        return started;
      },
      end: { status: "CANCELLED", reason: "OUT_OF_STOCK" },
      stock: { beans: 5, milk: 0, cocoa: 5 },
      events: ["Order.Created", "Order.AwaitingOrder", "Order.Cancelled"],
      fixture: "out-of-stock",
    },
    {
      title: "unaccept puts the order back in the queue, and another barista can take it",
      async run() {
        const started = await acceptedOrder("barista-1");
        await h.send(started.orderId, "barista-complete", unaccept);
        const back = await h.order(started.orderId);
        expect(back).toMatchObject({ status: "QUEUED", orderNumber: 1 });
        expect(back?.baristaId).toBeUndefined();
        await h.send(started.orderId, "barista-accept", accept("barista-2"));
        expect(await h.order(started.orderId)).toMatchObject({
          status: "ACCEPTED",
          baristaId: "barista-2",
        });
        await finishDrink(started.orderId);
        return started;
      },
      end: { status: "COMPLETED", orderNumber: 1 },
      stock: ONE_LATTE_OUT,
      events: [
        ...TO_QUEUE,
        ...["Order.Accepted", "Order.Unaccepted", "Order.Accepted"],
        ...["Order.Ready", "Order.Completed"],
      ],
      fixture: "unaccept-reaccept",
    },
    {
      title:
        "unaccept limit: the fourth unaccept (maxUnaccepts 3) cancels the order, stock released",
      async run() {
        const started = await queuedOrder();
        for (let round = 1; round <= 3; round++) {
          await h.send(started.orderId, "barista-accept", accept(`barista-${round}`));
          await h.send(started.orderId, "barista-complete", unaccept);
          expect(await h.order(started.orderId)).toMatchObject({ status: "QUEUED" });
        }
        await h.send(started.orderId, "barista-accept", accept("barista-4"));
        await h.send(started.orderId, "barista-complete", unaccept);
        return started;
      },
      // No pending callback is left (checked for every scenario): further actions get 409.
      end: { status: "CANCELLED", reason: "UNACCEPT_LIMIT", orderNumber: 1 },
      stock: SEED_STOCK,
      events: [
        ...TO_QUEUE,
        ...[1, 2, 3].flatMap(() => ["Order.Accepted", "Order.Unaccepted"]),
        ...["Order.Accepted", "Order.Cancelled"],
      ],
      fixture: "unaccept-limit",
    },
    {
      title: "unaccept limit: read from the shop config (0: the first unaccept cancels)",
      async run() {
        await h.data.shop.putConfig({
          ...SEED_CONFIG,
          limits: { ...DEFAULT_LIMITS, maxUnaccepts: 0 },
        });
        const started = await acceptedOrder();
        await h.send(started.orderId, "barista-complete", unaccept);
        return started;
      },
      end: { status: "CANCELLED", reason: "UNACCEPT_LIMIT", orderNumber: 1 },
      stock: SEED_STOCK,
      events: [...TO_QUEUE, "Order.Accepted", "Order.Cancelled"],
    },
    {
      title:
        "a step that fails for good: stock released, order CANCELLED (WORKFLOW_FAILED), execution FAILED",
      async run() {
        const started = await queuedOrder();
        // The accept step writes ACCEPTED, then cannot publish, on every attempt.
        h.failPublish("Order.Accepted");
        await h.send(started.orderId, "barista-accept", accept());
        expect(await h.order(started.orderId)).toMatchObject({ status: "ACCEPTED" });
        expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
        await runOut(started.arn);
        return started;
      },
      end: { status: "CANCELLED", reason: "WORKFLOW_FAILED", orderNumber: 1 },
      failed: "CallbackSubmitterError",
      stock: SEED_STOCK,
      events: [...TO_QUEUE, "Order.Cancelled"],
      fixture: "workflow-failed",
    },
    {
      title:
        "a step that fails for good before the choice: CANCELLED (WORKFLOW_FAILED), nothing to release",
      async run() {
        h.failPublish("Order.AwaitingOrder");
        const started = await h.startOrder("cust-1");
        await runOut(started.arn);
        return started;
      },
      end: { status: "CANCELLED", reason: "WORKFLOW_FAILED" },
      failed: "CallbackSubmitterError",
      stock: SEED_STOCK,
      events: ["Order.Created", "Order.Cancelled"],
      fixture: "workflow-failed-before-choice",
    },
    {
      title: "replays after a runtime restart mid-order without repeating any step",
      dbFile: true,
      async run() {
        const started = await acceptedOrder();
        await h.restart();
        expect((await h.execution(started.arn)).Status).toBe("RUNNING");
        await h.send(started.orderId, "barista-complete", complete);
        await h.restart();
        await h.advance(10 * 60);
        return started;
      },
      end: { status: "COMPLETED", orderNumber: 1 },
      // Each side effect happened once: one event per change, one number, one reservation.
      stock: ONE_LATTE_OUT,
      events: [...TO_QUEUE, "Order.Accepted", "Order.Ready", "Order.Completed"],
      fixture: "replay-after-restart",
      async after() {
        expect(await h.data.shop.nextOrderNumber()).toBe(2);
      },
    },
  ];

  for (const scenario of scenarios) {
    it(scenario.title, async () => {
      await harness({ dbFile: scenario.dbFile ?? false });
      const ids = await scenario.run();
      const { orderId, arn } = ids;
      const { end } = scenario;
      if (scenario.failed) {
        const execution = await h.execution(arn);
        expect(execution.Status).toBe("FAILED");
        expect(execution.Error?.ErrorType).toBe(scenario.failed);
      } else {
        await expectFinished(arn, { orderId, ...end });
      }
      const record = await h.data.orders.getRecord(orderId);
      expect(record?.order.status).toBe(end.status);
      expect(record?.order.reason).toBe(end.reason);
      expect(record?.order.orderNumber).toBe(end.orderNumber);
      // An ended order waits for nothing: every action on it is answered 409 by the API.
      expect(record?.pendingCallback).toBeUndefined();
      expect(await h.data.shop.getStock()).toEqual(scenario.stock);
      expect(h.events(orderId)).toEqual(scenario.events);
      if (scenario.fixture) expectHistoryFixture(scenario.fixture, await history(arn));
      await scenario.after?.(ids);
    });
  }

  it("invalid drink: the choice is refused and the customer may choose again", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    const firstCallback = (await h.data.orders.getRecord(orderId))?.pendingCallback;
    await h.advance(60);
    await h.send(orderId, "customer-order", unicorn);
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

  /**
   * Holds the step that publishes `detailType` after its table write, restarts the runtime on
   * the same store file while it is held (a crash), then lets the held attempt finish too.
   */
  async function crashInStep(detailType: string, orderId: string, name: string, payload: unknown) {
    const held = h.holdPublish(detailType);
    await h.send(orderId, name, payload, { settle: false });
    await held.reached;
    await h.restart();
    held.release();
    await h.runtime.settle();
  }

  it("resumes after a crash in the middle of a step: the step runs again, idempotently", async () => {
    await harness({ dbFile: true });
    const { orderId, arn } = await queuedOrder();

    // The accept step has written ACCEPTED but not yet published: the runtime goes down here.
    await crashInStep("Order.Accepted", orderId, "barista-accept", accept());

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

    await finishDrink(orderId);
    await expectFinished(arn, { orderId, status: "COMPLETED", orderNumber: 1 });
    // Steps before the crash did not run again.
    expect(await h.data.shop.nextOrderNumber()).toBe(2);
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    expect(h.events(orderId).filter((e) => e === "Order.Submitted")).toHaveLength(1);
  });

  it("keeps the order number when the numbering step runs again after a crash", async () => {
    await harness({ dbFile: true });
    const { orderId } = await h.startOrder("cust-1");
    await crashInStep("Order.Submitted", orderId, "customer-order", latte);

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
});
