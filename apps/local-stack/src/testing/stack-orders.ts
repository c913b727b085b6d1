/** Reading an order and its executions on a local stack, for the integration tests. */
import type { OrdersRepository } from "@coffee/data";
import type { DurableRuntime } from "@coffee/durable-runtime";
import { ORDERS_WORKFLOW_FUNCTION } from "@coffee/shared";
import { expect } from "vitest";

/** The order's durable executions (execution name = order id), newest first. */
export async function orderExecutions(runtime: DurableRuntime, orderId: string) {
  const { DurableExecutions } = await runtime.listExecutions({
    functionName: ORDERS_WORKFLOW_FUNCTION,
    executionName: orderId,
  });
  return DurableExecutions;
}

/** Waits (up to 10 s) until the stored order has `status`. */
export async function orderStatusBecomes(
  orders: Pick<OrdersRepository, "get">,
  orderId: string,
  status: string,
) {
  await expect
    .poll(async () => (await orders.get(orderId))?.status, { timeout: 10_000, interval: 25 })
    .toBe(status);
}
