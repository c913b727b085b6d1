/** Order use cases: start, the customer's choice, barista actions, and the reads. */
import { randomBytes } from "node:crypto";
import type { Admission, AdmissionRequest } from "@coffee/data";
import {
  type ActionInput,
  type ActionMove,
  type Actor,
  actionMove,
  allows,
  type CallbackName,
  type CallbackResults,
  checkChoice,
  type OrderAction as LifecycleAction,
  newOrderId,
  OPEN_STATUSES,
  ORDER_STATUSES,
  type Order,
  type OrderChoice,
  type OrderStatus,
  orderAfter,
  orderTerms,
  type PublicOrder,
  publicOrder,
} from "@coffee/shared";
import { ApiError, invalidState } from "../api-error.js";
import type { AppDeps, StoredOrder } from "../app-deps.js";
import { isStaff, type Principal } from "../auth/principal.js";
import { enforceLimit } from "../rate-limiter.js";
import { orderWorkflowInput } from "../workflow/order-workflow-input.js";

/** What staff and customers do to an order through `POST /orders/:id/{action}`. */
export type OrderAction = Exclude<LifecycleAction, "choose">;

/** An order in these statuses is still waiting for its customer's choice. */
const CHOOSING: readonly OrderStatus[] = ORDER_STATUSES.filter(
  (s) => s === "PENDING" || allows(s, "choose"),
);

const actorOf = (p: Principal): Actor => ({ id: p.id, staff: isStaff(p) });

/**
 * An action's answer: the order as the action leads it (the lifecycle's status and fields),
 * marked `pending` because the workflow writes it after this answer.
 */
function pendingAfter<A extends LifecycleAction>(
  order: Order,
  action: A,
  input: ActionInput<A>,
): PublicOrder {
  return publicOrder(orderAfter(order, action, input) ?? order, true);
}

export function createOrderHandlers(deps: AppDeps) {
  /** 404 if unknown; 403 if a customer asks about someone else's order. */
  function visible(
    principal: Principal,
    orderId: string,
    record: StoredOrder | undefined,
  ): StoredOrder {
    if (!record) throw new ApiError("NOT_FOUND", `no order ${orderId}`);
    if (!isStaff(principal) && record.order.customerId !== principal.id) {
      throw new ApiError("FORBIDDEN", "this order belongs to another customer");
    }
    return record;
  }

  async function load(principal: Principal, orderId: string): Promise<StoredOrder> {
    return visible(principal, orderId, await deps.orders.getRecord(orderId));
  }

  /**
   * The order and the menu its choice is checked against: the menu this process keeps, else both
   * in one read.
   */
  async function loadWithMenu(principal: Principal, orderId: string) {
    const kept = deps.shop.keptMenu?.();
    if (kept || !deps.orders.getRecordWithMenu) {
      const record = await load(principal, orderId);
      return { record, menu: () => kept ?? deps.shop.getMenu() };
    }
    const { record, menu } = await deps.orders.getRecordWithMenu(orderId);
    deps.shop.menuRead?.(menu);
    return { record: visible(principal, orderId, record), menu: async () => menu };
  }

  /** Admits a start under the config this process keeps, read again only once it changed. */
  async function admit(request: Omit<AdmissionRequest, "maxOrdersPerCustomer" | "terms">) {
    let config = await (deps.shop.admissionConfig?.() ?? deps.shop.getConfig());
    for (let attempt = 1; ; attempt++) {
      const terms = orderTerms(config);
      const admission = await deps.admission.admit({
        ...request,
        maxOrdersPerCustomer: config.limits.maxOrdersPerCustomer,
        terms,
        fromStoredConfig: true,
      });
      if (admission.admitted || admission.reason !== "CONFIG_CHANGED" || !admission.config) {
        return { admission, terms };
      }
      config = admission.config;
      deps.shop.configChanged?.(config);
      if (attempt >= 3) throw new Error("the shop's config changed under three starts in a row");
    }
  }

  /** Completes the callback the order is waiting on, or 409 if it is not waiting on `name`. */
  async function complete<C extends CallbackName>(
    record: StoredOrder,
    name: C,
    result: CallbackResults[C],
    what: string,
  ) {
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

  /** Completes the callback `move` names with the result the lifecycle builds from `input`. */
  function completeMove<A extends LifecycleAction>(
    record: StoredOrder,
    move: ActionMove<A>,
    input: ActionInput<A>,
    what: string,
  ) {
    return complete(record, move.callback, move.result(input), what);
  }

  /**
   * Starts a stored order that is still PENDING: its first start may have stored it and died
   * before `Invoke`. The same name and payload, derived from the stored order, is the same
   * execution, so this can only start what should already have started.
   */
  async function startIfPending(record: StoredOrder) {
    if (record.order.status === "PENDING") {
      await deps.workflow.startOrder(orderWorkflowInput(record));
    }
  }

  /**
   * Why a start was refused, as the API's error. A retry (the order id is taken by the order its
   * first try stored) and a customer's double tap get that order.
   */
  async function refused(
    admission: Extract<Admission, { admitted: false }>,
    customer: Principal,
    principal: Principal | undefined,
  ) {
    switch (admission.reason) {
      case "TOKEN_INVALID":
        throw new ApiError("TOKEN_INVALID", "this is not a valid QR code token");
      case "TOKEN_EXPIRED":
        throw new ApiError("TOKEN_EXPIRED", "this QR code has expired; scan the current one");
      case "TOKEN_EXHAUSTED":
        throw new ApiError(
          "TOKEN_EXHAUSTED",
          "this QR code has been used for all its drinks; scan the new one",
        );
      case "STORE_CLOSED":
        throw new ApiError("STORE_CLOSED", "the shop is closed; no drink was used from the code");
      case "QUEUE_FULL":
        throw new ApiError(
          "QUEUE_FULL",
          "the queue is full; try again in a few minutes (no drink was used from the code)",
        );
      case "ORDER_EXISTS": {
        // A retry of a start whose answer was lost: same id, same order, same execution.
        const { existing } = admission;
        if (!existing) throw new ApiError("ORDER_EXISTS", "this order id is taken");
        // Still PENDING: the first try may have stored the order and died before `Invoke`.
        // Invoke again, whoever retries (the lost answer may have held the customer's only
        // session).
        await startIfPending(existing);
        if (!principal || existing.order.customerId !== principal.id) {
          throw new ApiError("ORDER_EXISTS", `order ${existing.order.orderId} already exists`, {
            details: { status: existing.order.status },
          });
        }
        return {
          orderId: existing.order.orderId,
          customerToken: await deps.sessions.sign(principal),
        };
      }
      case "CONFIG_CHANGED":
        // `admit` reads the stored config and tries again.
        throw new Error("admission refused a start under a config it then found unchanged");
      case "CUSTOMER_LIMIT": {
        const open = await Promise.all(
          (admission.openOrderIds ?? []).map((id) => deps.orders.getRecord(id)),
        );
        // An order still waiting for this customer's choice is the one they meant to start.
        const choosing = open.find((r) => r && CHOOSING.includes(r.order.status));
        if (choosing) {
          await startIfPending(choosing);
          return {
            orderId: choosing.order.orderId,
            customerToken: await deps.sessions.sign(customer),
          };
        }
        const current = open.find((r) => r !== undefined)?.order;
        throw new ApiError(
          "CUSTOMER_LIMIT",
          "you already have an open order; it is shown instead of a new one",
          { details: current ? { orderId: current.orderId, status: current.status } : {} },
        );
      }
    }
  }

  return {
    async start(
      principal: Principal | undefined,
      body: { token: string; orderId?: string | undefined },
      ip: string,
      /** Called with the customer's session as soon as their order is stored. */
      onSession?: (customerToken: string) => void,
    ): Promise<{ orderId: string; customerToken: string }> {
      if (principal && isStaff(principal)) {
        throw new ApiError("FORBIDDEN", "orders are started by customers, from the QR code");
      }
      enforceLimit(deps.limits.redeem, `ip:${ip}`);
      const customer: Principal = principal ?? {
        id: `cus_${randomBytes(12).toString("base64url")}`,
        role: "customer",
      };
      enforceLimit(deps.limits.startOrder, `customer:${customer.id}`);
      const { admission, terms } = await admit({
        orderId: body.orderId ?? newOrderId(deps.now()),
        customerId: customer.id,
        token: body.token,
        nowMs: deps.now(),
      });
      if (!admission.admitted) return refused(admission, customer, principal);
      // A crash or a failed `Invoke` here leaves the order PENDING: the client's retry (above)
      // or the pending-order reconciler starts it with this same input. The session goes with
      // the answer even when `Invoke` fails (a full disk, the runtime down), so that the retry
      // comes from the order's customer and gets the order, not ORDER_EXISTS.
      const customerToken = await deps.sessions.sign(customer);
      onSession?.(customerToken);
      await deps.workflow.startOrder(orderWorkflowInput({ order: admission.order, terms }));
      return { orderId: admission.order.orderId, customerToken };
    },

    async submit(principal: Principal, orderId: string, choice: OrderChoice): Promise<PublicOrder> {
      const { record, menu } = await loadWithMenu(principal, orderId);
      const { order } = record;
      if (order.customerId !== principal.id) {
        throw new ApiError(
          "FORBIDDEN",
          "only the customer who started the order chooses the drink",
        );
      }
      const move = actionMove(order.status, "choose");
      if (!move) throw invalidState(order.status, "cannot choose a drink now");
      const check = checkChoice(await menu(), choice);
      if (!check.ok) {
        throw new ApiError("VALIDATION_FAILED", `body.${check.field}: ${check.message}`);
      }
      // The recipe as these modifiers make it (milk "none" takes no milk).
      const { id, name } = check.drink;
      const input: ActionInput<"choose"> = {
        actor: actorOf(principal),
        choice: { drink: { id, name, ingredients: check.ingredients }, modifiers: check.modifiers },
      };
      await completeMove(record, move, input, "choose a drink");
      return pendingAfter(order, "choose", input);
    },

    async act(principal: Principal, orderId: string, action: OrderAction): Promise<PublicOrder> {
      const record = await load(principal, orderId);
      const { order } = record;
      if (action !== "cancel" && !isStaff(principal)) {
        throw new ApiError("FORBIDDEN", `only a barista can ${action} an order`);
      }
      const move = actionMove(order.status, action);
      if (!move) throw invalidState(order.status, `cannot ${action} now`);
      const input: ActionInput<OrderAction> = { actor: actorOf(principal) };
      await completeMove(record, move, input, action);
      return pendingAfter(order, action, input);
    },

    async get(principal: Principal, orderId: string): Promise<PublicOrder> {
      return publicOrder((await load(principal, orderId)).order);
    },

    async queue(status: OrderStatus | undefined): Promise<PublicOrder[]> {
      const statuses = status ? [status] : OPEN_STATUSES;
      const lists = await Promise.all(statuses.map((s) => deps.orders.listByStatus(s)));
      return lists.flat().map((order) => publicOrder(order));
    },

    async mine(principal: Principal): Promise<PublicOrder[]> {
      return (await deps.orders.listByCustomer(principal.id)).map((order) => publicOrder(order));
    },
  };
}
