/**
 * The shop's open orders for staff screens: a snapshot from `GET /api/orders`, reloaded on every
 * (re)connection of the live stream and after events without the order in them; events that
 * carry the order are applied directly. A failed load is retried until it succeeds.
 */
import type { PublicOrder } from "@coffee/shared";
import { isTerminalStatus } from "@coffee/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "../api/api-error.js";
import { laterOrder } from "../api/order-versions.js";
import type { LiveEvent, LiveStatus } from "../realtime/realtime-source.js";
import { useServices } from "../services.js";
import { useLive } from "./use-live.js";

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
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  const retry = useRef<ReturnType<typeof setTimeout>>(undefined);
  const generation = useRef(0);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  const reload = useCallback(() => {
    if (!token) return;
    const mine = ++generation.current;
    clearTimeout(retry.current);
    api.openOrders(token).then(
      (list) => {
        if (mine !== generation.current) return;
        // An action's answer stays until the workflow's write replaces it.
        setOrders((shown) =>
          list.map((o) =>
            laterOrder(
              shown.find((p) => p.orderId === o.orderId),
              o,
            ),
          ),
        );
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== generation.current) return;
        if (optionsRef.current.onAuthError?.(e)) return;
        setError(describeError(e));
        setLoading(false);
        retry.current = setTimeout(reload, optionsRef.current.retryMs ?? 3000);
      },
    );
  }, [api, token]);

  useEffect(() => {
    reload();
    return () => clearTimeout(retry.current);
  }, [reload]);

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

  return { orders, loading, error, live, reload, apply };
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
