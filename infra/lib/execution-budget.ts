/** How long one order's durable execution may run: the longest path through the workflow. */
import { DEFAULT_TIMEOUTS, type Timeouts } from "@coffee/shared";

/**
 * How many times an accepted order may go back to the queue (barista "unaccept") within the
 * execution budget. Each requeue adds one more accept wait and one more complete wait.
 */
export const MAX_REQUEUES = 3;

/** Slack for the non-waiting parts: shop checks, steps and their retries, replays. */
export const STEP_SLACK_SECONDS = 30 * 60;

/**
 * The longest an order can take when every wait runs to its timeout:
 * customer-order (5 min) + (barista-accept 15 + barista-complete 15) per pass through the queue
 * (1 + requeues passes) + pickup (10 min). With the defaults and 3 requeues: 5 + 4 × 30 + 10 =
 * 135 minutes.
 */
export function longestOrderPathSeconds(timeouts: Timeouts, maxRequeues: number): number {
  const passes = maxRequeues + 1;
  return (
    timeouts.customerOrderSeconds +
    passes * (timeouts.baristaAcceptSeconds + timeouts.baristaCompleteSeconds) +
    timeouts.pickupSeconds
  );
}

/**
 * The durable execution timeout: the longest path plus slack, rounded up to whole hours
 * (3 h with the defaults). It is a backstop, not a business rule: every wait in the workflow has
 * its own timeout, so an execution that reaches this one is stuck or looping.
 */
export function executionTimeoutSeconds(
  timeouts: Timeouts = DEFAULT_TIMEOUTS,
  maxRequeues: number = MAX_REQUEUES,
): number {
  const seconds = longestOrderPathSeconds(timeouts, maxRequeues) + STEP_SLACK_SECONDS;
  return Math.ceil(seconds / 3600) * 3600;
}
