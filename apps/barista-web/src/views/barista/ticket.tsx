/** One order on the console: number, drink, modifiers, age, who has it, and what can be done. */
import type { Order } from "@coffee/shared";
import type { BaristaAction } from "../../api/api-client.js";
import { ConfirmButton } from "../../components/confirm-button.js";
import { formatAge } from "../../components/time-format.js";
import { Link } from "../../router.js";
import styles from "./barista.module.css";

export function Ticket({
  order,
  me,
  ageMs,
  busy,
  onAction,
}: {
  order: Order;
  me: string;
  ageMs: number;
  busy: boolean;
  onAction(action: BaristaAction): void;
}) {
  const n = order.orderNumber ?? "?";
  const mine = order.baristaId === me;
  const titleId = `ticket-${order.orderId}`;
  return (
    <article
      className={mine ? `${styles.ticket} ${styles.mine}` : styles.ticket}
      aria-labelledby={titleId}
    >
      <h3 id={titleId}>
        <span className={styles.number}>#{n}</span> {order.drinkName ?? order.drink ?? "…"}
      </h3>
      <p className={styles.mods}>
        {order.modifiers
          ? Object.entries(order.modifiers)
              .map(([k, v]) => `${k}: ${v}`)
              .join(" · ")
          : "\u00a0"}
      </p>
      <p className={styles.meta}>
        <span title="Ticket age">{formatAge(ageMs)} old</span>
        {order.status === "ACCEPTED" ? (
          <span>{mine ? "Yours" : `Taken by ${order.baristaId ?? "?"}`}</span>
        ) : null}
        <Link to={`/executions/${order.orderId}`}>Execution</Link>
      </p>
      <div className={styles.actions}>
        {order.status === "QUEUED" ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction("accept")}
            aria-label={`Accept order ${n}`}
          >
            Accept
          </button>
        ) : null}
        {order.status === "ACCEPTED" && mine ? (
          <>
            <button
              type="button"
              disabled={busy}
              onClick={() => onAction("complete")}
              aria-label={`Complete order ${n}`}
            >
              Complete
            </button>
            <ConfirmButton
              label={`Unaccept`}
              confirmLabel={`Yes, put #${n} back`}
              className="secondary"
              disabled={busy}
              onConfirm={() => onAction("unaccept")}
            />
          </>
        ) : null}
        {order.status === "QUEUED" || (order.status === "ACCEPTED" && mine) ? (
          <ConfirmButton
            label="Cancel"
            confirmLabel={`Yes, cancel #${n}`}
            className="secondary"
            disabled={busy}
            onConfirm={() => onAction("cancel")}
          />
        ) : null}
      </div>
    </article>
  );
}
