/**
 * One order on the console: number, the drink as a barista says it, age, the time left before
 * its timeout cancels it, who has it, and what can be done. Unaccept and cancel ask first, in
 * the ticket's own action row (nothing covers the ticket), one question on the console at a
 * time; the unaccept that would cancel the order says so.
 */
import { describeOrder, type Menu, type PublicOrder } from "@coffee/shared";
import type { BaristaAction } from "../../api/api-client.js";
import { ConfirmButton } from "../../components/confirm-button.js";
import { formatAge, formatCountdown } from "../../components/time-format.js";
import { Link } from "../../router.js";
import styles from "./barista.module.css";

/** Below this, a ticket's time left is shown as urgent. */
const URGENT_MS = 3 * 60_000;

export type ConfirmAction = Extract<BaristaAction, "unaccept" | "cancel">;

export function Ticket({
  order,
  menu,
  me,
  ageMs,
  timeLeftMs,
  maxUnaccepts,
  fresh,
  busy,
  confirming,
  onConfirming,
  onAction,
}: {
  order: PublicOrder;
  menu: Menu | undefined;
  me: string;
  ageMs: number;
  /** Until the workflow's timeout for this status cancels the order; none once it is READY. */
  timeLeftMs: number | undefined;
  maxUnaccepts: number;
  /** Arrived since the console opened, moments ago. */
  fresh: boolean;
  busy: boolean;
  /** The question open on this ticket, if any. */
  confirming: ConfirmAction | undefined;
  onConfirming(action: ConfirmAction | undefined): void;
  onAction(action: BaristaAction): void;
}) {
  const n = order.orderNumber ?? "?";
  const mine = order.baristaId === me;
  const titleId = `ticket-${order.orderId}`;
  const unaccepts = order.unaccepts ?? 0;
  const lastUnaccept = unaccepts >= maxUnaccepts;
  const classes = [styles.ticket, mine ? styles.mine : "", fresh ? styles.fresh : ""];
  const ask = (action: ConfirmAction) => ({
    asking: confirming === action,
    onAskingChange: (asking: boolean) => onConfirming(asking ? action : undefined),
  });
  const canUnaccept = order.status === "ACCEPTED" && mine;
  const canCancel = order.status === "QUEUED" || canUnaccept;
  return (
    <article className={classes.filter(Boolean).join(" ")} aria-labelledby={titleId}>
      <h3 id={titleId}>
        <span className={styles.number}>#{n}</span>{" "}
        {order.drink || order.drinkName ? describeOrder(order, menu) : "…"}
        {fresh ? <span className={styles.newTag}>new</span> : null}
      </h3>
      <p className={styles.meta}>
        <span title="Ticket age">{formatAge(ageMs)} old</span>
        {timeLeftMs !== undefined ? (
          <span
            className={timeLeftMs < URGENT_MS ? styles.urgent : undefined}
            title="Time left before the order is cancelled by its timeout"
            data-testid="time-left"
          >
            {formatCountdown(timeLeftMs)} left
          </span>
        ) : null}
        {order.status === "ACCEPTED" ? (
          <span>{mine ? "Yours" : `Taken by ${order.baristaId ?? "?"}`}</span>
        ) : null}
        <Link to={`/executions/${order.orderId}`}>Execution</Link>
      </p>
      <div className={styles.actions}>
        {confirming === undefined && order.status === "QUEUED" ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction("accept")}
            aria-label={`Accept order ${n}`}
          >
            Accept
          </button>
        ) : null}
        {confirming === undefined && canUnaccept ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => onAction("complete")}
            aria-label={`Complete order ${n}`}
          >
            Complete
          </button>
        ) : null}
        {canUnaccept && confirming !== "cancel" ? (
          <ConfirmButton
            label="Unaccept"
            confirmLabel={lastUnaccept ? `Yes, cancel #${n}` : `Yes, put #${n} back`}
            warning={
              lastUnaccept
                ? `It cannot go back to the queue again (put back ${unaccepts} of ${maxUnaccepts} times): unaccepting cancels the customer's order.`
                : undefined
            }
            className="secondary"
            disabled={busy}
            onConfirm={() => onAction("unaccept")}
            {...ask("unaccept")}
          />
        ) : null}
        {canCancel && confirming !== "unaccept" ? (
          <ConfirmButton
            label="Cancel"
            confirmLabel={`Yes, cancel #${n}`}
            className="secondary"
            disabled={busy}
            onConfirm={() => onAction("cancel")}
            {...ask("cancel")}
          />
        ) : null}
      </div>
    </article>
  );
}
