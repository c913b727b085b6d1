/**
 * The order's state changes, each one conditional write to the orders table followed by one
 * event. The workflow calls every one of them inside a step; all are safe to repeat (a retried
 * step), since a transition to the status the order already has is accepted.
 */
import type { PendingCallback } from "@coffee/data";
import {
  type CancelReason,
  checkChoice,
  type Drink,
  isTerminalStatus,
  OPEN_STATUSES,
  ORDER_EVENT_TYPES,
  type Order,
  type OrderStatus,
  type RejectReason,
  type ShopConfig,
} from "@coffee/shared";
import type { OrdersWorkflowDeps } from "./workflow-deps.js";

/** Statuses that hold a place in the queue (orders still being checked do not). */
export const QUEUE_STATUSES: readonly OrderStatus[] = ["AWAITING_ORDER", "QUEUED", "ACCEPTED"];

/** Statuses from which an order can be cancelled. */
const CANCELLABLE: readonly OrderStatus[] = ["PENDING", "AWAITING_ORDER", "QUEUED", "ACCEPTED"];

/** The customer's checked choice, as a step result. */
export interface CheckedChoice {
  drink: Pick<Drink, "id" | "name" | "ingredients">;
  modifiers: Record<string, string>;
}

export class OrderActions {
  constructor(private readonly deps: OrdersWorkflowDeps) {}

  now(): string {
    return new Date((this.deps.now ?? Date.now)()).toISOString();
  }

  nowMs(): number {
    return (this.deps.now ?? Date.now)();
  }

  async create(orderId: string, customerId: string): Promise<Order> {
    const order = await this.deps.orders.create({ orderId, customerId, now: this.now() });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.created, order);
    return order;
  }

  config(): Promise<ShopConfig> {
    return this.deps.shop.getConfig();
  }

  /** `QUEUE_FULL` when the queue, not counting this order, is at capacity. */
  async checkQueue(orderId: string, config: ShopConfig): Promise<RejectReason | undefined> {
    const inQueue = await this.deps.orders.countByStatus(QUEUE_STATUSES, {
      excludeOrderId: orderId,
      atMost: config.limits.maxOrdersInQueue,
    });
    return inQueue >= config.limits.maxOrdersInQueue ? "QUEUE_FULL" : undefined;
  }

  /** `CUSTOMER_LIMIT` when the customer's other open orders reach the limit. */
  async checkCustomer(
    orderId: string,
    customerId: string,
    config: ShopConfig,
  ): Promise<RejectReason | undefined> {
    // The order being checked is already PENDING in the table: it must not count against itself.
    const open = await this.deps.orders.countForCustomer(customerId, OPEN_STATUSES, {
      excludeOrderId: orderId,
    });
    return open >= config.limits.maxOrdersPerCustomer ? "CUSTOMER_LIMIT" : undefined;
  }

  async reject(orderId: string, reason: RejectReason): Promise<Order> {
    const order = await this.deps.orders.transition(orderId, {
      from: ["PENDING"],
      to: "REJECTED",
      now: this.now(),
      set: { reason },
      pendingCallback: null,
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.rejected, order);
    return order;
  }

  /**
   * The customer may choose: stores the callback id with the status, in one write, and the
   * execution's ARN, so that the reconciler can read the execution of an order it finds open
   * (by ARN, whatever version the execution runs on).
   */
  async awaitChoice(
    orderId: string,
    callback: PendingCallback,
    executionArn: string,
  ): Promise<void> {
    const order = await this.deps.orders.transition(orderId, {
      from: ["PENDING"],
      to: "AWAITING_ORDER",
      now: this.now(),
      pendingCallback: callback,
      executionArn,
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.awaitingOrder, order);
  }

  /** The last choice was not accepted: a new callback, same status, the customer chooses again. */
  async rechoose(orderId: string, callback: PendingCallback): Promise<void> {
    const order = await this.deps.orders.transition(orderId, {
      from: ["AWAITING_ORDER"],
      to: "AWAITING_ORDER",
      now: this.now(),
      pendingCallback: callback,
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.awaitingOrder, order);
  }

  /** Re-checks the choice against the current menu (it may have changed since the API did). */
  async checkChoice(
    drinkId: string,
    modifiers: Record<string, string>,
  ): Promise<CheckedChoice | undefined> {
    const result = checkChoice(await this.deps.shop.getMenu(), { drink: drinkId, modifiers });
    if (!result.ok) return undefined;
    // The recipe as these modifiers make it (milk "none" takes no milk).
    const { id, name } = result.drink;
    return { drink: { id, name, ingredients: result.ingredients }, modifiers: result.modifiers };
  }

  reserveStock(orderId: string, choice: CheckedChoice) {
    return this.deps.shop.reserveStock(orderId, choice.drink.ingredients);
  }

  /** Saga compensation: puts the reserved ingredients back (idempotent). */
  releaseStock(orderId: string, choice: CheckedChoice): Promise<boolean> {
    return this.deps.shop.releaseStock(orderId, choice.drink.ingredients);
  }

  /** Records the choice and the order number once the customer has submitted. */
  async submit(orderId: string, choice: CheckedChoice): Promise<Order> {
    // A retried step (say the event failed to publish, or the process died after numbering)
    // keeps the number it already wrote or claimed: no gaps among submitted orders.
    const orderNumber =
      (await this.deps.orders.get(orderId))?.orderNumber ??
      (await this.deps.shop.claimOrderNumber(orderId));
    const order = await this.deps.orders.transition(orderId, {
      from: ["AWAITING_ORDER"],
      to: "AWAITING_ORDER",
      now: this.now(),
      set: {
        orderNumber,
        drink: choice.drink.id,
        drinkName: choice.drink.name,
        modifiers: choice.modifiers,
      },
      pendingCallback: null,
    });
    await this.deps.shop.settleOrderNumber(orderId);
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.submitted, order);
    return order;
  }

  /**
   * Into the queue (first time, or back from a barista who unclaimed it); the order carries its
   * unaccepts so far, so the console can warn before the one that would cancel it.
   */
  async queue(
    orderId: string,
    callback: PendingCallback,
    requeued: boolean,
    unaccepts = 0,
  ): Promise<void> {
    const order = await this.deps.orders.transition(orderId, {
      from: ["AWAITING_ORDER", "ACCEPTED"],
      to: "QUEUED",
      now: this.now(),
      ...(unaccepts > 0 ? { set: { unaccepts } } : {}),
      remove: ["baristaId"],
      pendingCallback: callback,
    });
    await this.deps.events.publishOrderEvent(
      requeued ? ORDER_EVENT_TYPES.unaccepted : ORDER_EVENT_TYPES.queued,
      order,
    );
  }

  async accept(orderId: string, baristaId: string, callback: PendingCallback): Promise<void> {
    const order = await this.deps.orders.transition(orderId, {
      from: ["QUEUED"],
      to: "ACCEPTED",
      now: this.now(),
      set: { baristaId },
      pendingCallback: callback,
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.accepted, order);
  }

  /** The drink is made: the reserved stock is used up for good. */
  async ready(orderId: string): Promise<Order> {
    await this.deps.shop.commitStock(orderId);
    const order = await this.deps.orders.transition(orderId, {
      from: ["ACCEPTED"],
      to: "READY",
      now: this.now(),
      pendingCallback: null,
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.ready, order);
    return order;
  }

  async complete(orderId: string): Promise<Order> {
    const order = await this.deps.orders.transition(orderId, {
      from: ["READY"],
      to: "COMPLETED",
      now: this.now(),
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.completed, order);
    return order;
  }

  async cancel(orderId: string, reason: CancelReason): Promise<Order> {
    const order = await this.deps.orders.transition(orderId, {
      from: CANCELLABLE,
      to: "CANCELLED",
      now: this.now(),
      set: { reason },
      pendingCallback: null,
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.cancelled, order);
    return order;
  }

  /**
   * The workflow failed for good: the order ends `CANCELLED` with `WORKFLOW_FAILED`, from any
   * open status. Nothing is done to an order of another customer (the create step may have
   * failed on an id that was taken) or to one that already ended for another reason; a retry
   * after the write still publishes.
   */
  async fail(orderId: string, customerId: string): Promise<Order | undefined> {
    const current = await this.deps.orders.get(orderId);
    if (current?.customerId !== customerId) return undefined;
    if (isTerminalStatus(current.status) && current.reason !== "WORKFLOW_FAILED") return current;
    const order = await this.deps.orders.transition(orderId, {
      from: OPEN_STATUSES,
      to: "CANCELLED",
      now: this.now(),
      set: { reason: "WORKFLOW_FAILED" },
      pendingCallback: null,
    });
    await this.deps.events.publishOrderEvent(ORDER_EVENT_TYPES.cancelled, order);
    return order;
  }
}
