/**
 * Runs the pending-order reconciler in the local stack: once at start-up (orders cut off by a
 * crash of the previous run) and then on an interval, never two sweeps at once.
 */
import {
  type ReconcileDeps,
  type ReconcileReport,
  reconcilePendingOrders,
} from "../pending-orders.js";

export interface PendingOrderSweeps {
  /** One sweep now (waits for a sweep already running, then runs its own). */
  sweep(): Promise<ReconcileReport>;
  /** Stops the interval and waits for a sweep in flight. */
  stop(): Promise<void>;
}

export function startPendingOrderSweeps(
  deps: ReconcileDeps,
  options: { graceMs: number; intervalMs: number; concurrency?: number },
): PendingOrderSweeps {
  let running: Promise<ReconcileReport> | undefined;
  const sweep = async (): Promise<ReconcileReport> => {
    while (running) await running.catch(() => {});
    const { graceMs, concurrency } = options;
    running = reconcilePendingOrders(deps, { graceMs, concurrency }).then(report, (error) => {
      console.error("pending orders: the sweep failed; the next one tries again", error);
      return { due: 0, started: [], failed: [] };
    });
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };
  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          if (!running) void sweep();
        }, options.intervalMs)
      : undefined;
  timer?.unref();
  return {
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}

function report(result: ReconcileReport): ReconcileReport {
  if (result.started.length > 0) {
    console.warn(
      `pending orders: sent Invoke again for ${result.started.length} order(s) still PENDING past the grace period: ${result.started.join(", ")}`,
    );
  }
  for (const { orderId, error } of result.failed) {
    console.error(`pending orders: could not start ${orderId}; the next sweep tries again`, error);
  }
  return result;
}
