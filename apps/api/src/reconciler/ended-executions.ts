/**
 * The reconciler for orders whose execution ended without the workflow closing them. The
 * workflow closes every order it runs to an end, its own failures included (CANCELLED with
 * WORKFLOW_FAILED). It cannot when the execution is stopped from outside
 * (`StopDurableExecution`) or runs past its execution timeout: the handler is never invoked
 * again, so the order would keep its open status, and its stock stay reserved, forever.
 *
 * `closeOrdersOfEndedExecutions` looks at open orders older than a threshold (oldest first, a
 * bounded page per status), asks the workflow gateway for each one's execution (by the ARN the
 * workflow recorded on the order, or else by name), and closes the order as the workflow would:
 * the reserved stock released, the order CANCELLED with a reason (EXECUTION_STOPPED,
 * EXECUTION_TIMED_OUT, or WORKFLOW_FAILED for a failed execution whose own failure path could
 * not close it), and the `Order.Cancelled` event published.
 *
 * Idempotent and safe against the workflow: the stock release is conditional on the
 * reservation still being held, and the close is conditional on the order being exactly as read
 * (`ifUpdatedAt`), so an order the workflow changed or closed first is left alone.
 */
import type {
  EventPublisher,
  OrderSettlement,
  OrdersRepository,
  ShopRepository,
} from "@coffee/data";
import {
  type CancelReason,
  ingredientsFor,
  type Menu,
  OPEN_STATUSES,
  ORDER_EVENT_TYPES,
  type Order,
} from "@coffee/shared";
import type { OrderExecution } from "../workflow/lambda-workflow-gateway.js";
import { pool } from "./pool.js";

export interface EndedExecutionDeps {
  orders: Pick<OrdersRepository, "listByStatus" | "getRecord">;
  settlement: Pick<OrderSettlement, "close">;
  shop: Pick<ShopRepository, "getMenu" | "releaseStock">;
  events: Pick<EventPublisher, "publishOrderEvent">;
  workflow: {
    executionStatus(orderId: string, knownArn?: string): Promise<OrderExecution | undefined>;
  };
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface EndedExecutionOptions {
  /**
   * Only orders created at least this long ago (default 2 minutes): a younger order's execution
   * may not be listed yet, and no order needs closing within moments of its start.
   */
  minAgeMs?: number;
  /** At most this many orders are checked per sweep, oldest first per status (default 50). */
  limit?: number;
  /** Orders checked at once (default 4). */
  concurrency?: number;
}

export interface EndedExecutionReport {
  /** Open orders past the threshold that were looked at. */
  checked: number;
  /** Orders this sweep closed, with the execution status that closed them. */
  closed: { orderId: string; execution: string; reason: CancelReason }[];
  /** Orders that could not be checked or closed this time; the next sweep tries again. */
  failed: { orderId: string; error: unknown }[];
}

export const DEFAULT_ENDED_MIN_AGE_MS = 120_000;
export const DEFAULT_ENDED_LIMIT = 50;

/** How an order is closed when its execution ended in each of these; others are left alone. */
const REASON_BY_EXECUTION: Partial<Record<string, CancelReason>> = {
  STOPPED: "EXECUTION_STOPPED",
  TIMED_OUT: "EXECUTION_TIMED_OUT",
  FAILED: "WORKFLOW_FAILED",
  // Past the execution's retention: however it ended, it never closed the order. Left open,
  // the order would fail every sweep from now on.
  GONE: "WORKFLOW_FAILED",
};

export async function closeOrdersOfEndedExecutions(
  deps: EndedExecutionDeps,
  options: EndedExecutionOptions = {},
): Promise<EndedExecutionReport> {
  const cutoff = new Date(
    deps.now() - (options.minAgeMs ?? DEFAULT_ENDED_MIN_AGE_MS),
  ).toISOString();
  const due = await oldOpenOrders(deps.orders, cutoff, options.limit ?? DEFAULT_ENDED_LIMIT);
  const report: EndedExecutionReport = { checked: due.length, closed: [], failed: [] };
  // The menu is read once, and only if some order needs its stock released.
  let menu: Promise<Menu> | undefined;
  const recipe = async (order: Order) => {
    menu ??= deps.shop.getMenu();
    const drink = (await menu).find((d) => d.id === order.drink);
    return drink && ingredientsFor(drink, order.modifiers ?? {});
  };
  await pool(due.length, Math.max(1, options.concurrency ?? 4), async (i) => {
    const { orderId } = due[i]!;
    try {
      const closed = await closeIfEnded(deps, orderId, recipe);
      if (closed) report.closed.push(closed);
    } catch (error) {
      report.failed.push({ orderId, error });
    }
  });
  return report;
}

/**
 * Open orders created at or before `cutoff`, oldest first, at most `limit` in all. The byStatus
 * index keeps each status oldest first, so one page of `limit` items per status holds every
 * order past the cutoff unless there are more than `limit` of them (then the next sweep, after
 * this one closed some, reaches further).
 */
async function oldOpenOrders(
  orders: EndedExecutionDeps["orders"],
  cutoff: string,
  limit: number,
): Promise<Order[]> {
  const found: Order[] = [];
  for (const status of OPEN_STATUSES) {
    const left = limit - found.length;
    if (left <= 0) break;
    const page = await orders.listByStatus(status, { limit: left });
    found.push(...page.filter((order) => order.createdAt <= cutoff));
  }
  return found;
}

async function closeIfEnded(
  deps: EndedExecutionDeps,
  orderId: string,
  recipe: (order: Order) => Promise<Record<string, number> | undefined>,
): Promise<EndedExecutionReport["closed"][number] | undefined> {
  // Read before the execution: if the workflow moves the order after this read, the close
  // below no longer matches and is rejected.
  const record = await deps.orders.getRecord(orderId);
  const order = record?.order;
  if (!order || !OPEN_STATUSES.includes(order.status)) return undefined;
  const execution = await deps.workflow.executionStatus(orderId, record.executionArn);
  // No execution: a start cut off before Invoke, which `reconcilePendingOrders` handles.
  const reason = execution && REASON_BY_EXECUTION[execution.status];
  if (!execution || !reason) return undefined;

  // The stock first, as the workflow's own compensation does: releasing is a no-op unless the
  // reservation is still held (never made, already released, or used by a READY order), and a
  // sweep that dies after it finds the order still open and does the rest next time.
  // Ingredients come from the current menu and the order's modifiers, as the order records the
  // drink, not its recipe.
  const ingredients = await recipe(order);
  if (ingredients) await deps.shop.releaseStock(orderId, ingredients);

  let closed: Order;
  try {
    // Frees the places the order holds (queue, customer) in the same write.
    const { status, updatedAt, reason: _, ...facts } = order;
    closed = await deps.settlement.close(facts, {
      from: [status],
      reason,
      now: new Date(deps.now()).toISOString(),
      ifUpdatedAt: updatedAt,
    });
  } catch (error) {
    // The workflow changed or closed the order since it was read: its write wins.
    if ((error as { code?: string }).code === "TRANSITION_REJECTED") return undefined;
    throw error;
  }
  await deps.events.publishOrderEvent(ORDER_EVENT_TYPES.cancelled, closed);
  return { orderId, execution: execution.status, reason };
}
