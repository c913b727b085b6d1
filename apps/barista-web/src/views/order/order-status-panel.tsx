/**
 * Where the order is after the choice: number, drink, live status, cancel while allowed; once it
 * has ended without a drink, why, and a way to order again while the scanned code is valid.
 */
import { allows, describeOrder, type Menu, type PublicOrder } from "@coffee/shared";
import { useState } from "react";
import { describeError } from "../../api/api-error.js";
import { ConfirmButton } from "../../components/confirm-button.js";
import { LiveBadge } from "../../components/live-badge.js";
import { REASON_LABELS, STATUS_LABELS } from "../../components/order-status-text.js";
import type { LiveStatus } from "../../realtime/realtime-source.js";
import { useServices } from "../../services.js";
import type { CustomerSession } from "../../session/customer-session.js";
import { qrCodeStillValid } from "../../session/qr-code-validity.js";
import styles from "./order.module.css";

const STEPS = ["QUEUED", "ACCEPTED", "READY"] as const;

export function OrderStatusPanel({
  order,
  menu,
  session,
  live,
  qrToken,
  onChanged,
  onOrderAgain,
}: {
  order: PublicOrder;
  menu: Menu;
  session: CustomerSession;
  live: LiveStatus;
  /** The code this page was opened with: it may start another order while it is valid. */
  qrToken: string;
  onChanged(order: PublicOrder): void;
  onOrderAgain(): void;
}) {
  const { api, now } = useServices();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const step = STEPS.indexOf(order.status as (typeof STEPS)[number]);
  const ended = order.status === "CANCELLED" || order.status === "REJECTED";

  const cancel = async () => {
    setBusy(true);
    try {
      onChanged(await api.act(order.orderId, "cancel", session.customerToken));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.status} aria-labelledby="status-title">
      <p className={styles.numberLabel}>Your order number</p>
      <p className={styles.bigNumber} data-testid="order-number">
        {order.orderNumber ?? "–"}
      </p>
      <h1
        id="status-title"
        aria-live="polite"
        data-testid="order-status"
        data-status={order.status}
        // An action's answer: the status it leads to, before the workflow has written it.
        data-pending={order.pending ? "" : undefined}
        aria-busy={order.pending ? true : undefined}
      >
        {STATUS_LABELS[order.status]}
      </h1>
      {order.drinkName || order.drink ? (
        <p className={styles.drinkLine} data-testid="order-drink">
          {describeOrder(order, menu)}
        </p>
      ) : null}
      {ended ? (
        <p className={styles.reason} data-testid="order-reason">
          {order.reason ? REASON_LABELS[order.reason] : "This order has ended."}
        </p>
      ) : (
        <ol className={styles.steps} aria-label="Progress">
          {STEPS.map((s, i) => (
            <li
              key={s}
              className={i <= step ? styles.done : undefined}
              aria-current={i === step ? "step" : undefined}
            >
              {STATUS_LABELS[s]}
            </li>
          ))}
        </ol>
      )}
      {order.status === "READY" ? (
        <p className={styles.pickup}>Collect it at the counter.</p>
      ) : null}
      {ended || order.status === "COMPLETED" ? (
        qrCodeStillValid(qrToken, now()) ? (
          <button type="button" onClick={onOrderAgain}>
            Order again
          </button>
        ) : (
          <p className={styles.pickup}>Scan the code on the screen to order again.</p>
        )
      ) : null}
      <div className={styles.actions}>
        {allows(order.status, "cancel") ? (
          <ConfirmButton
            label="Cancel order"
            confirmLabel="Yes, cancel my order"
            className="secondary"
            disabled={busy}
            onConfirm={() => void cancel()}
          />
        ) : null}
        <LiveBadge status={live} />
      </div>
      <p role="alert" className={styles.error}>
        {error ?? ""}
      </p>
    </section>
  );
}
