/** How long one order's durable execution may run: the longest path through the workflow. */
import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS, type Timeouts } from "@coffee/shared";

/**
 * Slack for the non-waiting parts: shop checks, steps and their retries (the SDK's default
 * retries of one step wait under 2.5 minutes in all), replays.
 */
export const STEP_SLACK_SECONDS = 30 * 60;

/**
 * The longest an order can take when every wait runs to its timeout:
 * customer-order (5 min) + (barista-accept 15 + barista-complete 15) per pass through the queue
 * (1 + unaccepts passes) + pickup (10 min). The workflow cancels the order at the unaccept after
 * `maxUnaccepts` (shop config, default 3), so with the defaults: 5 + 4 × 30 + 10 = 135 minutes.
 */
export function longestOrderPathSeconds(timeouts: Timeouts, maxUnaccepts: number): number {
  const passes = maxUnaccepts + 1;
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
  maxUnaccepts: number = DEFAULT_LIMITS.maxUnaccepts,
): number {
  const seconds = longestOrderPathSeconds(timeouts, maxUnaccepts) + STEP_SLACK_SECONDS;
  return Math.ceil(seconds / 3600) * 3600;
}
