/**
 * `/barista`: the console. Sign in, then the queue, orders in production (mine first, others'
 * claims shown live) and ready ones, with ticket ages and the time each has left before its
 * timeout; a new order is announced (seen, heard, and read out by screen readers); accept and
 * complete in one press, unaccept and cancel after a confirmation (one open at a time); admins
 * also open and close the shop. Shop changes (open, menu, timeouts) arrive live.
 */
import { DEFAULT_LIMITS, describeOrder, type PublicConfig, type PublicOrder } from "@coffee/shared";
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
import { playNewOrderCue } from "./new-order-cue.js";
import { type ConfirmAction, Ticket } from "./ticket.js";
import { useNewOrders } from "./use-new-orders.js";

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
  const now = useNow(1000);
  const [config, setConfig] = useState<PublicConfig>();
  const storeOpen = config?.storeOpen;
  const [confirming, setConfirming] = useState<{ orderId: string; action: ConfirmAction }>();
  const [cue, setCue] = useState<string>();
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
    api.config().then(setConfig, () => undefined);
  }, [api]);
  useEffect(loadShop, [loadShop]);

  const open = useOpenOrders(session.token, {
    onAuthError,
    onEvent: (event) => {
      if (event.type.startsWith("Shop.")) loadShop();
    },
  });

  const act = async (order: PublicOrder, action: BaristaAction) => {
    setConfirming(undefined);
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
      const answer = await api.setStoreOpen(!storeOpen, session.token);
      setConfig((c) => c && { ...c, storeOpen: answer.storeOpen });
    } catch (e) {
      if (!onAuthError(e)) setMessage(describeError(e));
    }
  };

  const byAge = (a: PublicOrder, b: PublicOrder) => a.createdAt.localeCompare(b.createdAt);
  const queue = open.orders.filter((o) => o.status === "QUEUED").sort(byAge);
  const making = open.orders
    .filter((o) => o.status === "ACCEPTED")
    .sort(
      (a, b) =>
        Number(b.baristaId === session.id) - Number(a.baristaId === session.id) || byAge(a, b),
    );
  const ready = open.orders.filter((o) => o.status === "READY").sort(byAge);

  const fresh = useNewOrders(queue, open.loading, now, (order) => {
    playNewOrderCue();
    setCue(`New order #${order.orderNumber ?? "?"}: ${describeOrder(order, config?.menu)}`);
  });
  const maxUnaccepts = config?.limits.maxUnaccepts ?? DEFAULT_LIMITS.maxUnaccepts;
  /** The workflow's timeout for the status the order is in, from when it got there. */
  const timeLeft = (order: PublicOrder): number | undefined => {
    const seconds =
      order.status === "QUEUED"
        ? config?.timeouts.baristaAcceptSeconds
        : order.status === "ACCEPTED"
          ? config?.timeouts.baristaCompleteSeconds
          : undefined;
    return seconds === undefined ? undefined : Date.parse(order.updatedAt) + seconds * 1000 - now;
  };

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
      <p role="status" className={styles.cue} data-testid="new-order-cue">
        {cue ?? ""}
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
                      menu={config?.menu}
                      me={session.id}
                      ageMs={now - Date.parse(order.createdAt)}
                      timeLeftMs={timeLeft(order)}
                      maxUnaccepts={maxUnaccepts}
                      fresh={fresh.has(order.orderId)}
                      busy={busy === order.orderId}
                      confirming={
                        confirming?.orderId === order.orderId ? confirming.action : undefined
                      }
                      onConfirming={(action) =>
                        setConfirming(action ? { orderId: order.orderId, action } : undefined)
                      }
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
