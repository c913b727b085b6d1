/** Which of two versions of one order a screen shows, whichever arrives first. */
import type { PublicOrder } from "@coffee/shared";

/**
 * The later write; at the same write, an action's answer (`pending`: the status the action leads
 * to) over the version it was made from, which a re-read may still return until the workflow
 * writes the change (that write comes later, and replaces it).
 */
export function laterOrder(current: PublicOrder | undefined, next: PublicOrder): PublicOrder {
  if (!current || current.orderId !== next.orderId) return next;
  if (next.updatedAt !== current.updatedAt) {
    return next.updatedAt > current.updatedAt ? next : current;
  }
  return current.pending && !next.pending ? current : next;
}
