/**
 * The reconciler for orders whose start was cut off. `POST /orders` stores the order in PENDING
 * and then sends `Invoke`; a crash (or a failed `Invoke`) in between leaves an order that no
 * execution will ever move. `reconcilePendingOrders` finds PENDING orders older than a grace
 * period and sends the same idempotent `Invoke` again (same execution name, same payload, both
 * derived from the stored order), so it may run any number of times, concurrently with the API.
 *
 * A plain function over the narrow stores: the local stack runs it at start-up and on an
 * interval; in AWS the scheduled Lambda `reconciler-lambda.ts` runs it every minute.
 */
import type { OrdersStore, WorkflowGateway } from "../app-deps.js";
import { orderWorkflowInput } from "../workflow/order-workflow-input.js";
import { pool } from "./pool.js";

export interface ReconcileDeps {
  orders: Pick<OrdersStore, "listByStatus" | "getRecord">;
  workflow: Pick<WorkflowGateway, "startOrder">;
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface ReconcileOptions {
  /**
   * Only orders created at least this long ago (default 30 s): a younger PENDING order is most
   * likely a start still in flight, or an execution that has not written its first status yet.
   */
  graceMs?: number;
  /** Invokes in flight at once (default 4). */
  concurrency?: number;
}

export interface ReconcileReport {
  /** PENDING orders past the grace period when the sweep began. */
  due: number;
  /** Orders whose execution was (re)started. */
  started: string[];
  /** Orders whose `Invoke` failed this time; the next sweep tries again. */
  failed: { orderId: string; error: unknown }[];
}

export const DEFAULT_PENDING_GRACE_MS = 30_000;

export async function reconcilePendingOrders(
  deps: ReconcileDeps,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const cutoff = new Date(deps.now() - (options.graceMs ?? DEFAULT_PENDING_GRACE_MS)).toISOString();
  // The byStatus index keeps PENDING orders oldest first, and PENDING is a status an order
  // leaves within moments of its start, so this reads only the few orders in it.
  const pending = await deps.orders.listByStatus("PENDING");
  const due = pending.filter((order) => order.createdAt <= cutoff);
  const report: ReconcileReport = { due: due.length, started: [], failed: [] };
  await pool(due.length, Math.max(1, options.concurrency ?? 4), async (i) => {
    const { orderId } = due[i]!;
    try {
      // The index is eventually consistent (in AWS): re-read the item before starting.
      const fresh = await deps.orders.getRecord(orderId);
      if (fresh?.order.status !== "PENDING") return;
      await deps.workflow.startOrder(orderWorkflowInput(fresh));
      report.started.push(orderId);
    } catch (error) {
      report.failed.push({ orderId, error });
    }
  });
  return report;
}
