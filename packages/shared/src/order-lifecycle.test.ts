import { describe, expect, it } from "vitest";
import type { CheckedChoice, Order } from "./order.js";
import {
  type ActionInput,
  actionMove,
  CALLBACK_RESULT_SCHEMAS,
  ORDER_ACTIONS,
  ORDER_LIFECYCLE,
  type OrderAction,
  orderAfter,
  WORKFLOW_MOVES,
} from "./order-lifecycle.js";
import { ORDER_STATUSES, type OrderStatus } from "./statuses.js";

const choice: CheckedChoice = {
  drink: { id: "latte", name: "Latte", ingredients: { milk: 1, coffee: 1 } },
  modifiers: { milk: "oat" },
};
const barista = { id: "alice", staff: true };
const customer = { id: "cus_1", staff: false };

const order = (status: OrderStatus): Order => ({
  orderId: "ord_1",
  customerId: "cus_1",
  status,
  orderNumber: 7,
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
});

const input = (action: OrderAction, staff: boolean): ActionInput =>
  action === "choose" ? { actor: customer, choice } : { actor: staff ? barista : customer, choice };

/** Every status × action: the callback, the result and the status it leads to, or not allowed. */
const EXPECTED: Record<OrderStatus, Partial<Record<OrderAction, [string, string, unknown]>>> = {
  PENDING: {},
  REJECTED: {},
  AWAITING_ORDER: {
    choose: ["customer-order", "QUEUED", { action: "submit", choice }],
    cancel: ["customer-order", "CANCELLED", { action: "cancel" }],
  },
  QUEUED: {
    accept: ["barista-accept", "ACCEPTED", { action: "accept", baristaId: "alice" }],
    cancel: ["barista-accept", "CANCELLED", { action: "cancel", by: "barista" }],
  },
  ACCEPTED: {
    unaccept: ["barista-complete", "QUEUED", { action: "unaccept" }],
    complete: ["barista-complete", "READY", { action: "complete" }],
    cancel: ["barista-complete", "CANCELLED", { action: "cancel", by: "barista" }],
  },
  READY: {},
  COMPLETED: {},
  CANCELLED: {},
};

describe("the order lifecycle", () => {
  for (const status of ORDER_STATUSES) {
    for (const action of ORDER_ACTIONS) {
      const expected = EXPECTED[status][action];
      it(`${status} × ${action}: ${expected ? `${expected[0]} → ${expected[1]}` : "refused"}`, () => {
        const move = actionMove(status, action);
        if (!expected) {
          expect(move).toBeUndefined();
          expect(orderAfter(order(status), action, input(action, true))).toBeUndefined();
          return;
        }
        const [callback, leadsTo, result] = expected;
        expect(move?.callback).toBe(callback);
        expect(move?.leadsTo).toBe(leadsTo);
        const built = move?.result(input(action, true) as never);
        expect(built).toEqual(result);
        // The result is what the workflow's schema for that callback accepts.
        expect(CALLBACK_RESULT_SCHEMAS[move?.callback ?? "customer-order"].parse(built)).toEqual(
          result,
        );
        // The callback is the one the workflow waits on in that status.
        expect(ORDER_LIFECYCLE[status].waitsOn).toBe(callback);
        // The workflow writes that move from this status.
        const moves = Object.values(WORKFLOW_MOVES).filter((m) => m.to === leadsTo);
        expect(moves.some((m) => (m.from as readonly OrderStatus[]).includes(status))).toBe(true);
      });
    }
  }

  it("a customer's cancel says so; before the choice every cancel is the customer's", () => {
    expect(actionMove("QUEUED", "cancel")?.result({ actor: customer })).toEqual({
      action: "cancel",
      by: "customer",
    });
    expect(orderAfter(order("ACCEPTED"), "cancel", { actor: customer })?.reason).toBe(
      "CUSTOMER_CANCELLED",
    );
    expect(orderAfter(order("QUEUED"), "cancel", { actor: barista })?.reason).toBe(
      "BARISTA_CANCELLED",
    );
    expect(orderAfter(order("AWAITING_ORDER"), "cancel", { actor: barista })?.reason).toBe(
      "CUSTOMER_CANCELLED",
    );
  });

  it("the order after an action carries what the workflow will write with the status", () => {
    const chosen = orderAfter(order("AWAITING_ORDER"), "choose", { actor: customer, choice });
    expect(chosen).toMatchObject({
      status: "QUEUED",
      drink: "latte",
      drinkName: "Latte",
      modifiers: { milk: "oat" },
    });
    const accepted = orderAfter(order("QUEUED"), "accept", { actor: barista });
    expect(accepted).toMatchObject({ status: "ACCEPTED", baristaId: "alice" });
    const back = orderAfter(
      { ...order("ACCEPTED"), baristaId: "alice", unaccepts: 1 },
      "unaccept",
      {
        actor: barista,
      },
    );
    expect(back?.status).toBe("QUEUED");
    expect(back?.unaccepts).toBe(2);
    expect(back && "baristaId" in back).toBe(false);
    expect(orderAfter(order("ACCEPTED"), "complete", { actor: barista })?.status).toBe("READY");
  });

  it("only waiting statuses allow actions, and ended ones hold no place", () => {
    for (const status of ORDER_STATUSES) {
      const rule = ORDER_LIFECYCLE[status];
      if (Object.keys(rule.actions).length > 0) expect(rule.waitsOn).toBeDefined();
      if (rule.terminal) expect(rule.holdsQueuePlace || rule.holdsCustomerPlace).toBe(false);
    }
  });
});
