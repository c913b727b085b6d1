/** @coffee/shared: the shop's domain vocabulary, used by every other package. */
export {
  DEFAULT_LIMITS,
  DEFAULT_TIMEOUTS,
  type Limits,
  limitsSchema,
  type PublicConfig,
  publicConfigSchema,
  type ShopConfig,
  shopConfigSchema,
  type Timeouts,
  timeoutsSchema,
} from "./config.js";
export {
  CALLBACK_NAMES,
  ORDER_EVENT_SOURCE,
  ORDER_EVENT_TYPES,
  ORDERS_WORKFLOW_FUNCTION,
  type OrderEventType,
  SHOP_EVENT_SOURCE,
  SHOP_EVENT_TYPES,
  type ShopEventType,
} from "./events.js";
export {
  EXECUTION_NAME_PATTERN,
  newOrderId,
  type OrderId,
  orderIdSchema,
  orderIdTime,
} from "./ids.js";
export {
  type ChoiceCheck,
  checkChoice,
  type Drink,
  drinkSchema,
  type Ingredients,
  ingredientsFor,
  type Menu,
  type Modifier,
  menuSchema,
  modifierSchema,
  type OrderChoice,
  orderChoiceSchema,
  type Stock,
  stockSchema,
} from "./menu.js";
export {
  type BaristaAcceptResult,
  type BaristaCompleteResult,
  baristaAcceptResultSchema,
  baristaCompleteResultSchema,
  type CustomerOrderResult,
  customerOrderResultSchema,
  type Order,
  type OrderEventDetail,
  type OrderOutcome,
  type OrderWorkflowInput,
  orderEndReasonSchema,
  orderEventDetailSchema,
  orderOutcomeSchema,
  orderSchema,
  orderStatusSchema,
  orderWorkflowInputSchema,
  principalIdSchema,
} from "./order.js";
export { type DescribedOrder, describeOrder, meansNone } from "./order-description.js";
export { SEED_CONFIG, SEED_MENU, SEED_STOCK } from "./seed.js";
export {
  CANCEL_REASONS,
  type CancelReason,
  isTerminalStatus,
  OPEN_STATUSES,
  ORDER_STATUSES,
  type OrderEndReason,
  type OrderStatus,
  REJECT_REASONS,
  type RejectReason,
  TERMINAL_STATUSES,
} from "./statuses.js";
