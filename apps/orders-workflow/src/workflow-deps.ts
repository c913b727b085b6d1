/** What the workflow needs from the outside world: the data layer and a clock. */
import { createDataLayer, type DataLayer } from "@coffee/data";
import { workflowEnv } from "./env.js";

export interface OrdersWorkflowDeps extends DataLayer {
  /** Epoch milliseconds; only ever called inside steps. Defaults to `Date.now`. */
  now?: () => number;
}

/** Deps, or a function building them on first use (so env is read at first invocation). */
export type DepsSource = OrdersWorkflowDeps | (() => OrdersWorkflowDeps);

export function resolveDeps(source: DepsSource): () => OrdersWorkflowDeps {
  if (typeof source !== "function") return () => source;
  let deps: OrdersWorkflowDeps | undefined;
  return () => {
    deps ??= source();
    return deps;
  };
}

/** The production wiring: AWS SDK clients from the default provider chain, names from env. */
export function depsFromEnv(): OrdersWorkflowDeps {
  const env = workflowEnv();
  return createDataLayer({
    tables: { orders: env.ORDERS_TABLE, shop: env.SHOP_TABLE },
    eventBusName: env.EVENT_BUS_NAME,
  });
}
