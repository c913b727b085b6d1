/**
 * The order workflow's input, derived from the stored order alone. A start is retried (by the
 * customer's retry and by the pending-order reconciler) with `Invoke` under the same
 * `DurableExecutionName`, which is idempotent only for the same payload: so the payload is a
 * pure function of the stored order, never of the clock or a fresh id, and its key order is fixed.
 */
import type { OrderRecord } from "@coffee/data";
import type { OrderWorkflowInput } from "@coffee/shared";

export function orderWorkflowInput(
  record: Pick<OrderRecord, "order" | "terms">,
): OrderWorkflowInput {
  const { orderId, customerId, createdAt } = record.order;
  return record.terms
    ? { orderId, customerId, createdAt, terms: record.terms }
    : { orderId, customerId };
}

/** The exact bytes sent as the `Invoke` payload (keys in a fixed order, nothing else). */
export function workflowPayload(input: OrderWorkflowInput): string {
  const { orderId, customerId, createdAt, terms } = input;
  if (!terms || createdAt === undefined) return JSON.stringify({ orderId, customerId });
  return JSON.stringify({
    orderId,
    customerId,
    createdAt,
    terms: {
      customerOrderSeconds: terms.customerOrderSeconds,
      baristaAcceptSeconds: terms.baristaAcceptSeconds,
      baristaCompleteSeconds: terms.baristaCompleteSeconds,
      pickupSeconds: terms.pickupSeconds,
      maxUnaccepts: terms.maxUnaccepts,
    },
  });
}
