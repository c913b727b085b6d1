import {
  DEFAULT_LIMITS,
  type OrderEndReason,
  type OrderStatus,
  SEED_CONFIG,
  SEED_STOCK,
} from "@coffee/shared";
import { afterEach, describe, expect, it } from "vitest";
import { expectHistoryFixture } from "./testing/history-fixture.js";
import {
  accept,
  choose,
  LATTE,
  ONE_LATTE_OUT,
  startHarness,
  type WorkflowHarness,
} from "./testing/workflow-harness.js";

/** Not a checked choice (the API only ever sends checked ones): the workflow asks again. */
const malformed = { action: "submit", drink: "unicorn", modifiers: {} };
const unaccept = { action: "unaccept" };
const complete = { action: "complete" };
/** Detail-types every order publishes up to the queue. */
const TO_QUEUE = ["Order.AwaitingOrder", "Order.Queued"];

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
  afterEach(() => h.close());

  async function harness(options: { dbFile?: boolean } = {}) {
    h = await startHarness(options);
    return h;
  }
  async function expectFinished(arn: string, outcome: object) {
    const execution = await h.execution(arn);
    expect(execution.Status).toBe("SUCCEEDED");
    expect(await h.outcome(arn)).toEqual(outcome);
  }
  const pendingCallback = async (orderId: string) =>
    (await h.data.orders.getRecord(orderId))?.pendingCallback?.name;

  const scenarios: Scenario[] = [
    {
      title: "happy path: choose, queue, accept, complete, pick up",
      async run() {
        const { orderId, arn } = await h.startOrder("cust-1");
        expect(await h.order(orderId)).toMatchObject({ status: "AWAITING_ORDER" });
        // Status and pending callback are written together: the API can tell "not ready" (409)
        // from "ready" by the record alone, and never completes the wrong callback.
        expect(await pendingCallback(orderId)).toBe("customer-order");
        // So is the execution's ARN, which the reconciler reads the execution by.
        expect((await h.data.orders.getRecord(orderId))?.executionArn).toBe(arn);

        await h.send(orderId, "customer-order", LATTE);
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
      events: ["Order.AwaitingOrder", "Order.Cancelled"],
      fixture: "customer-timeout",
      async after() {
        // The next order that is submitted gets number 1.
        const next = await h.queuedOrder("cust-2");
        expect((await h.order(next.orderId))?.orderNumber).toBe(1);
      },
    },
    {
      title: "barista accept timeout: cancelled after 15 minutes in the queue, stock released",
      async run() {
        const started = await h.queuedOrder();
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
        const started = await h.queuedOrder();
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
      events: ["Order.AwaitingOrder", "Order.Cancelled"],
      fixture: "customer-cancel-before-submit",
    },
    {
      title: "customer cancels while queued: cancelled, stock released",
      async run() {
        const started = await h.queuedOrder();
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
        const started = await h.acceptedOrder();
        await h.send(started.orderId, "barista-complete", { action: "cancel", by: "barista" });
        return started;
      },
      end: { status: "CANCELLED", reason: "BARISTA_CANCELLED", orderNumber: 1 },
      stock: SEED_STOCK,
      events: [...TO_QUEUE, "Order.Accepted", "Order.Cancelled"],
      fixture: "barista-cancel",
    },
    {
      title: "a malformed choice: the retry window is what is left of the 5 minutes",
      async run() {
        const started = await h.startOrder("cust-1");
        await h.advance(60);
        await h.send(started.orderId, "customer-order", malformed);
        await h.advance(4 * 60 - 1);
        expect(await h.order(started.orderId)).toMatchObject({ status: "AWAITING_ORDER" });
        await h.advance(1);
        return started;
      },
      end: { status: "CANCELLED", reason: "CUSTOMER_TIMEOUT" },
      stock: SEED_STOCK,
      events: ["Order.AwaitingOrder", "Order.AwaitingOrder", "Order.Cancelled"],
    },
    {
      title: "out of stock: cancelled, nothing taken, no number",
      async run() {
        await h.data.shop.putStock({ beans: 5, milk: 0, cocoa: 5 });
        const started = await h.startOrder("cust-1");
        await h.send(started.orderId, "customer-order", LATTE);
        return started;
      },
      end: { status: "CANCELLED", reason: "OUT_OF_STOCK" },
      stock: { beans: 5, milk: 0, cocoa: 5 },
      events: ["Order.AwaitingOrder", "Order.Cancelled"],
      fixture: "out-of-stock",
    },
    {
      title: "milk none: the latte takes no milk, so it is made with none in stock",
      async run() {
        await h.data.shop.putStock({ beans: 5, milk: 0, cocoa: 5 });
        const started = await h.startOrder("cust-1");
        await h.send(started.orderId, "customer-order", choose("latte", { milk: "none" }));
        expect(await h.order(started.orderId)).toMatchObject({ status: "QUEUED" });
        await h.send(started.orderId, "barista-accept", accept());
        await h.finishDrink(started.orderId);
        return started;
      },
      end: { status: "COMPLETED", orderNumber: 1 },
      stock: { beans: 4, milk: 0, cocoa: 5 },
      events: [...TO_QUEUE, "Order.Accepted", "Order.Ready", "Order.Completed"],
    },
    {
      title: "unaccept puts the order back in the queue, and another barista can take it",
      async run() {
        const started = await h.acceptedOrder("barista-1");
        await h.send(started.orderId, "barista-complete", unaccept);
        const back = await h.order(started.orderId);
        expect(back).toMatchObject({ status: "QUEUED", orderNumber: 1, unaccepts: 1 });
        expect(back?.baristaId).toBeUndefined();
        await h.send(started.orderId, "barista-accept", accept("barista-2"));
        expect(await h.order(started.orderId)).toMatchObject({
          status: "ACCEPTED",
          baristaId: "barista-2",
        });
        await h.finishDrink(started.orderId);
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
        const started = await h.queuedOrder();
        for (let round = 1; round <= 3; round++) {
          await h.send(started.orderId, "barista-accept", accept(`barista-${round}`));
          await h.send(started.orderId, "barista-complete", unaccept);
          expect(await h.order(started.orderId)).toMatchObject({
            status: "QUEUED",
            unaccepts: round,
          });
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
      title:
        "unaccept limit: the order's terms, from the config at admission (0: the first cancels)",
      async run() {
        await h.data.shop.putConfig({
          ...SEED_CONFIG,
          limits: { ...DEFAULT_LIMITS, maxUnaccepts: 0 },
        });
        const started = await h.acceptedOrder();
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
        const started = await h.queuedOrder();
        // The accept step writes ACCEPTED, then cannot publish, on every attempt.
        h.failPublish("Order.Accepted");
        await h.send(started.orderId, "barista-accept", accept());
        expect(await h.order(started.orderId)).toMatchObject({ status: "ACCEPTED" });
        expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
        await h.runOut(started.arn);
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
        await h.runOut(started.arn);
        return started;
      },
      end: { status: "CANCELLED", reason: "WORKFLOW_FAILED" },
      failed: "CallbackSubmitterError",
      stock: SEED_STOCK,
      events: ["Order.Cancelled"],
      fixture: "workflow-failed-before-choice",
    },
    {
      title: "replays after a runtime restart mid-order without repeating any step",
      dbFile: true,
      async run() {
        const started = await h.acceptedOrder();
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
        expect(await h.data.shop.lastOrderNumber()).toBe(1);
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
      // Whatever the way out, the ended order holds no queue place and no customer place.
      const { customerId } = record?.order ?? { customerId: "" };
      expect(await h.counts(customerId)).toEqual({ queued: 0, open: [] });
      if (scenario.fixture) expectHistoryFixture(scenario.fixture, await h.history(arn));
      await scenario.after?.(ids);
    });
  }

  it("a malformed choice is refused and the customer may choose again", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    const firstCallback = (await h.data.orders.getRecord(orderId))?.pendingCallback;
    await h.advance(60);
    await h.send(orderId, "customer-order", malformed);
    const record = await h.data.orders.getRecord(orderId);
    expect(record?.order.status).toBe("AWAITING_ORDER");
    expect(record?.pendingCallback?.callbackId).not.toBe(firstCallback?.callbackId);
    // A malformed message is refused the same way.
    await h.send(orderId, "customer-order", { action: "submit" });
    await h.send(orderId, "customer-order", LATTE);
    expect(await h.order(orderId)).toMatchObject({ status: "QUEUED", drink: "latte" });
    expect(h.events(orderId)).toEqual([
      "Order.AwaitingOrder",
      "Order.AwaitingOrder",
      "Order.AwaitingOrder",
      "Order.Queued",
    ]);
    expect((await h.execution(arn)).Status).toBe("RUNNING");
    expectHistoryFixture("invalid-drink", await h.history(arn));
  });
});
