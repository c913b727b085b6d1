/** Order statuses and why an order ends early; what each status allows is `order-lifecycle.ts`. */

export const ORDER_STATUSES = [
  "PENDING",
  "REJECTED",
  "AWAITING_ORDER",
  "QUEUED",
  "ACCEPTED",
  "READY",
  "COMPLETED",
  "CANCELLED",
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Why an order was rejected before the customer could choose a drink. */
export const REJECT_REASONS = ["STORE_CLOSED", "QUEUE_FULL", "CUSTOMER_LIMIT"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Why an order was cancelled after it started. */
export const CANCEL_REASONS = [
  "CUSTOMER_TIMEOUT",
  "CUSTOMER_CANCELLED",
  "OUT_OF_STOCK",
  "BARISTA_ACCEPT_TIMEOUT",
  "BARISTA_TIMEOUT",
  "BARISTA_CANCELLED",
  /** Unaccepted more often than `limits.maxUnaccepts` allows. */
  "UNACCEPT_LIMIT",
  /** A step failed for good (its retries ran out); the execution fails after this. */
  "WORKFLOW_FAILED",
  /**
   * The order's execution was stopped (`StopDurableExecution`) while the order was open; the
   * reconciler closes it, since the workflow never runs again.
   */
  "EXECUTION_STOPPED",
  /** The order's execution ran past its execution timeout while the order was open (reconciler). */
  "EXECUTION_TIMED_OUT",
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export type OrderEndReason = RejectReason | CancelReason;
