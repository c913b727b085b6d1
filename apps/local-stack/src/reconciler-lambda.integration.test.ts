import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { LambdaClient, StopDurableExecutionCommand } from "@aws-sdk/client-lambda";
import {
  closeOrdersOfEndedExecutions,
  type HubEvent,
  LambdaWorkflowGateway,
  readEnv,
} from "@coffee/api";
import { createAwsClients, createDataLayer, OrdersRepository, ShopRepository } from "@coffee/data";
import { ManualClock } from "@coffee/durable-runtime";
import { ORDERS_WORKFLOW_FUNCTION } from "@coffee/shared";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type LocalStackWithRuntimeHere, startLocalStack } from "./start-local-stack.js";
import { admitOrder, orderExecutions, orderStatusBecomes } from "./testing/stack-orders.js";

// The reconciler's Lambda entry against the local stack's real dynalite and durable runtime,
// reached the way it is in AWS: through the SDK clients its env builds (the stack has pointed
// AWS_ENDPOINT_URL_* at its own services). The runtime runs on a ManualClock, so executions
// can be timed out on demand.

let dataDir: string;
let stack: LocalStackWithRuntimeHere;
let clients: ReturnType<typeof createAwsClients>;
let orders: OrdersRepository;
let shop: ShopRepository;
let lambda: LambdaClient;
/** Every event the stack's bus delivered (order events as public views). */
const published: HubEvent[] = [];
const clock = new ManualClock(Date.parse("2026-01-01T09:00:00Z"));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-reconciler-"));
  stack = await startLocalStack({
    // The stack's own sweep runs on demand only (stack.reconciler.sweep), and looks at open
    // orders of any age; the Lambda entry reads its settings from process.env (defaults).
    env: { PORT: 0, DATA_DIR: dataDir, PENDING_SWEEP_SECONDS: 0, OPEN_ORDER_MIN_AGE_SECONDS: 0 },
    webDist: join(dataDir, "no-web-app"),
    // In this thread: its clock is the test's.
    runtimeIn: "this-thread",
    runtimeClock: clock,
    // Shorter than every callback timeout (5 min and more): moving the clock a minute on times
    // executions out before any of their waits runs out.
    executionTimeoutSeconds: 60,
  });
  clients = createAwsClients();
  const env = readEnv();
  orders = new OrdersRepository(clients.dynamo, env.ORDERS_TABLE);
  shop = new ShopRepository(clients.dynamo, env.SHOP_TABLE);
  lambda = new LambdaClient({});
  stack.hub.subscribe((event) => published.push(event));
});

afterAll(async () => {
  lambda?.destroy();
  clients?.destroy();
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The entry as Lambda loads it, with settings from the environment the stack exported. */
async function entry(overrides: Record<string, string> = {}) {
  const { createReconcilerHandler } = await import("@coffee/api/reconciler-lambda");
  return createReconcilerHandler(readEnv({ ...process.env, ...overrides }));
}

/** Runs the handler and answers its one log line, parsed, with what it returned or threw. */
async function invoke(handler: () => Promise<unknown>) {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const outcome = await handler().then(
      (value) => ({ value }),
      (error: Error) => ({ error }),
    );
    expect(log).toHaveBeenCalledTimes(1);
    return { line: JSON.parse(String(log.mock.calls[0]![0])), ...outcome };
  } finally {
    log.mockRestore();
  }
}

async function executions(orderId: string) {
  return orderExecutions(stack.runtime, orderId);
}

async function statusBecomes(orderId: string, status: string) {
  await orderStatusBecomes(orders, orderId, status);
}

/** A start cut off two minutes ago (past the 30 s grace): stored PENDING, never invoked. */
async function stranded(orderId: string, customerId: string) {
  await admitOrder(clients.dynamo, tables(), { orderId, customerId, nowMs: Date.now() - 120_000 });
  expect(await executions(orderId)).toHaveLength(0);
}

describe("the reconciler's Lambda entry", () => {
  it("loads with defaults from the environment, as Lambda imports it", async () => {
    const { handler } = await import("@coffee/api/reconciler-lambda");
    expect(typeof handler).toBe("function");
  });

  it("starts a stranded PENDING order once, and logs its report as one JSON line", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFF1";
    await stranded(orderId, "cus_stranded");
    const handler = await entry();
    try {
      const first = await invoke(handler);
      expect(first.line).toMatchObject({
        message: "orders reconciled",
        pending: { due: 1, started: [orderId], failed: [] },
      });
      expect(first).toMatchObject({ value: { pending: { started: [orderId] } } });
      await statusBecomes(orderId, "AWAITING_ORDER");
      // The next scheduled run finds nothing to do and starts nothing twice.
      const second = await invoke(handler);
      expect(second.line.pending).toEqual({ due: 0, started: [], failed: [] });
      expect(await executions(orderId)).toHaveLength(1);
    } finally {
      handler.close();
    }
  });

  it("fails the invocation when an order could not be started, naming it", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFF2";
    await stranded(orderId, "cus_unlucky");
    // A workflow name the runtime does not know: Invoke answers ResourceNotFoundException.
    const handler = await entry({ WORKFLOW_FUNCTION_NAME: "no-such-workflow" });
    try {
      const run = await invoke(handler);
      expect(run.line.pending).toMatchObject({ due: 1, started: [], failed: [{ orderId }] });
      expect(run).toMatchObject({ error: { name: "ReconcilerRunFailed" } });
      expect((run as { error: Error }).error.message).toContain(orderId);
    } finally {
      handler.close();
    }
    expect(await executions(orderId)).toHaveLength(0);
    expect((await orders.get(orderId))?.status).toBe("PENDING");
  });
});

const LATTE = {
  action: "submit",
  choice: {
    drink: { id: "latte", name: "Latte", ingredients: { beans: 1, milk: 1 } },
    modifiers: { size: "large", milk: "oat", shots: "no" },
  },
};

function tables() {
  const env = readEnv();
  return { orders: env.ORDERS_TABLE, shop: env.SHOP_TABLE };
}

/** Admits an order as `POST /orders` does and starts it as the API does (Invoke over HTTP). */
async function startAdmitted(orderId: string, customerId: string) {
  const input = await admitOrder(clients.dynamo, tables(), { orderId, customerId });
  await new LambdaWorkflowGateway({ functionName: ORDERS_WORKFLOW_FUNCTION }).startOrder(input);
}

/** Completes the callback the order waits on, once the workflow has recorded it. */
async function complete(orderId: string, name: string, payload: unknown) {
  await expect
    .poll(async () => (await orders.getRecord(orderId))?.pendingCallback?.name, { timeout: 10_000 })
    .toBe(name);
  const { callbackId } = (await orders.getRecord(orderId))!.pendingCallback!;
  await stack.runtime.sendCallbackSuccess(callbackId, JSON.stringify(payload));
}

/** Starts an order as the API does (Invoke over HTTP) and brings it to QUEUED with a latte. */
async function queuedOrder(orderId: string, customerId: string) {
  await startAdmitted(orderId, customerId);
  await complete(orderId, "customer-order", LATTE);
  await statusBecomes(orderId, "QUEUED");
}

async function arnOf(orderId: string) {
  return (await executions(orderId))[0]!.DurableExecutionArn!;
}

const cancelledEvents = (orderId: string) =>
  published.filter(
    (e) => e.type === "Order.Cancelled" && (e.data as { orderId: string }).orderId === orderId,
  );

/** A latte's ingredients out of `stock`. */
const lessOneLatte = (stock: Record<string, number>) => ({
  ...stock,
  beans: stock.beans! - 1,
  milk: stock.milk! - 1,
});

describe("orders whose execution ended without the workflow closing them", () => {
  it("closes an order whose execution was stopped: CANCELLED, stock back, one event", async () => {
    const stopped = "ord_01KFFFFFFFFFFFFFFFFFFFFFS1";
    const running = "ord_01KFFFFFFFFFFFFFFFFFFFFFR1";
    const normal = "ord_01KFFFFFFFFFFFFFFFFFFFFFN1";
    const before = await shop.getStock();
    await queuedOrder(stopped, "cus_stopped");
    await queuedOrder(running, "cus_running");
    // One the workflow closes itself: the customer cancels before choosing.
    await startAdmitted(normal, "cus_normal");
    await complete(normal, "customer-order", { action: "cancel" });
    await statusBecomes(normal, "CANCELLED");
    expect(await shop.getStock()).toEqual(lessOneLatte(lessOneLatte(before)));

    // An operator stops the execution, through the Lambda API.
    await lambda.send(
      new StopDurableExecutionCommand({ DurableExecutionArn: await arnOf(stopped) }),
    );
    expect((await stack.runtime.getExecution(await arnOf(stopped))).Status).toBe("STOPPED");

    // Within the age threshold (default 2 minutes) nothing is even looked at.
    const young = await entry();
    try {
      const run = await invoke(young);
      expect(run.line.ended).toMatchObject({ closed: [], failed: [] });
    } finally {
      young.close();
    }
    expect((await orders.get(stopped))?.status).toBe("QUEUED");

    const handler = await entry({ OPEN_ORDER_MIN_AGE_SECONDS: "0" });
    try {
      const first = await invoke(handler);
      expect(first.line.ended.failed).toEqual([]);
      expect(first.line.ended.closed).toEqual([
        { orderId: stopped, execution: "STOPPED", reason: "EXECUTION_STOPPED" },
      ]);
      const record = await orders.getRecord(stopped);
      expect(record?.order).toMatchObject({ status: "CANCELLED", reason: "EXECUTION_STOPPED" });
      expect(record?.pendingCallback).toBeUndefined();
      expect(await shop.getStock()).toEqual(lessOneLatte(before));
      await expect.poll(() => cancelledEvents(stopped).length).toBe(1);
      expect(cancelledEvents(stopped)[0]!.data).toMatchObject({ reason: "EXECUTION_STOPPED" });

      // Again: nothing left to close, nothing released or published twice.
      const second = await invoke(handler);
      expect(second.line.ended.closed).toEqual([]);
      expect(await shop.getStock()).toEqual(lessOneLatte(before));
      expect(cancelledEvents(stopped)).toHaveLength(1);
    } finally {
      handler.close();
    }
    // The running order and the one the workflow closed are untouched.
    expect((await orders.get(running))?.status).toBe("QUEUED");
    expect(await orders.get(normal)).toMatchObject({
      status: "CANCELLED",
      reason: "CUSTOMER_CANCELLED",
    });
    expect(cancelledEvents(normal)).toHaveLength(1);
    // Stopped, the execution stays stopped; the order was closed beside it.
    expect((await stack.runtime.getExecution(await arnOf(stopped))).Status).toBe("STOPPED");
    // The execution was read by the ARN the workflow recorded on the order, not looked up by
    // name (which in AWS lists one qualifier's executions only): a gateway that cannot list
    // this function's executions still finds it.
    const record = await orders.getRecord(stopped);
    expect(record?.executionArn).toBe(await arnOf(stopped));
    const elsewhere = new LambdaWorkflowGateway({ functionName: "another-function" });
    expect(await elsewhere.executionStatus(stopped, record?.executionArn)).toEqual({
      arn: await arnOf(stopped),
      status: "STOPPED",
    });
    await expect(elsewhere.executionStatus(stopped)).rejects.toThrow();
    // The running one ends as the workflow ends it (a barista cancels), so that no later test
    // finds its latte still held.
    await complete(running, "barista-accept", { action: "cancel", by: "barista" });
    await statusBecomes(running, "CANCELLED");
    expect(await shop.getStock()).toEqual(before);
  });

  it("leaves an order the workflow moved after the sweep read it, and closes it on the next", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFM1";
    const before = await shop.getStock();
    const gateway = new LambdaWorkflowGateway({ functionName: ORDERS_WORKFLOW_FUNCTION });
    await startAdmitted(orderId, "cus_moved");
    await statusBecomes(orderId, "AWAITING_ORDER");
    const deps = {
      ...createDataDeps(),
      now: Date.now,
      workflow: {
        // Between the sweep's read and its close, the workflow moves on (the customer's choice
        // arrives: the order is QUEUED and holds a latte), and then the execution is stopped.
        async executionStatus(id: string, knownArn?: string) {
          if (id !== orderId) return gateway.executionStatus(id, knownArn);
          await complete(id, "customer-order", LATTE);
          await statusBecomes(id, "QUEUED");
          await lambda.send(
            new StopDurableExecutionCommand({ DurableExecutionArn: await arnOf(id) }),
          );
          return gateway.executionStatus(id, knownArn);
        },
      },
    };
    const raced = await closeOrdersOfEndedExecutions(deps, { minAgeMs: 0 });
    expect(raced.closed.map((c) => c.orderId)).not.toContain(orderId);
    expect(raced.failed).toEqual([]);
    expect((await orders.get(orderId))?.status).toBe("QUEUED");
    expect(cancelledEvents(orderId)).toHaveLength(0);
    expect(await shop.getStock()).toEqual(lessOneLatte(before));

    // The next sweep reads the execution by the ARN the workflow recorded on the order: a
    // gateway that cannot look executions up by name (another function) still closes it.
    const byArnOnly = new LambdaWorkflowGateway({ functionName: "another-function" });
    const next = await closeOrdersOfEndedExecutions(
      { ...deps, workflow: byArnOnly },
      { minAgeMs: 0 },
    );
    expect(next.closed).toContainEqual({
      orderId,
      execution: "STOPPED",
      reason: "EXECUTION_STOPPED",
    });
    expect(await orders.get(orderId)).toMatchObject({ status: "CANCELLED" });
    expect(await shop.getStock()).toEqual(before);
    await expect.poll(() => cancelledEvents(orderId).length).toBe(1);
  });

  it("leaves an order the workflow closed after the sweep read it: its close and event win", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFC1";
    const before = await shop.getStock();
    await queuedOrder(orderId, "cus_closed_first");
    const gateway = new LambdaWorkflowGateway({ functionName: ORDERS_WORKFLOW_FUNCTION });
    const data = createDataDeps();
    const deps = {
      ...data,
      now: Date.now,
      workflow: {
        // The execution is stopped while its last invocation is still running, and that
        // invocation closes the order (a barista's cancel) after the sweep read it.
        async executionStatus(id: string, knownArn?: string) {
          if (id !== orderId) return gateway.executionStatus(id, knownArn);
          await lambda.send(
            new StopDurableExecutionCommand({ DurableExecutionArn: await arnOf(id) }),
          );
          const closed = await data.orders.transition(id, {
            from: ["QUEUED"],
            to: "CANCELLED",
            now: new Date().toISOString(),
            set: { reason: "BARISTA_CANCELLED" },
            pendingCallback: null,
          });
          await data.events.publishOrderEvent("Order.Cancelled", closed);
          return gateway.executionStatus(id, knownArn);
        },
      },
    };
    const report = await closeOrdersOfEndedExecutions(deps, { minAgeMs: 0 });
    expect(report.failed).toEqual([]);
    expect(report.closed.map((c) => c.orderId)).not.toContain(orderId);
    expect(await orders.get(orderId)).toMatchObject({
      status: "CANCELLED",
      reason: "BARISTA_CANCELLED",
    });
    await expect.poll(() => cancelledEvents(orderId).length).toBe(1);
    expect(cancelledEvents(orderId)[0]!.data).toMatchObject({ reason: "BARISTA_CANCELLED" });
    // The sweep's release went first (the reservation was still held); nothing is released twice.
    expect(await shop.getStock()).toEqual(before);
  });

  it("is closed by the local stack's own sweep too (the same run as the Lambda's)", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFL1";
    const before = await shop.getStock();
    await queuedOrder(orderId, "cus_local");
    await lambda.send(
      new StopDurableExecutionCommand({ DurableExecutionArn: await arnOf(orderId) }),
    );
    const { ended } = await stack.reconciler.sweep();
    expect(ended.closed).toEqual([{ orderId, execution: "STOPPED", reason: "EXECUTION_STOPPED" }]);
    expect(await orders.get(orderId)).toMatchObject({ status: "CANCELLED" });
    expect(await shop.getStock()).toEqual(before);
    await expect.poll(() => cancelledEvents(orderId).length).toBe(1);
  });

  it("finds the execution by name for an order with no recorded ARN (written before it was)", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFA1";
    const before = await shop.getStock();
    await queuedOrder(orderId, "cus_legacy");
    // The item as an order from before the workflow recorded its execution's ARN looks.
    await clients.dynamo.send(
      new UpdateItemCommand({
        TableName: readEnv().ORDERS_TABLE,
        Key: { orderId: { S: orderId } },
        UpdateExpression: "REMOVE executionArn",
      }),
    );
    expect((await orders.getRecord(orderId))?.executionArn).toBeUndefined();
    await lambda.send(
      new StopDurableExecutionCommand({ DurableExecutionArn: await arnOf(orderId) }),
    );
    const { ended } = await stack.reconciler.sweep();
    expect(ended.closed).toEqual([{ orderId, execution: "STOPPED", reason: "EXECUTION_STOPPED" }]);
    expect(await shop.getStock()).toEqual(before);
    await expect.poll(() => cancelledEvents(orderId).length).toBe(1);
  });

  it("closes an order whose recorded execution is gone (past Lambda's retention)", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFG1";
    const before = await shop.getStock();
    await queuedOrder(orderId, "cus_gone");
    const arn = await arnOf(orderId);
    await lambda.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn }));
    // What the order records once Lambda has dropped the execution: an ARN nothing answers to.
    const gone = arn.replace(/[0-9a-f]{8}(?=[^/]*$)/, "00000000");
    expect(gone).not.toBe(arn);
    await clients.dynamo.send(
      new UpdateItemCommand({
        TableName: readEnv().ORDERS_TABLE,
        Key: { orderId: { S: orderId } },
        UpdateExpression: "SET executionArn = :arn",
        ExpressionAttributeValues: { ":arn": { S: gone } },
      }),
    );
    const { ended } = await stack.reconciler.sweep();
    expect(ended.failed).toEqual([]);
    expect(ended.closed).toContainEqual({ orderId, execution: "GONE", reason: "WORKFLOW_FAILED" });
    expect(await orders.get(orderId)).toMatchObject({ status: "CANCELLED" });
    expect(await shop.getStock()).toEqual(before);
    await expect.poll(() => cancelledEvents(orderId).length).toBe(1);
  });

  it("closes an order whose execution timed out (runtime clock past the execution timeout)", async () => {
    const orderId = "ord_01KFFFFFFFFFFFFFFFFFFFFFT1";
    const before = await shop.getStock();
    await queuedOrder(orderId, "cus_timeout");
    await complete(orderId, "barista-accept", { action: "accept", baristaId: "barista" });
    await statusBecomes(orderId, "ACCEPTED");
    clock.advance(61_000);
    await expect
      .poll(async () => (await stack.runtime.getExecution(await arnOf(orderId))).Status)
      .toBe("TIMED_OUT");
    expect((await orders.get(orderId))?.status).toBe("ACCEPTED");

    const handler = await entry({ OPEN_ORDER_MIN_AGE_SECONDS: "0" });
    try {
      const run = await invoke(handler);
      expect(run.line.ended.closed).toContainEqual({
        orderId,
        execution: "TIMED_OUT",
        reason: "EXECUTION_TIMED_OUT",
      });
      expect(run.line.ended.failed).toEqual([]);
    } finally {
      handler.close();
    }
    expect(await orders.get(orderId)).toMatchObject({
      status: "CANCELLED",
      reason: "EXECUTION_TIMED_OUT",
      baristaId: "barista",
    });
    expect(await shop.getStock()).toEqual(before);
    await expect.poll(() => cancelledEvents(orderId).length).toBe(1);
  });
});

/** The data layer on the clients the stack pointed at its own services. */
function createDataDeps() {
  const env = readEnv();
  const data = createDataLayer({
    tables: { orders: env.ORDERS_TABLE, shop: env.SHOP_TABLE },
    eventBusName: env.EVENT_BUS_NAME,
    clients,
  });
  return {
    orders: data.orders,
    settlement: data.settlement,
    shop: data.shop,
    events: data.events,
  };
}
