/** The screens that end the ordering before it starts: each says what happened and what to do. */
import styles from "./order.module.css";

const NOTICES = {
  "no-token": {
    title: "Scan the code to order",
    text: "Open this page by scanning the QR code on the screen at the counter.",
  },
  closed: {
    title: "The shop is closed",
    text: "We are not taking orders right now. Please come back when the bar is open.",
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

export function Notice({ kind }: { kind: keyof typeof NOTICES }) {
  const notice = NOTICES[kind];
  return (
    <section className={styles.notice} aria-labelledby="notice-title" data-notice={kind}>
      <h1 id="notice-title">{notice.title}</h1>
      <p>{notice.text}</p>
    </section>
  );
}
