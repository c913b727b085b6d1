/** The order record, the workflow's input, and the payloads that complete its callbacks. */
import { z } from "zod";
import { DEFAULT_LIMITS, timeoutsSchema } from "./config.js";
import { orderIdSchema } from "./ids.js";
import { CANCEL_REASONS, ORDER_STATUSES, REJECT_REASONS } from "./statuses.js";

export const orderStatusSchema = z.enum(ORDER_STATUSES);
export const orderEndReasonSchema = z.enum([...REJECT_REASONS, ...CANCEL_REASONS]);

/** Anonymous customer id (from the device session) or staff user name. */
export const principalIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "invalid id");

export const orderSchema = z.object({
  orderId: orderIdSchema,
  customerId: principalIdSchema,
  status: orderStatusSchema,
  orderNumber: z.number().int().positive().optional(),
  drink: z.string().optional(),
  drinkName: z.string().optional(),
  modifiers: z.record(z.string(), z.string()).optional(),
  baristaId: principalIdSchema.optional(),
  /** Times a barista put the order back in the queue (one past `limits.maxUnaccepts` cancels). */
  unaccepts: z.number().int().min(0).optional(),
  reason: orderEndReasonSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Order = z.infer<typeof orderSchema>;

/**
 * The terms an order runs under, fixed when it is admitted: the timeouts of its waits and how
 * often it may go back to the queue. Kept on the order and passed to its workflow, so the
 * workflow reads no configuration, and a change of config applies to new orders only.
 */
export const orderTermsSchema = timeoutsSchema.extend({
  maxUnaccepts: z.number().int().min(0).max(20),
});
export type OrderTerms = z.infer<typeof orderTermsSchema>;

/** The terms of a new order under `config`. */
export function orderTerms(config: {
  timeouts: z.infer<typeof timeoutsSchema>;
  limits: { maxUnaccepts?: number | undefined };
}): OrderTerms {
  return {
    ...config.timeouts,
    maxUnaccepts: config.limits.maxUnaccepts ?? DEFAULT_LIMITS.maxUnaccepts,
  };
}

/**
 * What the workflow is started with; the execution name is the order id. `createdAt` and `terms`
 * are absent only for orders stored before they were passed (the workflow then reads them).
 */
export const orderWorkflowInputSchema = z.object({
  orderId: orderIdSchema,
  customerId: principalIdSchema,
  createdAt: z.string().optional(),
  terms: orderTermsSchema.optional(),
});
export type OrderWorkflowInput = z.infer<typeof orderWorkflowInputSchema>;

/**
 * A choice the API has checked against the menu: the drink as the menu had it (its name and the
 * stock it takes) and the modifiers chosen. The workflow reserves exactly this.
 */
export const checkedChoiceSchema = z.object({
  drink: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    ingredients: z.record(z.string(), z.number().int().min(0)),
  }),
  modifiers: z.record(z.string(), z.string()),
});
export type CheckedChoice = z.infer<typeof checkedChoiceSchema>;

/** Result of `customer-order`: the customer's (already menu-checked) choice, or a cancel. */
export const customerOrderResultSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("submit"), choice: checkedChoiceSchema }),
  z.object({ action: z.literal("cancel") }),
]);
export type CustomerOrderResult = z.infer<typeof customerOrderResultSchema>;

/** Result of `barista-accept`: a barista claims the order, or cancels it (barista or customer). */
export const baristaAcceptResultSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), baristaId: principalIdSchema }),
  z.object({ action: z.literal("cancel"), by: z.enum(["customer", "barista"]) }),
]);
export type BaristaAcceptResult = z.infer<typeof baristaAcceptResultSchema>;

/** Result of `barista-complete`: done, back to the queue, or cancelled. */
export const baristaCompleteResultSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("complete") }),
  z.object({ action: z.literal("unaccept") }),
  z.object({ action: z.literal("cancel"), by: z.enum(["customer", "barista"]) }),
]);
export type BaristaCompleteResult = z.infer<typeof baristaCompleteResultSchema>;

/**
 * The order as clients see it, in every API answer and every `coffee.orders` event (the order as
 * it is after the change): the record's public fields, never a callback id. `pending: true`
 * marks an action's answer whose status is the one the action leads to (`order-lifecycle.ts`)
 * and that the workflow has not written yet.
 */
export const publicOrderSchema = orderSchema.extend({ pending: z.literal(true).optional() });
export type PublicOrder = z.infer<typeof publicOrderSchema>;

const PUBLIC_ORDER_FIELDS = Object.keys(publicOrderSchema.shape) as (keyof PublicOrder)[];

/** The public fields of `order` only, so anything else a record or an event carries stays out. */
export function publicOrder(order: Order, pending?: true): PublicOrder {
  const view: Record<string, unknown> = {};
  for (const field of PUBLIC_ORDER_FIELDS) {
    const value = (order as Record<string, unknown>)[field];
    if (value !== undefined) view[field] = value;
  }
  if (pending) view.pending = true;
  else delete view.pending;
  return view as PublicOrder;
}

/** The workflow's final result. */
export const orderOutcomeSchema = z.object({
  orderId: orderIdSchema,
  status: z.enum(["REJECTED", "COMPLETED", "CANCELLED"]),
  orderNumber: z.number().int().positive().optional(),
  reason: orderEndReasonSchema.optional(),
});
export type OrderOutcome = z.infer<typeof orderOutcomeSchema>;
