/**
 * The screens that stop an order before it starts: each says what happened and what to do next,
 * with the way forward as a button where there is one (try again while the code is valid, go to
 * the order already open).
 */
import { useServices } from "../../services.js";
import { qrCodeStillValid } from "../../session/qr-code-validity.js";
import styles from "./order.module.css";

const NOTICES = {
  "no-token": {
    title: "Scan the code to order",
    text: "Open this page by scanning the QR code on the screen at the counter.",
  },
  closed: {
    title: "The shop is closed",
    text: "We are not taking orders right now. This page will know when the bar opens again.",
  },
  "used-up": {
    title: "This code is used up",
    text: "Every drink of this QR code has been ordered. Scan the new code on the screen.",
  },
  expired: {
    title: "This code has expired",
    text: "The code on the screen changes every few minutes. Scan the current one.",
  },
  limit: {
    title: "You already have an order",
    text: "You have reached the limit of orders in progress. Collect your drink, then order again.",
  },
  "queue-full": {
    title: "The queue is full",
    text: "The baristas have their hands full. Please try again in a few minutes.",
  },
} as const;

export type Blocker = keyof typeof NOTICES;

export function Notice({
  kind,
  qrToken,
  storeOpen,
  onOrderAgain,
  onShowOrder,
}: {
  kind: Blocker;
  qrToken: string;
  /** The shop's state as this page last heard it (live). */
  storeOpen?: boolean | undefined;
  onOrderAgain(): void;
  onShowOrder(): void;
}) {
  const { now } = useServices();
  const notice = NOTICES[kind];
  const reopened = kind === "closed" && storeOpen === true;
  const codeValid = qrToken !== "" && qrCodeStillValid(qrToken, now());
  return (
    <section className={styles.notice} aria-labelledby="notice-title" data-notice={kind}>
      <h1 id="notice-title">{reopened ? "The shop is open again" : notice.title}</h1>
      <p>{reopened ? "You can order now." : notice.text}</p>
      <div className={styles.actions}>
        {kind === "limit" ? (
          <button type="button" onClick={onShowOrder}>
            Show my order
          </button>
        ) : null}
        {(reopened || kind === "queue-full") && codeValid ? (
          <button type="button" onClick={onOrderAgain}>
            {reopened ? "Order now" : "Try again"}
          </button>
        ) : null}
        {(reopened || kind === "queue-full") && !codeValid ? (
          <p>Scan the code on the screen to order.</p>
        ) : null}
      </div>
    </section>
  );
}
