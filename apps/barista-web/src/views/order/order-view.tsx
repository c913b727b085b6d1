/**
 * `/order?token=...`: the customer's phone after scanning. Starts one order per scanned token
 * (remembered, so a reload resumes it), then follows it live: the menu while the workflow waits
 * for the choice, then the status until it is picked up or cancelled. Closed shop, used-up code
 * and the per-customer limit each get their own screen.
 */
import type { Order, PublicConfig } from "@coffee/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, describeError } from "../../api/api-error.js";
import { useLive } from "../../hooks/use-live.js";
import { useServices } from "../../services.js";
import {
  type CustomerSession,
  forgetCustomerSession,
  loadCustomerSession,
  saveCustomerSession,
} from "../../session/customer-session.js";
import { MenuForm } from "./menu-form.js";
import { Notice } from "./notice.js";
import styles from "./order.module.css";
import { OrderStatusPanel } from "./order-status-panel.js";

type Blocker = "no-token" | "closed" | "used-up" | "expired" | "limit" | "queue-full";

export function OrderView({ qrToken, retryMs = 3000 }: { qrToken: string; retryMs?: number }) {
  const { api, storage } = useServices();
  const [config, setConfig] = useState<PublicConfig>();
  const [session, setSession] = useState<CustomerSession | undefined>(() =>
    qrToken ? loadCustomerSession(storage, qrToken) : undefined,
  );
  const [order, setOrder] = useState<Order>();
  const [blocker, setBlocker] = useState<Blocker | undefined>(qrToken ? undefined : "no-token");
  const [error, setError] = useState<string>();
  const starting = useRef(false);
  const startedOver = useRef(false);
  const retry = useRef<ReturnType<typeof setTimeout>>(undefined);

  // 1. The shop (menu, timeouts); if it is closed, the token is not spent.
  // 2. The order: resumed from this phone, or started with the scanned token.
  const begin = useCallback(async () => {
    clearTimeout(retry.current);
    try {
      const shop = await api.config();
      setConfig(shop);
      if (session) return;
      if (!shop.storeOpen) return setBlocker("closed");
      if (starting.current) return;
      starting.current = true;
      try {
        const started = await api.startOrder(qrToken);
        saveCustomerSession(storage, qrToken, started);
        setSession(started);
      } finally {
        starting.current = false;
      }
      setError(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.code === "TOKEN_EXHAUSTED") return setBlocker("used-up");
      if (e instanceof ApiError && (e.code === "TOKEN_EXPIRED" || e.code === "TOKEN_INVALID")) {
        return setBlocker("expired");
      }
      setError(describeError(e));
      retry.current = setTimeout(() => void begin(), retryMs);
    }
  }, [api, storage, qrToken, session, retryMs]);

  useEffect(() => {
    if (!qrToken) return;
    void begin();
    return () => clearTimeout(retry.current);
  }, [qrToken, begin]);

  const refresh = useCallback(async () => {
    if (!session) return;
    try {
      const fresh = await api.order(session.orderId, session.customerToken);
      setOrder((current) => newer(current, fresh));
      setError(undefined);
    } catch (e) {
      // The shop does not know this order or this phone any more (a reset shop, an expired
      // session): forget it and start over with the scanned code.
      // Once only: a fresh order that fails the same way is an error to show, not to repeat.
      if (e instanceof ApiError && [401, 403, 404].includes(e.status) && !startedOver.current) {
        startedOver.current = true;
        forgetCustomerSession(storage, qrToken);
        setOrder(undefined);
        setSession(undefined);
        return;
      }
      setError(describeError(e));
    }
  }, [api, session, storage, qrToken]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const live = useLive(
    session ? { token: session.customerToken, orderId: session.orderId } : undefined,
    {
      onLive: () => void refresh(),
      onEvent: (event) => {
        if (event.order) setOrder((current) => newer(current, event.order as Order));
        else if (event.type.startsWith("Order.")) void refresh();
      },
    },
  );

  // Until the workflow has checked the shop, ask again now and then in case an event is missed.
  const pending = !order || order.status === "PENDING";
  useEffect(() => {
    if (!session || !pending) return;
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [session, pending, refresh]);

  const rejected = order?.status === "REJECTED" ? order.reason : undefined;
  const screen =
    blocker ??
    (rejected === "STORE_CLOSED"
      ? "closed"
      : rejected === "CUSTOMER_LIMIT"
        ? "limit"
        : rejected === "QUEUE_FULL"
          ? "queue-full"
          : undefined);

  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <p className={styles.brand}>Coffee bar</p>
      </header>
      {screen ? (
        <Notice kind={screen} />
      ) : !order || !config || !session ? (
        <p className={styles.loading} role="status">
          {error ?? "Getting your order ready…"}
        </p>
      ) : order.status === "AWAITING_ORDER" || order.status === "PENDING" ? (
        <MenuForm
          order={order}
          config={config}
          session={session}
          onChanged={setOrder}
          onRefresh={refresh}
        />
      ) : (
        <OrderStatusPanel order={order} session={session} live={live} onChanged={setOrder} />
      )}
      {screen || !order ? null : (
        <p role="alert" className={styles.error}>
          {error ?? ""}
        </p>
      )}
    </main>
  );
}

/** Keeps the later of two versions of the order (events and reads may arrive out of order). */
function newer(current: Order | undefined, next: Order): Order {
  if (!current || current.orderId !== next.orderId) return next;
  return next.updatedAt >= current.updatedAt ? next : current;
}
