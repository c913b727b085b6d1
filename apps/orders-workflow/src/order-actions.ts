/**
 * The order's state changes, each one write to the tables followed by one event, which carries
 * the order as it is after the change. The workflow calls every one of them inside a step; all
 * are safe to repeat (a retried step), since a change the order already has is accepted.
 *
 * The order was admitted and stored by the API (`@coffee/data` `OrderAdmission`); the moves that
 * give back what admission took (its queue place, its customer place, its stock) are
 * settlements, one transaction each.
 */
import type { OrderFacts, PendingCallback, ReserveResult } from "@coffee/data";
import {
  type CancelReason,
  type CheckedChoice,
  isTerminalStatus,
  ORDER_EVENT_TYPES,
  type Order,
  type OrderTerms,
  orderTerms,
  WORKFLOW_MOVES,
} from "@coffee/shared";
import type { OrdersWorkflowDeps } from "./workflow-deps.js";
import { OrdersWorkflowError } from "./workflow-error.js";

export class OrderActions {
  constructor(private readonly deps: OrdersWorkflowDeps) {}

  now(): string {
    return new Date(this.nowMs()).toISOString();
  }

  nowMs(): number {
    return (this.deps.now ?? Date.now)();
  }

  /**
   * For an order stored before its terms were kept on it: today's config as its terms, and its
   * creation time from the table.
   */
  async storedTerms(orderId: string): Promise<{ terms: OrderTerms; createdAt: string }> {
    const [order, config] = await Promise.all([
      this.deps.orders.get(orderId),
      this.deps.shop.getConfig(),
    ]);
    if (!order) throw new OrdersWorkflowError("INVALID_INPUT", `no order ${orderId}`);
    return { terms: orderTerms(config), createdAt: order.createdAt };
  }

  /**
   * The customer may choose: stores the callback id with the status, in one write, and the
   * execution's ARN, so that the reconciler can read the execution of an order it finds open
   * (by ARN, whatever version the execution runs on).
   */
  async awaitChoice(orderId: string, callback: PendingCallback, executionArn: string) {
    const order = await this.deps.orders.transition(orderId, {
      ...WORKFLOW_MOVES.awaitChoice,
      now: this.now(),
      pendingCallback: callback,
      executionArn,
    });
    await this.#publish(ORDER_EVENT_TYPES.awaitingOrder, order);
  }

  /** The last choice was not accepted: a new callback, same status, the customer chooses again. */
  async rechoose(orderId: string, callback: PendingCallback): Promise<void> {
    const order = await this.deps.orders.transition(orderId, {
      ...WORKFLOW_MOVES.rechoose,
      now: this.now(),
      pendingCallback: callback,
    });
    await this.#publish(ORDER_EVENT_TYPES.awaitingOrder, order);
  }

  /** Takes the drink's stock and numbers the order, in one write (or answers what is missing). */
  reserveStock(orderId: string, choice: CheckedChoice): Promise<ReserveResult> {
    return this.deps.shop.reserveStock(orderId, choice.drink.ingredients);
  }

  /** Saga compensation on the failure path: puts the reserved stock back if it is still held. */
  releaseStock(orderId: string, choice: CheckedChoice): Promise<boolean> {
    return this.deps.shop.releaseStock(orderId, choice.drink.ingredients);
  }

  /**
   * Into the queue, with the choice and the number (first time), or back from a barista who
   * unclaimed it; the order carries its unaccepts so far, so the console can warn before the one
   * that would cancel it.
   */
  async queue(order: OrderFacts, callback: PendingCallback, requeued: boolean): Promise<void> {
    const queued = await this.deps.orders.transition(order.orderId, {
      ...WORKFLOW_MOVES.queue,
      now: this.now(),
      set: {
        orderNumber: order.orderNumber,
        drink: order.drink,
        drinkName: order.drinkName,
        modifiers: order.modifiers,
        unaccepts: order.unaccepts,
      },
      remove: ["baristaId"],
      pendingCallback: callback,
    });
    await this.#publish(requeued ? ORDER_EVENT_TYPES.unaccepted : ORDER_EVENT_TYPES.queued, queued);
  }

  async accept(orderId: string, baristaId: string, callback: PendingCallback): Promise<void> {
    const order = await this.deps.orders.transition(orderId, {
      ...WORKFLOW_MOVES.accept,
      now: this.now(),
      set: { baristaId },
      pendingCallback: callback,
    });
    await this.#publish(ORDER_EVENT_TYPES.accepted, order);
  }

  /** The drink is made: its stock is used up for good, and its queue place is free. */
  async ready(order: OrderFacts): Promise<void> {
    await this.#publish(
      ORDER_EVENT_TYPES.ready,
      await this.deps.settlement.markReady(order, this.now()),
    );
  }

  async complete(order: OrderFacts): Promise<void> {
    await this.#publish(
      ORDER_EVENT_TYPES.completed,
      await this.deps.settlement.complete(order, this.now()),
    );
  }

  /** Cancels an open order; `stock` is what it holds, given back in the same write. */
  async cancel(order: OrderFacts, reason: CancelReason, stock?: CheckedChoice): Promise<void> {
    const cancelled = await this.deps.settlement.close(order, {
      from: WORKFLOW_MOVES.cancel.from,
      reason,
      now: this.now(),
      releaseStock: stock?.drink.ingredients,
    });
    await this.#publish(ORDER_EVENT_TYPES.cancelled, cancelled);
  }

  /**
   * The workflow failed for good: the order ends `CANCELLED` with `WORKFLOW_FAILED`, from any
   * open status. Nothing is done to an order of another customer or to one that already ended
   * for another reason; a retry after the write still publishes.
   */
  async fail(orderId: string, customerId: string): Promise<Order | undefined> {
    const current = await this.deps.orders.get(orderId);
    if (current?.customerId !== customerId) return undefined;
    let order = current;
    if (!isTerminalStatus(current.status)) {
      const { status: from, updatedAt: _, reason: __, ...facts } = current;
      order = await this.deps.settlement.close(facts, {
        from: [from],
        reason: "WORKFLOW_FAILED",
        now: this.now(),
      });
    } else if (current.reason !== "WORKFLOW_FAILED") return current;
    await this.#publish(ORDER_EVENT_TYPES.cancelled, order);
    return order;
  }

  #publish(type: (typeof ORDER_EVENT_TYPES)[keyof typeof ORDER_EVENT_TYPES], order: Order) {
    return this.deps.events.publishOrderEvent(type, order);
  }
}
