/** What clients see of an order: the public record, never the pending callback id. */
import type { Order } from "@coffee/shared";

export interface OrderView {
  orderId: string;
  customerId: string;
  status: Order["status"];
  orderNumber?: number;
  drink?: string;
  drinkName?: string;
  modifiers?: Record<string, string>;
  baristaId?: string;
  /** Times a barista put it back in the queue: the console warns before the one that cancels. */
  unaccepts?: number;
  reason?: Order["reason"];
  createdAt: string;
  updatedAt: string;
}

/** Copies the public fields only, so anything else stored on the item (callbacks) stays here. */
export function orderView(order: Order): OrderView {
  const view: OrderView = {
    orderId: order.orderId,
    customerId: order.customerId,
    status: order.status,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
  if (order.orderNumber !== undefined) view.orderNumber = order.orderNumber;
  if (order.drink !== undefined) view.drink = order.drink;
  if (order.drinkName !== undefined) view.drinkName = order.drinkName;
  if (order.modifiers !== undefined) view.modifiers = order.modifiers;
  if (order.baristaId !== undefined) view.baristaId = order.baristaId;
  if (order.unaccepts !== undefined) view.unaccepts = order.unaccepts;
  if (order.reason !== undefined) view.reason = order.reason;
  return view;
}
