/**
 * The order workflow's input, derived from the stored order alone. A start is retried (by the
 * customer's retry and by the pending-order reconciler) with `Invoke` under the same
 * `DurableExecutionName`, which is idempotent only for the same payload: so the payload is a
 * pure function of the stored order, never of the clock or a fresh id, and its key order is fixed.
 */
import type { Order, OrderWorkflowInput } from "@coffee/shared";

export function orderWorkflowInput(
  order: Pick<Order, "orderId" | "customerId">,
): OrderWorkflowInput {
  return { orderId: order.orderId, customerId: order.customerId };
}

/** The exact bytes sent as the `Invoke` payload (keys in a fixed order, nothing else). */
export function workflowPayload(input: OrderWorkflowInput): string {
  return JSON.stringify({ orderId: input.orderId, customerId: input.customerId });
}
