/** EventBridge sources and detail-types that the workflow and the API publish. */

export const ORDER_EVENT_SOURCE = "coffee.orders";
export const SHOP_EVENT_SOURCE = "coffee.shop";

export const ORDER_EVENT_TYPES = {
  created: "Order.Created",
  rejected: "Order.Rejected",
  awaitingOrder: "Order.AwaitingOrder",
  submitted: "Order.Submitted",
  queued: "Order.Queued",
  accepted: "Order.Accepted",
  unaccepted: "Order.Unaccepted",
  ready: "Order.Ready",
  completed: "Order.Completed",
  cancelled: "Order.Cancelled",
} as const;

export type OrderEventType = (typeof ORDER_EVENT_TYPES)[keyof typeof ORDER_EVENT_TYPES];

export const SHOP_EVENT_TYPES = {
  storeStatusChanged: "Shop.StoreStatusChanged",
  menuChanged: "Shop.MenuChanged",
  configChanged: "Shop.ConfigChanged",
} as const;

export type ShopEventType = (typeof SHOP_EVENT_TYPES)[keyof typeof SHOP_EVENT_TYPES];

/** Durable callback names in the order workflow (the `name` of each `waitForCallback`). */
export const CALLBACK_NAMES = {
  customerOrder: "customer-order",
  baristaAccept: "barista-accept",
  baristaComplete: "barista-complete",
} as const;

/** The durable function that runs one order per execution. */
export const ORDERS_WORKFLOW_FUNCTION = "orders-workflow";
