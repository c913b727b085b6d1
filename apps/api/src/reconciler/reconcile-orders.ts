/**
 * One run of the order reconciler, as the scheduled Lambda (`reconciler-lambda.ts`) and the
 * local stack's sweeps (`local/order-sweeps.ts`) run it: first PENDING orders whose start was
 * cut off (`pending-orders.ts`), then open orders whose execution ended without the workflow
 * closing them (`ended-executions.ts`). Both read their settings from the same variables.
 */

import type { ApiEnv } from "../env.js";
import {
  closeOrdersOfEndedExecutions,
  type EndedExecutionDeps,
  type EndedExecutionOptions,
  type EndedExecutionReport,
} from "./ended-executions.js";
import {
  type ReconcileDeps,
  type ReconcileOptions,
  type ReconcileReport,
  reconcilePendingOrders,
} from "./pending-orders.js";

export interface ReconcileOrdersDeps {
  orders: ReconcileDeps["orders"] & EndedExecutionDeps["orders"];
  settlement: EndedExecutionDeps["settlement"];
  shop: EndedExecutionDeps["shop"];
  events: EndedExecutionDeps["events"];
  workflow: ReconcileDeps["workflow"] & EndedExecutionDeps["workflow"];
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface ReconcileSettings {
  pending: ReconcileOptions;
  ended: EndedExecutionOptions;
}

export interface OrdersReconciled {
  pending: ReconcileReport;
  ended: EndedExecutionReport;
}

/** `PENDING_GRACE_SECONDS`, `PENDING_SWEEP_CONCURRENCY`, `OPEN_ORDER_MIN_AGE_SECONDS`, `OPEN_ORDER_SWEEP_LIMIT`. */
export function reconcileSettings(env: ApiEnv): ReconcileSettings {
  const concurrency = env.PENDING_SWEEP_CONCURRENCY;
  return {
    pending: { graceMs: env.PENDING_GRACE_SECONDS * 1000, concurrency },
    ended: {
      minAgeMs: env.OPEN_ORDER_MIN_AGE_SECONDS * 1000,
      limit: env.OPEN_ORDER_SWEEP_LIMIT,
      concurrency,
    },
  };
}

export async function reconcileOrders(
  deps: ReconcileOrdersDeps,
  settings: ReconcileSettings,
): Promise<OrdersReconciled> {
  const pending = await reconcilePendingOrders(deps, settings.pending);
  const ended = await closeOrdersOfEndedExecutions(deps, settings.ended);
  return { pending, ended };
}
