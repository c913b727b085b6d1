import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createAwsClients, OrdersRepository } from "@coffee/data";
import { ManualClock } from "@coffee/durable-runtime";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readEnv } from "./env.js";
import { type LocalStack, startLocalStack } from "./local/start-local-stack.js";
import { orderExecutions, orderStatusBecomes } from "./testing/stack-orders.js";

// The reconciler's Lambda entry against the local stack's real dynalite and durable runtime,
// reached the way it is in AWS: through the SDK clients its env builds (the stack has pointed
// AWS_ENDPOINT_URL_* at its own services). The runtime runs on a ManualClock, so executions
// can be timed out on demand.

let dataDir: string;
let stack: LocalStack;
let clients: ReturnType<typeof createAwsClients>;
let orders: OrdersRepository;
const clock = new ManualClock(Date.parse("2026-01-01T09:00:00Z"));

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "coffee-reconciler-"));
  stack = await startLocalStack({
    env: { PORT: 0, DATA_DIR: dataDir, PENDING_SWEEP_SECONDS: 0 },
    webDist: join(dataDir, "no-web-app"),
    runtimeClock: clock,
    executionTimeoutSeconds: 3 * 3600,
  });
  clients = createAwsClients();
  orders = new OrdersRepository(clients.dynamo, readEnv().ORDERS_TABLE);
});

afterAll(async () => {
  clients?.destroy();
  await stack?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The entry as Lambda loads it, with settings from the environment the stack exported. */
async function entry(overrides: Record<string, string> = {}) {
  const { createReconcilerHandler } = await import("./reconciler-lambda.js");
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
  const now = new Date(Date.now() - 120_000).toISOString();
  await orders.create({ orderId, customerId, now });
  expect(await executions(orderId)).toHaveLength(0);
}

describe("the reconciler's Lambda entry", () => {
  it("loads with defaults from the environment, as Lambda imports it", async () => {
    const { handler } = await import("./reconciler-lambda.js");
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
