/** Order use cases: start, the customer's choice, barista actions, and the reads. */
import { randomBytes } from "node:crypto";
import {
  CALLBACK_NAMES,
  checkChoice,
  newOrderId,
  OPEN_STATUSES,
  type OrderChoice,
  type OrderStatus,
} from "@coffee/shared";
import { ApiError, invalidState } from "../api-error.js";
import type { AppDeps, StoredOrder } from "../app-deps.js";
import { isStaff, type Principal } from "../auth/principal.js";
import { orderWorkflowInput } from "../order-workflow-input.js";
import { enforceLimit } from "../rate-limiter.js";
import { type OrderView, orderView } from "./order-view.js";

export type OrderAction = "cancel" | "accept" | "unaccept" | "complete";

/** Which callback each action completes, by the order's status, and with what result. */
const TRANSITIONS: Record<
  OrderAction,
  Partial<Record<OrderStatus, { callback: string; result: (p: Principal) => unknown }>>
> = {
  cancel: {
    AWAITING_ORDER: {
      callback: CALLBACK_NAMES.customerOrder,
      result: () => ({ action: "cancel" }),
    },
    QUEUED: {
      callback: CALLBACK_NAMES.baristaAccept,
      result: (p) => ({ action: "cancel", by: isStaff(p) ? "barista" : "customer" }),
    },
    ACCEPTED: {
      callback: CALLBACK_NAMES.baristaComplete,
      result: (p) => ({ action: "cancel", by: isStaff(p) ? "barista" : "customer" }),
    },
  },
  accept: {
    QUEUED: {
      callback: CALLBACK_NAMES.baristaAccept,
      result: (p) => ({ action: "accept", baristaId: p.id }),
    },
  },
  unaccept: {
    ACCEPTED: { callback: CALLBACK_NAMES.baristaComplete, result: () => ({ action: "unaccept" }) },
  },
  complete: {
    ACCEPTED: { callback: CALLBACK_NAMES.baristaComplete, result: () => ({ action: "complete" }) },
  },
};

export function createOrderHandlers(deps: AppDeps) {
  /** 404 if unknown; 403 if a customer asks about someone else's order. */
  async function load(principal: Principal, orderId: string): Promise<StoredOrder> {
    const record = await deps.orders.getRecord(orderId);
    if (!record) throw new ApiError("NOT_FOUND", `no order ${orderId}`);
    if (!isStaff(principal) && record.order.customerId !== principal.id) {
      throw new ApiError("FORBIDDEN", "this order belongs to another customer");
    }
    return record;
  }

  /** Completes the callback the order is waiting on, or 409 if it is not waiting on `name`. */
  async function complete(record: StoredOrder, name: string, result: unknown, what: string) {
    const { order, pendingCallback: pending } = record;
    if (!pending || pending.name !== name) {
      throw invalidState(order.status, `cannot ${what} now`);
    }
    try {
      await deps.workflow.completeCallback(pending.callbackId, result);
    } catch (error) {
      // The callback closed under us (timeout, another barista): answer with the fresh status.
      if (error instanceof ApiError && error.code === "INVALID_STATE") {
        const fresh = await deps.orders.getRecord(order.orderId);
        throw invalidState(fresh?.order.status ?? order.status, `cannot ${what} now`);
      }
      throw error;
    }
  }

  return {
    async start(
      principal: Principal | undefined,
      body: { token: string; orderId?: string | undefined },
      ip: string,
    ): Promise<{ orderId: string; customerToken: string }> {
      if (principal && isStaff(principal)) {
        throw new ApiError("FORBIDDEN", "orders are started by customers, from the QR code");
      }
      enforceLimit(deps.limits.redeem, `ip:${ip}`);
      if (body.orderId) {
        // A retry of a start whose answer was lost: same id, same order, same execution.
        const existing = (await deps.orders.getRecord(body.orderId))?.order;
        if (existing) {
          // Still PENDING: the first try may have stored the order and died before `Invoke`.
          // Invoke again, whoever retries (the lost answer may have held the customer's only
          // session): the same name and payload, derived from the stored order, is the same
          // execution, so this can only start what should already have started.
          if (existing.status === "PENDING") {
            await deps.workflow.startOrder(orderWorkflowInput(existing));
          }
          if (!principal || existing.customerId !== principal.id) {
            throw new ApiError("ORDER_EXISTS", `order ${body.orderId} already exists`, {
              details: { status: existing.status },
            });
          }
          return { orderId: existing.orderId, customerToken: await deps.sessions.sign(principal) };
        }
      }
      const customer: Principal = principal ?? {
        id: `cus_${randomBytes(12).toString("base64url")}`,
        role: "customer",
      };
      enforceLimit(deps.limits.startOrder, `customer:${customer.id}`);
      const redemption = await deps.qrTokens.redeem(body.token, deps.now());
      if (!redemption.ok) {
        if (redemption.reason === "exhausted") {
          throw new ApiError(
            "TOKEN_EXHAUSTED",
            "this QR code has been used for all its drinks; scan the new one",
          );
        }
        if (redemption.reason === "expired") {
          throw new ApiError("TOKEN_EXPIRED", "this QR code has expired; scan the current one");
        }
        throw new ApiError("TOKEN_INVALID", "this is not a valid QR code token");
      }
      const order = await deps.orders.create({
        orderId: body.orderId ?? newOrderId(deps.now()),
        customerId: customer.id,
        now: new Date(deps.now()).toISOString(),
      });
      // A crash or a failed `Invoke` here leaves the order PENDING: the client's retry (above)
      // or the pending-order reconciler starts it with this same input.
      await deps.workflow.startOrder(orderWorkflowInput(order));
      return { orderId: order.orderId, customerToken: await deps.sessions.sign(customer) };
    },

    async submit(principal: Principal, orderId: string, choice: OrderChoice): Promise<OrderView> {
      const record = await load(principal, orderId);
      const { order } = record;
      if (order.customerId !== principal.id) {
        throw new ApiError(
          "FORBIDDEN",
          "only the customer who started the order chooses the drink",
        );
      }
      if (order.status !== "AWAITING_ORDER")
        throw invalidState(order.status, "cannot choose a drink now");
      const check = checkChoice(await deps.shop.getMenu(), choice);
      if (!check.ok) {
        throw new ApiError("VALIDATION_FAILED", `body.${check.field}: ${check.message}`);
      }
      await complete(
        record,
        CALLBACK_NAMES.customerOrder,
        { action: "submit", drink: check.drink.id, modifiers: check.modifiers },
        "choose a drink",
      );
      return orderView(order);
    },

    async act(principal: Principal, orderId: string, action: OrderAction): Promise<OrderView> {
      const record = await load(principal, orderId);
      const { order } = record;
      if (action !== "cancel" && !isStaff(principal)) {
        throw new ApiError("FORBIDDEN", `only a barista can ${action} an order`);
      }
      const transition = TRANSITIONS[action][order.status];
      if (!transition) throw invalidState(order.status, `cannot ${action} now`);
      await complete(record, transition.callback, transition.result(principal), action);
      return orderView(order);
    },

    async get(principal: Principal, orderId: string): Promise<OrderView> {
      return orderView((await load(principal, orderId)).order);
    },

    async queue(status: OrderStatus | undefined): Promise<OrderView[]> {
      const statuses = status ? [status] : OPEN_STATUSES;
      const lists = await Promise.all(statuses.map((s) => deps.orders.listByStatus(s)));
      return lists.flat().map(orderView);
    },

    async mine(principal: Principal): Promise<OrderView[]> {
      return (await deps.orders.listByCustomer(principal.id)).map(orderView);
    },
  };
}
