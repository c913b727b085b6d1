import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LambdaWorkflowGateway,
  orderWorkflowInput,
  RateLimiter,
  readEnv,
  reconcilePendingOrders,
  SessionTokens,
  workflowPayload,
} from "@coffee/api";
import { createAwsClients, OrderAdmission, OrdersRepository } from "@coffee/data";
import { ORDERS_WORKFLOW_FUNCTION, orderTerms, SEED_CONFIG } from "@coffee/shared";
import { type CallOptions, call as httpCall } from "@coffee/shop-driver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSessionSecret } from "./data-dir.js";
import { type LocalStackWithRuntimeHere, startLocalStack } from "./start-local-stack.js";
import { orderExecutions, orderStatusBecomes } from "./testing/stack-orders.js";

// The crash window of `POST /orders` (order stored PENDING, then `Invoke`), on the real local
// stack over HTTP: a crash between the two is simulated by writing the order through the
// repository without invoking. The customer's retry and the reconciler must each start it,
// once: it reaches AWAITING_ORDER and the runtime holds exactly one execution for it.

let dataDir: string;
let stack: LocalStackWithRuntimeHere;
let clients: ReturnType<typeof createAwsClients>;
let orders: OrdersRepository;
let admission: OrderAdmission;

async function start(env: { PENDING_SWEEP_SECONDS: number; PENDING_GRACE_SECONDS?: number }) {
  // A restart keeps the service ports: the workflow runs in this process and keeps the SDK
  // clients it built on its first invocation (as a warm Lambda would).
  const ports = stack?.ports;
  stack = await startLocalStack({
    // In this thread: the tests read the runtime's executions.
    runtimeIn: "this-thread",
    env: {
      PORT: 0,
      DATA_DIR: dataDir,
      // Spread: env is spread over the parsed environment; undefined would wipe a port's 0.
      ...(ports
        ? {
            DYNAMODB_PORT: ports.dynamodb,
            EVENTS_PORT: ports.events,
            DURABLE_RUNTIME_PORT: ports.lambda,
          }
        : {}),
      ...env,
    },
    webDist: join(dataDir, "no-web-app"),
    limits: {
      redeem: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
      startOrder: new RateLimiter({ capacity: 1000, refillPerSecond: 100 }),
    },
    shopConfig: {
      ...SEED_CONFIG,
      limits: { ...SEED_CONFIG.limits, drinksPerToken: 1000, maxOrdersInQueue: 1000 },
    },
  });
  // The stack has pointed the SDK's endpoints (process.env) at its own services.
  clients = createAwsClients();
  const names = readEnv();
  orders = new OrdersRepository(clients.dynamo, names.ORDERS_TABLE);
  admission = new OrderAdmission(clients.dynamo, {
    orders: names.ORDERS_TABLE,
    shop: names.SHOP_TABLE,
  });
}

async function stop() {
  clients?.destroy();
  await stack?.close();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-pending-"));
  // No periodic sweep: in these first tests only the retry may start anything.
  await start({ PENDING_SWEEP_SECONDS: 0 });
});

afterAll(async () => {
  await stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** The shared test client, against this boot's API. */
const call = (method: string, path: string, options?: CallOptions) =>
  httpCall(`${stack.loopbackUrl}/api`, method, path, options);

async function qrToken(): Promise<string> {
  const login = await call("POST", "/auth/login", {
    body: { username: "barista", password: "barista" },
  });
  return (await call("GET", "/qr-code", { token: login.body.token })).body.token;
}

/** What a start that died between the admission and `Invoke` leaves behind. */
async function orphan(orderId: string, customerId: string, createdAt = new Date()) {
  const admitted = await admission.admit({
    orderId,
    customerId,
    token: await qrToken(),
    nowMs: createdAt.getTime(),
    maxOrdersPerCustomer: 5,
    terms: orderTerms(SEED_CONFIG),
  });
  expect(admitted).toMatchObject({ admitted: true });
  expect(await executions(orderId)).toHaveLength(0);
}

async function executions(orderId: string) {
  return orderExecutions(stack.runtime, orderId);
}

async function statusBecomes(orderId: string, status: string) {
  await orderStatusBecomes(orders, orderId, status);
}

/** Exactly one execution, started with the payload derived from the stored order. */
async function startedOnce(orderId: string) {
  await statusBecomes(orderId, "AWAITING_ORDER");
  const found = await executions(orderId);
  expect(found).toHaveLength(1);
  const execution = await stack.runtime.getExecution(found[0]!.DurableExecutionArn!);
  const stored = (await orders.getRecord(orderId))!;
  expect(execution.InputPayload).toBe(workflowPayload(orderWorkflowInput(stored)));
}

describe("an order whose start was cut off between the write and Invoke", () => {
  it("is started by its customer's retry", async () => {
    const orderId = "ord_01KEEEEEEEEEEEEEEEEEEEEEE1";
    await orphan(orderId, "cus_retry");
    const sessions = new SessionTokens({ secret: loadSessionSecret(dataDir) });
    const token = await sessions.sign({ id: "cus_retry", role: "customer" });
    const retry = await call("POST", "/orders", {
      token,
      body: { token: await qrToken(), orderId },
    });
    expect(retry.status).toBe(202);
    expect(retry.body.orderId).toBe(orderId);
    await startedOnce(orderId);
    // Retried again once it has moved on: the same order, nothing new started.
    const again = await call("POST", "/orders", {
      token,
      body: { token: await qrToken(), orderId },
    });
    expect(again.status).toBe(202);
    expect(await executions(orderId)).toHaveLength(1);
  });

  it("is started by a retry that lost the customer's session too (and stays theirs)", async () => {
    const orderId = "ord_01KEEEEEEEEEEEEEEEEEEEEEE2";
    await orphan(orderId, "cus_lost");
    const retry = await call("POST", "/orders", { body: { token: await qrToken(), orderId } });
    expect(retry.status).toBe(409);
    expect(retry.body.error).toMatchObject({ code: "ORDER_EXISTS", status: "PENDING" });
    await startedOnce(orderId);
    expect((await orders.get(orderId))?.customerId).toBe("cus_lost");
  });

  it("re-sends exactly the first start's payload (Invoke again is a no-op)", async () => {
    const started = await call("POST", "/orders", { body: { token: await qrToken() } });
    expect(started.status).toBe(202);
    const { orderId } = started.body;
    await statusBecomes(orderId, "AWAITING_ORDER");
    const stored = (await orders.getRecord(orderId))!;
    // The runtime refuses the same name with another payload; this one it takes as a repeat.
    const repeat = await stack.runtime.startExecution({
      functionName: ORDERS_WORKFLOW_FUNCTION,
      executionName: orderId,
      input: JSON.parse(workflowPayload(orderWorkflowInput(stored))),
    });
    expect(repeat.alreadyStarted).toBe(true);
    await startedOnce(orderId);
  });

  it("is started once while the reconciler races ordinary starts", async () => {
    const workflow = new LambdaWorkflowGateway({ functionName: ORDERS_WORKFLOW_FUNCTION });
    const deps = { orders, workflow, now: Date.now };
    let racing = true;
    const sweeps = (async () => {
      let n = 0;
      // No grace at all: every PENDING order is due, including starts still in flight.
      while (racing) n += (await reconcilePendingOrders(deps, { graceMs: 0 })).started.length;
      return n;
    })();
    const qr = await qrToken();
    const starts = await Promise.all(
      Array.from({ length: 8 }, () => call("POST", "/orders", { body: { token: qr } })),
    );
    const ids = starts.map((s) => s.body.orderId as string);
    for (const id of ids) await startedOnce(id);
    racing = false;
    // The sweeps did re-send some of those starts; none made a second execution.
    expect(await sweeps).toBeGreaterThanOrEqual(0);
    for (const id of ids) expect(await executions(id)).toHaveLength(1);
  });
});

describe("the local stack's reconciler", () => {
  it("starts orders left PENDING by an earlier run at start-up, then on its interval", async () => {
    const early = "ord_01KEEEEEEEEEEEEEEEEEEEEEE3";
    const young = "ord_01KEEEEEEEEEEEEEEEEEEEEEE4";
    // A crash 2 minutes ago, well past the 30 s grace period; and one a moment ago, within it.
    await orphan(early, "cus_early", new Date(Date.now() - 120_000));
    await orphan(young, "cus_young");
    await stop();

    await start({ PENDING_SWEEP_SECONDS: 0 });
    expect(stack.reconciler.atStart.pending).toEqual({ due: 1, started: [early], failed: [] });
    await startedOnce(early);
    expect((await orders.get(young))?.status).toBe("PENDING");
    expect(await executions(young)).toHaveLength(0);
    await stop();

    // A short grace and interval: the periodic sweep picks the young order up on its own.
    await start({ PENDING_SWEEP_SECONDS: 0.2, PENDING_GRACE_SECONDS: 1 });
    const late = "ord_01KEEEEEEEEEEEEEEEEEEEEEE5";
    await orphan(late, "cus_late");
    await startedOnce(young);
    await startedOnce(late);
    // Later sweeps find nothing left to do and start nothing twice.
    expect((await stack.reconciler.sweep()).pending).toEqual({ due: 0, started: [], failed: [] });
    for (const id of [early, young, late]) expect(await executions(id)).toHaveLength(1);
  });
});
