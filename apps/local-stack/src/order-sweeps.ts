/**
 * Runs the order reconciler in the local stack (`reconcileOrders`, as the scheduled Lambda does
 * in AWS): once at start-up (orders cut off by a crash of the previous run) and then on an
 * interval, never two sweeps at once.
 */
import {
  type OrdersReconciled,
  type ReconcileOrdersDeps,
  type ReconcileSettings,
  reconcileOrders,
} from "@coffee/api";

export interface OrderSweeps {
  /** One sweep now (waits for a sweep already running, then runs its own). */
  sweep(): Promise<OrdersReconciled>;
  /** Stops the interval and waits for a sweep in flight. */
  stop(): Promise<void>;
}

const NOTHING_DONE: OrdersReconciled = {
  pending: { due: 0, started: [], failed: [] },
  ended: { checked: 0, closed: [], failed: [] },
};

export function startOrderSweeps(
  deps: ReconcileOrdersDeps,
  options: { settings: ReconcileSettings; intervalMs: number },
): OrderSweeps {
  let running: Promise<OrdersReconciled> | undefined;
  const sweep = async (): Promise<OrdersReconciled> => {
    while (running) await running.catch(() => {});
    running = reconcileOrders(deps, options.settings).then(report, (error) => {
      console.error("order reconciler: the sweep failed; the next one tries again", error);
      return structuredClone(NOTHING_DONE);
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

function report(result: OrdersReconciled): OrdersReconciled {
  const { pending, ended } = result;
  if (pending.started.length > 0) {
    console.warn(
      `pending orders: sent Invoke again for ${pending.started.length} order(s) still PENDING past the grace period: ${pending.started.join(", ")}`,
    );
  }
  for (const { orderId, error } of pending.failed) {
    console.error(`pending orders: could not start ${orderId}; the next sweep tries again`, error);
  }
  for (const { orderId, execution, reason } of ended.closed) {
    console.warn(`ended executions: closed ${orderId} (execution ${execution}) as ${reason}`);
  }
  for (const { orderId, error } of ended.failed) {
    console.error(
      `ended executions: could not close ${orderId}; the next sweep tries again`,
      error,
    );
  }
  return result;
}
