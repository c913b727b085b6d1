/**
 * The shop's open orders for staff screens: a snapshot from `GET /api/orders`, reloaded on every
 * (re)connection of the live stream and after events without the order in them; events that
 * carry the order are applied directly. A failed load is retried until it succeeds
 * (`useRetryingLoad`).
 */
import type { PublicOrder } from "@coffee/shared";
import { isTerminalStatus } from "@coffee/shared";
import { useCallback, useRef, useState } from "react";
import { laterOrder } from "../api/order-versions.js";
import type { LiveEvent, LiveStatus } from "../realtime/realtime-source.js";
import { useServices } from "../services.js";
import { useLive } from "./use-live.js";
import { useRetryingLoad } from "./use-retrying-load.js";

export interface OpenOrders {
  orders: PublicOrder[];
  loading: boolean;
  error: string | undefined;
  live: LiveStatus;
  reload(): void;
  /** Puts an action's answer (the order as it leads it, `pending`) in place before the event. */
  apply(order: PublicOrder): void;
}

export function useOpenOrders(
  token: string | undefined,
  options: {
    retryMs?: number;
    onAuthError?(error: unknown): boolean;
    onEvent?(e: LiveEvent): void;
  } = {},
): OpenOrders {
  const { api } = useServices();
  const [orders, setOrders] = useState<PublicOrder[]>([]);
  const [loaded, setLoaded] = useState(false);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const fetchOrders = useCallback(() => api.openOrders(token ?? ""), [api, token]);
  const load = useRetryingLoad(fetchOrders, {
    enabled: Boolean(token),
    retryMs: options.retryMs,
    onError: (e) => optionsRef.current.onAuthError?.(e) ?? false,
    onLoaded: (list) => {
      // An action's answer stays until the workflow's write replaces it.
      setOrders((shown) =>
        list.map((o) =>
          laterOrder(
            shown.find((p) => p.orderId === o.orderId),
            o,
          ),
        ),
      );
      setLoaded(true);
    },
  });
  const reload = load.run;

  const apply = useCallback((order: PublicOrder) => {
    setOrders((list) => upsert(list, order));
  }, []);

  const live = useLive(token ? { token } : undefined, {
    onLive: reload,
    onEvent: (event) => {
      optionsRef.current.onEvent?.(event);
      if (!event.type.startsWith("Order.")) return;
      if (event.order) apply(event.order);
      else reload();
    },
  });

  const { error } = load;
  return { orders, loading: !loaded && error === undefined, error, live, reload, apply };
}

/** Replaces the order if this version is not older; drops it once it is finished. */
function upsert(list: PublicOrder[], order: PublicOrder): PublicOrder[] {
  const i = list.findIndex((o) => o.orderId === order.orderId);
  const current = list[i];
  if (current && laterOrder(current, order) === current) return list;
  const rest = i >= 0 ? [...list.slice(0, i), ...list.slice(i + 1)] : list;
  if (isTerminalStatus(order.status)) return rest;
  if (i >= 0) return [...rest.slice(0, i), order, ...rest.slice(i)];
  return [...rest, order];
}
