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
  UNACCEPT_LIMIT: "The order was put back in the queue too many times.",
  WORKFLOW_FAILED: "Something went wrong on our side. Please order again.",
  EXECUTION_STOPPED: "The order was stopped by the shop. Please order again.",
  EXECUTION_TIMED_OUT: "The order took too long and was closed. Please order again.",
};
