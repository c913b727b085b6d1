/**
 * `/order?token=...`: the customer's phone after scanning. Starts one order per scanned token
 * (remembered, so a reload resumes it), then follows it live: the menu while the workflow waits
 * for the choice, then the status until it is picked up or cancelled. Closed shop, used-up code,
 * full queue and the per-customer limit each get their own screen, and none is a dead end: an
 * ended order can be ordered again while the code is valid, the limit leads to the open order,
 * and a closed shop or a full queue can be tried again (live, when the shop reopens).
 */
import type { PublicConfig, PublicOrder } from "@coffee/shared";
import { isTerminalStatus } from "@coffee/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, describeError } from "../../api/api-error.js";
import { laterOrder } from "../../api/order-versions.js";
import { useLive } from "../../hooks/use-live.js";
import { useRetryingLoad } from "../../hooks/use-retrying-load.js";
import { useServices } from "../../services.js";
import {
  type CustomerSession,
  forgetCustomerSession,
  loadCustomerSession,
  saveCustomerSession,
} from "../../session/customer-session.js";
import { MenuForm } from "./menu-form.js";
import { type Blocker, Notice } from "./notice.js";
import styles from "./order.module.css";
import { OrderStatusPanel } from "./order-status-panel.js";

/** What `POST /orders` refusing a start with 409 means for the page. */
const REFUSALS: Record<string, Blocker> = {
  STORE_CLOSED: "closed",
  QUEUE_FULL: "queue-full",
  CUSTOMER_LIMIT: "limit",
  TOKEN_EXHAUSTED: "used-up",
  TOKEN_EXPIRED: "expired",
  TOKEN_INVALID: "expired",
};

export function OrderView({ qrToken, retryMs = 3000 }: { qrToken: string; retryMs?: number }) {
  const { api, storage } = useServices();
  const [config, setConfig] = useState<PublicConfig>();
  const [session, setSession] = useState<CustomerSession | undefined>(() =>
    qrToken ? loadCustomerSession(storage, qrToken) : undefined,
  );
  const [order, setOrder] = useState<PublicOrder>();
  const [blocker, setBlocker] = useState<Blocker | undefined>(qrToken ? undefined : "no-token");
  /** The customer's open order, when the per-customer limit stopped a new one. */
  const [openOrderId, setOpenOrderId] = useState<string>();
  const [error, setError] = useState<string>();
  const starting = useRef(false);
  const startedOver = useRef(false);

  const loadConfig = useCallback(async () => {
    const shop = await api.config();
    setConfig(shop);
    return shop;
  }, [api]);

  // 1. The shop (menu, timeouts); if it is closed, the token is not spent.
  // 2. The order: resumed from this phone, or started with the scanned token.
  const begin = useCallback(async () => {
    const shop = await loadConfig();
    if (session) return;
    if (!shop.storeOpen) return setBlocker("closed");
    if (starting.current) return;
    starting.current = true;
    try {
      const started = await api.startOrder(qrToken);
      saveCustomerSession(storage, qrToken, started);
      setBlocker(undefined);
      setSession(started);
    } finally {
      starting.current = false;
    }
    setError(undefined);
  }, [api, storage, qrToken, session, loadConfig]);
  // A refusal has its own screen; anything else is shown and tried again.
  const beginning = useRetryingLoad(begin, {
    enabled: qrToken !== "",
    retryMs,
    onLoaded: () => undefined,
    onError: (e) => {
      const refusal = e instanceof ApiError ? REFUSALS[e.code] : undefined;
      if (!refusal || !(e instanceof ApiError)) return false;
      const orderId = e.details.orderId;
      if (typeof orderId === "string") setOpenOrderId(orderId);
      setBlocker(refusal);
      return true;
    },
  });
  const shownError = error ?? beginning.error;

  const refresh = useCallback(async () => {
    if (!session) return;
    try {
      const fresh = await api.order(session.orderId, session.customerToken);
      setOrder((current) => laterOrder(current, fresh));
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

  // Without an order yet (a closed shop, say) the page still listens, anonymously, for the
  // shop's own events: reopening, a new menu.
  const live = useLive(session ? { token: session.customerToken, orderId: session.orderId } : {}, {
    onLive: () => {
      void refresh();
      if (config) void loadConfig().catch(() => undefined);
    },
    onEvent: (event) => {
      if (event.type.startsWith("Shop.")) {
        void loadConfig().catch(() => undefined);
        return;
      }
      if (event.order) setOrder((current) => laterOrder(current, event.order as PublicOrder));
      else if (event.type.startsWith("Order.")) void refresh();
    },
  });

  // Until the workflow has checked the shop, or written what the customer did (an action's
  // answer is `pending`), ask again now and then in case an event is missed.
  const pending = !order || order.status === "PENDING" || order.pending === true;
  useEffect(() => {
    if (!session || !pending) return;
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [session, pending, refresh]);

  /** An action's answer, unless the workflow's write (by its event) is already here. */
  const apply = (answer: PublicOrder) => setOrder((current) => laterOrder(current, answer));

  /** A new order with the same code: the ended one is forgotten on this phone. */
  const orderAgain = () => {
    forgetCustomerSession(storage, qrToken);
    startedOver.current = false;
    setOrder(undefined);
    setOpenOrderId(undefined);
    setBlocker(undefined);
    if (session) setSession(undefined);
    else beginning.run();
  };

  /** Follows the open order that the per-customer limit pointed at. */
  const showOpenOrder = async () => {
    try {
      const id =
        openOrderId ??
        (await api.myOrders()).find((o) => !isTerminalStatus(o.status) && o.status !== "PENDING")
          ?.orderId;
      if (!id) return orderAgain();
      const adopted = { orderId: id, customerToken: session?.customerToken ?? "" };
      saveCustomerSession(storage, qrToken, adopted);
      setOrder(undefined);
      setBlocker(undefined);
      setSession(adopted);
    } catch (e) {
      setError(describeError(e));
    }
  };

  // Orders the workflow rejected (before starts were refused up front) read as the refusals do.
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
        <Notice
          kind={screen}
          qrToken={qrToken}
          storeOpen={config?.storeOpen}
          onOrderAgain={orderAgain}
          onShowOrder={() => void showOpenOrder()}
        />
      ) : !order || !config || !session ? (
        <p className={styles.loading} role="status">
          {shownError ?? "Getting your order ready…"}
        </p>
      ) : order.status === "AWAITING_ORDER" || order.status === "PENDING" ? (
        <MenuForm
          order={order}
          config={config}
          session={session}
          onChanged={apply}
          onRefresh={refresh}
        />
      ) : (
        <OrderStatusPanel
          order={order}
          menu={config.menu}
          session={session}
          live={live}
          qrToken={qrToken}
          onChanged={apply}
          onOrderAgain={orderAgain}
        />
      )}
      {screen || !order ? null : (
        <p role="alert" className={styles.error}>
          {shownError ?? ""}
        </p>
      )}
    </main>
  );
}
