/**
 * Admitting orders and reading them (in the tables, through the API) and their executions on a
 * local stack, for the integration tests.
 */

import { orderWorkflowInput } from "@coffee/api";
import {
  type AwsClients,
  OrderAdmission,
  type OrdersRepository,
  QrTokenRepository,
  ShopRepository,
  type TableNames,
} from "@coffee/data";
import type { DurableRuntime } from "@coffee/durable-runtime";
import { ORDERS_WORKFLOW_FUNCTION, type OrderWorkflowInput, orderTerms } from "@coffee/shared";
import type { ApiCall } from "@coffee/shop-driver";
import { expect } from "vitest";

/**
 * Admits an order as `POST /orders` does (a QR code's drink, a queue place, the customer's place,
 * the order stored with its terms) without starting its execution: what a start that died before
 * `Invoke` leaves behind. Answers the input the API would start it with.
 */
export async function admitOrder(
  db: AwsClients["dynamo"],
  tables: TableNames,
  order: { orderId: string; customerId: string; nowMs?: number },
): Promise<OrderWorkflowInput> {
  const nowMs = order.nowMs ?? Date.now();
  const qr = new QrTokenRepository({ client: db, tableName: tables.shop });
  const { token } = await qr.current(Date.now(), { rotationSeconds: 300, drinksPerToken: 1000 });
  const config = await new ShopRepository(db, tables.shop).getConfig();
  const terms = orderTerms(config);
  const admitted = await new OrderAdmission(db, tables).admit({
    orderId: order.orderId,
    customerId: order.customerId,
    token,
    nowMs,
    maxOrdersPerCustomer: config.limits.maxOrdersPerCustomer + 100,
    terms,
  });
  if (!admitted.admitted) throw new Error(`order ${order.orderId} refused: ${admitted.reason}`);
  return orderWorkflowInput({ order: admitted.order, terms });
}

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

/** Waits (up to 10 s) until `GET /orders/:id` with the customer's `token` shows `status`. */
export async function customerSeesStatus(
  call: ApiCall,
  orderId: string,
  token: string,
  status: string,
): Promise<void> {
  await expect
    .poll(async () => (await call("GET", `/orders/${orderId}`, { token })).body?.status, {
      timeout: 10_000,
      interval: 25,
    })
    .toBe(status);
}
