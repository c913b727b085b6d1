import { afterEach, describe, expect, it } from "vitest";
import { expectHistoryFixture } from "./testing/history-fixture.js";
import {
  accept,
  LATTE,
  ONE_LATTE_OUT,
  startHarness,
  type WorkflowHarness,
} from "./testing/workflow-harness.js";

// Starts and restarts: a repeated start, bad input, and crashes in the middle of a step (the
// runtime restarted on the same SQLite file while the step is held after its table write).

describe("orders workflow: starts and restarts (durable runtime, ManualClock, dynalite)", () => {
  let h: WorkflowHarness;
  afterEach(() => h.close());

  async function harness(options: { dbFile?: boolean } = {}) {
    h = await startHarness(options);
    return h;
  }

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

  it("a duplicate start with the same name is the same execution; other input is refused", async () => {
    await harness();
    const { orderId, arn } = await h.startOrder("cust-1");
    const input = JSON.parse((await h.execution(arn)).InputPayload ?? "null");
    const again = await h.runtime.startExecution({
      functionName: "orders-workflow",
      executionName: orderId,
      input,
    });
    expect(again).toEqual({ executionArn: arn, alreadyStarted: true });
    await expect(
      h.runtime.startExecution({
        functionName: "orders-workflow",
        executionName: orderId,
        input: { ...input, customerId: "cust-2" },
      }),
    ).rejects.toMatchObject({ errorType: "DurableExecutionAlreadyStartedException" });
    await h.runtime.settle();
    expect(h.events(orderId)).toEqual(["Order.AwaitingOrder"]);
    expectHistoryFixture("duplicate-start", await h.history(arn));
  });

  it("resumes after a crash in the middle of a step: the step runs again, idempotently", async () => {
    await harness({ dbFile: true });
    const { orderId, arn } = await h.queuedOrder();

    // The accept step has written ACCEPTED but not yet published: the runtime goes down here.
    await crashInStep("Order.Accepted", orderId, "barista-accept", accept());

    // The new runtime re-ran the step (at least once): same status, same callback, published.
    const record = await h.data.orders.getRecord(orderId);
    expect(record?.order).toMatchObject({ status: "ACCEPTED", baristaId: "barista" });
    expect(record?.pendingCallback?.name).toBe("barista-complete");
    // Steps are at-least-once: the held attempt and the re-run both publish. Consumers can
    // tell the copies apart from nothing but order id, status and updatedAt, which are equal.
    // (Nothing awaits the held attempt of the old runtime: its publish lands when it lands.)
    const acceptedEvents = () =>
      h.bus
        .received()
        .filter((e) => e.detailType === "Order.Accepted")
        .map((e) => e.detail);
    await expect.poll(() => acceptedEvents().length, { timeout: 60_000 }).toBe(2);
    const accepted = acceptedEvents();
    expect(accepted[0]).toEqual(accepted[1]);

    await h.finishDrink(orderId);
    expect((await h.execution(arn)).Status).toBe("SUCCEEDED");
    expect(await h.outcome(arn)).toEqual({ orderId, status: "COMPLETED", orderNumber: 1 });
    // Steps before the crash did not run again.
    expect(await h.data.shop.lastOrderNumber()).toBe(1);
    expect(await h.data.shop.getStock()).toEqual(ONE_LATTE_OUT);
    expect(h.events(orderId).filter((e) => e === "Order.Queued")).toHaveLength(1);
  });

  it("keeps the order number when the queueing step runs again after a crash", async () => {
    await harness({ dbFile: true });
    const { orderId } = await h.startOrder("cust-1");
    await crashInStep("Order.Queued", orderId, "customer-order", LATTE);

    expect(await h.order(orderId)).toMatchObject({ status: "QUEUED", orderNumber: 1 });
    // One number used, one reservation held.
    expect(await h.data.shop.lastOrderNumber()).toBe(1);
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
    expect(await h.data.orders.listByStatus("PENDING")).toEqual([]);
    expect(h.bus.received()).toEqual([]);
  });
});
