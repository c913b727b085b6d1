/**
 * The order workflow: one durable execution per order (execution name = order id), written only
 * against the official SDK so the same module runs on Lambda and on the local runtime.
 *
 *   (admitted by the API) PENDING → AWAITING_ORDER ⟶ customer-order (5 min)
 *   → reserve stock + order number (saga) → QUEUED ⟶ barista-accept (15 min)
 *   → ACCEPTED ⟶ barista-complete (15 min; unaccept loops back to QUEUED) → READY
 *   → pickup wait (10 min) → COMPLETED
 *
 * The API admits the order before the execution starts: one transaction checks the shop is
 * open, takes a queue place and a customer place, spends the QR code's drink and stores the
 * order with its terms (the timeouts below), so the workflow reads no configuration. Every state
 * change, id and clock reading happens inside a step; every cancel or timeout after the
 * reservation puts the stock back in the same write that cancels. Unaccepts are capped
 * (`maxUnaccepts`); a step that fails for good ends the order CANCELLED (WORKFLOW_FAILED) with
 * its stock released, and then fails the execution.
 */
import {
  type DurableContext,
  type DurableExecutionHandler,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import type { OrderFacts } from "@coffee/data";
import {
  CALLBACK_NAMES,
  type CancelReason,
  type CheckedChoice,
  type OrderOutcome,
  type OrderTerms,
  type OrderWorkflowInput,
  orderWorkflowInputSchema,
} from "@coffee/shared";
import {
  parseBaristaAccept,
  parseBaristaComplete,
  parseCustomerOrder,
} from "./callback-results.js";
import { OrderActions } from "./order-actions.js";
import { type DepsSource, resolveDeps } from "./workflow-deps.js";
import { OrdersWorkflowError } from "./workflow-error.js";

type Ctx = DurableContext;

/** A callback that ended without a result: it timed out, or the API reported a failure. */
type Waited = { raw: string } | { timedOut: true } | { failed: true };

/** Waits for a callback; a timeout or an external failure becomes a value, not an exception. */
async function waitFor(
  ctx: Ctx,
  name: string,
  timeoutSeconds: number,
  submit: (callbackId: string) => Promise<void>,
): Promise<Waited> {
  try {
    const raw = await ctx.waitForCallback<string>(name, (callbackId) => submit(callbackId), {
      timeout: { seconds: timeoutSeconds },
    });
    return { raw };
  } catch (error) {
    // Matched by errorType, not instanceof: errors rebuilt on replay may come from another copy
    // of the SDK than the one this module imported.
    const type = (error as { errorType?: string }).errorType;
    if (type === "CallbackTimeoutError") return { timedOut: true };
    if (type === "CallbackExternalError") return { failed: true };
    throw error;
  }
}

function outcome(
  orderId: string,
  status: OrderOutcome["status"],
  extra: { orderNumber?: number | undefined; reason?: OrderOutcome["reason"] } = {},
): OrderOutcome {
  return {
    orderId,
    status,
    orderNumber: extra.orderNumber,
    reason: extra.reason,
  };
}

type ChoiceOutcome = { choice: CheckedChoice } | { cancel: CancelReason };

/** Step 1: the customer's choice (checked against the menu by the API), within one time window. */
async function awaitChoice(
  ctx: Ctx,
  act: OrderActions,
  orderId: string,
  deadlineMs: number,
  timeoutSeconds: number,
): Promise<ChoiceOutcome> {
  let seconds = timeoutSeconds;
  let first = true;
  for (;;) {
    const isFirst = first;
    const waited = await waitFor(ctx, CALLBACK_NAMES.customerOrder, seconds, async (callbackId) => {
      const callback = { name: CALLBACK_NAMES.customerOrder, callbackId };
      if (isFirst)
        await act.awaitChoice(orderId, callback, ctx.executionContext.durableExecutionArn);
      else await act.rechoose(orderId, callback);
    });
    first = false;
    if ("timedOut" in waited) return { cancel: "CUSTOMER_TIMEOUT" };
    if ("failed" in waited) return { cancel: "CUSTOMER_CANCELLED" };
    const result = parseCustomerOrder(waited.raw);
    if (result?.action === "cancel") return { cancel: "CUSTOMER_CANCELLED" };
    if (result) return { choice: result.choice };
    // Malformed: the customer may choose again in what is left of the window (read inside a
    // step so replays see the same number).
    const left = await ctx.step("choice-rejected", async () =>
      Math.floor((deadlineMs - act.nowMs()) / 1000),
    );
    ctx.logger.warn("customer choice rejected", { orderId, secondsLeft: left });
    if (left < 1) return { cancel: "CUSTOMER_TIMEOUT" };
    seconds = left;
  }
}

/** How the barista part ended, with the order as it then stands (barista, unaccepts). */
type BaristaOutcome =
  | { ready: true; order: OrderFacts }
  | { cancel: CancelReason; order: OrderFacts };

/** Steps 3 and 4: the queue and the barista, looping while the order is unclaimed. */
async function runBarista(
  ctx: Ctx,
  act: OrderActions,
  order: OrderFacts,
  terms: OrderTerms,
): Promise<BaristaOutcome> {
  const { orderId } = order;
  let unaccepts = 0;
  let requeued = false;
  for (;;) {
    const wasRequeued: boolean = requeued;
    const requeuedOrder: OrderFacts = unaccepts > 0 ? { ...order, unaccepts } : order;
    const accept = await waitFor(
      ctx,
      CALLBACK_NAMES.baristaAccept,
      terms.baristaAcceptSeconds,
      (id) =>
        act.queue(
          requeuedOrder,
          { name: CALLBACK_NAMES.baristaAccept, callbackId: id },
          wasRequeued,
        ),
    );
    if ("timedOut" in accept) return { cancel: "BARISTA_ACCEPT_TIMEOUT", order: requeuedOrder };
    if ("failed" in accept) return { cancel: "BARISTA_CANCELLED", order: requeuedOrder };
    const claim = parseBaristaAccept(accept.raw);
    if (!claim) {
      ctx.logger.warn("malformed barista-accept result ignored", { orderId });
      requeued = wasRequeued;
      continue;
    }
    if (claim.action === "cancel") {
      const reason = claim.by === "customer" ? "CUSTOMER_CANCELLED" : "BARISTA_CANCELLED";
      return { cancel: reason, order: requeuedOrder };
    }
    const { baristaId } = claim;
    const accepted: OrderFacts = { ...requeuedOrder, baristaId };

    let done: ReturnType<typeof parseBaristaComplete>;
    let completion: Waited;
    do {
      completion = await waitFor(
        ctx,
        CALLBACK_NAMES.baristaComplete,
        terms.baristaCompleteSeconds,
        (id) =>
          act.accept(orderId, baristaId, { name: CALLBACK_NAMES.baristaComplete, callbackId: id }),
      );
      if ("timedOut" in completion) return { cancel: "BARISTA_TIMEOUT", order: accepted };
      if ("failed" in completion) return { cancel: "BARISTA_CANCELLED", order: accepted };
      done = parseBaristaComplete(completion.raw);
      if (!done) ctx.logger.warn("malformed barista-complete result ignored", { orderId });
    } while (!done);

    if (done.action === "complete") return { ready: true, order: accepted };
    if (done.action === "cancel") {
      const reason = done.by === "customer" ? "CUSTOMER_CANCELLED" : "BARISTA_CANCELLED";
      return { cancel: reason, order: accepted };
    }
    // Unaccept: back to the queue, waiting for any barista again. An order that keeps bouncing
    // is cancelled instead of looping until the execution times out (which would leave it open
    // with its stock held): the customer is told, and the stock goes back.
    unaccepts += 1;
    if (unaccepts > terms.maxUnaccepts) {
      return { cancel: "UNACCEPT_LIMIT", order: accepted };
    }
    requeued = true;
  }
}

/** An error as two log fields (the SDK's errors carry the type that the history records). */
function describe(error: unknown): { errorType: string; errorMessage: string } {
  const e = error as { errorType?: string; name?: string; message?: string };
  return { errorType: e.errorType ?? e.name ?? "Error", errorMessage: e.message ?? String(error) };
}

/** What the failure path must undo: the choice whose stock may be held. */
interface Saga {
  choice?: CheckedChoice;
}

/** The order from its first step to its end; throws only when a step failed for good. */
async function runOrder(
  ctx: Ctx,
  act: OrderActions,
  input: OrderWorkflowInput,
  saga: Saga,
): Promise<OrderOutcome> {
  const { orderId, customerId } = input;
  const { terms, createdAt } =
    input.terms && input.createdAt
      ? { terms: input.terms, createdAt: input.createdAt }
      : await ctx.step("load-terms", () => act.storedTerms(orderId));
  const admitted: OrderFacts = { orderId, customerId, createdAt };

  // The customer's window runs from the admission (the order's creation).
  const chosen = await awaitChoice(
    ctx,
    act,
    orderId,
    Date.parse(createdAt) + terms.customerOrderSeconds * 1000,
    terms.customerOrderSeconds,
  );
  if ("cancel" in chosen) {
    await ctx.step("cancel-order", () => act.cancel(admitted, chosen.cancel));
    return outcome(orderId, "CANCELLED", { reason: chosen.cancel });
  }
  const { choice } = chosen;

  // Known to the failure path before the reservation: a reserve step that fails for good may
  // still have reserved (releasing what is not held is a no-op).
  saga.choice = choice;
  // The number comes with the stock: an abandoned or out-of-stock order never uses one up.
  const reserved = await ctx.step("reserve-stock", () => act.reserveStock(orderId, choice));
  if (!reserved.ok) {
    await ctx.step("cancel-order", () => act.cancel(admitted, "OUT_OF_STOCK"));
    return outcome(orderId, "CANCELLED", { reason: "OUT_OF_STOCK" });
  }

  // From here on the stock is held: every way out that is not READY gives it back.
  const { orderNumber } = reserved;
  const queued: OrderFacts = {
    ...admitted,
    orderNumber,
    drink: choice.drink.id,
    drinkName: choice.drink.name,
    modifiers: choice.modifiers,
  };
  const barista = await runBarista(ctx, act, queued, terms);
  const made = barista.order;
  if ("cancel" in barista) {
    const reason = barista.cancel;
    await ctx.step("cancel-order", () => act.cancel(made, reason, choice));
    return outcome(orderId, "CANCELLED", { orderNumber, reason });
  }

  await ctx.step("mark-ready", () => act.ready(made));
  await ctx.wait("pickup-window", { seconds: terms.pickupSeconds });
  await ctx.step("complete-order", () => act.complete(made));
  return outcome(orderId, "COMPLETED", { orderNumber });
}

/**
 * A step failed for good (its retries ran out) or the workflow threw: the order must not stay
 * open, holding its stock, forever. The stock goes back (a no-op when none is held or the drink
 * was made) and the order ends `CANCELLED` with `WORKFLOW_FAILED`, published like any cancel.
 * The caller then rethrows, so the execution ends FAILED: the customer sees a closed order, and
 * operators still see a failed execution (status filters, Lambda's failure metrics, alarms),
 * which returning a CANCELLED outcome would have hidden as a success.
 */
async function failOrder(
  ctx: Ctx,
  act: OrderActions,
  input: OrderWorkflowInput,
  saga: Saga,
  error: unknown,
): Promise<void> {
  const { orderId, customerId } = input;
  ctx.logger.error("order failed; ending it as WORKFLOW_FAILED", { orderId, ...describe(error) });
  try {
    const { choice } = saga;
    if (choice) await ctx.step("release-stock", () => act.releaseStock(orderId, choice));
    await ctx.step("fail-order", () => act.fail(orderId, customerId));
  } catch (compensation) {
    // Nothing more can be done here; the execution fails with the original error.
    ctx.logger.error("could not end the failed order", { orderId, ...describe(compensation) });
  }
}

/** Builds the durable handler around its dependencies (real AWS clients, or test wiring). */
export function createOrdersWorkflow(source: DepsSource) {
  const deps = resolveDeps(source);

  const run: DurableExecutionHandler<unknown, OrderOutcome> = async (event, ctx) => {
    const parsed = orderWorkflowInputSchema.safeParse(event);
    if (!parsed.success) {
      // No valid order id: there is no order to end.
      throw new OrdersWorkflowError(
        "INVALID_INPUT",
        `invalid order input: ${parsed.error.message}`,
      );
    }
    const input = parsed.data;
    const act = new OrderActions(deps());
    const saga: Saga = {};
    try {
      return await runOrder(ctx, act, input, saga);
    } catch (error) {
      await failOrder(ctx, act, input, saga, error);
      throw error;
    }
  };

  return withDurableExecution(run);
}
