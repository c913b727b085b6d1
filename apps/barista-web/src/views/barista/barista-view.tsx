/**
 * `/barista`: the console. Sign in, then the queue, orders in production (mine first, others'
 * claims shown live) and ready ones, with ticket ages; accept and complete in one press,
 * unaccept and cancel after a confirmation; admins also open and close the shop.
 */
import type { Order } from "@coffee/shared";
import { useCallback, useEffect, useRef, useState } from "react";
import type { BaristaAction } from "../../api/api-client.js";
import { ApiError, describeError } from "../../api/api-error.js";
import type { StaffSession } from "../../api/api-schemas.js";
import { LiveBadge } from "../../components/live-badge.js";
import { SignInForm } from "../../components/sign-in-form.js";
import { useNow } from "../../hooks/use-now.js";
import { useOpenOrders } from "../../hooks/use-open-orders.js";
import { useStaffSession } from "../../hooks/use-staff-session.js";
import { useServices } from "../../services.js";
import styles from "./barista.module.css";
import { Ticket } from "./ticket.js";

export function BaristaView() {
  const { session, signIn, signOut, expireOn } = useStaffSession();
  if (!session) {
    return (
      <main>
        <SignInForm title="Barista sign-in" roles={["barista", "admin"]} onSignedIn={signIn} />
      </main>
    );
  }
  return <Console session={session} onSignOut={signOut} onAuthError={expireOn} />;
}

function Console({
  session,
  onSignOut,
  onAuthError,
}: {
  session: StaffSession;
  onSignOut(): void;
  onAuthError(error: unknown): boolean;
}) {
  const { api } = useServices();
  const now = useNow(5000);
  const [storeOpen, setStoreOpen] = useState<boolean>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const loadShop = useCallback(() => {
    api.config().then(
      (c) => setStoreOpen(c.storeOpen),
      () => undefined,
    );
  }, [api]);
  useEffect(loadShop, [loadShop]);

  const open = useOpenOrders(session.token, {
    onAuthError,
    onEvent: (event) => {
      if (event.type.startsWith("Shop.")) loadShop();
    },
  });

  const act = async (order: Order, action: BaristaAction) => {
    setBusy(order.orderId);
    setMessage(undefined);
    const column = document.activeElement?.closest("[data-column]")?.getAttribute("data-column");
    try {
      open.apply(await api.act(order.orderId, action, session.token));
      setMessage(`Order ${order.orderNumber ?? ""}: ${DONE[action]}.`);
    } catch (e) {
      if (onAuthError(e)) return;
      setMessage(
        e instanceof ApiError && e.code === "INVALID_STATE"
          ? `Order ${order.orderNumber ?? ""} changed meanwhile (now ${String(e.details.status ?? "?").toLowerCase()}).`
          : describeError(e),
      );
      open.reload();
    } finally {
      setBusy(undefined);
      // Keep the keyboard where it was: the next ticket of the same column, or its heading.
      // (One query with "button, h2" would always pick the heading: it comes first.)
      requestAnimationFrame(() => {
        if (!mounted.current) return;
        const section = document.querySelector(`[data-column="${column}"]`);
        const next =
          section?.querySelector<HTMLElement>("button") ??
          section?.querySelector<HTMLElement>("h2");
        next?.focus();
      });
    }
  };

  const toggleStore = async () => {
    if (storeOpen === undefined) return;
    try {
      setStoreOpen((await api.setStoreOpen(!storeOpen, session.token)).storeOpen);
    } catch (e) {
      if (!onAuthError(e)) setMessage(describeError(e));
    }
  };

  const byAge = (a: Order, b: Order) => a.createdAt.localeCompare(b.createdAt);
  const queue = open.orders.filter((o) => o.status === "QUEUED").sort(byAge);
  const making = open.orders
    .filter((o) => o.status === "ACCEPTED")
    .sort(
      (a, b) =>
        Number(b.baristaId === session.id) - Number(a.baristaId === session.id) || byAge(a, b),
    );
  const ready = open.orders.filter((o) => o.status === "READY").sort(byAge);

  const columns = [
    { id: "queue", title: "Queue", orders: queue },
    { id: "making", title: "In production", orders: making },
    { id: "ready", title: "Ready", orders: ready },
  ];

  return (
    <main className={styles.console}>
      <header className={styles.header}>
        <h1>Barista console</h1>
        <LiveBadge status={open.live} />
        <span className={styles.store} data-testid="store-status">
          Shop {storeOpen === undefined ? "…" : storeOpen ? "open" : "closed"}
        </span>
        {session.role === "admin" && storeOpen !== undefined ? (
          <button type="button" className="secondary" onClick={() => void toggleStore()}>
            {storeOpen ? "Close shop" : "Open shop"}
          </button>
        ) : null}
        <span className={styles.who}>Signed in as {session.id}</span>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <p role="status" className={styles.message}>
        {message ?? open.error ?? ""}
      </p>
      <div className={styles.columns}>
        {columns.map((column) => (
          <section
            key={column.id}
            className={styles.column}
            data-column={column.id}
            aria-labelledby={`col-${column.id}`}
          >
            <h2 id={`col-${column.id}`} tabIndex={-1}>
              {column.title} <span className={styles.count}>({column.orders.length})</span>
            </h2>
            {open.loading ? (
              <p className={styles.empty}>Loading…</p>
            ) : column.orders.length === 0 ? (
              <p className={styles.empty}>Nothing here.</p>
            ) : (
              <ul className={styles.tickets}>
                {column.orders.map((order) => (
                  <li key={order.orderId}>
                    <Ticket
                      order={order}
                      me={session.id}
                      ageMs={now - Date.parse(order.createdAt)}
                      busy={busy === order.orderId}
                      onAction={(action) => void act(order, action)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </main>
  );
}

const DONE: Record<BaristaAction, string> = {
  accept: "accepted",
  unaccept: "back in the queue",
  complete: "ready for pickup",
  cancel: "cancelled",
};
