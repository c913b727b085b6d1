/**
 * The order's lifecycle, in one table: for each status, whether it has ended, whether it holds a
 * queue place or a customer place, which callback the workflow waits on in it, and the actions
 * people may take in it. Each action names the callback it completes, the result it completes it
 * with (typed by the callback's schema) and the status it leads to once the workflow has written
 * it. The API's handlers, the workflow's moves, the web's status panel and the web's test fake
 * all read this table.
 */
import type { z } from "zod";
import { CALLBACK_NAMES } from "./events.js";
import {
  type BaristaAcceptResult,
  type BaristaCompleteResult,
  baristaAcceptResultSchema,
  baristaCompleteResultSchema,
  type CheckedChoice,
  type CustomerOrderResult,
  customerOrderResultSchema,
  type Order,
} from "./order.js";
import { ORDER_STATUSES, type OrderStatus } from "./statuses.js";

/** What people do to an order through the API. */
export const ORDER_ACTIONS = ["choose", "cancel", "accept", "unaccept", "complete"] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

export type CallbackName = (typeof CALLBACK_NAMES)[keyof typeof CALLBACK_NAMES];

/** The result each callback is completed with. */
export interface CallbackResults {
  "customer-order": CustomerOrderResult;
  "barista-accept": BaristaAcceptResult;
  "barista-complete": BaristaCompleteResult;
}
export type CallbackResult = CallbackResults[CallbackName];

/** The schema the workflow parses each callback's result with. */
export const CALLBACK_RESULT_SCHEMAS: { [C in CallbackName]: z.ZodType<CallbackResults[C]> } = {
  "customer-order": customerOrderResultSchema,
  "barista-accept": baristaAcceptResultSchema,
  "barista-complete": baristaCompleteResultSchema,
};

/** Who acts: staff are baristas and admins. */
export interface Actor {
  id: string;
  staff: boolean;
}

/** What an action is taken with: `choose` carries the choice the API checked against the menu. */
export type ActionInput<A extends OrderAction = OrderAction> = A extends "choose"
  ? { actor: Actor; choice: CheckedChoice }
  : { actor: Actor };

/** One action in one status: the callback it completes, with what, and where it leads. */
export type ActionMove<A extends OrderAction = OrderAction> = {
  [C in CallbackName]: {
    callback: C;
    result: (input: ActionInput<A>) => CallbackResults[C];
    /** The status the workflow writes when it takes the result (unless it ends the order). */
    leadsTo: OrderStatus;
    /** The order's other fields as the workflow writes them with `leadsTo`. */
    changes: (order: Order, input: ActionInput<A>) => OrderChanges;
  };
}[CallbackName];

/** Fields an action sets; `null` removes the field. */
export type OrderChanges = {
  [K in "drink" | "drinkName" | "modifiers" | "baristaId" | "unaccepts" | "reason"]?:
    | Order[K]
    | null;
};

export interface StatusRule {
  /** The order has ended: nothing happens to it any more. */
  terminal: boolean;
  /** Holds a place in the queue (`maxOrdersInQueue`), from admission until the drink is made. */
  holdsQueuePlace: boolean;
  /** Counts against the customer limit (`maxOrdersPerCustomer`) until it ends. */
  holdsCustomerPlace: boolean;
  /** The callback the workflow waits on while the order is in this status. */
  waitsOn?: CallbackName;
  /** The actions allowed in this status. */
  actions: { [A in OrderAction]?: ActionMove<A> };
}

const byWhom = (actor: Actor) => (actor.staff ? "barista" : "customer");
const cancelReason = (actor: Actor) =>
  actor.staff ? ("BARISTA_CANCELLED" as const) : ("CUSTOMER_CANCELLED" as const);

/** Cancelling while the workflow waits on `barista-accept` or `barista-complete`. */
function baristaCancel<C extends "barista-accept" | "barista-complete">(
  callback: C,
): ActionMove<"cancel"> {
  const move: ActionMove<"cancel"> = {
    callback,
    result: ({ actor }: ActionInput<"cancel">) => ({ action: "cancel", by: byWhom(actor) }),
    leadsTo: "CANCELLED",
    changes: (_, { actor }) => ({ reason: cancelReason(actor) }),
  };
  return move;
}

/** The table. */
export const ORDER_LIFECYCLE: { readonly [S in OrderStatus]: StatusRule } = {
  /** Admitted and stored by the API; the workflow has not started waiting yet. */
  PENDING: { terminal: false, holdsQueuePlace: true, holdsCustomerPlace: true, actions: {} },
  /** Refused at admission (closed, queue full, customer limit). */
  REJECTED: { terminal: true, holdsQueuePlace: false, holdsCustomerPlace: false, actions: {} },
  AWAITING_ORDER: {
    terminal: false,
    holdsQueuePlace: true,
    holdsCustomerPlace: true,
    waitsOn: CALLBACK_NAMES.customerOrder,
    actions: {
      choose: {
        callback: CALLBACK_NAMES.customerOrder,
        result: ({ choice }) => ({ action: "submit", choice }),
        leadsTo: "QUEUED",
        changes: (_, { choice }) => ({
          drink: choice.drink.id,
          drinkName: choice.drink.name,
          modifiers: choice.modifiers,
        }),
      },
      // Whoever cancels before the choice, the workflow records the customer's cancel.
      cancel: {
        callback: CALLBACK_NAMES.customerOrder,
        result: () => ({ action: "cancel" }),
        leadsTo: "CANCELLED",
        changes: () => ({ reason: "CUSTOMER_CANCELLED" }),
      },
    },
  },
  QUEUED: {
    terminal: false,
    holdsQueuePlace: true,
    holdsCustomerPlace: true,
    waitsOn: CALLBACK_NAMES.baristaAccept,
    actions: {
      accept: {
        callback: CALLBACK_NAMES.baristaAccept,
        result: ({ actor }) => ({ action: "accept", baristaId: actor.id }),
        leadsTo: "ACCEPTED",
        changes: (_, { actor }) => ({ baristaId: actor.id }),
      },
      cancel: baristaCancel(CALLBACK_NAMES.baristaAccept),
    },
  },
  ACCEPTED: {
    terminal: false,
    holdsQueuePlace: true,
    holdsCustomerPlace: true,
    waitsOn: CALLBACK_NAMES.baristaComplete,
    actions: {
      // One past the order's `maxUnaccepts` cancels it instead (UNACCEPT_LIMIT).
      unaccept: {
        callback: CALLBACK_NAMES.baristaComplete,
        result: () => ({ action: "unaccept" }),
        leadsTo: "QUEUED",
        changes: (order) => ({ baristaId: null, unaccepts: (order.unaccepts ?? 0) + 1 }),
      },
      complete: {
        callback: CALLBACK_NAMES.baristaComplete,
        result: () => ({ action: "complete" }),
        leadsTo: "READY",
        changes: () => ({}),
      },
      cancel: baristaCancel(CALLBACK_NAMES.baristaComplete),
    },
  },
  /** Made; waiting to be picked up (the workflow completes it after the pickup window). */
  READY: { terminal: false, holdsQueuePlace: false, holdsCustomerPlace: true, actions: {} },
  COMPLETED: { terminal: true, holdsQueuePlace: false, holdsCustomerPlace: false, actions: {} },
  CANCELLED: { terminal: true, holdsQueuePlace: false, holdsCustomerPlace: false, actions: {} },
};

const statusesWhere = (test: (rule: StatusRule) => boolean): readonly OrderStatus[] =>
  ORDER_STATUSES.filter((status) => test(ORDER_LIFECYCLE[status]));

export const TERMINAL_STATUSES = statusesWhere((rule) => rule.terminal);

export function isTerminalStatus(status: OrderStatus): boolean {
  return ORDER_LIFECYCLE[status].terminal;
}

/**
 * Statuses in which an admitted order holds a place in the queue (`maxOrdersInQueue`): from its
 * admission until the drink is made or the order ends.
 */
export const QUEUE_STATUSES = statusesWhere((rule) => rule.holdsQueuePlace);

/** Statuses in which an order counts against the customer limit (until it ends). */
export const OPEN_STATUSES = statusesWhere((rule) => rule.holdsCustomerPlace);

/** How `action` goes in `status`, or `undefined` if it is not allowed there. */
export function actionMove<A extends OrderAction>(
  status: OrderStatus,
  action: A,
): ActionMove<A> | undefined {
  return ORDER_LIFECYCLE[status].actions[action] as ActionMove<A> | undefined;
}

export function allows(status: OrderStatus, action: OrderAction): boolean {
  return ORDER_LIFECYCLE[status].actions[action] !== undefined;
}

/**
 * The moves the workflow writes, each from the statuses it may find the order in. The people's
 * moves above are among them (a test holds this); the others are the workflow's own: its first
 * wait, a new wait after a malformed choice, the pickup, and cancels on timeouts and failures.
 */
export const WORKFLOW_MOVES = {
  awaitChoice: { from: ["PENDING"], to: "AWAITING_ORDER" },
  rechoose: { from: ["AWAITING_ORDER"], to: "AWAITING_ORDER" },
  queue: { from: ["AWAITING_ORDER", "ACCEPTED"], to: "QUEUED" },
  accept: { from: ["QUEUED"], to: "ACCEPTED" },
  ready: { from: ["ACCEPTED"], to: "READY" },
  complete: { from: ["READY"], to: "COMPLETED" },
  cancel: { from: QUEUE_STATUSES, to: "CANCELLED" },
} as const satisfies Record<string, { from: readonly OrderStatus[]; to: OrderStatus }>;

/**
 * The order as an action leads it, before the workflow has written it: the status and fields
 * the table gives (an order number comes only with the stock the workflow reserves).
 */
export function orderAfter<A extends OrderAction>(
  order: Order,
  action: A,
  input: ActionInput<A>,
): Order | undefined {
  const move = actionMove(order.status, action);
  if (!move) return undefined;
  const next: Order = { ...order, status: move.leadsTo };
  const changes = move.changes(order, input);
  for (const [key, value] of Object.entries(changes) as [keyof OrderChanges, unknown][]) {
    if (value === null) delete next[key];
    else if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
