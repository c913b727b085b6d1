/** Words for statuses and end reasons, one place for every view. */
import type { OrderEndReason, OrderStatus } from "@coffee/shared";

export const STATUS_LABELS: Record<OrderStatus, string> = {
  PENDING: "Checking the shop…",
  REJECTED: "Not possible right now",
  AWAITING_ORDER: "Choose your drink",
  QUEUED: "In the queue",
  ACCEPTED: "Being made",
  READY: "Ready for pickup",
  COMPLETED: "Picked up",
  CANCELLED: "Cancelled",
};

export const REASON_LABELS: Record<OrderEndReason, string> = {
  STORE_CLOSED: "The shop is closed.",
  QUEUE_FULL: "The queue is full. Please try again in a few minutes.",
  CUSTOMER_LIMIT: "You already have an order in progress.",
  CUSTOMER_TIMEOUT: "The time to choose a drink ran out.",
  CUSTOMER_CANCELLED: "You cancelled this order.",
  OUT_OF_STOCK: "Sorry, we ran out of an ingredient for this drink.",
  BARISTA_ACCEPT_TIMEOUT: "No barista could take the order in time.",
  BARISTA_TIMEOUT: "The barista could not finish the order in time.",
  BARISTA_CANCELLED: "The barista cancelled the order.",
};

/** "42 s", "3 min", "1 h 5 min": how long ago, for ticket ages. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "4:05": minutes and seconds left, never negative. */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
