/**
 * The order workflow: one durable execution per order (execution name = order id), written only
 * against the official SDK so the same module runs on Lambda and on the local runtime.
 *
 *   create → check shop (parallel) → AWAITING_ORDER ⟶ customer-order (5 min)
 *   → reserve stock (saga) → order number → QUEUED ⟶ barista-accept (15 min)
 *   → ACCEPTED ⟶ barista-complete (15 min; unaccept loops back to QUEUED) → READY
 *   → pickup wait (10 min) → COMPLETED
 *
 * Every state change, id and clock reading happens inside a step; every cancel or timeout after
 * the reservation releases the stock in its own compensation step. Unaccepts are capped
 * (`limits.maxUnaccepts`); a step that fails for good ends the order CANCELLED (WORKFLOW_FAILED)
 * with its stock released, and then fails the execution.
 */
import {
  type DurableContext,
  type DurableExecutionHandler,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import {
  CALLBACK_NAMES,
  type CancelReason,
  DEFAULT_LIMITS,
  type OrderOutcome,
  type OrderWorkflowInput,
  orderWorkflowInputSchema,
  type RejectReason,
  type ShopConfig,
} from "@coffee/shared";
import {
  parseBaristaAccept,
  parseBaristaComplete,
  parseCustomerOrder,
} from "./callback-results.js";
import { type CheckedChoice, OrderActions } from "./order-actions.js";
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
    ...(extra.orderNumber !== undefined ? { orderNumber: extra.orderNumber } : {}),
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
  };
}

/** Step 1: the three shop checks in parallel; the first failed check (by index) wins. */
async function checkShop(
  ctx: Ctx,
  act: OrderActions,
  input: OrderWorkflowInput,
  config: ShopConfig,
): Promise<RejectReason | undefined> {
  const { orderId, customerId } = input;
  // Each branch answers a reject reason, or nothing when the check passes. "Nothing" is a
  // success: results are read by index and status, never by truthiness of the whole batch.
  const checks = await ctx.parallel<RejectReason | undefined>("check-shop", [
    {
      name: "store-open",
      func: (c) =>
        c.step("store-open", async () => (config.storeOpen ? undefined : "STORE_CLOSED")),
    },
    {
      name: "queue-capacity",
      func: (c) => c.step("queue-capacity", () => act.checkQueue(orderId, config)),
    },
    {
      name: "customer-limit",
      func: (c) => c.step("customer-limit", () => act.checkCustomer(orderId, customerId, config)),
    },
  ]);
  const items = [...checks.all].sort((a, b) => a.index - b.index);
  for (const item of items) {
    if (item.status === "FAILED") {
      throw new OrdersWorkflowError("CHECK_FAILED", `shop check ${item.index} failed`, {
        cause: item.error,
      });
    }
  }
  return items.map((item) => item.result).find((reason) => reason !== undefined);
}

type ChoiceOutcome = { choice: CheckedChoice } | { cancel: CancelReason };

/** Step 2: the customer's choice, re-checked against the menu, within one time window. */
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
    if (result) {
      const choice = await ctx.step("check-choice", () =>
        act.checkChoice(result.drink, result.modifiers),
      );
      if (choice) return { choice };
    }
    // Malformed, or no longer on the menu: the customer may choose again in what is left of
    // the window (read inside a step so replays see the same number).
    const left = await ctx.step("choice-rejected", async () =>
      Math.floor((deadlineMs - act.nowMs()) / 1000),
    );
    ctx.logger.warn("customer choice rejected", { orderId, secondsLeft: left });
    if (left < 1) return { cancel: "CUSTOMER_TIMEOUT" };
    seconds = left;
  }
}

type BaristaOutcome = { ready: true } | { cancel: CancelReason };

/** Steps 5 and 6: the queue and the barista, looping while the order is unclaimed. */
async function runBarista(
  ctx: Ctx,
  act: OrderActions,
  orderId: string,
  config: ShopConfig,
): Promise<BaristaOutcome> {
  const { baristaAcceptSeconds, baristaCompleteSeconds } = config.timeouts;
  const maxUnaccepts = config.limits.maxUnaccepts ?? DEFAULT_LIMITS.maxUnaccepts;
  let unaccepts = 0;
  let requeued = false;
  for (;;) {
    const wasRequeued: boolean = requeued;
    const unacceptsSoFar = unaccepts;
    const accept = await waitFor(ctx, CALLBACK_NAMES.baristaAccept, baristaAcceptSeconds, (id) =>
      act.queue(
        orderId,
        { name: CALLBACK_NAMES.baristaAccept, callbackId: id },
        wasRequeued,
        unacceptsSoFar,
      ),
    );
    if ("timedOut" in accept) return { cancel: "BARISTA_ACCEPT_TIMEOUT" };
    if ("failed" in accept) return { cancel: "BARISTA_CANCELLED" };
    const claim = parseBaristaAccept(accept.raw);
    if (!claim) {
      ctx.logger.warn("malformed barista-accept result ignored", { orderId });
      requeued = wasRequeued;
      continue;
    }
    if (claim.action === "cancel") {
      return { cancel: claim.by === "customer" ? "CUSTOMER_CANCELLED" : "BARISTA_CANCELLED" };
    }

    let done: ReturnType<typeof parseBaristaComplete>;
    let completion: Waited;
    do {
      completion = await waitFor(
        ctx,
        CALLBACK_NAMES.baristaComplete,
        baristaCompleteSeconds,
        (id) =>
          act.accept(orderId, claim.baristaId, {
            name: CALLBACK_NAMES.baristaComplete,
            callbackId: id,
          }),
      );
      if ("timedOut" in completion) return { cancel: "BARISTA_TIMEOUT" };
      if ("failed" in completion) return { cancel: "BARISTA_CANCELLED" };
      done = parseBaristaComplete(completion.raw);
      if (!done) ctx.logger.warn("malformed barista-complete result ignored", { orderId });
    } while (!done);

    if (done.action === "complete") return { ready: true };
    if (done.action === "cancel") {
      return { cancel: done.by === "customer" ? "CUSTOMER_CANCELLED" : "BARISTA_CANCELLED" };
    }
    // Unaccept: back to the queue, waiting for any barista again. An order that keeps bouncing
    // is cancelled instead of looping until the execution times out (which would leave it open
    // with its stock held): the customer is told, and the stock goes back.
    unaccepts += 1;
    if (unaccepts > maxUnaccepts) return { cancel: "UNACCEPT_LIMIT" };
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
  const { orderId } = input;
  await ctx.step("create-order", async () => {
    await act.create(orderId, input.customerId);
  });
  const { config, startedAtMs } = await ctx.step("load-config", async () => ({
    config: await act.config(),
    startedAtMs: act.nowMs(),
  }));

  const rejected = await checkShop(ctx, act, input, config);
  if (rejected) {
    await ctx.step("reject-order", () => act.reject(orderId, rejected));
    return outcome(orderId, "REJECTED", { reason: rejected });
  }

  const { customerOrderSeconds } = config.timeouts;
  const chosen = await awaitChoice(
    ctx,
    act,
    orderId,
    startedAtMs + customerOrderSeconds * 1000,
    customerOrderSeconds,
  );
  if ("cancel" in chosen) {
    await ctx.step("cancel-order", () => act.cancel(orderId, chosen.cancel));
    return outcome(orderId, "CANCELLED", { reason: chosen.cancel });
  }
  const { choice } = chosen;

  // Known to the failure path before the reservation: a reserve step that fails for good may
  // still have reserved (releasing what is not held is a no-op).
  saga.choice = choice;
  const reserved = await ctx.step("reserve-stock", () => act.reserveStock(orderId, choice));
  if (!reserved.ok) {
    await ctx.step("cancel-order", () => act.cancel(orderId, "OUT_OF_STOCK"));
    return outcome(orderId, "CANCELLED", { reason: "OUT_OF_STOCK" });
  }

  // From here on the stock is held: every way out that is not READY gives it back.
  // Numbered only now: an abandoned or rejected order never uses up a number.
  const { orderNumber } = await ctx.step("assign-order-number", () => act.submit(orderId, choice));
  const barista = await runBarista(ctx, act, orderId, config);
  if ("cancel" in barista) {
    const reason = barista.cancel;
    await ctx.step("release-stock", () => act.releaseStock(orderId, choice));
    await ctx.step("cancel-order", () => act.cancel(orderId, reason));
    return outcome(orderId, "CANCELLED", { orderNumber, reason });
  }

  await ctx.step("mark-ready", () => act.ready(orderId));
  await ctx.wait("pickup-window", { seconds: config.timeouts.pickupSeconds });
  await ctx.step("complete-order", () => act.complete(orderId));
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
