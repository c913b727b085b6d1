/** Feeds the local EventBridge bus into the SSE hub: order events per customer, shop events to all. */

import type { EventHub } from "@coffee/api";
import {
  ORDER_EVENT_SOURCE,
  publicOrder,
  publicOrderSchema,
  SHOP_EVENT_SOURCE,
} from "@coffee/shared";

export interface BusEntryLike {
  source: string;
  detailType: string;
  detail: unknown;
}

export function forwardToHub(hub: EventHub, entry: BusEntryLike): void {
  if (entry.source === ORDER_EVENT_SOURCE) {
    const parsed = publicOrderSchema.safeParse(entry.detail);
    // Only the public view goes out, whatever else a publisher put in the detail.
    if (!parsed.success) return;
    hub.publish({
      type: entry.detailType,
      data: publicOrder(parsed.data),
      customerId: parsed.data.customerId,
    });
  } else if (entry.source === SHOP_EVENT_SOURCE) {
    hub.publish({ type: entry.detailType, data: entry.detail });
  }
}
